"""Release machinery without a build: the reproducible ISO's commands, safe ELF
stripping, the deterministic debug archive, judging release boots, the QEMU
command without isa-debug-exit, and appliance results in the reports."""
import io
import json
import struct
import tarfile
import tempfile
import unittest
from pathlib import Path

from integrator import elfstrip, isoimage, judge, package, qemu, report
from integrator.report import CaseResult
from integrator.scenario import Qemu

EPOCH = 1700000000  # 2023-11-14 22:13:20 UTC
FORBIDDEN = ("ROOTD_STAGE", "ERIX_DEVICED:READY", "ERIX_KERNEL:PANIC")
READY = "ERIX_ROOTD:READY"


class IsoCommandsTest(unittest.TestCase):
    def test_volume_dates_and_ids(self):
        self.assertEqual(isoimage.volume_dates(EPOCH),
                         ("2023111422132000", "2023-11-14-22-13-20-00"))
        self.assertEqual(isoimage.fat_serial(EPOCH), "6553f100")
        self.assertEqual(isoimage.volume_id("appliance-phase0"), "APPLIANCE_PHASE0")
        self.assertEqual(len(isoimage.volume_id("x" * 40)), 32)
        self.assertEqual(isoimage.load_cfg(EPOCH),
                         "search --fs-uuid --set=root 2023-11-14-22-13-20-00\n"
                         "set prefix=(${root})/boot/grub\n")

    def test_hybrid_xorriso_pins_every_time_and_id(self):
        spec = isoimage.IsoSpec("ERIX", ("bios", "uefi"), EPOCH)
        argv = isoimage.xorriso_argv(spec, "iso", "out.iso")
        text = " ".join(argv)
        self.assertEqual(argv[:3], ["xorriso", "-as", "mkisofs"])
        self.assertIn("--modification-date=2023111422132000", argv)
        self.assertIn("-b boot/grub/i386-pc/eltorito.img -no-emul-boot", text)
        self.assertIn("--grub2-mbr /usr/lib/grub/i386-pc/boot_hybrid.img", text)
        self.assertIn("--efi-boot efi.img -efi-boot-part --efi-boot-image", text)
        native = argv[argv.index("--") + 1:]
        self.assertEqual(native, ["-volume_date", "all_file_dates", f"={EPOCH}",
                                  "-boot_image", "any", "gpt_disk_guid=volume_date_uuid",
                                  "-iso_nowtime", f"={EPOCH}"])
        self.assertNotIn("-hfsplus", argv)

    def test_single_firmware_images(self):
        bios = isoimage.xorriso_argv(isoimage.IsoSpec("E", ("bios",), EPOCH), "iso", "o")
        self.assertIn("--grub2-mbr", bios)
        self.assertNotIn("--efi-boot", bios)
        uefi = isoimage.xorriso_argv(isoimage.IsoSpec("E", ("uefi",), EPOCH), "iso", "o")
        self.assertIn("--efi-boot", uefi)
        self.assertNotIn("-b", uefi)

    def test_efi_image_commands(self):
        mformat, mcopy = isoimage.efi_img_argvs(EPOCH, "efi", "iso/efi.img")
        self.assertEqual(mformat, ["mformat", "-C", "-f", "2880", "-L", "16", "-N", "6553f100",
                                   "-i", "iso/efi.img", "::"])
        self.assertEqual(mcopy, ["mcopy", "-s", "-m", "-i", "iso/efi.img", "efi/efi", "::/"])
        self.assertEqual(isoimage.mkimage_argv("bios", "e.img", "load.cfg")[-2:],
                         ["biosdisk", "iso9660"])
        self.assertIn("x86_64-efi", isoimage.mkimage_argv("uefi", "b.efi", "load.cfg"))

    def test_normalize(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "t"
            (root / "a/b").mkdir(parents=True)
            (root / "a/b/f").write_text("x")
            isoimage.normalize(root, EPOCH)
            for path in (root, root / "a", root / "a/b", root / "a/b/f"):
                self.assertEqual(path.stat().st_mtime, EPOCH, path)
            self.assertEqual((root / "a/b/f").stat().st_mode & 0o777, 0o644)
            self.assertEqual((root / "a").stat().st_mode & 0o777, 0o755)


def elf(entry=0x400000, segments=((1, 5, 0x1000, 0x400000, b"\x90" * 16),), sections=b"",
        shoff=0) -> bytes:
    """A small ELF64 executable: program headers after the header, then segments
    (type, flags, offset, vaddr, bytes), then `sections` bytes at the end."""
    phnum = len(segments)
    header = struct.pack("<16sHHIQQQIHHHHHH", b"\x7fELF\x02\x01\x01" + bytes(9), 2, 62, 1,
                         entry, 64, shoff, 0, 64, 56, phnum, 64 if shoff else 0,
                         1 if shoff else 0, 0)
    data = bytearray(header)
    for kind, flags, offset, vaddr, body in segments:
        data += struct.pack("<IIQQQQQQ", kind, flags, offset, vaddr, vaddr, len(body),
                            len(body), 0x1000)
    end = max(offset + len(body) for _, _, offset, _, body in segments)
    data += bytes(max(0, end - len(data)))
    for _, _, offset, _, body in segments:
        data[offset:offset + len(body)] = body
    return bytes(data) + sections


class ElfStripTest(unittest.TestCase):
    def test_load_view(self):
        view = elfstrip.load_view(elf())
        self.assertEqual(view[0], 0x400000)
        self.assertEqual(view[1][0][1], b"\x90" * 16)
        self.assertIsNone(elfstrip.load_view(b"not an elf"))
        self.assertIsNone(elfstrip.load_view(elf()[:100]))

    def test_section_fields_and_trailing_sections_do_not_count(self):
        def maps_header(data: bytes) -> bytes:  # the first segment covers the ELF header
            data = bytearray(data)
            data[64 + 8:64 + 16] = bytes(8)  # p_offset = 0
            data[64 + 32:64 + 40] = struct.pack("<Q", 64)  # p_filesz = 64
            return bytes(data)

        segs = ((1, 4, 0x800, 0x400000, b"hdr"), (1, 5, 0x1000, 0x401000, b"\xcc" * 8))
        plain = maps_header(elf(segments=segs))
        stripped_like = maps_header(elf(segments=segs, sections=b"\0" * 128, shoff=0x1008))
        self.assertNotEqual(plain, stripped_like)
        self.assertEqual(elfstrip.load_view(plain), elfstrip.load_view(stripped_like))
        self.assertEqual(elfstrip.load_view(plain)[1][0][0][5], 64)

    def test_changed_segment_or_entry_counts(self):
        base = elfstrip.load_view(elf())
        self.assertNotEqual(base, elfstrip.load_view(elf(entry=0x400010)))
        self.assertNotEqual(base, elfstrip.load_view(
            elf(segments=((1, 5, 0x1000, 0x400000, b"\x90" * 15 + b"\xcc"),))))
        self.assertNotEqual(base, elfstrip.load_view(
            elf(segments=((1, 5, 0x2000, 0x400000, b"\x90" * 16),))))

    def test_strip_non_elf_is_a_copy(self):
        with tempfile.TemporaryDirectory() as tmp:
            src, dst = Path(tmp) / "cfg", Path(tmp) / "out"
            src.write_bytes(b"ERIXBCFG....")
            result = elfstrip.strip(src, dst, Path(tmp) / "log")
            self.assertFalse(result.stripped)
            self.assertEqual(dst.read_bytes(), src.read_bytes())


class ArchiveTest(unittest.TestCase):
    def test_deterministic_tar_gz(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            (tmp / "k").write_bytes(b"kernel")
            (tmp / "r").write_bytes(b"rootd")
            members = [("boot/modules/rootd", tmp / "r"), ("boot/kernel.elf", tmp / "k")]
            package.write_archive(tmp / "a.tar.gz", "x-debug", members, EPOCH)
            (tmp / "k").touch()  # source times never matter
            package.write_archive(tmp / "b.tar.gz", "x-debug", list(reversed(members)), EPOCH)
            raw = (tmp / "a.tar.gz").read_bytes()
            self.assertEqual(raw, (tmp / "b.tar.gz").read_bytes())
            self.assertEqual(struct.unpack("<I", raw[4:8])[0], EPOCH)  # gzip MTIME
            with tarfile.open(tmp / "a.tar.gz") as tar:
                infos = tar.getmembers()
                self.assertEqual([i.name for i in infos],
                                 ["x-debug", "x-debug/boot", "x-debug/boot/modules",
                                  "x-debug/boot/kernel.elf", "x-debug/boot/modules/rootd"])
                self.assertTrue(all(i.mtime == EPOCH and i.uid == 0 and i.uname == ""
                                    for i in infos))
                self.assertEqual(tar.extractfile("x-debug/boot/kernel.elf").read(), b"kernel")

    def test_sums(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            (tmp / "b").write_text("b")
            (tmp / "a").write_text("a")
            package.write_sums(tmp)
            lines = (tmp / "SHA256SUMS").read_text().splitlines()
            self.assertEqual([line.split("  ")[1] for line in lines], ["a", "b"])
            self.assertEqual(lines[0].split()[0],
                             "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb")


class JudgeReleaseTest(unittest.TestCase):
    def verdict(self, serial, status=None, reached=None, timed_out=False, qemu_log="",
                stderr=""):
        if reached is None:
            reached = READY in serial
        return judge.judge_release(READY, FORBIDDEN, serial, qemu_log, status, reached,
                                   timed_out, stderr, 60, 2)

    def test_pass(self):
        v = self.verdict("ERIX_KERNEL:BOOT\r\nROOTD:START role=procd\nERIX_ROOTD:READY\n")
        self.assertEqual(v.status, "pass", v.reason)
        self.assertIn("ERIX_ROOTD:READY seen", v.reason)

    def test_forbidden_stamp_before_or_after_ready(self):
        for serial in ("ROOTD_STAGE:HANDOFF_VALID\nERIX_ROOTD:READY\n",
                       "ERIX_ROOTD:READY\nERIX_DEVICED:READY:registry\n"):
            v = self.verdict(serial)
            self.assertEqual(v.status, "fail")
            self.assertTrue(v.reason.startswith("forbidden marker"), v.reason)

    def test_timeout_without_ready(self):
        v = self.verdict("ERIX_KERNEL:BOOT\n", timed_out=True)
        self.assertEqual(v.status, "timeout")
        self.assertIn("timed out after 60s waiting for ERIX_ROOTD:READY", v.reason)

    def test_qemu_ended_before_or_after_ready(self):
        v = self.verdict("ERIX_KERNEL:BOOT\n", status=0)
        self.assertEqual(v.status, "fail")
        self.assertIn("not seen before QEMU ended", v.reason)
        v = self.verdict("ERIX_ROOTD:READY\n", status=33)
        self.assertEqual(v.status, "fail")
        self.assertIn("a release system stays up", v.reason)

    def test_triple_fault_after_ready(self):
        v = self.verdict("ERIX_ROOTD:READY\n", qemu_log="Triple fault\n")
        self.assertEqual(v.status, "fail")
        self.assertIn("Triple fault", v.reason)

    def test_qemu_refused(self):
        v = self.verdict("", status=1, stderr="qemu-system-x86_64: -cdrom x: No such file\n")
        self.assertEqual(v.status, "error")

    def test_ready_must_start_a_line(self):
        v = self.verdict("log says ERIX_ROOTD:READY\n", status=0, reached=False)
        self.assertEqual(v.status, "fail")

    def test_after_ready_markers_prove_the_system_stays_live(self):
        def after(serial):
            return judge.judge_release(READY, FORBIDDEN, serial, "", None, True, False, "",
                                       60, 2, ("SERIALD:RUNNING", "TICK"))
        self.assertEqual(after("ERIX_ROOTD:READY\nSERIALD:RUNNING x\nTICK\n").status, "pass")
        for serial in ("ERIX_ROOTD:READY\n",                       # nothing ran after rootd
                       "SERIALD:RUNNING x\nERIX_ROOTD:READY\nTICK\n",  # before READY: no proof
                       "ERIX_ROOTD:READY\nTICK\nSERIALD:RUNNING\n"):   # out of order
            with self.subTest(serial=serial):
                v = after(serial)
                self.assertEqual(v.status, "fail")
                self.assertIn("did not stay live", v.reason)


class SerialUntilTest(unittest.TestCase):
    def test_seen_only_on_a_whole_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = Path(tmp) / "serial.log"
            log.write_bytes(b"ERIX_KERNEL:BOOT\r\nERIX_ROOTD:REA")
            tail = qemu.SerialTail(log, FORBIDDEN, until=READY)
            self.assertIsNone(tail.poll())
            self.assertFalse(tail.seen)
            with open(log, "ab") as handle:
                handle.write(b"DY\r\nROOTD_STAGE:LATE\r\n")
            self.assertEqual(tail.poll(), "ROOTD_STAGE")
            self.assertTrue(tail.seen)


class ReleaseQemuTest(unittest.TestCase):
    def test_no_debug_exit_device(self):
        logs = qemu.LogPaths(Path("images/logs/app/bios"))
        argv = qemu.command(Qemu(), Path("x.iso"), logs, debug_exit=False)
        self.assertNotIn("isa-debug-exit,iobase=0xf4,iosize=0x04", argv)
        self.assertIn("-no-reboot", argv)
        self.assertIn("isa-debug-exit,iobase=0xf4,iosize=0x04",
                      qemu.command(Qemu(), Path("x.iso"), logs))


class ApplianceReportTest(unittest.TestCase):
    def test_appliance_cases(self):
        results = [CaseResult("scenario", "boot", "pass", "ok"),
                   CaseResult("appliance", "app:bios", "pass", "READY seen"),
                   CaseResult("appliance", "app:uefi", "timeout", "timed out")]
        with tempfile.TemporaryDirectory() as tmp:
            path = report.write(Path(tmp), results, {})
            data = json.loads(path.read_text())
            self.assertEqual([c["name"] for c in data["appliances"]], ["app:bios", "app:uefi"])
            self.assertEqual(data["suites"], [])
            junit = (Path(tmp) / "junit.xml").read_text()
            self.assertIn('testsuite name="erix.appliance"', junit)
            self.assertEqual(report.last_failed(Path(tmp))["appliance"], ["app:uefi"])


if __name__ == "__main__":
    unittest.main()


class HelpTest(unittest.TestCase):
    def test_new_commands_have_help(self):
        import contextlib
        from integrator import cli
        for argv, fragments in ((["package", "--help"], ("--appliance NAME", "--allow-dirty")),
                                (["diff", "--help"], ("LOCK_A", "LOCK_B", "REV:PATH")),
                                (["test", "--help"], ("--appliance NAME", "--allow-dirty"))):
            with self.subTest(argv=argv):
                out = io.StringIO()
                with contextlib.redirect_stdout(out), self.assertRaises(SystemExit) as ctx:
                    cli.main(argv)
                self.assertEqual(ctx.exception.code, 0)
                for fragment in fragments:
                    self.assertIn(fragment, out.getvalue())

    def test_package_needs_an_appliance(self):
        import contextlib
        from integrator import cli
        err = io.StringIO()
        with contextlib.redirect_stderr(err), self.assertRaises(SystemExit) as ctx:
            cli.main(["package"])
        self.assertEqual(ctx.exception.code, 2)
        self.assertIn("--appliance", err.getvalue())
