"""The boot-config compiler (integrator/bootconfig.py): the encoding of a small config
checked field by field, every compile-time error, the corruption modes, the golden
image of lib-bootcfg's tests, the names against the C headers, scenarios with a
[bootconfig] table, image assembly, the standalone command, and (when a host C
compiler is present) lib-bootcfg's parser over the compiler's output.
"""
import contextlib
import copy
import dataclasses
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import tomllib
import unittest
from pathlib import Path

from integrator import bootconfig as bc
from integrator import image, pipeline, scenario
from integrator.errors import IntegratorError
from integrator.layout import Layout

from .fixtures import REPO, integrate, make_tree, tools_present
from .fixtures import scenario as fixture_scenario
from .test_scenario import MANIFEST

LIB = REPO / "repos" / "lib-bootcfg"
GOLDEN_TOML = LIB / "tests" / "data" / "golden.toml"
GOLDEN_BCFG = LIB / "tests" / "data" / "golden.bcfg"
IPC_INCLUDE = REPO / "repos" / "lib-ipc" / "include" / "erix"
WHERE = "scenarios/s.toml [bootconfig]"

BASE = {
    "validation_profile": "phase0-boot",
    "services": [
        {"role": "procd", "launch": "rootd-direct", "priority": 150, "caps": [
            {"from": "kernel-family", "family": "process", "slot": 2288, "rights": ["send"],
             "purpose": "primary-control"},
            {"from": "procd-endpoint", "slot": 2112, "rights": ["send", "recv", "grant"],
             "purpose": "service-endpoint"},
            {"from": "rootd-ready", "slot": 33, "rights": ["send"], "purpose": "ready"},
            {"from": "untyped", "pages": 16384, "slot": 34, "rights": ["read", "write"],
             "purpose": "untyped-pool"},
            {"from": "image", "service": "phase0-probe", "slot": 40, "rights": ["read"],
             "purpose": "image-frame"},
        ]},
        {"role": "drv-serial", "module": "serial", "launch": "deviced-driver", "priority": 120,
         "restart": "hold", "depends": ["procd"], "caps": [
             {"from": "service-endpoint", "service": "procd", "slot": 48, "rights": ["send"],
              "purpose": "peer"},
             {"from": "procd-endpoint", "badge": "driver", "slot": 49, "rights": ["send"],
              "purpose": "procd-driver"},
         ]},
        {"role": "phase0-probe", "launch": "procd-spawn", "priority": 100, "depends": ["procd"]},
    ],
    "drivers": [{"service": "drv-serial", "match": "pci", "vendor": 0x1AF4, "device": 0x1001,
                 "class": 0x070002, "consumer_role": "procd"}],
}
MODULES = ["procd", "serial", "phase0-probe"]


def compile_(table=None, modules=MODULES) -> bc.BootConfig:
    return bc.parse(copy.deepcopy(BASE if table is None else table), WHERE, modules)


def u32(data: bytes, off: int) -> int:
    return struct.unpack_from("<I", data, off)[0]


def u16(data: bytes, off: int) -> int:
    return struct.unpack_from("<H", data, off)[0]


def name(data: bytes, off: int) -> bytes:
    return data[off:off + 24]


def padded(text: str) -> bytes:
    return text.encode() + bytes(24 - len(text))


def fnv1a(data: bytes) -> int:
    """An independent FNV-1a 32 (checksum field zeroed by the caller)."""
    h = 2166136261
    for byte in data:
        h = ((h ^ byte) * 16777619) % (1 << 32)
    return h


class EncodingTest(unittest.TestCase):
    """The encoding, read back at the offsets of erix/bootcfg.h."""

    @classmethod
    def setUpClass(cls):
        cls.data = compile_().image()

    def test_header(self):
        d = self.data
        self.assertEqual(d[:8], b"ERIXBCFG")
        self.assertEqual([u32(d, o) for o in range(8, 56, 4)],
                         [1, 432, 80, u32(d, 20),   # version, total, header size, checksum
                          3, 80,                    # services
                          7, 272,                   # caps: 80 + 3 * 64
                          2, 384,                   # deps: 272 + 7 * 16
                          1, 392])                  # drivers: 384 + 2 * 4, aligned to 8
        self.assertEqual(name(d, 56), padded("phase0-boot"))
        self.assertEqual(len(d), 432)

    def test_checksum(self):
        d = bytearray(self.data)
        stored = u32(d, 20)
        d[20:24] = bytes(4)
        self.assertEqual(stored, fnv1a(bytes(d)))
        self.assertEqual(bc.checksum(self.data), stored)
        self.assertEqual(bc.checksum(b""), 0x811C9DC5)
        self.assertEqual(bc.checksum(b"foobar"), 0xBF9CF968)

    def test_services(self):
        d, base = self.data, 80
        # role, module, launch, priority, restart, flags, dep_first, dep_count,
        # cap_first, cap_count, reserved
        want = [("procd", "procd", 1, 150, 0, 0, 0, 0, 0, 5, 0),
                ("drv-serial", "serial", 3, 120, 0, 0, 0, 1, 5, 2, 0),
                ("phase0-probe", "phase0-probe", 4, 100, 0, 0, 1, 1, 7, 0, 0)]
        for i, w in enumerate(want):
            off = base + 64 * i
            got = (name(d, off), name(d, off + 24), d[off + 48], d[off + 49], d[off + 50],
                   d[off + 51], u16(d, off + 52), u16(d, off + 54), u16(d, off + 56),
                   u16(d, off + 58), u32(d, off + 60))
            self.assertEqual(got, (padded(w[0]), padded(w[1])) + w[2:], w[0])

    def test_caps(self):
        d, base = self.data, 272
        # source, rights, purpose, reserved0, arg, dest_slot, reserved
        want = [(1, 0x04, 1, 0, 12, 2288, 0),      # kernel-family process
                (2, 0x1C, 2, 0, 0, 2112, 0),       # procd-endpoint, no badge
                (7, 0x04, 3, 0, 0, 33, 0),         # rootd-ready
                (4, 0x03, 5, 0, 16384, 34, 0),     # untyped
                (5, 0x01, 6, 0, 2, 40, 0),         # image of service 2
                (3, 0x04, 7, 0, 0, 48, 0),         # service-endpoint of service 0
                (2, 0x04, 4, 0, 2, 49, 0)]         # procd-endpoint, badge driver
        for i, w in enumerate(want):
            off = base + 16 * i
            got = (d[off], d[off + 1], d[off + 2], d[off + 3], u32(d, off + 4),
                   u32(d, off + 8), u32(d, off + 12))
            self.assertEqual(got, w, f"caps[{i}]")

    def test_deps_and_drivers(self):
        d = self.data
        self.assertEqual([(u16(d, 384 + 4 * i), u16(d, 386 + 4 * i)) for i in range(2)],
                         [(0, 0), (0, 0)])  # drv-serial -> procd, phase0-probe -> procd
        off = 392
        self.assertEqual((u16(d, off), d[off + 2], d[off + 3], u16(d, off + 4), u16(d, off + 6),
                          u32(d, off + 8), name(d, off + 12), u32(d, off + 36)),
                         (1, 2, 0, 0x1AF4, 0x1001, 0x070002, padded("procd"), 0))

    def test_restart_always(self):
        table = copy.deepcopy(BASE)
        table["services"].append({"role": "logd", "module": "procd", "launch": "procd-staged",
                                  "priority": 90, "restart": "always"})
        d = compile_(table).image()
        self.assertEqual(d[80 + 3 * 64 + 50], 1)  # logd's restart byte
        self.assertEqual([d[80 + 64 * i + 50] for i in range(3)], [0, 0, 0])

    def test_padding_is_zero(self):
        table = copy.deepcopy(BASE)
        table["services"][2]["depends"] = []
        d = compile_(table).image()
        self.assertEqual((u32(d, 40), u32(d, 44), u32(d, 52)), (1, 384, 392))
        self.assertEqual(d[388:392], bytes(4))

    def test_pci_defaults_and_other_matches(self):
        table = copy.deepcopy(BASE)
        table["drivers"][0] = {"service": "drv-serial", "match": "pci"}
        d = compile_(table).image()
        self.assertEqual((u16(d, 396), u16(d, 398), u32(d, 400)), (0xFFFF, 0xFFFF, 0xFFFFFFFF))
        for match, number in (("platform", 1), ("fixture", 3)):
            table["drivers"][0] = {"service": "drv-serial", "match": match}
            d = compile_(table).image()
            self.assertEqual((d[394], u16(d, 396), u16(d, 398), u32(d, 400), name(d, 404)),
                             (number, 0, 0, 0, bytes(24)))

    def test_empty_config(self):
        d = bc.parse({"validation_profile": "none"}, WHERE, []).image()
        self.assertEqual(len(d), 80)
        self.assertEqual([u32(d, o) for o in range(24, 56, 4)], [0, 80] * 4)

    def test_module_defaults_to_role_and_order(self):
        cfg = compile_()
        self.assertEqual([s.module for s in cfg.services], ["procd", "serial", "phase0-probe"])
        self.assertEqual(bc.launch_order(cfg.services), [0, 1, 2])


def several(*changes):
    """Changes to BASE applied in order."""
    def apply(table):
        for change in changes:
            change(table)
    return apply


def mutate(path: str, value):
    """A change to BASE: path like 'services.1.caps.0.slot'; value None deletes."""
    def apply(table):
        *parents, last = path.split(".")
        node = table
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        key = int(last) if isinstance(node, list) else last
        if value is None:
            del node[key]
        else:
            node[key] = value
    return apply


def cycle_2(t):
    t["services"][0]["depends"] = ["phase0-probe"]


def cycle_3(t):
    t["services"].append({"role": "c", "module": "procd", "launch": "procd-staged",
                          "priority": 9, "depends": ["phase0-probe"]})
    t["services"][0]["depends"] = ["c"]


def many_services(t):
    t["services"] = [{"role": f"s{i}", "module": "procd", "launch": "procd-staged",
                      "priority": 5} for i in range(33)]
    t["drivers"] = []


def many_caps(t):
    t["services"][0]["caps"] = [{"from": "rootd-ready", "slot": 32 + i, "rights": ["send"],
                                 "purpose": "ready"} for i in range(257)]


def many_deps(t):
    t["services"] = [{"role": f"s{i}", "module": "procd", "launch": "procd-staged",
                      "priority": 5, "depends": [f"s{j}" for j in range(i)]} for i in range(24)]
    t["drivers"] = []


def many_drivers(t):
    t["drivers"] = [dict(BASE["drivers"][0]) for _ in range(33)]


def second_driver_row(t):
    t["drivers"].append({"service": "drv-serial", "match": "platform"})


def extra_driver_service(t):
    t["services"].append({"role": "drv-x", "module": "serial", "launch": "deviced-driver",
                          "priority": 9})


def key_order_role(t):
    t["services"][1]["caps"][0]["service"] = "nobody"


# (what, change, fragments the one-line error must contain)
ERRORS = [
    ("not a table", lambda t: t.clear() or t.update({"x": 1}), [WHERE, "unknown key 'x'"]),
    ("profile missing", mutate("validation_profile", None), ["missing required key "
                                                             "'validation_profile'"]),
    ("unknown top key", mutate("servics", []), [WHERE, "unknown key 'servics'"]),
    ("profile upper case", mutate("validation_profile", "Phase0"),
     [f"{WHERE} validation_profile", "'Phase0'", "a-z, 0-9"]),
    ("profile too long", mutate("validation_profile", "p" * 24), ["validation_profile"]),
    ("profile not a string", mutate("validation_profile", 1), ["validation_profile",
                                                               "expected str"]),
    ("unknown corruption", mutate("corrupt", "bad-magik"),
     [f"{WHERE} corrupt", "unknown corruption 'bad-magik'", "bad-magic, bad-checksum"]),
    ("services not a list", mutate("services", {}), [f"{WHERE} services", "expected list"]),
    ("33 services", many_services, [f"{WHERE} services", "33 services, at most 32"]),
    ("service unknown key", mutate("services.1.prio", 3),
     [f"{WHERE} services[1]", "unknown key 'prio'"]),
    ("service without role", mutate("services.1.role", None),
     [f"{WHERE} services[1]", "missing required key 'role'"]),
    ("service without launch", mutate("services.1.launch", None),
     ["services[1]", "missing required key 'launch'"]),
    ("service without priority", mutate("services.1.priority", None),
     ["services[1]", "missing required key 'priority'"]),
    ("role upper case", mutate("services.1.role", "DRV-serial"), ["services[1] role",
                                                                  "'DRV-serial'"]),
    ("role empty", mutate("services.1.role", ""), ["services[1] role"]),
    ("role of 24 characters", mutate("services.1.role", "drv-" + "s" * 20),
     ["services[1] role", "1 to 23 characters"]),
    ("role twice", mutate("services.2.role", "procd"),
     ["services[2] role", "'procd' is already the role of services[0]"]),
    ("module not booted", mutate("services.1.module", "uart"),
     [f"{WHERE} service 'drv-serial' module", "'uart' is not among the boot modules",
      "procd, serial, phase0-probe"]),
    ("module name", mutate("services.1.module", "serial.elf"),
     ["service 'drv-serial' module", "'serial.elf'"]),
    ("launch unknown", mutate("services.1.launch", "deviced"),
     ["service 'drv-serial' launch", "unknown launch kind 'deviced'", "procd-spawn"]),
    ("priority 0", mutate("services.1.priority", 0),
     ["service 'drv-serial' priority", "0 is outside 1..199"]),
    ("priority 200", mutate("services.1.priority", 200), ["service 'drv-serial' priority",
                                                          "1..199"]),
    ("priority text", mutate("services.1.priority", "high"), ["priority", "expected int"]),
    ("priority bool", mutate("services.1.priority", True), ["priority", "expected int"]),
    ("restart unknown", mutate("services.1.restart", "never"),
     ["service 'drv-serial' restart", "unknown restart policy 'never'", "hold, always"]),
    ("restart always for rootd-direct", mutate("services.0.restart", "always"),
     ["service 'procd' restart", "only for launch = \"procd-staged\"", "not rootd-direct",
      "use restart = \"hold\""]),
    ("restart always for a deviced driver", mutate("services.1.restart", "always"),
     ["service 'drv-serial' restart", "only for launch = \"procd-staged\"",
      "not deviced-driver"]),
    ("restart always for deviced", several(mutate("services.1.role", "deviced"),
                                           mutate("services.1.launch", "procd-staged"),
                                           mutate("services.1.restart", "always")),
     ["service 'deviced' restart", "deviced cannot be restarted"]),
    ("restart always for procd-spawn", mutate("services.2.restart", "always"),
     ["service 'phase0-probe' restart", "only for launch = \"procd-staged\"",
      "not procd-spawn"]),
    ("drv- role not a driver", mutate("services.1.launch", "procd-staged"),
     ["service 'drv-serial' launch", "start with 'drv-'"]),
    ("driver without drv-", mutate("services.0.launch", "deviced-driver"),
     ["service 'procd' launch", "start with 'drv-'"]),
    ("depends on an unknown role", mutate("services.1.depends", ["procd", "memd"]),
     ["service 'drv-serial' depends", "no service has role 'memd'"]),
    ("depends on itself", mutate("services.1.depends", ["drv-serial"]),
     ["service 'drv-serial' depends", "cannot depend on itself"]),
    ("depends twice", mutate("services.1.depends", ["procd", "procd"]),
     ["service 'drv-serial' depends", "'procd' is listed twice"]),
    ("depends not a list", mutate("services.1.depends", "procd"),
     ["service 'drv-serial' depends", "expected list"]),
    ("2-cycle", cycle_2, ["service 'procd' depends",
                          "dependency cycle procd -> phase0-probe -> procd"]),
    ("3-cycle", cycle_3, ["service 'procd' depends",
                          "dependency cycle procd -> c -> phase0-probe -> procd"]),
    ("caps not a list", mutate("services.1.caps", {}), ["service 'drv-serial' caps",
                                                        "expected list"]),
    ("cap not a table", mutate("services.1.caps.0", "peer"),
     ["service 'drv-serial' caps[0]", "expected a table"]),
    ("cap without from", mutate("services.1.caps.0.from", None),
     ["service 'drv-serial' caps[0]", "missing required key 'from'", "kernel-family"]),
    ("cap from unknown", mutate("services.1.caps.0.from", "endpoint"),
     ["service 'drv-serial' caps[0] from", "unknown capability source 'endpoint'"]),
    ("cap key of another source", mutate("services.0.caps.2.family", "time"),
     ["service 'procd' caps[2]", "unknown key 'family'"]),
    ("cap unknown key", mutate("services.0.caps.0.slots", 3),
     ["service 'procd' caps[0]", "unknown key 'slots'"]),
    ("kernel family missing", mutate("services.0.caps.0.family", None),
     ["service 'procd' caps[0]", "missing required key 'family'"]),
    ("kernel family unknown", mutate("services.0.caps.0.family", "root"),
     ["service 'procd' caps[0] family", "unknown kernel family 'root'", "child-populate"]),
    ("procd badge unknown", mutate("services.1.caps.1.badge", "event"),
     ["service 'drv-serial' caps[1] badge", "unknown procd badge 'event'"]),
    ("service endpoint of nobody", key_order_role,
     ["service 'drv-serial' caps[0] service", "no service has role 'nobody'"]),
    ("image of nobody", mutate("services.0.caps.4.service", "probe"),
     ["service 'procd' caps[4] service", "no service has role 'probe'"]),
    ("untyped 0 pages", mutate("services.0.caps.3.pages", 0),
     ["service 'procd' caps[3] pages", "0 is outside 1..4294967295"]),
    ("untyped 2**32 pages", mutate("services.0.caps.3.pages", 1 << 32),
     ["service 'procd' caps[3] pages"]),
    ("slot 31", mutate("services.0.caps.2.slot", 31),
     ["service 'procd' caps[2] slot", "31 is outside 32..4095"]),
    ("slot 4096", mutate("services.0.caps.2.slot", 4096), ["caps[2] slot", "32..4095"]),
    ("slot missing", mutate("services.0.caps.2.slot", None),
     ["service 'procd' caps[2]", "missing required key 'slot'"]),
    ("slot twice", mutate("services.0.caps.3.slot", 33),
     ["service 'procd' caps[3] slot", "slot 33 is already used by caps[2]"]),
    ("rights empty", mutate("services.0.caps.2.rights", []),
     ["service 'procd' caps[2] rights", "at least one right"]),
    ("right unknown", mutate("services.0.caps.2.rights", ["send", "call"]),
     ["service 'procd' caps[2] rights", "unknown right 'call'", "read, write, send, recv, grant"]),
    ("right twice", mutate("services.0.caps.2.rights", ["send", "send"]),
     ["caps[2] rights", "'send' is listed twice"]),
    ("rights not a list", mutate("services.0.caps.2.rights", "send"),
     ["caps[2] rights", "expected list"]),
    ("purpose unknown", mutate("services.0.caps.2.purpose", "readiness"),
     ["service 'procd' caps[2] purpose", "unknown purpose 'readiness'", "primary-control"]),
    ("purpose missing", mutate("services.0.caps.2.purpose", None),
     ["caps[2]", "missing required key 'purpose'"]),
    ("spawned with caps", mutate("services.2.caps", [{"from": "rootd-ready", "slot": 33,
                                                      "rights": ["send"], "purpose": "ready"}]),
     ["service 'phase0-probe' caps", "procd-spawn service receives no capabilities"]),
    ("259 caps", many_caps, [f"{WHERE} services", "259 capabilities in all, at most 256"]),
    ("276 deps", many_deps, [f"{WHERE} services", "276 dependencies in all, at most 256"]),
    ("drivers not a list", mutate("drivers", {}), [f"{WHERE} drivers", "expected list"]),
    ("33 driver rows", many_drivers, [f"{WHERE} drivers", "33 rows, at most 32"]),
    ("driver unknown key", mutate("drivers.0.subclass", 1),
     [f"{WHERE} drivers[0]", "unknown key 'subclass'"]),
    ("driver without match", mutate("drivers.0.match", None),
     ["drivers[0]", "missing required key 'match'"]),
    ("driver of nobody", mutate("drivers.0.service", "drv-uart"),
     ["drivers[0] service", "no service has role 'drv-uart'"]),
    ("driver row for a non-driver", mutate("drivers.0.service", "procd"),
     ["drivers[0] (service 'procd') service", "\"deviced-driver\" services only"]),
    ("two rows for one driver", second_driver_row,
     ["drivers[1] service", "'drv-serial' already has drivers[0]"]),
    ("driver service without a row", extra_driver_service,
     ["service 'drv-x' launch", "needs a [[bootconfig.drivers]] row"]),
    ("match unknown", mutate("drivers.0.match", "usb"),
     ["drivers[0] (service 'drv-serial') match", "unknown match kind 'usb'"]),
    ("vendor on a platform match", mutate("drivers.0.match", "platform"),
     ["drivers[0] (service 'drv-serial') vendor", "only match = \"pci\""]),
    ("vendor over 16 bits", mutate("drivers.0.vendor", 0x10000),
     ["(service 'drv-serial') vendor", "65536 is outside 0..65535"]),
    ("device negative", mutate("drivers.0.device", -1), ["(service 'drv-serial') device"]),
    ("class over 24 bits", mutate("drivers.0.class", 0x1000000),
     ["(service 'drv-serial') class", "outside 0..16777215"]),
    ("consumer unknown", mutate("drivers.0.consumer_role", "seriald"),
     ["(service 'drv-serial') consumer_role", "no service has role 'seriald'"]),
    ("consumer not a string", mutate("drivers.0.consumer_role", 3),
     ["consumer_role", "expected str"]),
]


class CompileErrorTest(unittest.TestCase):
    def test_base_compiles(self):
        compile_()

    def test_every_error(self):
        for what, change, fragments in ERRORS:
            with self.subTest(what):
                table = copy.deepcopy(BASE)
                change(table)
                with self.assertRaises(IntegratorError) as ctx:
                    bc.parse(table, WHERE, MODULES)
                msg = str(ctx.exception)
                self.assertNotIn("\n", msg)
                self.assertTrue(msg.startswith(WHERE), msg)
                for fragment in fragments:
                    self.assertIn(fragment, msg)

    def test_bootconfig_not_a_table(self):
        with self.assertRaises(IntegratorError) as ctx:
            bc.parse([], WHERE, MODULES)
        self.assertIn("expected a table", str(ctx.exception))


class CorruptionTest(unittest.TestCase):
    def corrupt(self, mode: str) -> tuple[bytes, bytes]:
        table = copy.deepcopy(BASE)
        table["corrupt"] = mode
        cfg = compile_(table)
        self.assertEqual(cfg.corrupt, mode)
        return compile_().image(), cfg.image()

    def test_bad_magic(self):
        good, bad = self.corrupt("bad-magic")
        self.assertEqual(bad[:8], b"ERIXBCFX")
        self.assertEqual(len(bad), len(good))
        self.assertEqual(bc.checksum(bad), u32(bad, 20))  # only the magic is wrong
        self.assertEqual(bad[8:20] + bad[24:], good[8:20] + good[24:])

    def test_bad_checksum(self):
        good, bad = self.corrupt("bad-checksum")
        self.assertEqual(u32(bad, 20), u32(good, 20) ^ 0xFFFFFFFF)
        self.assertNotEqual(bc.checksum(bad), u32(bad, 20))
        self.assertEqual(bad[:20] + bad[24:], good[:20] + good[24:])

    def test_truncated(self):
        good, bad = self.corrupt("truncated")
        self.assertEqual(bad, good[:-8])
        self.assertEqual(u32(bad, 12), len(good))  # the header still claims the whole

    def test_truncated_empty_config_still_has_a_short_header(self):
        cfg = bc.parse({"validation_profile": "none", "corrupt": "truncated"}, WHERE, [])
        self.assertEqual(len(cfg.image()), 72)


class GoldenTest(unittest.TestCase):
    def test_golden_matches_the_compiler(self):
        data = bc.load_standalone(GOLDEN_TOML).image()
        self.assertEqual(
            data, GOLDEN_BCFG.read_bytes(),
            "repos/lib-bootcfg/tests/data/golden.bcfg is stale: regenerate it with "
            "python3 -m integrator.bootconfig repos/lib-bootcfg/tests/data/golden.toml "
            "repos/lib-bootcfg/tests/data/golden.bcfg")

    def test_standalone_command(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "g.bcfg"
            argv = [str(GOLDEN_TOML), str(out)]
            said = io.StringIO()
            with contextlib.redirect_stdout(said):
                self.assertEqual(bc.main(argv), 0)
                self.assertEqual(out.read_bytes(), GOLDEN_BCFG.read_bytes())
                mtime = out.stat().st_mtime_ns
                self.assertEqual(bc.main(argv), 0)
            self.assertEqual(out.stat().st_mtime_ns, mtime)  # unchanged: not rewritten
            self.assertEqual(said.getvalue(), f"{out}: 1072 bytes\n{out}: 1072 bytes (unchanged)\n")
            bad = Path(tmp) / "bad.toml"
            bad.write_text('modules = []\n[bootconfig]\nvalidation_profile = "none"\n'
                           '[[bootconfig.services]]\nrole = "x"\nlaunch = "procd-staged"\n'
                           'priority = 5\n')
            done = subprocess.run([sys.executable, "-m", "integrator.bootconfig", str(bad),
                                   str(Path(tmp) / "bad.bcfg")], cwd=REPO,
                                  capture_output=True, text=True)
            self.assertEqual(done.returncode, 2)
            self.assertEqual(done.stderr.count("\n"), 1, done.stderr)
            self.assertEqual(done.stderr, f"error: {bad} [bootconfig] service 'x' module: 'x' "
                                          "is not among the boot modules (modules: none)\n")
            self.assertFalse((Path(tmp) / "bad.bcfg").exists())


def c_enum(header: str, prefix: str) -> dict:
    """NAME -> value for `PREFIX_NAME = value` lines of a header."""
    text = header_text(header)
    return {m.group(1): int(m.group(2), 0)
            for m in re.finditer(rf"\b{prefix}([A-Z0-9_]+)\s*=\s*(0x[0-9a-fA-F]+|\d+)", text)}


def header_text(header: str) -> str:
    path = (LIB / "include" / "erix" / header if header == "bootcfg.h"
            else IPC_INCLUDE / header)
    return path.read_text()


def kebab(names: dict) -> dict:
    return {k.lower().replace("_", "-"): v for k, v in names.items() if k != "COUNT"}


class HeaderNamesTest(unittest.TestCase):
    """The compiler's names are the C enums' names, kebab-cased, with their values."""

    def test_launch_restart_source_match(self):
        self.assertEqual(bc.LAUNCH, kebab(c_enum("bootcfg.h", "ERIX_LAUNCH_")))
        self.assertEqual(bc.RESTART, kebab(c_enum("bootcfg.h", "ERIX_RESTART_")))
        self.assertEqual(bc.SOURCES, kebab(c_enum("bootcfg.h", "ERIX_SRC_")))
        self.assertEqual(bc.MATCH, kebab(c_enum("bootcfg.h", "ERIX_MATCH_")))

    def test_purposes(self):
        self.assertEqual(bc.PURPOSES, kebab(c_enum("envelope.h", "ERIX_PURPOSE_")))

    def test_families(self):
        kinds = kebab(c_enum("caps.h", "ERIX_EP_"))
        del kinds["generic"], kinds["root"], kinds["kind-count"]
        self.assertEqual(bc.FAMILIES, kinds)

    def test_rights_and_badges(self):
        text = header_text("caps.h")
        rights = {m.group(1).lower(): int(m.group(2), 16)
                  for m in re.finditer(r"#define ERIX_RIGHT_([A-Z]+) (0x[0-9a-f]+)u", text)}
        self.assertEqual(bc.RIGHTS, rights)
        text = header_text("procd.h")
        for badge, value in bc.BADGES.items():
            self.assertIn(f"#define ERIX_PROCD_BADGE_{badge.upper()} {value}u", text)

    def test_limits(self):
        text = header_text("bootcfg.h")
        for macro, value in (("MAX_SIZE", bc.MAX_SIZE), ("MAX_SERVICES", bc.MAX_SERVICES),
                             ("MAX_CAPS", bc.MAX_CAPS), ("MAX_DEPS", bc.MAX_DEPS),
                             ("MAX_DRIVERS", bc.MAX_DRIVERS), ("NAME_MAX", bc.NAME_MAX),
                             ("VERSION", bc.VERSION)):
            self.assertRegex(text, rf"#define ERIX_BOOTCFG_{macro} {value}u\b")
        self.assertIn(f'#define ERIX_BOOTCFG_MODULE "{bc.MODULE}"', text)
        for struct_name, size in (("header", 80), ("service", 64), ("cap", 16), ("dep", 4),
                                  ("driver", 40)):
            self.assertIn(f"sizeof(struct erix_bootcfg_{struct_name}) == {size}", text)


SCENARIO = """
description = "boots with a boot config"
[boot]
kernel = "kernel:kernel"
modules = [ { name = "probe", artifact = "kernel:probe" } ]
[expect]
exit_code = 0x10
[bootconfig]
validation_profile = "phase0-boot"
[[bootconfig.services]]
role = "probe"
launch = "procd-spawn"
priority = 100
"""


def scenario_parse(text: str):
    return scenario.parse("s", tomllib.loads(text), MANIFEST, "scenarios/s.toml")


class ScenarioTest(unittest.TestCase):
    def test_scenario_with_bootconfig(self):
        scn = scenario_parse(SCENARIO)
        self.assertEqual(scn.bootconfig.profile, "phase0-boot")
        self.assertEqual(scn.bootconfig.services[0].module, "probe")
        self.assertIsNone(scenario_parse(SCENARIO.split("[bootconfig]")[0]).bootconfig)

    def test_errors_name_the_scenario(self):
        with self.assertRaises(IntegratorError) as ctx:
            scenario_parse(SCENARIO.replace("priority = 100", "priority = 300"))
        self.assertEqual(str(ctx.exception), "scenarios/s.toml [bootconfig] service 'probe' "
                                             "priority: 300 is outside 1..199")
        with self.assertRaises(IntegratorError) as ctx:
            scenario_parse(SCENARIO.replace('role = "probe"', 'role = "probe"\nmodule = "rootd"'))
        self.assertIn("module: 'rootd' is not among the boot modules (modules: probe)",
                      str(ctx.exception))

    def test_module_name_bootconfig_is_reserved(self):
        text = SCENARIO.replace('name = "probe"', 'name = "bootconfig"')
        with self.assertRaises(IntegratorError) as ctx:
            scenario_parse(text)
        self.assertIn("the name 'bootconfig' is the compiled [bootconfig]'s", str(ctx.exception))
        plain = scenario_parse(text.split("[bootconfig]")[0])  # allowed without a table
        self.assertEqual(plain.boot.modules[0][0], "bootconfig")

    def test_tree_scenarios_with_bootconfig_compile(self):
        from integrator.manifest import load as load_manifest
        manifest = load_manifest(REPO / "manifest.toml")
        for path in sorted((REPO / "scenarios").glob("*.toml")):
            if "[bootconfig]" not in path.read_text():
                continue
            with self.subTest(path.name):
                scn = scenario.load(REPO / "scenarios", path.stem, manifest)
                self.assertGreaterEqual(len(scn.bootconfig.image()), 72)


class DocTest(unittest.TestCase):
    def test_the_documented_example_compiles(self):
        text = (REPO / "docs" / "federation.md").read_text()
        section = text.split("## Boot configuration", 1)[1].split("\n## ", 1)[0]
        example = tomllib.loads(section.split("```toml\n", 1)[1].split("```", 1)[0])
        modules = ["procd", "deviced", "drv-serial", "seriald", "phase0-probe"]
        cfg = bc.parse(example["bootconfig"], "docs [bootconfig]", modules)
        self.assertEqual([s.role for s in cfg.services], modules)
        self.assertEqual(bc.launch_order(cfg.services), [0, 1, 2, 3, 4])


class ImageAssemblyTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        self.layout = Layout(self.root)
        self.probe = self.root / "probe.elf"
        self.probe.write_bytes(b"\x7fELF probe")

    def tearDown(self):
        self.tmp.cleanup()

    def modules(self, scn):
        return pipeline.image_modules(self.layout, scn, lambda ref: self.probe)

    def test_bootconfig_is_the_last_module(self):
        scn = scenario_parse(SCENARIO)
        mods = self.modules(scn)
        bcfg = self.root / "build" / "bootconfig" / "s.bcfg"
        self.assertEqual(mods, (("probe", self.probe), ("bootconfig", bcfg)))
        self.assertEqual(bcfg.read_bytes(), scn.bootconfig.image())
        spec = image.ImageSpec("s", self.probe, "", mods, False)
        self.assertTrue(image.grub_cfg(spec).endswith(
            "    module2 /boot/modules/probe probe\n"
            "    module2 /boot/modules/bootconfig bootconfig\n    boot\n}\n"))
        no_cfg = scenario_parse(SCENARIO.split("[bootconfig]")[0])
        self.assertEqual(self.modules(no_cfg), (("probe", self.probe),))

    def test_written_only_on_change_and_stamped(self):
        scn = scenario_parse(SCENARIO)
        mods = self.modules(scn)
        bcfg = mods[-1][1]
        spec = image.ImageSpec("s", self.probe, "", mods, False)
        first, mtime = image.inputs_hash(spec), bcfg.stat().st_mtime_ns
        os.utime(bcfg, ns=(mtime - 10**9, mtime - 10**9))
        old = bcfg.stat().st_mtime_ns
        self.modules(scn)
        self.assertEqual(bcfg.stat().st_mtime_ns, old)  # same bytes: untouched
        self.assertEqual(image.inputs_hash(spec), first)
        self.modules(scenario_parse(SCENARIO.replace("priority = 100", "priority = 101")))
        self.assertNotEqual(bcfg.stat().st_mtime_ns, old)
        self.assertNotEqual(image.inputs_hash(spec), first)  # the ISO will be rebuilt


# --- lib-bootcfg's parser over the compiler's output ------------------------------------

CHECKER = r"""
#include <stdio.h>
#include <stdlib.h>
#include <erix/bootcfg.h>
static _Alignas(8) unsigned char buf[ERIX_BOOTCFG_MAX_SIZE + 16];
int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
        struct erix_bootcfg_view v;
        uint16_t order[ERIX_BOOTCFG_MAX_SERVICES];
        erix_status_t st = erix_bootcfg_parse(buf, n, &v);
        if (st == ERIX_OK)
            st = erix_bootcfg_order(&v, order);
        printf("%s\n", erix_status_name(st));
        if (f)
            fclose(f);
    }
    return 0;
}
"""


@unittest.skipUnless(shutil.which("cc"), "no host C compiler")
class CParserTest(unittest.TestCase):
    """What the compiler writes, parsed by lib-bootcfg (built here with the host cc)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        tmp = Path(cls.tmp.name)
        (tmp / "check.c").write_text(CHECKER)
        sources = sorted((LIB / "src").glob("*.c")) + [
            REPO / "repos/lib-ipc/src/envelope.c", REPO / "repos/lib-ipc/src/status.c"]
        cls.exe = tmp / "check"
        subprocess.run(["cc", "-std=gnu11", "-O1", "-I", str(LIB / "include"),
                        "-I", str(REPO / "repos/lib-ipc/include"), str(tmp / "check.c"),
                        *map(str, sources), "-o", str(cls.exe)], check=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def statuses(self, images: list[bytes]) -> list[str]:
        paths = []
        for i, data in enumerate(images):
            path = Path(self.tmp.name) / f"{i}.bcfg"
            path.write_bytes(data)
            paths.append(str(path))
        done = subprocess.run([str(self.exe), *paths], capture_output=True, text=True,
                              check=True)
        return done.stdout.split()

    def test_compiled_configs_parse(self):
        tables = [copy.deepcopy(BASE), {"validation_profile": "none"}]
        t = copy.deepcopy(BASE)
        t["drivers"][0] = {"service": "drv-serial", "match": "pci"}
        tables.append(t)
        images = [compile_(x).image() for x in tables] + [GOLDEN_BCFG.read_bytes()]
        self.assertEqual(self.statuses(images), ["ERIX_OK"] * len(images))

    def test_restart_always_outside_procd_staged_is_refused_in_c_too(self):
        """What the compiler refuses by name (restart = "always" for anything but
        procd-staged), the parser refuses as DENIED (lib-bootcfg rule 22)."""
        cfg = compile_()
        images = []
        for i in range(3):  # rootd-direct, deviced-driver, procd-spawn
            services = list(cfg.services)
            services[i] = dataclasses.replace(services[i], restart=bc.RESTART["always"])
            images.append(bc.encode(dataclasses.replace(cfg, services=tuple(services))))
        staged = dataclasses.replace(cfg.services[1], role="logd", caps=(),
                                     launch=bc.LAUNCH["procd-staged"],
                                     restart=bc.RESTART["always"])
        images.append(bc.encode(dataclasses.replace(cfg, services=cfg.services + (staged,))))
        self.assertEqual(self.statuses(images), ["ERIX_ERR_DENIED"] * 3 + ["ERIX_OK"])

    def test_corruptions_are_refused_as_rootd_will_see_them(self):
        images = []
        for mode in bc.CORRUPTIONS:
            t = copy.deepcopy(BASE)
            t["corrupt"] = mode
            images.append(compile_(t).image())
        self.assertEqual(self.statuses(images),
                         ["ERIX_ERR_MALFORMED", "ERIX_ERR_MALFORMED", "ERIX_ERR_TRUNCATED"])


# --- end to end: a fixture tree's image carries the module --------------------------------

E2E_CFG = """
[bootconfig]
validation_profile = "none"
[[bootconfig.services]]
role = "blobd"
module = "blob"
launch = "procd-staged"
priority = 10
"""


class CommandLineTest(unittest.TestCase):
    """A compile error through ./integrate.py: one `error:` line, exit 2 (no tools needed)."""

    def test_compile_error_is_one_line_and_exit_2(self):
        with tempfile.TemporaryDirectory() as tmp:
            bad = fixture_scenario("bad") + E2E_CFG.replace('"procd-staged"', '"staged"')
            root = make_tree(Path(tmp), {"bad": bad})
            done = integrate(root, "build", "--scenario", "bad")
            self.assertEqual(done.returncode, 2)
            self.assertEqual(done.stderr.strip(),
                             "error: scenarios/bad.toml [bootconfig] service 'blobd' launch: "
                             "unknown launch kind 'staged' (known: rootd-direct, procd-staged, "
                             "deviced-driver, procd-spawn)")



@unittest.skipUnless(tools_present(), "host toolchain missing: ./integrate.py doctor --install")
class EndToEndTest(unittest.TestCase):
    def test_image_carries_and_rebuilds_on_bootconfig(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = make_tree(Path(tmp), {"cfg": fixture_scenario("boot config") + E2E_CFG})
            first = integrate(root, "build", "--scenario", "cfg")
            self.assertEqual(first.returncode, 0, first.stdout + first.stderr)
            stage = root / "build/images/cfg/iso/boot"
            bcfg = root / "build/bootconfig/cfg.bcfg"
            self.assertIn("module2 /boot/modules/blob blob\n    module2 /boot/modules/"
                          "bootconfig bootconfig\n", (stage / "grub/grub.cfg").read_text())
            self.assertEqual((stage / "modules/bootconfig").read_bytes(), bcfg.read_bytes())
            self.assertEqual(bcfg.read_bytes()[:8], b"ERIXBCFG")
            again = integrate(root, "build", "--scenario", "cfg")
            self.assertRegex(again.stdout, r"image cfg .*up to date")
            path = root / "scenarios/cfg.toml"
            path.write_text(path.read_text().replace("priority = 10", "priority = 11"))
            third = integrate(root, "build", "--scenario", "cfg")
            self.assertEqual(third.returncode, 0, third.stdout + third.stderr)
            self.assertNotRegex(third.stdout, r"image cfg .*up to date")
            self.assertEqual((stage / "modules/bootconfig").read_bytes(), bcfg.read_bytes())


if __name__ == "__main__":
    unittest.main()
