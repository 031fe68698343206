"""Issue 12's rows for validate, the hook and check, as ratios measured in the same run.

    python bench/issue12.py [--cases 2000 10000] [--rounds 3] [--jsonschema-up-to 2000]
                            [--hook-up-to 2000] [--keep DIR] [--only hook ...]

For each size, writes a synthetic repository of that many invented children
(bench/generate.py), commits it to a fresh git repository and stages one
changed referral, then runs, as separate processes and interleaved round by
round (A B C ... A B C ...) after one warm-up round, so a machine whose speed
drifts affects every command alike:

* ``casework validate`` on the whole repository;
* the parse floor: a bare Python process that reads every record file with
  PyYAML's C loader (``yaml.CSafeLoader``) and nothing else;
* ``check-jsonschema`` with the same schemas on the same files (one run per
  kind of record, the seconds summed; only up to ``--jsonschema-up-to``
  cases, since it takes minutes at 10,000);
* the one-file hook, ``casework validate --staged FILE`` for the staged
  referral, against ``check-jsonschema`` on that file alone (only up to
  ``--hook-up-to`` cases; the issue's row is the 2,000-case repository);
* ``casework check --all`` with the repository's own pack.

``--only`` runs just the named groups (``validate``, ``hook``, ``check``):
``--only hook`` times the hook and check-jsonschema on its file and nothing
else, which takes seconds rather than the minutes of check-jsonschema over
every file. A group brings its references with it (``validate`` the parse
floor and check-jsonschema over every file, ``check`` validate).

Prints each command's median wall seconds, CPU seconds (user and system) and
peak memory (the child's maximum resident set, from ``os.wait4``), then each
of the issue's ratios as the median of the per-round ratios, in wall time
and in CPU time, beside the issue's goal; last, every row in one Markdown
table. On a machine shared with other work the CPU ratio is the steadier
figure. The site-build rows of the issue are measured by bench/site.py.
Exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from casework.schemas import SCHEMA_FILES, schema_dir
from common import Measured, by_kind, commit_all, git, run, tool
from generate import generate

PARSE = """
import sys, yaml
for name in open(sys.argv[1], encoding="utf-8").read().split("\\n"):
    if name:
        with open(name, encoding="utf-8") as handle:
            yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""


@dataclass(frozen=True)
class Row:
    """One row of the issue's table: a command against its reference."""

    label: str
    ours: str
    reference: str
    goal: str
    memory: bool = False


ROWS = (
    Row("validate / C-loader parse", "validate", "parse", "at most 2x"),
    Row("validate / check-jsonschema", "validate", "jsonschema", "below 0.1x"),
    Row("hook / check-jsonschema on the file", "hook", "hook-jsonschema", "at most 1x"),
    Row("check / validate (time)", "check", "validate", "at most 1.2x"),
    Row("check / validate (peak memory)", "check", "validate", "-", memory=True),
)


def prepare(cases: int, root: Path, seed: int) -> tuple[dict[str, list[str]], str]:
    """The repository (written, or reused from ``--keep``) with one referral changed and
    staged; returns its records by kind and that referral."""
    if (root / ".git").is_dir():
        git(root, "reset", "-q", "--hard")  # a kept repository: back to its commit
    else:
        generate(cases, root, seed)
        commit_all(root)
    kinds = by_kind(root)
    referral = kinds["referral"][len(kinds["referral"]) // 2]
    path = root / referral
    path.write_text(path.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    git(root, "add", referral)
    return kinds, referral


#: the groups ``--only`` chooses from, and the commands of each
GROUPS = {
    "validate": ("validate", "parse", "jsonschema"),
    "hook": ("hook", "hook-jsonschema"),
    "check": ("check", "validate"),
}


def commands(
    root: Path,
    kinds: dict[str, list[str]],
    referral: str,
    jsonschema: bool,
    hook: bool,
    only: tuple[str, ...] = (),
) -> dict[str, list[list[str]]]:
    """Name -> the commands whose times add up to it."""
    casework, checker = tool("casework"), tool("check-jsonschema")
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
        "check": [[casework, "check", "--repo", str(root), "--all", "--fail-on", "never"]],
    }
    if hook:  # run in the repository: the hook names its file as pre-commit does
        table["hook"] = [[casework, "validate", "--staged", referral]]
        table["hook-jsonschema"] = [[*schema_args("referral"), referral]]
    if jsonschema:
        table["jsonschema"] = [
            [*schema_args(kind), *files] for kind, files in sorted(kinds.items()) if kind != "?"
        ]
    if only:
        chosen = {name for group in only for name in GROUPS[group]}
        table = {name: group for name, group in table.items() if name in chosen}
    return table


def _ratio(ours: list[Measured], theirs: list[Measured], what: str) -> float:
    return statistics.median(
        getattr(a, what) / getattr(b, what) for a, b in zip(ours, theirs, strict=True)
    )


def measure(
    cases: int,
    work: Path,
    seed: int,
    rounds: int,
    jsonschema: bool,
    hook: bool,
    only: tuple[str, ...] = (),
) -> list[tuple[str, int, str, str, str]]:
    """Run one size; returns its table rows (row, cases, wall ratio, CPU ratio, goal)."""
    root = work / f"repo-{cases}"
    kinds, referral = prepare(cases, root, seed)
    files = sum(len(names) for names in kinds.values())
    table = commands(root, kinds, referral, jsonschema, hook, only)
    results: dict[str, list[Measured]] = defaultdict(list)
    for group in table.values():  # warm-up: file cache, .pyc files
        for command in group:
            run(command, ok=(0, 1), cwd=root)
    for _ in range(rounds):
        for name, group in table.items():
            spent = [run(command, cwd=root) for command in group]
            results[name].append(
                Measured(
                    sum(m.seconds for m in spent),
                    sum(m.cpu for m in spent),
                    max(m.peak for m in spent),
                )
            )
    print(f"\n{cases} cases, {files} record files, {rounds} interleaved rounds (medians):")
    for name in table:
        wall = statistics.median(m.seconds for m in results[name])
        cpu = statistics.median(m.cpu for m in results[name])
        peak = statistics.median(m.peak for m in results[name])
        print(f"  {name:<16} {wall:8.2f} s wall {cpu:8.2f} s CPU {peak:7.0f} MiB peak")
    rows = []
    for row in ROWS:
        if row.ours not in results or row.reference not in results:
            continue
        ours, theirs = results[row.ours], results[row.reference]
        if row.memory:
            wall, cpu = f"{_ratio(ours, theirs, 'peak'):.2f}x", "-"
        else:
            wall = f"{_ratio(ours, theirs, 'seconds'):.2f}x"
            cpu = f"{_ratio(ours, theirs, 'cpu'):.2f}x"
        print(f"  {row.label:<38} {wall:>7} wall {cpu:>7} CPU   (goal: {row.goal})")
        rows.append((row.label, cases, wall, cpu, row.goal))
    if "hook" in results:
        hook_s = statistics.median(m.seconds for m in results["hook"])
        rows.append(("hook, seconds", cases, f"{hook_s:.2f} s", "-", "under 0.3 s"))
    if "check" in results:
        check_peak = statistics.median(m.peak for m in results["check"])
        rows.append(("check, peak memory", cases, f"{check_peak:.0f} MiB", "-", "under 500 MiB"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jsonschema-up-to", type=int, default=2000)
    parser.add_argument("--hook-up-to", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--only",
        nargs="+",
        choices=sorted(GROUPS),
        default=[],
        help="run just these groups of commands (with their references); default: all",
    )
    parser.add_argument(
        "--keep", type=Path, help="write the repositories here and keep them (reused if there)"
    )
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="casework-bench-12-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        for cases in args.cases:
            rows += measure(
                cases,
                work,
                args.seed,
                args.rounds,
                cases <= args.jsonschema_up_to,
                cases <= args.hook_up_to,
                tuple(args.only),
            )
    print(
        "\n| row | cases | measured (wall time, or memory) | CPU time | goal |"
        "\n| --- | --- | --- | --- | --- |"
    )
    for label, cases, wall, cpu, goal in rows:
        print(f"| {label} | {cases:,} | {wall} | {cpu} | {goal} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
