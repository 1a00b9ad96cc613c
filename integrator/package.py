"""Owns `package --appliance NAME`: build an appliance with the release profile
from pinned components and write images/release/NAME-VERSION/ (NAME-VERSION-dirty/
when --allow-dirty let unpinned components in):

    NAME-VERSION.iso             hybrid BIOS+UEFI image (isoimage.py), stripped ELFs
    NAME-VERSION-debug.tar.gz    the unstripped ELF files, at their ISO paths
    manifest.lock                the lock it was built from
    appliance.toml               the appliance definition
    build.json                   the build record (tools, revisions, options, epoch, dirty)
    SHA256SUMS                   `sha256sum -c` format, every other file

The release profile: every component that declares a `release` Meson option is
built with release=true (its meson.build refuses integration hooks next to it),
and no wall-clock time goes anywhere: SOURCE_DATE_EPOCH is the commit time of the
newest commit touching the appliance's components (or the environment's value).
Packaging the same pins twice gives the same bytes in every file.
"""
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from . import appliance as app_mod
from . import bootconfig, elfstrip, image, isoimage, options as opts, pins, sysroot, toolchain
from .appliance import Appliance
from .build import Builder
from .errors import IntegratorError
from .layout import Layout
from .manifest import Manifest
from .progress import Progress

RECORD_SCHEMA = 1
RELEASE_OPTION = "release"
# Tools packaging needs besides the build tools, with the Debian package of each.
PACKAGE_TOOLS = {"llvm-strip": "llvm", "grub-mkimage": "grub-common", "xorriso": "xorriso",
                 "mformat": "mtools", "mcopy": "mtools"}
RECORDED_TOOLS = ("clang", "ld.lld", "llvm-ar", "llvm-strip", "meson", "ninja", "pkg-config",
                  "grub-mkimage", "xorriso", "mformat")
MAX_DETAILS = 50  # changed files listed per unpinned component in build.json
HOOK_REFUSAL = re.compile(r"release=true refuses[^\n]*")


@dataclass
class Plan:
    """An appliance checked and ready to build: options, pins, epoch, output dir."""

    appliance: Appliance
    closure: list[str]  # every component it needs, dependencies first
    options: dict  # non-library component -> Meson options (release profile applied)
    release: dict  # non-library component -> True | False (declares `release`?)
    pins: list  # pins.PinStatus of the closure
    dirty: bool
    epoch: int
    epoch_source: str
    notes: list[str] = field(default_factory=list)

    @property
    def dir_name(self) -> str:
        return self.appliance.release_name + ("-dirty" if self.dirty else "")

    def unpinned(self) -> list:
        return [s for s in self.pins if s.state != "pinned"]


@dataclass
class Package:
    """What package() wrote."""

    plan: Plan
    dir: Path
    iso: Path
    iso_sha256: str


def out_dir(layout: Layout, plan: Plan) -> Path:
    return layout.images / "release" / plan.dir_name


def work_dir(layout: Layout, name: str) -> Path:
    return layout.build / "release" / name


# --- plan: everything that can be refused before anything builds --------------------

def require_tools(manifest: Manifest, firmware) -> None:
    toolchain.require(manifest, toolchain.BUILD_TOOLS)
    files = [(toolchain.GRUB_BIOS_DIR / "modinfo.sh", "grub-pc-bin")] if "bios" in firmware else []
    if "uefi" in firmware:
        files.append((toolchain.GRUB_EFI_DIR / "modinfo.sh", "grub-efi-amd64-bin"))
    for name, package in PACKAGE_TOOLS.items():
        if shutil.which(name) is None:
            raise IntegratorError(f"host tool {name} is missing (Debian package {package}): "
                                  "run ./integrate.py doctor --install")
    toolchain.require(manifest, (), files)


def plan(layout: Layout, manifest: Manifest, app: Appliance, allow_dirty: bool,
         builder: Builder) -> Plan:
    """Check options and pins and pick SOURCE_DATE_EPOCH; refuse unpinned components
    unless allow_dirty."""
    closure = manifest.closure(app.roots())
    where = f"appliances/{app.name}.toml"
    options, release = {}, {}
    for name in closure:
        comp = manifest.components[name]
        if comp.kind == "library":
            continue
        declared = opts.read_declared(builder.source_dir(comp))
        chosen = app.options_for(name)
        release[name] = RELEASE_OPTION in declared
        if release[name]:
            chosen[RELEASE_OPTION] = True
        opts.validate(name, declared, chosen, where)
        options[name] = chosen
    statuses = pins.verify(layout, manifest, names=closure)
    bad = [s for s in statuses if s.state != "pinned"]
    if bad and not allow_dirty:
        what = "; ".join(f"{s.name} {s.state}" for s in bad)
        raise IntegratorError(
            f"appliance {app.name}: {len(bad)} component(s) not pinned in manifest.lock "
            f"({what}): commit and run ./integrate.py lock (see ./integrate.py verify), or "
            "package anyway with --allow-dirty (the output is marked -dirty)")
    epoch, source = source_date_epoch(layout, manifest, closure, app)
    notes = [f"{n} has no '{RELEASE_OPTION}' Meson option: built with its defaults"
             for n in release if not release[n]]
    return Plan(app, closure, options, release, statuses, bool(bad), epoch, source, notes)


def source_date_epoch(layout: Layout, manifest: Manifest, closure, app: Appliance
                      ) -> tuple[int, str]:
    """SOURCE_DATE_EPOCH from the environment, else the commit time of the newest
    commit touching the in-tree components (and the appliance file), or of the
    newest pinned external commit; HEAD's time when no commit touches them."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:
        if not env.isdigit():
            raise IntegratorError(f"SOURCE_DATE_EPOCH={env!r} is not a number of seconds")
        return int(env), "the SOURCE_DATE_EPOCH environment variable"
    top = pins.toplevel(layout)
    paths = [pins.repo_path(layout, manifest.components[n])[1]
             for n in closure if manifest.components[n].in_tree]
    if app.path is not None:
        paths.append(Path(os.path.relpath(app.path.resolve(), top.resolve())).as_posix())
    best = _commit_time(top, ["HEAD", "--", *paths]) if paths else None
    what = "the newest commit touching the appliance's components"
    if best is None:
        best, what = _commit_time(top, ["HEAD"]), "HEAD (no commit touches the components)"
    if best is None:
        raise IntegratorError(f"{top} has no commit: commit the tree, or set SOURCE_DATE_EPOCH")
    for name in closure:
        comp = manifest.components[name]
        if not comp.in_tree and (layout.cache / name / ".git").exists():
            ext = _commit_time(layout.cache / name, [comp.source.commit])
            if ext and ext[0] > best[0]:
                best, what = ext, f"the pinned commit of {name}"
    return best[0], f"commit {best[1]} ({what})"


def _commit_time(repo: Path, args: list[str]) -> tuple[int, str] | None:
    out = pins.git(["log", "-1", "--format=%ct %H", *args], repo, check=False)
    if not out:
        return None
    seconds, commit = out.split()
    return int(seconds), commit


# --- build ---------------------------------------------------------------------------

def package(layout: Layout, manifest: Manifest, plan_: Plan, progress: Progress) -> Package:
    """Build the components, stage and image them, write the release folder."""
    app = plan_.appliance
    builder = Builder(layout, manifest, warn=progress.say)
    sysroot.build(builder, progress)
    dirs = {n: _build(builder, plan_, n, progress) for n in plan_.options}
    work = work_dir(layout, app.name)
    final = out_dir(layout, plan_)
    tmp = final.with_name(f".{final.name}.tmp")
    iso = tmp / f"{plan_.dir_name}.iso"
    try:
        with progress.step(f"image {plan_.dir_name} ({'+'.join(app.firmware)})") as step:
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            files = _stage(builder, plan_, work)
            spec = isoimage.IsoSpec(isoimage.volume_id(app.name), app.firmware, plan_.epoch)
            log = work / "package.log"
            log.unlink(missing_ok=True)
            commands = isoimage.make(work, work / "iso", iso, spec, log, layout.rel)
            step["note"] = f"sha256 {image.file_hash(iso)[:16]}"
        with progress.step(f"release {layout.rel(final)}"):
            _write_outputs(layout, manifest, plan_, tmp, files, dirs, commands)
            shutil.rmtree(final, ignore_errors=True)
            os.rename(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    iso = final / iso.name
    return Package(plan_, final, iso, image.file_hash(iso))


def _build(builder: Builder, plan_: Plan, name: str, progress: Progress) -> Path:
    options = plan_.options[name]
    bdir = builder.cross_dir(name, options)
    with progress.step(f"build {name} ({bdir.name}, release)") as step:
        try:
            built = builder.cross_build(builder.manifest.components[name], options,
                                        builder.layout.cross_file)
        except IntegratorError as exc:
            raise _explain(builder, plan_, name, bdir, exc) from None
        step["note"] = "" if built.did_work else "up to date"
    return bdir


def _explain(builder: Builder, plan_: Plan, name: str, bdir: Path, exc: IntegratorError):
    """A configure-time refusal of an integration hook, said in one line."""
    log = bdir.parent / f"{bdir.name}.log"
    try:
        hit = HOOK_REFUSAL.search(log.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        hit = None
    if not hit:
        return exc
    return IntegratorError(
        f"appliances/{plan_.appliance.name}.toml: component {name} {hit.group(0).strip()} "
        "(an integration hook has no place in a release image): remove that option")


@dataclass
class Staged:
    """One file the ISO carries."""

    path: str  # inside the ISO
    ref: str  # component:artifact, or "bootconfig"
    source: Path  # the unstripped file
    elf: bool
    stripped: bool = False
    note: str = ""
    sha256: str = ""  # of the file in the ISO


def _stage(builder: Builder, plan_: Plan, work: Path) -> list[Staged]:
    """Fresh build/release/NAME/iso/: grub.cfg, kernel.elf, modules (stripped when
    that is safe), the compiled boot config last."""
    app = plan_.appliance
    stage = work / "iso"
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "boot/grub").mkdir(parents=True)

    def path(ref):
        return builder.artifact(ref.component, ref.artifact, plan_.options[ref.component])

    files = [Staged("boot/kernel.elf", str(app.boot.kernel), path(app.boot.kernel), True)]
    files += [Staged(f"boot/modules/{n}", str(r), path(r), True) for n, r in app.boot.modules]
    modules = [(n, path(r)) for n, r in app.boot.modules]
    if app.bootconfig is not None:
        bcfg = work / "bootconfig.bcfg"
        bootconfig.write(bcfg, app.bootconfig.image())
        files.append(Staged(f"boot/modules/{bootconfig.MODULE}", bootconfig.MODULE, bcfg, False))
        modules.append((bootconfig.MODULE, bcfg))
    (stage / "boot/modules").mkdir()
    log = work / "strip.log"
    log.unlink(missing_ok=True)
    for f in files:
        dst = stage / f.path
        if f.elf and app.strip:
            result = elfstrip.strip(f.source, dst, log)
            f.stripped, f.note = result.stripped, result.note
            f.elf = result.note != "not an ELF64 file"
        else:
            shutil.copyfile(f.source, dst)
            f.elf = f.elf and elfstrip.is_elf64(f.source.read_bytes())
        f.sha256 = image.file_hash(dst)
    spec = image.ImageSpec(f"{app.name} {app.version}", path(app.boot.kernel), app.boot.cmdline,
                           tuple(modules), len(app.firmware) > 1)
    (stage / "boot/grub/grub.cfg").write_text(image.grub_cfg(spec), encoding="utf-8")
    for f in files:
        if f.note and f.elf:
            builder.warn(f"warning: {f.path} ({f.ref}): {f.note}")
    return files


# --- the release folder --------------------------------------------------------------

def _write_outputs(layout: Layout, manifest: Manifest, plan_: Plan, tmp: Path,
                   files: list[Staged], dirs: dict, commands: list) -> None:
    app = plan_.appliance
    if layout.lock.is_file():
        shutil.copyfile(layout.lock, tmp / "manifest.lock")
    else:
        (tmp / "manifest.lock").write_text("# no manifest.lock: the tree was never locked "
                                           "(./integrate.py lock)\n", encoding="utf-8")
    if app.path is not None:
        shutil.copyfile(app.path, tmp / "appliance.toml")
    archive = tmp / f"{plan_.dir_name}-debug.tar.gz"
    write_archive(archive, f"{plan_.dir_name}-debug",
                  [(f.path, f.source) for f in files if f.elf], plan_.epoch)
    record = build_record(layout, manifest, plan_, files, dirs, commands,
                          tmp / f"{plan_.dir_name}.iso")
    (tmp / "build.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    write_sums(tmp)
    for path in tmp.iterdir():
        os.utime(path, (plan_.epoch, plan_.epoch))


def write_archive(path: Path, top: str, members: list[tuple[str, Path]], epoch: int) -> None:
    """A deterministic tar.gz: sorted members under `top/`, owner 0:0, mode 0644
    (0755 folders), every time = epoch, no file name or time in the gzip header."""
    names = {top}
    for rel, _ in members:
        parent = Path(top, rel).parent
        while parent != Path("."):
            names.add(parent.as_posix())
            parent = parent.parent
    folders = sorted(names)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name in folders:
            tar.addfile(_tarinfo(name, tarfile.DIRTYPE, 0o755, 0, epoch))
        for rel, src in sorted(members):
            data = Path(src).read_bytes()
            tar.addfile(_tarinfo(f"{top}/{rel}", tarfile.REGTYPE, 0o644, len(data), epoch),
                        io.BytesIO(data))
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=epoch,
                           compresslevel=9) as gz:
            gz.write(buf.getvalue())


def _tarinfo(name: str, kind, mode: int, size: int, epoch: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.size, info.mtime = kind, mode, size, epoch
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def write_sums(folder: Path) -> None:
    """SHA256SUMS over every other file of the folder, `sha256sum -c` format."""
    lines = [f"{image.file_hash(p)}  {p.name}\n" for p in sorted(folder.iterdir())
             if p.is_file() and p.name != "SHA256SUMS"]
    (folder / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def tool_versions(names=RECORDED_TOOLS) -> dict:
    """The first line each tool prints for --version (python: its version)."""
    found = {"python3": sys.version.split()[0]}
    for name in names:
        try:
            done = subprocess.run([name, "--version"], capture_output=True, text=True,
                                  errors="replace", timeout=30, stdin=subprocess.DEVNULL)
            lines = [ln.strip() for ln in (done.stdout + done.stderr).splitlines() if ln.strip()]
            found[name] = lines[0] if lines else "?"
        except (OSError, subprocess.TimeoutExpired):
            found[name] = "missing"
    return found


def _revision(layout: Layout, manifest: Manifest, name: str) -> dict:
    """What was built: the folder's tree id as it is on disk, or the clone's HEAD."""
    comp = manifest.components[name]
    if comp.in_tree:
        top, rel = pins.repo_path(layout, comp)
        return {"source": comp.source, "tree": pins.working_tree(top, rel)}
    head = pins.git(["rev-parse", "HEAD"], layout.cache / name, check=False)
    return {"git": comp.source.git, "commit": head or None}


def build_record(layout: Layout, manifest: Manifest, plan_: Plan, files: list[Staged],
                 dirs: dict, commands: list, iso: Path) -> dict:
    app = plan_.appliance
    locked = pins.read_lock(layout)
    status = {s.name: s for s in plan_.pins}
    components = {}
    for name in plan_.closure:
        comp = manifest.components[name]
        entry = {"kind": comp.kind, "built": _revision(layout, manifest, name),
                 "locked": locked.get(name), "pin": status[name].state}
        if status[name].details:
            details = status[name].details
            entry["pin_details"] = details[:MAX_DETAILS] + (
                [f"... {len(details) - MAX_DETAILS} more"] if len(details) > MAX_DETAILS else [])
        if name in plan_.options:
            entry["options"] = dict(opts.canonical(plan_.options[name]))
            entry["release_option"] = plan_.release[name]
            entry["build_dir"] = layout.rel(dirs[name])
        components[name] = entry
    head = pins.git(["rev-parse", "HEAD"], pins.toplevel(layout), check=False)
    return {
        "schema": RECORD_SCHEMA,
        "appliance": app.name, "version": app.version, "project": manifest.project.name,
        "dirty": plan_.dirty,
        "unpinned": [f"{s.name} {s.state}: {s.summary}" for s in plan_.unpinned()],
        "source_date_epoch": plan_.epoch, "source_date_epoch_from": plan_.epoch_source,
        "git_head": head or None,
        "firmware": list(app.firmware),
        "boot": {"kernel": str(app.boot.kernel), "cmdline": app.boot.cmdline,
                 "modules": [{"name": n, "artifact": str(r)} for n, r in app.boot.modules]
                 + ([{"name": bootconfig.MODULE, "validation_profile": app.bootconfig.profile}]
                    if app.bootconfig else [])},
        "components": components,
        "files": {f.path: {"from": f.ref, "sha256": f.sha256,
                           "unstripped_sha256": image.file_hash(f.source),
                           "stripped": f.stripped, **({"note": f.note} if f.note else {})}
                  for f in files},
        "iso": {"file": iso.name, "sha256": image.file_hash(iso),
                "volume_id": isoimage.volume_id(app.name),
                "volume_uuid": isoimage.volume_dates(plan_.epoch)[1],
                "commands": commands},
        "tools": tool_versions(),
        "notes": plan_.notes,
    }


def load(layout: Layout, manifest: Manifest, name: str) -> Appliance:
    return app_mod.load(app_mod.folder(layout.root), name, manifest)
