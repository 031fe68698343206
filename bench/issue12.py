"""Validate and check against their references, as ratios measured in the same run.

    python bench/issue12.py [--cases 2000 10000] [--rounds 3] [--jsonschema-up-to 2000]

For each size, writes a synthetic repository of that many invented children
(bench/generate.py), commits it to a fresh git repository, then runs, as
separate processes and interleaved round by round (A B C ... A B C ...), so a
machine whose speed drifts affects every command alike:

* ``casework validate`` on the whole repository;
* the parse floor: a bare Python process that reads every record file with
  PyYAML's C loader (``yaml.CSafeLoader``) and nothing else;
* ``check-jsonschema`` with the same schemas on the same files (one run per
  kind of record, the seconds summed; only up to ``--jsonschema-up-to`` cases,
  since it takes minutes at 10,000);
* the one-file hook: ``casework validate --staged FILE`` for one staged,
  changed referral, against ``check-jsonschema`` on that file alone;
* ``casework check --all`` (the repository's own pack).

Prints each command's median seconds and peak memory (the child's maximum
resident set, from ``os.wait4``), then the ratios, each the median of the
per-round ratios, beside the issue's goals. Exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from casework.records import classify, discover
from casework.schemas import SCHEMA_FILES, schema_dir
from generate import generate

PARSE = """
import sys, yaml
for name in open(sys.argv[1], encoding="utf-8").read().split("\\n"):
    if name:
        with open(name, encoding="utf-8") as handle:
            yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is not installed (pip install -e '.[test]')")
    return found


#: runs one command and writes "seconds peak-KiB exit-code"; a small process of its own
#: (``python -S``), since a child's peak memory starts at its parent's size
LAUNCH = """
import os, subprocess, sys, time
report, log, command = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(log, "wb") as out:
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
with open(report, "w") as handle:
    handle.write(f"{seconds} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run(command: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """(wall seconds, peak resident MiB) of one child process, run in the current directory.

    Timed and measured (``os.wait4``) by a small launcher process; peaks
    below the launcher's own size (about 10 MiB) read as that size.
    """
    with tempfile.TemporaryDirectory() as scratch:
        report, log = Path(scratch) / "report", Path(scratch) / "log"
        subprocess.run(
            [sys.executable, "-S", "-c", LAUNCH, str(report), str(log), *command], check=True
        )
        seconds, peak, code = report.read_text(encoding="utf-8").split()
        if int(code) not in ok:
            tail = log.read_bytes()[-2000:].decode("utf-8", "replace")
            raise SystemExit(f"{' '.join(command[:3])} exited {code}:\n{tail}")
    return float(seconds), int(peak) / 1024


def _by_kind(root: Path) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = defaultdict(list)
    for path in discover(root):
        named = classify(path, root)
        kinds[getattr(named, "kind", "?")].append(path.relative_to(root).as_posix())
    return kinds


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def prepare(cases: int, root: Path, seed: int) -> tuple[int, dict[str, list[str]], str]:
    files = generate(cases, root, seed)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(
        root,
        "-c",
        "user.name=Bench",
        "-c",
        "user.email=bench@example.invalid",
        "commit",
        "-qm",
        "bench",
        "--no-verify",
    )
    kinds = _by_kind(root)
    referral = kinds["referral"][len(kinds["referral"]) // 2]
    path = root / referral
    path.write_text(path.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    _git(root, "add", referral)
    return files, kinds, referral


def commands(
    root: Path, kinds: dict[str, list[str]], referral: str, jsonschema: bool
) -> dict[str, list[list[str]]]:
    """Name -> the commands whose times add up to it."""
    casework, checker = _tool("casework"), _tool("check-jsonschema")
    listing = root.parent / f"{root.name}-files.txt"
    listing.write_text(
        "\n".join(str(root / f) for k, fs in kinds.items() if k != "?" for f in fs),
        encoding="utf-8",
    )

    def schema_args(kind: str) -> list[str]:
        schema = schema_dir() / SCHEMA_FILES[kind]
        return [checker, "--schemafile", str(schema), "--base-uri", schema.resolve().as_uri()]

    table = {
        "validate": [[casework, "validate", "--repo", str(root)]],
        "parse": [[sys.executable, "-c", PARSE, str(listing)]],
        "hook": [[casework, "validate", "--staged", referral]],
        "hook-jsonschema": [[*schema_args("referral"), referral]],
        "check": [[casework, "check", "--repo", str(root), "--all", "--fail-on", "never"]],
    }
    if jsonschema:
        table["jsonschema"] = [
            [*schema_args(kind), *files] for kind, files in sorted(kinds.items()) if kind != "?"
        ]
    return table


RATIOS = [
    ("validate / C-loader parse", "validate", "parse", "at most 2x"),
    ("validate / check-jsonschema", "validate", "jsonschema", "below 0.1x"),
    ("hook / check-jsonschema on the file", "hook", "hook-jsonschema", "at most 1x, < 0.3 s"),
    ("check / validate (time)", "check", "validate", "at most 1.2x"),
]


def measure(cases: int, work: Path, seed: int, rounds: int, jsonschema: bool) -> None:
    root = work / f"repo-{cases}"
    files, kinds, referral = prepare(cases, root, seed)
    table = commands(root, kinds, referral, jsonschema)
    os.chdir(root)  # the hook names its file relative to the repository, as pre-commit does
    seconds: dict[str, list[float]] = defaultdict(list)
    memory: dict[str, list[float]] = defaultdict(list)
    for group in table.values():  # warm-up: file cache, .pyc files
        for command in group:
            run(command, ok=(0, 1))
    for _ in range(rounds):
        for name, group in table.items():
            spent = [run(command) for command in group]
            seconds[name].append(sum(s for s, _ in spent))
            memory[name].append(max(m for _, m in spent))
    print(f"\n{cases} cases, {files} record files, {rounds} interleaved rounds (medians):")
    for name in table:
        print(
            f"  {name:<16} {statistics.median(seconds[name]):7.2f} s  "
            f"{statistics.median(memory[name]):7.0f} MiB peak"
        )
    for label, a, b, goal in RATIOS:
        if a in seconds and b in seconds:
            ratio = statistics.median(x / y for x, y in zip(seconds[a], seconds[b], strict=True))
            print(f"  {label:<38} {ratio:6.2f}x   (goal: {goal})")
    peak = statistics.median(
        x / y for x, y in zip(memory["check"], memory["validate"], strict=True)
    )
    print(f"  {'check / validate (peak memory)':<38} {peak:6.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jsonschema-up-to", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="write the repositories here and keep them")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="casework-bench-12-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        for cases in args.cases:
            measure(cases, work, args.seed, args.rounds, cases <= args.jsonschema_up_to)
    return 0


if __name__ == "__main__":
    sys.exit(main())
