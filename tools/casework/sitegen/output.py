"""Publishing a build atomically: a lock, a folder beside the output, a swap at the end.

MkDocs writes into ``.<name>.casework-new`` beside the output folder (so on the
same file system); only when the build has passed every check is the old
folder renamed to ``.<name>.casework-old`` and the new one renamed into place.
The two renames run with SIGINT, SIGTERM and SIGHUP held back, and a build that
was killed outright between them (SIGKILL, a power cut) is repaired by the next
one, which puts the old folder back first. The old folder is left for the next
build, which deletes it while it generates and renders its pages (in a thread of
its own: deleting a large site is mostly waiting for the disk, which a build
need not do) and waits for that before it finishes. An
advisory lock (``fcntl.flock`` on ``.<name>.casework-lock`` beside the output)
stops a second build writing the same folder; it is released when the build
ends, however it ends, because the operating system closes the file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from casework.errors import UsageError

_HELD = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


@contextlib.contextmanager
def locked(lock_file: Path, what: str) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file`` or stop with exit 2 if another build has it."""
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise UsageError(
            f"cannot write in '{lock_file.parent}' ({_reason(exc)}); the site is built beside "
            "its output folder, so choose a folder you can write to with --output"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(
                f"another 'casework site build' is building {what} now; wait for it to "
                "finish, then build again"
            ) from None
        yield
    finally:
        os.close(fd)


class Slot:
    """The output folder of one build: where MkDocs writes, and the swap that publishes it."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.new = target.parent / f".{target.name}.casework-new"
        self.old = target.parent / f".{target.name}.casework-old"
        self.lock_file = target.parent / f".{target.name}.casework-lock"
        #: folders of previous sites being deleted, each by its own thread
        self._deleting: list[tuple[Path, threading.Thread]] = []

    def prepare(self) -> None:
        """Repair what a killed build left, start deleting the previous build's old folder
        (see :meth:`settle`), and start an empty folder for this one."""
        try:
            if self.old.exists():
                if not self.target.exists():
                    self.old.rename(self.target)  # killed between the two renames: undo
                else:
                    self._delete_aside(self.old)
            for left in sorted(self.target.parent.glob(f"{self._aside_prefix}*")):
                if all(left != path for path, _ in self._deleting):
                    self._delete_aside(left)  # left by a build that stopped before settling
            if self.new.exists():
                shutil.rmtree(self.new)
            self.new.mkdir(parents=True)
        except OSError as exc:
            raise UsageError(
                f"cannot write the site beside '{self.target}' ({_reason(exc)}); choose a "
                "folder you can write to with --output. The site there was not changed"
            ) from None

    @property
    def _aside_prefix(self) -> str:
        return f".{self.target.name}.casework-deleting-"

    def _delete_aside(self, folder: Path) -> None:
        """Rename ``folder`` aside (if it is not already) and delete it in a thread."""
        aside = folder
        if not folder.name.startswith(self._aside_prefix):
            aside = folder.with_name(f"{self._aside_prefix}{os.getpid()}-{len(self._deleting)}")
            folder.rename(aside)
        thread = threading.Thread(target=shutil.rmtree, args=(aside, True), daemon=True)
        thread.start()
        self._deleting.append((aside, thread))

    def settle(self) -> str | None:
        """Wait until the previous sites are deleted; a warning if one could not be."""
        deleting, self._deleting = self._deleting, []
        for _, thread in deleting:
            thread.join()
        left = [path for path, _ in deleting if path.exists()]
        if left:
            return (
                f"the previous site could not be deleted from '{left[0]}' (check the folder's "
                "permissions; the next build tries again)"
            )
        return None

    def publish(self) -> None:
        """Swap the new folder in (the old one is deleted by the next build's ``prepare``)."""
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
        try:
            try:
                if self.target.exists():
                    self.target.rename(self.old)
                self.new.rename(self.target)
            except OSError as exc:
                if self.old.exists() and not self.target.exists():
                    self.old.rename(self.target)
                raise UsageError(
                    f"cannot replace '{self.target}' ({_reason(exc)}); choose a folder you can "
                    "write to with --output. The site there was not changed"
                ) from None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def discard(self) -> None:
        """A build that failed or was interrupted: drop what it wrote."""
        shutil.rmtree(self.new, ignore_errors=True)


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """SIGTERM and SIGHUP end the build like Ctrl+C: cleanly, leaving the previous site."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}
    for number in (signal.SIGTERM, signal.SIGHUP):
        previous[number] = signal.signal(number, _raise_interrupt)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
