"""Owns QEMU: the exact command line for a scenario, booting it with the serial port
in images/logs/NAME/serial.log (tailed while it runs, stopped at the first
forbidden marker or at the time limit), and interactive runs for `run`.

Always TCG (no KVM on CI). QEMU's own log (-d cpu_reset,guest_errors) goes to
qemu.log; the command is kept in qemu-cmd.txt.
"""
import shlex
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import IntegratorError
from .judge import clean_line, forbidden_hit
from .scenario import Qemu

OVMF_DIR = Path("/usr/share/OVMF")
OVMF_PAIRS = (("OVMF_CODE_4M.fd", "OVMF_VARS_4M.fd"), ("OVMF_CODE.fd", "OVMF_VARS.fd"))


@dataclass(frozen=True)
class LogPaths:
    dir: Path

    @property
    def serial(self) -> Path:
        return self.dir / "serial.log"

    @property
    def qemu(self) -> Path:
        return self.dir / "qemu.log"

    @property
    def cmd(self) -> Path:
        return self.dir / "qemu-cmd.txt"

    @property
    def stderr(self) -> Path:
        return self.dir / "qemu-stderr.log"

    @property
    def vars(self) -> Path:
        return self.dir / "OVMF_VARS.fd"


def find_ovmf(ovmf_dir: Path = OVMF_DIR) -> tuple[Path, Path] | None:
    """OVMF code and vars images, preferring the 4M build."""
    for code, vars_ in OVMF_PAIRS:
        if (ovmf_dir / code).is_file() and (ovmf_dir / vars_).is_file():
            return ovmf_dir / code, ovmf_dir / vars_
    return None


def command(cfg: Qemu, iso: Path, logs: LogPaths, *, interactive: bool = False,
            ovmf: tuple[Path, Path] | None = None, gdb: bool = False,
            debug_exit: bool = True) -> list[str]:
    """The QEMU command line (paths as given). Interactive: COM1 on this terminal,
    still copied to serial.log. debug_exit=False leaves out the isa-debug-exit
    device (release images must not depend on it)."""
    serial = ["-serial", f"file:{logs.serial}"]
    if interactive:
        serial = ["-chardev", f"stdio,id=com1,signal=on,logfile={logs.serial}",
                  "-serial", "chardev:com1"]
    argv = ["qemu-system-x86_64", "-machine", cfg.machine, "-m", cfg.memory,
            "-smp", str(cfg.smp), "-accel", "tcg", "-cdrom", str(iso), *serial,
            *(["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"] if debug_exit else []),
            "-no-reboot", "-display", "none", "-monitor", "none",
            "-d", "cpu_reset,guest_errors", "-D", str(logs.qemu)]
    if cfg.firmware == "uefi":
        if ovmf is None:
            raise IntegratorError("UEFI needs OVMF: run ./integrate.py doctor --install")
        argv += ["-drive", f"if=pflash,format=raw,readonly=on,file={ovmf[0]}",
                 "-drive", f"if=pflash,format=raw,file={logs.vars}"]
    argv += list(cfg.args)
    if cfg.icount:
        argv += ["-icount", "shift=0"]
    if gdb:
        argv += ["-s", "-S"]
    return argv


def prepare_logs(logs: LogPaths, cfg: Qemu, ovmf) -> None:
    """Empty the log folder of the last run; give UEFI a fresh copy of the vars."""
    logs.dir.mkdir(parents=True, exist_ok=True)
    for path in (logs.serial, logs.qemu, logs.cmd, logs.stderr, logs.vars):
        path.unlink(missing_ok=True)
    if cfg.firmware == "uefi" and ovmf:
        shutil.copyfile(ovmf[1], logs.vars)


def write_cmd(logs: LogPaths, argv: list[str], cwd: Path) -> None:
    logs.cmd.write_text(f"# run in {cwd}\n{shlex.join(argv)}\n", encoding="utf-8")


@dataclass
class Outcome:
    """How a boot ended: QEMU's status (None when killed), and why it was stopped.
    `reached`: the `until` marker was seen (boot(until=...))."""

    status: int | None
    timed_out: bool
    stopped_for: str | None
    seconds: float
    reached: bool = False


class SerialTail:
    """Reads serial.log as it grows and spots forbidden markers at line start;
    `seen` is set once a whole line starts with the `until` marker."""

    def __init__(self, path: Path, forbidden, markers=(), until: str | None = None):
        self.path, self.forbidden, self.markers = path, tuple(forbidden), tuple(markers)
        self.offset, self.partial = 0, ""
        self.until, self.seen = until, False

    def poll(self) -> str | None:
        try:
            with open(self.path, "rb") as handle:
                handle.seek(self.offset)
                data = handle.read()
        except OSError:
            return None
        self.offset += len(data)
        lines = (self.partial + data.decode("utf-8", "replace")).split("\n")
        self.partial = lines.pop()
        if self.until and any(clean_line(line).startswith(self.until) for line in lines):
            self.seen = True
        for line in lines + [self.partial]:
            marker = forbidden_hit(clean_line(line), self.forbidden, self.markers)
            if marker:
                return marker
        return None


_LIVE: set = set()  # QEMU processes of this run, stopped if the integrator is interrupted
_LIVE_LOCK = threading.Lock()


def boot(argv: list[str], cwd: Path, logs: LogPaths, timeout: float, forbidden,
         markers=(), until: str | None = None, grace: float = 0.0) -> Outcome:
    """Run QEMU until it exits, a forbidden marker shows, or the time limit passes;
    with `until`, also stop it `grace` seconds after a line starts with that marker
    (a release kernel never exits by itself)."""
    write_cmd(logs, argv, cwd)
    start = time.monotonic()
    with open(logs.stderr, "wb") as err:
        try:
            child = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                                     stdout=err, stderr=err)
        except OSError as exc:
            raise IntegratorError(f"cannot start QEMU ({exc}): run ./integrate.py doctor") from None
        with _LIVE_LOCK:
            _LIVE.add(child)
        try:
            tail = SerialTail(logs.serial, forbidden, markers, until)
            return _watch(child, tail, start, timeout, grace)
        finally:
            _stop(child)
            with _LIVE_LOCK:
                _LIVE.discard(child)


def _watch(child: subprocess.Popen, tail: "SerialTail", start: float, timeout: float,
           grace: float = 0.0) -> Outcome:
    """Poll QEMU and its serial log; stop it at a forbidden marker, the time limit,
    or `grace` seconds after the tail's `until` marker."""
    settled = None  # when the grace period after `until` ends
    while child.poll() is None:
        stopped = tail.poll()
        now = time.monotonic()
        if tail.seen and settled is None:
            settled = now + grace
        if stopped or (settled is not None and now >= settled):
            _stop(child)
            return Outcome(None, False, stopped, now - start, tail.seen)
        if settled is None and now - start > timeout:
            _stop(child)
            return Outcome(None, True, None, now - start, tail.seen)
        time.sleep(0.05)
    stopped = tail.poll()
    return Outcome(child.returncode, False, stopped, time.monotonic() - start, tail.seen)


def stop_all() -> None:
    """Stop every QEMU this process started (on Ctrl-C or SIGTERM)."""
    with _LIVE_LOCK:
        children = list(_LIVE)
    for child in children:
        _stop(child)


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=3)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def interactive(argv: list[str], cwd: Path) -> int:
    """Run QEMU with the terminal as its serial port; returns QEMU's status."""
    try:
        return subprocess.call(argv, cwd=cwd)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        raise IntegratorError(f"cannot start QEMU ({exc}): run ./integrate.py doctor") from None


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
