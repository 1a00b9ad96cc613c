"""grub.cfg, grub-mkrescue arguments, skip reasons and the QEMU command line."""
import unittest
from pathlib import Path

from integrator import image, pipeline, qemu
from integrator.scenario import Qemu

SPEC = image.ImageSpec("boot", Path("/b/kernel"), "root=rootd a;b",
                       (("rootd", Path("/b/rootd")), ("procd", Path("/b/procd"))), False)


class GrubTest(unittest.TestCase):
    def test_grub_cfg(self):
        cfg = image.grub_cfg(SPEC)
        lines = [line.strip() for line in cfg.splitlines() if line.strip()]
        self.assertEqual(lines[:2], ["set timeout=0", "set default=0"])
        self.assertTrue(lines[2].startswith("menuentry "))
        self.assertEqual(lines[3], "multiboot2 /boot/kernel.elf root=rootd 'a;b'")
        self.assertEqual(lines[4:7], ["module2 /boot/modules/rootd rootd",
                                      "module2 /boot/modules/procd procd", "boot"])
        self.assertNotIn("serial", cfg)
        self.assertNotIn("terminal", cfg)
        self.assertEqual(sum(1 for line in lines if line.startswith("menuentry")), 1)

    def test_no_cmdline(self):
        spec = image.ImageSpec("b", Path("/k"), "", (), False)
        self.assertIn("    multiboot2 /boot/kernel.elf\n", image.grub_cfg(spec))

    def test_word_quoting(self):
        self.assertEqual(image.grub_word("erix.root=rootd"), "erix.root=rootd")
        self.assertEqual(image.grub_word("a;b"), "'a;b'")
        self.assertEqual(image.grub_word("$x"), "'$x'")

    def test_mkrescue_args(self):
        self.assertEqual(image.mkrescue_args(False),
                         ["grub-mkrescue", "-d", "/usr/lib/grub/i386-pc"])
        self.assertEqual(image.mkrescue_args(True), ["grub-mkrescue"])

    def test_skip_reason(self):
        hybrid = Qemu(image="hybrid")
        uefi = Qemu(firmware="uefi")
        self.assertIsNone(pipeline.skip_reason(Qemu(), lambda: False, lambda: None))
        reason = pipeline.skip_reason(hybrid, lambda: False, lambda: None)
        self.assertIn("grub-efi-amd64-bin", reason)
        self.assertIn("./integrate.py doctor --install", reason)
        self.assertIsNone(pipeline.skip_reason(hybrid, lambda: True, lambda: None))
        self.assertIn("OVMF", pipeline.skip_reason(uefi, lambda: True, lambda: None))
        self.assertIsNone(pipeline.skip_reason(uefi, lambda: True, lambda: ("c", "v")))


class QemuCommandTest(unittest.TestCase):
    logs = qemu.LogPaths(Path("images/logs/boot"))

    def test_default_command(self):
        argv = qemu.command(Qemu(), Path("images/boot.iso"), self.logs)
        self.assertEqual(" ".join(argv),
                         "qemu-system-x86_64 -machine q35 -m 128M -smp 1 -accel tcg "
                         "-cdrom images/boot.iso -serial file:images/logs/boot/serial.log "
                         "-device isa-debug-exit,iobase=0xf4,iosize=0x04 -no-reboot "
                         "-display none -monitor none -d cpu_reset,guest_errors "
                         "-D images/logs/boot/qemu.log")

    def test_uefi_args_icount_gdb(self):
        cfg = Qemu(machine="pc", memory="1G", smp=2, firmware="uefi", args=("-device", "x"),
                   icount=True)
        argv = qemu.command(cfg, Path("i.iso"), self.logs, ovmf=(Path("/o/CODE.fd"),
                                                                  Path("/o/VARS.fd")), gdb=True)
        text = " ".join(argv)
        self.assertIn("-machine pc -m 1G -smp 2", text)
        self.assertIn("-drive if=pflash,format=raw,readonly=on,file=/o/CODE.fd", text)
        self.assertIn("-drive if=pflash,format=raw,file=images/logs/boot/OVMF_VARS.fd", text)
        self.assertEqual(argv[-6:], ["-device", "x", "-icount", "shift=0", "-s", "-S"])

    def test_interactive_serial(self):
        argv = qemu.command(Qemu(), Path("i.iso"), self.logs, interactive=True)
        self.assertEqual(argv[argv.index("-serial") + 1], "chardev:com1")
        self.assertEqual(argv[argv.index("-chardev") + 1],
                         "stdio,id=com1,signal=on,logfile=images/logs/boot/serial.log")

    def test_find_ovmf_prefers_4m(self):
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            d = Path(tmp)
            self.assertIsNone(qemu.find_ovmf(d))
            for name in ("OVMF_CODE.fd", "OVMF_VARS.fd"):
                (d / name).write_bytes(b"")
            self.assertEqual(qemu.find_ovmf(d)[0].name, "OVMF_CODE.fd")
            for name in ("OVMF_CODE_4M.fd", "OVMF_VARS_4M.fd"):
                (d / name).write_bytes(b"")
            self.assertEqual(qemu.find_ovmf(d)[1].name, "OVMF_VARS_4M.fd")


if __name__ == "__main__":
    unittest.main()
