"""Owns sysroot/: the ABI headers, static libraries and pkg-config files that every
component builds against.

Library components build in dependency order with a cross file whose sysroot is a
staging folder (build/sysroot.stage), so a library sees the ones it depends on
before the set is complete. Only when every library built and installed is the
stage copied (mtimes kept) and swapped in for sysroot/ by rename; sysroot/ carries
a stamp naming its libraries, and a sysroot without the stamp is never trusted.
"""
import hashlib
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
    toolchain.write_if_changed(layout.cross_file,
                               toolchain.cross_file_text(layout.sysroot, layout.root))
    toolchain.write_if_changed(layout.stage_cross_file,
                               toolchain.cross_file_text(layout.sysroot_stage, layout.root))


def _identity(builder: Builder) -> list:
    return [[lib.name, str(builder.source_dir(lib))] for lib in builder.manifest.libraries()]


def source_fingerprint(source: Path) -> str:
    """Paths, sizes and mtimes of a library's sources (build dirs, VCS data and
    subproject links left out): a header-only change moves it although ninja
    has nothing to rebuild, and only an install would copy the new header."""
    h = hashlib.sha1()
    for root, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs
                         if not d.startswith(("build", ".")) and d != "subprojects")
        for name in sorted(files):
            st = os.stat(os.path.join(root, name))
            rel = os.path.relpath(os.path.join(root, name), source)
            h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _read_prints(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("sources", {})
    except (OSError, ValueError, AttributeError):
        return {}


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
    prints = {} if fresh else _read_prints(marker)
    if fresh:
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir(parents=True)
    marker.unlink(missing_ok=True)
    changed = fresh
    for lib in builder.manifest.libraries():
        with progress.step(f"sysroot {lib.name} ({builder.cross_dir(lib.name, {}).name})") as st:
            built = builder.cross_build(lib, {}, layout.stage_cross_file)
            print_now = source_fingerprint(builder.source_dir(lib))
            if built.did_work or fresh or prints.get(lib.name) != print_now:
                _install(builder, lib.name, built.dir)
                changed = True
            else:
                st["note"] = "up to date"
            prints[lib.name] = print_now
    _write_stamp(marker, identity, prints)
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


def _write_stamp(path: Path, identity: list, prints: dict | None = None) -> None:
    data = {"libraries": identity}
    if prints is not None:
        data["sources"] = prints
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _touch_changed(new: Path, current: Path) -> None:
    """Give every file whose bytes differ from the sysroot in use a fresh mtime.

    Installs keep the sources' mtimes, which can be older than objects already
    built against the previous file; ninja would then miss the change.
    """
    for root, _, files in os.walk(new):
        for name in files:
            path = Path(root) / name
            if path.is_symlink():
                continue
            before = current / path.relative_to(new)
            try:
                same = before.is_file() and before.read_bytes() == path.read_bytes()
            except OSError:
                same = False
            if not same:
                os.utime(path)


def _swap_in(layout, stage: Path, identity: list) -> None:
    """Copy the stage (keeping mtimes of unchanged files) and rename it over sysroot/."""
    new = layout.build / "sysroot.new"
    old = layout.build / "sysroot.old"
    for path in (new, old):
        shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(stage, new, symlinks=True)
    _touch_changed(new, layout.sysroot)
    _write_stamp(new / STAMP, identity)
    if layout.sysroot.exists():
        os.rename(layout.sysroot, old)
    os.rename(new, layout.sysroot)
    shutil.rmtree(old, ignore_errors=True)
