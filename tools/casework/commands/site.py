"""``casework site build`` and ``casework site serve``: the intranet site."""

from __future__ import annotations

import argparse
from pathlib import Path

from casework.commands._args import add_repo_option, iso_date
from casework.errors import UsageError
from casework.paths import find_repo
from casework.progress import Progress
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


def _common(parser: argparse.ArgumentParser, repo: bool = False, output: bool = True) -> None:
    if repo:  # 'casework site build --repo PATH' as well as 'casework site --repo PATH build'
        add_repo_option(parser, after_action=True)
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
        help="read, generate and render everything again (by default a build keeps the "
        "records, findings and pages that did not change since the previous build, and renders "
        "only the pages that changed, when that build had the same settings)",
    )
    if output:
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
        "serve",
        help="build the site and show it on this computer, rebuilt when the records, the "
        "policy pack or site/ change",
    )
    _common(serve, repo=True, output=False)
    serve.add_argument(
        "--port", type=int, default=8000, help="port on 127.0.0.1 to serve on (default: 8000)"
    )


def summary(result: BuildResult) -> str:
    what = "procedures site" if result.audience == "procedures" else "panel site"
    parts = [f"{result.pages} pages"]
    if result.audience == "panel":
        parts.append(f"{result.cases} case{'s' if result.cases != 1 else ''}")
        parts.append(f"{result.meetings} meeting{'s' if result.meetings != 1 else ''}")
    notes = []
    if result.rendered is not None:
        notes.append(
            f"incremental: {result.rendered} page{'s' if result.rendered != 1 else ''} rendered"
        )
    if result.generated is not None:
        notes.append(
            f"{result.generated} page{'s' if result.generated != 1 else ''} generated, "
            "the rest kept from the last build"
        )
    how = f" ({'; '.join(notes)})" if notes else ""
    return f"built the {what} ({', '.join(parts)}) in {result.seconds:.1f} s{how}: {result.output}"


def build_from_args(args: argparse.Namespace, output: Path | None = None) -> BuildResult:
    root = find_repo(args.repo)
    if args.due_soon < 0:
        raise UsageError("--due-soon must be 0 or more")
    output = output or getattr(args, "output", None)
    if output is not None and not output.is_absolute():
        output = Path.cwd() / output
    what = "procedures site" if args.audience == "procedures" else "panel site"
    progress = Progress(f"building the {what}")  # on stderr, and only when it is a terminal
    try:
        result = build_site(
            root,
            args.audience,
            args.as_of,
            output,
            args.due_soon,
            engine=args.engine,
            progress=progress,
            clean=getattr(args, "clean", False),
        )
    finally:
        progress.done()
    for warning in result.warnings:
        _say(f"site: warning: {warning}")
    _say(summary(result))
    return result


def _say(text: str) -> None:
    print(text, flush=True)  # at once: 'site serve' runs on, often with its output piped


def run(args: argparse.Namespace) -> int:
    if args.action is None:
        raise UsageError("say what to do: 'casework site build' or 'casework site serve'")
    if args.action == "serve":
        from casework.sitegen.preview import serve

        root = find_repo(args.repo)
        serve(root, args.port, lambda folder: build_from_args(args, folder).output, _say)
        return 0
    build_from_args(args)
    return 0
