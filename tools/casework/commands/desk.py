"""``casework desk``: the coordinators' browser desk, on this computer only."""

from __future__ import annotations

import argparse
import errno
import importlib
import threading
from pathlib import Path

from casework.errors import UsageError
from casework.paths import find_repo

NAME = "desk"
ORDER = 25
HELP = "open the desk: create, check and commit records in the browser"
DESCRIPTION = (
    "Start the desk, a web page on this computer only (127.0.0.1) where a coordinator sees "
    "every case and what is due, creates a case, referral, meeting, decision or amendment "
    "through forms with the policy pack's lists, saves it (checked by validate and scan "
    "first: nothing is written that fails) and commits with the hooks. Stop it with Ctrl+C."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port",
        type=int,
        default=8765,
        metavar="N",
        help="the port to listen on (default: 8765; if it is busy a free one is chosen)",
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="print the address but do not open a browser"
    )


def warm_up(root: Path) -> None:
    """Work out the case list in the background while the server starts, then import
    what the forms and saving need, so neither waits for the first request."""

    def read() -> None:
        try:
            from casework.desk import caselist

            caselist.overview(root)
            importlib.import_module("casework.desk.api")  # the templates, validate and scan
        except Exception:  # the page's own requests report any problem, in words
            return

    threading.Thread(target=read, daemon=True).start()


def run(args: argparse.Namespace) -> int:
    from casework.desk.server import INSTALL_HINT, make_server, vendor_installed

    root = find_repo(args.repo)
    if not 0 <= args.port <= 65535:
        raise UsageError("--port must be a number from 1 to 65535 (0 lets the desk choose)")
    try:
        server, _desk = make_server(root, args.port)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise UsageError(
                f"the desk cannot listen on port {args.port}; try another --port"
            ) from None
        print(f"port {args.port} is busy; choosing a free one")
        server, _desk = make_server(root, 0)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    warm_up(root)
    if not vendor_installed():
        print(f"warning: {INSTALL_HINT}")
    print(f"the desk for {root.name} is at {url} (only on this computer); stop it with Ctrl+C")
    if not args.no_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("the desk is closed")
    finally:
        server.server_close()
    return 0
