"""Argument types shared by several commands."""

from __future__ import annotations

import argparse
import re
from datetime import date

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
