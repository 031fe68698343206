"""Time ``casework scan --history`` on a synthetic history with planted personal data.

    python bench/history.py [--commits 1000] [--planted 5] [--seed 0] [--keep DIR]

Writes a git repository of that many commits with ``git fast-import`` (one
process): each commit adds a line of invented, harmless case notes (dates,
case ids, amounts, times) to one of a few hundred files under cases/ and
meetings/. A few commits (``--planted``) add a line holding an identifier
made at run time (an NHS number with a valid check digit, a postcode, an
e-mail address, a telephone number, a date of birth); a later commit removes
each of them again, so only history holds them. Then it times the scan and
checks that it reported exactly the planted commits.

``make_history`` is also used by tests/test_history_scan.py.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Planted:
    index: int  # 1-based commit number
    path: str
    kind: str  # casework.privacy.detectors.Kind code


def _nhs(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        if check != 10:
            value = "".join(map(str, digits)) + str(0 if check == 11 else check)
            return f"{value[:3]} {value[3:6]} {value[6:]}"


def _planted_line(rng: random.Random, kind: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    if kind == "nhs":
        return f"- NHS number {_nhs(rng)} given by the school nurse"
    if kind == "postcode":
        outward = rng.choice("BLMNS") + str(rng.randint(1, 20))
        return f"- moved to {outward} {rng.randint(0, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    if kind == "email":
        return f"- report sent to {''.join(rng.choices('abcdefgh', k=7))}@example.co.uk"
    if kind == "phone":
        return f"- carer on 020 7{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    return f"- date of birth {rng.randint(1, 28)}/0{rng.randint(1, 9)}/20{rng.randint(10, 20)}"


KINDS = ("nhs", "postcode", "email", "phone", "birth_date")


def _ordinary_line(rng: random.Random, index: int) -> str:
    return rng.choice(
        (
            f"- {2025 + index % 2}-{1 + index % 12:02d}-{1 + index % 28:02d}: plan reviewed "
            f"for C-{rng.randint(1000, 9999)}",
            f"- weekly cost {rng.randint(300, 3000)}.{rng.randint(10, 99)} agreed at "
            f"11:{index % 60:02d}",
            f"- return to panel in {rng.randint(2, 12)} weeks; action {index} owner social_worker",
            f"- protocol 1.{index % 9} followed; visit {rng.randint(1, 30)} of the cycle",
        )
    )


def make_history(root: Path, commits: int = 1000, planted: int = 5, seed: int = 0) -> list[Planted]:
    """A repository at ``root`` with ``commits`` commits; the planted ones are returned."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    chosen = sorted(rng.sample(range(2, commits - planted), planted))
    removals = {index + planted: index for index in chosen}  # removed a few commits later
    files: dict[str, list[str]] = {}
    plants: list[Planted] = []
    planted_lines: dict[int, tuple[str, str]] = {}
    chunks: list[bytes] = []
    for index in range(1, commits + 1):
        if index in chosen:
            kind = KINDS[len(plants) % len(KINDS)]
            path = f"cases/C-{1000 + index % 150:04d}/notes.md"
            line = _planted_line(rng, kind)
            plants.append(Planted(index, path, kind))
            planted_lines[index] = (path, line)
        elif index in removals:
            path, line = planted_lines[removals[index]]
            files[path].remove(line)
            line = ""
        else:
            folder = "meetings" if index % 5 == 0 else f"cases/C-{1000 + index % 150:04d}"
            path = f"{folder}/notes.md"
            line = _ordinary_line(rng, index)
        if line:
            files.setdefault(path, ["# invented notes"]).append(line)
        content = ("\n".join(files[path]) + "\n").encode()
        message = f"commit {index}".encode()
        stamp = 1_700_000_000 + index * 3600
        chunks.append(
            b"commit refs/heads/main\n"
            + f"mark :{index}\n".encode()
            + f"author Coordinator <c@example.invalid> {stamp} +0000\n".encode()
            + f"committer Coordinator <c@example.invalid> {stamp} +0000\n".encode()
            + f"data {len(message)}\n".encode()
            + message
            + b"\n"
            + (f"from :{index - 1}\n".encode() if index > 1 else b"")
            + f"M 100644 inline {path}\ndata {len(content)}\n".encode()
            + content
            + b"\n"
        )
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(chunks), check=True)
    return plants


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--planted", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="write the repository here and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch) / "history"
        started = time.perf_counter()
        plants = make_history(root, args.commits, args.planted, args.seed)
        made = time.perf_counter() - started
        (root / "policies").mkdir(exist_ok=True)
        started = time.perf_counter()
        done = subprocess.run(
            [
                str(Path(sys.executable).parent / "casework"),
                "scan",
                "--history",
                "--repo",
                str(root),
            ],
            capture_output=True,
            text=True,
        )
        took = time.perf_counter() - started
        reported = {
            line.split()[1] for line in done.stdout.splitlines() if line.startswith("commit ")
        }
        print(f"history: {args.commits} commits written in {made:.2f} s (git fast-import)")
        print(
            f"casework scan --history: {took:.2f} s end to end, exit {done.returncode}, "
            f"{len(reported)} commits reported, {len(plants)} planted"
        )
        return 0 if len(reported) == len(plants) and done.returncode == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
