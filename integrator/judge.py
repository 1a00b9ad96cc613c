"""Owns judging a boot: a pure function from the recorded logs (serial.log, qemu.log,
QEMU's status and stderr) and the scenario's expectations to a verdict.

A scenario passes only when every expected marker appears in order at line start,
no forbidden marker appears, qemu.log shows no triple fault and no unexpected
reset, and QEMU's status is (exit_code << 1) | 1.

QEMU 7.2 with `-d cpu_reset` logs two resets of every CPU at start-up (creation,
all registers zero; machine reset, at the reset vector f000:fff0), and an AP reset
for each INIT IPI (SeaBIOS and OVMF send them, so does an SMP kernel). So only a
reset of CPU 0 from a state that has run code is unexpected. With -no-reboot a
triple fault or a guest reset ends QEMU with status 0 instead of rebooting.
"""
import re
from dataclasses import dataclass

from .scenario import Expect

ANSI_RE = re.compile(r"\x1b(?:\[[0-9;=?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>])")
RESET_RE = re.compile(r"^CPU Reset \(CPU (\d+)\)$")
IP_RE = re.compile(r"\b[ER]IP=([0-9a-f]+)")
CS_RE = re.compile(r"^CS =([0-9a-f]{4})", re.M)
CR0_RE = re.compile(r"\bCR0=([0-9a-f]+)")
STATUSES = ("pass", "fail", "error", "timeout", "skipped")


@dataclass
class Verdict:
    status: str  # pass | fail | error | timeout | skipped
    reason: str
    exit_status: int | None = None  # what QEMU returned to the host
    exit_code: int | None = None  # the value the guest wrote to isa-debug-exit


def clean_line(line: str) -> str:
    """A serial line as markers see it: no carriage returns, no terminal escapes."""
    return ANSI_RE.sub("", line.replace("\r", "")).lstrip("\x00")


def decode_status(status: int | None) -> int | None:
    """isa-debug-exit code from QEMU's status ((code << 1) | 1), or None."""
    if status is None or status < 0 or not status & 1:
        return None
    return status >> 1


def describe_status(status: int | None) -> str:
    if status is None:
        return "no exit status (QEMU was stopped)"
    code = decode_status(status)
    if code is not None:
        return f"QEMU status {status} (isa-debug-exit {code:#x})"
    if status == 0:
        return "QEMU status 0 (a guest reset, triple fault or shutdown; not isa-debug-exit)"
    return f"QEMU status {status} (not from isa-debug-exit)"


def serial_lines(serial: str) -> list[str]:
    return [clean_line(line) for line in serial.split("\n")]


def forbidden_hit(line: str, forbidden, markers=()) -> str | None:
    """The forbidden marker starting this line, unless the line is an expected one
    (expecting `ERIX_KERNEL:PANIC reason=x` allows that panic line, no other)."""
    for marker in forbidden:
        if line.startswith(marker) and not any(
                line.startswith(m) for m in markers if m.startswith(marker)):
            return marker
    return None


def find_forbidden(lines: list[str], forbidden, markers=()) -> str | None:
    for number, line in enumerate(lines, 1):
        marker = forbidden_hit(line, forbidden, markers)
        if marker:
            return f"forbidden marker {marker} at serial line {number}: {line.strip()!r}"
    return None


def missing_marker(lines: list[str], markers) -> str | None:
    """None when every marker starts a line, in order; else which one is missing."""
    index, last = 0, None
    for number, line in enumerate(lines, 1):
        if index < len(markers) and line.startswith(markers[index]):
            last = (markers[index], number)
            index += 1
    if index == len(markers):
        return None
    after = f"after {last[0]} at serial line {last[1]}" if last else "no expected marker seen"
    return f"marker {markers[index]} not seen ({after})"


def reset_blocks(qemu_log: str) -> list[tuple[int, str]]:
    """(cpu index, register dump) for every `CPU Reset` entry in qemu.log."""
    blocks, current = [], None
    for line in qemu_log.splitlines():
        match = RESET_RE.match(line.strip())
        if match:
            current = [int(match.group(1)), []]
            blocks.append(current)
        elif current is not None:
            current[1].append(line)
    return [(cpu, "\n".join(lines)) for cpu, lines in blocks]


def pristine(dump: str) -> bool:
    """A CPU that never ran: all zero (creation) or at the reset vector f000:fff0."""
    ip = IP_RE.search(dump)
    cs = CS_RE.search(dump)
    cr0 = CR0_RE.search(dump)
    ip_val = int(ip.group(1), 16) if ip else None
    if ip_val == 0 and (cr0 is None or int(cr0.group(1), 16) == 0):
        return True
    return ip_val == 0xFFF0 and cs is not None and cs.group(1) == "f000"


def qemu_log_problem(qemu_log: str) -> str | None:
    if any(line.strip() == "Triple fault" for line in qemu_log.splitlines()):
        return "Triple fault in qemu.log"
    for cpu, dump in reset_blocks(qemu_log):
        if cpu == 0 and not pristine(dump):
            ip = IP_RE.search(dump)
            where = f" at IP={ip.group(1)}" if ip else ""
            return f"unexpected reset of CPU 0{where} in qemu.log"
    return None


def qemu_error(status: int | None, stderr: str) -> str | None:
    """QEMU refused to run (bad argument, missing file): its own message."""
    errors = [line for line in stderr.splitlines()
              if line.startswith("qemu-system-x86_64:") and "terminating on signal" not in line]
    if errors and status not in (None, 0) and decode_status(status) in (None, 0):
        return "QEMU failed: " + errors[0]
    return None


def judge(expect: Expect, serial: str, qemu_log: str, status: int | None,
          timed_out: bool = False, stderr: str = "", timeout: float | None = None) -> Verdict:
    """Decide pass | fail | error | timeout, with a reason naming what failed."""
    code = decode_status(status)
    failed = qemu_error(status, stderr)
    if failed:
        return Verdict("error", failed, status, code)
    lines = serial_lines(serial)
    problems = [p for p in (find_forbidden(lines, expect.all_forbidden(), expect.markers),
                            qemu_log_problem(qemu_log)) if p]
    missing = missing_marker(lines, expect.markers)
    if timed_out:
        waiting = "" if missing else (f" waiting for isa-debug-exit {expect.exit_code:#x} "
                                      "(every marker seen)")
        problems.append(f"timed out after {timeout or expect.timeout:g}s{waiting}")
    if missing:
        problems.append(missing)
    want = (expect.exit_code << 1) | 1
    if status != want and not (timed_out or status is None):
        problems.append(f"exit: expected isa-debug-exit {expect.exit_code:#x} "
                        f"(QEMU status {want}), got {describe_status(status)}")
    if not problems:
        return Verdict("pass", f"all {len(expect.markers)} markers in order, "
                       f"exit {expect.exit_code:#x} (QEMU status {want})", status, code)
    hard = problems[0].startswith(("forbidden", "Triple", "unexpected"))
    kind = "timeout" if timed_out and not hard else "fail"
    return Verdict(kind, "; ".join(problems), status, code)


def judge_release(ready: str, forbidden, serial: str, qemu_log: str, status: int | None,
                  reached: bool, timed_out: bool, stderr: str = "", timeout: float = 0.0,
                  grace: float = 0.0, after=()) -> Verdict:
    """A release boot (no isa-debug-exit): pass when a line starts with `ready`, no
    forbidden marker appears (also in the grace period after it), every `after` marker
    starts a line after it, in order, qemu.log shows no triple fault or unexpected
    reset, and QEMU was still running when it was stopped."""
    failed = qemu_error(status, stderr)
    if failed:
        return Verdict("error", failed, status, None)
    lines = serial_lines(serial)
    problems = [p for p in (find_forbidden(lines, forbidden), qemu_log_problem(qemu_log)) if p]
    seen = reached or missing_marker(lines, (ready,)) is None
    if timed_out and not seen:
        problems.append(f"timed out after {timeout:g}s waiting for {ready}")
    elif not seen:
        problems.append(f"marker {ready} not seen before QEMU ended: {describe_status(status)}")
    elif status is not None:
        problems.append(f"QEMU ended within {grace:g}s after {ready}: {describe_status(status)} "
                        "(a release system stays up)")
    elif after:
        late = missing_marker(lines, (ready, *after))
        if late:
            problems.append(f"{late} within {grace:g}s after {ready}: the system did not "
                            "stay live")
    if not problems:
        return Verdict("pass", f"{ready} seen, no forbidden marker in the {grace:g}s after it; "
                       "QEMU stopped by the integrator", status, None)
    hard = problems[0].startswith(("forbidden", "Triple", "unexpected"))
    return Verdict("timeout" if timed_out and not hard else "fail", "; ".join(problems),
                   status, None)
