"""The one file lister: which files of a case repository are records, and reading them safely.

Every command, hook and the site asks this module which files to read, so a
file is treated the same way whether it is named on the command line or found
by walking the repository:

* Everything under ``cases/`` and ``meetings/`` is listed, whatever its name:
  a file there that is not a correctly named record is reported, never
  skipped. Placeholders (``.gitkeep``, ``.keep``, ``README.md``) are not
  records and are passed over both ways.
* ``policies/pack.yaml`` and ``policies/rules.yaml`` are records too.
* Only regular files are ever opened. A symbolic link, a named pipe (FIFO), a
  device, a socket, or a folder where a record belongs is a finding at that
  path; it is never followed or read, so nothing outside the repository is.
* A record larger than ``MAX_RECORD_BYTES`` is a finding, not read.

Reading goes through :func:`read_regular`, which opens without following a
symbolic link and without blocking on a pipe, checks that what it opened is a
regular file within the size limit, and only then reads it.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from casework.errors import CaseworkError

CASE_DIR = "cases"
MEETING_DIR = "meetings"
POLICY_DIR = "policies"
RECORD_DIRS = (CASE_DIR, MEETING_DIR)
PACK_FILES = (f"{POLICY_DIR}/pack.yaml", f"{POLICY_DIR}/rules.yaml")

# Files that keep an empty folder in git or explain a folder: not records.
PLACEHOLDERS = frozenset({".gitkeep", ".keep", "README.md"})

# The largest record casework reads: 1 MiB. The biggest preset file (a
# rules.yaml) is under 20 KiB; a case record with years of history is a few.
MAX_RECORD_BYTES = 1024 * 1024


class UnsafeFile(Exception):
    """A path that is not a regular, readable file within the size limit."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Refused:
    """A path where a record belongs that casework will not open, and why."""

    path: str
    message: str


def _what(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def special_message(mode: int) -> str:
    """Why a path of this type is refused, and what to do instead."""
    what = _what(mode)
    if stat.S_ISLNK(mode):
        return (
            "this is a symbolic link, not a file; casework never follows links, so a record "
            "cannot change behind its name. Replace the link with the file itself"
        )
    return f"this is {what}, not a file; casework reads only ordinary files. Remove it"


def too_big_message(size: int) -> str:
    return (
        f"this file is larger than the {MAX_RECORD_BYTES // 1024} KiB casework reads for one "
        f"record ({size // 1024} KiB); a record holds facts, not documents. Remove attached or "
        "pasted material and keep the record short"
    )


def _parts(rel: str) -> tuple[str, ...] | list[str]:
    """``PurePosixPath(rel).parts``, by splitting when the path is already normal (as every
    name git lists, or the lister finds, is): the hook asks this for thousands of names."""
    parts = rel.split("/")
    if "" in parts or "." in parts:  # a doubled, leading or trailing slash, or a "."
        return PurePosixPath(rel).parts
    return parts


def is_placeholder(rel: str) -> bool:
    """A placeholder inside a record folder (``cases/.gitkeep``): not a record."""
    parts = _parts(rel)
    return len(parts) >= 2 and parts[0] in RECORD_DIRS and parts[-1] in PLACEHOLDERS


def in_record_area(rel: str) -> bool:
    """Under ``cases/`` or ``meetings/``, or one of the pack files."""
    parts = _parts(rel)
    return (len(parts) >= 2 and parts[0] in RECORD_DIRS) or rel in PACK_FILES


def records_among(names: Iterable[str]) -> list[str]:
    """The record files among repository paths that are already normal, as git lists them
    (no empty or ``.`` parts): the names :func:`list_records` would give for them, in order.

    The same rule as :func:`in_record_area` and :func:`is_placeholder`, written for the
    thousands of names of a large repository's index.
    """
    return [
        name
        for name in names
        if (name.startswith(_RECORD_PREFIXES) and name.rpartition("/")[2] not in PLACEHOLDERS)
        or name in PACK_FILES
    ]


_RECORD_PREFIXES = tuple(f"{folder}/" for folder in RECORD_DIRS)


def inside(path: Path, root: Path) -> str | None:
    """``path`` relative to ``root`` (posix), or None when it lies outside.

    Only the path's folder is resolved, never the file itself, so a symbolic
    link named on the command line is judged as the link, not its target.
    """
    absolute = Path(os.path.abspath(path))
    try:
        parent = absolute.parent.resolve()
        rel = (parent / absolute.name).relative_to(root.resolve())
    except ValueError:
        return None
    posix = rel.as_posix()
    return None if posix in ("", ".") else posix


def list_records(root: Path) -> tuple[list[str], list[Refused]]:
    """Every record file under ``root`` (relative paths, sorted) and every refused path.

    Walks ``cases/`` and ``meetings/`` without following links; the pack
    files are looked at with ``lstat``. Placeholders are left out.
    """
    names: list[str] = []
    refused: list[Refused] = []
    for folder in RECORD_DIRS:
        _walk(root, folder, names, refused)
    try:
        policies = os.lstat(root / POLICY_DIR).st_mode
    except OSError:
        policies = stat.S_IFDIR
    if not stat.S_ISDIR(policies):
        refused.append(Refused(POLICY_DIR, special_message(policies)))
        return sorted(names), sorted(refused, key=lambda r: r.path)
    for rel in PACK_FILES:
        try:
            mode = os.lstat(root / rel).st_mode
        except OSError:
            continue
        if stat.S_ISREG(mode):
            names.append(rel)
        else:
            refused.append(Refused(rel, special_message(mode)))
    return sorted(names), sorted(refused, key=lambda r: r.path)


def names_under(root: Path, folder: str) -> list[str]:
    """The record files :func:`list_records` would list under ``folder`` (``cases/C-0042``),
    found by walking that folder alone: no folder on the way to it may be a link."""
    parts = _parts(folder)
    if not parts or parts[0] not in RECORD_DIRS:
        return [name for name in list_records(root)[0] if name.startswith(f"{folder}/")]
    for depth in range(1, len(parts)):
        try:
            if not stat.S_ISDIR(os.lstat(root.joinpath(*parts[:depth])).st_mode):
                return []
        except OSError:
            return []
    names: list[str] = []
    _walk(root, "/".join(parts), names, [])
    return sorted(names)


def _walk(root: Path, rel: str, names: list[str], refused: list[Refused]) -> None:
    try:
        mode = os.lstat(root / rel).st_mode
    except OSError:
        return
    if not stat.S_ISDIR(mode):
        refused.append(Refused(rel, special_message(mode)))
        return
    stack = [rel]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(root / current))
        except OSError as exc:
            refused.append(
                Refused(current, f"this folder cannot be read ({exc.strerror or 'no access'})")
            )
            continue
        for entry in entries:
            child = f"{current}/{entry.name}"
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(child)
                elif entry.is_file(follow_symlinks=False):
                    if not is_placeholder(child):
                        names.append(child)
                else:
                    mode = entry.stat(follow_symlinks=False).st_mode
                    refused.append(Refused(child, special_message(mode)))
            except OSError:
                refused.append(Refused(child, "this entry cannot be read; remove it"))


def entries_under(folder: Path) -> list[Path]:
    """Every entry under ``folder`` that is not a real folder (files, links to files or
    folders, special files), never following a link and never entering ``.git``.

    For commands that look at every file, not only records (``casework scan``):
    they report what they cannot read and never read outside the repository
    through a link.
    """
    found: list[Path] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            found.append(current)  # reported when it is read
            continue
        for entry in entries:
            path = current / entry.name
            try:
                real_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                real_folder = False
            if real_folder:
                if entry.name != ".git":
                    stack.append(path)
            else:
                found.append(path)
    return sorted(found)


def special_file(path: Path) -> str | None:
    """Why ``path`` (a link judged as the link) is not an ordinary file, or None if it is."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None  # missing or unreadable: reported when it is read
    return None if stat.S_ISREG(mode) else special_message(mode)


_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_regular(path: Path, limit: int = MAX_RECORD_BYTES) -> bytes:
    """The bytes of a regular file, never following a link or blocking on a pipe.

    Raises :class:`UnsafeFile` with a plain message for anything else: a link,
    a pipe, a device, a folder, a missing or unreadable file, or a file over
    ``limit`` bytes (checked before reading, and again while reading in case
    the file grows).
    """
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise UnsafeFile("the file does not exist; check the name and the folder") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeFile(special_message(stat.S_IFLNK)) from None
        if exc.errno == errno.EISDIR:
            raise UnsafeFile(special_message(stat.S_IFDIR)) from None
        raise UnsafeFile(
            f"the file cannot be read ({exc.strerror or 'operating system error'})"
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(special_message(info.st_mode))
        if info.st_size > limit:
            raise UnsafeFile(too_big_message(info.st_size))
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise UnsafeFile(too_big_message(total))
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UnsafeFile(
            f"the file cannot be read ({exc.strerror or 'operating system error'})"
        ) from None
    finally:
        os.close(fd)


def linked_folder(base: Path, path: Path) -> str | None:
    """The first folder between ``base`` (not itself) and ``path``, relative to ``base``,
    that is not an ordinary folder (a link to a folder elsewhere), or None."""
    try:
        parts = path.relative_to(base).parts
    except ValueError:
        return None
    current = base
    for depth, part in enumerate(parts[:-1], start=1):
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return None  # missing: reported when the page is read
        if not stat.S_ISDIR(mode):
            return "/".join(parts[:depth])
    return None


def check_folders(base: Path, path: Path) -> None:
    """Raise :class:`UnsafeFile` when a folder on the way from ``base`` to ``path`` is a
    link: every page under it would be read from wherever it points."""
    folder = linked_folder(base, path)
    if folder is not None:
        raise UnsafeFile(
            f"the folder '{folder}' on the way to it is a symbolic link; casework never "
            "follows links, so nothing outside the repository is read or published. "
            "Replace the link with the folder itself"
        )


def read_page(path: Path, shown: str, base: Path | None = None) -> bytes:
    """A hand-written site page or procedure page: an ordinary file, never a link, nor
    under a linked folder below ``base`` (so nothing outside the repository can be
    published), or a clear error naming it."""
    try:
        if base is not None:
            check_folders(base, path)
        return read_regular(path)
    except UnsafeFile as exc:
        raise CaseworkError(f"{shown}: {exc.message}") from None


def read_page_text(path: Path, shown: str, base: Path | None = None) -> str:
    """:func:`read_page` as UTF-8 text."""
    raw = read_page(path, shown, base)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CaseworkError(
            f"{shown}: this page is not UTF-8 text; save it as UTF-8 and build again"
        ) from None
