"""The ``casework`` command line: a thin layer over the core.

Each command is a module in ``casework.commands`` defining ``NAME``, ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``; they are found
automatically and listed by ``casework --help``. Exit codes are mapped in one
place, here (see ``casework.errors.ExitCode``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from casework import __version__, commands
from casework.commands._args import add_repo_option
from casework.errors import CaseworkError, ExitCode

EPILOG = """exit codes:
  0  everything checked is fine
  1  findings: invalid records, timescale breaches, personal data, audit failures
  2  usage or configuration error (bad arguments, no repository, broken policy pack)
  3  a bug in casework (reported in one line; please tell the maintainers)
"""


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; keep its message plain."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message}\n")


def command_names() -> list[str]:
    """The command modules' names (a command is named after its module), without importing."""
    return [i.name for i in pkgutil.iter_modules(commands.__path__) if not i.name.startswith("_")]


def command_modules(only: str | None = None) -> list[ModuleType]:
    """The command modules, in the order ``--help`` lists them.

    With ``only`` (a command name), just that module is imported: a hook running
    ``casework validate`` does not pay for the site's or the scanner's imports.
    """
    names = [only] if only in command_names() else command_names()
    found = []
    for name in names:
        module = importlib.import_module(f"casework.commands.{name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            found.append(module)
    return sorted(found, key=lambda m: m.ORDER if hasattr(m, "ORDER") else 50)


def _command_in(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not an option), if any."""
    for word in argv:
        if not word.startswith("-"):
            return word
        if word in ("-h", "--help", "--version"):
            return None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="casework",
        description="Permanence panels as code: validate case records, check timescales, "
        "build the panel site.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"casework {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in command_modules(only):
        command = sub.add_parser(
            module.NAME,
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            add_help=getattr(module, "ADD_HELP", True),
        )
        if getattr(module, "REPO_OPTION", True):
            add_repo_option(command)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_in(words))
    args = parser.parse_args(words)
    if not getattr(args, "_run", None):
        parser.print_help()
        return ExitCode.USAGE
    try:
        return int(args._run(args))
    except CaseworkError as exc:
        print(str(exc), file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("casework: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # the one place a bug is turned into a line, not a traceback
        print(
            f"casework: internal error ({type(exc).__name__}); this is a bug in casework, "
            "not in your records. Re-run with CASEWORK_DEBUG=1 for details and report it.",
            file=sys.stderr,
        )
        if _debug():
            print(debug_report(exc), file=sys.stderr)
        return ExitCode.BUG


def _debug() -> bool:
    return os.environ.get("CASEWORK_DEBUG") == "1"


def debug_report(exc: BaseException) -> str:
    """Where an internal error happened, for ``CASEWORK_DEBUG=1``, without any value.

    Python's own traceback prints the exception's message, and a message can
    hold a value from a record (``KeyError: 'a value'``); local variables are
    worse. This shows only each exception's type and, for every frame, its
    file, line and function: enough to find the bug, nothing from the records.
    """
    import traceback  # only for a bug report: every run would pay for importing it

    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        cause = current.__cause__
        context = None if current.__suppress_context__ else current.__context__
        current = cause or context
    lines = ["casework debug (messages and values are left out; file, line and function only):"]
    for number, item in enumerate(reversed(chain)):
        if number:
            lines.append("which led to:")
        kind = type(item)
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
        lines.extend(
            f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}'
            for frame in traceback.extract_tb(item.__traceback__)
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
