"""Benchmark the search entries of table rows: what they cost the build, the index and the browser.

    python bench/search_index.py [N ...]        (default: 200)

For each N: write N synthetic cases (bench/generate.py), commit them, build the site once
(not counted: the first build in a process reads and compiles what later ones reuse), then
in the same run:

* ``site``: a clean ``casework site build`` of the panel site, as shipped (table rows read
  as rows in the search index, ``casework.sitegen.search_tables``);
* ``plain``: the same clean build with the rows step left out (the index as MkDocs wrote it);
* ``rows``: the rows step alone (``rewrite_index``), on a copy of the plain site;
* the two indexes' entries, bytes and gzip bytes;
* in Debian's chromium (``CASEWORK_CHROMIUM``, default /usr/bin/chromium), when it is
  installed: how long Material's search worker, given each index, takes to build it and
  be ready to search (the browser's work before a first search can answer), the median
  of 7 loads of each, taken in turns (the first round of each is not counted).

Prints seconds, sizes and the ratios (rows step / clean build; index with rows / without;
worker ready with rows / without). It never fails on the figures.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

from casework.sitegen import build as site_build  # noqa: E402
from casework.sitegen.search_tables import rewrite_index  # noqa: E402
from common import site_repo  # noqa: E402

AS_OF = date(2026, 11, 23)
INDEX = Path("search") / "search_index.json"

#: loads Material's search worker with the site's index and waits until it says it is ready
READY = """async () => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const index = await (await fetch("search/search_index.json")).json();
  index.options = {suggest: false};
  const started = performance.now();
  const worker = new Worker(new URL(config.search, location.href));
  await new Promise(done => {
    worker.onmessage = event => { if (event.data.type === 1) done(); };
    worker.postMessage({type: 0, data: index});
  });
  const took = performance.now() - started;
  worker.terminate();
  return took;
}"""


def index_figures(site: Path) -> dict[str, float]:
    data = (site / INDEX).read_bytes()
    return {
        "entries": len(json.loads(data)["docs"]),
        "kb": len(data) / 1000,
        "gzip_kb": len(gzip.compress(data, 6)) / 1000,
    }


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def worker_ready(sites: dict[str, Path], rounds: int = 7) -> dict[str, float] | None:
    """Milliseconds until Material's search worker is ready, by site (median of ``rounds``)."""
    chromium = os.environ.get("CASEWORK_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).is_file():
        print(f"(no chromium at {chromium}: the worker is not timed)")
        return None
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {name: [] for name in sites}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox"]
        )
        with served(sites["plain"]) as plain_url, served(sites["rows"]) as rows_url:
            urls = {"plain": plain_url, "rows": rows_url}
            for turn in range(rounds + 1):  # the first round warms up, and is not counted
                for name, url in urls.items():
                    page = browser.new_page()
                    page.goto(url)
                    took = float(page.evaluate(READY))
                    page.close()
                    if turn:
                        times[name].append(took)
        browser.close()
    return {name: statistics.median(found) for name, found in times.items()}


def run(n: int, work: Path) -> None:
    root = site_repo(n, work / f"search-{n}")
    shipped, plain, redone = root / "public", root / "plain", root / "redone"
    site_build.build_site(root, "panel", AS_OF, root / "warm-up", clean=True)  # not counted
    with mock.patch.object(site_build, "finish_index", lambda site, reused=(): None):
        started = time.perf_counter()
        site_build.build_site(root, "panel", AS_OF, plain, clean=True)
        plain_seconds = time.perf_counter() - started
    started = time.perf_counter()
    result = site_build.build_site(root, "panel", AS_OF, shipped, clean=True)
    site_seconds = time.perf_counter() - started
    shutil.copytree(plain, redone)
    started = time.perf_counter()
    rewrite_index(redone)
    rows_seconds = time.perf_counter() - started
    same = (redone / INDEX).read_bytes() == (shipped / INDEX).read_bytes()
    before, after = index_figures(plain), index_figures(shipped)
    ready = worker_ready({"plain": plain, "rows": shipped})

    print(f"\n{n:,} cases, {result.pages:,} pages")
    print(f"{'what':<52} {'seconds':>8}")
    print(f"{'casework site build --clean (rows as entries)':<52} {site_seconds:>8.1f}")
    print(f"{'the same without the rows step':<52} {plain_seconds:>8.1f}")
    print(f"{'the rows step alone (rewrite_index)':<52} {rows_seconds:>8.2f}")
    print(f"(the rows step alone writes the shipped index: {'yes' if same else 'NO'})")
    print(f"\n{'search index':<20} {'entries':>8} {'kB':>8} {'gzip kB':>8}")
    for name, figures in (("without rows", before), ("with rows", after)):
        print(
            f"{name:<20} {int(figures['entries']):>8,} {figures['kb']:>8.0f} "
            f"{figures['gzip_kb']:>8.0f}"
        )
    print(f"\n{'ratio':<52} {'measured':>8}")
    print(f"{'rows step / clean site build':<52} {rows_seconds / site_seconds:>7.3f}x")
    print(f"{'index bytes, with rows / without':<52} {after['kb'] / before['kb']:>7.2f}x")
    gzipped = after["gzip_kb"] / before["gzip_kb"]
    print(f"{'index gzip bytes, with rows / without':<52} {gzipped:>7.2f}x")
    if ready is not None:
        print(
            f"{'search worker ready, with rows / without':<52} "
            f"{ready['rows'] / ready['plain']:>7.2f}x  "
            f"({ready['rows']:.0f} ms / {ready['plain']:.0f} ms)"
        )
    shutil.rmtree(root)


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [200]
    with tempfile.TemporaryDirectory(prefix="casework-bench-search-") as tmp:
        for n in sizes:
            run(n, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
