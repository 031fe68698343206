"""Shared by the desk's tests: a desk server on a git repository, and valid form values."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from casework.desk.server import Desk, make_server

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test coordinator",
    "GIT_AUTHOR_EMAIL": "coordinator@example.invalid",
    "GIT_COMMITTER_NAME": "Test coordinator",
    "GIT_COMMITTER_EMAIL": "coordinator@example.invalid",
}

#: a new child's case record, as a form sends it (case id invented)
NEW_CASE: dict[str, Any] = {
    "case_id": "C-0043",
    "birth_month": "2019-04",
    "team": "children_in_care",
    "worker_role": "social_worker",
    "episodes": [{"start": "2025-11-03", "legal_basis": "s20", "entry": "emergency"}],
    "legal_status": [{"status": "s20", "start": "2025-11-03"}],
    "placements": [{"type": "foster_mainstream", "provider": "in_house", "start": "2025-11-03"}],
}

#: a referral for the existing case C-0042, as a form sends it
NEW_REFERRAL: dict[str, Any] = {
    "case_id": "C-0042",
    "panel_date": "2026-03-19",
    "submitted": "2026-03-12",
    "criterion": "bx_iro_drift",
    "summary": "An invented summary for testing the desk.",
    "sought": ["endorse_plan"],
    "documents": ["referral_form", "care_plan"],
    "authorised_by": {"role": "team_manager", "date": "2026-03-11"},
}


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | GIT_ENV
    return subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )


def commit_all(root: Path) -> None:
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-q", "-m", "First")):
        done = git(root, *args)
        assert done.returncode == 0, done.stderr


@contextmanager
def running_desk(root: Path) -> Iterator[tuple[str, Desk]]:
    server, desk = make_server(root, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", desk
    finally:
        server.shutdown()
        server.server_close()


def request(
    address: str,
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    *,
    host: str | None = None,
    token: str | None = None,
) -> tuple[int, Any]:
    name, port = address.split(":")
    connection = http.client.HTTPConnection(name, int(port), timeout=60)
    headers = {"Host": host or address}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if token is not None:
        headers["X-Casework-Token"] = token
    connection.request(
        method, path, body=json.dumps(body) if body is not None else None, headers=headers
    )
    response = connection.getresponse()
    raw = response.read()
    connection.close()
    kind = response.getheader("Content-Type") or ""
    return response.status, json.loads(raw) if kind.startswith("application/json") else raw


# In a real browser (tests/browser/test_desk_browser.py): the steps its tests share. Playwright
# is imported only when a step runs, so the API tests need no browser.

#: how long a step may wait for the desk (a save runs validate and scan; a commit, the hooks)
BROWSER_TIMEOUT = 60_000


def field(page: Any, name: str) -> Any:
    """A form field by its path in the record: ``[changes][criterion]``."""
    return page.locator(f"[name='root{name}']")


def tick(page: Any, name: str) -> None:
    """Tick an amendment's field ``name`` (of its ``changes``) to give it."""
    page.check(f"[id='root[changes][{name}]-opt-in']")


def status_says(page: Any, text: str) -> None:
    """The desk's status line (saved, not saved...) comes to say ``text``."""
    from playwright.sync_api import expect

    expect(page.locator("#status")).to_contain_text(text, timeout=BROWSER_TIMEOUT)


def open_committed(page: Any, rel: str) -> None:
    """Open the committed record ``rel`` from the list: it is read-only, with the way on."""
    from playwright.sync_api import expect

    page.click(f"button[data-path='{rel}']")
    expect(page.locator("#readonly-note")).to_contain_text("record an amendment")
    expect(page.locator("#save")).to_be_hidden()
    expect(page.locator("#amend")).to_be_visible()


def start_amendment(page: Any, rel: str, noun: str) -> None:
    """Open the committed record ``rel`` and choose "Record an amendment": the form for a
    new amendment to that ``noun`` ("a referral", "a decision", "a meeting record"),
    its record fixed."""
    from playwright.sync_api import expect

    open_committed(page, rel)
    page.click("#amend")
    amendment_form(page, rel.rsplit("/", 1)[1].removesuffix(".yaml"), noun)
    expect(page.locator("#save")).to_be_visible()


def amendment_form(page: Any, amends: str, noun: str) -> None:
    """The form shown is a new amendment to the ``noun`` called ``amends``."""
    from playwright.sync_api import expect

    expect(page.locator("#form-title")).to_have_text(f"New Amendment to {noun}")
    expect(field(page, "[amends]")).to_have_value(amends)
    expect(field(page, "[amends]")).to_be_disabled()  # the fields offered depend on it


def commit_in_desk(page: Any, root: Path, message: str) -> None:
    """Commit everything not yet committed from the desk: the hooks run and pass."""
    from playwright.sync_api import expect

    page.fill("#commit-message", message)
    page.click("#commit")
    output = page.locator("#commit-output")
    expect(output).to_contain_text("committed:", timeout=BROWSER_TIMEOUT)
    text = output.text_content() or ""
    assert "NOT committed" not in text, text
    assert "casework validate" in text  # the hooks ran
    assert git(root, "status", "--porcelain", "--", "cases", "meetings").stdout == ""
