"""Owns appliances/NAME.toml: parse an appliance definition strictly and check it
against the manifest.

An appliance is a release product: the components it is made of (with their Meson
options; the release profile is added by package.py), what GRUB boots (kernel,
cmdline, modules), the runtime boot config compiled from [bootconfig] (validation
profile "none"), the firmware it must boot on, and how `test --appliance` boots
it. docs/federation.md, "Release images", is the reference.
"""
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import bootconfig as bcfg_mod
from . import scenario as scn_mod
from .errors import IntegratorError
from .manifest import Manifest, check_keys, expect_type

FIRMWARES = ("bios", "uefi")
RUNTIME_PROFILE = "none"
READY = "ERIX_ROOTD:READY"
# What a release console never shows: stage stamps, deviced's readiness stamp,
# a panic, a rootd failure status.
FORBIDDEN = ("ROOTD_STAGE", "ERIX_DEVICED:READY", "ERIX_KERNEL:PANIC", "ERIX_ROOTD:STATUS:")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+~_]*$")  # no '-': NAME-VERSION stays readable


@dataclass(frozen=True)
class ReleaseTest:
    """How `test --appliance` judges a boot: READY, then `grace` seconds without a
    forbidden marker in which every `after_ready` marker starts a line, in order (the
    system stays live once rootd is done); `timeout` bounds the wait for READY."""

    timeout: float = 60.0
    grace: float = 2.0
    forbidden: tuple[str, ...] = FORBIDDEN
    ready: str = READY
    after_ready: tuple[str, ...] = ()


@dataclass(frozen=True)
class Appliance:
    name: str
    description: str
    version: str
    components: dict = field(default_factory=dict)  # component -> {option: value}
    boot: scn_mod.Boot | None = None
    bootconfig: bcfg_mod.BootConfig | None = None  # appended as the module "bootconfig"
    firmware: tuple[str, ...] = FIRMWARES
    qemu: scn_mod.Qemu = scn_mod.Qemu()
    test: ReleaseTest = ReleaseTest()
    strip: bool = True
    path: Path | None = None

    @property
    def release_name(self) -> str:
        return f"{self.name}-{self.version}"

    def artifacts(self) -> list[scn_mod.ArtifactRef]:
        return [self.boot.kernel] + [ref for _, ref in self.boot.modules]

    def options_for(self, component: str) -> dict:
        return dict(self.components.get(component, {}))

    def roots(self) -> list[str]:
        """Components the appliance names, directly or through an artifact."""
        return list(dict.fromkeys(list(self.components)
                                  + [r.component for r in self.artifacts()]))


def folder(root: Path) -> Path:
    return Path(root) / "appliances"


def names(appliances_dir: Path) -> list[str]:
    """Every appliance in the folder, sorted."""
    if not appliances_dir.is_dir():
        return []
    return sorted(p.stem for p in appliances_dir.glob("*.toml"))


def load(appliances_dir: Path, name: str, manifest: Manifest) -> Appliance:
    """Read appliances/NAME.toml and check every name it uses against the manifest."""
    path = appliances_dir / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(names(appliances_dir)) or "none"
        raise IntegratorError(f"unknown appliance '{name}': no appliances/{name}.toml "
                              f"(known: {known})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise IntegratorError(f"appliances/{name}.toml: invalid TOML: {exc}") from None
    return parse(name, data, manifest, f"appliances/{name}.toml", path)


def parse(name: str, data: dict, manifest: Manifest, where: str,
          path: Path | None = None) -> Appliance:
    if not NAME_RE.match(name):
        raise IntegratorError(f"{where}: appliance name {name!r} must be lower case letters, "
                              "digits and '-'")
    check_keys(data, where, required=("description", "boot", "firmware"),
               optional=("version", "components", "bootconfig", "qemu", "test", "strip"))
    boot = scn_mod.parse_boot(data["boot"], manifest, f"{where} [boot]")
    return Appliance(
        name=name,
        description=expect_type(data["description"], str, f"{where} description"),
        version=_version(data.get("version", manifest.project.version), where),
        components=_components(data.get("components", {}), manifest, where),
        boot=boot,
        bootconfig=_bootconfig(data.get("bootconfig"), boot, where),
        firmware=_firmware(data["firmware"], f"{where} firmware"),
        qemu=_qemu(data.get("qemu", {}), f"{where} [qemu]"),
        test=_test(data.get("test", {}), f"{where} [test]"),
        strip=expect_type(data.get("strip", True), bool, f"{where} strip"),
        path=path)


def _version(value, where: str) -> str:
    expect_type(value, str, f"{where} version")
    if not VERSION_RE.match(value):
        raise IntegratorError(f"{where}: version {value!r} must be letters, digits and . + ~ _ "
                              "(no '-': it names images/release/NAME-VERSION)")
    return value


def _components(table, manifest: Manifest, where: str) -> dict:
    """A scenario's [components], and no `release = false`."""
    result = scn_mod.parse_components(table, manifest, where, per="appliance")
    for comp, opts in result.items():
        if opts.get("release", True) is not True:
            raise IntegratorError(f"{where} [components.{comp}]: release = {opts['release']!r}: "
                                  "an appliance is always built with the release profile "
                                  "(remove the option)")
    return result


def _bootconfig(table, boot: scn_mod.Boot, where: str) -> bcfg_mod.BootConfig | None:
    """Compile [bootconfig]: the runtime profile only, never a corrupted image."""
    if table is None:
        return None
    expect_type(table, dict, f"{where} [bootconfig]")
    profile = table.get("validation_profile")
    if profile is not None and profile != RUNTIME_PROFILE:
        raise IntegratorError(f"{where} [bootconfig] validation_profile: appliances boot with "
                              f"the runtime profile \"{RUNTIME_PROFILE}\", not {profile!r}")
    if "corrupt" in table:
        raise IntegratorError(f"{where} [bootconfig] corrupt: a release image never carries "
                              "a damaged boot config")
    modules = [n for n, _ in boot.modules]
    if bcfg_mod.MODULE in modules:
        raise IntegratorError(f"{where} [boot] modules: the name '{bcfg_mod.MODULE}' is the "
                              "compiled [bootconfig]'s; rename that module")
    return bcfg_mod.parse(table, f"{where} [bootconfig]", modules)


def _firmware(value, where: str) -> tuple[str, ...]:
    expect_type(value, list, where)
    if not value:
        raise IntegratorError(f"{where}: name at least one of {', '.join(FIRMWARES)}")
    for item in value:
        if item not in FIRMWARES:
            raise IntegratorError(f"{where}: {item!r} (expected {', '.join(FIRMWARES)})")
    if len(set(value)) != len(value):
        raise IntegratorError(f"{where}: a firmware is listed twice")
    return tuple(f for f in FIRMWARES if f in value)


def _qemu(table, where: str) -> scn_mod.Qemu:
    """machine, memory, smp and extra args; the firmware comes from `firmware`."""
    check_keys(table, where, optional=("machine", "memory", "smp", "args"))
    d = scn_mod.Qemu()
    args = expect_type(table.get("args", []), list, f"{where} args")
    for arg in args:
        expect_type(arg, str, f"{where} args")
    return scn_mod.Qemu(
        machine=scn_mod.parse_choice(table.get("machine", d.machine), scn_mod.MACHINES,
                                f"{where} machine"),
        memory=scn_mod.check_memory(table.get("memory", d.memory), f"{where} memory"),
        smp=scn_mod.check_smp(table.get("smp", d.smp), f"{where} smp"),
        args=tuple(args))


def _seconds(value, where: str) -> float:
    expect_type(value, (int, float), where)
    if value <= 0:
        raise IntegratorError(f"{where}: must be positive")
    return float(value)


def _test(table, where: str) -> ReleaseTest:
    check_keys(table, where, optional=("timeout", "grace", "forbidden", "after_ready"))
    d = ReleaseTest()
    extra = scn_mod.parse_markers(table.get("forbidden", []), f"{where} forbidden")
    if READY in extra:
        raise IntegratorError(f"{where} forbidden: {READY} is what the boot must reach")
    after = scn_mod.parse_markers(table.get("after_ready", []), f"{where} after_ready")
    for marker in after:
        if any(marker.startswith(f) for f in FORBIDDEN + extra):
            raise IntegratorError(f"{where} after_ready: {marker!r} is also forbidden")
    return ReleaseTest(timeout=_seconds(table.get("timeout", d.timeout), f"{where} timeout"),
                       grace=_seconds(table.get("grace", d.grace), f"{where} grace"),
                       forbidden=tuple(dict.fromkeys(FORBIDDEN + extra)), after_ready=after)
