"""End to end on a throwaway tree (fixtures.py): sysroot, cross builds, ISOs, QEMU
boots, judging, reports, incremental no-op builds, failed sub-builds, unit tests.

Skipped when the host toolchain is not installed (./integrate.py doctor --install).
"""
import json
import os
import re
import tempfile
import time
import unittest
from pathlib import Path

from .fixtures import integrate, make_tree, scenario, tools_present, write

PANIC_TRIPLE = {"lines": ["TEST:BOOT", "ERIX_KERNEL:PANIC oops"], "mode": "triple"}
SCENARIOS = {
    "ok": scenario("boots and exits 0x10"),
    "wrong-exit": scenario("expects the wrong exit code", exit_code=0x11),
    "panic": scenario("prints a forbidden marker", options=PANIC_TRIPLE),
    "triple": scenario("expects the panic, then triple faults", options=PANIC_TRIPLE,
                       markers=("TEST:BOOT", "ERIX_KERNEL:PANIC oops")),
    "hang": scenario("never exits", options={"mode": "hang"}, timeout=1),
}
# OVMF takes ~5 s to boot under TCG: opt in with ERIX_SLOW_TESTS=1 (ci/ does).
SLOW = os.environ.get("ERIX_SLOW_TESTS") == "1"
if SLOW:
    SCENARIOS["uefi"] = scenario("boots on OVMF", qemu='firmware = "uefi"', timeout=60)
BOOTED = list(SCENARIOS)
SCENARIOS.update({"refused": scenario("meson setup fails", options={"refuse_setup": True}),
                  "broken": scenario("does not compile", options={"fail_build": True})})


@unittest.skipUnless(tools_present(), "host toolchain missing: ./integrate.py doctor --install")
class EndToEndTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = make_tree(Path(cls.tmp.name), SCENARIOS)
        cls.first = integrate(cls.root, "test", "--jobs", "2",
                              *[arg for name in BOOTED for arg in ("--scenario", name)])
        cls.report_text = (cls.root / "images/reports/report.json").read_text()
        cls.report = json.loads(cls.report_text)
        cls.status = {s["name"]: s for s in cls.report["scenarios"]}
        cls.ok_cmd = (cls.root / "images/logs/ok/qemu-cmd.txt").read_text()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_statuses(self):
        self.assertEqual(self.first.returncode, 1, self.first.stdout + self.first.stderr)
        got = {name: s["status"] for name, s in self.status.items()}
        want = {"ok": "pass", "wrong-exit": "fail", "panic": "fail", "hang": "timeout",
                "triple": "fail"}
        if SLOW:
            want["uefi"] = got["uefi"] if got["uefi"] == "skipped" else "pass"
        self.assertEqual(got, want, json.dumps(self.report, indent=1))

    def test_reasons_name_the_failed_expectation(self):
        self.assertIn("expected isa-debug-exit 0x11 (QEMU status 35), got QEMU status 33",
                      self.status["wrong-exit"]["reason"])
        self.assertIn("forbidden marker ERIX_KERNEL:PANIC", self.status["panic"]["reason"])
        self.assertIn("timed out after 1s", self.status["hang"]["reason"])
        self.assertTrue(self.status["triple"]["reason"].startswith("Triple fault in qemu.log"),
                        self.status["triple"]["reason"])
        self.assertEqual((self.status["ok"]["exit_code"], self.status["ok"]["exit_status"]),
                         (0x10, 33))

    def test_output(self):
        out = self.first.stdout
        self.assertRegex(out, r"(?m)^\[\d+/\d+\] sysroot lib-fix \(cross-[0-9a-f]{8}\)  \d+\.\ds")
        self.assertRegex(out, r"(?m)^\[\d+/\d+\] build kernel \(cross-[0-9a-f]{8}\)  \d+\.\ds")
        self.assertRegex(out, r"(?m)^\[\d+/\d+\] boot ok  \d+\.\ds  pass$")
        self.assertIn(f"reproduce: ./integrate.py --root {self.root} test --scenario wrong-exit",
                      out)
        self.assertIn("last 3 lines of images/logs/wrong-exit/serial.log:", out)
        self.assertRegex(out, r"(?m)^summary: \d passed, 4 failed, \d skipped$")

    def test_what_a_run_leaves(self):
        root = self.root
        for rel in ("build/cross/x86_64-erix.ini", "sysroot/usr/include/fix.h",
                    "sysroot/usr/lib/liberix-fix.a", "sysroot/usr/lib/pkgconfig/erix-fix.pc",
                    "images/ok.iso", "images/logs/ok/serial.log", "images/logs/ok/qemu.log",
                    "images/logs/ok/qemu-cmd.txt", "images/reports/junit.xml"):
            self.assertTrue((root / rel).is_file(), rel)
        self.assertTrue(list((root / "images/reports/history").glob("report-*.json")))
        self.assertTrue((root / "build/kernel").glob("cross-*/options.json"))
        self.assertIn("-cdrom images/ok.iso -serial file:images/logs/ok/serial.log", self.ok_cmd)
        cfg = (root / "build/images/ok/iso/boot/grub/grub.cfg").read_text()
        self.assertIn("module2 /boot/modules/blob blob", cfg)
        self.assertEqual((root / "build/images/ok/iso/boot/modules/blob").read_text(),
                         (root / "repos/kernel/blob.txt").read_text())

    def test_noop_build_then_incremental(self):
        iso = self.root / "images/ok.iso"
        before = iso.stat().st_mtime_ns
        start = time.monotonic()
        done = integrate(self.root, "build", *[a for n in BOOTED for a in ("--scenario", n)])
        elapsed = time.monotonic() - start
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertLess(elapsed, 2.5, done.stdout)
        steps = [line for line in done.stdout.splitlines() if line.startswith("[")]
        self.assertTrue(all(line.endswith("up to date") for line in steps), done.stdout)
        self.assertEqual(iso.stat().st_mtime_ns, before)
        kernel = self.root / "repos/kernel/kernel.S"
        kernel.write_text(kernel.read_text())  # same content, new mtime: ninja rebuilds
        done = integrate(self.root, "build", "--scenario", "ok")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertRegex(done.stdout, r"(?m)^\[\d/\d\] build kernel .*s$")
        self.assertRegex(done.stdout, r"(?m)^\[\d/\d\] image ok .*up to date$")
        self.assertEqual(iso.stat().st_mtime_ns, before)
        write(self.root, {"repos/kernel/blob.txt": "new payload\n"})
        done = integrate(self.root, "build", "--scenario", "ok")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertNotEqual(iso.stat().st_mtime_ns, before)

    def test_header_only_library_change_reaches_dependents(self):
        done = integrate(self.root, "build", "--scenario", "ok")
        self.assertEqual(done.returncode, 0, done.stderr)
        # fix_abi.h is installed but no library source includes it (like lib-ipc's
        # constant headers): ninja has nothing to rebuild in the library
        header = self.root / "repos/lib-fix/fix_abi.h"
        header.write_text(header.read_text() + "/* a header-only change */\n")
        done = integrate(self.root, "build", *[a for n in BOOTED for a in ("--scenario", n)])
        self.assertEqual(done.returncode, 0, done.stderr)
        installed = (self.root / "sysroot/usr/include/fix_abi.h").read_text()
        self.assertIn("a header-only change", installed)
        # the kernel includes fix.h: it is rebuilt, not "up to date"
        self.assertRegex(done.stdout, r"(?m)^\[\d+/\d+\] build kernel \S+\s+[0-9.]+s$")

    def test_only_failed_and_run(self):
        done = integrate(self.root, "run", "--scenario", "ok")
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("TEST:DONE", done.stdout)
        self.assertIn("QEMU status 33", done.stdout)
        (self.root / "images/reports/report.json").write_text(self.report_text)  # the first run
        done = integrate(self.root, "test", "--only-failed", "--memory", "64M")
        self.assertEqual(done.returncode, 1, done.stdout + done.stderr)
        self.assertNotIn("boot ok ", done.stdout)
        self.assertIn("boot wrong-exit", done.stdout)
        self.assertIn("-m 64M ", (self.root / "images/logs/wrong-exit/qemu-cmd.txt").read_text())
        self.assertIn("reproduce: ./integrate.py --root", done.stdout)
        self.assertIn("test --memory 64M --scenario wrong-exit", done.stdout)

    def test_failed_setup_leaves_no_build_dir(self):
        done = integrate(self.root, "build", "--scenario", "refused")
        self.assertEqual(done.returncode, 2)
        line = done.stderr.strip()
        self.assertEqual(len(line.splitlines()), 1, done.stderr)
        match = re.search(r"meson setup of kernel \((cross-[0-9a-f]{8})\) failed: read "
                          r"(build/kernel/cross-[0-9a-f]{8}\.log); reproduce: meson setup ", line)
        self.assertTrue(match, line)
        self.assertFalse((self.root / "build/kernel" / match.group(1)).exists())
        self.assertIn("refused at configure time", (self.root / match.group(2)).read_text())

    def test_failed_compile_is_one_line_and_test_keeps_going(self):
        done = integrate(self.root, "build", "--scenario", "broken")
        self.assertEqual(done.returncode, 2)
        self.assertRegex(done.stderr, r"^error: build of kernel \(cross-[0-9a-f]{8}\) failed: read "
                                      r"build/kernel/cross-[0-9a-f]{8}\.log; reproduce: ninja -C ")
        done = integrate(self.root, "test", "--scenario", "broken", "--scenario", "ok")
        self.assertEqual(done.returncode, 2, done.stdout)
        data = json.loads((self.root / "images/reports/report.json").read_text())
        self.assertEqual({s["name"]: s["status"] for s in data["scenarios"]},
                         {"broken": "error", "ok": "pass"})
        self.assertFalse((self.root / "images/broken.iso").exists())

    def test_unit_tests(self):
        done = integrate(self.root, "test", "--unit")
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertRegex(done.stdout, r"(?m)^\[1/2\] unit lib-fix \(native\)  .*pass$")
        self.assertRegex(done.stdout, r"(?m)^\[2/2\] unit kernel \(native\)  .*pass$")
        self.assertRegex(done.stdout, r"(?m)^summary: 2 passed, 0 failed, 0 skipped$")


if __name__ == "__main__":
    unittest.main()
