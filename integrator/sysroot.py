"""Owns sysroot/: the ABI headers, static libraries and pkg-config files that every
component builds against.

Library components build in dependency order with a cross file whose sysroot is a
staging folder (build/sysroot.stage), so a library sees the ones it depends on
before the set is complete. Only when every library built and installed is the
stage copied (mtimes kept) and swapped in for sysroot/ by rename; sysroot/ carries
a stamp naming its libraries, and a sysroot without the stamp is never trusted.
"""
import json
import os
import shutil
from pathlib import Path

from . import proc, toolchain
from .build import Builder
from .errors import IntegratorError
from .progress import Progress

STAMP = ".erix-sysroot.json"


def ensure_cross_files(builder: Builder) -> None:
    """Write both cross files (components: sysroot/, libraries: the stage)."""
    layout = builder.layout
    toolchain.write_if_changed(layout.cross_file, toolchain.cross_file_text(layout.sysroot))
    toolchain.write_if_changed(layout.stage_cross_file,
                               toolchain.cross_file_text(layout.sysroot_stage))


def _identity(builder: Builder) -> list:
    return [[lib.name, str(builder.source_dir(lib))] for lib in builder.manifest.libraries()]


def _read_stamp(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("libraries")
    except (OSError, ValueError, AttributeError):
        return None


def build(builder: Builder, progress: Progress) -> bool:
    """Build and install every library; swap sysroot/ in when anything changed.

    Returns True when sysroot/ was replaced.
    """
    layout = builder.layout
    ensure_cross_files(builder)
    identity = _identity(builder)
    stage, marker = layout.sysroot_stage, layout.sysroot_stage / STAMP
    fresh = _read_stamp(marker) != identity
    if fresh:
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir(parents=True)
    marker.unlink(missing_ok=True)
    changed = fresh
    for lib in builder.manifest.libraries():
        with progress.step(f"sysroot {lib.name} ({builder.cross_dir(lib.name, {}).name})") as st:
            built = builder.cross_build(lib, {}, layout.stage_cross_file)
            if built.did_work or fresh:
                _install(builder, lib.name, built.dir)
                changed = True
            else:
                st["note"] = "up to date"
    _write_stamp(marker, identity)
    if changed or _read_stamp(layout.sysroot / STAMP) != identity:
        _swap_in(layout, stage, identity)
        return True
    return False


def _install(builder: Builder, name: str, bdir: Path) -> None:
    layout = builder.layout
    log = bdir.parent / f"{bdir.name}.log"
    argv = ["meson", "install", "-C", bdir, "--no-rebuild", "--quiet",
            "--destdir", layout.sysroot_stage]
    if not proc.run(argv, log=log).ok:
        raise IntegratorError(f"installing {name} into the sysroot failed: read "
                              f"{layout.rel(log)}; reproduce: {proc.show(argv)}")


def _write_stamp(path: Path, identity: list) -> None:
    path.write_text(json.dumps({"libraries": identity}, indent=2) + "\n", encoding="utf-8")


def _swap_in(layout, stage: Path, identity: list) -> None:
    """Copy the stage (keeping mtimes) and rename it over sysroot/."""
    new = layout.build / "sysroot.new"
    old = layout.build / "sysroot.old"
    for path in (new, old):
        shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(stage, new, symlinks=True)
    _write_stamp(new / STAMP, identity)
    if layout.sysroot.exists():
        os.rename(layout.sysroot, old)
    os.rename(new, layout.sysroot)
    shutil.rmtree(old, ignore_errors=True)
