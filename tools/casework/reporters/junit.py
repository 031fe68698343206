"""JUnit XML: one test case per rule and case; a breached or late finding that fails the
run (``--fail-on``) is a failure; a local choice that does not is in ``system-out``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from casework.errors import printable
from casework.findings import Finding
from casework.reporters import Report, text


def render(report: Report) -> str:
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in report.findings:
        groups[(finding.rule, finding.subject)].append(finding)
    failures = sum(1 for group in groups.values() if any(report.fails(f) for f in group))
    suites = ET.Element("testsuites", name="casework check", tests=str(len(groups)))
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=f"timescales as of {report.as_of.isoformat()}",
        tests=str(len(groups)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    for (rule, subject), group in sorted(groups.items()):
        first = group[0]
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{rule} {first.title}",
            name=subject,
            file=printable(first.file),
            line=str(first.line),
        )
        failing = [f for f in group if report.fails(f)]
        if failing:
            failure = ET.SubElement(
                case,
                "failure",
                message=failing[0].message,
                type=failing[0].status.value,
            )
            failure.text = "\n".join(text.line(f) for f in failing)
        else:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(text.line(f) for f in group)
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
