"""`package` and `test --appliance` on a throwaway git tree (fixtures.py's kernel,
given a `release` option and an integration hook): the release folder and its
files, pins and --allow-dirty, hook refusal, byte-identical ISOs from two builds
and from two roots, and judged release boots (READY, forbidden stamps, timeout,
a reset after READY).

Skipped when the host toolchain is not installed (./integrate.py doctor --install).
"""
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import unittest
from pathlib import Path

from integrator import image

from .fixtures import (KERNEL_MESON, KERNEL_OPTIONS, commit_all, git, git_init, integrate,
                       make_tree, tools_present, write)

SLOW = os.environ.get("ERIX_SLOW_TESTS") == "1"
HYBRID = image.hybrid_available()
FIRMWARE = '["bios", "uefi"]' if HYBRID else '["bios"]'
READY = "ERIX_ROOTD:READY"

RELEASE_OPTIONS = KERNEL_OPTIONS + (
    "option('release', type: 'boolean', value: false)\n"
    "option('hook', type: 'boolean', value: false)  # an integration hook\n")
RELEASE_MESON = KERNEL_MESON.replace(
    "if get_option('refuse_setup')",
    "if get_option('release') and get_option('hook')\n"
    "  error('release=true refuses the integration hook hook=true')\n"
    "endif\n"
    "if get_option('refuse_setup')", 1)


def appliance(lines=("ERIX_KERNEL:BOOT", READY), extra_options="", firmware=FIRMWARE,
              timeout=20, more="") -> str:
    quoted = ", ".join(f'"{line}"' for line in lines)
    return f"""\
description = "fixture appliance"
firmware = {firmware}
[components.kernel]
options = {{ lines = [{quoted}]{extra_options} }}
[boot]
kernel = "kernel:kernel"
cmdline = "fixture=1"
modules = [{{ name = "blob", artifact = "kernel:blob" }}]
[bootconfig]
validation_profile = "none"
[test]
timeout = {timeout}
grace = 1
{more}"""


def release_tree(root: Path, appliances: dict) -> Path:
    make_tree(root)
    write(root, {"repos/kernel/meson_options.txt": RELEASE_OPTIONS,
                 "repos/kernel/meson.build": RELEASE_MESON,
                 ".gitignore": "build/\nsysroot/\nimages/\n.cache/\n"})
    write(root, {f"appliances/{name}.toml": text for name, text in appliances.items()})
    git_init(root)
    commit_all(root, "fixture tree")
    return root


def files_of(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def iso_file(iso: Path, path: str, dest: Path) -> bytes:
    subprocess.run(["osirrox", "-indev", str(iso), "-extract", path, str(dest)],
                   capture_output=True, check=True)
    return dest.read_bytes()


@unittest.skipUnless(tools_present() and shutil.which("llvm-strip") and shutil.which("mcopy"),
                     "host toolchain missing: ./integrate.py doctor --install")
class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = release_tree(Path(cls.tmp.name) / "a", {
            "fix": appliance(),
            "hooked": appliance(extra_options=", hook = true")})
        done = integrate(cls.root, "lock")
        assert done.returncode == 0, done.stdout + done.stderr
        commit_all(cls.root, "lock")
        cls.first = integrate(cls.root, "package", "--appliance", "fix")
        cls.out = cls.root / "images/release/fix-0.0.1"

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_release_folder(self):
        self.assertEqual(self.first.returncode, 0, self.first.stdout + self.first.stderr)
        self.assertIn("packaged images/release/fix-0.0.1/", self.first.stdout)
        self.assertEqual(sorted(p.name for p in self.out.iterdir()),
                         ["SHA256SUMS", "appliance.toml", "build.json", "fix-0.0.1-debug.tar.gz",
                          "fix-0.0.1.iso", "manifest.lock"])
        check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=self.out,
                               capture_output=True, text=True)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        self.assertEqual((self.out / "manifest.lock").read_text(),
                         (self.root / "manifest.lock").read_text())

    def test_build_record(self):
        record = json.loads((self.out / "build.json").read_text())
        self.assertFalse(record["dirty"])
        self.assertEqual(record["unpinned"], [])
        touched = int(git(self.root, "log", "-1", "--format=%ct", "HEAD", "--", "repos",
                          "appliances/fix.toml"))
        self.assertEqual(record["source_date_epoch"],
                         int(os.environ.get("SOURCE_DATE_EPOCH") or touched))
        kernel = record["components"]["kernel"]
        self.assertEqual(kernel["options"]["release"], "true")
        self.assertTrue(kernel["release_option"])
        self.assertEqual(kernel["pin"], "pinned")
        self.assertEqual(kernel["built"]["tree"], kernel["locked"]["tree"])
        self.assertEqual(record["components"]["lib-fix"]["kind"], "library")
        for tool in ("clang", "xorriso", "grub-mkimage", "mformat", "llvm-strip", "python3"):
            self.assertIn(tool, record["tools"])
        files = record["files"]
        self.assertTrue(files["boot/kernel.elf"]["stripped"])
        self.assertFalse(files["boot/modules/blob"]["stripped"])
        self.assertEqual(files["boot/modules/bootconfig"]["from"], "bootconfig")
        self.assertEqual(record["iso"]["sha256"], image.file_hash(self.out / "fix-0.0.1.iso"))
        xorriso = next(c for c in record["iso"]["commands"] if c[0] == "xorriso")
        self.assertIn(f"--modification-date={record['iso']['volume_uuid'].replace('-', '')}",
                      xorriso)
        if HYBRID:
            self.assertIn("gpt_disk_guid=volume_date_uuid", xorriso)
        self.assertFalse(any(str(self.root) in " ".join(c) for c in record["iso"]["commands"]))

    def test_iso_carries_stripped_elfs_archive_the_unstripped(self):
        bdir = json.loads((self.out / "build.json").read_text())["components"]["kernel"]
        unstripped = (self.root / bdir["build_dir"] / "kernel.elf").read_bytes()
        with tempfile.TemporaryDirectory() as tmp:
            shipped = iso_file(self.out / "fix-0.0.1.iso", "/boot/kernel.elf",
                               Path(tmp) / "k.elf")
            cfg = iso_file(self.out / "fix-0.0.1.iso", "/boot/grub/grub.cfg",
                           Path(tmp) / "grub.cfg").decode()
        self.assertLess(len(shipped), len(unstripped))
        self.assertIn("module2 /boot/modules/blob blob", cfg)
        self.assertIn("module2 /boot/modules/bootconfig bootconfig", cfg)
        with tarfile.open(self.out / "fix-0.0.1-debug.tar.gz") as tar:
            self.assertEqual(tar.getnames(), ["fix-0.0.1-debug", "fix-0.0.1-debug/boot",
                                              "fix-0.0.1-debug/boot/kernel.elf"])
            self.assertEqual(tar.extractfile("fix-0.0.1-debug/boot/kernel.elf").read(),
                             unstripped)

    def test_reproducible(self):
        """Clear every output (build/, sysroot/, images/), package again: the same
        bytes in every file. Then a copy of the tree at another path: the same ISO."""
        self.assertEqual(self.first.returncode, 0, self.first.stderr)
        before = files_of(self.out)
        for folder in ("build", "sysroot", "images"):
            shutil.rmtree(self.root / folder)
        done = integrate(self.root, "package", "--appliance", "fix")
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        after = files_of(self.out)
        self.assertEqual(sorted(before), sorted(after))
        for name in before:
            self.assertEqual(before[name], after[name], f"{name} differs between two builds")
        other = Path(self.tmp.name) / "elsewhere" / "b"
        shutil.copytree(self.root, other, ignore=shutil.ignore_patterns("build", "sysroot",
                                                                        "images"))
        done = integrate(other, "package", "--appliance", "fix")
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertEqual((other / "images/release/fix-0.0.1/fix-0.0.1.iso").read_bytes(),
                         before["fix-0.0.1.iso"], "the ISO depends on the tree's path")

    def test_unpinned_refused_then_dirty(self):
        blob = self.root / "repos/kernel/blob.txt"
        try:
            blob.write_text("changed payload\n")
            done = integrate(self.root, "package", "--appliance", "fix")
            self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
            lines = done.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, done.stderr)
            self.assertIn("kernel modified", lines[0])
            self.assertIn("--allow-dirty", lines[0])
            done = integrate(self.root, "package", "--appliance", "fix", "--allow-dirty")
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
            dirty = self.root / "images/release/fix-0.0.1-dirty"
            self.assertTrue((dirty / "fix-0.0.1-dirty.iso").is_file())
            record = json.loads((dirty / "build.json").read_text())
            self.assertTrue(record["dirty"])
            self.assertEqual(record["components"]["kernel"]["pin"], "modified")
            self.assertIn("M repos/kernel/blob.txt", record["components"]["kernel"]["pin_details"])
            self.assertNotEqual(record["components"]["kernel"]["built"]["tree"],
                                record["components"]["kernel"]["locked"]["tree"])
        finally:
            git(self.root, "checkout", "--", "repos/kernel/blob.txt")

    def test_hook_refused_at_configure_time(self):
        done = integrate(self.root, "package", "--appliance", "hooked")
        self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
        lines = done.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, done.stderr)
        self.assertIn("appliances/hooked.toml: component kernel release=true refuses the "
                      "integration hook hook=true", lines[0])
        self.assertFalse((self.root / "images/release/hooked-0.0.1").exists())

    def test_command_line_errors(self):
        for args, fragment in ((["package", "--appliance", "nope"], "unknown appliance 'nope'"),
                               (["test", "--appliance", "nope"], "unknown appliance 'nope'")):
            done = integrate(self.root, *args)
            self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
            lines = done.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, done.stderr)
            self.assertIn(fragment, lines[0])
        done = integrate(self.root, "list")
        self.assertRegex(done.stdout, r"(?m)^  fix\s+fixture appliance \[0\.0\.1; ")


@unittest.skipUnless(tools_present() and shutil.which("llvm-strip") and shutil.which("mcopy"),
                     "host toolchain missing: ./integrate.py doctor --install")
class ReleaseBootTest(unittest.TestCase):
    """Release boots on BIOS (UEFI too with ERIX_SLOW_TESTS=1), without isa-debug-exit:
    the fixture kernel writes its exit code to 0xf4, which nothing listens to."""

    APPLIANCES = {
        "ready": appliance(),
        "stamp": appliance(lines=("ROOTD_STAGE:HANDOFF_VALID", READY)),
        "late": appliance(lines=(READY, "ERIX_DEVICED:READY:registry")),
        "silent": appliance(lines=("ERIX_KERNEL:BOOT",), timeout=3),
        "reset": appliance(extra_options=', mode = "triple"'),
    }
    WANT = {"ready": "pass", "stamp": "fail", "late": "fail", "silent": "timeout",
            "reset": "fail"}

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = release_tree(Path(cls.tmp.name), cls.APPLIANCES)
        args = [a for name in cls.APPLIANCES for a in ("--appliance", name)]
        if not SLOW:
            args += ["--firmware", "bios"]
        cls.done = integrate(cls.root, "test", "--allow-dirty", *args)
        cls.report = json.loads((cls.root / "images/reports/report.json").read_text())
        cls.status = {c["name"]: c for c in cls.report["appliances"]}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_verdicts(self):
        self.assertEqual(self.done.returncode, 1, self.done.stdout + self.done.stderr)
        got = {name: case["status"] for name, case in self.status.items()}
        want = {f"{n}:bios": s for n, s in self.WANT.items()}
        if SLOW and HYBRID:
            want.update({f"{n}:uefi": s for n, s in self.WANT.items()})
        self.assertEqual(got, want, json.dumps(self.report, indent=1))

    def test_reasons(self):
        self.assertIn("ERIX_ROOTD:READY seen", self.status["ready:bios"]["reason"])
        self.assertIn("forbidden marker ROOTD_STAGE", self.status["stamp:bios"]["reason"])
        self.assertIn("forbidden marker ERIX_DEVICED:READY", self.status["late:bios"]["reason"])
        self.assertIn("timed out after 3s waiting for ERIX_ROOTD:READY",
                      self.status["silent:bios"]["reason"])
        reason = self.status["reset:bios"]["reason"]
        self.assertTrue("Triple fault" in reason or "stays up" in reason, reason)

    def test_logs_command_and_reports(self):
        logs = self.root / "images/logs/ready/bios"
        cmd = (logs / "qemu-cmd.txt").read_text()
        self.assertNotIn("isa-debug-exit", cmd)
        self.assertIn("-cdrom images/release/ready-0.0.1-dirty/ready-0.0.1-dirty.iso", cmd)
        self.assertIn(READY, (logs / "serial.log").read_text())
        junit = (self.root / "images/reports/junit.xml").read_text()
        self.assertIn('testsuite name="erix.appliance"', junit)
        self.assertIn("reproduce: ./integrate.py --root", self.done.stdout)
        self.assertIn("test --allow-dirty --appliance stamp --firmware bios", self.done.stdout)
        self.assertIn("lines of images/logs/stamp/bios/serial.log:", self.done.stdout)


if __name__ == "__main__":
    unittest.main()
