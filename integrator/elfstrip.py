"""Owns stripping the ELF files a release image carries: llvm-strip --strip-all,
accepted only when it is safe, i.e. the loader sees exactly the same file:
the ELF header's entry point and every program header are unchanged, and so are
the file bytes of every segment (the multiboot2 header, which GRUB finds in the
first 32 KiB of the kernel, sits inside the first loadable segment). A segment
that maps the ELF header may differ only in the section-table fields (e_shoff,
e_shentsize, e_shnum, e_shstrndx), which describe what stripping removes.
Otherwise the unstripped file is shipped and the reason recorded.
"""
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

from . import proc

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")  # e_ident .. e_shstrndx
PHDR = struct.Struct("<IIQQQQQQ")  # p_type, p_flags, p_offset, p_vaddr, p_paddr,
#                                    p_filesz, p_memsz, p_align
SECTION_FIELDS = (40, 48, 58, 64)  # e_shoff; e_shentsize, e_shnum, e_shstrndx


@dataclass(frozen=True)
class Stripped:
    stripped: bool
    note: str = ""


def is_elf64(data: bytes) -> bool:
    return len(data) >= EHDR.size and data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1


def load_view(data: bytes) -> tuple | None:
    """What a loader reads: (entry, [(program header, segment file bytes)...]);
    None when the file is not a well-formed little-endian ELF64."""
    if not is_elf64(data):
        return None
    data = bytearray(data)
    data[SECTION_FIELDS[0]:SECTION_FIELDS[1]] = bytes(8)  # e_shoff
    data[SECTION_FIELDS[2]:SECTION_FIELDS[3]] = bytes(6)  # e_shentsize, e_shnum, e_shstrndx
    data = bytes(data)
    fields = EHDR.unpack_from(data)
    entry, phoff, phentsize, phnum = fields[4], fields[5], fields[9], fields[10]
    if phentsize != PHDR.size or phoff + phnum * PHDR.size > len(data):
        return None
    segments = []
    for i in range(phnum):
        ph = PHDR.unpack_from(data, phoff + i * PHDR.size)
        offset, filesz = ph[2], ph[5]
        if offset + filesz > len(data):
            return None
        segments.append((ph, data[offset:offset + filesz]))
    return entry, segments


def strip(src: Path, dst: Path, log: Path) -> Stripped:
    """Write dst: src stripped when that is safe, else an exact copy of src."""
    original = Path(src).read_bytes()
    before = load_view(original)
    if before is None:
        shutil.copyfile(src, dst)
        return Stripped(False, "not an ELF64 file")
    result = proc.run(["llvm-strip", "--strip-all", "-o", dst, src], log=log)
    after = load_view(Path(dst).read_bytes()) if result.ok and Path(dst).is_file() else None
    if after is None or after != before:
        shutil.copyfile(src, dst)
        why = ("llvm-strip failed" if not result.ok else
               "llvm-strip changed what the loader reads (entry, program headers or segments)")
        return Stripped(False, why + ": shipped unstripped")
    return Stripped(True)
