"""Owns the boot images: stage boot/kernel.elf, boot/modules/* and boot/grub/grub.cfg,
then run grub-mkrescue into images/NAME.iso (BIOS by default, BIOS+UEFI hybrid
when the scenario asks for it).

The ISO inputs are stamped with a content hash, so an unchanged scenario never
re-runs grub-mkrescue; the ISO is written to a temporary name, then renamed.
"""
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import proc
from .errors import IntegratorError
from .layout import Layout
from .toolchain import GRUB_BIOS_DIR, GRUB_EFI_DIR

SAFE_WORD = re.compile(r"^[A-Za-z0-9_=.,:/+@%-]+$")


@dataclass(frozen=True)
class ImageSpec:
    """Everything that decides the bytes of one scenario's ISO."""

    scenario: str
    kernel: Path
    cmdline: str
    modules: tuple[tuple[str, Path], ...]
    hybrid: bool


def grub_word(word: str) -> str:
    """Quote a command-line word for grub.cfg when it has characters GRUB would parse."""
    return word if SAFE_WORD.match(word) else f"'{word}'"


def grub_cfg(spec: ImageSpec) -> str:
    """The whole grub.cfg: no menu delay, no serial terminal, one multiboot2 entry."""
    args = " ".join(grub_word(w) for w in spec.cmdline.split())
    lines = ["set timeout=0", "set default=0", "",
             f'menuentry "EriX {spec.scenario}" {{',
             f"    multiboot2 /boot/kernel.elf{' ' + args if args else ''}"]
    lines += [f"    module2 /boot/modules/{name} {name}" for name, _ in spec.modules]
    lines += ["    boot", "}", ""]
    return "\n".join(lines)


def mkrescue_args(hybrid: bool) -> list[str]:
    """BIOS only: -d i386-pc. Hybrid: no -d, so grub-mkrescue takes every platform
    installed under /usr/lib/grub (i386-pc and x86_64-efi); a repeated -d keeps only
    the last one."""
    return ["grub-mkrescue"] if hybrid else ["grub-mkrescue", "-d", str(GRUB_BIOS_DIR)]


def hybrid_available() -> bool:
    return (GRUB_EFI_DIR / "modinfo.sh").is_file() and (GRUB_BIOS_DIR / "modinfo.sh").is_file()


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def inputs_hash(spec: ImageSpec) -> str:
    """Content hash of everything that goes into the ISO and how it is made."""
    parts = {"cfg": grub_cfg(spec), "mkrescue": mkrescue_args(spec.hybrid),
             "kernel": file_hash(spec.kernel),
             "modules": [[n, file_hash(p)] for n, p in spec.modules]}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def make(layout: Layout, spec: ImageSpec) -> bool:
    """Build images/NAME.iso unless its stamp matches; True when it was rebuilt."""
    work = layout.build / "images" / spec.scenario
    stamp, iso = work / "inputs.sha256", layout.iso(spec.scenario)
    digest = inputs_hash(spec)
    if iso.is_file() and stamp.is_file() and stamp.read_text().strip() == digest:
        return False
    stamp.unlink(missing_ok=True)
    stage = _stage(work, spec)
    _mkrescue(layout, spec, stage, iso, work / "grub-mkrescue.log")
    stamp.write_text(digest + "\n")
    return True


def _stage(work: Path, spec: ImageSpec) -> Path:
    stage = work / "iso"
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "boot" / "grub").mkdir(parents=True)
    shutil.copyfile(spec.kernel, stage / "boot" / "kernel.elf")
    if spec.modules:
        (stage / "boot" / "modules").mkdir()
    for name, path in spec.modules:
        shutil.copyfile(path, stage / "boot" / "modules" / name)
    (stage / "boot" / "grub" / "grub.cfg").write_text(grub_cfg(spec), encoding="utf-8")
    return stage


def _mkrescue(layout: Layout, spec: ImageSpec, stage: Path, iso: Path, log: Path) -> None:
    iso.parent.mkdir(parents=True, exist_ok=True)
    tmp = iso.with_name(f".{iso.name}.tmp")
    argv = [*mkrescue_args(spec.hybrid), "-o", tmp, stage]
    result = proc.run(argv, log=log, append=False)
    if not result.ok or not tmp.is_file():
        tmp.unlink(missing_ok=True)
        raise IntegratorError(f"grub-mkrescue for {spec.scenario} failed: read "
                              f"{layout.rel(log)}; reproduce: {proc.show(argv)}")
    os.replace(tmp, iso)
