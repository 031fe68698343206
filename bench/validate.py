"""Time ``casework validate`` against ``check-jsonschema`` on the same files, in the same run.

    python bench/validate.py [--sizes 2000 10000] [--seed 0] [--keep DIR]

For each size, writes a synthetic repository of about that many record files
(bench/generate.py), then times, as separate processes:

* ``casework validate`` on the whole repository (schemas and cross-file checks);
* ``check-jsonschema`` with the same schemas on the same files: one run per
  kind of record, ``--schemafile schemas/KIND.json`` with a ``--base-uri`` so
  the shared ``$ref`` s resolve from disk; the seconds are summed;
* ``casework validate`` on one changed file, as the pre-commit hook runs it.

Prints the seconds and the ratio. The acceptance bar: casework takes at most
one fifth of check-jsonschema's time on 2,000 records (exit 1 if not).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from casework.records import classify, discover
from casework.schemas import SCHEMA_FILES, schema_dir

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

RECORDS_PER_CASE = 4.1  # what generate() writes on average
BAR = 0.2


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is not installed (pip install -e '.[test]')")
    return found


def _timed(command: list[str], cwd: Path) -> tuple[float, int, str]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done.returncode, done.stdout + done.stderr


def _repository(target: int, dest: Path, seed: int) -> int:
    """A repository of about ``target`` record files; returns the exact number."""
    cases = max(1, round(target / RECORDS_PER_CASE))
    count = generate(cases, dest, seed)
    if abs(count - target) > target * 0.02:
        shutil.rmtree(dest)
        count = generate(max(1, round(cases * target / count)), dest, seed)
    return count


def _by_kind(root: Path) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = defaultdict(list)
    for path in discover(root):
        named = classify(path, root)
        kinds[getattr(named, "kind", "?")].append(path.relative_to(root).as_posix())
    return kinds


def measure(target: int, work: Path, seed: int) -> dict[str, float]:
    root = work / f"repo-{target}"
    count = _repository(target, root, seed)
    casework, checker = _tool("casework"), _tool("check-jsonschema")

    seconds, code, output = _timed([casework, "validate", "--repo", str(root)], root)
    if code != 0:
        raise SystemExit(f"casework validate failed on the generated data:\n{output[-2000:]}")

    theirs = 0.0
    for kind, files in sorted(_by_kind(root).items()):
        schema = schema_dir() / SCHEMA_FILES[kind]
        command = [
            checker,
            "--schemafile",
            str(schema),
            "--base-uri",
            schema.resolve().as_uri(),
            *files,
        ]
        spent, code, output = _timed(command, root)
        if code != 0:
            raise SystemExit(f"check-jsonschema failed on {kind} records:\n{output[-2000:]}")
        theirs += spent

    one = next(p for p in _by_kind(root)["decision"])
    hook, code, output = _timed([casework, "validate", one], root)
    if code != 0:
        raise SystemExit(f"casework validate failed on one file:\n{output[-2000:]}")

    ratio = seconds / theirs
    print(
        f"{count:>6} records: casework validate {seconds:6.2f} s, check-jsonschema "
        f"{theirs:6.2f} s, ratio {ratio:.3f} (1/{1 / ratio:.1f}); "
        f"one changed file {hook:.2f} s"
    )
    return {"records": count, "casework": seconds, "check": theirs, "ratio": ratio, "hook": hook}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="write the repositories here and keep them")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="casework-bench-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        results = [measure(size, work, args.seed) for size in args.sizes]
    first = next((r for r in results if r["records"] <= 2100), None)
    if first is not None:
        verdict = "meets" if first["ratio"] <= BAR else "does NOT meet"
        print(f"acceptance: casework {verdict} the bar of 1/5 of check-jsonschema's time")
        return 0 if first["ratio"] <= BAR else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
