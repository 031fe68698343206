"""The effective schemas wired into editors that speak the YAML language server protocol.

VS Code (with Red Hat's YAML extension), the GitLab Web IDE and other editors
read ``yaml.schemas`` from ``.vscode/settings.json``: each schema file with the
globs of the records it checks. The schemas themselves are written by
``casework schema export .casework/schemas`` (``casework init`` does it once).
"""

from __future__ import annotations

import json

#: where the exported schemas live in a case repository
SCHEMA_FOLDER = ".casework/schemas"
SETTINGS_FILE = ".vscode/settings.json"
EXTENSIONS_FILE = ".vscode/extensions.json"

#: schema file -> the records it checks (globs from the repository's root)
GLOBS: dict[str, list[str]] = {
    "case.json": ["cases/*/case.yaml"],
    "referral.json": ["cases/*/*-referral.yaml"],
    "decision.json": ["cases/*/*-decision.yaml"],
    "amendment.json": [
        "cases/*/*-amendment.yaml",
        "cases/*/*-amendment-*.yaml",
        "meetings/*-amendment.yaml",
        "meetings/*-amendment-*.yaml",
    ],
    "meeting.json": ["meetings/*-meeting.yaml"],
    "pack.json": ["policies/pack.yaml"],
    "rules.json": ["policies/rules.yaml"],
}


def settings() -> dict[str, object]:
    return {
        "yaml.schemas": {f"./{SCHEMA_FOLDER}/{name}": globs for name, globs in GLOBS.items()},
        "yaml.validate": True,
        "yaml.completion": True,
        "yaml.hover": True,
        "files.associations": {"*.yaml.j2": "yaml"},
    }


def settings_text() -> bytes:
    return (json.dumps(settings(), indent=2) + "\n").encode("utf-8")


def extensions_text() -> bytes:
    return (json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n").encode()
