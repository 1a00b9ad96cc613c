"""Host tools (version parsing, checks, install command) and the generated cross file."""
import configparser
import os
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from integrator import toolchain
from integrator.errors import IntegratorError
from integrator.manifest import FileNeed, Tool


class VersionTest(unittest.TestCase):
    def test_parse_real_outputs(self):
        cases = {
            "Debian clang version 14.0.6": (14, 0, 6),
            "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)": (7, 2, 22),
            "grub-mkrescue (GRUB) 2.06-13+deb12u2": (2, 6),
            "xorriso 1.5.4 : RockRidge filesystem manipulator": (1, 5, 4),
            "mformat (GNU mtools) 4.0.32": (4, 0, 32),
            "1.0.1": (1, 0, 1),
        }
        for text, want in cases.items():
            self.assertEqual(toolchain.parse_version(text), want, text)
        self.assertIsNone(toolchain.parse_version("no version here"))

    def test_compare(self):
        self.assertTrue(toolchain.version_at_least((2, 6), "2.06"))
        self.assertTrue(toolchain.version_at_least((1, 11, 1), "1.10"))
        self.assertFalse(toolchain.version_at_least((1, 9), "1.10"))
        self.assertTrue(toolchain.version_at_least((14,), "14.0"))
        self.assertFalse(toolchain.version_at_least((13, 9, 9), "14.0"))

    def test_check_tool_missing_old_ok(self):
        with tempfile.TemporaryDirectory() as tmp:
            fake = Path(tmp) / "faketool"
            fake.write_text("#!/bin/sh\necho 'faketool version 1.2.3'\n")
            fake.chmod(0o755)
            with mock.patch.dict(os.environ, {"PATH": tmp}):
                self.assertEqual(toolchain.check_tool(Tool("faketool", "1.2", "p")).state, "ok")
                old = toolchain.check_tool(Tool("faketool", "1.10", "p"))
                self.assertEqual((old.state, old.found), ("old", "1.2.3"))
                self.assertTrue(old.problem)
                self.assertEqual(toolchain.check_tool(Tool("nosuch", "1", "pkg")).state, "missing")

    def test_check_file_optional(self):
        absent = toolchain.check_file(FileNeed("ovmf", "/nonexistent/OVMF.fd", "ovmf", True))
        self.assertEqual(absent.state, "absent")
        self.assertFalse(absent.problem)
        self.assertTrue(absent.installable)
        missing = toolchain.check_file(FileNeed("grub", "/nonexistent/x", "grub-pc-bin"))
        self.assertTrue(missing.problem)

    def test_install_command(self):
        with mock.patch("os.geteuid", return_value=0):
            self.assertEqual(toolchain.install_command(["a", "b"]),
                             ["apt-get", "install", "-y", "a", "b"])
        with mock.patch("os.geteuid", return_value=1000), \
                mock.patch("shutil.which", return_value="/usr/bin/sudo"):
            self.assertEqual(toolchain.install_command(["a"])[:2], ["sudo", "apt-get"])
        with mock.patch("os.geteuid", return_value=1000), \
                mock.patch("shutil.which", return_value=None):
            self.assertIsNone(toolchain.install_command(["a"]))

    def test_install_on_debian_as_root(self):
        calls = []

        def fake_run(cmd, env=None, stdin=None):
            calls.append((cmd, env.get("DEBIAN_FRONTEND")))
            return mock.Mock(returncode=0)

        with mock.patch.object(toolchain, "is_debian", return_value=True), \
                mock.patch("os.geteuid", return_value=0), \
                mock.patch("subprocess.run", fake_run):
            self.assertTrue(toolchain.install(["xorriso", "mtools"], lambda line: None))
        self.assertEqual(calls, [(["apt-get", "install", "-y", "xorriso", "mtools"],
                                  "noninteractive")])

    def test_install_elsewhere_prints_the_command(self):
        said = []
        with mock.patch.object(toolchain, "is_debian", return_value=False):
            self.assertFalse(toolchain.install(["xorriso"], said.append))
        self.assertIn("apt-get install -y xorriso", said[0])

    def test_require_names_the_package_and_the_fix(self):
        from integrator.manifest import parse
        import tomllib
        from .test_manifest import BASE
        m = parse(tomllib.loads(BASE))
        with mock.patch("shutil.which", return_value=None):
            with self.assertRaises(IntegratorError) as ctx:
                toolchain.require(m, ["clang"])
        self.assertIn("host tool clang is missing (Debian package clang)", str(ctx.exception))
        self.assertIn("./integrate.py doctor --install", str(ctx.exception))
        with self.assertRaises(IntegratorError):
            toolchain.require(m, [], [("/nonexistent/modinfo.sh", "grub-pc-bin")])


class CrossFileTest(unittest.TestCase):
    def setUp(self):
        self.text = toolchain.cross_file_text(Path("/r/sysroot"))
        self.ini = configparser.ConfigParser()
        self.ini.read_string(self.text)

    def test_binaries(self):
        b = self.ini["binaries"]
        self.assertEqual(b["c"], "['clang', '--target=x86_64-unknown-none-elf']")
        self.assertEqual(b["c_ld"], "'lld'")
        self.assertEqual(b["ar"], "'llvm-ar'")
        self.assertEqual(b["strip"], "'llvm-strip'")

    def test_flags(self):
        args = self.ini["built-in options"]["c_args"]
        for flag in ("-ffreestanding", "-nostdlibinc", "-fno-stack-protector", "-fno-pic",
                     "-mno-red-zone", "-fno-builtin", "-mno-sse", "-mno-mmx"):
            self.assertIn(f"'{flag}'", args)
        self.assertEqual(self.ini["built-in options"]["c_link_args"], "['-nostdlib', '-static']")

    def test_sysroot_only(self):
        p = self.ini["properties"]
        self.assertEqual(p["sys_root"], "'/r/sysroot'")
        self.assertEqual(p["pkg_config_libdir"], "'/r/sysroot/usr/lib/pkgconfig'")
        self.assertEqual(p["needs_exe_wrapper"], "true")

    def test_host_machine(self):
        h = self.ini["host_machine"]
        self.assertEqual((h["system"], h["cpu_family"], h["cpu"], h["endian"]),
                         ("'none'", "'x86_64'", "'x86_64'", "'little'"))

    def test_written_only_when_changed(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "cross" / "x86_64-erix.ini"
            self.assertTrue(toolchain.write_if_changed(path, self.text))
            os.utime(path, (1, 1))
            self.assertFalse(toolchain.write_if_changed(path, self.text))
            self.assertEqual(path.stat().st_mtime, 1)
            self.assertTrue(toolchain.write_if_changed(path, self.text + "# x\n"))


if __name__ == "__main__":
    unittest.main()
