"""Incremental site builds: after page generation, only the pages that changed are rendered.

``casework site build`` always generates every page from the records and the
pack. It then compares them with the previous build of the same output, as
recorded in ``.site-build/<audience>/incremental-<output>.json`` (one record per
output folder) when that build was published:

* the *key*: the versions of casework, MkDocs, Material and Python-Markdown, a
  digest of casework's site code, the engine, the generated ``mkdocs.yml``
  (settings, navigation, footer) and the theme overrides' files;
* a digest of every generated file (the sanitiser's random fence number left out);
* the front matter of the pages in the navigation (every page shows their titles);
* which pages gave a warning;
* the size and modification time of every file of the published output.

When the key is the same, the published output is exactly as recorded and the only
plugin is search, MkDocs renders only the pages whose text changed, those that gave
a warning last time (so every warning is given again), and, when pages were added or
removed, those holding hand-written text (its links may point at them: the
procedures, the pages of ``site/`` and the coordinators' guide) and those whose text
names an added or removed page's file (a Markdown link to a page that exists is
written as its URL, one to a page that does not is left as it is). The generated
reader pages (glossary, A-Z, what's new) and the rule ids and procedure titles
linked in every page are in the generated text, so a change to them changes the
digests of the pages that show them. Every other page's HTML is hard-linked from the
published output into the new one and its entries are taken from the published
search index, in the order MkDocs writes them, so the index stays whole. Static
files, the theme's own pages (404, sitemap) and the search index are written afresh,
as in a full build; the new files are checked and the site is swapped in as a full
build's is. MkDocs' own ``--dirty`` is not used: it writes a search index of the
rebuilt pages only.

Anything else builds in full: no record, another key, an output changed by
hand, another plugin, ``--clean``, or the Zensical engine (which keeps its own
cache). A full build and an incremental one write the same bytes
(``tests/test_site_incremental.py`` compares every file).
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import yaml

from casework.errors import CaseworkError
from casework.sitegen import guide
from casework.sitegen.mkdocs_run import MkDocsRun, quiet_mkdocs
from casework.sitegen.pages import Pages

#: the layout of the state file; another layout is read as no record
FORMAT = 1
#: where hand-written page text comes from (procedures, pages of site/, the coordinators' guide)
HANDWRITTEN = ("site/", "policies/", guide.SOURCE_NAME)
#: plugins whose state an incremental build keeps whole (any other means a full build)
KNOWN_PLUGINS = frozenset({"search", "material/search"})
#: the packages whose code decides how a page is rendered
PACKAGES = ("casework", "mkdocs", "mkdocs-material", "markdown")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass
class State:
    """What one published build was made from (see the module's notes)."""

    key: str
    output: str
    #: generated file -> its digest
    digests: dict[str, str]
    #: generated pages that gave a warning (rendered again next time)
    noted: list[str]
    #: page in the navigation -> its front matter
    nav: dict[str, str]
    #: file of the published output -> [size, modification time in ns]
    files: dict[str, list[int]] = field(default_factory=dict)
    #: the theme's static files, as MkDocs lists them (None: not listed yet); under the same
    #: key they are the same, so an incremental build does not walk the theme's folders
    #: (Material's hold some 14,000 files, mostly icons) to find them again
    theme_files: list[str] | None = None


def state_file(work: Path, target: Path) -> Path:
    """Where the record of the builds of one audience into ``target`` is kept."""
    name = hashlib.blake2b(str(target).encode("utf-8"), digest_size=6).hexdigest()
    return work / f"incremental-{name}.json"


def load_state(path: Path) -> State | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != FORMAT:
            return None
        return State(
            str(raw["key"]),
            str(raw["output"]),
            dict(raw["digests"]),
            list(raw["noted"]),
            dict(raw["nav"]),
            {str(k): list(v) for k, v in raw["files"].items()},
            _strings(raw.get("theme_files")),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def save_state(path: Path, state: State) -> None:
    """Write the record of a published build (a partly written record is never read)."""
    data = {
        "format": FORMAT,
        "key": state.key,
        "output": state.output,
        "digests": state.digests,
        "noted": sorted(state.noted),
        "nav": state.nav,
        "files": state.files,
        "theme_files": state.theme_files,
    }
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    temporary.replace(path)


def forget(path: Path) -> None:
    path.unlink(missing_ok=True)


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def build_key(config_file: Path, engine: str) -> str:
    """What, besides the pages, decides every built file (see the module's notes)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"format {FORMAT}; engine {engine}\n".encode())
    for package in PACKAGES:
        digest.update(f"{package} {_version(package)}\n".encode())
    code = Path(__file__).resolve().parent
    for file in sorted(code.glob("*.py")):
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    text = config_file.read_bytes()
    digest.update(text)
    config = yaml.safe_load(text)
    theme = config.get("theme") if isinstance(config, dict) else None
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom and Path(custom).is_dir():
        for file in sorted(Path(custom).rglob("*")):
            if file.is_file():
                rel = file.relative_to(custom).as_posix()
                digest.update(rel.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def nav_pages(nav: Any) -> list[str]:
    """Every page named in a navigation (a list of titles and pages, nested)."""
    found: list[str] = []
    if isinstance(nav, str):
        found.append(nav)
    elif isinstance(nav, list):
        for item in nav:
            found += nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            found += nav_pages(value)
    return found


def nav_front_matter(docs: Path, nav: Any) -> dict[str, str]:
    """The front matter of each page in the navigation, as written."""
    found: dict[str, str] = {}
    for page in nav_pages(nav):
        file = docs / page
        if page.endswith(".md") and file.is_file():
            match = _FRONT.match(file.read_text(encoding="utf-8"))
            found[page] = match.group(0) if match else ""
    return found


def output_files(folder: Path) -> dict[str, list[int]]:
    """Every file under ``folder`` with its size and modification time."""
    found: dict[str, list[int]] = {}
    for base, dirs, names in os.walk(folder):
        dirs.sort()
        here = Path(base)
        for name in sorted(names):
            stat = (here / name).stat()
            found[(here / name).relative_to(folder).as_posix()] = [stat.st_size, stat.st_mtime_ns]
    return found


@dataclass
class Plan:
    """An incremental build: the pages to render, and what is kept of the published site."""

    previous: Path
    render: set[str]
    #: the published search index's entries, by the URL of their page
    entries: dict[str, list[Any]]
    #: the theme's static files, if the previous build listed them
    theme_files: list[str] | None = None


def plan(
    state: State | None, key: str, target: Path, pages: Pages, nav: dict[str, str]
) -> Plan | None:
    """The pages to render again, or None if this build must be a full one."""
    if state is None or state.key != key or state.output != str(target) or state.nav != nav:
        return None
    if not target.is_dir() or output_files(target) != state.files:
        return None
    index: dict[str, Any] = {}
    search = target / "search" / "search_index.json"
    if search.is_file():
        try:
            index = json.loads(search.read_text(encoding="utf-8"))
        except ValueError:
            return None
    entries: dict[str, list[Any]] = {}
    for entry in index.get("docs", []):
        entries.setdefault(str(entry.get("location", "")).split("#", 1)[0], []).append(entry)
    new = {p for p in pages.digests if p.endswith(".md")}
    old = {p for p in state.digests if p.endswith(".md")}
    render = {p for p in new if state.digests.get(p) != pages.digests[p]}
    render |= new & set(state.noted)
    if new != old:
        render |= {p for p in new if pages.sources.get(p, "").startswith(HANDWRITTEN)}
        render |= linking(pages.docs, new - render, new ^ old)
    return Plan(target, render, entries, state.theme_files)


def linking(docs: Path, pages: set[str], targets: set[str]) -> set[str]:
    """The pages whose text names the file of one of ``targets`` (pages added or removed).

    MkDocs writes a Markdown link to a page that exists as the page's URL, and one to a
    page that does not as it is (with a warning), so such a page renders differently
    when its target comes or goes, though its own text is the same. Any mention of the
    file's name counts (a link is written relative to the page, as ``../cases/C-0042.md``).
    """
    names = {posixpath.basename(t) for t in targets}
    if not names:
        return set()
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names)))
    found = set()
    for page in pages:
        try:
            text = (docs / page).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            found.add(page)  # rendered again, to be safe
            continue
        if pattern.search(text):
            found.add(page)
    return found


def _search_index(config: Any) -> Any:
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if isinstance(getattr(index, "entries", None), list):
            return index
    return None


def _link(source: Path, target: Path) -> None:
    """The published file, hard-linked into the new site (copied where links fail).

    Nothing writes into a linked file afterwards: MkDocs writes only the pages it
    renders, and the sanitiser only pages it has just rendered.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@dataclass
class Incremental:
    run: MkDocsRun
    #: output files taken from the published site (already checked when it was built)
    reused: set[str]
    #: the theme's static files as listed (for the next build's ``Plan``)
    theme_files: list[str] | None = None
    #: the URLs of the pages taken from the published site (their search entries too)
    reused_urls: set[str] = field(default_factory=set)


class _Listed:
    """A theme's template environment whose list of files is known (see ``State``)."""

    def __init__(self, env: Any, known: list[str] | None) -> None:
        self.env, self.known = env, known

    def list_templates(self, filter_func: Any = None) -> list[str]:
        if self.known is None:
            self.known = list(self.env.list_templates(filter_func=filter_func))
        return self.known


def run_incremental(
    config_file: Path, site_dir: Path, how: Plan, templates: Path | None = None
) -> Incremental | None:
    """MkDocs' build, rendering only ``how.render``; None if it must be a full build.

    The steps are MkDocs' own (``mkdocs.commands.build.build``), in its order,
    with each unchanged page taken from the published site instead of rendered.
    ``templates``: a folder where the theme's compiled templates are kept between builds
    (Jinja's own bytecode cache; it is named after the build's key).
    """
    from jinja2 import FileSystemBytecodeCache
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    reused: set[str] = set()
    reused_urls: set[str] = set()
    with quiet_mkdocs() as handler:
        try:
            config = load_config(config_file=str(config_file))
            handler.config = config
            if set(config.plugins) - KNOWN_PLUGINS:
                return None
            theme_dirs = [Path(d) for d in config.theme.dirs]
            config = config.plugins.on_config(config)
            config.plugins.on_pre_build(config=config)
            files = get_files(config)
            env = config.theme.get_env()
            if templates is not None:
                templates.mkdir(parents=True, exist_ok=True)
                env.bytecode_cache = FileSystemBytecodeCache(str(templates))
            listed = _Listed(env, how.theme_files)
            files.add_files_from_theme(listed, config)  # type: ignore[arg-type]
            files = config.plugins.on_files(files, config=config)
            set_exclusions(files, config)
            nav = get_navigation(files, config)
            nav = config.plugins.on_nav(nav, config=config, files=files)
            search = _search_index(config)
            if search is None and "search" in "".join(config.plugins):
                return None
            in_nav = {page.file.src_uri for page in nav.pages}
            doc_files = files.documentation_pages()
            for file in doc_files:
                if file.page is None and file.inclusion.is_not_in_nav():  # type: ignore[no-untyped-call]
                    Page(None, file, config)
                assert file.page is not None
                if not (how.previous / file.dest_uri).is_file():
                    how.render.add(file.src_uri)
                if file.src_uri in how.render:
                    mkdocs_build._populate_page(file.page, config, files)
                elif file.src_uri in in_nav:
                    file.page.read_source(config)  # its title and meta show on every page
            env = config.plugins.on_env(env, config=config, files=files)
            files.copy_static_files()
            for template in config.theme.static_templates:
                mkdocs_build._build_theme_template(template, env, files, config, nav)
            for template in config.extra_templates:
                mkdocs_build._build_extra_template(template, files, config, nav)
            entries: list[Any] = []
            for file in doc_files:
                assert file.page is not None
                if file.src_uri in how.render:
                    before = len(search.entries) if search is not None else 0
                    excluded = file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
                    mkdocs_build._build_page(
                        file.page, config, doc_files, nav, env, excluded=excluded
                    )
                    if search is not None:
                        entries += search.entries[before:]
                else:
                    _link(how.previous / file.dest_uri, site_dir / file.dest_uri)
                    reused.add(file.dest_uri)
                    reused_urls.add(file.url)
                    entries += how.entries.get(file.url, [])
            level = config.validation.links.anchors
            for file in doc_files:
                if file.src_uri in how.render and file.page is not None:
                    file.page.validate_anchor_links(files=files, log_level=level)
            if search is not None:
                search.entries = entries
            config.plugins.on_post_build(config=config)
        except MkDocsException as exc:
            raise CaseworkError(f"MkDocs could not build the site: {exc}") from None
    built = MkDocsRun(handler.messages, theme_dirs, handler.by_page, set(how.render))
    return Incremental(built, reused, listed.known, reused_urls)
