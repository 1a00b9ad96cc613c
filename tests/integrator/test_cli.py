"""The command line: --help everywhere, and bad input as ONE `error:` line, exit 2."""
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from integrator import cli

from .fixtures import INTEGRATE, MANIFEST, integrate, make_tree, scenario, write

COMMANDS = ("doctor", "list", "lock", "verify", "sysroot", "build", "test", "run")


class HelpTest(unittest.TestCase):
    def test_help_everywhere(self):
        done = subprocess.run([sys.executable, str(INTEGRATE), "--help"],
                              capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        for command in COMMANDS:
            self.assertIn(command, done.stdout)
        for command in COMMANDS:
            with self.subTest(command=command):
                out = io.StringIO()
                with contextlib.redirect_stdout(out), self.assertRaises(SystemExit) as ctx:
                    cli.main([command, "--help"])
                self.assertEqual(ctx.exception.code, 0)
                self.assertIn(f"usage: integrate.py {command}", out.getvalue())

    def test_integrate_is_a_thin_executable(self):
        self.assertTrue(os.access(INTEGRATE, os.X_OK))
        text = INTEGRATE.read_text()
        self.assertTrue(text.startswith("#!/usr/bin/env python3\n"))
        self.assertIn("from integrator.cli import main", text)


class BadInputTest(unittest.TestCase):
    """Each mistake gives exit 2 and a single line `error: ...` on stderr."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = make_tree(Path(self.tmp.name), {"ok": scenario()})

    def tearDown(self):
        self.tmp.cleanup()

    def assertError(self, args, *fragments, env=None):
        done = integrate(self.root, *args) if env is None else subprocess.run(
            [sys.executable, str(INTEGRATE), "--root", str(self.root), *args],
            capture_output=True, text=True, env=env)
        self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
        lines = done.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, done.stderr)
        self.assertTrue(lines[0].startswith("error: "), lines[0])
        for fragment in fragments:
            self.assertIn(fragment, lines[0])
        return lines[0]

    def test_manifest_unknown_key(self):
        write(self.root, {"manifest.toml": MANIFEST + "\n[extra]\n"})
        self.assertError(["list"], "unknown key 'extra'")

    def test_manifest_cycle(self):
        write(self.root, {"manifest.toml": MANIFEST.replace(
            'source = "repos/lib-fix"', 'source = "repos/lib-fix"\ndepends = ["kernel"]')})
        self.assertError(["build", "--all"], "dependency cycle")

    def test_manifest_missing_dependency(self):
        write(self.root, {"manifest.toml": MANIFEST.replace('depends = ["lib-fix"]',
                                                            'depends = ["lib-gone"]')})
        self.assertError(["list"], "'lib-gone'")

    def test_missing_component_folder(self):
        write(self.root, {"manifest.toml": MANIFEST.replace('"repos/kernel"', '"repos/gone"')})
        self.assertError(["build", "--scenario", "ok"], "repos/gone/meson.build does not exist")

    def test_unknown_scenario(self):
        self.assertError(["build", "--scenario", "nope"], "unknown scenario 'nope'")

    def test_scenario_unknown_option(self):
        write(self.root, {"scenarios/bad.toml": scenario(options={"no_such": True})})
        self.assertError(["build", "--scenario", "bad"], "scenarios/bad.toml",
                         "no Meson option 'no_such'")

    def test_scenario_wrong_option_type(self):
        write(self.root, {"scenarios/bad.toml": scenario(options={"exit_code": "16"})})
        self.assertError(["test", "--scenario", "bad"], "has type integer")

    def test_scenario_unknown_component_and_artifact(self):
        write(self.root, {"scenarios/bad.toml": scenario().replace("[components.kernel]",
                                                                   "[components.rootd]")})
        self.assertError(["build", "--scenario", "bad"], "unknown component 'rootd'")
        write(self.root, {"scenarios/bad.toml": scenario().replace("kernel:blob", "kernel:nope")})
        self.assertError(["build", "--scenario", "bad"], "no artifact 'nope'")

    def test_build_needs_a_selection(self):
        self.assertError(["build"], "--scenario NAME or --all")

    def test_missing_host_tool(self):
        env = dict(os.environ, PATH="/nonexistent")
        self.assertError(["build", "--scenario", "ok"], "host tool", "doctor --install", env=env)

    def test_only_failed_without_report(self):
        self.assertError(["test", "--only-failed"], "needs a previous report")

    def test_bad_override(self):
        self.assertError(["test", "--scenario", "ok", "--memory", "lots"], "--memory")

    def test_list(self):
        done = integrate(self.root, "list")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("lib-fix", done.stdout)
        self.assertRegex(done.stdout, r"ok\s+boots \(main\)")


if __name__ == "__main__":
    unittest.main()


class TestSelectionTest(unittest.TestCase):
    """What `test` runs: the whole suite includes every appliance; a selection only
    what it names."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = make_tree(Path(self.tmp.name), {"ok": scenario()})
        write(self.root, {"appliances/app-a.toml": "description = 'a'\n",
                          "appliances/app-b.toml": "description = 'b'\n"})
        from integrator.layout import Layout
        from integrator.manifest import load
        self.layout = Layout(self.root)
        self.manifest = load(self.layout.manifest)

    def tearDown(self):
        self.tmp.cleanup()

    def select(self, *argv):
        parser_args = cli.build_parser().parse_args(["test", *argv])
        return cli._test_selection(self.layout, self.manifest, parser_args)

    def test_the_whole_suite_boots_every_appliance(self):
        own, units, names, apps = self.select()
        self.assertTrue(own)
        self.assertEqual(names, ["ok"])
        self.assertEqual(apps, ["app-a", "app-b"])

    def test_a_selection_runs_only_what_it_names(self):
        self.assertEqual(self.select("--scenario", "ok")[3], [])
        self.assertEqual(self.select("--all")[3], [])
        self.assertEqual(self.select("--appliance", "app-b")[2:], ([], ["app-b"]))
