"""Time the desk on the demo repository: start-up, and a save-and-validate round trip.

    python bench/desk.py [--repeat 5]

Copies the demo records (cases/, meetings/, policies/) into a temporary git
repository, starts ``casework desk --no-browser --port 0`` as its own process
and times, with the wall clock:

* start-up: from starting the process to the page answering, and to the case
  list (every case's records and what is due) answering;
* a save that passes: a referral posted to ``/api/save``, composed from its
  template, validated and scanned in context, then written;
* the reference: ``casework --version``, which starts Python and imports
  casework, the part of start-up every command pays (on a busy machine it
  shows how much of the figures is the machine);
* a save that is refused: the same with a vocabulary value the pack does not have
  (nothing is written).

Prints the seconds (median of --repeat runs for the saves) against the issue's
bar of one second each. Not a test: machines differ.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
BAR = 1.0


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.invalid", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def _demo(dest: Path) -> Path:
    root = dest / "demo"
    for name in ("cases", "meetings", "policies"):
        shutil.copytree(PROJECT / name, root / name)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Demo records")
    return root


def _call(port: int, method: str, path: str, body: Any = None, token: str = "") -> Any:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Host": f"127.0.0.1:{port}", "X-Casework-Token": token}
    if body is not None:
        headers["Content-Type"] = "application/json"
    connection.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = connection.getresponse()
    raw = response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{method} {path} answered {response.status}")
    return raw if path == "/" else json.loads(raw)


def _referral(port: int, token: str) -> tuple[str, dict[str, Any]]:
    overview = _call(port, "GET", "/api/overview")
    case = overview["cases"][0]["id"]
    started = _call(port, "GET", f"/api/start?kind=referral&case_id={case}")
    schema = _call(port, "GET", "/api/schema?kind=referral")
    props = schema["properties"]
    data = dict(started["data"])
    data.update(
        criterion=props["criterion"]["enum"][0],
        summary="An invented summary, written by the desk benchmark.",
        sought=[props["sought"]["items"]["enum"][0]],
        documents=[props["documents"]["items"]["enum"][0]],
        authorised_by={**data.get("authorised_by", {}), "date": data["submitted"]},
    )
    return case, data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    casework = Path(sys.executable).parent / "casework"
    reference = time.perf_counter()
    subprocess.run([str(casework), "--version"], check=True, capture_output=True)
    reference = time.perf_counter() - reference
    with tempfile.TemporaryDirectory(prefix="casework-bench-desk-") as tmp:
        root = _demo(Path(tmp))
        began = time.perf_counter()
        process = subprocess.Popen(
            [str(casework), "desk", "--no-browser", "--port", "0", "--repo", str(root)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            match = re.search(r"http://127\.0\.0\.1:([0-9]+)/", line)
            if not match:
                raise SystemExit(f"the desk did not start: {line!r}")
            port = int(match.group(1))
            page = _call(port, "GET", "/")
            page_at = time.perf_counter() - began
            _call(port, "GET", "/api/overview")
            list_at = time.perf_counter() - began
            token = re.search(rb'name="casework-token" content="([^"]+)"', page).group(1).decode()
            case, data = _referral(port, token)
            passed, refused = [], []
            for _ in range(args.repeat):
                wrong = {"kind": "referral", "data": {**data, "criterion": "zq_not_in_the_pack"}}
                started = time.perf_counter()
                answer = _call(port, "POST", "/api/save", wrong, token)
                refused.append(time.perf_counter() - started)
                if answer["written"]:
                    raise SystemExit("a wrong value was written: the desk is broken")
                started = time.perf_counter()
                answer = _call(port, "POST", "/api/save", {"kind": "referral", "data": data}, token)
                passed.append(time.perf_counter() - started)
                if not answer["written"]:
                    raise SystemExit(f"the benchmark's referral was refused: {answer['messages']}")
                (root / answer["path"]).unlink()
        finally:
            process.terminate()
            process.wait()
    rows = [
        ("start-up: page answering", page_at),
        ("start-up: case list answering", list_at),
        (f"save and validate, passing (median of {args.repeat})", statistics.median(passed)),
        (f"save and validate, refused (median of {args.repeat})", statistics.median(refused)),
    ]
    print(f"desk on the demo repository (case {case}); bar: {BAR:.1f} s each")
    print(
        f"  reference: 'casework --version' (Python and casework's imports) {reference:6.3f} s; "
        f"start-up beyond it: {page_at - reference:.3f} s to the page, "
        f"{list_at - reference:.3f} s to the case list"
    )
    for label, seconds in rows:
        print(f"  {label:<48} {seconds:6.3f} s  ({seconds / BAR:.2f} of the bar)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
