"""Judging recorded logs: markers in order, forbidden markers, exit codes, timeouts,
triple faults and resets in qemu.log (data/ holds logs recorded from QEMU 7.2)."""
import unittest
from pathlib import Path

from integrator.judge import decode_status, judge, pristine, qemu_log_problem, reset_blocks
from integrator.scenario import Expect

DATA = Path(__file__).parent / "data"
STARTUP = (DATA / "qemu-bios-exit.log").read_text()
EXPECT = Expect(exit_code=0x10, markers=("ERIX_KERNEL:BOOT", "ERIX_KERNEL:MEM", "ERIX_ROOTD:READY"),
                timeout=60)
SERIAL = ("\r\nGRUB noise\r\nERIX_KERNEL:BOOT arch=x86_64\r\nERIX_KERNEL:MEM 128M\r\n"
          "ROOTD_STAGE:1\r\nERIX_ROOTD:READY\r\n")


class JudgeTest(unittest.TestCase):
    def test_pass(self):
        v = judge(EXPECT, SERIAL, STARTUP, 33)
        self.assertEqual(v.status, "pass", v.reason)
        self.assertEqual((v.exit_status, v.exit_code), (33, 0x10))

    def test_markers_out_of_order(self):
        serial = "ERIX_KERNEL:MEM\nERIX_KERNEL:BOOT\nERIX_ROOTD:READY\n"
        v = judge(EXPECT, serial, STARTUP, 33)
        self.assertEqual(v.status, "fail")
        self.assertIn("marker ERIX_KERNEL:MEM not seen (after ERIX_KERNEL:BOOT at serial line 2)",
                      v.reason)

    def test_marker_must_start_the_line(self):
        v = judge(EXPECT, SERIAL.replace("ERIX_KERNEL:MEM", "x ERIX_KERNEL:MEM"), STARTUP, 33)
        self.assertIn("marker ERIX_KERNEL:MEM not seen (after ERIX_KERNEL:BOOT at serial line 3)",
                      v.reason)

    def test_no_marker_at_all(self):
        v = judge(EXPECT, "", STARTUP, 33)
        self.assertIn("ERIX_KERNEL:BOOT not seen (no expected marker seen)", v.reason)

    def test_forbidden_marker(self):
        v = judge(EXPECT, SERIAL + "ERIX_KERNEL:PANIC at foo.c:3\r\n", STARTUP, 33)
        self.assertEqual(v.status, "fail")
        self.assertTrue(v.reason.startswith("forbidden marker ERIX_KERNEL:PANIC at serial line 7"),
                        v.reason)

    def test_scenario_forbidden_and_expected_panic(self):
        expect = Expect(0x12, ("ERIX_KERNEL:PANIC",), ("ERIX_KERNEL:OOPS",))
        self.assertEqual(judge(expect, "ERIX_KERNEL:PANIC forced\n", STARTUP, 37).status, "pass")
        v = judge(expect, "ERIX_KERNEL:PANIC forced\nERIX_KERNEL:OOPS\n", STARTUP, 37)
        self.assertIn("forbidden marker ERIX_KERNEL:OOPS", v.reason)

    def test_expected_marker_allows_only_its_own_line(self):
        expect = Expect(0x12, ("ERIX_KERNEL:PANIC reason=forced",))
        self.assertEqual(judge(expect, "ERIX_KERNEL:PANIC reason=forced\n", STARTUP, 37).status,
                         "pass")
        v = judge(expect, "ERIX_KERNEL:PANIC reason=other\n", STARTUP, 37)
        self.assertIn("forbidden marker ERIX_KERNEL:PANIC at serial line 1", v.reason)

    def test_wrong_exit_code_names_both_forms(self):
        v = judge(EXPECT, SERIAL, STARTUP, 37)
        self.assertEqual(v.status, "fail")
        self.assertIn("expected isa-debug-exit 0x10 (QEMU status 33)", v.reason)
        self.assertIn("got QEMU status 37 (isa-debug-exit 0x12)", v.reason)
        self.assertEqual(v.exit_code, 0x12)

    def test_markers_and_exit_must_agree(self):
        self.assertEqual(judge(EXPECT, "", STARTUP, 33).status, "fail")
        self.assertEqual(judge(EXPECT, SERIAL, STARTUP, 0).status, "fail")

    def test_status_zero_is_a_reset_or_shutdown(self):
        v = judge(EXPECT, SERIAL, STARTUP, 0)
        self.assertIn("QEMU status 0 (a guest reset", v.reason)

    def test_timeout(self):
        v = judge(EXPECT, "ERIX_KERNEL:BOOT\n", STARTUP, None, timed_out=True)
        self.assertEqual(v.status, "timeout")
        self.assertIn("timed out after 60s", v.reason)
        self.assertIn("marker ERIX_KERNEL:MEM not seen", v.reason)
        v = judge(EXPECT, SERIAL, STARTUP, None, timed_out=True)
        self.assertIn("waiting for isa-debug-exit 0x10 (every marker seen)", v.reason)

    def test_triple_fault(self):
        v = judge(EXPECT, SERIAL, (DATA / "qemu-triple-fault.log").read_text(), 0)
        self.assertEqual(v.status, "fail")
        self.assertTrue(v.reason.startswith("Triple fault in qemu.log"), v.reason)

    def test_triple_fault_fails_even_with_the_right_exit(self):
        v = judge(EXPECT, SERIAL, STARTUP + "Triple fault\n", 33)
        self.assertEqual(v.status, "fail")

    def test_startup_resets_are_expected(self):
        for name in ("qemu-bios-exit.log", "qemu-startup-pc-smp2.log", "qemu-uefi-exit.log"):
            with self.subTest(log=name):
                text = (DATA / name).read_text()
                self.assertGreaterEqual(len(reset_blocks(text)), 2)
                self.assertIsNone(qemu_log_problem(text))

    def test_reset_after_running_is_unexpected(self):
        text = (DATA / "qemu-reset-after-run.log").read_text()
        blocks = reset_blocks(text)
        self.assertFalse(pristine(blocks[2][1]))
        self.assertIn("Triple fault", qemu_log_problem(text))
        without = text.replace("Triple fault", "")
        self.assertIn("unexpected reset of CPU 0 at IP=0010002f", qemu_log_problem(without))

    def test_ap_init_reset_is_expected(self):
        ap = (DATA / "qemu-reset-after-run.log").read_text().split("Triple fault")[0]
        ap_block = "CPU Reset (CPU 1)\n" + ap.split("CPU Reset (CPU 0)\n")[3]
        self.assertIsNone(qemu_log_problem(STARTUP + ap_block))

    def test_uefi_serial_noise_and_carriage_returns(self):
        serial = (DATA / "serial-uefi.log").read_text()
        expect = Expect(0x10, ("TEST:BOOT", "TEST:DONE"))
        self.assertEqual(judge(expect, serial, STARTUP, 33).status, "pass")
        self.assertEqual(judge(expect, "\x1b[0m\r\rTEST:BOOT\r\nTEST:DONE", STARTUP, 33).status,
                         "pass")

    def test_qemu_error_is_an_error(self):
        v = judge(EXPECT, "", "", 1, stderr="qemu-system-x86_64: -cdrom x.iso: Could not open\n")
        self.assertEqual(v.status, "error")
        self.assertIn("Could not open", v.reason)

    def test_decode(self):
        self.assertEqual(decode_status(33), 0x10)
        self.assertEqual(decode_status(0x29), 0x14)
        self.assertIsNone(decode_status(0))
        self.assertIsNone(decode_status(None))
        self.assertIsNone(decode_status(-15))


if __name__ == "__main__":
    unittest.main()
