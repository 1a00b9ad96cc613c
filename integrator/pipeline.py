"""Owns turning scenarios into bootable images: validate every scenario first (options
against meson_options.txt, artifacts against the manifest), then build the sysroot,
each needed (component, option set) once, and one ISO per scenario.

`build` stops at the first failure; `test` keeps going (keep_going=True) and marks
only the scenarios that needed the failed piece as errors.
"""
from dataclasses import dataclass
from pathlib import Path

from . import bootconfig, image, scenario as scn_mod, sysroot, toolchain
from .build import Builder
from .errors import IntegratorError
from .layout import Layout
from .manifest import Manifest
from .progress import Progress
from .qemu import find_ovmf
from .scenario import Overrides, Qemu, Scenario


@dataclass
class Prepared:
    """A scenario ready to boot (iso set), skipped, or failed while building."""

    scenario: Scenario
    qemu: Qemu
    iso: Path | None = None
    kernel: Path | None = None
    skipped: str | None = None
    error: str | None = None


def load_all(layout: Layout, manifest: Manifest, names) -> list[Scenario]:
    return [scn_mod.load(layout.scenarios, name, manifest) for name in names]


def skip_reason(cfg: Qemu, files_ok=image.hybrid_available, ovmf=find_ovmf) -> str | None:
    """Why this machine cannot boot the scenario as asked (None: it can)."""
    if cfg.hybrid and not files_ok():
        return ("needs a BIOS+UEFI image, but GRUB's x86_64-efi files (grub-efi-amd64-bin) "
                "are not installed: run ./integrate.py doctor --install")
    if cfg.firmware == "uefi" and ovmf() is None:
        return "needs UEFI firmware, but OVMF is not installed: run ./integrate.py doctor --install"
    return None


def build_keys(manifest: Manifest, scenarios: list[Scenario]) -> list[tuple[str, dict]]:
    """Every non-library (component, options) the scenarios need, once, in build order."""
    seen: dict[tuple, tuple[str, dict]] = {}
    for scn in scenarios:
        for name in manifest.closure(scn.roots()):
            if manifest.components[name].kind != "library":
                options = scn.options_for(name)
                key = (name, tuple(sorted((k, repr(v)) for k, v in options.items())))
                seen.setdefault(key, (name, options))
    position = {name: i for i, name in enumerate(manifest.order)}
    return sorted(seen.values(), key=lambda item: position[item[0]])


def validate(builder: Builder, scenarios: list[Scenario]) -> None:
    """Check every option a scenario sets against the component's meson_options.txt."""
    for scn in scenarios:
        for name in builder.manifest.closure(scn.roots()):
            comp = builder.manifest.components[name]
            builder.validate_options(comp, scn.options_for(name), f"scenarios/{scn.name}.toml")


def check(layout: Layout, manifest: Manifest, scenarios: list[Scenario], progress: Progress,
          boots: bool = False) -> None:
    """Refuse bad input and missing tools before anything runs; plan the steps."""
    validate(Builder(layout, manifest, warn=progress.say), scenarios)
    toolchain.require(manifest, toolchain.BUILD_TOOLS + toolchain.IMAGE_TOOLS
                      + (toolchain.BOOT_TOOLS if boots else ()),
                      [(toolchain.GRUB_BIOS_DIR / "modinfo.sh", "grub-pc-bin")])
    steps = len(manifest.libraries()) + len(build_keys(manifest, scenarios)) + len(scenarios)
    progress.plan(steps + (len(scenarios) if boots else 0))


def prepare(layout: Layout, manifest: Manifest, scenarios: list[Scenario],
            overrides: Overrides, progress: Progress, keep_going: bool = False) -> list[Prepared]:
    """Build everything the scenarios need (after check()); one Prepared per scenario."""
    builder = Builder(layout, manifest, warn=progress.say)
    keys = build_keys(manifest, scenarios)
    try:
        sysroot.build(builder, progress)
    except IntegratorError as exc:
        if not keep_going:
            raise
        return [Prepared(s, overrides.apply(s.qemu), error=str(exc)) for s in scenarios]
    failed = _build_components(builder, keys, progress, keep_going)
    return [_image(builder, s, overrides.apply(s.qemu), failed, progress, keep_going)
            for s in scenarios]


def _build_components(builder: Builder, keys, progress: Progress, keep_going: bool) -> dict:
    """Build each key; in keep_going mode return {(name, hash): error} for failures."""
    failed = {}
    for name, options in keys:
        bdir = builder.cross_dir(name, options)
        with progress.step(f"build {name} ({bdir.name})") as step:
            try:
                built = builder.cross_build(builder.manifest.components[name], options,
                                            builder.layout.cross_file)
                step["note"] = "" if built.did_work else "up to date"
            except IntegratorError as exc:
                if not keep_going:
                    raise
                failed[(name, bdir.name)] = str(exc)
                step["note"] = "FAILED"
    return failed


def _image(builder: Builder, scn: Scenario, cfg: Qemu, failed: dict, progress: Progress,
           keep_going: bool) -> Prepared:
    prepared = Prepared(scn, cfg)
    with progress.step(f"image {scn.name}") as step:
        needed = [(n, builder.cross_dir(n, scn.options_for(n)).name)
                  for n in builder.manifest.closure(scn.roots())]
        broken = [failed[k] for k in needed if k in failed]
        prepared.skipped = skip_reason(cfg)
        if broken:
            prepared.error, step["note"] = broken[0], "not built (a component failed)"
        elif prepared.skipped:
            step["note"] = "skipped: " + prepared.skipped
        else:
            _make_iso(builder, scn, cfg, prepared, step, keep_going)
    return prepared


def image_modules(layout: Layout, scn: Scenario, path) -> tuple[tuple[str, Path], ...]:
    """The scenario's modules in order (`path` resolves an artifact), then the compiled
    boot config as the module `bootconfig` (written to build/bootconfig/NAME.bcfg only
    when its bytes change; the ISO stamp hashes it like every module)."""
    modules = [(n, path(r)) for n, r in scn.boot.modules]
    if scn.bootconfig is not None:
        modules.append(bootconfig.module_for(layout.build, scn.name, scn.bootconfig))
    return tuple(modules)


def _make_iso(builder: Builder, scn: Scenario, cfg: Qemu, prepared: Prepared, step,
              keep_going: bool) -> None:
    def path(ref):
        return builder.artifact(ref.component, ref.artifact, scn.options_for(ref.component))

    try:
        spec = image.ImageSpec(scn.name, path(scn.boot.kernel), scn.boot.cmdline,
                               image_modules(builder.layout, scn, path), cfg.hybrid)
        rebuilt = image.make(builder.layout, spec)
    except IntegratorError as exc:
        if not keep_going:
            raise
        prepared.error, step["note"] = str(exc), "FAILED"
        return
    prepared.iso, prepared.kernel = builder.layout.iso(scn.name), spec.kernel
    step["note"] = ("hybrid " if cfg.hybrid else "") + ("" if rebuilt else "up to date")
