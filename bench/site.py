"""Benchmark the intranet site build against MkDocs alone, trivial pages and rebuilds.

    python bench/site.py [N ...] [--rounds R] [--keep DIR]     (default: 1000, 3 rounds)

For each N: write N synthetic cases (bench/generate.py), commit them to a fresh
git repository (the site reads the history in one pass) and build the site once
as a warm-up. Then, round by round, each command runs as its own process, as a
coordinator or CI runs it (the interpreter's start and the imports included):

* ``site``: ``casework site build --clean``: generation (records loaded, rules
  evaluated, every page written), MkDocs, the sanitiser and checks, publishing;
* ``generate``: the page generation alone (``build_site(run=False, clean=True)``);
* ``mkdocs``: ``mkdocs build`` on the pages that build generated, with the same
  generated mkdocs.yml (the issue's reference: the site's own cost is the
  difference);
* ``trivial``: ``mkdocs build`` with the same mkdocs.yml and theme on as many
  one-paragraph pages out of the navigation (the cost of a page to MkDocs);
* ``rebuild``: one case record gains an event and is committed, then
  ``casework site build`` on the same output (incremental: pages made from
  unchanged inputs are kept, only changed pages are rendered);
* ``again``: the same build once more with nothing changed;
* ``floor``: the least any build of this site must do besides MkDocs, as a bare
  process: read every record file with PyYAML's C loader and parse every built
  page with lxml (the parser of the site's outside-request check), nothing else.
  ``site / MkDocs alone`` can be no lower than ``1 + floor / MkDocs alone``.

Prints each command's median wall and CPU seconds (user and system), then each
of the issue's ratios as the median of the per-round ratios, in wall time and in
CPU time, beside the goal of issue 12 (site / MkDocs at most 1.1x; per page at most
4x trivial pages; rebuild under 3 s), and the load average before and after. On a
machine shared with other work the CPU figures are the steadier ones. Exits 0
whatever the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

from casework.sitegen.build import NOT_IN_NAV, WORK_DIR  # noqa: E402
from casework.sitegen.mkdocs_run import write_config  # noqa: E402
from common import Measured, git, run, site_repo, tool  # noqa: E402

AS_OF = date(2026, 11, 23)
#: the page generation alone, from the same code as the build
GENERATE = """
import sys
from datetime import date
from pathlib import Path
from casework.sitegen.build import build_site
build_site(Path(sys.argv[1]), "panel", date.fromisoformat(sys.argv[2]), Path(sys.argv[3]),
           run=False, clean=True)
"""
#: the floor: every record file read by the C loader, every built page parsed by lxml
FLOOR = """
import sys
from pathlib import Path
import lxml.etree
import yaml
root, site = Path(sys.argv[1]), Path(sys.argv[2])
for folder in ("cases", "meetings", "policies"):
    for file in sorted((root / folder).rglob("*.yaml")):
        yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)
parser = lxml.etree.HTMLParser(recover=True, no_network=True, remove_comments=True)
for page in sorted(site.rglob("*.html")):
    lxml.etree.fromstring(page.read_bytes(), parser)
"""
COMMANDS = ("site", "generate", "mkdocs", "trivial", "rebuild", "again", "floor")


def site_command(root: Path, out: Path, *extra: str) -> list[str]:
    return [
        tool("casework"), "site", "build", "--repo", str(root), "--as-of", AS_OF.isoformat(),
        "--output", str(out), *extra,
    ]  # fmt: skip


def alone_config(root: Path, scratch: Path) -> Path:
    """The build's own mkdocs.yml, writing into a folder of its own."""
    config_file = root / WORK_DIR / "panel" / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["site_dir"] = str(scratch / "mkdocs-alone")
    alone = config_file.with_name("mkdocs-alone.yml")
    alone.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return alone


def trivial_config(pages: int, scratch: Path) -> Path:
    """``pages`` one-paragraph pages out of the navigation, with the same mkdocs.yml and theme."""
    root = scratch / "trivial"
    if root.exists():
        shutil.rmtree(root)
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
    return write_config(root, root / ".build", root / "public", [{"Home": "index.md"}], NOT_IN_NAV)


def change_one_record(root: Path, round_number: int) -> None:
    """One child's case record gains an event, as a coordinator's commit would add it."""
    records = sorted((root / "cases").glob("C-*/case.yaml"))
    case = records[len(records) // 2 + round_number]
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    start = date.fromisoformat(data["episodes"][0]["start"])
    visit = min(AS_OF, start + timedelta(days=30))
    data.setdefault("events", []).append({"type": "social_worker_visit", "date": visit.isoformat()})
    case.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    git(root, "commit", "-q", "-am", "A visit recorded")


def generated_pages(root: Path) -> int:
    return sum(1 for _ in (root / WORK_DIR / "panel" / "docs").rglob("*.md"))


def megabytes(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def measure(n: int, root: Path, scratch: Path, rounds: int) -> None:
    out = scratch / "public"
    mkdocs = [tool("mkdocs"), "build", "-q", "-f"]
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner, read
    run(site_command(root, out, "--clean"))  # warm-up: byte code, the page cache
    pages = generated_pages(root)
    alone, trivial = alone_config(root, scratch), trivial_config(pages, scratch)
    generate_command = [sys.executable, "-c", GENERATE, str(root), AS_OF.isoformat(), str(out)]
    results: dict[str, list[Measured]] = {name: [] for name in COMMANDS}
    before = load()
    for number in range(rounds):
        results["site"].append(run(site_command(root, out, "--clean")))
        results["generate"].append(run(generate_command))
        results["mkdocs"].append(run([*mkdocs, str(alone)]))
        results["trivial"].append(run([*mkdocs, str(trivial)]))
        change_one_record(root, number)
        results["rebuild"].append(run(site_command(root, out)))
        results["again"].append(run(site_command(root, out)))
        results["floor"].append(run([sys.executable, "-c", FLOOR, str(root), str(out)]))
    after = load()
    report(n, pages, megabytes(out), rounds, results, before, after)


def _median(values: list[float]) -> float:
    return statistics.median(values)


def report(
    n: int,
    pages: int,
    size: float,
    rounds: int,
    results: dict[str, list[Measured]],
    before: str,
    after: str,
) -> None:
    labels = {
        "site": "`casework site build --clean`",
        "generate": "page generation alone",
        "mkdocs": "`mkdocs build` of the generated pages alone",
        "trivial": f"`mkdocs build` of {pages:,} trivial pages",
        "rebuild": "rebuild after one changed record",
        "again": "rebuild with nothing changed",
        "floor": "floor: records read by the C loader, built pages parsed by lxml",
    }
    print(f"\n{n:,} cases, {pages:,} pages, {size:.1f} MB; {rounds} rounds (medians)")
    print(f"load average {before} before, {after} after\n")
    print(f"| {n:,} cases, {pages:,} pages | wall s | CPU s |\n| --- | --- | --- |")
    for name in COMMANDS:
        wall = _median([m.seconds for m in results[name]])
        cpu = _median([m.cpu for m in results[name]])
        print(f"| {labels[name]} | {wall:.2f} | {cpu:.2f} |")

    def ratio(ours: str, theirs: str, what: str) -> float:
        """The median per-round ratio; ``ours`` may be several commands joined by ``+``."""
        summed = [
            sum(getattr(m, what) for m in round_)
            for round_ in zip(*(results[name] for name in ours.split("+")), strict=True)
        ]
        theirs_ = [getattr(m, what) for m in results[theirs]]
        return _median([a / b for a, b in zip(summed, theirs_, strict=True)])

    print("\n| ratio | wall | CPU | goal |\n| --- | --- | --- | --- |")
    rows = [
        ("site build / MkDocs alone", "site", "mkdocs", "at most 1.1x"),
        ("per page: site / trivial pages", "site", "trivial", "at most 4x"),
        ("MkDocs alone / trivial pages", "mkdocs", "trivial", "-"),
        ("rebuild / clean site build", "rebuild", "site", "-"),
        ("floor / MkDocs alone (site / MkDocs is at least 1 + this)", "floor", "mkdocs", "-"),
        ("per page at the floor: (MkDocs + floor) / trivial", "mkdocs+floor", "trivial", "-"),
    ]
    for label, ours, theirs, goal in rows:
        wall, cpu = ratio(ours, theirs, "seconds"), ratio(ours, theirs, "cpu")
        print(f"| {label} | {wall:.2f}x | {cpu:.2f}x | {goal} |")
    wall = _median([m.seconds for m in results["rebuild"]])
    cpu = _median([m.cpu for m in results["rebuild"]])
    print(f"| rebuild after one changed record, seconds | {wall:.2f} | {cpu:.2f} | under 3 s |")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000], metavar="N")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="keep (and reuse) the repositories in DIR")  # fmt: skip
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="casework-bench-site-") as tmp:
        for n in args.sizes:
            base = args.keep if args.keep is not None else Path(tmp)
            root = site_repo(n, base / f"site-{n}")
            scratch = Path(tmp) / f"scratch-{n}"
            scratch.mkdir()
            measure(n, root, scratch, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
