"""What the browser tests share: where the demo is, its date, how chromium is started."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
#: the repository whose demo data is built (CASEWORK_DEMO_ROOT points elsewhere)
DEMO_SOURCE = Path(os.environ.get("CASEWORK_DEMO_ROOT") or PROJECT)
#: where screenshots and printed PDFs are kept: CASEWORK_ARTEFACTS, else a folder
#: "artefacts" in pytest's temporary folder of the run (see docs/ci-and-intranet.md)
ARTEFACTS_ENV = "CASEWORK_ARTEFACTS"
#: axe-core, installed from the npm registry by scripts/install-test-tools
AXE = PROJECT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
#: the addresses (host:port) of the sites the tests serve: every request must go to one
SERVED: set[str] = set()
#: the demo data's "today"
DEMO_AS_OF = date(2026, 11, 23)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    return os.environ.get("CASEWORK_CHROMIUM", "/usr/bin/chromium")


@dataclass
class DemoSite:
    root: Path
    output: Path
    url: str
    requests: list[str] = field(default_factory=list)
