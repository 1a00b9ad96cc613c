"""Owns scenarios/NAME.toml: parse a scenario strictly, check it against the manifest,
and apply command-line overrides (machine, memory, smp, firmware, icount).

A scenario says what to build (components and Meson options), what to boot
(kernel, cmdline, modules, and the boot config compiled from [bootconfig] by
bootconfig.py), how to run QEMU and what must be seen.
"""
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import bootconfig as bcfg_mod
from .errors import IntegratorError
from .manifest import Manifest, check_keys, expect_type

DEFAULT_FORBIDDEN = ("ERIX_KERNEL:PANIC",)
MACHINES = ("q35", "pc")
FIRMWARES = ("bios", "uefi")
IMAGES = ("bios", "hybrid")
MEMORY_RE = re.compile(r"^[1-9]\d*[MG]?$")
MODULE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class ArtifactRef:
    component: str
    artifact: str

    def __str__(self) -> str:
        return f"{self.component}:{self.artifact}"


@dataclass(frozen=True)
class Boot:
    kernel: ArtifactRef
    cmdline: str = ""
    modules: tuple[tuple[str, ArtifactRef], ...] = ()


@dataclass(frozen=True)
class Qemu:
    machine: str = "q35"
    memory: str = "128M"
    smp: int = 1
    firmware: str = "bios"
    image: str = "bios"
    args: tuple[str, ...] = ()
    icount: bool = False

    @property
    def hybrid(self) -> bool:
        """UEFI boots need the BIOS+UEFI hybrid image."""
        return self.image == "hybrid" or self.firmware == "uefi"


@dataclass(frozen=True)
class Expect:
    exit_code: int
    markers: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    timeout: float = 60.0

    def all_forbidden(self) -> tuple[str, ...]:
        """Defaults plus the scenario's own, minus the markers it expects."""
        merged = dict.fromkeys(DEFAULT_FORBIDDEN + self.forbidden)
        return tuple(m for m in merged if m not in self.markers)


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    components: dict = field(default_factory=dict)  # component -> {option: value}
    boot: Boot | None = None
    qemu: Qemu = Qemu()
    expect: Expect | None = None
    bootconfig: bcfg_mod.BootConfig | None = None  # the module "bootconfig", appended last

    def artifacts(self) -> list[ArtifactRef]:
        return [self.boot.kernel] + [ref for _, ref in self.boot.modules]

    def options_for(self, component: str) -> dict:
        return dict(self.components.get(component, {}))

    def roots(self) -> list[str]:
        """Components the scenario names, directly or through an artifact."""
        names = dict.fromkeys(list(self.components) + [r.component for r in self.artifacts()])
        return list(names)


def names(scenarios_dir: Path) -> list[str]:
    """Every scenario in the folder, sorted."""
    if not scenarios_dir.is_dir():
        return []
    return sorted(p.stem for p in scenarios_dir.glob("*.toml"))


def load(scenarios_dir: Path, name: str, manifest: Manifest) -> Scenario:
    """Read scenarios/NAME.toml and check every name it uses against the manifest."""
    path = scenarios_dir / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(names(scenarios_dir)) or "none"
        raise IntegratorError(f"unknown scenario '{name}': no {path} (known: {known})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise IntegratorError(f"scenarios/{name}.toml: invalid TOML: {exc}") from None
    return parse(name, data, manifest, f"scenarios/{name}.toml")


def parse(name: str, data: dict, manifest: Manifest, where: str) -> Scenario:
    check_keys(data, where, required=("description", "boot", "expect"),
               optional=("components", "qemu", "bootconfig"))
    boot = parse_boot(data["boot"], manifest, f"{where} [boot]")
    scn = Scenario(
        name=name,
        description=expect_type(data["description"], str, f"{where} description"),
        components=parse_components(data.get("components", {}), manifest, where),
        boot=boot,
        qemu=_qemu(data.get("qemu", {}), f"{where} [qemu]"),
        expect=_expect(data["expect"], f"{where} [expect]"),
        bootconfig=_bootconfig(data.get("bootconfig"), boot, where))
    return scn


def _bootconfig(table, boot: Boot, where: str) -> bcfg_mod.BootConfig | None:
    """Compile [bootconfig]; its services may name the scenario's boot modules."""
    if table is None:
        return None
    names = [name for name, _ in boot.modules]
    if bcfg_mod.MODULE in names:
        raise IntegratorError(f"{where} [boot] modules: the name '{bcfg_mod.MODULE}' is the "
                              "compiled [bootconfig]'s; rename that module")
    return bcfg_mod.parse(table, f"{where} [bootconfig]", names)


def parse_components(table, manifest: Manifest, where: str, per: str = "scenario") -> dict:
    """[components]: known components with only `options`, and none for a library
    (every scenario or appliance shares one sysroot); the options of each as given."""
    expect_type(table, dict, f"{where} [components]")
    result = {}
    for comp, body in table.items():
        sub = f"{where} [components.{comp}]"
        if comp not in manifest.components:
            raise IntegratorError(f"{sub}: unknown component '{comp}' (known: "
                                  f"{', '.join(manifest.components)})")
        check_keys(body, sub, optional=("options",))
        opts = expect_type(body.get("options", {}), dict, f"{sub} options")
        if opts and manifest.components[comp].kind == "library":
            raise IntegratorError(f"{sub}: library options cannot be set per {per} "
                                  f"(every {per} shares one sysroot)")
        result[comp] = dict(opts)
    return result


def parse_artifact(text, manifest: Manifest, where: str) -> ArtifactRef:
    """Resolve `component:artifact` against the manifest's artifacts."""
    expect_type(text, str, where)
    comp, sep, art = text.partition(":")
    if not sep or comp not in manifest.components:
        raise IntegratorError(f"{where}: {text!r} is not component:artifact with a known "
                              f"component (known: {', '.join(manifest.components)})")
    known = manifest.components[comp].artifacts
    if art not in known:
        raise IntegratorError(f"{where}: component {comp} has no artifact '{art}' "
                              f"(manifest lists: {', '.join(known) or 'none'})")
    return ArtifactRef(comp, art)


def parse_boot(table, manifest: Manifest, where: str) -> Boot:
    check_keys(table, where, required=("kernel",), optional=("cmdline", "modules"))
    kernel = parse_artifact(table["kernel"], manifest, f"{where} kernel")
    cmdline = expect_type(table.get("cmdline", ""), str, f"{where} cmdline")
    if "'" in cmdline or "\n" in cmdline:
        raise IntegratorError(f"{where}: cmdline may not contain quotes or newlines")
    modules = []
    for i, mod in enumerate(expect_type(table.get("modules", []), list, f"{where} modules")):
        sub = f"{where} modules[{i}]"
        check_keys(mod, sub, required=("name", "artifact"))
        mod_name = expect_type(mod["name"], str, f"{sub} name")
        if not MODULE_RE.match(mod_name):
            raise IntegratorError(f"{sub}: module name {mod_name!r} must be a plain file name")
        if mod_name in [m for m, _ in modules]:
            raise IntegratorError(f"{sub}: module name {mod_name!r} is used twice")
        modules.append((mod_name, parse_artifact(mod["artifact"], manifest, f"{sub} artifact")))
    return Boot(kernel, cmdline, tuple(modules))


def parse_choice(value, allowed, where: str) -> str:
    expect_type(value, str, where)
    if value not in allowed:
        raise IntegratorError(f"{where}: {value!r} (expected one of {', '.join(allowed)})")
    return value


def check_memory(value, where: str) -> str:
    if not MEMORY_RE.match(str(value)):
        raise IntegratorError(f"{where}: memory {value!r} must look like 128M or 1G")
    return str(value)


def check_smp(value, where: str) -> int:
    expect_type(value, int, where)
    if not 1 <= value <= 64:
        raise IntegratorError(f"{where}: smp = {value} must be between 1 and 64")
    return value


def _qemu(table, where: str) -> Qemu:
    check_keys(table, where, optional=("machine", "memory", "smp", "firmware", "image",
                                       "args", "icount"))
    d = Qemu()
    args = expect_type(table.get("args", []), list, f"{where} args")
    for arg in args:
        expect_type(arg, str, f"{where} args")
    return Qemu(machine=parse_choice(table.get("machine", d.machine), MACHINES, f"{where} machine"),
                memory=check_memory(table.get("memory", d.memory), f"{where} memory"),
                smp=check_smp(table.get("smp", d.smp), f"{where} smp"),
                firmware=parse_choice(table.get("firmware", d.firmware), FIRMWARES,
                                      f"{where} firmware"),
                image=parse_choice(table.get("image", d.image), IMAGES, f"{where} image"),
                args=tuple(args),
                icount=expect_type(table.get("icount", False), bool, f"{where} icount"))


def parse_markers(value, where: str) -> tuple[str, ...]:
    expect_type(value, list, where)
    for marker in value:
        if not isinstance(marker, str) or not marker.strip():
            raise IntegratorError(f"{where}: markers must be non-empty strings, got {marker!r}")
    return tuple(value)


def _expect(table, where: str) -> Expect:
    check_keys(table, where, required=("exit_code",),
               optional=("markers", "forbidden", "timeout"))
    code = expect_type(table["exit_code"], int, f"{where} exit_code")
    if not 0 <= code <= 0x7F:
        raise IntegratorError(f"{where}: exit_code {code:#x} must be 0..0x7f "
                              "(QEMU reports (code << 1) | 1 in 8 bits)")
    timeout = expect_type(table.get("timeout", 60), (int, float), f"{where} timeout")
    if timeout <= 0:
        raise IntegratorError(f"{where}: timeout must be positive")
    return Expect(code, parse_markers(table.get("markers", []), f"{where} markers"),
                  parse_markers(table.get("forbidden", []), f"{where} forbidden"), float(timeout))


@dataclass(frozen=True)
class Overrides:
    """Per-run QEMU settings from the command line (None: keep the scenario's)."""

    machine: str | None = None
    memory: str | None = None
    smp: int | None = None
    firmware: str | None = None
    icount: bool = False

    def apply(self, qemu: Qemu) -> Qemu:
        changes = {k: getattr(self, k) for k in ("machine", "memory", "smp", "firmware")
                   if getattr(self, k) is not None}
        if self.icount:
            changes["icount"] = True
        return replace(qemu, **changes)

    def flags(self) -> list[str]:
        """The command-line flags that reproduce these overrides."""
        out = []
        for key in ("machine", "memory", "smp", "firmware"):
            if getattr(self, key) is not None:
                out += [f"--{key}", str(getattr(self, key))]
        return out + (["--icount"] if self.icount else [])
