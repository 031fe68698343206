"""JSON: a list of finding objects (schema: ``schemas/report.json``)."""

from __future__ import annotations

import json

from casework.reporters import Report


def render(report: Report) -> str:
    return json.dumps([f.as_json() for f in report.findings], indent=2) + "\n"
