"""Owns `test --appliance NAME`: package the appliance (package.py), then boot its
ISO in QEMU on each of its firmware targets and judge the console.

A release kernel has no debug exit, so QEMU runs without the isa-debug-exit
device. A boot passes when a line starts with ERIX_ROOTD:READY, no forbidden
marker (ROOTD_STAGE, ERIX_DEVICED:READY, a panic, a rootd status) appears in the
grace period after it, and QEMU is still running when the integrator stops it;
it fails on a forbidden marker, a triple fault or reset, and times out without
READY. Logs go to images/logs/NAME/FIRMWARE/; each boot is one CaseResult
(kind "appliance", name NAME:FIRMWARE) in the usual reports.
"""
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from . import judge, package, proc, qemu
from .errors import IntegratorError
from .layout import Layout
from .manifest import Manifest
from .progress import Progress
from .report import CaseResult
from .scenario import Overrides

TAIL = 20


@dataclass
class Boot:
    """One firmware boot of one packaged appliance."""

    plan: package.Plan
    firmware: str
    iso: Path | None = None
    error: str | None = None
    skipped: str | None = None

    @property
    def name(self) -> str:
        return f"{self.plan.appliance.name}:{self.firmware}"


def logs_dir(layout: Layout, name: str, firmware: str) -> Path:
    return layout.images / "logs" / name / firmware


def firmwares(plan: package.Plan, overrides: Overrides) -> list[str]:
    """The appliance's firmware targets, or only --firmware when it is one of them."""
    wanted = plan.appliance.firmware
    if overrides.firmware:
        if overrides.firmware not in wanted:
            raise IntegratorError(f"appliance {plan.appliance.name} is built for "
                                  f"{', '.join(wanted)}, not {overrides.firmware}")
        return [overrides.firmware]
    return list(wanted)


def appliance_tests(layout: Layout, manifest: Manifest, plans: list, overrides: Overrides,
                    jobs: int, progress: Progress, repro: list[str]) -> list[CaseResult]:
    """Package each planned appliance (a failure becomes an error result), then
    boot every firmware target, `jobs` at a time."""
    boots = []
    for plan in plans:
        targets = firmwares(plan, overrides)
        try:
            iso = package.package(layout, manifest, plan, progress).iso
            boots += [Boot(plan, fw, iso, skipped=skip_reason(fw)) for fw in targets]
        except IntegratorError as exc:
            boots += [Boot(plan, fw, error=str(exc)) for fw in targets]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        try:
            return list(pool.map(lambda b: _boot(layout, b, overrides, progress, repro), boots))
        except KeyboardInterrupt:
            qemu.stop_all()
            raise


def skip_reason(firmware: str, ovmf=qemu.find_ovmf) -> str | None:
    if firmware == "uefi" and ovmf() is None:
        return "needs UEFI firmware, but OVMF is not installed: run ./integrate.py doctor --install"
    return None


def _boot(layout: Layout, boot: Boot, overrides: Overrides, progress: Progress,
          repro: list[str]) -> CaseResult:
    app = boot.plan.appliance
    reproduce = proc.show(repro + ["--appliance", app.name, "--firmware", boot.firmware])
    if boot.error or boot.skipped:
        status = "error" if boot.error else "skipped"
        progress.report(f"boot {boot.name}", 0.0, status)
        return CaseResult("appliance", boot.name, status, boot.error or boot.skipped,
                          reproduce=reproduce if boot.error else "")
    with progress.step(f"boot {boot.name}") as step:
        verdict, seconds = boot_and_judge(layout, boot, overrides)
        step["note"] = verdict.status
    logs = qemu.LogPaths(logs_dir(layout, app.name, boot.firmware))
    return CaseResult("appliance", boot.name, verdict.status, verdict.reason, seconds,
                      exit_status=verdict.exit_status, log=layout.rel(logs.dir),
                      reproduce=reproduce,
                      output_tail=[] if verdict.status == "pass" else proc.tail(logs.serial, TAIL))


def qemu_config(boot: Boot, overrides: Overrides):
    cfg = overrides.apply(boot.plan.appliance.qemu)
    return replace(cfg, firmware=boot.firmware,
                   image="hybrid" if len(boot.plan.appliance.firmware) > 1 else "bios")


def boot_and_judge(layout: Layout, boot: Boot, overrides: Overrides) -> tuple[judge.Verdict, float]:
    app = boot.plan.appliance
    logs_abs = qemu.LogPaths(logs_dir(layout, app.name, boot.firmware))
    logs_rel = qemu.LogPaths(Path(layout.rel(logs_abs.dir)))
    cfg = qemu_config(boot, overrides)
    ovmf = qemu.find_ovmf() if boot.firmware == "uefi" else None
    qemu.prepare_logs(logs_abs, cfg, ovmf)
    argv = qemu.command(cfg, Path(layout.rel(boot.iso)), logs_rel, ovmf=ovmf, debug_exit=False)
    test = app.test
    start = time.monotonic()
    outcome = qemu.boot(argv, layout.root, logs_abs, test.timeout, test.forbidden,
                        until=test.ready, grace=test.grace)
    verdict = judge.judge_release(test.ready, test.forbidden, qemu.read_text(logs_abs.serial),
                                  qemu.read_text(logs_abs.qemu), outcome.status, outcome.reached,
                                  outcome.timed_out, qemu.read_text(logs_abs.stderr),
                                  test.timeout, test.grace, test.after_ready)
    return verdict, time.monotonic() - start
