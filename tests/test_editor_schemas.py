"""Schemas in the editor: 'casework init' wires the effective schemas for the YAML server."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from casework.editorschemas import GLOBS, SCHEMA_FOLDER, SETTINGS_FILE
from conftest import CASE, REFERRAL, Run
from lsp_client import SERVER, Client


def test_init_exports_the_schemas_and_maps_every_record_kind(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    repo = tmp_path / "council"
    run = cli("init", repo, "--preset", "bexley")
    assert run.code == 0, run.text
    settings = json.loads((repo / SETTINGS_FILE).read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for name, globs in GLOBS.items():
        assert mapping[f"./{SCHEMA_FOLDER}/{name}"] == globs
        assert (repo / SCHEMA_FOLDER / name).is_file()
    referral = json.loads((repo / SCHEMA_FOLDER / "referral.json").read_text(encoding="utf-8"))
    assert "bx_iro_drift" in referral["properties"]["criterion"]["enum"]  # the pack's own list


@pytest.mark.skipif(
    not SERVER.is_file(),
    reason="yaml-language-server is not installed (run scripts/install-test-tools)",
)
def test_the_yaml_language_server_flags_a_wrong_vocabulary_value_at_its_line(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    repo = tmp_path / "council"
    assert cli("init", repo, "--preset", "bexley").code == 0
    settings = json.loads((repo / SETTINGS_FILE).read_text(encoding="utf-8"))
    # as the editor sends it: the workspace's settings, relative paths from its root
    yaml_settings = {
        "schemas": {
            (repo / path).resolve().as_uri(): globs
            for path, globs in settings["yaml.schemas"].items()
        },
        "validate": True,
    }
    planted = "zq_planted_criterion_8812"
    text = REFERRAL.replace("criterion: bx_newly_looked_after", f"criterion: {planted}")
    line = text.splitlines().index(f"criterion: {planted}")  # zero-based, as in the protocol
    record = repo / "cases/C-0042/2026-03-05-referral.yaml"
    record.parent.mkdir(parents=True)
    record.write_text(text, encoding="utf-8")
    found = _diagnostics(repo, record, text, yaml_settings)
    assert [d["range"]["start"]["line"] for d in found] == [line], found
    assert "Valid values" in found[0]["message"]
    assert "bx_iro_drift" in found[0]["message"]  # the pack's own vocabulary


def _diagnostics(
    repo: Path, record: Path, text: str, yaml_settings: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """What the YAML language server reports on ``record`` opened with ``text`` in the
    workspace ``repo``, with the editor's ``yaml`` settings (None: validation only)."""
    client = Client({"yaml": yaml_settings or {"validate": True}})
    try:
        client.request(
            "initialize",
            {
                "processId": None,
                "rootUri": repo.as_uri(),
                "workspaceFolders": [{"uri": repo.as_uri(), "name": "council"}],
                "capabilities": {"workspace": {"configuration": True}},
            },
        )
        client.notify("initialized", {})
        if yaml_settings is not None:
            client.notify("workspace/didChangeConfiguration", {"settings": {"yaml": yaml_settings}})
        uri = record.as_uri()
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        found = client.diagnostics(uri)
    finally:
        client.close()
    return found


def _new_referral_line(cli: Callable[..., Run], repo: Path) -> str:
    """The first line 'casework new referral' writes in a repository made by init."""
    (repo / "cases/C-0042").mkdir(parents=True)
    (repo / "cases/C-0042/case.yaml").write_text(CASE, encoding="utf-8")
    run = cli("new", "referral", "--repo", repo, "--case", "C-0042", "--panel-date", "2026-03-05")
    assert run.code == 0, run.text
    written = repo / "cases/C-0042/2026-03-05-referral.yaml"
    return written.read_text(encoding="utf-8").splitlines()[0]


def test_new_records_name_their_schema_for_the_editor_and_validate_ignores_the_line(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    repo = tmp_path / "council"
    assert cli("init", repo, "--preset", "bexley").code == 0
    line = _new_referral_line(cli, repo)
    assert line == "# yaml-language-server: $schema=../../.casework/schemas/referral.json"
    record = repo / "cases/C-0042/2026-03-05-referral.yaml"
    assert (record.parent / line.split("=", 1)[1]).resolve() == (
        repo / SCHEMA_FOLDER / "referral.json"
    ).resolve()
    record.write_text(line + "\n" + REFERRAL, encoding="utf-8")
    run = cli("validate", "--repo", repo, record)
    assert run.code == 0, run.text
    # without the exported schemas there is no line to point at them
    bare = tmp_path / "bare"
    assert cli("init", bare, "--preset", "bexley").code == 0
    shutil.rmtree(bare / SCHEMA_FOLDER)
    assert not _new_referral_line(cli, bare).startswith("# yaml-language-server")


@pytest.mark.skipif(
    not SERVER.is_file(),
    reason="yaml-language-server is not installed (run scripts/install-test-tools)",
)
def test_the_schema_line_alone_gives_the_editor_the_schema(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    repo = tmp_path / "council"
    assert cli("init", repo, "--preset", "bexley").code == 0
    line = _new_referral_line(cli, repo)
    planted = "zq_planted_criterion_8812"
    text = (
        line + "\n" + REFERRAL.replace("criterion: bx_newly_looked_after", f"criterion: {planted}")
    )
    where = text.splitlines().index(f"criterion: {planted}")
    record = repo / "cases/C-0042/2026-03-05-referral.yaml"
    record.write_text(text, encoding="utf-8")
    found = _diagnostics(repo, record, text, None)  # no workspace settings: the line alone
    assert [d["range"]["start"]["line"] for d in found] == [where], found
    assert "bx_iro_drift" in found[0]["message"]
