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
