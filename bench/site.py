"""Benchmark the intranet site build against MkDocs alone, trivial pages and a rebuild.

    python bench/site.py [N ...]        (default: 1000)

For each N: write N synthetic cases (bench/generate.py) and commit them to a
fresh git repository (the site reads the history in one pass). Then, in the
same run:

* ``site``: a clean ``casework site build`` (generation, MkDocs, sanitiser and
  checks, publishing), with its number of pages P;
* ``generate``: the page generation alone (records loaded, rules evaluated,
  every page written as Markdown; ``build_site(run=False)``);
* ``mkdocs``: MkDocs alone on the pages that build generated, with the same
  generated mkdocs.yml (the issue's reference: the site's own overhead is the
  difference);
* ``trivial``: MkDocs with the same mkdocs.yml and theme on P one-paragraph
  pages out of the navigation (the cost of a page to MkDocs and the theme);
* ``rebuild``: one case record changed (an event added) and committed, then
  ``casework site build`` again on the same output, which is incremental;
* ``again``: the same build once more with nothing changed.

Prints seconds, pages and megabytes, then each ratio beside the goal of
issue 12: site / mkdocs at most 1.1x, site per page / trivial per page at most
4x, rebuild under 3 s (also given as a ratio to the clean build and to the
trivial build, since absolute times vary with the machine's load). It never
fails on the figures.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import yaml

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

from casework.sitegen.build import NOT_IN_NAV, WORK_DIR, build_site  # noqa: E402
from casework.sitegen.mkdocs_run import run_mkdocs, write_config  # noqa: E402
from generate import generate  # noqa: E402

AS_OF = date(2026, 11, 23)
T = TypeVar("T")


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


def _timed(call: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    started = time.perf_counter()
    result = call(*args, **kwargs)
    return time.perf_counter() - started, result


def make_repo(n: int, work: Path) -> Path:
    root = work / f"site-{n}"
    generate(n, root, seed=0)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "site", root / "site")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Synthetic records")
    return root


def mkdocs_alone(root: Path) -> float:
    """MkDocs on the generated pages with the generated mkdocs.yml, into a folder of its own."""
    config_file = root / WORK_DIR / "panel" / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["site_dir"] = str(root / "mkdocs-alone")
    alone = config_file.with_name("mkdocs-alone.yml")
    alone.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    seconds, _ = _timed(run_mkdocs, alone)
    alone.unlink()
    return seconds


def trivial(pages: int, work: Path) -> float:
    """MkDocs alone: ``pages`` trivial pages out of the navigation, same mkdocs.yml and theme."""
    root = work / "trivial"
    docs = root / ".build" / "docs"
    (docs / "cases").mkdir(parents=True)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "site", root / "site")
    (docs / "index.md").write_text("# Home\n\nA plain site.\n", encoding="utf-8")
    for i in range(pages - 1):
        (docs / "cases" / f"page-{i:05d}.md").write_text(
            f"# Page {i}\n\nA trivial page with one short paragraph of text.\n", encoding="utf-8"
        )
    shutil.copytree(PROJECT / "site" / "overrides" / "assets", docs / "assets")
    config = write_config(
        root, root / ".build", root / "public", [{"Home": "index.md"}], NOT_IN_NAV
    )
    seconds, _ = _timed(run_mkdocs, config)
    shutil.rmtree(root)
    return seconds


def change_one_record(root: Path) -> None:
    """One child's case record gains an event, as a coordinator's commit would add it."""
    records = sorted((root / "cases").glob("C-*/case.yaml"))
    case = records[len(records) // 2]
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    start = date.fromisoformat(data["episodes"][0]["start"])
    visit = min(AS_OF, start + timedelta(days=30))
    data.setdefault("events", []).append({"type": "social_worker_visit", "date": visit.isoformat()})
    case.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    _git(root, "commit", "-q", "-am", "A visit recorded")


def run(n: int, work: Path) -> dict[str, float]:
    root = make_repo(n, work)
    out = root / "public"
    site, result = _timed(build_site, root, "panel", AS_OF, out, clean=True)
    pages = result.pages
    generation, _ = _timed(build_site, root, "panel", AS_OF, out, run=False)
    alone = mkdocs_alone(root)
    base = trivial(pages, work)
    change_one_record(root)
    rebuild, rebuilt = _timed(build_site, root, "panel", AS_OF, out)
    again, _ = _timed(build_site, root, "panel", AS_OF, out)
    figures = {
        "cases": n,
        "pages": pages,
        "site": site,
        "generate": generation,
        "mkdocs": alone,
        "trivial": base,
        "rebuild": rebuild,
        "rendered": -1 if rebuilt.rendered is None else rebuilt.rendered,
        "again": again,
        "mb": megabytes(out),
    }
    shutil.rmtree(root)
    return figures


def report(f: dict[str, float]) -> None:
    n, pages = int(f["cases"]), int(f["pages"])
    print(f"\n{n:,} cases, {pages:,} pages, {f['mb']:.1f} MB")
    print(f"{'what':<44} {'seconds':>8}")
    rows = [
        ("casework site build --clean", f["site"]),
        ("  of which page generation (measured alone)", f["generate"]),
        ("mkdocs build of the generated pages alone", f["mkdocs"]),
        (f"mkdocs build of {pages:,} trivial pages", f["trivial"]),
        (f"rebuild after one changed record ({int(f['rendered'])} rendered)", f["rebuild"]),
        ("rebuild with nothing changed", f["again"]),
    ]
    for what, seconds in rows:
        print(f"{what:<44} {seconds:>8.1f}")
    print(f"\n{'ratio':<44} {'measured':>8} {'goal':>10}")
    ratios = [
        ("site build / mkdocs alone", f["site"] / f["mkdocs"], "<= 1.1x"),
        (
            f"per page: {f['site'] / pages * 1000:.1f} ms / {f['trivial'] / pages * 1000:.1f} ms",
            f["site"] / f["trivial"],
            "<= 4x",
        ),
        ("rebuild / clean site build", f["rebuild"] / f["site"], "-"),
        ("rebuild / trivial MkDocs build", f["rebuild"] / f["trivial"], "-"),
        ("rebuild / page generation alone", f["rebuild"] / f["generate"], "-"),
    ]
    for what, ratio, goal in ratios:
        print(f"{what:<44} {ratio:>7.2f}x {goal:>10}")
    print(f"{'rebuild, seconds':<44} {f['rebuild']:>8.1f} {'< 3 s':>10}", flush=True)


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1000]
    with tempfile.TemporaryDirectory(prefix="casework-bench-site-") as tmp:
        for n in sizes:
            report(run(n, Path(tmp)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
