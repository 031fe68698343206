"""``casework init``: a new case repository from a preset, and the CI templates."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from casework.cli import build_parser
from casework.commands import init
from casework.paths import presets_dir

ROOT = Path(__file__).resolve().parent.parent
URL = "https://git.example.invalid/council/casework"


def git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid")
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    return env


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=git_env(), capture_output=True, text=True, check=True
    )
    return done.stdout


def test_list_names_every_preset(cli) -> None:
    run = cli("init", "--list")
    assert run.code == 0
    lines = run.out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "bcp",
        "bexley",
        "bolton",
        "kirklees",
        "leicestershire",
    ]
    assert "Kirklees Council" in run.out


def test_init_kirklees_then_validate_and_check(cli, tmp_path: Path) -> None:
    repo = tmp_path / "x"
    run = cli("init", repo, "--preset", "kirklees")
    assert run.code == 0, run.text
    for rel in (
        "cases/.gitkeep",
        "meetings/.gitkeep",
        "policies/pack.yaml",
        "policies/rules.yaml",
        "README.md",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".github/workflows/casework.yml",
        ".gitlab-ci.yml",
        "mkdocs.yml",
        "site/index.md",
    ):
        assert (repo / rel).is_file(), rel
    assert (repo / ".git").is_dir()
    assert cli("scan", "--repo", repo).code == 0
    salt = (repo / ".casework-allow.yaml").read_text(encoding="utf-8")
    assert "salt: " in salt and salt not in (ROOT / ".casework-allow.yaml").read_text("utf-8")
    preset = presets_dir() / "kirklees"
    files = [p.relative_to(preset).as_posix() for p in preset.rglob("*") if p.is_file()]
    _, mismatch, errors = filecmp.cmpfiles(repo / "policies", preset, files, shallow=False)
    assert mismatch == errors == []
    assert "Kirklees Council" in (repo / "README.md").read_text(encoding="utf-8")
    assert cli("validate", "--repo", repo).code == 0
    check = cli("check", "--repo", repo, "--format", "json")
    assert check.code == 0 and check.out.strip() == "[]"


def test_subprocess_init_validate_check(tmp_path: Path) -> None:
    repo = tmp_path / "y"
    command = [sys.executable, "-m", "casework"]
    for args in (
        ["init", str(repo), "--preset", "bexley"],
        ["validate", "--repo", str(repo)],
        ["check", "--repo", str(repo)],
    ):
        done = subprocess.run([*command, *args], capture_output=True, text=True)
        assert done.returncode == 0, (args, done.stdout, done.stderr)


def test_a_new_repository_accepts_a_first_commit(cli, tmp_path: Path) -> None:
    repo = tmp_path / "z"
    assert cli("init", repo, "--preset", "bolton").code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start")
    tracked = git(repo, "ls-files").split()
    assert "cases/.gitkeep" in tracked and "policies/rules.yaml" in tracked


def test_non_empty_folder_is_refused_and_left_alone(cli, tmp_path: Path) -> None:
    repo = tmp_path / "full"
    repo.mkdir()
    (repo / "notes.txt").write_text("keep me\n", encoding="utf-8")
    run = cli("init", repo, "--preset", "bexley")
    assert run.code == 2
    assert "not empty" in run.err and "--force" in run.err
    assert sorted(p.name for p in repo.iterdir()) == ["notes.txt"]


def test_force_adds_missing_files_and_never_overwrites(cli, tmp_path: Path) -> None:
    repo = tmp_path / "forced"
    assert cli("init", repo, "--preset", "bexley").code == 0
    (repo / "README.md").write_text("Our own README\n", encoding="utf-8")
    (repo / ".gitlab-ci.yml").unlink()
    run = cli("init", repo, "--preset", "bexley", "--force")
    assert run.code == 0, run.text
    assert (repo / "README.md").read_text(encoding="utf-8") == "Our own README\n"
    assert (repo / ".gitlab-ci.yml").is_file()
    assert "kept as it was: README.md" in run.out


def test_existing_repository_is_not_initialised_again(cli, tmp_path: Path) -> None:
    repo = tmp_path / "existing"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "commit", "-q", "--allow-empty", "-m", "first")
    head = git(repo, "rev-parse", "HEAD")
    run = cli("init", repo, "--preset", "bcp")
    assert run.code == 0, run.text
    assert "git init" not in run.out
    assert git(repo, "rev-parse", "HEAD") == head


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--preset", "nowhere"], ["no preset", "bcp, bexley, bolton, kirklees, leicestershire"]),
        ([], ["--preset", "kirklees"]),
    ],
    ids=["unknown", "missing"],
)
def test_bad_preset_is_a_usage_error_listing_presets(cli, tmp_path, args, words) -> None:
    run = cli("init", tmp_path / "new", *args)
    assert run.code == 2
    assert all(word in run.err for word in words), run.err
    assert not (tmp_path / "new").exists()


def test_folder_is_required(cli) -> None:
    run = cli("init", "--preset", "bexley")
    assert run.code == 2 and "casework init DIR" in run.err


def test_casework_url_is_written_into_hooks_and_ci(cli, tmp_path: Path) -> None:
    repo = tmp_path / "url"
    assert cli("init", repo, "--preset", "bexley", "--casework-url", URL).code == 0
    hooks = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["repo"] == URL
    assert [h["id"] for h in hooks["repos"][0]["hooks"]] == [
        "casework-validate",
        "casework-scan",
        "casework-audit",
        "casework-commit-msg",
    ]
    assert hooks["default_install_hook_types"] == ["pre-commit", "commit-msg"]
    github = yaml.safe_load((repo / ".github/workflows/casework.yml").read_text("utf-8"))
    assert github["env"]["CASEWORK_PIP"].startswith(f"casework @ git+{URL}@v")
    gitlab = yaml.safe_load((repo / ".gitlab-ci.yml").read_text("utf-8"))
    assert gitlab["variables"]["CASEWORK_PIP"] == github["env"]["CASEWORK_PIP"]
    for path in repo.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            assert "{{" not in path.read_text("utf-8").replace("${{", ""), path


def test_placeholder_left_and_explained_without_url(cli, tmp_path: Path) -> None:
    repo = tmp_path / "placeholder"
    run = cli("init", repo, "--preset", "bexley")
    assert init.URL_PLACEHOLDER in run.out
    for rel in (".pre-commit-config.yaml", ".github/workflows/casework.yml", ".gitlab-ci.yml"):
        text = (repo / rel).read_text(encoding="utf-8")
        assert init.URL_PLACEHOLDER in text and "CHANGE ME" in text, rel
    assert "Before the first push" in (repo / "README.md").read_text(encoding="utf-8")


def test_minimal_mkdocs_when_installed_without_a_checkout(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(init, "PACKAGE_DIR", tmp_path / "site-packages" / "casework")
    repo = tmp_path / "wheel"
    assert cli("init", repo, "--preset", "kirklees").code == 0
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Permanency Panel"
    assert "custom_dir" not in config["theme"]
    assert not (repo / "site" / "overrides").exists()


def test_own_mkdocs_and_theme_copied_from_a_checkout(cli, tmp_path: Path) -> None:
    repo = tmp_path / "checkout"
    assert cli("init", repo, "--preset", "bexley").code == 0
    assert (repo / "mkdocs.yml").read_bytes() == (ROOT / "mkdocs.yml").read_bytes()
    custom = yaml.safe_load((repo / "mkdocs.yml").read_text("utf-8"))["theme"].get("custom_dir")
    if custom:
        assert (repo / custom).is_dir()


def test_site_builds_in_a_new_repository(cli, tmp_path: Path) -> None:
    repo = tmp_path / "site"
    assert cli("init", repo, "--preset", "kirklees").code == 0
    run = cli("site", "build", "--repo", repo)
    assert run.code == 0, run.text
    assert (repo / "public" / "index.html").is_file()


# --- the CI templates -----------------------------------------------------------------


def load(path: Path) -> dict[Any, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def github_files(tmp_path: Path, cli) -> list[Path]:
    repo = tmp_path / "gh"
    assert cli("init", repo, "--preset", "bexley").code == 0
    return [repo / ".github/workflows/casework.yml", ROOT / ".github/workflows/casework.yml"]


def gitlab_files(tmp_path: Path, cli) -> list[Path]:
    repo = tmp_path / "gl"
    assert cli("init", repo, "--preset", "bexley").code == 0
    return [repo / ".gitlab-ci.yml", ROOT / ".gitlab-ci.yml"]


def steps_text(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in job["steps"])


def test_github_workflow(cli, tmp_path: Path) -> None:
    for path in github_files(tmp_path, cli):
        flow = load(path)
        triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads 'on' as true
        assert {"push", "pull_request", "schedule"} <= set(triggers), path
        assert triggers["schedule"][0]["cron"]
        validate, nightly = flow["jobs"]["validate"], flow["jobs"]["timescales"]
        for job in (validate, nightly):
            checkout = next(
                s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout")
            )
            assert checkout["with"]["fetch-depth"] == 0
            assert any(
                str(s.get("uses", "")).startswith("actions/setup-python") for s in job["steps"]
            )
            assert "pip install" in steps_text(job)
        text = steps_text(validate)
        for command in ("casework validate", "casework scan", 'casework audit --base "origin/'):
            assert command in text, (path, command)
        assert "schedule" not in validate["if"] and "schedule" in nightly["if"]
        text = steps_text(nightly)
        assert "casework check --format github" in text
        assert "--format json" in text and "--format markdown" in text
        upload = next(s for s in nightly["steps"] if "upload-artifact" in str(s.get("uses", "")))
        assert upload["with"]["path"].split() == ["casework-report.json", "casework-report.md"]
        assert upload["if"] == "always()"
    ours = load(ROOT / ".github/workflows/casework.yml")
    assert "pip install -e ." in steps_text(ours["jobs"]["validate"])


def test_gitlab_ci(cli, tmp_path: Path) -> None:
    for path in gitlab_files(tmp_path, cli):
        ci = load(path)
        assert ci["variables"]["GIT_DEPTH"] == "0"
        validate, nightly = ci["validate"], ci["timescales"]
        script = "\n".join(validate["script"])
        for command in ("casework validate", "casework scan", 'casework audit --base "origin/'):
            assert command in script, (path, command)
        assert validate["rules"][0] == {"if": '$CI_PIPELINE_SOURCE == "schedule"', "when": "never"}
        assert nightly["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
        script = "\n".join(nightly["script"])
        assert "casework check --format gitlab" in script
        assert "gl-code-quality-report.json" in script
        assert nightly["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
        assert "casework-report.json" in nightly["artifacts"]["paths"]
        assert nightly["artifacts"]["when"] == "always"
        assert "pip install" in "\n".join(ci["default"]["before_script"])
    assert load(ROOT / ".gitlab-ci.yml")["default"]["before_script"] == ["pip install -e ."]


def test_workflow_jobs_run_the_commands_casework_has() -> None:
    """Every casework option the templates use exists (argparse accepts it)."""
    parser = build_parser()
    for argv in (
        ["check", "--format", "github"],
        ["check", "--format", "gitlab", "--fail-on", "never", "--output", "x.json"],
        ["check", "--format", "markdown", "--fail-on", "never"],
        ["audit", "--base", "origin/main"],
        ["validate"],
        ["scan"],
    ):
        assert parser.parse_args(argv).command == argv[0]


def test_github_format_writes_the_job_summary(cli, tmp_path: Path, monkeypatch) -> None:
    """The nightly job's summary comes from 'casework check --format github' itself."""
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = cli("check", "--repo", ROOT, "--format", "github", "--as-of", "2026-11-22")
    assert run.code == 1 and "::error" in run.out
    text = summary.read_text(encoding="utf-8")
    assert "| " in text and "C-0115" in text and "BX13" in text


def test_init_walks_through_setting_up_a_deny_list(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The steps init prints, followed as written (the list's path moved to a temporary
    folder), give a deny list that the scan then uses, and init then says names are checked."""
    monkeypatch.delenv("CASEWORK_DENYLIST", raising=False)
    run = cli("init", str(tmp_path / "council"), "--preset", "bexley")
    assert run.code == 0
    steps = run.out.split("names: NOT checked yet - no deny list is configured.", 1)[1]
    make = next(line.strip() for line in steps.splitlines() if "--hash-name" in line)
    export = next(line.strip() for line in steps.splitlines() if line.strip().startswith("export"))
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    names = tmp_path / "names.txt"
    names.write_text("Darren Smith\n", encoding="utf-8")
    command = make.replace("< names.txt", f"< {names}").replace(
        "casework ", f"{sys.executable} -m casework ", 1
    )
    done = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    listed = subprocess.run(
        ["bash", "-c", f"{export} && echo $CASEWORK_DENYLIST"],
        env=env,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(listed).is_file() and Path(listed).parent == home
    assert "Darren" not in Path(listed).read_text(encoding="utf-8")  # hashes, never a name
    record = tmp_path / "council/cases/C-0042/case.yaml"
    record.parent.mkdir(parents=True)
    record.write_text("case_id: C-0042\nsummary: Father Darren Smith came.\n", encoding="utf-8")
    monkeypatch.setenv("CASEWORK_DENYLIST", listed)
    scan = cli("scan", "--repo", str(tmp_path / "council"), str(record))
    assert scan.code == 1
    assert "a name from the deny list" in scan.out
    again = cli("init", str(tmp_path / "second"), "--preset", "bexley")
    assert "names: checked against the deny list named by CASEWORK_DENYLIST" in again.out
    assert "NOT checked" not in again.out
