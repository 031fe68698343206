"""Publishing a build atomically: a lock, a folder beside the output, a swap at the end.

MkDocs writes into ``.<name>.casework-new`` beside the output folder (so on the
same file system); only when the build has passed every check is the old
folder renamed to ``.<name>.casework-old``, the new one renamed into place and
the old one deleted. The two renames run with SIGINT, SIGTERM and SIGHUP held
back, and a build that was killed outright between them (SIGKILL, a power
cut) is repaired by the next one, which puts the old folder back first. An
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

    def prepare(self) -> None:
        """Repair what a killed build left, and start an empty folder for this one."""
        try:
            if self.old.exists():
                if not self.target.exists():
                    self.old.rename(self.target)  # killed between the two renames: undo
                else:
                    shutil.rmtree(self.old)
            if self.new.exists():
                shutil.rmtree(self.new)
            self.new.mkdir(parents=True)
        except OSError as exc:
            raise UsageError(
                f"cannot write the site beside '{self.target}' ({_reason(exc)}); choose a "
                "folder you can write to with --output. The site there was not changed"
            ) from None

    def publish(self) -> str | None:
        """Swap the new folder in; returns a warning if the old one could not be deleted."""
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
        try:
            if self.old.exists():
                shutil.rmtree(self.old)
        except OSError as exc:
            return f"the previous site could not be deleted from '{self.old}' ({_reason(exc)})"
        return None

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
