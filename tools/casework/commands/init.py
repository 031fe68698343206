"""``casework init``: a new, empty case repository for one authority."""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from casework import __version__, editorschemas
from casework.commands.schema import export
from casework.errors import UsageError
from casework.paths import PACKAGE_DIR, presets_dir
from casework.privacy.denylist import DENYLIST_ENV
from casework.privacy.fingerprints import ALLOW_FILE
from casework.privacy.fingerprints import TEMPLATE as ALLOW_TEMPLATE
from casework.yamlload import LoadError, load

NAME = "init"
ORDER = 5
REPO_OPTION = False  # init makes a repository; it does not work in one
HELP = "create a new case repository with an authority's policy pack"
DESCRIPTION = (
    "Create a new, empty private case repository in DIR: cases/ and meetings/, the "
    "authority's policy pack in policies/, pre-commit hooks, CI files for GitHub and "
    "GitLab, and the intranet site's settings. Runs 'git init' unless DIR is already a "
    "repository. Existing files are never overwritten. 'casework init --list' lists the "
    "presets."
)

SCAFFOLD_DIR = PACKAGE_DIR / "scaffold"
#: the placeholder the CI files and hooks use until the authority names its casework copy
URL_PLACEHOLDER = "https://git.example.invalid/your-copy-of/casework"

#: scaffold file -> where it goes in the new repository (dot files are stored without the dot)
SCAFFOLD_FILES = {
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github/workflows/casework.yml": ".github/workflows/casework.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "site/index.md": "site/index.md",
}
KEEP = ("cases/.gitkeep", "meetings/.gitkeep")


@dataclass(frozen=True)
class Preset:
    name: str
    authority: str
    panel: str
    dir: Path


def presets() -> dict[str, Preset]:
    """The shipped presets, by name (the folder's name)."""
    found = {}
    for folder in sorted(p for p in presets_dir().iterdir() if (p / "pack.yaml").is_file()):
        try:
            pack = load(folder / "pack.yaml", f"presets/{folder.name}/pack.yaml").data
        except LoadError:
            continue
        found[folder.name] = Preset(
            folder.name, str(pack["authority"]), str(pack["panel"]["name"]), folder
        )
    return found


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", type=Path, metavar="DIR", help="the new repository")
    parser.add_argument("--preset", metavar="NAME", help="the authority's policy pack")
    parser.add_argument("--list", action="store_true", help="list the presets and stop")
    parser.add_argument(
        "--force",
        action="store_true",
        help="add the missing files to a folder that is not empty (never overwrites a file)",
    )
    parser.add_argument(
        "--casework-url",
        metavar="URL",
        help="the git address of your copy of casework, written into the hooks and CI files "
        "(default: a placeholder to replace)",
    )
    parser.add_argument(
        "--casework-rev",
        metavar="REV",
        help="the tag or commit of your copy of casework that the hooks use "
        f"(default: v{__version__}, this release)",
    )


def _preset_list(found: dict[str, Preset]) -> str:
    return ", ".join(found)


def run(args: argparse.Namespace) -> int:
    found = presets()
    if args.list:
        width = max(len(name) for name in found)
        for listed in found.values():
            print(f"{listed.name:<{width}}  {listed.authority}: {listed.panel}")
        return 0
    if args.dir is None:
        raise UsageError("give the folder for the new repository: casework init DIR --preset NAME")
    if not args.preset:
        raise UsageError(
            f"give the authority's preset with --preset; one of: {_preset_list(found)}"
        )
    preset = found.get(args.preset)
    if preset is None:
        raise UsageError(f"there is no preset of that name; use one of: {_preset_list(found)}")
    target: Path = args.dir.expanduser()
    if target.exists() and not target.is_dir():
        raise UsageError(f"'{target}' is a file, not a folder; choose another DIR")
    existing = [p for p in target.iterdir() if p.name != ".git"] if target.is_dir() else []
    if existing and not args.force:
        raise UsageError(
            f"the folder '{target}' is not empty; choose an empty folder, or add --force to "
            "add the missing files (existing files are never overwritten)"
        )
    target.mkdir(parents=True, exist_ok=True)
    files = planned_files(
        preset, args.casework_url or URL_PLACEHOLDER, args.casework_rev or f"v{__version__}"
    )
    written, kept = write_files(target, files)
    export(target, target / editorschemas.SCHEMA_FOLDER)
    initialised = git_init(target)
    report(target, preset, written, kept, initialised, args.casework_url is None)
    return 0


def planned_files(preset: Preset, casework_url: str, casework_rev: str) -> dict[str, bytes]:
    """Every file of the new repository, by relative path."""
    values = {
        "{{AUTHORITY}}": preset.authority,
        "{{PANEL}}": preset.panel,
        "{{PRESET}}": preset.name,
        "{{CASEWORK_URL}}": casework_url,
        "{{CASEWORK_REV}}": casework_rev,
    }
    files: dict[str, bytes] = {keep: b"" for keep in KEEP}
    for source in sorted(preset.dir.rglob("*")):
        if source.is_file() and "__pycache__" not in source.parts:
            files[f"policies/{source.relative_to(preset.dir).as_posix()}"] = source.read_bytes()
    for name, dest in SCAFFOLD_FILES.items():
        files[dest] = _render((SCAFFOLD_DIR / name).read_text(encoding="utf-8"), values)
    files.update(_site_config(values))
    # the scan's allow-list, with a salt of the new repository's own
    files[ALLOW_FILE] = ALLOW_TEMPLATE.format(salt=secrets.token_hex(32)).encode()
    # editors check records as they are typed, against the schemas 'casework init' exports
    files[editorschemas.SETTINGS_FILE] = editorschemas.settings_text()
    files[editorschemas.EXTENSIONS_FILE] = editorschemas.extensions_text()
    return files


def _render(text: str, values: dict[str, str]) -> bytes:
    for token, value in values.items():
        text = text.replace(token, value)
    return text.encode("utf-8")


def _site_config(values: dict[str, str]) -> dict[str, bytes]:
    """The site settings: casework's own mkdocs.yml and theme when installed from a
    checkout that has them, else the scaffold's minimal mkdocs.yml."""
    source_root = PACKAGE_DIR.parent.parent
    own = source_root / "mkdocs.yml"
    if not own.is_file():
        return {"mkdocs.yml": _render((SCAFFOLD_DIR / "mkdocs.yml").read_text("utf-8"), values)}
    files = {"mkdocs.yml": own.read_bytes()}
    overrides = source_root / "site" / "overrides"
    if overrides.is_dir():
        for path in sorted(overrides.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                rel = path.relative_to(source_root).as_posix()
                files[rel] = path.read_bytes()
    return files


def write_files(target: Path, files: dict[str, bytes]) -> tuple[list[str], list[str]]:
    """Write each file that does not exist yet; returns (written, kept as they were)."""
    written, kept = [], []
    for rel, content in files.items():
        path = target / rel
        if path.exists():
            kept.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as handle:
            handle.write(content)
        written.append(rel)
    return written, kept


def git_init(target: Path) -> bool | None:
    """``git init`` unless DIR is a repository already: True if run, False if not
    needed, None if git is not installed."""
    if (target / ".git").exists():
        return False
    git = shutil.which("git")
    if git is None:
        return None
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    result = subprocess.run(
        [git, "init", "--quiet", str(target)], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise UsageError(f"'git init' failed in '{target}': {result.stderr.strip()}")
    return True


def report(
    target: Path,
    preset: Preset,
    written: list[str],
    kept: list[str],
    initialised: bool | None,
    placeholder: bool,
) -> None:
    print(f"created a case repository for {preset.authority} in {target}")
    print(f"  {len(written)} files written; policy pack: the {preset.name} preset in policies/")
    for rel in kept:
        print(f"  kept as it was: {rel}")
    folder, settings = editorschemas.SCHEMA_FOLDER, editorschemas.SETTINGS_FILE
    print(
        f"  editors: the schemas are in {folder}/ and {settings} "
        "wires them to the records (re-export after changing the pack: casework schema export "
        f"{editorschemas.SCHEMA_FOLDER})"
    )
    if initialised:
        print("  ran 'git init'")
    elif initialised is None:
        print("  git is not installed: run 'git init' in the folder yourself", file=sys.stderr)
    print("next:")
    if placeholder:
        print(
            f"  replace {URL_PLACEHOLDER} in .pre-commit-config.yaml and the CI files with "
            "your copy of casework (README.md, 'Before the first push')"
        )
    print("  casework setup   (once per clone: installs the commit checks)")
    print("  casework validate && casework check")
    print("  casework desk    (the coordinators' desk in the browser)")
    for line in denylist_steps():
        print(line)


def denylist_steps() -> list[str]:
    """How to set up the deny list of names, step by step (or that it is set up)."""
    path = os.environ.get(DENYLIST_ENV)
    if path and Path(path).is_file():
        return [f"names: checked against the deny list named by {DENYLIST_ENV}"]
    return [
        "names: NOT checked yet - no deny list is configured. To set one up:",
        "  1. keep the deny list outside this repository, for example in your home folder",
        "  2. put the names to refuse in a text file, one per line, and turn them into the list",
        "     (only keyed hashes are kept, never a name):",
        "       casework scan --hash-name --denylist ~/casework-denylist.txt < names.txt",
        "     then delete names.txt",
        f"  3. set {DENYLIST_ENV} to the list's path in your shell profile (and as a protected",
        "     file variable in CI), for example:",
        f"       export {DENYLIST_ENV}=~/casework-denylist.txt",
        "  4. 'casework setup' and every commit then say 'names: checked'",
        "  (your information governance lead may already keep one: ask first)",
    ]
