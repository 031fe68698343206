"""The desk's HTTP layer: local only, a per-session token for changes, a strict CSP.

Every request must name 127.0.0.1 or localhost as its Host (a page on another
site that points its own name at 127.0.0.1, "DNS rebinding", is refused), and
every POST must carry the token written into the page the desk served, so a
page on another site cannot save or commit on the coordinator's behalf.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

from casework.errors import CaseworkError

from .refusal import ApiError

HERE = Path(__file__).parent
STATIC = HERE / "static"
VENDOR = HERE / "node_modules" / "@json-editor" / "json-editor" / "dist" / "jsoneditor.js"
INSTALL_HINT = (
    "the desk's form library is not installed, so the forms cannot be shown; install it "
    f"with npm (once): npm ci --prefix {HERE}"
)
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'none'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
TYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
MAX_BODY = 1_000_000
#: one save or commit at a time: they write files and git's index
_WRITE_LOCK = threading.Lock()


def vendor_installed() -> bool:
    return VENDOR.is_file()


def host_allowed(host: str | None, port: int) -> bool:
    """Whether a request's Host header names this desk (DNS-rebinding guard)."""
    if not host:
        return False
    name, _, given = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
    return name in LOCAL_HOSTS and given == str(port)


class Desk:
    """A desk's state: its repository and its session token."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.token = secrets.token_urlsafe(32)

    def page(self) -> bytes:
        html = (STATIC / "index.html").read_text(encoding="utf-8")
        notice = "" if vendor_installed() else INSTALL_HINT
        return html.replace("{{TOKEN}}", self.token).replace("{{NOTICE}}", notice).encode()


# The routes import what they answer with when first asked: the server listens (and
# the page answers) before the records' loader, the rules engine and the forms are
# imported, and the case list does not wait for the forms' and saving's imports.


def _overview(root: Path, query: dict[str, Any]) -> Any:
    from .caselist import overview

    return overview(root)


def _schema(root: Path, query: dict[str, Any]) -> Any:
    from .api import schema

    return schema(
        root,
        query.get("kind", ""),
        query.get("amends", ""),
        query.get("case_id", ""),
        query.get("path", ""),
    )


def _amendable(root: Path, query: dict[str, Any]) -> Any:
    from .api import amendable

    return amendable(root, query.get("case_id", ""))


def _start(root: Path, query: dict[str, Any]) -> Any:
    from .api import start

    return start(root, query.get("kind", ""), {k: v for k, v in query.items() if k != "kind"})


def _record(root: Path, query: dict[str, Any]) -> Any:
    from .api import open_record

    return open_record(root, query.get("path", ""))


def _save(root: Path, body: dict[str, Any]) -> Any:
    from .api import save_record

    return save_record(root, body)


def _commit(root: Path, body: dict[str, Any]) -> Any:
    from .api import commit

    return commit(root, str(body.get("message", "")))


ROUTES: dict[tuple[str, str], Callable[[Path, dict[str, Any]], Any]] = {
    ("GET", "/api/overview"): _overview,
    ("GET", "/api/schema"): _schema,
    ("GET", "/api/start"): _start,
    ("GET", "/api/amendable"): _amendable,
    ("GET", "/api/record"): _record,
    ("POST", "/api/save"): _save,
    ("POST", "/api/commit"): _commit,
}


def handler_for(desk: Desk) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "casework-desk"
        sys_version = ""

        def log_message(self, format: str, *args: object) -> None:
            pass  # request lines could hold a record's path: keep them off the terminal

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: Any) -> None:
            self._send(status, json.dumps(data).encode(), "application/json")

        def _refuse(self, status: int, message: str) -> None:
            self._json(status, {"error": message})

        def _guarded(self) -> bool:
            # The desk's server is an IPv4 TCP server, so its address is (host, port).
            address = cast("tuple[str, int]", self.server.server_address)
            if not host_allowed(self.headers.get("Host"), address[1]):
                self._refuse(HTTPStatus.MISDIRECTED_REQUEST, "the desk answers only on 127.0.0.1")
                return False
            return True

        def do_GET(self) -> None:
            if not self._guarded():
                return
            url = urlsplit(self.path)
            if url.path == "/":
                self._send(HTTPStatus.OK, desk.page(), "text/html")
            elif url.path == "/vendor/jsoneditor.js":
                if not vendor_installed():
                    self._refuse(HTTPStatus.NOT_FOUND, INSTALL_HINT)
                else:
                    self._send(HTTPStatus.OK, VENDOR.read_bytes(), "text/javascript")
            elif url.path.startswith("/static/"):
                name = url.path.removeprefix("/static/")
                path = STATIC / name
                if "/" in name or name.startswith(".") or not path.is_file():
                    self._refuse(HTTPStatus.NOT_FOUND, "no such file")
                else:
                    kind = TYPES.get(path.suffix, "application/octet-stream")
                    self._send(HTTPStatus.OK, path.read_bytes(), kind)
            else:
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                self._call(("GET", url.path), query)

        def do_POST(self) -> None:
            if not self._guarded():
                return
            given = self.headers.get("X-Casework-Token", "")
            if not hmac.compare_digest(given.encode(), desk.token.encode()):
                self._refuse(HTTPStatus.FORBIDDEN, "this request did not come from the desk's page")
                return
            if self.headers.get_content_type() != "application/json":
                self._refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the form is too large")
                return
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                self._refuse(HTTPStatus.BAD_REQUEST, "the form sent is not readable")
                return
            if not isinstance(body, dict):
                self._refuse(HTTPStatus.BAD_REQUEST, "the form sent is not readable")
                return
            with _WRITE_LOCK:
                self._call(("POST", urlsplit(self.path).path), body)

        def _call(self, key: tuple[str, str], argument: dict[str, Any]) -> None:
            route = ROUTES.get(key)
            if route is None:
                self._refuse(HTTPStatus.NOT_FOUND, "no such page")
                return
            try:
                self._json(HTTPStatus.OK, route(desk.root, argument))
            except ApiError as exc:
                self._refuse(exc.status, exc.message)
            except CaseworkError as exc:
                self._refuse(HTTPStatus.UNPROCESSABLE_ENTITY, str(exc))
            except Exception as exc:
                self._refuse(
                    HTTPStatus.INTERNAL_SERVER_ERROR,
                    f"internal error ({type(exc).__name__}); this is a bug in casework",
                )

    return Handler


def make_server(root: Path, port: int) -> tuple[ThreadingHTTPServer, Desk]:
    """A desk for ``root`` on 127.0.0.1:``port`` (0: any free port)."""
    desk = Desk(root)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(desk))
    server.daemon_threads = True
    return server, desk
