"""Scenario parsing: defaults, every error, overrides, and the tree's own scenarios."""
import tomllib
import unittest

from integrator import manifest, scenario
from integrator.errors import IntegratorError
from integrator.layout import DEFAULT_ROOT
from integrator.scenario import Overrides

from .test_manifest import BASE

MANIFEST = manifest.parse(tomllib.loads(BASE.replace(
    'artifacts = { kernel = "erix-kernel" }',
    'artifacts = { kernel = "erix-kernel", probe = "probe.elf" }')))

GOOD = """
description = "boots"
[components.kernel]
options = { debug_exit = true }
[boot]
kernel = "kernel:kernel"
cmdline = "root=rootd quiet"
modules = [ { name = "probe", artifact = "kernel:probe" } ]
[qemu]
memory = "256M"
[expect]
markers = ["ERIX_KERNEL:BOOT", "ERIX_KERNEL:MEM"]
forbidden = ["ERIX_KERNEL:OOPS"]
exit_code = 0x10
timeout = 30
"""


def parse(text: str):
    return scenario.parse("s", tomllib.loads(text), MANIFEST, "scenarios/s.toml")


class ScenarioTest(unittest.TestCase):
    def assertRefused(self, text: str, *fragments: str) -> None:
        with self.assertRaises(IntegratorError) as ctx:
            parse(text)
        for fragment in fragments:
            self.assertIn(fragment, str(ctx.exception))

    def test_good(self):
        s = parse(GOOD)
        self.assertEqual(s.options_for("kernel"), {"debug_exit": True})
        self.assertEqual(s.options_for("lib-ipc"), {})
        self.assertEqual(str(s.boot.kernel), "kernel:kernel")
        self.assertEqual(s.boot.modules[0][0], "probe")
        self.assertEqual((s.qemu.machine, s.qemu.memory, s.qemu.smp, s.qemu.firmware),
                         ("q35", "256M", 1, "bios"))
        self.assertFalse(s.qemu.hybrid)
        self.assertEqual(s.expect.exit_code, 0x10)
        self.assertEqual(s.roots(), ["kernel"])

    def test_forbidden_defaults_and_expected_markers(self):
        s = parse(GOOD)
        self.assertEqual(s.expect.all_forbidden(), ("ERIX_KERNEL:PANIC", "ERIX_KERNEL:OOPS"))
        s = parse(GOOD.replace('"ERIX_KERNEL:MEM"', '"ERIX_KERNEL:PANIC"'))
        self.assertEqual(s.expect.all_forbidden(), ("ERIX_KERNEL:OOPS",))

    def test_unknown_key(self):
        self.assertRefused(GOOD + "\nextra = 1\n", "unknown key 'extra'")
        self.assertRefused(GOOD.replace("timeout = 30", "timeout = 30\nretries = 2"),
                           "[expect]", "unknown key 'retries'")

    def test_unknown_component(self):
        self.assertRefused(GOOD.replace("[components.kernel]", "[components.rootd]"),
                           "unknown component 'rootd'")

    def test_unknown_artifact(self):
        self.assertRefused(GOOD.replace('"kernel:probe"', '"kernel:nope"'),
                           "modules[0]", "no artifact 'nope'")
        self.assertRefused(GOOD.replace('kernel = "kernel:kernel"', 'kernel = "rootd:rootd"'),
                           "component:artifact")
        self.assertRefused(GOOD.replace('kernel = "kernel:kernel"', 'kernel = "kernel"'),
                           "component:artifact")

    def test_library_options_refused(self):
        text = GOOD + '\n[components.lib-ipc]\noptions = { x = 1 }\n'
        self.assertRefused(text, "library options")

    def test_bad_values(self):
        self.assertRefused(GOOD.replace('memory = "256M"', 'machine = "virt"'), "machine")
        self.assertRefused(GOOD.replace('memory = "256M"', 'memory = "lots"'), "128M")
        self.assertRefused(GOOD.replace('memory = "256M"', 'smp = 0'), "between 1 and 64")
        self.assertRefused(GOOD.replace('memory = "256M"', 'firmware = "coreboot"'), "bios, uefi")
        self.assertRefused(GOOD.replace("exit_code = 0x10", "exit_code = 0x100"), "0..0x7f")
        self.assertRefused(GOOD.replace("exit_code = 0x10", ""), "missing required key 'exit_code'")
        self.assertRefused(GOOD.replace('"ERIX_KERNEL:MEM"', '""'), "non-empty")
        self.assertRefused(GOOD.replace('name = "probe"', 'name = "../x"'), "plain file name")
        self.assertRefused(GOOD.replace("quiet", "it's"), "quotes")

    def test_uefi_implies_hybrid(self):
        s = parse(GOOD.replace('memory = "256M"', 'firmware = "uefi"'))
        self.assertTrue(s.qemu.hybrid)
        self.assertTrue(parse(GOOD.replace('memory = "256M"', 'image = "hybrid"')).qemu.hybrid)

    def test_overrides(self):
        s = parse(GOOD)
        o = Overrides(machine="pc", smp=2, firmware="uefi", icount=True)
        q = o.apply(s.qemu)
        self.assertEqual((q.machine, q.memory, q.smp, q.firmware, q.icount),
                         ("pc", "256M", 2, "uefi", True))
        self.assertEqual(o.flags(), ["--machine", "pc", "--smp", "2", "--firmware", "uefi",
                                     "--icount"])
        self.assertEqual(Overrides().apply(s.qemu), s.qemu)

    def test_unknown_scenario_file(self):
        with self.assertRaises(IntegratorError) as ctx:
            scenario.load(DEFAULT_ROOT / "scenarios", "no-such-scenario", MANIFEST)
        self.assertIn("unknown scenario 'no-such-scenario'", str(ctx.exception))

    def test_tree_scenarios_parse(self):
        """Every scenario in the tree parses against the real manifest."""
        real = manifest.load(DEFAULT_ROOT / "manifest.toml")
        for name in scenario.names(DEFAULT_ROOT / "scenarios"):
            with self.subTest(scenario=name):
                scenario.load(DEFAULT_ROOT / "scenarios", name, real)


if __name__ == "__main__":
    unittest.main()
