"""Owns `test`: the integrator's own tests, every component's unit tests (native
build, `meson test`), and scenario boots judged in parallel; each becomes a
CaseResult for the reports.
"""
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import judge, pipeline, proc, qemu
from .build import Builder
from .errors import IntegratorError
from .layout import Layout
from .manifest import Manifest
from .pipeline import Prepared
from .progress import Progress
from .report import CaseResult
from .scenario import Overrides

TAIL = 20


def self_tests(layout: Layout, progress: Progress) -> CaseResult:
    """python3 -m unittest discover -s tests/integrator -t . in the tree root."""
    if not (layout.root / "tests" / "integrator").is_dir():
        progress.report("integrator tests", 0.0, "skipped")
        return CaseResult("integrator", "integrator", "skipped", "no tests/integrator in this tree")
    args = ["-m", "unittest", "discover", "-s", "tests/integrator", "-t", "."]
    argv = [sys.executable, *args]
    log = layout.build / "integrator-tests.log"
    start = time.monotonic()
    with progress.step("integrator tests") as step:
        result = proc.run(argv, cwd=layout.root, log=log, append=False)
        ran = re.search(r"^Ran (\d+) tests?", result.output, re.M)
        step["note"] = "pass" if result.ok else "FAIL"
    status = "pass" if result.ok else "fail"
    reason = (f"{ran.group(1) if ran else '?'} tests "
              + ("passed" if result.ok else "ran, some failed"))
    return CaseResult("integrator", "integrator", status, reason, time.monotonic() - start,
                      log=layout.rel(log), reproduce=proc.show(["python3", *args]),
                      output_tail=[] if result.ok else proc.tail(log, TAIL))


def unit_tests(layout: Layout, manifest: Manifest, names, progress: Progress) -> list[CaseResult]:
    """`meson test` in each component's native build dir, dependency order."""
    builder = Builder(layout, manifest, warn=progress.say)
    return [_unit(builder, manifest.component(n), progress) for n in names]


def _unit(builder: Builder, comp, progress: Progress) -> CaseResult:
    start = time.monotonic()
    with progress.step(f"unit {comp.name} (native)") as step:
        try:
            result, log, argv = builder.native_test(comp)
        except IntegratorError as exc:
            step["note"] = "ERROR"
            return CaseResult("unit", comp.name, "error", str(exc), time.monotonic() - start)
        status, reason = _unit_verdict(result)
        step["note"] = status
    rel = builder.layout.rel(log)
    reason += f" (read {rel})" if status != "pass" else ""
    return CaseResult("unit", comp.name, status, reason, time.monotonic() - start, log=rel,
                      reproduce=proc.show(argv), output_tail=[] if status == "pass" else proc.tail(log, TAIL))


def _unit_verdict(result: proc.Result) -> tuple[str, str]:
    counts = dict(re.findall(r"^(Ok|Fail|Timeout|Skipped|Unexpected Pass|Expected Fail):\s+(\d+)",
                             result.output, re.M))
    if result.ok and "No tests defined" in result.output:
        return "skipped", "no unit tests defined"
    if result.ok:
        return "pass", f"{counts.get('Ok', '?')} tests passed"
    if counts:
        bad = int(counts.get("Fail", 0)) + int(counts.get("Timeout", 0)) + int(
            counts.get("Unexpected Pass", 0))
        return "fail", f"meson test: {bad} of {sum(map(int, counts.values()))} tests failed"
    return "fail", "meson test failed before running tests (build error?)"


def scenario_tests(layout: Layout, manifest: Manifest, scenarios, overrides: Overrides,
                   jobs: int, progress: Progress, repro_prefix: list[str]) -> list[CaseResult]:
    """Build every scenario (checked by pipeline.check), then boot and judge them,
    `jobs` at a time."""
    prepared = pipeline.prepare(layout, manifest, scenarios, overrides, progress, keep_going=True)
    repro = repro_prefix + overrides.flags()
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        try:
            return list(pool.map(lambda p: _boot(layout, p, progress, repro), prepared))
        except KeyboardInterrupt:
            qemu.stop_all()  # let the workers finish now rather than at their time limits
            raise


def _boot(layout: Layout, prep: Prepared, progress: Progress, repro: list[str]) -> CaseResult:
    name = prep.scenario.name
    reproduce = proc.show(repro + ["--scenario", name])
    if prep.error or prep.skipped:
        status = "error" if prep.error else "skipped"
        progress.report(f"boot {name}", 0.0, status)
        return CaseResult("scenario", name, status, prep.error or prep.skipped,
                          expected_exit_code=prep.scenario.expect.exit_code,
                          reproduce=reproduce if prep.error else "")
    with progress.step(f"boot {name}") as step:
        verdict, seconds = boot_and_judge(layout, prep)
        step["note"] = verdict.status
    logs = qemu.LogPaths(layout.logs(name))
    return CaseResult("scenario", name, verdict.status, verdict.reason, seconds,
                      verdict.exit_code, verdict.exit_status, prep.scenario.expect.exit_code,
                      log=layout.rel(logs.dir), reproduce=reproduce,
                      output_tail=[] if verdict.status == "pass" else proc.tail(logs.serial, TAIL))


def boot_and_judge(layout: Layout, prep: Prepared) -> tuple[judge.Verdict, float]:
    """Boot one prepared scenario in QEMU and judge its logs."""
    logs_abs = qemu.LogPaths(layout.logs(prep.scenario.name))
    logs_rel = qemu.LogPaths(Path(layout.rel(logs_abs.dir)))
    ovmf = qemu.find_ovmf() if prep.qemu.firmware == "uefi" else None
    qemu.prepare_logs(logs_abs, prep.qemu, ovmf)
    argv = qemu.command(prep.qemu, Path(layout.rel(prep.iso)), logs_rel, ovmf=ovmf)
    expect = prep.scenario.expect
    outcome = qemu.boot(argv, layout.root, logs_abs, expect.timeout, expect.all_forbidden(),
                        expect.markers)
    verdict = judge.judge(expect, qemu.read_text(logs_abs.serial), qemu.read_text(logs_abs.qemu),
                          outcome.status, outcome.timed_out, qemu.read_text(logs_abs.stderr))
    return verdict, outcome.seconds


def print_failures(results: list[CaseResult], out=sys.stdout) -> None:
    """For each failure: the expectation that failed, the log tail, one command to rerun."""
    for r in results:
        if r.status in ("pass", "skipped"):
            continue
        head = "error:" if r.status == "error" else r.status.upper()
        out.write(f"\n{head} {r.kind} {r.name}: {r.reason}\n")
        source = f"{r.log}/serial.log" if r.kind in ("scenario", "appliance") else r.log
        if r.output_tail:
            out.write(f"  last {len(r.output_tail)} lines of {source}:\n")
            out.writelines(f"    | {line}\n" for line in r.output_tail)
        elif r.log:
            out.write(f"  {source} is empty\n")
        if r.reproduce:
            out.write(f"  reproduce: {r.reproduce}\n")
