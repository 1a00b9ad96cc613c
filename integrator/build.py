"""Owns component builds: one out-of-tree Meson build dir per component and option
set (build/NAME/cross-<hash>/ with the cross file, build/NAME/native/ for host
unit tests), configured once and then rebuilt incrementally with ninja.

A failed `meson setup` removes its build dir, so a later run never trusts a
half-configured one; every step logs to a file named in the error.
"""
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import options as opts
from . import pins, proc
from .errors import IntegratorError
from .layout import Layout
from .manifest import Component, Manifest


@dataclass
class Built:
    """A build dir after ninja ran in it."""

    dir: Path
    did_work: bool


class Builder:
    """Builds components of one tree; remembers resolved source folders."""

    def __init__(self, layout: Layout, manifest: Manifest, warn=print):
        self.layout = layout
        self.manifest = manifest
        self.warn = warn
        self._sources: dict[str, Path] = {}

    # --- sources and names ------------------------------------------------------------

    def source_dir(self, comp: Component) -> Path:
        """The component's Meson project: its folder in the tree or its cache clone."""
        if comp.name not in self._sources:
            if comp.in_tree:
                path = self.layout.root / comp.source
                if not (path / "meson.build").is_file():
                    raise IntegratorError(
                        f"component {comp.name}: {comp.source}/meson.build does not exist "
                        "(is the component checked in? see docs/federation.md)")
            else:
                path = pins.external_source(self.layout, comp, self.warn)
            self._sources[comp.name] = path
        return self._sources[comp.name]

    def validate_options(self, comp: Component, options: dict, where: str) -> None:
        declared = opts.read_declared(self.source_dir(comp))
        opts.validate(comp.name, declared, options, where)

    def cross_dir(self, name: str, options: dict) -> Path:
        return self.layout.build / name / f"cross-{opts.options_hash(options)}"

    def native_dir(self, name: str) -> Path:
        return self.layout.build / name / "native"

    def artifact(self, name: str, artifact: str, options: dict) -> Path:
        comp = self.manifest.component(name)
        return self.cross_dir(name, options) / comp.artifacts[artifact]

    # --- cross builds -------------------------------------------------------------------

    def cross_build(self, comp: Component, options: dict, cross_file: Path) -> Built:
        """Configure (first time only) and build the component's cross build dir."""
        bdir = self.cross_dir(comp.name, options)
        log = bdir.parent / f"{bdir.name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("", encoding="utf-8")
        argv = ["meson", "setup", "--cross-file", cross_file, "--wrap-mode=nofallback",
                "--buildtype=debugoptimized", "--prefix=/usr", "--libdir=lib",
                "--includedir=include", *opts.meson_args(options), bdir, self.source_dir(comp)]
        identity = setup_identity(argv, cross_file)
        setup = not configured(bdir) or read_identity(bdir) != identity
        if setup:
            self._setup(comp, bdir, argv, log)
            write_options_json(bdir, comp.name, options, cross_file, identity)
        did_work = self._ninja(comp, bdir, log)
        for name, rel in comp.artifacts.items():
            if not (bdir / rel).is_file():
                raise IntegratorError(
                    f"component {comp.name} built, but its artifact {name} "
                    f"({self.layout.rel(bdir / rel)}) does not exist: fix artifacts in "
                    f"manifest.toml or the component's meson.build")
        return Built(bdir, setup or did_work)

    def _setup(self, comp: Component, bdir: Path, argv: list, log: Path) -> None:
        shutil.rmtree(bdir, ignore_errors=True)
        try:
            result = proc.run(argv, log=log)
        except BaseException:
            shutil.rmtree(bdir, ignore_errors=True)
            raise
        if not result.ok:
            shutil.rmtree(bdir, ignore_errors=True)
            raise IntegratorError(
                f"meson setup of {comp.name} ({bdir.name}) failed: read "
                f"{self.layout.rel(log)}; reproduce: {proc.show(argv)}")

    def _ninja(self, comp: Component, bdir: Path, log: Path) -> bool:
        argv = ["ninja", "-C", bdir]
        result = proc.run(argv, log=log)
        if not result.ok:
            raise IntegratorError(
                f"build of {comp.name} ({bdir.name}) failed: read {self.layout.rel(log)}; "
                f"reproduce: {proc.show(argv)}")
        return "ninja: no work to do." not in result.output

    # --- native builds and unit tests -------------------------------------------------

    def native_test(self, comp: Component) -> tuple[proc.Result, Path, list[str]]:
        """Configure the native build (first time only) and run `meson test` in it."""
        bdir = self.native_dir(comp.name)
        log = bdir.parent / "native.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("", encoding="utf-8")
        if not configured(bdir):
            argv = ["meson", "setup", bdir, self.source_dir(comp)]
            self._setup(comp, bdir, argv, log)
        argv = ["meson", "test", "-C", bdir, "--print-errorlogs"]
        return proc.run(argv, log=log), log, argv


def configured(bdir: Path) -> bool:
    """A build dir meson finished configuring (ninja regenerates it from here on)."""
    return (bdir / "meson-private" / "coredata.dat").is_file() and (bdir / "build.ninja").is_file()


def setup_identity(argv: list, cross_file: Path) -> str:
    """Hash of the setup command and the cross file: Meson reads cross-file options
    only at setup, so a change to either needs a fresh build dir."""
    text = "\0".join(map(str, argv)) + "\0" + Path(cross_file).read_text(encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def read_identity(bdir: Path) -> str | None:
    try:
        return json.loads((bdir / "options.json").read_text(encoding="utf-8")).get("setup")
    except (OSError, ValueError, AttributeError):
        return None


def write_options_json(bdir: Path, name: str, options: dict, cross_file: Path,
                       identity: str) -> None:
    """For humans: which component and options this build dir holds (and, for the
    integrator, the setup identity)."""
    data = {"component": name, "options": dict(opts.canonical(options)),
            "cross_file": str(cross_file), "setup": identity}
    (bdir / "options.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
