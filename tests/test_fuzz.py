"""Property-based fuzzing (Hypothesis) of the strict loader and of ``casework validate``.

Inputs: generated YAML (structure, scalar styles, every kind of tag, anchors,
directives, unicode with control, bidi and line-separator characters, deep
nesting, every line-end style) and byte-level mutations of the demo records.
Every input carries a planted marker value; the properties are:

* the loader returns a document or raises ``LoadError`` with a position inside
  the file, and never anything else;
* ``validate`` exits 0 or 1, never 3; every problem line is
  ``file:line:col: error|warning: ...``; nothing reaches stderr;
* the planted value never appears in any message or output.

Examples per run come from ``CASEWORK_FUZZ_EXAMPLES`` (default 5,000, the CI
figure): half of them for each loader test, one in fifty for each test through
the whole command line, which is much slower per input. Runs are derandomised
(the same inputs every time, no example database), so CI is reproducible;
``CASEWORK_FUZZ_SEED=<n>`` explores other inputs.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, seed, settings
from hypothesis import strategies as st

from casework.cli import main
from casework.schemas import check_document
from casework.yamlload import LoadError, field_name, load, loads, walk
from conftest import BASE_FILES, REFERRAL, install_pack, use_minimal_rules

pytestmark = pytest.mark.fuzz

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_RECORDS = sorted((REPO_ROOT / "cases").glob("*/*.yaml"))
DEMO_BYTES = {path: path.read_bytes() for path in DEMO_RECORDS}
KINDS = ("case", "referral", "decision", "amendment", "meeting", "pack", "rules")

TOTAL = int(os.environ.get("CASEWORK_FUZZ_EXAMPLES", "5000"))
LOADER_EXAMPLES = max(10, TOTAL // 2)
CLI_EXAMPLES = max(5, TOTAL // 50)
_SEED = os.environ.get("CASEWORK_FUZZ_SEED")


settings.register_profile(
    "casework-fuzz",
    derandomize=_SEED is None,  # the same inputs on every run, unless a seed is given
    database=None,  # nothing written into the checkout
    deadline=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)


def _settings(examples: int) -> Any:
    """The fuzz profile, with this test's share of ``CASEWORK_FUZZ_EXAMPLES``."""
    fixed = settings(settings.get_profile("casework-fuzz"), max_examples=examples)
    if _SEED is None:
        return fixed
    return lambda test: seed(int(_SEED))(fixed(test))


# --- the planted value ---------------------------------------------------------------------
#
# ``ZQX`` + digits + '.' + digits: the dot keeps it from ever looking like a field
# name (those are shown when they are plain words), so the marker must never
# appear in output, whatever the mutation made of the file.

sentinels = st.integers(10**6, 10**9 - 1).map(lambda n: f"ZQX{n}.{n % 97:02d}")

# --- generated YAML ------------------------------------------------------------------------
#
# Hypothesis draws the high-level choices (the marker, the shape, directives,
# line ends) and a ``random.Random`` seeded from its own data that fills in the
# structure: a few draws per example instead of hundreds keeps 5,000 inputs
# within CI's time, and derandomised runs still give the same inputs. A
# failing input is printed whole by the assertions.

ODD_CHARS = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\xa0"  # C0, DEL, NEL, C1, no-break space
    "\u2028\u2029\ufeff\ufffe\uffff"  # line/paragraph separators, BOM, noncharacters
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"  # bidi
    "\u200b\u200c\u200d\u0301\u0336"  # zero-width and combining marks
    "\U0001f600\u00e9\u00df\u4e2d\u0644"  # astral, accented, other scripts
)
YAML_CHARS = " :-#'\"[]{},&*!|>%@`?\\\t\r\n~<="
PLAIN_CHARS = "abcdefXYZ0123456789 "
WORDS = (
    "yes", "no", "on", "off", "y", "n", "true", "False", "null", "~", "", "010", "0x1F",
    "0o17", "1_000", "1e3", ".5", ".inf", "-.inf", ".nan", "NaN", "12", "-3", "1250.50",
    "2026-03-05", "2026-02-30", "12:30", "1:2:3", "<<", "=", "C-0042", "C-42",
    "2026-03-05-referral", "endorse_plan", "social_worker", "s20", "bx_newly_looked_after",
)  # fmt: skip
TAGS = (
    "!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!timestamp", "!!map",
    "!!seq", "!!set", "!!omap", "!!python/object", "!<tag:yaml.org,2002:int>",
    "!<tag:yaml.org,2002:str>", "!custom", "!", "!e!x",
)  # fmt: skip
FIELD_NAMES = (
    "case_id", "panel_date", "submitted", "criterion", "summary", "sought", "documents",
    "authorised_by", "role", "date", "hearing_date", "referral", "chair_role", "items",
    "type", "owner_role", "due", "episodes", "start", "end", "placements", "weekly_cost",
    "events", "reviews", "siblings", "birth_month", "team", "worker_role", "legal_status",
    "cases_heard", "members_present", "panel", "x", "<<", "? q", "a b", "",
)  # fmt: skip
TOKENS = (
    "- ", ": ", "\n", "  ", "[", "]", "{", "}", ", ", "'", '"', "!!", "! ", "&a ", "*a", "<<: ",
    "? ", "| ", "> ", "# ", "---", "...", "%TAG ", "\\", "\t", "\r", "\r\n", "\x85", "\u2028",
    "case_id", "summary", "C-0042",
)  # fmt: skip
PREFIXES = ("",) * 12 + (
    "---\n",
    "# c\n",
    "%YAML 1.1\n---\n",
    "%TAG !e! tag:example.org,2026:\n---\n",
)
SUFFIXES = ("", "\n") * 5 + ("\n...\n", "\n---\nb: 1\n", "\n# end\n")


class Writer:
    """Writes random YAML-like text with a planted marker in its values."""

    def __init__(self, rnd: random.Random, sentinel: str, odd: float) -> None:
        self.rnd = rnd
        self.sentinel = sentinel
        self.odd = odd  # how often a character is an unusual one

    def chars(self, most: int = 12) -> str:
        rnd = self.rnd
        out = []
        for _ in range(rnd.randint(0, most)):
            roll = rnd.random()
            if roll < self.odd:
                out.append(rnd.choice(ODD_CHARS))
            elif roll < self.odd * 2:
                out.append(rnd.choice(YAML_CHARS))
            elif roll < self.odd * 2 + 0.05:
                out.append(chr(rnd.randint(0x20, 0x2FFFF)))
            else:
                out.append(rnd.choice(PLAIN_CHARS))
        return "".join(c for c in out if not 0xD800 <= ord(c) <= 0xDFFF)

    def scalar(self) -> str:
        rnd = self.rnd
        roll = rnd.random()
        if roll < 0.3:
            core = self.sentinel
        elif roll < 0.5:
            core = rnd.choice(WORDS)
        elif roll < 0.7:
            core = self.chars()
        elif roll < 0.85:
            core = self.chars(4) + self.sentinel + self.chars(4)
        elif roll < 0.93:
            core = str(rnd.randint(-(10**20), 10**20))
        else:
            core = repr(rnd.uniform(-1e6, 1e6))
        style = rnd.choice(("plain", "plain", "single", "double", "double-escaped"))
        if style == "single":
            return "'" + core.replace("'", "''") + "'"
        if style.startswith("double"):
            escaped = core.replace("\\", "\\\\").replace('"', '\\"')
            if style == "double-escaped":  # YAML escapes: the value differs from the text
                escaped = "".join(
                    f"\\u{ord(c):04x}" if ord(c) < 0x10000 and not c.isalnum() else c
                    for c in escaped
                )
            return '"' + escaped + '"'
        return core

    def decorate(self, node: str) -> str:
        """Sometimes put a tag, an anchor or an alias before a node."""
        roll = self.rnd.randint(0, 120)
        if roll == 0:
            return f"{self.rnd.choice(TAGS)} {node}"
        if roll == 1:
            return f"&{self.rnd.choice(('a', 'b'))} {node}"
        if roll == 2:
            return f"*{self.rnd.choice(('a', 'b'))}"
        return node

    def key(self) -> str:
        key = self.rnd.choice(FIELD_NAMES) if self.rnd.random() < 0.8 else self.chars(6) or "k"
        return self.decorate(key) if self.rnd.random() < 0.03 else key

    def flow(self, depth: int = 0) -> str:
        rnd = self.rnd
        if depth > 3 or rnd.random() < 0.4:
            return self.decorate(self.scalar())
        items = [self.flow(depth + 1) for _ in range(rnd.randint(0, 4))]
        if rnd.random() < 0.5:
            return self.decorate("[" + ", ".join(items) + "]")
        return self.decorate("{" + ", ".join(f"{self.key()}: {item}" for item in items) + "}")

    def block(self, indent: int = 0, depth: int = 0) -> str:
        rnd = self.rnd
        pad = " " * indent
        step = rnd.choice((2, 2, 4, 1, 3))
        as_list = rnd.random() < 0.25
        lines: list[str] = []
        for _ in range(rnd.randint(1, 5)):
            head = f"{pad}-" if as_list else f"{pad}{self.key()}:"
            roll = rnd.random()
            if roll < 0.6 or depth >= 3:
                lines.append(f"{head} {self.flow(2)}")
            elif roll < 0.8:
                lines.append(head)
                lines.append(self.block(indent + step, depth + 1))
            else:
                lines.append(f"{head} {rnd.choice(('|', '>', '|-', '>+', '|2'))}")
                for _ in range(rnd.randint(1, 3)):
                    part = self.sentinel if rnd.random() < 0.4 else self.chars()
                    lines.append(f"{pad}{' ' * step}{part}")
            if rnd.random() < 0.07:
                lines.append(f"{pad}# a comment {self.chars()}")
        return "\n".join(lines)

    def deep(self) -> str:
        """Nesting from shallow to far past the limit, in flow and in block style."""
        rnd = self.rnd
        depth = rnd.choice(
            (
                rnd.randint(0, 70),
                rnd.randint(60, 1500),
                rnd.randint(990, 1001),  # near libyaml's and Python's own limits
                rnd.choice((63, 64, 65)),
            )
        )
        kind = rnd.choice(("list", "map", "block-list", "block-map", "mixed"))
        s = self.sentinel
        if kind == "list":
            return "x: " + "[" * depth + s + "]" * depth
        if kind == "map":
            return "x: " + "{a: " * depth + s + "}" * depth
        if kind == "block-list":
            lists = "".join(" " * (i + 1) + "-\n" for i in range(depth))
            return "x:\n" + lists + " " * (depth + 1) + s
        if kind == "block-map":
            return "".join(" " * i + "k:\n" for i in range(depth)) + " " * depth + f"k: {s}"
        return "x: " + "[{a: " * depth + s + "}]" * depth

    def soup(self) -> str:
        rnd = self.rnd
        parts = []
        for _ in range(rnd.randint(0, 30)):
            roll = rnd.random()
            parts.append(
                rnd.choice(TOKENS) if roll < 0.6 else self.sentinel if roll < 0.7 else self.chars()
            )
        return "".join(parts)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str]:
    """(YAML text, the marker planted in it)."""
    sentinel = draw(sentinels)
    writer = Writer(
        draw(st.randoms(use_true_random=True)),
        sentinel,
        draw(st.sampled_from((0.0, 0.0, 0.003, 0.02, 0.2))),
    )
    shape = draw(st.sampled_from(("block", "block", "block", "flow", "deep", "soup")))
    body = getattr(writer, shape)()
    text = draw(st.sampled_from(PREFIXES)) + body + draw(st.sampled_from(SUFFIXES))
    end = draw(st.sampled_from(("\n", "\n", "\r\n", "\r")))
    return text.replace("\n", end), sentinel


# --- byte-level mutations of the demo records -------------------------------------------

SPECIAL_BYTES = (
    b"\x00", b"\xff", b"\xfe", b"\xc2\x85", b"\xe2\x80\xa8", b"\xef\xbb\xbf", b"\xef\xbf\xbe",
    b"\xe2\x80\xae", b"\r", b"\t", b"\n", b"\x1b", b"\xc3", b"\xe9", b"'", b'"', b":", b"- ",
    b"[", b"{", b"!!str ", b"!!bool ", b"&a ", b"*a", b"%YAML 1.1\n---\n", b"<<: ", b"#",
    b"\xff\xfe", b"\xfe\xff",
)  # fmt: skip
_VALUE = re.compile(rb"^(\s*(?:- )?[a-z_]+: )(\S.*)$", re.MULTILINE)


def _plant(raw: bytes, sentinel: str, which: int) -> bytes:
    """Replace one value in the record with the marker (quoted, so it is valid YAML)."""
    matches = list(_VALUE.finditer(raw))
    if not matches:
        return raw
    match = matches[which % len(matches)]
    planted = match.group(1) + f'"{sentinel}"'.encode()
    return raw[: match.start()] + planted + raw[match.end() :]


def _mutate(raw: bytes, rnd: random.Random, count: int) -> bytes:
    for _ in range(count):
        if not raw:
            break
        at = rnd.randint(0, len(raw))
        op = rnd.choice(("flip", "insert", "insert", "delete", "repeat", "line-ends", "swap"))
        if op == "flip" and at < len(raw):
            raw = raw[:at] + bytes([raw[at] ^ (1 << rnd.randint(0, 7))]) + raw[at + 1 :]
        elif op == "insert":
            piece = (
                rnd.choice(SPECIAL_BYTES)
                if rnd.random() < 0.7
                else bytes(rnd.randint(0, 255) for _ in range(rnd.randint(1, 4)))
            )
            raw = raw[:at] + piece + raw[at:]
        elif op == "delete":
            raw = raw[:at] + raw[at + rnd.randint(1, 8) :]
        elif op == "repeat":
            raw = raw[:at] + raw[at : at + 20] + raw[at:]
        elif op == "line-ends":
            raw = raw.replace(b"\n", rnd.choice((b"\r\n", b"\r")))
        elif op == "swap":
            low, high = sorted((at, rnd.randint(0, len(raw))))
            raw = raw[:low] + raw[high:] + raw[low:high]
    return raw


@st.composite
def mutated_records(draw: st.DrawFn) -> tuple[Path, bytes, str]:
    """(a demo record, its bytes with a planted value and mutations, the marker)."""
    path = draw(st.sampled_from(DEMO_RECORDS))
    sentinel = draw(sentinels)
    raw = _plant(DEMO_BYTES[path], sentinel, draw(st.integers(0, 100)))
    count = draw(st.integers(0, 4))
    return path, _mutate(raw, draw(st.randoms(use_true_random=True)), count), sentinel


# --- the properties ------------------------------------------------------------------------


@contextlib.contextmanager
def _real_stack() -> Iterator[None]:
    """Python's usual recursion limit, counted from here as if casework had just started.

    Hypothesis raises the limit while a test runs, which would hide exactly
    the crash deep nesting used to cause (a RecursionError at about 990 levels).
    """
    depth = 0
    frame = sys._getframe()
    while frame is not None:
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 1000)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


PROBLEM = re.compile(r"^.+:[1-9][0-9]*:[1-9][0-9]*: (?:error|warning): \S.*$")


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _check_load_error(error: LoadError, text: str | None, sentinel: str) -> None:
    kind = error.message.split("'")[0][:40]  # field names left out: fewer distinct labels
    event(f"refused: {kind}")
    assert sentinel not in str(error)
    assert error.location is not None
    line, column = error.location.line, error.location.column
    assert line >= 1
    assert column >= 1
    if text is not None:
        lines = _lines(text)
        assert line <= len(lines), (line, len(lines))
        assert column <= len(lines[line - 1]) + 1, (column, len(lines[line - 1]))


def _check_document(doc: Any, kind: str, sentinel: str) -> None:
    event("loaded")
    for path, _value in walk(doc.data):
        assert sentinel not in field_name(path)
    for problem in check_document(doc, kind):
        shown = str(problem)
        assert sentinel not in shown
        assert PROBLEM.match(shown), shown


@_settings(LOADER_EXAMPLES)
@given(documents(), st.sampled_from(KINDS))
def test_loader_on_generated_yaml(document: tuple[str, str], kind: str) -> None:
    text, sentinel = document
    try:
        with _real_stack():
            doc = loads(text, "cases/C-0042/f.yaml")
    except LoadError as error:
        _check_load_error(error, text, sentinel)
        return
    _check_document(doc, kind, sentinel)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-bytes")


@_settings(LOADER_EXAMPLES)
@given(mutated_records(), st.sampled_from(KINDS))
def test_loader_on_mutated_demo_records(
    scratch: Path, record: tuple[Path, bytes, str], kind: str
) -> None:
    _source, raw, sentinel = record
    path = scratch / "record.yaml"
    path.write_bytes(raw)
    try:
        with _real_stack():
            doc = load(path, "cases/C-0101/case.yaml")
    except LoadError as error:
        _check_load_error(error, None, sentinel)
        return
    _check_document(doc, kind, sentinel)


# --- through the command line --------------------------------------------------------------


def _validate(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _real_stack():
        code = main(["validate", *(str(a) for a in args)])
    return code, out.getvalue(), err.getvalue()


def _check_run(code: int, out: str, err: str, sentinel: str) -> None:
    event(f"exit {code}")
    assert code in (0, 1), (code, out, err)
    assert sentinel not in out + err
    assert err == ""
    *problems, summary = out.rstrip("\n").split("\n")
    for line in problems:
        assert PROBLEM.match(line), line
    assert not summary.startswith(("casework:", "Traceback"))
    if code == 0:
        assert not any(": error: " in line for line in problems)


@contextlib.contextmanager
def _replaced(path: Path, raw: bytes) -> Iterator[None]:
    before = path.read_bytes()
    path.write_bytes(raw)
    try:
        yield
    finally:
        path.write_bytes(before)


@pytest.fixture(scope="module")
def small_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' minimal valid repository, with a one-rule rules.yaml (faster to read)."""
    root = tmp_path_factory.mktemp("fuzz-small") / "repo"
    install_pack(root)
    use_minimal_rules(root)
    for rel, text in BASE_FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    code, out, _ = _validate("--repo", root)
    assert code == 0, out
    return root


@pytest.fixture(scope="module")
def demo_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-demo") / "repo"
    for folder in ("cases", "meetings", "policies"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    use_minimal_rules(root)
    code, out, _ = _validate("--repo", root)
    assert code == 0, out
    return root


REFERRAL_PATH = "cases/C-0042/2026-03-05-referral.yaml"
TARGETS = (
    REFERRAL_PATH,
    "cases/C-0042/case.yaml",
    "cases/C-0042/2026-03-05-decision.yaml",
    "meetings/2026-03-05-meeting.yaml",
    "policies/pack.yaml",
)


@st.composite
def referral_edits(draw: st.DrawFn) -> tuple[str, str, str]:
    """The minimal referral with a few of its lines replaced by generated ones."""
    sentinel = draw(sentinels)
    writer = Writer(draw(st.randoms(use_true_random=True)), sentinel, 0.02)
    lines = REFERRAL.rstrip("\n").split("\n")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines)))
        new = writer.block() if draw(st.booleans()) else f"summary: {writer.flow()}"
        if draw(st.booleans()) and at < len(lines):
            lines[at] = new
        else:
            lines.insert(at, new)
    return "\n".join(lines) + "\n", sentinel, REFERRAL_PATH


@st.composite
def planted_summaries(draw: st.DrawFn) -> tuple[str, str, str]:
    """A valid referral whose free-text summary holds the marker among odd characters."""
    sentinel = draw(sentinels)
    writer = Writer(draw(st.randoms(use_true_random=True)), sentinel, 0.0)
    text = writer.chars(6) + sentinel + draw(st.sampled_from(("", " \u202e", "\u00e9\u200d")))
    style = draw(st.sampled_from(("single", "double", "literal", "folded")))
    if style == "single":
        value = "'" + text.replace("'", "''") + "'"
    elif style == "double":
        value = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    else:
        value = ("|" if style == "literal" else ">") + "\n  " + text.replace("\n", " ").strip()
    body = REFERRAL.replace("summary: An invented summary for testing.", f"summary: {value}")
    return body, sentinel, REFERRAL_PATH


@st.composite
def anywhere(draw: st.DrawFn) -> tuple[str, str, str]:
    """Generated YAML in place of any of the small repository's files."""
    text, sentinel = draw(documents())
    return text, sentinel, draw(st.sampled_from(TARGETS))


@_settings(CLI_EXAMPLES)
@given(
    st.one_of(anywhere(), referral_edits(), planted_summaries()),
    st.sampled_from(("text", "json")),
)
def test_validate_on_generated_yaml(
    small_repo: Path, document: tuple[str, str, str], form: str
) -> None:
    text, sentinel, target = document
    with _replaced(small_repo / target, text.encode("utf-8", errors="surrogatepass")):
        code, out, err = _validate("--repo", small_repo, "--format", form)
    if form == "text":
        _check_run(code, out, err, sentinel)
        return
    event(f"exit {code} (json)")
    assert code in (0, 1), (code, out, err)
    assert sentinel not in out + err
    assert err == ""
    report = json.loads(out)
    assert (report["errors"] > 0) == (code == 1)
    for problem in report["problems"]:
        assert problem["file"]
        assert problem["line"] >= 1
        assert problem["column"] >= 1


@_settings(CLI_EXAMPLES)
@given(mutated_records())
def test_validate_on_mutated_demo_records(demo_repo: Path, record: tuple[Path, bytes, str]) -> None:
    source, raw, sentinel = record
    target = demo_repo / source.relative_to(REPO_ROOT)
    with _replaced(target, raw):
        code, out, err = _validate("--repo", demo_repo, target)
    _check_run(code, out, err, sentinel)
