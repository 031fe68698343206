"""The coordinators' guide, built into the panel site (never the procedures site).

The guide's one source is ``casework/guides/coordinators.md``, shipped with the
package; ``docs/coordinators-guide.md`` is a copy of it (``scripts/sync-guides``,
checked by a test). Its opening comment, for whoever edits it, is left out of the
page.
"""

from __future__ import annotations

import re

from casework.paths import PACKAGE_DIR
from casework.sitegen.pages import Pages, front_matter, html_title
from casework.sitegen.sanitise import Fence

SOURCE = PACKAGE_DIR / "guides" / "coordinators.md"
PAGE = "coordinators-guide.md"
TITLE = "Coordinators' guide"
#: how messages (and the incremental build) name the page's source
SOURCE_NAME = "casework's coordinators' guide"

_EDITOR_NOTE = re.compile(r"\n<!--.*?-->\n", re.S)


def text() -> str:
    """The guide as readers see it: its source without the note to its editors."""
    return _EDITOR_NOTE.sub("\n", SOURCE.read_text(encoding="utf-8"), count=1)


def write(pages: Pages, fence: Fence) -> tuple[str, str]:
    """Write the guide's page; its (title, page) for the navigation."""
    body = str(fence.wrap(text()))
    pages.write(PAGE, front_matter({"title": html_title(TITLE)}) + body + "\n", SOURCE_NAME)
    return TITLE, PAGE
