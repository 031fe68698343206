"""``casework site serve`` through the CLI: it serves, rebuilds on a change, and has a 404 page."""

from __future__ import annotations

import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[1]
#: the whole wait for a build or a rebuild; the test polls, it does not time the build
PATIENCE = 300.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, pattern: str) -> str:
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    time.sleep(1)  # the reader thread's last lines
                    while not self.lines.empty():
                        self.seen.append(self.lines.get())
                    raise AssertionError("site serve stopped:\n" + "".join(self.seen)) from None
                continue
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"site serve never printed {pattern!r}:\n" + "".join(self.seen))


@pytest.fixture
def serve(make_repo: Callable[..., Path]) -> Iterator[tuple[Path, str, Served]]:
    root = make_repo({"mkdocs.yml": (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")})
    shutil.copytree(PROJECT / "site", root / "site")
    port = _free_port()
    casework = str(Path(sys.executable).parent / "casework")
    process = subprocess.Popen(
        [casework, "site", "serve", "--port", str(port), "--as-of", "2026-03-20"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    served = Served(process)
    try:
        served.wait_for(r"serving the site at http://127\.0\.0\.1:\d+/")
        yield root, f"http://127.0.0.1:{port}/", served
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl+C
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        served.reader.join(timeout=30)
        assert process.stdout is not None
        process.stdout.close()


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return str(response.read().decode("utf-8"))


def _team_shown(page: str) -> str:
    match = re.search(r">Team</td>\s*<td[^>]*>([^<]+)</td>", page)
    assert match, "the case page shows the child's team"
    return match.group(1).strip()


def test_serve_rebuilds_when_a_record_changes(serve: tuple[Path, str, Served]) -> None:
    root, url, served = serve
    teams = {
        t["id"]: t["title"]
        for t in yaml.safe_load((root / "policies" / "pack.yaml").read_text())["teams"]
    }
    record = root / "cases" / "C-0042" / "case.yaml"
    before = yaml.safe_load(record.read_text())["team"]
    after = next(team for team in teams if team != before)
    assert _team_shown(_fetch(url + "cases/C-0042.html")) == teams[before]

    record.write_text(record.read_text().replace(f"team: {before}", f"team: {after}"))
    served.wait_for(r"changed in cases/: rebuilding")
    served.wait_for(r"^built the panel site")
    deadline = time.monotonic() + PATIENCE
    shown = teams[before]
    while shown != teams[after] and time.monotonic() < deadline:
        time.sleep(0.5)
        shown = _team_shown(_fetch(url + "cases/C-0042.html"))
    assert shown == teams[after]
    # stopped as Ctrl+C stops it, it deletes its builds (they hold case pages)
    built = re.findall(r"built the panel site .*: (\S+)$", "".join(served.seen), re.M)
    assert len(built) == 2 and all(Path(b).is_dir() for b in built[1:])
    served.process.send_signal(signal.SIGINT)
    served.process.wait(timeout=60)
    assert not Path(built[0]).parent.exists()


def test_serve_answers_an_unknown_address_with_the_sites_404_page(
    serve: tuple[Path, str, Served],
) -> None:
    _root, url, _served = serve
    home = _fetch(url)
    for missing in ("no-such-page.html", "cases/C-9999.html", "assets/"):
        with pytest.raises(urllib.error.HTTPError) as error:
            _fetch(url + missing)
        assert error.value.code == 404
        body = error.value.read().decode("utf-8")
        assert "<h1>404 - Not found</h1>" in body
        # the site's own page, in its theme: the same stylesheet as the home page
        stylesheet = re.search(r'href="[./]*(assets/stylesheets/main\.[^"]+\.css)"', home)
        assert stylesheet and stylesheet.group(1) in body


def test_serve_keeps_the_previous_build_when_a_rebuild_fails(
    serve: tuple[Path, str, Served],
) -> None:
    root, url, served = serve
    page = _fetch(url + "cases/C-0042.html")
    (root / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    served.wait_for(r"changed in mkdocs\.yml: rebuilding")
    served.wait_for(r"still showing the previous build")
    assert _fetch(url + "cases/C-0042.html") == page
