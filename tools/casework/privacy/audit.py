"""Append-only records: referrals, decisions, amendments and meetings never change.

Once committed, such a record is never modified, renamed or deleted; a
correction is a new amendment record that names the original and gives a
reason. Case records (``case.yaml``), policies and everything else may change.

The changes come from ``git diff --raw -M`` (``BASE...HEAD``: from the
merge base, so records added on the base branch since do not look deleted) or
``git diff --cached --raw -M`` for the pre-commit hook. A rename is a
change.

The one exception is a pseudonym key rotation (``--allow-rotation`` or
``CASEWORK_ALLOW_ROTATION=1``): a record moved from one case folder to another
whose only change is the old case id (and the pseudonyms built from its
digits) replaced by the new one, and a meeting record whose only change is
the same replacement, are accepted and counted; anything else still fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from casework import gitlog
from casework.errors import Location, UsageError
from casework.problems import Problem
from casework.records import classify
from casework.repofiles import in_record_area

PROTECTED = frozenset({"referral", "decision", "amendment", "meeting"})
ROTATION_ENV = "CASEWORK_ALLOW_ROTATION"
_CASE_FOLDER = re.compile(r"^cases/(C-([0-9]{4,8}))/")


@dataclass(frozen=True)
class Change:
    status: str  # A, M, D, R or T (a change of type: a file became a link, say)
    path: str  # the path before the change (for A: the new path)
    new_path: str | None = None  # for R: the path after
    new_mode: str = "100644"  # git's mode after the change: 120000 is a symbolic link


@dataclass(frozen=True)
class Base:
    ref: str  # what the user (or the default) named
    commit: str  # the commit compared with
    how: str  # how it was chosen, for the note


@dataclass(frozen=True)
class AuditResult:
    problems: list[Problem]
    rotated: int
    checked: int


def record_kind(path: str, root: Path) -> str | None:
    named = classify(root / path, root)
    return None if isinstance(named, Problem) else named.kind


def parse_raw(output: bytes) -> list[Change]:
    """``git diff --raw -z`` output as changes, with the file mode after each change."""
    fields = output.decode("utf-8", "replace").split("\0")
    changes: list[Change] = []
    index = 0
    while index < len(fields) and fields[index].startswith(":"):
        meta = fields[index][1:].split()
        new_mode, status = meta[1], meta[4][:1]
        if status in ("R", "C"):
            changes.append(Change(status, fields[index + 1], fields[index + 2], new_mode))
            index += 3
        else:
            changes.append(Change(status, fields[index + 1], None, new_mode))
            index += 2
    return changes


def resolve_base(root: Path, ref: str | None) -> Base:
    """The commit to compare HEAD with: the merge base of REF (or the upstream) and HEAD."""
    require_git(root)
    if gitlog.run(["rev-parse", "--verify", "-q", "HEAD"], root, check=False).returncode:
        raise UsageError("this repository has no commits yet; nothing to audit")
    if ref is not None:
        how = f"the merge base of HEAD and {ref}"
    else:
        upstream = gitlog.run(
            ["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"],
            root,
            check=False,
        )
        if upstream.returncode == 0:
            ref = upstream.stdout.decode().strip()
            how = f"the merge base of HEAD and its upstream branch {ref}"
        else:
            for candidate in ("origin/main", "main"):
                if _commit(root, candidate):
                    ref = candidate
                    how = f"the merge base of HEAD and {candidate} (this branch has no upstream)"
                    break
            else:
                raise UsageError(
                    "cannot tell what to compare with: this branch has no upstream and there is "
                    "no origin/main or main; pass --base REF (for example --base origin/main)"
                )
    if not _commit(root, ref):
        raise UsageError(
            f"'{ref}' is not a commit in this repository; check the name, and in CI fetch the "
            "full history (GitLab: GIT_DEPTH: 0; GitHub: fetch-depth: 0)"
        )
    merge_base = gitlog.run(["merge-base", ref, "HEAD"], root, check=False)
    if merge_base.returncode:
        raise UsageError(
            f"HEAD and '{ref}' have no common history here (a shallow clone?); fetch the full "
            "history (git fetch --unshallow) and run again"
        )
    return Base(ref, merge_base.stdout.decode().strip(), how)


def _commit(root: Path, ref: str) -> bool:
    done = gitlog.run(["rev-parse", "--verify", "-q", f"{ref}^{{commit}}"], root, check=False)
    return done.returncode == 0


def committed_changes(root: Path, base: Base) -> list[Change]:
    out = gitlog.run(["diff", "--relative", "--raw", "-M", "-z", base.commit, "HEAD", "--"], root)
    return parse_raw(out.stdout)


def require_git(root: Path) -> None:
    if not gitlog.is_repository(root):
        raise UsageError(
            f"'{root}' is not in a git repository; the audit compares commits, so run it in "
            "a clone of the case repository"
        )


def staged_changes(root: Path) -> list[Change]:
    require_git(root)
    # keep the hook's environment: 'git commit -a' and 'git commit PATH' stage into a
    # temporary index named by GIT_INDEX_FILE
    out = gitlog.run(
        ["diff", "--cached", "--relative", "--raw", "-M", "-z", "--"],
        root,
        keep_hook_env=True,
    )
    return parse_raw(out.stdout)


class Contents:
    """Blob text before and after, read only for a rotation check."""

    def __init__(self, root: Path, before: str, after: str | None) -> None:
        self.root, self.before, self.after = root, before, after  # after None: the index

    def old(self, path: str) -> str:
        return self._show(f"{self.before}:./{path}")  # ./ : relative to the repository folder

    def new(self, path: str) -> str:
        return self._show(f"{self.after}:./{path}" if self.after else f":./{path}")

    def _show(self, spec: str) -> str:
        done = gitlog.run(["show", spec], self.root, keep_hook_env=self.after is None, check=False)
        return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else "\0missing"


def _rotation_map(changes: list[Change]) -> dict[str, str]:
    """Old case id -> new case id, from records moved between case folders."""
    pairs: set[tuple[str, str]] = set()
    deleted: dict[str, list[str]] = {}
    for change in changes:
        if change.status == "R" and change.new_path:
            old, new = _CASE_FOLDER.match(change.path), _CASE_FOLDER.match(change.new_path)
            if old and new and old.group(1) != new.group(1):
                pairs.add((old.group(1), new.group(1)))
        elif change.status == "D" and (match := _CASE_FOLDER.match(change.path)):
            deleted.setdefault(PurePosixPath(change.path).name, []).append(match.group(1))
    for change in changes:
        if change.status == "A" and (match := _CASE_FOLDER.match(change.path)):
            for old_id in deleted.get(PurePosixPath(change.path).name, []):
                if old_id != match.group(1):
                    pairs.add((old_id, match.group(1)))
    mapping: dict[str, str] = {}
    for old_id, new_id in sorted(pairs):
        mapping.setdefault(old_id, new_id)
    return mapping


def _rotate(text: str, mapping: dict[str, str]) -> str:
    if not mapping:
        return text
    digits = {old[2:]: new[2:] for old, new in mapping.items()}
    pattern = re.compile(r"(?<![0-9A-Za-z])([A-Z]{1,3})-(" + "|".join(digits) + r")(?![0-9])")
    return pattern.sub(lambda m: f"{m.group(1)}-{digits[m.group(2)]}", text)


def audit(
    root: Path,
    changes: list[Change],
    contents: Contents | None,
    allow_rotation: bool,
    original: str,
) -> AuditResult:
    """Problems for every protected record changed, renamed or deleted."""
    mapping = _rotation_map(changes) if allow_rotation else {}
    added = {c.path for c in changes if c.status == "A"}
    problems: list[Problem] = []
    rotated = 0
    for change in changes:
        if change.status != "D" and change.new_mode not in _ORDINARY:
            shown = change.new_path or change.path
            if in_record_area(shown):
                problems.append(_not_a_file(change, shown))
                continue
        if change.status == "A":
            continue
        kind = record_kind(change.path, root)
        new_kind = record_kind(change.new_path, root) if change.new_path else None
        if kind not in PROTECTED and new_kind not in PROTECTED:
            continue
        if allow_rotation and contents is not None:
            target = _rotation_target(change, mapping, added)
            if target and _rotate(contents.old(change.path), mapping) == contents.new(target):
                rotated += 1
                continue
        problems.append(_problem(change, kind or new_kind or "record", bool(mapping), original))
    return AuditResult(problems, rotated, len(changes))


def _rotation_target(change: Change, mapping: dict[str, str], added: set[str]) -> str | None:
    if change.status == "R":
        return change.new_path
    if change.status == "M":
        return change.path
    if change.status == "D":
        match = _CASE_FOLDER.match(change.path)
        if match and match.group(1) in mapping:
            moved = f"cases/{mapping[match.group(1)]}/{PurePosixPath(change.path).name}"
            return moved if moved in added else None
    return None


_ORDINARY = frozenset({"100644", "100755"})


def _not_a_file(change: Change, path: str) -> Problem:
    what = "a symbolic link" if change.new_mode == "120000" else "not an ordinary file"
    return Problem(
        Location(path),
        f"this is {what} where a record belongs; casework never follows links, so a record "
        "could change behind its name. Commit the file itself instead "
        f"(git rm --cached {path}, replace the link with the file, git add it)",
        code="special-file",
    )


_FIX = (
    "records are append-only: put the original back and record the correction as a new "
    "amendment record (casework new amendment) that names the record amended and the reason"
)

_FIX_MEETING = (
    "records are append-only: put the original back and record the correction as an "
    "amendment in meetings/ that names the meeting (casework new amendment --amends "
    "YYYY-MM-DD-meeting)"
)


def _problem(change: Change, kind: str, rotation: bool, original: str) -> Problem:
    """``original``: the commit that holds the record as it was (HEAD when staged)."""
    where = Location(change.path)
    restore = f"git checkout {original} -- {change.path}"
    fix = _FIX_MEETING if kind == "meeting" else _FIX
    if change.status == "D":
        message = (
            f"this {kind} record was deleted; records are never deleted. Restore it "
            f"({restore}) and commit"
        )
    elif change.status == "R":
        message = (
            f"this {kind} record was renamed to {change.new_path}; a rename counts as a "
            f"change. Rename it back ({restore}, then remove the new name); {fix}"
        )
    else:
        message = (
            f"this {kind} record was modified after it was committed; {fix}. To put the "
            f"original back: {restore} (copy your correction first)"
        )
    if not rotation and change.status in ("D", "R") and _CASE_FOLDER.match(change.path):
        message += (
            ". If this is a reviewed pseudonym key rotation, run with --allow-rotation "
            "(casework's docs/security-and-privacy.md)"
        )
    elif rotation:
        message += ". As a key rotation it changes more than the case id"
    return Problem(where, message, code="append-only")
