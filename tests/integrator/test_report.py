"""Report formats: JSON schema fields, JUnit XML, history copies, --only-failed input."""
import json
import tempfile
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

from integrator import report
from integrator.report import CaseResult

RESULTS = [
    CaseResult("integrator", "integrator", "pass", "12 tests passed", 1.5),
    CaseResult("unit", "kernel", "fail", "meson test: 1 of 3 tests failed", 2.0,
               log="build/kernel/native.log", output_tail=["FAIL x"]),
    CaseResult("scenario", "boot", "pass", "ok", 0.4, 0x10, 33, 0x10, "images/logs/boot"),
    CaseResult("scenario", "hang", "timeout", "timed out after 2s", 2.0, None, None, 0x10,
               reproduce="./integrate.py test --scenario hang"),
    CaseResult("scenario", "broken", "error", "build of kernel failed", 0.1),
    CaseResult("scenario", "uefi", "skipped", "needs OVMF"),
]


class ReportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name) / "reports"
        self.path = report.write(self.dir, RESULTS, {"command": "./integrate.py test"})

    def tearDown(self):
        self.tmp.cleanup()

    def test_json_schema(self):
        data = json.loads(self.path.read_text())
        self.assertEqual(data["schema_version"], 1)
        self.assertEqual(data["counts"], {"pass": 2, "fail": 1, "error": 1, "timeout": 1,
                                          "skipped": 1})
        names = [s["name"] for s in data["scenarios"]]
        self.assertEqual(names, ["boot", "hang", "broken", "uefi"])
        for case in data["scenarios"]:
            for key in ("name", "status", "reason", "duration", "exit_code"):
                self.assertIn(key, case)
        boot = data["scenarios"][0]
        self.assertEqual((boot["exit_code"], boot["exit_status"]), (16, 33))
        self.assertEqual([s["kind"] for s in data["suites"]], ["integrator", "unit"])

    def test_junit_parses(self):
        root = ET.parse(self.dir / "junit.xml").getroot()
        self.assertEqual(root.tag, "testsuites")
        self.assertEqual((root.get("tests"), root.get("failures"), root.get("errors"),
                          root.get("skipped")), ("6", "2", "1", "1"))
        cases = {c.get("name"): c for c in root.iter("testcase")}
        self.assertIsNotNone(cases["hang"].find("failure"))
        self.assertEqual(cases["hang"].find("failure").get("type"), "timeout")
        self.assertIsNotNone(cases["broken"].find("error"))
        self.assertIsNotNone(cases["uefi"].find("skipped"))
        self.assertIsNone(cases["boot"].find("failure"))
        self.assertEqual(len(root.findall("testsuite")), 3)

    def test_history_keeps_each_run(self):
        report.write(self.dir, RESULTS, {})
        self.assertEqual(len(list((self.dir / "history").glob("report-*.json"))), 2)

    def test_last_failed(self):
        failed = report.last_failed(self.dir)
        self.assertEqual(failed, {"scenario": ["hang", "broken"], "unit": ["kernel"],
                                  "integrator": []})
        self.assertIsNone(report.last_failed(Path(self.tmp.name) / "none"))

    def test_summary_line(self):
        self.assertEqual(report.summary_line(RESULTS), "summary: 2 passed, 3 failed, 1 skipped")


if __name__ == "__main__":
    unittest.main()
