"""The regression guard on real transcripts (../shared/corpus, scored as its README says): no
document may parse worse than its recorded floor in tests/data/gold_floors.json. The floors are
raised as the parser improves; lowering one needs a reason in the commit message."""

from __future__ import annotations

import json

import pytest
from conftest import DATA
from gold import SHARED_CORPUS, gold, score_file

FLOORS = json.loads((DATA / "gold_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def specs():
    if not (SHARED_CORPUS / "gold.json").is_file():
        pytest.skip(f"the shared corpus is not beside the repo ({SHARED_CORPUS}); CI always has it")
    return gold()


def test_every_document_has_a_floor(specs):
    assert sorted(FLOORS) == sorted(specs)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_document_parses_worse_than_its_floor(specs, name):
    s = score_file(SHARED_CORPUS, name, specs[name])
    floor = FLOORS[name]
    assert not s.error, s.error
    assert s.right >= floor["right"], s.to_json()
    assert len(s.split) <= floor["split"], s.split
    assert len(s.merged) <= floor["merged"], s.merged
    assert sum(s.strangers.values()) <= floor["stranger_turns"], s.strangers
    assert len(s.headings_spoken) <= floor["headings_spoken"], s.headings_spoken
    assert len(s.furniture_spoken) <= floor["furniture_spoken"], s.furniture_spoken
