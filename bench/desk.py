"""Time the desk on the demo repository: start-up, and a save-and-validate round trip.

    python bench/desk.py [--repeat 5]

Copies the demo records (cases/, meetings/, policies/) into a temporary git
repository, starts ``casework desk --no-browser --port 0`` as its own process
--repeat times and times, with the wall clock:

* start-up: from starting the process to the page answering, and to the case
  list (every case's records and what is due) answering, each start a fresh
  process (nothing is kept on disk between them); with the CPU seconds (user and
  system, every thread) the desk had used when the case list answered, the
  steadier figure on a shared machine (Linux: read from /proc);
* a save that passes: a referral posted to ``/api/save``, composed from its
  template, validated and scanned in context, then written (--repeat times, on
  the last desk started);
* a save that is refused: the same with a vocabulary value the pack does not have
  (nothing is written);
* an amendment of the first committed decision (--repeat times each): its form, whose
  fields start at the values the decision has now (its earlier amendments applied);
  a save refused because its one ticked field is left as the decision says; and a
  save that changes it and passes (the file is then removed);
* the reference: ``casework --version`` (--repeat times), which starts Python and
  imports casework's command line, the part of start-up every command pays (on a
  busy machine it shows how much of the figures is the machine).

Prints the median seconds (and the range) against the issue's bar of one second
each and as a ratio to the reference's median, and the machine's load average
before and after. Not a test: machines differ.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import resource
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


def _cpu(pid: int) -> float | None:
    """Seconds of CPU (user and system, all threads) the process has used so far; None
    where /proc does not say (not Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _start(
    casework: Path, root: Path
) -> tuple[subprocess.Popen[str], int, float, float, float | None]:
    """A desk on ``root``: the process, its port, the seconds to the page and to the case
    list answering from starting the process, and the CPU seconds it had used by then."""
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
        _call(port, "GET", "/")
        page_at = time.perf_counter() - began
        _call(port, "GET", "/api/overview")
        list_at = time.perf_counter() - began
        cpu = _cpu(process.pid)
    except BaseException:
        _stop(process)
        raise
    return process, port, page_at, list_at, cpu


def _stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait()
    if process.stdout is not None:
        process.stdout.close()


def _token(port: int) -> str:
    """The session token the desk wrote into its page (what the page sends with a save)."""
    found = re.search(rb'name="casework-token" content="([^"]+)"', _call(port, "GET", "/"))
    if found is None:
        raise SystemExit("the desk's page holds no token: the desk is broken")
    return found.group(1).decode()


def _saves(port: int, root: Path, repeat: int) -> tuple[str, list[float], list[float]]:
    """The case saved for, and the seconds of each passing and each refused save."""
    token = _token(port)
    case, data = _referral(port, token)
    passed, refused = [], []
    for _ in range(repeat):
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
    return case, passed, refused


def _amendments(
    port: int, root: Path, repeat: int
) -> tuple[str, list[float], list[float], list[float]]:
    """The decision amended, and the seconds of each: its amendment's form (each field at
    the value the decision has now), a save refused because a ticked field is left as
    the decision says, and a save that passes (then removed)."""
    token = _token(port)
    for case in _call(port, "GET", "/api/overview")["cases"]:
        offered = _call(port, "GET", f"/api/amendable?case_id={case['id']}")["records"]
        decisions = [r["name"] for r in offered if r["kind"] == "decision"]
        if decisions:
            break
    else:
        raise SystemExit("no case of the demo repository has a committed decision")
    query = f"case_id={case['id']}&amends={decisions[0]}"
    started = _call(port, "GET", f"/api/start?kind=amendment&{query}")
    data = {**started["data"], "reason": "An invented reason, from the desk benchmark."}
    forms, unchanged, passed = [], [], []
    for _ in range(repeat):
        began = time.perf_counter()
        schema = _call(port, "GET", f"/api/schema?kind=amendment&{query}&path={started['path']}")
        forms.append(time.perf_counter() - began)
        chair = schema["properties"]["changes"]["properties"]["chair_role"]
        same = {"kind": "amendment", "data": {**data, "changes": {"chair_role": chair["default"]}}}
        began = time.perf_counter()
        answer = _call(port, "POST", "/api/save", same, token)
        unchanged.append(time.perf_counter() - began)
        if answer["written"]:
            raise SystemExit("an amendment that changes nothing was written: the desk is broken")
        other = next(role for role in chair["enum"] if role != chair["default"])
        changed = {"kind": "amendment", "data": {**data, "changes": {"chair_role": other}}}
        began = time.perf_counter()
        answer = _call(port, "POST", "/api/save", changed, token)
        passed.append(time.perf_counter() - began)
        if not answer["written"]:
            raise SystemExit(f"the benchmark's amendment was refused: {answer['messages']}")
        (root / answer["path"]).unlink()
    return f"{case['id']}/{decisions[0]}", forms, unchanged, passed


def _children_cpu() -> float:
    """CPU seconds (user and system) of this process's finished children so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    casework = Path(sys.executable).parent / "casework"
    load_before = _load()
    references, reference_cpus = [], []
    for _ in range(args.repeat):
        began, used = time.perf_counter(), _children_cpu()
        subprocess.run([str(casework), "--version"], check=True, capture_output=True)
        references.append(time.perf_counter() - began)
        reference_cpus.append(_children_cpu() - used)
    pages, lists, cpus = [], [], []
    with tempfile.TemporaryDirectory(prefix="casework-bench-desk-") as tmp:
        root = _demo(Path(tmp))
        for run in range(args.repeat):
            process, port, page_at, list_at, cpu = _start(casework, root)
            pages.append(page_at)
            lists.append(list_at)
            if cpu is not None:
                cpus.append(cpu)
            try:
                if run == args.repeat - 1:
                    case, passed, refused = _saves(port, root, args.repeat)
                    amended, forms, unchanged, amend_passed = _amendments(port, root, args.repeat)
            finally:
                _stop(process)
    reference = statistics.median(references)
    reference_cpu = statistics.median(reference_cpus)
    rows = [
        ("start-up: page answering", pages, reference),
        ("start-up: case list answering", lists, reference),
        *([("  the desk's CPU by then", cpus, reference_cpu)] if cpus else []),
        ("save and validate, passing", passed, reference),
        ("save and validate, refused", refused, reference),
        ("amendment form, current values", forms, reference),
        ("amendment save, unchanged field", unchanged, reference),
        ("amendment save, passing", amend_passed, reference),
    ]
    print(
        f"desk on the demo repository (case {case}; amending {amended}); bar: {BAR:.1f} s each; "
        f"median of {args.repeat} (range)"
    )
    print(f"  load average before: {load_before}; after: {_load()}")
    print(
        f"  reference: 'casework --version' (Python and casework's imports) {reference:6.3f} s "
        f"({min(references):.3f} to {max(references):.3f}), CPU {reference_cpu:.3f} s"
    )
    for label, seconds, against in rows:
        median = statistics.median(seconds)
        print(
            f"  {label:<32} {median:6.3f} s  ({min(seconds):.3f} to {max(seconds):.3f}; "
            f"{median / BAR:.2f} of the bar; {median / against:.2f}x the reference's "
            f"{'CPU' if against is reference_cpu else 'time'})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
