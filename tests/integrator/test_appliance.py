"""Appliance definitions (appliances/NAME.toml): defaults, every error, a format
that holds appliance-serial, and the tree's own appliances."""
import tomllib
import unittest

from integrator import appliance, bootconfig, manifest
from integrator.errors import IntegratorError
from integrator.layout import DEFAULT_ROOT

from .test_manifest import BASE

MANIFEST = manifest.parse(tomllib.loads(BASE.replace(
    'artifacts = { kernel = "erix-kernel" }',
    'artifacts = { kernel = "erix-kernel" }\n'
    '[components.rootd]\nkind = "service"\nsource = "repos/rootd"\ndepends = ["lib-ipc"]\n'
    'artifacts = { rootd = "rootd" }\n'
    '[components.procd]\nkind = "service"\nsource = "repos/procd"\ndepends = ["lib-ipc"]\n'
    'artifacts = { procd = "procd" }\n'
    '[components.deviced]\nkind = "service"\nsource = "repos/deviced"\ndepends = ["lib-ipc"]\n'
    'artifacts = { deviced = "deviced" }\n'
    '[components.drv-serial]\nkind = "driver"\nsource = "repos/drivers/serial"\n'
    'depends = ["lib-ipc"]\nartifacts = { drv-serial = "drv-serial" }\n'
    '[components.probed]\nkind = "service"\nsource = "repos/probed"\ndepends = ["lib-ipc"]\n'
    'artifacts = { probed = "probed" }\n')))

GOOD = """
description = "kernel, rootd, procd"
firmware = ["uefi", "bios"]
[components.kernel]
options = { release = true }
[components.rootd]
options = {}
[boot]
kernel = "kernel:kernel"
cmdline = "erix.root=rootd"
modules = [
  { name = "rootd", artifact = "rootd:rootd" },
  { name = "procd", artifact = "procd:procd" },
]
[bootconfig]
validation_profile = "none"
[[bootconfig.services]]
role = "procd"
launch = "rootd-direct"
priority = 150
caps = [ { from = "rootd-ready", slot = 33, rights = ["send"], purpose = "ready" } ]
"""

# The appliance the issue names next: it must fit the same format unchanged.
SERIAL = """
description = "serial console appliance"
version = "1.0.0"
firmware = ["bios", "uefi"]
[components.kernel]
options = { release = true }
[components.rootd]
options = { release = true }
[components.deviced]
options = { release = true }
[boot]
kernel = "kernel:kernel"
cmdline = "erix.root=rootd"
modules = [
  { name = "rootd", artifact = "rootd:rootd" },
  { name = "procd", artifact = "procd:procd" },
  { name = "deviced", artifact = "deviced:deviced" },
  { name = "drv-serial", artifact = "drv-serial:drv-serial" },
  { name = "probed", artifact = "probed:probed" },
]
[bootconfig]
validation_profile = "none"
[[bootconfig.services]]
role = "procd"
launch = "rootd-direct"
priority = 150
[[bootconfig.services]]
role = "deviced"
launch = "procd-staged"
priority = 130
depends = ["procd"]
[[bootconfig.services]]
role = "drv-serial"
launch = "deviced-driver"
priority = 120
depends = ["deviced"]
caps = [
  { from = "kernel-family", family = "com1", slot = 2208, rights = ["send"], purpose = "primary-control" },
]
[[bootconfig.services]]
role = "probed"
launch = "procd-spawn"
priority = 100
depends = ["procd"]
[[bootconfig.drivers]]
service = "drv-serial"
match = "platform"
consumer_role = "deviced"
[qemu]
machine = "pc"
memory = "256M"
[test]
timeout = 90
forbidden = ["DRV_SERIAL:FAILED"]
"""


def parse(text: str, name: str = "app"):
    return appliance.parse(name, tomllib.loads(text), MANIFEST, f"appliances/{name}.toml")


class ApplianceTest(unittest.TestCase):
    def assertRefused(self, text: str, *fragments: str, name: str = "app") -> None:
        with self.assertRaises(IntegratorError) as ctx:
            parse(text, name)
        message = str(ctx.exception)
        self.assertEqual(len(message.splitlines()), 1, message)
        self.assertIn(f"appliances/{name}.toml", message)
        for fragment in fragments:
            self.assertIn(fragment, message)

    def test_good(self):
        app = parse(GOOD)
        self.assertEqual(app.version, "0.1.0")  # from [project]
        self.assertEqual(app.release_name, "app-0.1.0")
        self.assertEqual(app.firmware, ("bios", "uefi"))  # canonical order
        self.assertEqual(app.options_for("kernel"), {"release": True})
        self.assertEqual(app.roots(), ["kernel", "rootd", "procd"])
        self.assertEqual([str(r) for r in app.artifacts()],
                         ["kernel:kernel", "rootd:rootd", "procd:procd"])
        self.assertEqual(app.bootconfig.profile, "none")
        self.assertEqual(app.bootconfig.image()[:8], bootconfig.MAGIC)
        self.assertTrue(app.strip)
        self.assertEqual(app.test.ready, "ERIX_ROOTD:READY")
        for marker in ("ROOTD_STAGE", "ERIX_DEVICED:READY", "ERIX_KERNEL:PANIC"):
            self.assertIn(marker, app.test.forbidden)
        self.assertEqual((app.qemu.machine, app.qemu.memory), ("q35", "128M"))

    def test_appliance_serial_fits(self):
        app = parse(SERIAL, "appliance-serial")
        self.assertEqual(app.release_name, "appliance-serial-1.0.0")
        self.assertEqual(len(app.bootconfig.services), 4)
        self.assertEqual(len(app.bootconfig.drivers), 1)
        self.assertEqual(app.roots(), ["kernel", "rootd", "deviced", "procd", "drv-serial",
                                       "probed"])
        self.assertIn("DRV_SERIAL:FAILED", app.test.forbidden)
        self.assertEqual(app.test.timeout, 90.0)

    def test_no_bootconfig_is_allowed(self):
        text = GOOD.split("[bootconfig]")[0]
        self.assertIsNone(parse(text).bootconfig)

    def test_required_and_unknown_keys(self):
        self.assertRefused(GOOD.replace('firmware = ["uefi", "bios"]', ""),
                           "missing required key 'firmware'")
        self.assertRefused(GOOD.replace('description = "kernel, rootd, procd"', ""),
                           "missing required key 'description'")
        self.assertRefused("extra = 1\n" + GOOD, "unknown key 'extra'")
        self.assertRefused(GOOD + "[qemu]\nfirmware = \"uefi\"\n", "[qemu]",
                           "unknown key 'firmware'")
        self.assertRefused(GOOD + "[test]\nexit_code = 16\n", "[test]", "unknown key 'exit_code'")

    def test_firmware(self):
        self.assertRefused(GOOD.replace('["uefi", "bios"]', "[]"), "at least one")
        self.assertRefused(GOOD.replace('["uefi", "bios"]', '["bios", "coreboot"]'),
                           "'coreboot'")
        self.assertRefused(GOOD.replace('["uefi", "bios"]', '["bios", "bios"]'), "twice")
        self.assertRefused(GOOD.replace('["uefi", "bios"]', '"bios"'), "firmware", "expected list")
        self.assertEqual(parse(GOOD.replace('["uefi", "bios"]', '["uefi"]')).firmware, ("uefi",))

    def test_release_false_refused(self):
        self.assertRefused(GOOD.replace("options = { release = true }",
                                        "options = { release = false }"),
                           "[components.kernel]", "release profile")

    def test_components(self):
        self.assertRefused(GOOD + "[components.nope]\n", "unknown component 'nope'")
        self.assertRefused(GOOD + "[components.lib-ipc]\noptions = { x = 1 }\n",
                           "library options")
        self.assertRefused(GOOD.replace('"rootd:rootd"', '"rootd:nope"'), "no artifact 'nope'")

    def test_bootconfig_rules(self):
        self.assertRefused(GOOD.replace('validation_profile = "none"',
                                        'validation_profile = "phase0-boot"'),
                           "validation_profile", '"none"', "'phase0-boot'")
        self.assertRefused(GOOD.replace('validation_profile = "none"',
                                        'validation_profile = "none"\ncorrupt = "bad-magic"'),
                           "corrupt")
        self.assertRefused(GOOD.replace('{ name = "procd", artifact = "procd:procd" }',
                                        '{ name = "bootconfig", artifact = "procd:procd" }'),
                           "'bootconfig'")
        self.assertRefused(GOOD.replace('role = "procd"', 'role = "procd"\nmodule = "nope"'),
                           "[bootconfig]", "nope")

    def test_version_and_name(self):
        self.assertEqual(parse('version = "2.0~rc1"\n' + GOOD).version, "2.0~rc1")
        self.assertRefused('version = "1.0-beta"\n' + GOOD, "version", "no '-'")
        self.assertRefused(GOOD, "lower case", name="App")

    def test_test_table(self):
        app = parse(GOOD + "[test]\ntimeout = 5\ngrace = 0.5\nforbidden = [\"X:BAD\"]\n")
        self.assertEqual((app.test.timeout, app.test.grace), (5.0, 0.5))
        self.assertEqual(app.test.forbidden[-1], "X:BAD")
        self.assertRefused(GOOD + "[test]\ntimeout = 0\n", "timeout", "positive")
        self.assertRefused(GOOD + "[test]\nforbidden = [\"ERIX_ROOTD:READY\"]\n",
                           "what the boot must reach")
        app = parse(GOOD + "[test]\nafter_ready = [\"SERIALD:RUNNING\"]\n")
        self.assertEqual(app.test.after_ready, ("SERIALD:RUNNING",))
        self.assertRefused(GOOD + "[test]\nforbidden = [\"X:BAD\"]\nafter_ready = [\"X:BAD 1\"]\n",
                           "after_ready", "also forbidden")
        self.assertRefused(GOOD + "[test]\nafter_ready = [\"ROOTD_STAGE:X\"]\n",
                           "also forbidden")

    def test_tree_appliances_parse(self):
        """Every appliance in the tree parses against the real manifest."""
        real = manifest.load(DEFAULT_ROOT / "manifest.toml")
        folder = appliance.folder(DEFAULT_ROOT)
        self.assertIn("appliance-phase0", appliance.names(folder))
        for name in appliance.names(folder):
            with self.subTest(appliance=name):
                app = appliance.load(folder, name, real)
                self.assertEqual(app.bootconfig.profile, "none")
        with self.assertRaises(IntegratorError) as ctx:
            appliance.load(folder, "nope", real)
        self.assertIn("unknown appliance 'nope'", str(ctx.exception))
        self.assertIn("appliance-phase0", str(ctx.exception))

    def test_phase0_matches_the_phase0_boot_scenario(self):
        """appliance-phase0's services are scenarios/phase0-boot.toml's."""
        from integrator import scenario
        real = manifest.load(DEFAULT_ROOT / "manifest.toml")
        app = appliance.load(appliance.folder(DEFAULT_ROOT), "appliance-phase0", real)
        scn = scenario.load(DEFAULT_ROOT / "scenarios", "phase0-boot", real)
        self.assertEqual(app.bootconfig.services, scn.bootconfig.services)
        self.assertEqual(app.boot.modules, scn.boot.modules)
        self.assertEqual(app.firmware, ("bios", "uefi"))


if __name__ == "__main__":
    unittest.main()
