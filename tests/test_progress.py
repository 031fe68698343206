"""A progress line on long builds: on stderr, in place, and only when stderr is a terminal.

The command runs as a person would run it: a real process whose stderr is a
pseudo-terminal (the ``pty`` module), and again with stderr a pipe, as in CI.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen_repo import AS_OF, make_site_repo

CASEWORK = [sys.executable, "-m", "casework"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site_repo(tmp_path_factory.mktemp("progress") / "repo")


def _on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run with stderr on a pseudo-terminal; (exit code, stdout, what the terminal got)."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [*CASEWORK, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL
    )
    os.close(slave)
    screen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closed: the process is gone
                break
            if not chunk:
                break
            screen += chunk
        elif process.poll() is not None:
            break
    os.close(master)
    assert process.stdout is not None
    out = process.stdout.read().decode("utf-8")
    process.stdout.close()
    return process.wait(), out, screen.decode("utf-8")


@pytest.mark.slow
def test_site_build_shows_its_steps_on_a_terminal_and_clears_the_line(repo: Path) -> None:
    code, out, screen = _on_a_terminal(["site", "build", "--as-of", AS_OF.isoformat()], repo)
    assert code == 0, out + screen
    steps = [s for s in screen.split("\r\x1b[K") if s]
    assert steps[0].startswith("building the panel site: reading the records")
    assert any(s.startswith("building the panel site: generating pages") for s in steps)
    rendering = [s for s in steps if "rendering them with mkdocs" in s]
    assert len(rendering) == 1
    pages = int(out.split("(", 1)[1].split(" pages", 1)[0])
    assert f"generated {pages:,} pages" in rendering[0]
    assert any("checking them" in s for s in steps)
    assert screen.endswith("\r\x1b[K")  # the line is cleared before the summary
    assert "\n" not in screen.replace("\r\n", "")  # one line, updated in place
    assert out.startswith("built the panel site (") and "building" not in out


@pytest.mark.slow
def test_nothing_extra_when_stderr_is_not_a_terminal(repo: Path) -> None:
    done = subprocess.run(
        [*CASEWORK, "site", "build", "--as-of", AS_OF.isoformat()],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("built the panel site (")


@pytest.mark.slow
def test_casework_build_shows_the_timescales_step_and_the_site_steps(repo: Path) -> None:
    code, out, screen = _on_a_terminal(["build", "--as-of", AS_OF.isoformat()], repo)
    assert code == 0, out + screen
    assert "casework build: checking the timescales…" in screen
    assert "building the panel site: generated " in screen
    assert "== site" in out and "building" not in out
