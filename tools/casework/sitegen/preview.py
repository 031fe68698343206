"""``casework site serve``: the site on this computer, rebuilt when its sources change.

Each build is written into a new folder of a private temporary folder (readable by
this user only, deleted when the preview stops); the server switches to a build
only once it is complete and checked, in one step, so a reader never sees half a
site. A request is answered from the build that was current when it arrived. A
build that fails (an invalid record, a broken link the build refuses) is reported
and the previous build is still shown. An address that is not a page of the site
gets the site's own "not found" page with status 404, and folders are never
listed.
"""

from __future__ import annotations

import http.server
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from casework.errors import CaseworkError, UsageError
from casework.sitegen.output import interruptible
from casework.sitegen.watch import Snapshot, changed, describe, snapshot

#: seconds between two looks at the sources, and the quiet time a change must have had
POLL_SECONDS = 0.5
SETTLE_SECONDS = 0.3
NOT_FOUND_PAGE = "404.html"


class Current:
    """The build being served; swapped in one step when a new one is ready."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._lock = threading.Lock()

    @property
    def folder(self) -> Path:
        with self._lock:
            return self._folder

    def swap(self, folder: Path) -> Path:
        """Serve ``folder`` from now on; returns the folder served before."""
        with self._lock:
            previous, self._folder = self._folder, folder
        return previous


def handler_for(current: Current) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # the build current when the request arrived answers all of it
            super().__init__(*args, directory=str(current.folder), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the addresses asked for are not printed

        def list_directory(self, path: Any) -> None:
            self.send_error(404)
            return None

        def send_error(
            self, code: int, message: str | None = None, explain: str | None = None
        ) -> None:
            page = Path(self.directory) / NOT_FOUND_PAGE
            if code != 404 or not page.is_file():
                super().send_error(code, message, explain)
                return
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    return Handler


def start_server(current: Current, port: int) -> http.server.ThreadingHTTPServer:
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler_for(current))
    except OSError:
        raise UsageError(f"port {port} is in use; choose another with --port") from None
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _settled(root: Path, seen: Snapshot) -> Snapshot:
    """The sources once they have stopped changing (an editor may write a file in steps)."""
    while True:
        time.sleep(SETTLE_SECONDS)
        now = snapshot(root)
        if now == seen:
            return now
        seen = now


def serve(
    root: Path,
    port: int,
    build: Callable[[Path], Path],
    say: Callable[[str], None] = print,
) -> None:
    """Build into a private folder, serve it on 127.0.0.1:``port`` and rebuild on change.

    ``build(folder)`` builds the site into ``folder`` (which does not exist yet) and
    returns it. Runs until interrupted (Ctrl+C, or SIGTERM), then deletes its builds.
    """
    with interruptible(), tempfile.TemporaryDirectory(prefix="casework-preview-") as private:
        builds = Path(private)
        number = 1
        state = snapshot(root)
        current = Current(build(builds / f"build-{number}"))
        server = start_server(current, port)
        say(
            f"serving the site at http://127.0.0.1:{server.server_address[1]}/; it is rebuilt "
            "when cases/, meetings/, policies/, site/ or mkdocs.yml change (Ctrl+C stops)"
        )
        try:
            while True:
                time.sleep(POLL_SECONDS)
                now = snapshot(root)
                if now == state:
                    continue
                now = _settled(root, now)
                what = describe(changed(state, now))
                state = now
                say(f"{what}: rebuilding")
                number += 1
                try:
                    folder = build(builds / f"build-{number}")
                except CaseworkError as exc:
                    say(f"{exc}\nthe rebuild failed; still showing the previous build")
                    continue
                previous = current.swap(folder)
                # the build before the previous one: no request can still be reading it
                for old in builds.glob("build-*"):
                    if old not in (folder, previous) and old.is_dir():
                        shutil.rmtree(old, ignore_errors=True)
        finally:
            server.shutdown()
            server.server_close()
