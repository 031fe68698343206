"""Pre-rendered HTML in generated pages, handed through Markdown in one piece.

The generated tables (case pages, case lists, the dashboard, agendas, the
calendar) are written as HTML by casework's own templates, every value
HTML-escaped where it is placed (see ``casework.sitegen.pages``), between two
marker lines::

    <!-- casework-html -->
    <table>
    ...
    </table>
    <!-- /casework-html -->

Read by Python-Markdown as it is, that is an ordinary raw HTML block: the same
table is shown, but Markdown's HTML parser walks every tag of it (on a long
agenda, tens of thousands). This extension, which ``casework site build`` adds
to the build's configuration, takes each marked block out before that parser
runs and puts it in Markdown's store of raw HTML, which writes it back
unchanged into the page. Nothing in a block is read as Markdown either way.

Values cannot forge a marker: every value placed in a page is escaped, so no
``<`` of a record or the pack reaches the Markdown. Hand-written text (a
procedure, a page of ``site/``) could write the marker lines, but it can
write raw HTML anyway; it stays between the sanitiser's markers and is
sanitised in the built page whichever way it passed through Markdown.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from casework.sitegen.pages import HTML_END, HTML_START

#: how the build's configuration names this extension
NAME = "casework.sitegen.prerendered"


class _Blocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if HTML_START not in lines:
            return lines
        out: list[str] = []
        position = 0
        while True:
            try:
                start = lines.index(HTML_START, position)
                end = lines.index(HTML_END, start + 1)
            except ValueError:
                break
            out.extend(lines[position:start])
            placeholder = self.md.htmlStash.store("\n".join(lines[start + 1 : end]))
            out.extend(("", placeholder, ""))
            position = end + 1
        out.extend(lines[position:])
        return out


class PrerenderedExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # after whitespace normalisation (30), before the raw HTML block parser (20)
        md.preprocessors.register(_Blocks(md), "casework_html", 25)


def makeExtension(**kwargs: Any) -> PrerenderedExtension:
    return PrerenderedExtension(**kwargs)
