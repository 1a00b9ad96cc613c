"""Owns the test reports: images/reports/report.json (schema_version 1), JUnit XML
at images/reports/junit.xml, and a timestamped copy of each JSON report under
images/reports/history/. Also reads the last report for --only-failed.
"""
import json
import os
import time
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path

SCHEMA_VERSION = 1
FAILED = ("fail", "error", "timeout")


@dataclass
class CaseResult:
    """One judged thing: a scenario boot, a component's unit tests, the integrator's tests."""

    kind: str  # scenario | unit | integrator | appliance (a release image boot)
    name: str
    status: str  # pass | fail | error | timeout | skipped
    reason: str
    duration: float = 0.0
    exit_code: int | None = None  # isa-debug-exit value (scenarios)
    exit_status: int | None = None  # QEMU's status as the host saw it
    expected_exit_code: int | None = None
    log: str = ""
    reproduce: str = ""
    output_tail: list[str] = field(default_factory=list)


def counts(results: list[CaseResult]) -> dict:
    total = {s: 0 for s in ("pass", "fail", "error", "timeout", "skipped")}
    for result in results:
        total[result.status] += 1
    return total


def summary_line(results: list[CaseResult]) -> str:
    """`summary: N passed, N failed, N skipped` (errors and timeouts count as failed)."""
    c = counts(results)
    failed = c["fail"] + c["error"] + c["timeout"]
    return f"summary: {c['pass']} passed, {failed} failed, {c['skipped']} skipped"


def to_json(results: list[CaseResult], meta: dict) -> dict:
    cases = []
    for r in results:
        item = asdict(r)
        item["duration"] = round(r.duration, 3)
        cases.append(item)
    appliances = [c for c in cases if c["kind"] == "appliance"]  # test --appliance only
    return {"schema_version": SCHEMA_VERSION, **meta, "counts": counts(results),
            "scenarios": [c for c in cases if c["kind"] == "scenario"],
            **({"appliances": appliances} if appliances else {}),
            "suites": [c for c in cases if c["kind"] not in ("scenario", "appliance")]}


def to_junit(results: list[CaseResult]) -> ET.ElementTree:
    """JUnit XML: one testsuite per kind, one testcase per result."""
    root = ET.Element("testsuites", name="erix")
    for kind in ("integrator", "unit", "scenario", "appliance"):
        mine = [r for r in results if r.kind == kind]
        if mine:
            root.append(_suite(kind, mine))
    _totals(root, results)
    return ET.ElementTree(root)


def _totals(node: ET.Element, results: list[CaseResult]) -> None:
    c = counts(results)
    node.set("tests", str(len(results)))
    node.set("failures", str(c["fail"] + c["timeout"]))
    node.set("errors", str(c["error"]))
    node.set("skipped", str(c["skipped"]))
    node.set("time", f"{sum(r.duration for r in results):.3f}")


def _suite(kind: str, results: list[CaseResult]) -> ET.Element:
    suite = ET.Element("testsuite", name=f"erix.{kind}")
    _totals(suite, results)
    for r in results:
        case = ET.SubElement(suite, "testcase", classname=f"erix.{kind}", name=r.name,
                             time=f"{r.duration:.3f}")
        body = "\n".join(r.output_tail + ([f"reproduce: {r.reproduce}"] if r.reproduce else []))
        if r.status in ("fail", "timeout"):
            ET.SubElement(case, "failure", message=r.reason, type=r.status).text = body
        elif r.status == "error":
            ET.SubElement(case, "error", message=r.reason, type="error").text = body
        elif r.status == "skipped":
            ET.SubElement(case, "skipped", message=r.reason)
        if r.log:
            ET.SubElement(case, "system-out").text = f"logs: {r.log}"
    return suite


def write(reports_dir: Path, results: list[CaseResult], meta: dict) -> Path:
    """Write report.json, junit.xml and the history copy; return report.json's path."""
    history = reports_dir / "history"
    history.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_json(results, meta), indent=2) + "\n"
    _atomic(reports_dir / "report.json", text)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    copy = history / f"report-{stamp}.json"
    serial = 1
    while copy.exists():
        serial += 1
        copy = history / f"report-{stamp}-{serial}.json"
    copy.write_text(text, encoding="utf-8")
    tree = to_junit(results)
    ET.indent(tree)
    tmp = reports_dir / ".junit.xml.tmp"
    tree.write(tmp, encoding="utf-8", xml_declaration=True)
    os.replace(tmp, reports_dir / "junit.xml")
    return reports_dir / "report.json"


def _atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def last_failed(reports_dir: Path) -> dict | None:
    """{kind: [names]} of what failed in the last report; None without a report."""
    try:
        data = json.loads((reports_dir / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    failed: dict[str, list[str]] = {"scenario": [], "unit": [], "integrator": []}
    for case in data.get("scenarios", []) + data.get("appliances", []) + data.get("suites", []):
        if case.get("status") in FAILED and case.get("kind") == "appliance":
            failed.setdefault("appliance", []).append(case["name"])
        elif case.get("status") in FAILED and case.get("kind") in failed:
            failed[case["kind"]].append(case["name"])
    return failed
