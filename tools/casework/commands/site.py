"""``casework site build`` and ``casework site serve``: the intranet site."""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from casework.commands._args import iso_date
from casework.errors import UsageError
from casework.paths import find_repo
from casework.sitegen.build import BuildResult, build_site
from casework.sitegen.engines import ENGINES
from casework.sitegen.model import AUDIENCES

NAME = "site"
ORDER = 60
HELP = "build or preview the intranet site"
DESCRIPTION = (
    "Build the intranet site from the records and the policy pack: procedures for everyone "
    "(--audience procedures), or the panel site with agendas, case histories and the "
    "dashboard (--audience panel, the default). Pages are generated into .site-build/ and "
    "MkDocs builds them with the repository's mkdocs.yml."
)


def _common(parser: argparse.ArgumentParser, repo: bool = False) -> None:
    if repo:  # 'casework site build --repo PATH' as well as 'casework site --repo PATH build'
        parser.add_argument(
            "--repo",
            type=Path,
            default=argparse.SUPPRESS,
            metavar="PATH",
            help="the case repository (default: the one containing the current folder)",
        )
    parser.add_argument(
        "--audience",
        choices=AUDIENCES,
        default="panel",
        help="panel: everything, for panel members and managers (default); procedures: "
        "procedures only, with no case on it, for every practitioner",
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="DATE",
        help="work out agendas and timescales as on this day (default: today)",
    )
    parser.add_argument(
        "--due-soon",
        type=int,
        default=5,
        metavar="N",
        help="items due within N working days count as due soon (default: 5)",
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="mkdocs",
        help="mkdocs: MkDocs with Material (default); zensical: Material's successor, "
        "installed with pip install 'casework[zensical]'",
    )
    parser.add_argument(
        "--clean",
        action="store_true",
        help="render every page again (by default a build renders only the pages that changed "
        "since the previous build of the same output with the same settings)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to write the site (default: public/ for the panel site, "
        "public-procedures/ for the procedures site)",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    build = actions.add_parser("build", help="build the site into a folder")
    _common(build, repo=True)
    serve = actions.add_parser(
        "serve", help="build the site and show it on this computer (a plain static server)"
    )
    _common(serve, repo=True)
    serve.add_argument(
        "--port", type=int, default=8000, help="port on 127.0.0.1 to serve on (default: 8000)"
    )


def summary(result: BuildResult) -> str:
    what = "procedures site" if result.audience == "procedures" else "panel site"
    parts = [f"{result.pages} pages"]
    if result.audience == "panel":
        parts.append(f"{result.cases} case{'s' if result.cases != 1 else ''}")
        parts.append(f"{result.meetings} meeting{'s' if result.meetings != 1 else ''}")
    how = ""
    if result.rendered is not None:
        how = (
            f" (incremental: {result.rendered} page{'s' if result.rendered != 1 else ''} rendered)"
        )
    return f"built the {what} ({', '.join(parts)}) in {result.seconds:.1f} s{how}: {result.output}"


def build_from_args(args: argparse.Namespace) -> BuildResult:
    root = find_repo(args.repo)
    if args.due_soon < 0:
        raise UsageError("--due-soon must be 0 or more")
    output = args.output
    if output is not None and not output.is_absolute():
        output = Path.cwd() / output
    result = build_site(
        root,
        args.audience,
        args.as_of,
        output,
        args.due_soon,
        engine=args.engine,
        clean=getattr(args, "clean", False),
    )
    for warning in result.warnings:
        print(f"site: warning: {warning}")
    print(summary(result))
    return result


def serve(folder: Path, port: int) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError:
        raise UsageError(f"port {port} is in use; choose another with --port") from None
    print(f"serving {folder} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C stops)")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        thread.join()
    finally:
        server.shutdown()


def run(args: argparse.Namespace) -> int:
    if args.action is None:
        raise UsageError("say what to do: 'casework site build' or 'casework site serve'")
    result = build_from_args(args)
    if args.action == "serve":
        serve(result.output, args.port)
    return 0
