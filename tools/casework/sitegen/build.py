"""``build_site``: generate every page into a build folder, then run MkDocs on it."""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from casework.errors import CaseworkError, UsageError
from casework.policy import policy_dir_for
from casework.progress import Step, quiet
from casework.repofiles import read_page, read_page_text
from casework.sitegen import (
    agendas,
    calendar,
    cases,
    dashboard,
    guide,
    incremental,
    indexes,
    manual,
    memo,
    procedures,
)
from casework.sitegen.crossrefs import References
from casework.sitegen.engines import run_engine
from casework.sitegen.finish import finish_site
from casework.sitegen.mkdocs_run import load_base_config, write_config
from casework.sitegen.model import AUDIENCES, SiteData, load_site_data
from casework.sitegen.output import Slot, interruptible, locked
from casework.sitegen.pages import build_day, front_matter, html_title
from casework.sitegen.rendered import case_ids_in
from casework.sitegen.sanitise import Fence
from casework.sitegen.search import finish_index, whole_word_queries
from casework.sitegen.trim import search_languages, trim_site
from casework.sitegen.verify import check_site

#: hand-written pages and assets
SITE_DIR = "site"
#: where the generated Markdown and the build's mkdocs.yml go (git ignores it)
WORK_DIR = ".site-build"
#: marks a folder as casework's output, so a rebuild may replace its contents
MARKER = ".casework-site"
DEFAULT_OUTPUT = {"panel": "public", "procedures": "public-procedures"}
#: generated page families kept out of the navigation (reached from index pages)
NOT_IN_NAV = ["/cases/", "/agendas/", "/dashboard/"]

_PANEL_BLOCK = re.compile(r"<!-- panel -->.*?<!-- /panel -->\n?", re.S)
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@dataclass
class BuildResult:
    audience: str
    output: Path
    config: Path
    pages: int
    cases: int
    meetings: int
    seconds: float
    warnings: list[str] = field(default_factory=list)
    #: pages rendered by MkDocs when the build was incremental (None: a full build)
    rendered: int | None = None
    #: pages generated from the records when others were kept from the previous build
    #: (``casework.sitegen.memo``; None: every page was generated)
    generated: int | None = None
    #: the record of this build, saved once it is published (see ``incremental``)
    state: incremental.State | None = field(default=None, repr=False)


def _front_matter(text: str) -> dict[str, Any] | None:
    """A page's front matter; None if it has some that is not a YAML mapping."""
    import yaml

    match = _FRONT.match(text)
    if not match:
        return {}
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


#: front matter a hand-written page may set (anything else is dropped, with a warning)
HANDWRITTEN_META = ("title", "audience", "hide", "search")


def copy_handwritten(
    root: Path,
    pages: Any,
    audience: str,
    fence: Fence | None = None,
    references: References | None = None,
) -> tuple[list[tuple[str, str]], list[str]]:
    """Copy ``site/`` (less ``overrides/``) into the build.

    Returns (title, page) of the extra pages, and warnings. A page whose front
    matter says ``audience: panel`` is left out of the procedures-only site, and
    so is any text between ``<!-- panel -->`` and ``<!-- /panel -->``. Each
    page's text is fenced for the sanitiser, and its front matter is written
    again by a YAML dumper with the title escaped (the theme places it unescaped).
    Rule ids and procedure titles in its text become links (``references``).
    """
    source = root / SITE_DIR
    extra: list[tuple[str, str]] = []
    warnings: list[str] = []
    if not source.is_dir():
        return extra, warnings
    for file in sorted(source.rglob("*")):
        rel = file.relative_to(source).as_posix()
        if rel.startswith("overrides/") or (file.is_dir() and not file.is_symlink()):
            continue
        shown = f"{SITE_DIR}/{rel}"
        if file.suffix != ".md":
            pages.write(rel, read_page(file, shown, root), shown)
            continue
        text = read_page_text(file, shown, root)
        meta = _front_matter(text)
        if meta is None:
            warnings.append(
                f"{shown}: the front matter (between the --- lines at the top) is not a YAML "
                "mapping such as 'title: About', so it was left out; correct it"
            )
            meta = {}
        body = _FRONT.sub("", text, count=1)
        if audience == "procedures":
            if meta.get("audience") == "panel":
                continue
            body = _PANEL_BLOCK.sub("", body)
        heading = re.search(r"^#\s+(.+)$", body, re.M)
        title = str(meta.get("title") or (heading.group(1) if heading else rel))
        dropped = sorted(k for k in meta if k not in HANDWRITTEN_META)
        if dropped:
            warnings.append(
                f"{shown}: front matter {', '.join(repr(k) for k in dropped)} is not used by "
                "the site and was left out (the site reads title, audience, hide and search)"
            )
        kept = {k: meta[k] for k in HANDWRITTEN_META if k in meta and k != "audience"}
        if rel != "index.md" or "title" in meta:
            kept["title"] = html_title(title)
        if references is not None:
            body = references.markdown(body, rel)
        fenced = str(fence.wrap(body)) if fence is not None else body
        pages.write(rel, front_matter(kept) + fenced + "\n", shown)
        if rel != "index.md":
            extra.append((title, rel))
    return extra, warnings


def navigation(
    data: SiteData, found: list[procedures.Procedure], extra: list[tuple[str, str]]
) -> list[Any]:
    """The navigation; every title is HTML-escaped (the theme writes nav titles unescaped)."""
    nav: list[Any] = [{"Home": "index.md"}]
    nav.append(
        {"Procedures": ["procedures/index.md", *({html_title(p.title): p.page} for p in found)]}
    )
    # top-level entries, each under its own name (a "Panel" section would silently
    # stand for its first page)
    nav.append(calendar.nav_entry(data.policy))
    if data.panel_audience:
        nav += [
            {"Agendas": "agendas/index.md"},
            {"Cases": "cases/index.md"},
            {"Dashboard": "dashboard.md"},
        ]
    nav += manual.nav_entries()
    # (a page of site/ at a reference page's path is replaced by it, with a warning)
    nav.extend({html_title(title): page} for title, page in extra if page not in manual.PAGES)
    return nav


def footer(data: SiteData, today: date | None = None) -> str:
    """The footer line: when the site was built, the date its figures are for, casework's
    version (HTML-escaped: the theme writes it as it is)."""
    from importlib.metadata import PackageNotFoundError, version

    from casework.sitegen.pages import long_date

    try:
        release = version("casework")
    except PackageNotFoundError:
        release = "unknown"
    built = today or build_day()
    text = f"Built on {long_date(built)}"
    if data.as_of != built:
        text += f", for {long_date(data.as_of)}"
    return html_title(f"{text}, by casework {release}.")


def resolve_output(root: Path, audience: str, output: Path | None) -> Path:
    target = (output if output is not None else root / DEFAULT_OUTPUT[audience]).resolve()
    if target == root.resolve() or (target / ".git").exists() or target in root.resolve().parents:
        raise UsageError(
            f"the output folder '{target}' is the repository or contains it; choose another "
            "folder with --output"
        )
    if target.exists() and not target.is_dir():
        raise UsageError(
            f"the output '{target}' is a file, not a folder; choose a folder with --output"
        )
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise UsageError(
            f"the output folder '{target}' already holds files casework did not write; "
            "choose an empty or new folder with --output (a build replaces its contents)"
        )
    return target


#: the earliest and latest --as-of (a date far from the records would plan an agenda for every
#: meeting in between: a typo such as 2206 would run for hours)
AS_OF_RANGE = (date(2000, 1, 1), date(2099, 12, 31))


def check_as_of(as_of: date | None) -> None:
    if as_of is not None and not AS_OF_RANGE[0] <= as_of <= AS_OF_RANGE[1]:
        raise UsageError(
            f"--as-of must be a date between {AS_OF_RANGE[0].year} and {AS_OF_RANGE[1].year}; "
            "give the day the site should be built for, such as today's date"
        )


def _refuse_pseudonyms(root: Path, site: Path) -> None:
    """The procedures-only site must hold no case pseudonym, in any form a reader would see."""
    cases_dir = root / "cases"
    ids = {p.name for p in cases_dir.iterdir()} if cases_dir.is_dir() else set()
    if not ids:
        return
    for file in sorted(site.rglob("*")):
        if file.is_file() and ids.intersection(case_ids_in(file)):
            where = file.relative_to(site).as_posix()
            raise CaseworkError(
                f"the procedures-only site would show the pseudonym of a real case (in {where}, "
                "built from a procedure's text, a page of site/ or the policy pack); use an "
                "example id no case has (such as C-0000) and build again. The site was not "
                "changed."
            )


def _source_of(page: str, sources: dict[str, str]) -> str:
    """The file a built page was made from, for a message."""
    stem = page[: -len(".html")] if page.endswith(".html") else page
    return (
        sources.get(f"{stem}.md")
        or sources.get(page)
        or (
            "the theme or mkdocs.yml"
            if not page.endswith(".html")
            else "the records and the policy pack"
        )
    )


def _where(root: Path, source: str, needle: str) -> str:
    """``file:line:col`` of the first place the source file holds ``needle``, else the file."""
    path = root / source
    if not needle or not path.is_file():
        return source
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return source
    for number, line in enumerate(lines, start=1):
        column = line.find(needle)
        if column >= 0:
            return f"{source}:{number}:{column + 1}"
    return source


def sanitise_and_check(
    root: Path,
    site: Path,
    fence: Fence,
    sources: dict[str, str],
    theme_dirs: list[Path],
    reused: set[str] | None = None,
    noted: set[str] | None = None,
    reused_urls: set[str] | None = None,
) -> list[str]:
    """Sanitise the fenced texts of the built pages, finish every page (``finish``: table
    cells labelled for phones, the search dialog named), give each table row its own search
    entry (``search.finish_index``), then check the whole site.

    Returns warnings (what the sanitiser removed, per source file, each page also added
    to ``noted``); raises if the site would still make a request outside itself or run
    a script the theme did not write. ``reused`` files (an incremental build's pages taken
    from the published site, at ``reused_urls``) were sanitised and checked when that site
    was built, and their search entries with it.
    """
    warnings: list[str] = []
    fenced = sorted(p[: -len(".md")] + ".html" for p in sources if p.endswith(".md"))
    for page in fenced:
        file = site / page
        if not file.is_file():
            continue
        text = file.read_text(encoding="utf-8")
        if fence.nonce not in text:
            continue
        cleaned, notes, _ = fence.sanitise(text)
        file.write_text(cleaned, encoding="utf-8")
        if notes:
            if noted is not None:
                noted.add(page[: -len(".html")] + ".md")
            warnings.append(
                f"{_source_of(page, sources)}: removed what the site does not allow: "
                f"{', '.join(notes)}"
            )
    finish_site(site, reused or ())
    finish_index(site, reused or ())
    issues = check_site(site, theme_dirs, reused or (), reused_urls or ())
    if issues:
        lines = [
            f"{_where(root, _source_of(i.page, sources), i.needle)}: {i.what} (built page {i.page}"
            + (f", line {i.line})" if i.line else ")")
            for i in issues[:10]
        ]
        more = f"\n  ...and {len(issues) - 10} more" if len(issues) > 10 else ""
        raise CaseworkError(
            "the site would load or run something from outside it, so it was not published "
            "(the previous site is unchanged):\n  " + "\n  ".join(lines) + more + "\n"
            "Copy images into site/ and link to them there, and remove scripts, frames and "
            "styles that load from other sites; links a reader clicks are fine."
        )
    return warnings


def build_site(
    root: Path,
    audience: str = "panel",
    as_of: date | None = None,
    output: Path | None = None,
    due_soon: int = 5,
    policy_dir: Path | None = None,
    run: bool = True,
    engine: str = "mkdocs",
    progress: Step = quiet,
    clean: bool = False,
) -> BuildResult:
    """Generate the pages of one audience's site and (unless ``run`` is false) build it.

    The build runs under a lock, into a folder beside the output; the output is
    replaced only when MkDocs, the sanitiser and every check have passed, so an
    interrupted or failed build leaves the previous site whole. When the previous
    build of the same output was made the same way, only the pages that changed are
    rendered (see ``casework.sitegen.incremental``); ``clean`` renders every page.
    ``progress`` is told each step as it starts (the command line shows it on a terminal).
    """
    if audience not in AUDIENCES:
        raise UsageError(f"unknown audience; use one of: {', '.join(AUDIENCES)}")
    check_as_of(as_of)
    started = time.perf_counter()
    root = root.resolve()
    target = resolve_output(root, audience, output)
    with (
        interruptible(),
        locked(root / WORK_DIR / f"{audience}.lock", f"the {audience} site of this repository"),
    ):
        generate = partial(
            _generate, root, audience, as_of, target, due_soon, policy_dir, started,
            progress=progress, clean=clean,
        )  # fmt: skip
        if not run:
            return generate()
        slot = Slot(target)
        with locked(slot.lock_file, f"into '{target}'"):
            slot.prepare()
            try:
                result = generate(slot=slot, engine=engine)
            except BaseException:
                slot.discard()  # (a previous site still being deleted is finished next time)
                raise
            state_file = incremental.state_file(root / WORK_DIR / audience, target)
            incremental.forget(state_file)  # the record is of the site now published, or none
            progress("publishing")
            slot.publish()
            if result.state is not None:
                result.state.files = incremental.output_files(target)
                incremental.save_state(state_file, result.state)
            warning = slot.settle()  # the previous site, deleted while this one was built
            if warning:
                result.warnings.append(warning)
    result.seconds = time.perf_counter() - started
    return result


#: compiled templates kept between builds, in a folder per version (see compiled_templates)
COMPILED = "compiled-templates"


def compiled_templates(work: Path, name: str) -> Path:
    """A folder for Jinja's compiled templates (its bytecode cache), named after everything
    that decides how they compile, so a folder is never used for other code; folders of
    the same kind (the part of ``name`` before its first '-') with other names are deleted."""
    base = work / COMPILED
    kind = name.split("-", 1)[0]
    if base.is_dir():
        for folder in base.iterdir():
            if folder.name != name and folder.name.split("-", 1)[0] == kind:
                shutil.rmtree(folder, ignore_errors=True)
    return base / name


def _generate(
    root: Path,
    audience: str,
    as_of: date | None,
    target: Path,
    due_soon: int,
    policy_dir: Path | None,
    started: float,
    slot: Slot | None = None,
    engine: str = "mkdocs",
    progress: Step = quiet,
    clean: bool = False,
) -> BuildResult:
    progress("reading the records and working out the timescales")
    as_of = as_of or date.today()
    work = root / WORK_DIR / audience
    docs = work / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    try:
        directory_urls: bool | None = (
            load_base_config(root).get("use_directory_urls", True) is not False
        )
    except UsageError:
        directory_urls = None  # said once the records are read (their problems come first)
    # what the previous generation worked out, reused where its inputs are the same
    # (--clean reuses nothing); deleted now and written again once every page is written
    keys = memo.Keys.of(
        policy_dir_for(root, policy_dir), as_of, due_soon, audience, directory_urls, build_day()
    )
    memo_file = work / memo.MEMO_FILE
    kept = memo.Memo(keys) if clean else memo.Memo.load(memo_file, keys)
    memo_file.unlink(missing_ok=True)
    data = load_site_data(root, audience, as_of, due_soon, policy_dir, memo=kept)
    if directory_urls is None:
        load_base_config(root)  # raises: no mkdocs.yml, or not a valid one
        raise AssertionError("mkdocs.yml could not be read, then could")  # pragma: no cover
    from casework.sitegen.pages import Pages

    fence = Fence()
    pages = Pages(docs, bool(directory_urls), volatile=fence.nonce)
    pages.memo = kept
    pages.keep_compiled(compiled_templates(work, f"pages-{memo.code_digest()[:16]}"))
    progress("generating pages")
    pages.references = procedures.references(data)
    extra, warnings = copy_handwritten(root, pages, audience, fence, pages.references)
    if data.panel_audience:  # the coordinators' guide: on the panel site only
        extra.insert(0, guide.write(pages, fence))
    found = procedures.write(pages, data, fence)
    views: list[cases.CaseView] = []
    meetings: list[calendar.Meeting] = []
    per_panel = []
    for panel in data.policy.panels:
        found_here = calendar.meetings(data, panel)
        minutes = agendas.planned_minutes(data, panel)
        calendar.write(pages, data, found_here, minutes, panel)
        if data.panel_audience:
            per_panel.append(agendas.plan_agendas(data, found_here, panel))
        meetings.extend(found_here)
    if calendar.several(data.policy):
        calendar.write_overview(pages, data)
    warnings += manual.write(pages, data, found, calendar.CALENDAR_PAGE)
    if data.panel_audience:
        agendas.write(pages, data, per_panel)
        progress(f"generating pages ({len(pages.written):,} so far): one per case")
        views = cases.case_views(data)
        cases.write(pages, data, views)
        indexes.write(pages, data, views)
        dashboard.write(pages, data, views, found)
    pages.remove_stale()
    kept.save(memo_file)
    generated = len(pages.written) - kept.reused["pages"] if kept.reused["pages"] else None
    warnings += pages.missing_links()
    site_dir = slot.new if slot is not None else target
    nav = navigation(data, found, extra)
    config = write_config(root, work, site_dir, nav, NOT_IN_NAV, footer(data))
    rendered: int | None = None
    state: incremental.State | None = None
    if slot is not None:
        key = incremental.build_key(config, engine)
        nav_meta = incremental.nav_front_matter(docs, nav)
        how = None
        if not clean and engine == "mkdocs":
            previous = incremental.load_state(incremental.state_file(work, target))
            how = incremental.plan(previous, key, target, pages, nav_meta)
        count = f"{len(pages.written):,}"
        if how is not None:
            progress(f"generated {count} pages; rendering the changed ones with {engine}")
        else:
            progress(f"generated {count} pages; rendering them with {engine}")
        compiled = compiled_templates(work, f"theme-{key[:16]}")
        partial = incremental.run_incremental(config, slot.new, how, compiled) if how else None
        reused_urls: set[str] = set()
        if partial is not None:
            built, reused, reused_urls = partial.run, partial.reused, partial.reused_urls
            rendered = len(built.rendered or ())
        else:
            if how is not None:  # it found it could not be incremental: start again
                slot.prepare()
                progress(f"generated {count} pages; rendering them with {engine}")
            built, reused = run_engine(engine, config, slot.new), set()
        warnings += built.warnings
        shown = len(pages.written) if rendered is None else rendered
        progress(f"rendered {shown:,} pages; checking them")
        trim_site(slot.new, search_languages(load_base_config(root)))
        noted = set(built.by_page)
        if engine == "mkdocs":
            warnings += whole_word_queries(slot.new)
        warnings += sanitise_and_check(
            root, slot.new, fence, pages.sources, built.theme_dirs, reused, noted, reused_urls
        )
        if audience == "procedures":
            _refuse_pseudonyms(root, slot.new)
        (slot.new / MARKER).write_text(
            "Built by 'casework site build'; the next build replaces this folder.\n",
            encoding="utf-8",
        )
        if engine == "mkdocs":
            state = incremental.State(
                key,
                str(target),
                dict(pages.digests),
                sorted(noted),
                nav_meta,
                theme_files=partial.theme_files if partial is not None else None,
            )
    return BuildResult(
        audience,
        target,
        config,
        len(pages.written),
        len(views),
        len(meetings),
        time.perf_counter() - started,
        warnings,
        rendered,
        generated,
        state,
    )
