"""The site engines: MkDocs with Material (the default) and Zensical, Material's successor.

Both read the same generated configuration (``.site-build/AUDIENCE/mkdocs.yml``)
and the same generated pages; casework runs no plugin of its own in either,
so moving engine is a flag, not a rewrite. Material ends its life on
2027-05-05; Zensical is pinned (the ``zensical`` extra) to the release that
installs from the package registry here.

Zensical builds only inside the folder of its configuration ("site_dir must
be within project root"), so it builds into ``site/`` beside the generated
configuration and the result is moved into the build's output slot. The same
sanitiser and outside-request check run on its output as on MkDocs'.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from casework.errors import CaseworkError, UsageError
from casework.sitegen.mkdocs_run import MkDocsRun, run_mkdocs

ENGINES = ("mkdocs", "zensical")
ZENSICAL_PIN = "0.0.73"


def _zensical_package() -> Path:
    try:
        import zensical  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise UsageError(
            "Zensical is not installed; install it with: pip install 'casework[zensical]' "
            f"(zensical {ZENSICAL_PIN}), or build with the default engine"
        ) from None
    return Path(zensical.__file__).resolve().parent


def run_zensical(config_file: Path, site_dir: Path) -> MkDocsRun:
    """Build with Zensical into ``site_dir`` (an empty folder); its warnings."""
    package = _zensical_package()
    work = config_file.parent
    own = work / "zensical.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["site_dir"] = "site"
    own.write_text(
        "# Written by 'casework site build --engine zensical'.\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    built = work / "site"
    shutil.rmtree(built, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "-f", own.name],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not (built / "index.html").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise CaseworkError(
            "Zensical could not build the site: " + " / ".join(detail or ["no message"])
        )
    site_dir.mkdir(parents=True, exist_ok=True)
    for entry in built.iterdir():
        shutil.move(str(entry), site_dir / entry.name)
    built.rmdir()
    custom = (config.get("theme") or {}).get("custom_dir")
    theme_dirs = [Path(custom)] if custom else []
    theme_dirs.append(package / "templates")
    warnings = [
        line.strip()
        for line in (done.stdout + done.stderr).splitlines()
        if "warning" in line.lower()
    ]
    return MkDocsRun(warnings, theme_dirs)


def run_engine(engine: str, config_file: Path, site_dir: Path) -> MkDocsRun:
    """Build the generated pages with the chosen engine into ``site_dir``."""
    if engine == "zensical":
        return run_zensical(config_file, site_dir)
    if engine != "mkdocs":
        raise UsageError(f"unknown site engine; use one of: {', '.join(ENGINES)}")
    return run_mkdocs(config_file)
