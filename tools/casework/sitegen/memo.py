"""What a rebuild of the site does not work out again: records, findings and pages.

``casework site build`` generates every page from the records and the pack, and
most of that work gives what it gave last time: after one changed record, the
other record files read the same, the other cases have the same findings and
most pages are the same. After each generation, ``.site-build/<audience>/memo.json``
keeps three things (as JSON data, never code):

* **records**: for each record file that loaded valid, a digest of its text and
  its data. A file whose text is the same is not parsed or checked again.
* **findings**: for each case, a digest of its records' texts and the findings the
  timescale rules gave. A case whose records are the same is not evaluated again (a
  case's findings depend on its own records, the pack, the as-of date and the
  due-soon window only; meetings are evaluated every time).
* **pages**: for each page that may be reused, a digest of what it was made from,
  the digest of the file written and the pages its HTML tables link to. A page made
  from the same things is not rendered again: the file written last time is kept,
  once its bytes are checked against the digest.

Each is kept only under a key of everything else it depends on: for records,
casework's code, its schemas and every file of the policy pack (the vocabularies);
for findings and pages also the as-of date, the due-soon window, the day of the
build, the audience, ``use_directory_urls`` and the versions of Python and of the
libraries that work them out. Any change there, and nothing is reused.

What a page is made from (``Pages.render(..., reuse=...)``):

* a case page (``casework.sitegen.cases.made_from``): the texts of its case's
  records and their git history, the meeting records, and which of the siblings it
  names have a case page;
* an agenda and the dashboard's rule and team pages (``reuse=True``): everything
  the template is given, written out by ``repr`` (a value that cannot be written out
  that way, such as an object without a ``repr`` of its own, means the page is
  rendered every time). Functions given are casework's code, in the key already.

Templates of pages that may be reused are given, as ``data``, only what every page
shares and the key holds (:class:`Shared`: the as-of date, the due-soon window, the
audience and the pack), so a template that starts reading anything else fails at
once instead of being reused stale.

The memo is deleted as generation starts and written when it ends, so a build that
stops half way leaves none; ``--clean`` neither reads nor keeps one. A rebuild with
the memo writes exactly what a build without it writes:
``tests/test_site_incremental.py`` compares every file with a clean build after
records are added, changed, committed and deleted, and after a meeting changes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import types
from dataclasses import dataclass
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casework.findings import Finding, Status
from casework.paths import PACKAGE_DIR
from casework.records import Record, RecordFile
from casework.schemas import schema_dir
from casework.yamlload import Document, LoadError, read_text

if TYPE_CHECKING:
    from casework.policy import Policy
    from casework.sitegen.model import SiteData
    from casework.sitegen.pages import Pages

#: the layout of the memo file; another layout is read as no memo
FORMAT = 1
MEMO_FILE = "memo.json"
#: the libraries whose versions decide what is loaded, evaluated and written
PACKAGES = ("casework", "jinja2", "markupsafe", "pyyaml", "holidays", "jsonschema", "jsonschema-rs")
_DATE_FIELDS = frozenset({"due", "done", "anchor"})
_FINDING_FIELDS: tuple[str, ...] = Finding._fields


def digest(*parts: str) -> str:
    found = hashlib.blake2b(digest_size=16)
    for part in parts:
        found.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return found.hexdigest()


def bytes_digest(data: bytes) -> str:
    """The digest ``Pages`` keeps of a written file (see ``casework.sitegen.pages``)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


#: folders under the code that are not casework's own (the desk's npm packages, bytecode)
_NOT_CODE = frozenset({"node_modules", "__pycache__"})


def _files_digest(folders: list[Path]) -> str:
    found = hashlib.blake2b(digest_size=16)
    for folder in folders:
        files: list[Path] = []
        for here, subfolders, names in os.walk(folder):
            subfolders[:] = [name for name in subfolders if name not in _NOT_CODE]
            files.extend(Path(here, name) for name in names)
        for file in sorted(files):
            if file.is_file():
                rel = file.relative_to(folder).as_posix()
                found.update(rel.encode() + b"\0" + file.read_bytes() + b"\0")
    return found.hexdigest()


@functools.cache
def code_digest() -> str:
    """Casework's code, templates and schemas, with Python's and the libraries' versions."""
    versions = [f"{package} {_version(package)}" for package in PACKAGES]
    return digest(sys.version, *versions, _files_digest([PACKAGE_DIR, schema_dir()]))


@dataclass(frozen=True)
class Keys:
    """What each part of the memo is kept under (see the module's notes)."""

    records: str
    #: for findings and pages
    results: str

    @classmethod
    def of(
        cls,
        policy_dir: Path,
        as_of: date,
        due_soon: int,
        audience: str,
        directory_urls: bool | None,
        built: date,
    ) -> Keys:
        records = digest(f"format {FORMAT}", code_digest(), _files_digest([policy_dir]))
        results = digest(
            records, as_of.isoformat(), str(due_soon), audience, str(directory_urls), str(built)
        )
        return cls(records, results)


class Shared:
    """What every page shares, as templates of reusable pages see ``data``."""

    __slots__ = ("as_of", "audience", "due_soon", "panel_audience", "policy")

    def __init__(self, data: SiteData) -> None:
        self.as_of: date = data.as_of
        self.due_soon: int = data.due_soon
        self.audience: str = data.audience
        self.panel_audience: bool = data.panel_audience
        self.policy: Policy = data.policy


def record_digest(record: Record) -> str:
    return digest(record.file.display, record.doc.text)


_STATUSES = {status.value: status for status in Status}
_DATE_AT = tuple(i for i, name in enumerate(_FINDING_FIELDS) if name in _DATE_FIELDS)
_STATUS_AT = _FINDING_FIELDS.index("status")


def _encode_finding(finding: Finding) -> list[Any] | None:
    """A finding as JSON values; None if one of its values is not of the kind expected."""
    row = [getattr(finding, name) for name in _FINDING_FIELDS]
    for index, value in enumerate(row):
        if index in _DATE_AT:
            if value is not None and type(value) is not date:
                return None
            row[index] = value.isoformat() if value is not None else None
        elif index == _STATUS_AT:
            if not isinstance(value, Status):
                return None
            row[index] = value.value
        elif value is not None and type(value) not in (str, int, float):
            return None
    return row


def _decode_finding(row: list[Any]) -> Finding:
    values = list(row)
    for index in _DATE_AT:
        if values[index] is not None:
            values[index] = date.fromisoformat(values[index])
    values[_STATUS_AT] = _STATUSES[values[_STATUS_AT]]
    return Finding(*values)


class Memo:
    """The memo of the previous generation (if its keys match) and the one being made."""

    def __init__(self, keys: Keys, previous: dict[str, Any] | None = None) -> None:
        self.keys = keys
        old = previous or {}

        def part(name: str, key: str) -> dict[str, Any]:
            section = old.get(name)
            if not isinstance(section, dict) or section.get("key") != key:
                return {}
            entries = section.get("entries")
            return entries if isinstance(entries, dict) else {}

        self._old_records = part("records", keys.records)
        self._old_findings = part("findings", keys.results)
        self._old_pages = part("pages", keys.results)
        self.records: dict[str, list[str]] = {}
        self.findings: dict[str, list[Any]] = {}
        self.pages: dict[str, list[Any]] = {}
        #: what was reused, for the build's summary and the tests
        self.reused = {"records": 0, "findings": 0, "pages": 0}

    @classmethod
    def load(cls, path: Path, keys: Keys) -> Memo:
        """The memo in ``path`` (none if missing, unreadable or of another layout)."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raw = None
        return cls(keys, raw)

    def save(self, path: Path) -> None:
        data = {
            "format": FORMAT,
            "records": {"key": self.keys.records, "entries": self.records},
            "findings": {"key": self.keys.results, "entries": self.findings},
            "pages": {"key": self.keys.results, "entries": self.pages},
        }
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        temporary.replace(path)

    # --- records (casework.records.KnownRecords) -------------------------------------------

    def reuse(self, named: RecordFile) -> Document | None:
        entry = self._old_records.get(named.display)
        if not isinstance(entry, list) or len(entry) != 2:
            return None
        try:
            text = read_text(named.path, named.display)
        except LoadError:
            return None  # loaded again, to say what is wrong
        if digest(text) != entry[0]:
            return None
        try:
            data = json.loads(entry[1])
        except (TypeError, ValueError):
            return None  # a memo changed by hand: loaded again
        self.records[named.display] = entry
        self.reused["records"] += 1
        return Document(named.path, named.display, data, text)

    def loaded(self, named: RecordFile, doc: Document) -> None:
        try:
            encoded = json.dumps(doc.data, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):
            return
        if json.loads(encoded) == doc.data:  # kept only if JSON gives back the same data
            self.records[named.display] = [digest(doc.text), encoded]

    # --- findings (casework.engine.KnownFindings) ------------------------------------------

    def findings_key(self, records: list[Record]) -> str:
        return digest(*(record_digest(r) for r in records))

    def findings_for(self, case_id: str, records: list[Record]) -> list[Finding] | None:
        entry = self._old_findings.get(case_id)
        if not isinstance(entry, list) or len(entry) != 2:
            return None
        if entry[0] != self.findings_key(records):
            return None
        try:
            found = [_decode_finding(row) for row in entry[1]]
        except (TypeError, ValueError, KeyError, IndexError):
            return None  # a memo changed by hand: evaluated again
        self.findings[case_id] = entry
        self.reused["findings"] += 1
        return found

    def worked_out(self, case_id: str, records: list[Record], findings: list[Finding]) -> None:
        rows = [_encode_finding(f) for f in findings]
        if all(row is not None for row in rows):
            self.findings[case_id] = [self.findings_key(records), rows]

    # --- pages --------------------------------------------------------------------------------

    def made_from(
        self,
        path: str,
        template: str,
        meta: dict[str, Any] | None,
        reuse: bool | str,
        context: dict[str, Any],
    ) -> str | None:
        """The digest of what a page is made from; None if it cannot be told (see the notes)."""
        described = reuse if isinstance(reuse, str) else context_text(context)
        if described is None:
            return None
        return digest(self.keys.results, path, template, repr(meta), described)

    def reuse_page(self, pages: Pages, path: str, made_from: str, source: str | None) -> bool:
        """Keep the page written last time if it was made from the same things."""
        entry = self._old_pages.get(path)
        if not isinstance(entry, list) or len(entry) != 3 or entry[0] != made_from:
            return False
        if not isinstance(entry[2], list) or not all(isinstance(x, str) for x in entry[2]):
            return False
        try:
            written = (pages.docs / path).read_bytes()
        except OSError:
            return False
        if bytes_digest(written) != entry[1]:
            return False
        pages.kept(path, entry[1], set(entry[2]), source)
        self.pages[path] = entry
        self.reused["pages"] += 1
        return True

    def keep_page(self, path: str, made_from: str, written: str, links: set[str]) -> None:
        self.pages[path] = [made_from, written, sorted(links)]


def context_text(context: dict[str, Any]) -> str | None:
    """Everything a template is given, written out; None if something cannot be.

    ``data`` is left out (templates of reusable pages see only :class:`Shared`, which
    the memo's key holds), and so are plain functions (casework's code, in the key too).
    """
    parts = []
    for name in sorted(context):
        value = context[name]
        if name == "data" or (isinstance(value, types.FunctionType) and not value.__closure__):
            continue
        if callable(value):
            return None  # a function with state of its own: it cannot be told
        parts.append(f"{name}={value!r}")
    text = "\n".join(parts)
    if " at 0x" in text:  # an object written without its contents
        return None
    return text
