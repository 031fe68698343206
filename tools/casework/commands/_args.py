"""Argument types and options shared by several commands."""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def iso_date(text: str) -> date:
    """A real calendar date written YYYY-MM-DD, as everywhere in casework."""
    try:
        if _ISO_DATE.match(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(
        "not a real date; write it as YYYY-MM-DD, for example 2026-11-22"
    )


def add_repo_option(parser: argparse.ArgumentParser, *, after_action: bool = False) -> None:
    """``--repo PATH``: the case repository (default: the one containing the current folder).

    ``after_action``: the option is also accepted after a sub-action
    (``casework site build --repo PATH``); it then leaves the value given
    before the action in place unless given again.
    """
    parser.add_argument(
        "--repo",
        type=Path,
        default=argparse.SUPPRESS if after_action else None,
        metavar="PATH",
        help="the case repository (default: the one containing the current folder)",
    )
