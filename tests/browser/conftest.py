"""Browser tests: Debian's chromium driven by Playwright against the built demo site.

The demo repository (cases/, meetings/, policies/, site/, mkdocs.yml) is copied
to a temporary folder and built once per test session, the panel site and (when
a test asks for it) the practitioners' procedures site, then served by a plain
static file server (python's http.server) on 127.0.0.1 at a random port. Every
request the browser makes is recorded so a test can prove none leaves the site.

Screenshots and PDFs go to the folder named by CASEWORK_ARTEFACTS, else to
"artefacts" in pytest's temporary folder of the run (pytest keeps the last three
runs' folders, under /tmp/pytest-of-USER/).
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from browser.site_support import (
    ARTEFACTS_ENV,
    CHROMIUM_ARGS,
    DEMO_AS_OF,
    DEMO_SOURCE,
    SERVED,
    DemoSite,
    chromium_path,
)
from casework.sitegen.build import build_site
from conftest import copy_demo


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    if not (DEMO_SOURCE / "policies" / "pack.yaml").is_file():
        pytest.fail(f"the demo policy pack is missing: no {DEMO_SOURCE}/policies/pack.yaml")
    root = copy_demo(tmp_path_factory.mktemp("demo") / "repo", DEMO_SOURCE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        [
            "-c",
            "user.name=Demo coordinator",
            "-c",
            "user.email=demo@example.invalid",
            "commit",
            "-q",
            "-m",
            "Demo records",
        ],
    ):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)
    output = root / "public"
    result = build_site(root, "panel", DEMO_AS_OF, output)
    assert result.warnings == []
    with _served(output) as url:
        yield DemoSite(root, output, url)


@contextmanager
def _served(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    SERVED.add(f"127.0.0.1:{server.server_address[1]}")
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def procedures_site(demo_site: DemoSite) -> Iterator[DemoSite]:
    """The practitioners' build (audience procedures) of the same demo repository."""
    output = demo_site.root / "public-procedures"
    result = build_site(demo_site.root, "procedures", DEMO_AS_OF, output)
    assert result.warnings == []
    with _served(output) as url:
        # its requests are recorded in the same list as the panel site's
        yield DemoSite(demo_site.root, output, url, demo_site.requests)


@pytest.fixture(scope="session")
def browser_context(
    demo_site: DemoSite, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[object]:
    executable = chromium_path()
    if not Path(executable).is_file():
        pytest.skip(
            f"chromium is not installed at {executable} (set CASEWORK_CHROMIUM, or run "
            "scripts/install-test-tools)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        context.on("request", lambda request: demo_site.requests.append(request.url))
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context):  # type: ignore[no-untyped-def]
    page = browser_context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        page.close()


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get(ARTEFACTS_ENV)
    folder = Path(chosen) if chosen else tmp_path_factory.getbasetemp() / "artefacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
