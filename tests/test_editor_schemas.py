"""Schemas in the editor: 'casework init' wires the effective schemas for the YAML server."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from casework.editorschemas import GLOBS, SCHEMA_FOLDER, SETTINGS_FILE
from conftest import REFERRAL, Run
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
    client = Client({"yaml": yaml_settings})
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
        client.notify("workspace/didChangeConfiguration", {"settings": {"yaml": yaml_settings}})
        uri = record.as_uri()
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        found = client.diagnostics(uri)
    finally:
        client.close()
    assert [d["range"]["start"]["line"] for d in found] == [line], found
    assert "Valid values" in found[0]["message"]
    assert "bx_iro_drift" in found[0]["message"]  # the pack's own vocabulary
