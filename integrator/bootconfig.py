"""Owns the boot configuration: compile a scenario's [bootconfig] table (the
human-written form, docs/federation.md "Boot configuration") into the image rootd
parses (repos/lib-bootcfg/include/erix/bootcfg.h: magic ERIXBCFG, version 1),
damage it on request for negative scenarios, and write build/bootconfig/NAME.bcfg,
which the image carries as the boot module `bootconfig`.

The compiler refuses what lib-bootcfg's parser refuses, and a dependency cycle too,
each with one line naming the file, the service and the field. Standalone use (the
golden image of lib-bootcfg's tests is made so):

    python3 -m integrator.bootconfig IN.toml OUT.bcfg

where IN.toml holds a [bootconfig] table and `modules = [...]`, the boot module
names its services may name.
"""
import os
import re
import struct
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import IntegratorError
from .manifest import check_keys, expect_type

MAGIC = b"ERIXBCFG"
VERSION = 1
MODULE = "bootconfig"
MAX_SIZE = 65536
MAX_SERVICES, MAX_CAPS, MAX_DEPS, MAX_DRIVERS = 32, 256, 256, 32
NAME_MAX = 24
CHECKSUM_OFFSET = 20

# Wire layouts (little endian, no padding): erix/bootcfg.h.
HEADER = struct.Struct("<8s12I24s")   # magic, version, total_size, header_size, checksum,
#                                       4 x (count, offset), validation_profile
SERVICE = struct.Struct("<24s24s4B4HI")  # role, module, launch, priority, restart, flags,
#                                          dep_first, dep_count, cap_first, cap_count, reserved
CAP = struct.Struct("<4B3I")          # source, rights, purpose, reserved0, arg, dest_slot, reserved
DEP = struct.Struct("<2H")            # service, reserved
DRIVER = struct.Struct("<HBBHHI24sI")  # service, match, flags, vendor, device, class_code,
#                                        consumer_role, reserved
assert (HEADER.size, SERVICE.size, CAP.size, DEP.size, DRIVER.size) == (80, 64, 16, 4, 40)

# Names for the numbers of erix/bootcfg.h, erix/caps.h, erix/envelope.h, erix/procd.h
# (tests/integrator/test_bootconfig.py checks them against the headers).
LAUNCH = {"rootd-direct": 1, "procd-staged": 2, "deviced-driver": 3, "procd-spawn": 4}
RESTART = {"hold": 0, "always": 1}
SOURCES = {"kernel-family": 1, "procd-endpoint": 2, "service-endpoint": 3, "untyped": 4,
           "image": 5, "self-vspace": 6, "rootd-ready": 7}
MATCH = {"platform": 1, "pci": 2, "fixture": 3}
FAMILIES = {"time": 2, "irq": 3, "hotplug": 4, "pci-config": 5, "console": 6, "com1": 7,
            "memory": 8, "vspace": 9, "pager": 10, "log": 11, "process": 12, "acpi": 13,
            "i8042": 14, "child-populate": 15}
PURPOSES = {"primary-control": 1, "service-endpoint": 2, "ready": 3, "procd-driver": 4,
            "untyped-pool": 5, "image-frame": 6, "peer": 7, "self-vspace": 8,
            "child-populate": 9, "procd-service": 10, "device": 11, "fault-endpoint": 12}
RIGHTS = {"read": 0x01, "write": 0x02, "send": 0x04, "recv": 0x08, "grant": 0x10}
BADGES = {"bootstrap": 1, "driver": 2}
CORRUPTIONS = ("bad-magic", "bad-checksum", "truncated")

# Per source: (required keys, optional keys) besides from, slot, rights, purpose.
SOURCE_KEYS = {"kernel-family": (("family",), ()), "procd-endpoint": ((), ("badge",)),
               "service-endpoint": (("service",), ()), "untyped": (("pages",), ()),
               "image": (("service",), ()), "self-vspace": ((), ()), "rootd-ready": ((), ())}
CAP_KEYS = ("from", "slot", "rights", "purpose")

NAME_RE = re.compile(r"^[a-z0-9-]{1,23}$")
PRIORITY_MIN, PRIORITY_MAX = 1, 199
SLOT_MIN, SLOT_MAX = 32, 4095
ANY16, ANY_CLASS = 0xFFFF, 0xFFFFFFFF


@dataclass(frozen=True)
class Cap:
    source: int
    arg: int
    slot: int
    rights: int
    purpose: int


@dataclass(frozen=True)
class Service:
    role: str
    module: str
    launch: int
    priority: int
    restart: int
    depends: tuple[int, ...]  # service indices
    caps: tuple[Cap, ...]


@dataclass(frozen=True)
class Driver:
    service: int
    match: int
    vendor: int
    device: int
    class_code: int
    consumer_role: str


@dataclass(frozen=True)
class BootConfig:
    profile: str
    services: tuple[Service, ...]
    drivers: tuple[Driver, ...]
    corrupt: str | None = None

    def image(self) -> bytes:
        """The bytes the image carries: the encoding, damaged if `corrupt` asks."""
        data = encode(self)
        return damage(data, self.corrupt) if self.corrupt else data


# --- the human-written form --------------------------------------------------------

def parse(table, where: str, modules) -> BootConfig:
    """Compile a [bootconfig] table; `where` names it ("scenarios/NAME.toml [bootconfig]"),
    `modules` are the boot module names its services may use."""
    check_keys(table, where, required=("validation_profile",),
               optional=("services", "drivers", "corrupt"))
    profile = _name(table["validation_profile"], f"{where} validation_profile")
    corrupt = table.get("corrupt")
    if corrupt is not None:
        _choice(corrupt, CORRUPTIONS, f"{where} corrupt", "corruption")
    services_in = expect_type(table.get("services", []), list, f"{where} services")
    drivers_in = expect_type(table.get("drivers", []), list, f"{where} drivers")
    if len(services_in) > MAX_SERVICES:
        raise IntegratorError(f"{where} services: {len(services_in)} services, at most "
                              f"{MAX_SERVICES}")
    roles = _roles(services_in, where)
    services = tuple(_service(t, roles, where, tuple(modules)) for t in services_in)
    _check_totals(services, where)
    _check_cycles(services, where)
    drivers = _drivers(drivers_in, services, roles, where)
    return BootConfig(profile, services, drivers, corrupt)


def _svc_where(where: str, role: str) -> str:
    return f"{where} service '{role}'"


def _roles(services_in: list, where: str) -> dict:
    """Role -> index, checking each service's keys and role first (later fields
    refer to roles by name)."""
    roles = {}
    for i, table in enumerate(services_in):
        sub = f"{where} services[{i}]"
        check_keys(table, sub, required=("role", "launch", "priority"),
                   optional=("module", "restart", "depends", "caps"))
        role = _name(table["role"], f"{sub} role")
        if role in roles:
            raise IntegratorError(f"{sub} role: '{role}' is already the role of services"
                                  f"[{roles[role]}]")
        roles[role] = i
    return roles


def _service(table: dict, roles: dict, where: str, modules: tuple) -> Service:
    role = table["role"]
    sub = _svc_where(where, role)
    module = _name(table.get("module", role), f"{sub} module")
    if module not in modules:
        raise IntegratorError(f"{sub} module: '{module}' is not among the boot modules "
                              f"(modules: {', '.join(modules) or 'none'})")
    launch = _choice(table["launch"], LAUNCH, f"{sub} launch", "launch kind")
    priority = _number(table["priority"], PRIORITY_MIN, PRIORITY_MAX, f"{sub} priority")
    restart = _choice(table.get("restart", "hold"), RESTART, f"{sub} restart", "restart policy")
    driver = launch == LAUNCH["deviced-driver"]
    if role.startswith("drv-") != driver:
        raise IntegratorError(
            f"{sub} launch: deviced-driver roles, and only they, start with 'drv-' "
            "(procd's driver surface takes only drv-* roles, its bootstrap surface none)")
    depends = _depends(table.get("depends", []), roles, role, f"{sub} depends")
    caps = tuple(_cap(c, roles, f"{sub} caps[{k}]") for k, c in
                 enumerate(expect_type(table.get("caps", []), list, f"{sub} caps")))
    if caps and launch == LAUNCH["procd-spawn"]:
        raise IntegratorError(f"{sub} caps: a procd-spawn service receives no capabilities")
    if restart == RESTART["always"] and launch != LAUNCH["procd-staged"]:
        kind = next(k for k, v in LAUNCH.items() if v == launch)
        raise IntegratorError(
            f"{sub} restart: \"always\" is only for launch = \"procd-staged\" services, "
            f"not {kind} (rootd cannot restart procd, a procd-spawn helper runs to its exit, "
            "drivers are deviced's); use restart = \"hold\" or leave it out")
    if restart == RESTART["always"] and role == "deviced":
        raise IntegratorError(
            f"{sub} restart: deviced cannot be restarted (a restarted deviced would hand rootd "
            "a new endpoint with READY); use restart = \"hold\" or leave it out")
    _check_slots(caps, f"{sub} caps")
    return Service(role, module, launch, priority, restart, depends, caps)


def _depends(value, roles: dict, role: str, where: str) -> tuple[int, ...]:
    expect_type(value, list, where)
    out = []
    for dep in value:
        expect_type(dep, str, where)
        if dep == role:
            raise IntegratorError(f"{where}: a service cannot depend on itself")
        if dep not in roles:
            raise IntegratorError(f"{where}: no service has role '{dep}' "
                                  f"(roles: {', '.join(roles)})")
        if roles[dep] in out:
            raise IntegratorError(f"{where}: '{dep}' is listed twice")
        out.append(roles[dep])
    return tuple(out)


def _cap(table, roles: dict, where: str) -> Cap:
    if not isinstance(table, dict):
        raise IntegratorError(f"{where}: expected a table, got {table!r}")
    if "from" not in table:
        raise IntegratorError(f"{where}: missing required key 'from' (one of: "
                              f"{', '.join(SOURCES)})")
    source = _choice(table["from"], SOURCES, f"{where} from", "capability source")
    kind = next(k for k, v in SOURCES.items() if v == source)
    required, optional = SOURCE_KEYS[kind]
    check_keys(table, f"{where} (from = \"{kind}\")", required=CAP_KEYS + required,
               optional=optional)
    return Cap(source, _cap_arg(kind, table, roles, where),
               _number(table["slot"], SLOT_MIN, SLOT_MAX, f"{where} slot"),
               _rights(table["rights"], f"{where} rights"),
               _choice(table["purpose"], PURPOSES, f"{where} purpose", "purpose"))


def _cap_arg(kind: str, table: dict, roles: dict, where: str) -> int:
    if kind == "kernel-family":
        return _choice(table["family"], FAMILIES, f"{where} family", "kernel family")
    if kind == "procd-endpoint":
        badge = table.get("badge")
        return 0 if badge is None else _choice(badge, BADGES, f"{where} badge", "procd badge")
    if kind in ("service-endpoint", "image"):
        return _role_ref(table["service"], roles, f"{where} service")
    if kind == "untyped":
        return _number(table["pages"], 1, 0xFFFFFFFF, f"{where} pages")
    return 0


def _rights(value, where: str) -> int:
    expect_type(value, list, where)
    if not value:
        raise IntegratorError(f"{where}: a capability needs at least one right "
                              f"({', '.join(RIGHTS)})")
    mask = 0
    for right in value:
        bit = _choice(right, RIGHTS, where, "right")
        if mask & bit:
            raise IntegratorError(f"{where}: '{right}' is listed twice")
        mask |= bit
    return mask


def _check_slots(caps: tuple, where: str) -> None:
    seen = {}
    for k, cap in enumerate(caps):
        if cap.slot in seen:
            raise IntegratorError(f"{where}[{k}] slot: slot {cap.slot} is already used by "
                                  f"caps[{seen[cap.slot]}] of this service")
        seen[cap.slot] = k


def _check_totals(services: tuple, where: str) -> None:
    caps = sum(len(s.caps) for s in services)
    deps = sum(len(s.depends) for s in services)
    if caps > MAX_CAPS:
        raise IntegratorError(f"{where} services: {caps} capabilities in all, at most {MAX_CAPS}")
    if deps > MAX_DEPS:
        raise IntegratorError(f"{where} services: {deps} dependencies in all, at most {MAX_DEPS}")


def _check_cycles(services: tuple, where: str) -> None:
    """Refuse a dependency cycle, naming it (lib-bootcfg's erix_bootcfg_order would)."""
    placed = set(launch_order(services))
    rest = [i for i in range(len(services)) if i not in placed]
    if not rest:
        return
    path, at = [], rest[0]
    while at not in path:  # every unplaced service waits on another unplaced one
        path.append(at)
        at = next(d for d in services[at].depends if d not in placed)
    cycle = path[path.index(at):] + [at]
    names = " -> ".join(services[i].role for i in cycle)
    raise IntegratorError(f"{_svc_where(where, services[at].role)} depends: dependency "
                          f"cycle {names}")


def launch_order(services) -> list[int]:
    """erix_bootcfg_order's order (lowest ready index first); shorter on a cycle."""
    placed, order = set(), []
    while True:
        ready = [i for i, s in enumerate(services)
                 if i not in placed and all(d in placed for d in s.depends)]
        if not ready:
            return order
        order.append(ready[0])
        placed.add(ready[0])


def _drivers(drivers_in: list, services: tuple, roles: dict, where: str) -> tuple[Driver, ...]:
    if len(drivers_in) > MAX_DRIVERS:
        raise IntegratorError(f"{where} drivers: {len(drivers_in)} rows, at most {MAX_DRIVERS}")
    out, owner = [], {}
    for i, table in enumerate(drivers_in):
        drv = _driver(table, services, roles, f"{where} drivers[{i}]")
        if drv.service in owner:
            raise IntegratorError(f"{where} drivers[{i}] service: "
                                  f"'{services[drv.service].role}' already has drivers"
                                  f"[{owner[drv.service]}]")
        owner[drv.service] = i
        out.append(drv)
    for i, svc in enumerate(services):
        if svc.launch == LAUNCH["deviced-driver"] and i not in owner:
            raise IntegratorError(
                f"{_svc_where(where, svc.role)} launch: a deviced-driver service needs a "
                f"[[bootconfig.drivers]] row with service = \"{svc.role}\"")
    return tuple(out)


def _driver(table, services: tuple, roles: dict, where: str) -> Driver:
    check_keys(table, where, required=("service", "match"),
               optional=("consumer_role", "vendor", "device", "class"))
    index = _role_ref(table["service"], roles, f"{where} service")
    sub = f"{where} (service '{services[index].role}')"
    if services[index].launch != LAUNCH["deviced-driver"]:
        raise IntegratorError(f"{sub} service: driver rows are for launch = "
                              "\"deviced-driver\" services only")
    match = _choice(table["match"], MATCH, f"{sub} match", "match kind")
    ids = [k for k in ("vendor", "device", "class") if k in table]
    if match != MATCH["pci"] and ids:
        raise IntegratorError(f"{sub} {ids[0]}: only match = \"pci\" takes vendor, device "
                              "and class")
    pci = match == MATCH["pci"]
    vendor = _number(table.get("vendor", ANY16), 0, 0xFFFF, f"{sub} vendor") if pci else 0
    device = _number(table.get("device", ANY16), 0, 0xFFFF, f"{sub} device") if pci else 0
    klass = (_number(table["class"], 0, 0xFFFFFF, f"{sub} class") if "class" in table
             else ANY_CLASS) if pci else 0
    consumer = table.get("consumer_role", "")  # "": nobody may resolve its provider
    if consumer != "":
        _role_ref(consumer, roles, f"{sub} consumer_role")
    return Driver(index, match, vendor, device, klass, consumer)


def _role_ref(value, roles: dict, where: str) -> int:
    expect_type(value, str, where)
    if value not in roles:
        raise IntegratorError(f"{where}: no service has role '{value}' "
                              f"(roles: {', '.join(roles) or 'none'})")
    return roles[value]


def _name(value, where: str) -> str:
    expect_type(value, str, where)
    if not NAME_RE.match(value):
        raise IntegratorError(f"{where}: {value!r} must be 1 to {NAME_MAX - 1} characters "
                              "of a-z, 0-9 and '-'")
    return value


def _choice(value, names, where: str, what: str):
    """The number of a kebab-case name (or the name itself, for a tuple of names)."""
    expect_type(value, str, where)
    if value not in names:
        raise IntegratorError(f"{where}: unknown {what} {value!r} (known: {', '.join(names)})")
    return names[value] if isinstance(names, dict) else value


def _number(value, low: int, high: int, where: str) -> int:
    expect_type(value, int, where)
    if not low <= value <= high:
        raise IntegratorError(f"{where}: {value} is outside {low}..{high}")
    return value


# --- the image ---------------------------------------------------------------------

def checksum(data: bytes) -> int:
    """FNV-1a 32 with the header's checksum field (bytes 20..23) taken as zero."""
    h = 0x811C9DC5
    for i, byte in enumerate(data):
        if CHECKSUM_OFFSET <= i < CHECKSUM_OFFSET + 4:
            byte = 0
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def _align8(n: int) -> int:
    return (n + 7) & ~7


def encode(cfg: BootConfig) -> bytes:
    """The canonical image: header, then services, caps, deps, drivers at 8-aligned
    offsets; each service's caps and deps follow the previous service's."""
    caps = [c for s in cfg.services for c in s.caps]
    deps = [d for s in cfg.services for d in s.depends]
    svc_off = HEADER.size
    cap_off = _align8(svc_off + SERVICE.size * len(cfg.services))
    dep_off = _align8(cap_off + CAP.size * len(caps))
    drv_off = _align8(dep_off + DEP.size * len(deps))
    total = drv_off + DRIVER.size * len(cfg.drivers)
    buf = bytearray(total)
    HEADER.pack_into(buf, 0, MAGIC, VERSION, total, HEADER.size, 0,
                     len(cfg.services), svc_off, len(caps), cap_off, len(deps), dep_off,
                     len(cfg.drivers), drv_off, cfg.profile.encode("ascii"))
    cap_first = dep_first = 0
    for i, s in enumerate(cfg.services):
        SERVICE.pack_into(buf, svc_off + i * SERVICE.size, s.role.encode("ascii"),
                          s.module.encode("ascii"), s.launch, s.priority, s.restart, 0,
                          dep_first, len(s.depends), cap_first, len(s.caps), 0)
        cap_first += len(s.caps)
        dep_first += len(s.depends)
    for i, c in enumerate(caps):
        CAP.pack_into(buf, cap_off + i * CAP.size, c.source, c.rights, c.purpose, 0, c.arg,
                      c.slot, 0)
    for i, d in enumerate(deps):
        DEP.pack_into(buf, dep_off + i * DEP.size, d, 0)
    for i, d in enumerate(cfg.drivers):
        DRIVER.pack_into(buf, drv_off + i * DRIVER.size, d.service, d.match, 0, d.vendor,
                         d.device, d.class_code, d.consumer_role.encode("ascii"), 0)
    return _seal(buf)


def _seal(buf: bytearray) -> bytes:
    struct.pack_into("<I", buf, CHECKSUM_OFFSET, checksum(buf))
    return bytes(buf)


def damage(data: bytes, mode: str) -> bytes:
    """A deliberately broken image for negative scenarios; exactly one fault each:
    bad-magic (last magic byte 'X', checksum recomputed: ERIX_ERR_MALFORMED),
    bad-checksum (the stored checksum inverted: ERIX_ERR_MALFORMED), truncated (the
    last 8 bytes cut, the header still claims them: ERIX_ERR_TRUNCATED)."""
    if mode == "bad-magic":
        return _seal(bytearray(data[:7] + b"X" + data[8:]))
    if mode == "bad-checksum":
        buf = bytearray(data)
        stored = struct.unpack_from("<I", buf, CHECKSUM_OFFSET)[0]
        struct.pack_into("<I", buf, CHECKSUM_OFFSET, stored ^ 0xFFFFFFFF)
        return bytes(buf)
    if mode == "truncated":
        return data[:-8]
    raise IntegratorError(f"unknown boot-config corruption {mode!r} "
                          f"(known: {', '.join(CORRUPTIONS)})")


# --- files ---------------------------------------------------------------------------

def path_for(build: Path, scenario: str) -> Path:
    return build / "bootconfig" / f"{scenario}.bcfg"


def write(path: Path, data: bytes) -> bool:
    """Write data unless the file already holds it (so its mtime only moves on a
    change); True when written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def module_for(build: Path, scenario: str, cfg: BootConfig) -> tuple[str, Path]:
    """Write build/bootconfig/NAME.bcfg; the (module name, path) the image appends."""
    path = path_for(build, scenario)
    write(path, cfg.image())
    return MODULE, path


def load_standalone(path: Path) -> BootConfig:
    """A file holding a [bootconfig] table and `modules = [...]` (no scenario)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise IntegratorError(f"{path}: cannot read: {exc}") from None
    check_keys(data, str(path), required=("modules", "bootconfig"))
    modules = expect_type(data["modules"], list, f"{path} modules")
    for name in modules:
        expect_type(name, str, f"{path} modules")
    return parse(data["bootconfig"], f"{path} [bootconfig]", modules)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python3 -m integrator.bootconfig IN.toml OUT.bcfg", file=sys.stderr)
        return 2
    try:
        cfg = load_standalone(Path(argv[0]))
        data = cfg.image()
        wrote = write(Path(argv[1]), data)
    except IntegratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{argv[1]}: {len(data)} bytes" + ("" if wrote else " (unchanged)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
