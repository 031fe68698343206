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
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from casework.schemas import SCHEMA_FILES, schema_dir
from common import by_kind, run, tool
from generate import generate

RECORDS_PER_CASE = 4.1  # what generate() writes on average
BAR = 0.2


def _repository(target: int, dest: Path, seed: int) -> int:
    """A repository of about ``target`` record files; returns the exact number."""
    cases = max(1, round(target / RECORDS_PER_CASE))
    count = generate(cases, dest, seed)
    if abs(count - target) > target * 0.02:
        shutil.rmtree(dest)
        count = generate(max(1, round(cases * target / count)), dest, seed)
    return count


def measure(target: int, work: Path, seed: int) -> dict[str, float]:
    root = work / f"repo-{target}"
    count = _repository(target, root, seed)
    casework, checker = tool("casework"), tool("check-jsonschema")
    kinds = by_kind(root)

    seconds = run([casework, "validate", "--repo", str(root)], cwd=root).seconds

    theirs = 0.0
    for kind, files in sorted(kinds.items()):
        schema = schema_dir() / SCHEMA_FILES[kind]
        command = [
            checker,
            "--schemafile",
            str(schema),
            "--base-uri",
            schema.resolve().as_uri(),
            *files,
        ]
        theirs += run(command, cwd=root).seconds

    one = kinds["decision"][0]
    hook = run([casework, "validate", one], cwd=root).seconds

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
