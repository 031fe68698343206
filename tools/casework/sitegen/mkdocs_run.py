"""Running MkDocs on the generated folder, in-process, quietly.

The configuration is the repository's ``mkdocs.yml`` with the build folder,
the output folder and the generated navigation filled in, written next to
the generated pages (so ``mkdocs build -f`` or ``zensical build -f`` can be run on
it by hand). Material's end-of-life banner is silenced (the project has read
it) and MkDocs' INFO lines are dropped; warnings are collected and returned.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from casework.errors import CaseworkError, UsageError
from casework.sitegen.search import with_search_separator


class _Collect(logging.Handler):
    """MkDocs' warnings, each with the page being read or written when it was logged."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.by_page: dict[str, list[str]] = {}
        #: the loaded MkDocs configuration (it knows the page in hand)
        self.config: Any = None

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.messages.append(message)
        page = getattr(self.config, "_current_page", None)
        if page is not None:
            self.by_page.setdefault(page.file.src_uri, []).append(message)


@contextlib.contextmanager
def quiet_mkdocs() -> Iterator[_Collect]:
    """MkDocs' logger collected into a handler (warnings only), as it was afterwards."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    previous_level = logger.level
    previous_propagate = logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
        logger.propagate = previous_propagate


def load_base_config(root: Path) -> dict[str, Any]:
    path = root / "mkdocs.yml"
    if not path.is_file():
        raise UsageError(
            "the repository has no mkdocs.yml; copy the one from the casework repository "
            "to its top folder"
        )
    from mkdocs.utils.yaml import get_yaml_loader

    with path.open(encoding="utf-8") as handle:
        try:
            config = yaml.load(handle, Loader=get_yaml_loader())
        except yaml.YAMLError:
            raise UsageError("mkdocs.yml is not valid YAML; check its indentation") from None
    if not isinstance(config, dict):
        raise UsageError("mkdocs.yml must be a mapping of settings")
    return config


def write_config(
    root: Path,
    work: Path,
    output: Path,
    nav: list[Any],
    not_in_nav: list[str],
    footer: str | None = None,
) -> Path:
    """The build's own mkdocs.yml: the repository's, with paths and navigation filled in."""
    config = load_base_config(root)
    config["docs_dir"] = "docs"
    config["site_dir"] = str(output)
    config["nav"] = nav
    config["not_in_nav"] = "\n".join(not_in_nav) + "\n"
    with_prerendered_blocks(config)
    with_search_separator(config)
    if footer and not config.get("copyright"):
        config["copyright"] = footer  # Material shows it in the footer
    theme = config.get("theme")
    palette = theme.get("palette") if isinstance(theme, dict) else None
    if isinstance(theme, dict) and isinstance(palette, list) and len(palette) == 1:
        # one colour scheme: as a mapping, the theme draws no scheme toggle (a list of
        # one draws a hidden one that still takes a keyboard stop)
        theme["palette"] = palette[0]
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    path = work / "mkdocs.yml"
    text = "# Written by 'casework site build'; edit the repository's mkdocs.yml instead.\n"
    text += yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def with_prerendered_blocks(config: dict[str, Any]) -> None:
    """Add the extension that hands the generated HTML tables through Markdown whole."""
    from casework.sitegen.prerendered import NAME

    extensions = config.get("markdown_extensions")
    if not isinstance(extensions, list):
        extensions = config["markdown_extensions"] = []
    names = [e if isinstance(e, str) else next(iter(e), None) for e in extensions]
    if NAME not in names:
        extensions.append(NAME)


@dataclass(frozen=True)
class MkDocsRun:
    warnings: list[str]
    #: the theme's template folders (the custom_dir first): where its own scripts are written
    theme_dirs: list[Path]
    #: the warnings logged while a page was read or written, by the page's source path
    by_page: dict[str, list[str]] = field(default_factory=dict)
    #: the built pages' source paths when only some were built (an incremental build)
    rendered: set[str] | None = None


def run_mkdocs(config_file: Path) -> MkDocsRun:
    """Build the site; returns MkDocs' warnings. A failed build is a CaseworkError."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with quiet_mkdocs() as handler:
        try:
            config = load_config(config_file=str(config_file))
            handler.config = config
            theme_dirs = [Path(d) for d in config.theme.dirs]
            build(config)
        except MkDocsException as exc:
            raise CaseworkError(f"MkDocs could not build the site: {exc}") from None
    return MkDocsRun(handler.messages, theme_dirs, handler.by_page)
