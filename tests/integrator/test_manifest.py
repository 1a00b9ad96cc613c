"""manifest.toml parsing: the real manifest, every error, dependency order."""
import tomllib
import unittest

from integrator import manifest
from integrator.errors import IntegratorError
from integrator.layout import DEFAULT_ROOT

BASE = """
schema = 1
[project]
name = "erix"
version = "0.1.0"
main_scenario = "boot"
[toolchain.clang]
min = "14.0"
package = "clang"
[toolchain-files.grub-pc]
path = "/usr/lib/grub/i386-pc/modinfo.sh"
package = "grub-pc-bin"
[components.lib-ipc]
kind = "library"
source = "repos/lib-ipc"
[components.kernel]
kind = "kernel"
source = "repos/kernel"
depends = ["lib-ipc"]
artifacts = { kernel = "erix-kernel" }
"""


def parse(text: str):
    return manifest.parse(tomllib.loads(text))


class ManifestTest(unittest.TestCase):
    def assertRefused(self, text: str, *fragments: str) -> None:
        with self.assertRaises(IntegratorError) as ctx:
            parse(text)
        for fragment in fragments:
            self.assertIn(fragment, str(ctx.exception))

    def test_valid_manifest(self):
        m = parse(BASE)
        self.assertEqual(m.project.main_scenario, "boot")
        self.assertEqual(m.order, ("lib-ipc", "kernel"))
        self.assertEqual(m.components["kernel"].artifacts, {"kernel": "erix-kernel"})
        self.assertEqual(m.tools["clang"].version_args, ("--version",))
        self.assertFalse(m.files["grub-pc"].optional)
        self.assertEqual([c.name for c in m.libraries()], ["lib-ipc"])

    def test_real_manifest_parses(self):
        m = manifest.load(DEFAULT_ROOT / "manifest.toml")
        self.assertEqual(m.project.main_scenario, "phase0-kernel-boot")
        self.assertEqual(m.order[0], "lib-ipc")
        self.assertIn("lib-ipc", m.components["kernel"].depends)
        for tool in ("clang", "ld.lld", "meson", "ninja", "qemu-system-x86_64", "grub-mkrescue",
                     "xorriso", "mformat", "pkg-config", "llvm-ar"):
            self.assertIn(tool, m.tools)
        self.assertTrue(m.files["ovmf"].optional)

    def test_unknown_top_level_key(self):
        self.assertRefused(BASE + "\nextra = 1\n", "unknown key 'extra'")

    def test_unknown_component_key(self):
        self.assertRefused(BASE.replace('kind = "kernel"', 'kind = "kernel"\ndependz = []'),
                           "components.kernel", "unknown key 'dependz'")

    def test_unknown_tool_key(self):
        self.assertRefused(BASE.replace('package = "clang"', 'package = "clang"\nmax = "1"'),
                           "toolchain.clang", "unknown key 'max'")

    def test_missing_required_key(self):
        self.assertRefused(BASE.replace('source = "repos/kernel"', ""),
                           "missing required key 'source'")

    def test_bad_kind(self):
        self.assertRefused(BASE.replace('kind = "kernel"', 'kind = "daemon"'), "kind = 'daemon'")

    def test_missing_dependency(self):
        self.assertRefused(BASE.replace('depends = ["lib-ipc"]', 'depends = ["lib-nope"]'),
                           "depends on 'lib-nope'", "not a component")

    def test_cycle(self):
        text = BASE.replace('source = "repos/lib-ipc"',
                            'source = "repos/lib-ipc"\ndepends = ["kernel"]')
        self.assertRefused(text, "dependency cycle", "lib-ipc -> kernel -> lib-ipc")

    def test_self_cycle(self):
        self.assertRefused(BASE.replace('depends = ["lib-ipc"]', 'depends = ["kernel"]'),
                           "cycle: kernel -> kernel")

    def test_external_source(self):
        commit = "0123456789abcdef0123456789abcdef01234567"
        m = parse(BASE.replace('source = "repos/kernel"',
                               f'source = {{ git = "file:///x.git", commit = "{commit}" }}'))
        self.assertEqual(m.components["kernel"].source.commit, commit)
        self.assertFalse(m.components["kernel"].in_tree)

    def test_external_bad_commit(self):
        self.assertRefused(BASE.replace('source = "repos/kernel"',
                                        'source = { git = "x", commit = "abc" }'),
                           "40 lower-case hex")

    def test_external_unknown_key(self):
        self.assertRefused(BASE.replace('source = "repos/kernel"',
                                        'source = { git = "x", branch = "main" }'),
                           "unknown key 'branch'")

    def test_source_outside_tree(self):
        self.assertRefused(BASE.replace('"repos/kernel"', '"../kernel"'), "inside the tree")

    def test_bad_schema_and_types(self):
        self.assertRefused(BASE.replace("schema = 1", "schema = 2"), "not supported")
        self.assertRefused(BASE.replace('min = "14.0"', 'min = 14'), "expected str")
        self.assertRefused(BASE.replace('min = "14.0"', 'min = "fourteen"'), "not a version")

    def test_artifact_path_inside_build_dir(self):
        self.assertRefused(BASE.replace('"erix-kernel"', '"/abs/kernel"'), "inside the build dir")

    def test_closure_and_unknown_component(self):
        m = parse(BASE)
        self.assertEqual(m.closure(["kernel"]), ["lib-ipc", "kernel"])
        with self.assertRaises(IntegratorError):
            m.component("nope")

    def test_missing_file(self):
        from pathlib import Path
        with self.assertRaises(IntegratorError) as ctx:
            manifest.load(Path("/nonexistent/manifest.toml"))
        self.assertIn("--root", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
