"""Benchmark the intranet site build against a plain MkDocs build of as many trivial pages.

    python bench/site.py [N ...]        (default: 100 1000 5000)

For each N: write N synthetic cases (bench/generate.py), commit them to a
fresh git repository (the site reads the history in one pass), then time
``casework site build`` (generation and MkDocs together) and measure the
output. The baseline, in the same run, is MkDocs with the same mkdocs.yml
building N one-paragraph pages that are not in the navigation. Prints seconds,
megabytes, seconds per 1,000 cases, megabytes per case page and the ratio to
the baseline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

from casework.sitegen.build import NOT_IN_NAV, build_site  # noqa: E402
from casework.sitegen.mkdocs_run import run_mkdocs, write_config  # noqa: E402
from generate import generate  # noqa: E402

AS_OF = date(2026, 11, 23)


def megabytes(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def _git(root: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.invalid", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env=env,
    )


def site_run(n: int, work: Path) -> dict[str, float]:
    root = work / f"site-{n}"
    generate(n, root, seed=0)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "site", root / "site")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Synthetic records")
    started = time.perf_counter()
    result = build_site(root, "panel", AS_OF, root / "public")
    seconds = time.perf_counter() - started
    case_pages = list((root / "public" / "cases").glob("C-*.html"))
    return {
        "seconds": seconds,
        "mb": megabytes(root / "public"),
        "case_page_mb": sum(p.stat().st_size for p in case_pages) / 1e6 / max(1, len(case_pages)),
        "pages": result.pages,
        "warnings": len(result.warnings),
    }


def baseline_run(n: int, work: Path) -> dict[str, float]:
    """MkDocs alone: N trivial pages out of the navigation, same mkdocs.yml and theme."""
    root = work / f"baseline-{n}"
    docs = root / ".build" / "docs"
    (docs / "cases").mkdir(parents=True)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "site", root / "site")
    (docs / "index.md").write_text("# Home\n\nA plain site.\n", encoding="utf-8")
    for i in range(n):
        (docs / "cases" / f"page-{i:05d}.md").write_text(
            f"# Page {i}\n\nA trivial page with one short paragraph of text.\n", encoding="utf-8"
        )
    shutil.copytree(PROJECT / "site" / "overrides" / "assets", docs / "assets")
    config = write_config(
        root, root / ".build", root / "public", [{"Home": "index.md"}], NOT_IN_NAV
    )
    started = time.perf_counter()
    run_mkdocs(config)
    return {"seconds": time.perf_counter() - started, "mb": megabytes(root / "public")}


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [100, 1000, 5000]
    print(
        f"{'cases':>6} {'site s':>8} {'site MB':>8} {'base s':>7} {'base MB':>8} "
        f"{'s/1000':>7} {'MB/case page':>13} {'time x':>7} {'size x':>7}"
    )
    with tempfile.TemporaryDirectory(prefix="casework-bench-site-") as tmp:
        work = Path(tmp)
        for n in sizes:
            site = site_run(n, work)
            base = baseline_run(n, work)
            print(
                f"{n:>6} {site['seconds']:>8.1f} {site['mb']:>8.1f} {base['seconds']:>7.1f} "
                f"{base['mb']:>8.1f} {site['seconds'] / n * 1000:>7.1f} "
                f"{site['case_page_mb']:>13.4f} {site['seconds'] / base['seconds']:>7.2f} "
                f"{site['mb'] / base['mb']:>7.2f}",
                flush=True,
            )
            shutil.rmtree(work / f"site-{n}")
            shutil.rmtree(work / f"baseline-{n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
