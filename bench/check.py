"""Time ``casework check`` against ``casework validate`` on the same repository, in one run.

    python bench/check.py [--cases 10000] [--seed 0] [--as-of 2026-11-22] [--keep DIR]

Writes a synthetic repository of that many invented children
(bench/generate.py), then times, each as a separate process, end to end:

* ``casework validate`` on the whole repository;
* ``casework check`` with the repository's own pack (``policies/``);
* ``casework check --policy`` with every preset pack that has rules, so the
  figure covers every rule kind, not only the repository's own.

Prints the seconds, the number of findings and each check's time as a ratio
to validate's.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from casework.paths import presets_dir
from generate import generate


def timed(args: list[str]) -> tuple[float, str]:
    """Wall seconds and standard output of one command (exit 0 or 1)."""
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args[:4])} failed ({done.returncode}): {done.stderr.strip()}")
    return seconds, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--as-of", default="2026-11-22")
    parser.add_argument("--keep", type=Path, default=None, help="write the repository here")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="casework-bench-check-"))
    try:
        started = time.perf_counter()
        files = generate(args.cases, work, seed=args.seed)
        print(
            f"{args.cases} cases, {files} record files written in "
            f"{time.perf_counter() - started:.1f} s"
        )
        casework = [sys.executable, "-m", "casework"]
        validate_s, _ = timed([*casework, "validate", "--repo", str(work), "--format", "json"])
        print(f"casework validate: {validate_s:6.2f} s")
        packs = [("policies/", None)] + [
            (f"preset {p.name}", p)
            for p in sorted(presets_dir().iterdir())
            if (p / "rules.yaml").is_file()
        ]
        for label, pack in packs:
            command = [
                *casework,
                "check",
                "--repo",
                str(work),
                "--as-of",
                args.as_of,
                "--format",
                "json",
                "--all",
                "--fail-on",
                "never",
            ]
            if pack is not None:
                command += ["--policy", str(pack)]
            seconds, out = timed(command)
            findings = len(json.loads(out))
            print(
                f"casework check ({label}): {seconds:6.2f} s, {findings} findings, "
                f"{seconds / validate_s:.2f} x validate"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
