"""The presets are written in casework's own words: no page copies a seed.

The seeds in the shared domain folder are five councils' real procedures. The
presets encode their facts (figures, roles, timescales, clause numbers) but
must say them in our own plain English. This test compares every text a
preset ships (its procedure pages, and pack.yaml and rules.yaml, whose labels,
titles and descriptions the site shows) and every record template and
scaffold file against every seed, and fails on any run of ``RUN`` or more
consecutive words that appears in both.

Words are compared case-insensitively with punctuation stripped (apostrophes
are dropped, so "child's" and "childs" are one word). The only exclusion is
the list of official names in ``OFFICIAL_NAMES``: each occurrence counts as a
single word on both sides, so a copied sentence that contains a name is still
caught; only the name itself may match. Names are kept exact because a reader
must be able to find the post, the document or the Act they name.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from casework.paths import presets_dir

ROOT = Path(__file__).resolve().parent.parent
#: the seeds' folder (CASEWORK_SEEDS overrides it); without it the comparison is skipped,
#: and says so
SEEDS = Path(os.environ.get("CASEWORK_SEEDS", "/work/shared/domain/seeds"))
RUN = 8

#: Official names, kept word for word. Each is the exact title of a post, a
#: document or a law, which a page must give exactly for a reader to find it.
#: They are not sentences, and every other word around them must still differ.
OFFICIAL_NAMES = [
    # posts named in the seeds (Bexley 1.11; Kirklees 5; BCP 4; Bolton 5)
    "Head of Service for Looked After Children and Permanence",
    "Head of Service for Workforce Development and Quality Assurance",
    "Service Manager for Children in Care (Corporate Parenting)",
    "Head of Service, Looked After Children and Leaving Care",
    # services, by their names (Kirklees 1.2 and 5)
    "Early Intervention and Targeted Support",
    "Integrated Youth Support",
    # documents, by their titles (Bexley, Bolton, BCP)
    "Permanence Panel Protocol and Terms of Reference",
    "Bolton Gateway and Permanence Panel Terms of Reference",
    "Permanence Planning Tracking Meetings Terms of Reference",
    # laws, by their titles (the seeds cite them; so do the statutory rules)
    "Care Planning, Placement and Case Review (England) Regulations 2010",
]


def words(text: str) -> list[str]:
    """Lower-case words with punctuation stripped; apostrophes dropped inside words."""
    text = text.lower().replace("\u2019", "").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


_NAMES = sorted((words(name) for name in OFFICIAL_NAMES), key=len, reverse=True)


def tokens(text: str) -> list[str]:
    """The words of ``text``, each official name folded into one word of its own."""
    found = words(text)
    out: list[str] = []
    i = 0
    while i < len(found):
        for number, name in enumerate(_NAMES):
            if found[i : i + len(name)] == name:
                out.append(f"<official name {number}>")
                i += len(name)
                break
        else:
            out.append(found[i])
            i += 1
    return out


def _seed_runs() -> dict[tuple[str, ...], str]:
    runs: dict[tuple[str, ...], str] = {}
    for seed in sorted(SEEDS.glob("*.txt")):
        found = tokens(seed.read_text(encoding="utf-8", errors="replace"))
        for i in range(len(found) - RUN + 1):
            runs.setdefault(tuple(found[i : i + RUN]), seed.name)
    return runs


def shared_runs(text: str, seed_runs: dict[tuple[str, ...], str]) -> list[tuple[str, str]]:
    """Each longest run of ``RUN`` or more words ``text`` shares with a seed, and the seed."""
    found = tokens(text)
    hits: list[tuple[str, str]] = []
    i = 0
    while i + RUN <= len(found):
        seed = seed_runs.get(tuple(found[i : i + RUN]))
        if seed is None:
            i += 1
            continue
        end = i + RUN
        while end < len(found) and tuple(found[end - RUN + 1 : end + 1]) in seed_runs:
            end += 1
        hits.append((" ".join(found[i:end]), seed))
        i = end
    return hits


def _shipped_texts() -> list[Path]:
    texts: list[Path] = []
    for preset in sorted(presets_dir().iterdir()):
        texts += sorted((preset / "procedures").glob("*.md"))
        texts += [preset / "pack.yaml", preset / "rules.yaml"]
    package = ROOT / "tools" / "casework"
    texts += sorted((package / "templates").glob("*.j2"))
    texts += sorted(p for p in (package / "scaffold").rglob("*") if p.is_file())
    return texts


TEXTS = _shipped_texts()


@pytest.fixture(scope="module")
def seed_runs() -> dict[tuple[str, ...], str]:
    if not SEEDS.is_dir():
        pytest.skip(f"the seeds are not on this machine ({SEEDS})")
    runs = _seed_runs()
    assert runs, "the seeds hold no text"
    return runs


def test_every_preset_and_template_is_compared() -> None:
    presets = {p.parts[-3] for p in TEXTS if p.parent.name == "procedures"}
    assert presets == {"bcp", "bexley", "bolton", "kirklees", "leicestershire"}
    assert sum(p.suffix == ".md" and p.parent.name == "procedures" for p in TEXTS) >= 20
    assert any(p.suffix == ".j2" for p in TEXTS)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_run_of_words_is_copied_from_a_seed(
    path: Path, seed_runs: dict[tuple[str, ...], str]
) -> None:
    hits = shared_runs(path.read_text(encoding="utf-8"), seed_runs)
    assert not hits, "\n".join(f"{len(run.split())} words from {seed}: {run}" for run, seed in hits)


def test_the_comparison_catches_a_copied_sentence(seed_runs: dict[tuple[str, ...], str]) -> None:
    """A sentence lifted from a seed is caught, names or no names, whatever its case
    and punctuation; the same facts in other words are not."""
    copied = (
        "PANEL MEMBERS must declare any involvement -- or pre-existing knowledge -- of a "
        "case being presented in the meeting!"
    )
    assert shared_runs(copied, seed_runs)
    with_a_name = (
        "The head of service for looked after children and permanence is the substantive "
        "chair and the head of service for workforce development and quality assurance "
        "is vice chair."
    )
    assert shared_runs(with_a_name, seed_runs)
    assert not shared_runs(
        "A member who already knows a child on the agenda, or has worked with them, says so.",
        seed_runs,
    )
