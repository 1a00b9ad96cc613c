"""Owns the reproducible release ISO: the same staged files and SOURCE_DATE_EPOCH
give the same bytes, on BIOS (El Torito, hybrid MBR) and UEFI (an EFI system
partition image), or both.

grub-mkrescue cannot do that: it names the volume after the current time
(`--modification-date=` and a `search --fs-uuid` line built into both GRUB core
images), lets mformat pick a random FAT serial and lets mcopy stamp the EFI files
with the current time. So this module does what grub-mkrescue 2.06 does, with
every time and id fixed:

- the volume UUID (what GRUB's `search --fs-uuid` finds) is SOURCE_DATE_EPOCH as
  YYYY-MM-DD-hh-mm-ss-00, passed to xorriso as --modification-date;
- grub-mkimage builds the El Torito image (i386-pc-eltorito: biosdisk iso9660)
  and BOOTX64.EFI (part_gpt part_msdos fat part_apple iso9660), each with a
  load.cfg holding that search line (grub-mkimage output is deterministic);
- efi.img: `mformat -C -f 2880 -L 16 -N SERIAL` (serial from the epoch) and
  `mcopy -s -m` (keep the staged mtimes, which are the epoch);
- every staged file and folder gets mode 0644/0755 and mtime = the epoch;
- xorriso -as mkisofs with grub-mkrescue's boot options, then native commands:
  `-volume_date all_file_dates =EPOCH` (ctime and atime too: the staged files'
  ctimes are the copy time), `-boot_image any gpt_disk_guid=volume_date_uuid`
  (else the GPT disk and partition GUIDs are random), `-iso_nowtime =EPOCH`;
  SOURCE_DATE_EPOCH is also in the environment of every tool.

Left out compared with grub-mkrescue: HFS+ and the Apple boot files, locales,
themes and fonts (a release image boots one menu entry with no delay).
"""
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from . import proc
from .errors import IntegratorError
from .toolchain import GRUB_BIOS_DIR, GRUB_EFI_DIR

# What grub-mkrescue (grub_install_copy_files) copies from a platform folder.
GRUB_LISTS = ("command.lst", "crypto.lst", "fs.lst", "moddep.lst", "partmap.lst",
              "parttool.lst", "terminal.lst", "video.lst")
GRUB_EXTRA = ("efiemu32.o", "efiemu64.o", "modinfo.sh")
BIOS_CORE_MODULES = ("biosdisk", "iso9660")
EFI_CORE_MODULES = ("part_gpt", "part_msdos", "fat", "part_apple", "iso9660")
ELTORITO = "boot/grub/i386-pc/eltorito.img"
EFI_IMG = "efi.img"


@dataclass(frozen=True)
class IsoSpec:
    """Everything that decides the bytes of a release ISO besides the staged tree."""

    volume_id: str
    firmware: tuple[str, ...]  # bios, uefi
    epoch: int


def volume_dates(epoch: int) -> tuple[str, str]:
    """(xorriso --modification-date value, the UUID GRUB's search finds)."""
    t = time.gmtime(epoch)
    return time.strftime("%Y%m%d%H%M%S00", t), time.strftime("%Y-%m-%d-%H-%M-%S-00", t)


def volume_id(name: str) -> str:
    """An ISO 9660 volume id (d-characters, at most 32) from an appliance name."""
    text = "".join(c if c.isalnum() else "_" for c in name.upper())
    return text[:32] or "ERIX"


def fat_serial(epoch: int) -> str:
    return f"{epoch & 0xFFFFFFFF:08x}"


def load_cfg(epoch: int) -> str:
    return (f"search --fs-uuid --set=root {volume_dates(epoch)[1]}\n"
            "set prefix=(${root})/boot/grub\n")


def tool_env(epoch: int) -> dict:
    return dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), TZ="UTC", LC_ALL="C")


def mkimage_argv(platform: str, out: str, cfg: str) -> list[str]:
    if platform == "bios":
        return ["grub-mkimage", "-d", str(GRUB_BIOS_DIR), "-O", "i386-pc-eltorito",
                "-p", "/boot/grub", "-c", cfg, "-o", out, *BIOS_CORE_MODULES]
    return ["grub-mkimage", "-d", str(GRUB_EFI_DIR), "-O", "x86_64-efi", "-p", "()/boot/grub",
            "-c", cfg, "-o", out, *EFI_CORE_MODULES]


def efi_img_argvs(epoch: int, efi_dir: str, out: str) -> list[list[str]]:
    return [["mformat", "-C", "-f", "2880", "-L", "16", "-N", fat_serial(epoch), "-i", out, "::"],
            ["mcopy", "-s", "-m", "-i", out, f"{efi_dir}/efi", "::/"]]


def xorriso_argv(spec: IsoSpec, stage: str, out: str) -> list[str]:
    """xorriso -as mkisofs with grub-mkrescue's boot options (no HFS+), then the
    native commands that pin every remaining time and id."""
    moddate = volume_dates(spec.epoch)[0]
    argv = ["xorriso", "-as", "mkisofs", "-graft-points", f"--modification-date={moddate}",
            "-V", spec.volume_id, "-r"]
    if "bios" in spec.firmware:
        argv += ["-b", ELTORITO, "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
                 "--grub2-boot-info", "--grub2-mbr", str(GRUB_BIOS_DIR / "boot_hybrid.img")]
    if "uefi" in spec.firmware:
        argv += ["--efi-boot", EFI_IMG, "-efi-boot-part", "--efi-boot-image"]
    argv += ["--protective-msdos-label", "-o", out, "--sort-weight", "0", "/", "--sort-weight", "1", "/boot", stage,
             "--", "-volume_date", "all_file_dates", f"={spec.epoch}",
             "-boot_image", "any", "gpt_disk_guid=volume_date_uuid",
             "-iso_nowtime", f"={spec.epoch}"]
    return argv


def copy_grub_platform(src: Path, dst: Path) -> None:
    """The module folder GRUB loads from at run time, as grub-mkrescue copies it."""
    dst.mkdir(parents=True, exist_ok=True)
    names = sorted(p.name for p in src.iterdir() if p.suffix == ".mod")
    names += [n for n in GRUB_LISTS + GRUB_EXTRA if (src / n).is_file()]
    for name in names:
        shutil.copyfile(src / name, dst / name)


def normalize(tree: Path, epoch: int) -> None:
    """Modes 0755 (folders) / 0644 (files) and mtime = epoch for the whole tree."""
    paths = [tree] + sorted(tree.rglob("*"))
    for path in paths:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    for path in reversed(paths):  # children first: setting a folder's time last
        os.utime(path, (epoch, epoch))


def make(work: Path, stage: Path, out: Path, spec: IsoSpec, log: Path,
         show=str) -> list[list[str]]:
    """Add GRUB to the staged tree (boot/grub/grub.cfg, boot/kernel.elf and
    boot/modules/* already there) and write the ISO to `out`; the commands run.
    Every tool runs in `work` with relative paths, so nothing records where.
    `show` turns a path into what an error message names."""
    env = tool_env(spec.epoch)
    ran = []

    def run(argv):
        ran.append([str(a) for a in argv])
        result = proc.run(argv, cwd=work, log=log, env=env)
        if not result.ok:
            raise IntegratorError(f"{argv[0]} failed while making the release ISO: read "
                                  f"{show(log)}; reproduce: (cd {show(work)} && "
                                  f"{proc.show(argv)})")

    rel_stage = os.path.relpath(stage, work)
    (work / "load.cfg").write_text(load_cfg(spec.epoch), encoding="utf-8")
    if "bios" in spec.firmware:
        copy_grub_platform(GRUB_BIOS_DIR, stage / "boot/grub/i386-pc")
        run(mkimage_argv("bios", f"{rel_stage}/{ELTORITO}", "load.cfg"))
    if "uefi" in spec.firmware:
        copy_grub_platform(GRUB_EFI_DIR, stage / "boot/grub/x86_64-efi")
        efi = work / "efi"
        shutil.rmtree(efi, ignore_errors=True)
        (efi / "efi/boot").mkdir(parents=True)
        run(mkimage_argv("uefi", "efi/efi/boot/bootx64.efi", "load.cfg"))
        normalize(efi, spec.epoch)
        for argv in efi_img_argvs(spec.epoch, "efi", f"{rel_stage}/{EFI_IMG}"):
            run(argv)
    normalize(stage, spec.epoch)
    out.unlink(missing_ok=True)
    run(xorriso_argv(spec, rel_stage, os.path.relpath(out, work)))
    if not out.is_file():
        raise IntegratorError(f"xorriso wrote no ISO: read {show(log)}")
    return ran
