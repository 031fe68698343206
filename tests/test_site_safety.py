"""The site is safe by construction: escaped values, sanitised procedures, no outside request,
no commit message or author, atomic builds under a lock.

Every test builds a real repository (git included) through the CLI; the builds that are
interrupted or run side by side are separate processes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import lxml.etree
import pytest
import yaml

from casework.cli import main
from casework.sitegen.output import Slot
from sitegen_repo import AS_OF, git, make_site_repo, site_files

pytestmark = pytest.mark.slow

CASEWORK = Path(sys.executable).parent / "casework"
#: every kind of payload, each short enough for an 80-character title with a prefix
PAYLOADS = [
    "<script>alert(1)</script>",
    '<iframe src="https://evil.example/f"></iframe>',
    "<img src=x onerror=alert(2)>",
    "[click](javascript:alert(3))",
    '<a href="javascript:alert(4)">j</a>',
    '<img src="https://evil.example/i.png">',
    '![i](https://evil.example/m.png){ onload="alert(5)" }',
    'x" onmouseover="alert(6)',
    "ends in a backslash \\",
    "quote ' and \" and : colon",
]
PROCEDURE_PAYLOAD = """\
# Payload procedure

Text <script>alert(1)</script> and <iframe src="https://evil.example/f"></iframe>.

<img src="x" onerror="alert(2)">

[click me](javascript:alert(3)) and <a href="javascript:alert(4)">this</a> and
<a href="jav&#x61;script:alert(7)">that</a>.

## A heading { onclick="alert(5)" }

<div id="__config">{"search": "data:text/javascript,alert(8)"}</div>

<style>body { background: url(https://evil.example/bg.png) }</style>

<form action="https://evil.example/post"><input name="q"></form>

<svg><script>alert(6)</script></svg>

<object data="https://evil.example/x.swf"></object>

<meta http-equiv="refresh" content="0;url=https://evil.example/">

<link rel="stylesheet" href="https://evil.example/s.css">

The regulations are [on legislation.gov.uk](https://www.legislation.gov.uk/uksi/2010/959).
"""
SITE_PAGE = """\
---
title: 'About <script>alert(9)</script> "quoted" \\'
template: evil.html
---

# About

<img src=x onerror=alert(10)> <a href="javascript:alert(11)">x</a>
"""


def _payload_strings(data: object, counter: list[int]) -> object:
    """Every title, name, label, description and clause of a pack or rules file, poisoned."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if key in ("title", "name", "authority", "label", "description") and isinstance(
                value, str
            ):
                payload = PAYLOADS[counter[0] % len(PAYLOADS)]
                counter[0] += 1
                out[key] = f"T{counter[0]} {payload}"
            else:
                out[key] = _payload_strings(value, counter)
        return out
    if isinstance(data, list):
        return [_payload_strings(item, counter) for item in data]
    return data


def make_payload_repo(root: Path) -> Path:
    files = site_files()
    for rel in list(files):
        if rel.endswith("-referral.yaml"):
            files[rel] = files[rel].replace(
                "summary: An invented summary for testing.",
                "summary: " + json.dumps(" ".join(PAYLOADS)),
            )
    make_site_repo(root, files)
    counter = [0]
    for name in ("pack.yaml", "rules.yaml"):
        path = root / "policies" / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(
            yaml.safe_dump(_payload_strings(data, counter), sort_keys=False), encoding="utf-8"
        )
    for procedure in (root / "policies" / "procedures").glob("*.md"):
        procedure.write_text(PROCEDURE_PAYLOAD, encoding="utf-8")
    (root / "site" / "about.md").write_text(SITE_PAGE, encoding="utf-8")
    (root / "site" / "help.md").write_text(
        "---\ntitle: [unclosed <script>\n---\n\n# Help\n", encoding="utf-8"
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Poison every free-text field")
    return root


def _parse(file: Path) -> lxml.etree._Element:
    return lxml.etree.fromstring(file.read_bytes(), lxml.etree.HTMLParser())


def _theme_scripts(site: Path) -> set[str]:
    """The scripts of one page, with the page's own base path taken out."""
    found = set()
    for element in _parse(site).iter("script"):
        src = element.get("src")
        text = re.sub(r'URL\("[^"]*",location\)', "URL(BASE,location)", element.text or "")
        found.add(f"src={Path(src).name}" if src else text.split("{", 1)[0][:40])
    return found


def _danger(site: Path) -> list[str]:
    """Every script, frame, handler and javascript: URL in the built HTML."""
    found = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        for element in _parse(file).iter(lxml.etree.Element):
            tag = str(element.tag).lower()
            if tag in ("iframe", "object", "embed", "frame", "base") or any(
                "evil.example" in str(v) and tag not in ("a", "img")
                for v in element.attrib.values()
            ):
                found.append(f"{rel}: <{tag}>")
            for name, value in element.attrib.items():
                if str(name).lower().startswith("on"):
                    found.append(f"{rel}: {name} on <{tag}>")
                if str(value).strip().lower().replace("\t", "").startswith("javascript:"):
                    found.append(f"{rel}: javascript: in {name}")
                if tag == "img" and "evil.example" in str(value):
                    found.append(f"{rel}: outside image")
                if value == "__config" and tag != "script":
                    found.append(f"{rel}: element posing as the theme's config")
            if tag == "script" and "alert(" in (element.text or ""):
                found.append(f"{rel}: payload script")
            if tag == "style" and "evil.example" in (element.text or ""):
                found.append(f"{rel}: outside style")
    return found


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site_repo(tmp_path_factory.mktemp("clean") / "repo")
    assert main(["site", "build", "--repo", str(root), "--as-of", AS_OF.isoformat()]) == 0
    return root


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_payload_repo(tmp_path_factory.mktemp("poison") / "repo")


@pytest.mark.parametrize("audience", ["panel", "procedures"])
def test_payloads_in_every_free_text_field_are_shown_as_text_or_removed(
    poisoned: Path, clean: Path, audience: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = poisoned / f"out-{audience}"
    argv = ["site", "build", "--repo", str(poisoned), "--audience", audience]
    code = main([*argv, "--as-of", AS_OF.isoformat(), "--output", str(out_dir)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert _danger(out_dir) == []
    # only the theme's own scripts, as on a clean build
    theme = _theme_scripts(clean / "public" / "index.html")
    for page in out_dir.rglob("*.html"):
        assert _theme_scripts(page) <= theme, page
    # the pack's titles are shown, escaped: a reader sees the text of the payload
    index = (out_dir / "procedures" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "ends in a backslash \\" in index
    # what the sanitiser removed is said, naming the file
    assert "policies/procedures/permanence-panel-protocol.md: removed what the site" in out
    assert "script" in out and "onerror attribute" in out
    assert "site/about.md: front matter 'template' is not used" in out
    assert "site/help.md: the front matter (between the --- lines at the top) is not" in out
    # the legislation link a reader clicks is kept
    protocol = (out_dir / "procedures" / "permanence-panel-protocol.html").read_text("utf-8")
    assert 'href="https://www.legislation.gov.uk/uksi/2010/959"' in protocol
    # the search index holds no markup from the payloads
    search = (out_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    for tag in ("<script", "<img", "<iframe", "<a "):
        assert tag not in search
    # the front matter held: the dashboard's group pages stay out of search
    docs = json.loads(search)["docs"]
    assert not any(d["location"].startswith("dashboard/") for d in docs)
    about = (out_dir / "about.html").read_text(encoding="utf-8")
    assert "<title>About &lt;script&gt;alert(9)&lt;/script&gt; &quot;quoted&quot; \\ -" in about


def test_a_procedure_with_an_outside_image_fails_the_build_naming_the_file(
    tmp_path: Path, cli
) -> None:
    root = make_site_repo(tmp_path / "repo")
    assert cli("site", "build", "--repo", root, "--audience", "procedures").code == 0
    before = _snapshot(root / "public-procedures")
    procedure = root / "policies" / "procedures" / "permanence-panel-protocol.md"
    original = procedure.read_text(encoding="utf-8")
    assert original.endswith("\n")
    base = len(original.splitlines())
    procedure.write_text(
        original
        + '\n![Logo](https://cdn.example.org/logo.png)\n\n<img src="//cdn.example.org/x.png">\n',
        encoding="utf-8",
    )
    for audience in ("procedures", "panel"):
        run = cli("site", "build", "--repo", root, "--audience", audience)
        assert run.code == 1
        # file:line:col of each image in the procedure, and nothing of the URL
        name = "policies/procedures/permanence-panel-protocol.md"
        assert f"{name}:{base + 2}:9: an image loaded from another site" in run.err
        assert f"{name}:{base + 4}:11: an image loaded from another site" in run.err
        assert "cdn.example.org" not in run.err  # the URL itself is not repeated
        assert "not published" in run.err
    assert _snapshot(root / "public-procedures") == before
    assert not (root / "public").exists()
    assert not list(root.glob(".public*casework-new"))


@pytest.mark.parametrize(
    "written",
    ["C&#45;0044", "C-00<b></b>44", "C\u200b-0044", "C\u20110044", "C-\uff10\uff10\uff14\uff14"],
)
def test_the_case_id_guard_reads_the_rendered_text(tmp_path: Path, cli, written: str) -> None:
    root = make_site_repo(tmp_path / "repo")
    procedure = root / "policies" / "procedures" / "permanence-panel-protocol.md"
    procedure.write_text(
        procedure.read_text(encoding="utf-8") + f"\nFor example, case {written}.\n",
        encoding="utf-8",
    )
    run = cli("site", "build", "--repo", root, "--audience", "procedures")
    assert run.code == 1 and "pseudonym of a real case" in run.err
    assert "C-0044" not in run.err
    assert not (root / "public-procedures").exists()


def test_no_commit_message_or_author_reaches_either_site(tmp_path: Path) -> None:
    root = make_site_repo(tmp_path / "repo")
    # (a procedure without amendment notes: its page lists git's dates instead)
    procedure = root / "policies" / "procedures" / "statutory-timescales.md"
    procedure.write_text(procedure.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    record = root / "cases" / "C-0043" / "2026-11-12-referral.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "# reworded\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="Wombat Grumbleton",
        GIT_AUTHOR_EMAIL="wombat.grumbleton@example.invalid",
        GIT_COMMITTER_NAME="Quokka Fenwright",
        GIT_COMMITTER_EMAIL="quokka.fenwright@example.invalid",
    )
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(
        ["git", "commit", "-q", "-m", "Zebrafinch-7781 reworded the referral\n\nBody Xylo-4412"],
        cwd=root,
        check=True,
        env=env,
    )
    for audience in ("panel", "procedures"):
        argv = ["site", "build", "--repo", str(root), "--audience", audience]
        assert main([*argv, "--as-of", AS_OF.isoformat()]) == 0
    for site in (root / "public", root / "public-procedures"):
        for file in site.rglob("*"):
            if file.is_file() and file.suffix != ".gz":
                data = file.read_bytes()
                for word in (b"Zebrafinch", b"Xylo-4412", b"Wombat", b"Grumbleton", b"Quokka"):
                    assert word not in data, (file, word)
                assert b"Panel coordinator" not in data and b"example.invalid" not in data
    case = (root / "public" / "cases" / "C-0043.html").read_text(encoding="utf-8")
    assert "referral changed" in case and "referral added" in case
    page = (root / "public" / "procedures" / "statutory-timescales.html").read_text("utf-8")
    assert re.search(r"<td[^>]*>updated</td>", page) and re.search(r"<td[^>]*>added</td>", page)


# --- atomic builds ---------------------------------------------------------------------------


def _snapshot(site: Path) -> dict[str, str]:
    """Every file of a built site and its hash (the sitemap's gzip header holds a time)."""
    return {
        f.relative_to(site).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(site.rglob("*"))
        if f.is_file() and f.name != "sitemap.xml.gz"
    }


def _build(root: Path, output: Path) -> int:
    return main(
        [
            "site",
            "build",
            "--repo",
            str(root),
            "--as-of",
            AS_OF.isoformat(),
            "--output",
            str(output),
        ]
    )


def _start(root: Path, output: Path, clean: bool = False) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return subprocess.Popen(
        [
            CASEWORK,
            "site",
            "build",
            "--repo",
            root,
            "--as-of",
            AS_OF.isoformat(),
            "--output",
            output,
            *(["--clean"] if clean else []),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_an_interrupted_build_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    root = make_site_repo(tmp_path / "repo")
    output = root / "public"
    assert main(["site", "build", "--repo", str(root), "--as-of", AS_OF.isoformat()]) == 0
    old = _snapshot(output)
    procedure = root / "policies" / "procedures" / "permanence-panel-protocol.md"
    procedure.write_text(procedure.read_text(encoding="utf-8") + "\nA new line.\n", "utf-8")
    reference = tmp_path / "reference"
    assert _build(root, reference) == 0
    new = _snapshot(reference)
    assert new != old
    interrupted = 0
    # how long a full build (--clean) takes here (builds got faster, machines differ): the
    # later signals are sent at parts of it
    started = time.monotonic()
    timed = _start(root, tmp_path / "timed", clean=True)
    assert timed.communicate(timeout=300) and timed.returncode == 0
    took = time.monotonic() - started
    # each signal is sent a varied time after the build has started its new folder (by then
    # it has its handlers; a fixed delay from the start raced Python's start-up on a busy
    # machine): while loading, generating pages, running MkDocs, checking. An incremental
    # build (which renders only the changed procedure) is over in well under a second, so
    # the later moments interrupt full builds (--clean), which take long enough to reach
    parts = [(0.0, signal.SIGTERM, False), (0.03, signal.SIGINT, False),
             (0.1, signal.SIGINT, True), (0.25, signal.SIGTERM, True),
             (0.45, signal.SIGINT, True), (0.2, signal.SIGKILL, True)]  # fmt: skip
    moments = [(part * took, sig, clean) for part, sig, clean in parts]
    new_dir = root / ".public.casework-new"
    for delay, sig, clean in moments:
        assert not new_dir.exists()
        process = _start(root, output, clean)
        deadline = time.monotonic() + 120
        while not new_dir.exists() and process.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        time.sleep(delay)
        process.send_signal(sig)
        _, err = process.communicate(timeout=300)
        assert process.returncode in (0, 130, -signal.SIGKILL), err
        if process.returncode == 130:
            assert "Traceback" not in err and "interrupted" in err
        interrupted += process.returncode == 130
        now = _snapshot(output)
        assert now in (old, new), f"a partial site after {sig.name} at {delay} s"
        if process.returncode != -signal.SIGKILL:
            assert not new_dir.exists()  # cleaned up on the way out
    assert interrupted >= 3, "signals arrived while the build was running"
    # the next build finishes the job, whatever a killed build left behind
    process = _start(root, output)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert _snapshot(output) == new
    assert not (root / ".public.casework-new").exists()
    # the site before it is kept aside until the next build deletes it; nothing else is left
    assert not list(root.glob(".public.casework-deleting-*"))


def test_the_previous_site_is_kept_aside_until_the_next_build_deletes_it(
    tmp_path: Path, cli
) -> None:
    root = make_site_repo(tmp_path / "repo")
    argv = ("site", "build", "--repo", root, "--as-of", AS_OF.isoformat())
    assert cli(*argv).code == 0
    assert not (root / ".public.casework-old").exists()  # no site before the first
    assert cli(*argv).code == 0
    aside = root / ".public.casework-old"
    assert (aside / "index.html").is_file()  # the first build's site
    (aside / "left-by-the-first.txt").write_text("", encoding="utf-8")
    assert cli(*argv).code == 0
    assert (aside / "index.html").is_file() and not (aside / "left-by-the-first.txt").exists()
    assert not list(root.glob(".public.casework-deleting-*"))
    assert sorted(p.name for p in root.glob(".public*")) == [
        ".public.casework-lock",
        ".public.casework-old",
    ]


def test_a_build_killed_between_the_two_renames_is_repaired_by_the_next(tmp_path: Path) -> None:
    target = tmp_path / "public"
    slot = Slot(target)
    slot.old.mkdir()
    (slot.old / "index.html").write_text("previous site", encoding="utf-8")
    slot.new.mkdir()
    (slot.new / "half.html").write_text("half a site", encoding="utf-8")
    slot.prepare()  # the output is missing: the old folder goes back first
    assert (target / "index.html").read_text(encoding="utf-8") == "previous site"
    assert not slot.old.exists() and slot.new.is_dir() and not any(slot.new.iterdir())


def test_two_concurrent_builds_never_leave_a_partial_site(tmp_path: Path) -> None:
    root = make_site_repo(tmp_path / "repo")
    output = root / "public"
    first = _start(root, output)
    deadline = time.monotonic() + 120
    while not (root / ".public.casework-new").exists() and first.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    second = _start(root, output)
    _, err2 = second.communicate(timeout=300)
    _, err1 = first.communicate(timeout=300)
    assert first.returncode == 0, err1
    assert second.returncode == 2, err2
    assert "another 'casework site build' is building" in err2 and "Traceback" not in err2
    reference = tmp_path / "reference"
    assert _build(root, reference) == 0
    assert _snapshot(output) == _snapshot(reference)


def test_an_output_that_cannot_be_written_is_a_usage_error(tmp_path: Path, cli) -> None:
    root = make_site_repo(tmp_path / "repo")
    if os.geteuid() == 0:  # root may write anywhere a file system allows: use one that refuses
        output = Path("/sys/casework-site-test/public")
        if not Path("/sys").is_dir():
            pytest.skip("no read-only /sys on this machine")
    else:
        parent = tmp_path / "locked"
        parent.mkdir()
        output = parent / "public"
        parent.chmod(0o555)
    run = cli("site", "build", "--repo", root, "--output", output)
    assert run.code == 2, run.err
    assert "choose a folder you can write to with --output" in run.err


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_extreme_as_of_date_is_a_usage_error(tmp_path: Path, cli, day: str) -> None:
    root = make_site_repo(tmp_path / "repo")
    run = cli("site", "build", "--repo", root, "--as-of", day)
    assert run.code == 2 and "--as-of must be a date between" in run.err


def test_a_damaged_git_history_stops_the_build(tmp_path: Path, cli) -> None:
    root = make_site_repo(tmp_path / "repo")
    git(root, "gc", "-q")
    packs = list((root / ".git" / "objects" / "pack").glob("*.pack"))
    assert packs
    for pack in packs:
        data = bytearray(pack.read_bytes())
        for i in range(200, len(data) - 40, 97):
            data[i] ^= 0xFF
        pack.chmod(0o644)
        pack.write_bytes(bytes(data))
    run = cli("site", "build", "--repo", root)
    assert run.code == 2, run.err
    assert "git could not read the repository's history" in run.err
    assert not (root / "public").exists()


# --- the build's own checks, on pages written by hand -----------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<img src="https://cdn.example.org/a.png">', "an image loaded from another site"),
        ('<img src="//cdn.example.org/a.png">', "an image loaded from another site"),
        ('<img srcset="a.png 1x, https://cdn.example.org/b.png 2x">', "srcset"),
        ('<link rel="stylesheet" href="https://cdn.example.org/s.css">', "<link> href"),
        ('<script src="https://cdn.example.org/x.js"></script>', "not a file of this site"),
        ("<script>alert(1)</script>", "not the theme's own"),
        ('<iframe src="page.html"></iframe>', "<iframe> element"),
        ('<embed src="x.swf">', "<embed> element"),
        ('<base href="https://example.org/">', "<base> element"),
        ('<p onclick="x()">p</p>', "event handler"),
        ('<a href="java\tscript:alert(1)">a</a>', "javascript: URL"),
        ('<a href=" JAVASCRIPT:alert(1)">a</a>', "javascript: URL"),
        ('<a href="data:text/html,hi">a</a>', "data: URL"),
        ('<form action="https://example.org/post"></form>', "<form> action"),
        ('<video poster="/\\example.org/p.png"></video>', "loaded from another site"),
        ('<p style="background:url(https://example.org/b.png)">p</p>', "stylesheet rule"),
        ("<style>@import 'https://example.org/s.css';</style>", "stylesheet rule"),
        ('<meta http-equiv="refresh" content="0; url=https://example.org/">', "<meta> refresh"),
        ('<svg><image href="https://example.org/i.png"/></svg>', "loaded from another site"),
        # found however they are written: capitals, no scheme, whitespace or control
        # characters before the slashes, backslashes, a URL in a style with no colon
        ('<IFRAME SRC="page.html"></IFRAME>', "<iframe> element"),
        ('<P ONCLICK="x()">p</P>', "event handler"),
        ('<img src="\x01//cdn.example.org/a.png">', "an image loaded from another site"),
        ('<img src=" \x0b/ /cdn.example.org/a.png">', "an image loaded from another site"),
        ('<link rel="stylesheet" href="\\\\cdn.example.org/s.css">', "<link> href"),
        ('<p style="background:url(//example.org/b.png)">p</p>', "stylesheet rule"),
        ('<img srcset="//cdn.example.org/b.png 2x">', "srcset"),
    ],
)
def test_the_build_check_finds_each_outside_request(
    tmp_path: Path, html: str, expected: str
) -> None:
    from casework.sitegen.verify import check_html

    page = tmp_path / "page.html"
    issues = check_html(tmp_path, page, f"<html><body>{html}</body></html>", [])
    assert any(expected in issue.what for issue in issues), issues


def test_the_build_check_allows_links_a_reader_clicks_and_the_site_s_own_files(
    tmp_path: Path,
) -> None:
    from casework.sitegen.verify import check_html, theme_script_patterns

    (tmp_path / "bundle.js").write_text("", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text(
        '<script>var base="{{ base_url }}";go(base)</script>', encoding="utf-8"
    )
    scripts = theme_script_patterns([tmp_path / "templates"])
    html = (
        '<a href="https://www.legislation.gov.uk/uksi/2010/959">regulations</a>'
        '<a href="mailto:panel@example.invalid">mail</a><img src="logo.png">'
        '<img src="data:image/png;base64,AAAA"><script src="bundle.js"></script>'
        '<script>var base="..";go(base)</script>'
        '<script id="__config" type="application/json">{"base": ".."}</script>'
        '<svg xmlns="http://www.w3.org/2000/svg"></svg>'
    )
    page = tmp_path / "page.html"
    assert check_html(tmp_path, page, f"<html><body>{html}</body></html>", scripts) == []
    # ...but the theme's script with anything added to it is not the theme's
    bad = '<script>var base="..";go(base);steal()</script>'
    assert check_html(tmp_path, page, f"<html><body>{bad}</body></html>", scripts)


@pytest.mark.parametrize(
    "linked", ["policies/procedures/referral-process.md", "site/about.md", "cases/C-0101/case.yaml"]
)
def test_a_page_or_record_linking_outside_is_refused_and_nothing_outside_is_published(
    tmp_path: Path, cli, linked: str
) -> None:
    root = make_site_repo(tmp_path / "repo")
    target = root / linked
    if not target.exists():
        pytest.skip(f"{linked} is not in the site repository")
    sentinel = tmp_path / "outside.md"
    sentinel.write_text("# Outside\n\nzq-outside-sentinel\n", encoding="utf-8")
    target.unlink()
    target.symlink_to(sentinel)
    run = cli("site", "build", "--repo", root, "--as-of", AS_OF.isoformat())
    assert run.code == 1
    assert "symbolic link" in run.text
    assert "zq-outside-sentinel" not in run.text
    for built in root.glob("public*"):
        for file in built.rglob("*"):
            if file.is_file():
                assert b"zq-outside-sentinel" not in file.read_bytes(), file


@pytest.mark.parametrize("folder", ["policies/procedures", "site"])
def test_a_folder_linking_outside_is_refused_and_nothing_outside_is_published(
    tmp_path: Path, cli, folder: str
) -> None:
    """A link to a folder outside (rather than to a file) is refused too: every page
    under it would otherwise be read from outside the repository and published."""
    root = make_site_repo(tmp_path / "repo")
    source = root / folder
    outside = tmp_path / "outside"
    shutil.copytree(source, outside)
    for page in outside.rglob("*.md"):
        page.write_text(page.read_text("utf-8") + "\nzq-outside-sentinel\n", "utf-8")
    shutil.rmtree(source)
    source.symlink_to(outside, target_is_directory=True)
    run = cli("site", "build", "--repo", root, "--as-of", AS_OF.isoformat())
    assert run.code in (1, 2), run.text
    assert "symbolic link" in run.text
    assert "zq-outside-sentinel" not in run.text
    for built in root.glob("public*"):
        for file in built.rglob("*"):
            if file.is_file():
                assert b"zq-outside-sentinel" not in file.read_bytes(), file
    if folder.startswith("policies"):
        checked = cli("validate", "--repo", root)
        assert checked.code == 1, checked.text
        assert "symbolic link" in checked.out
