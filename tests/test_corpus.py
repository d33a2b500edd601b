"""Every layout in the hand-written corpus (tests/data/corpus) parses the way a careful editor reads it:
each label opens a turn of the right speaker, headings become chapters, junk is never spoken."""

from __future__ import annotations

import pytest
from corpus import CORPUS, expectations, score

SPECS = expectations()


def test_the_corpus_is_large_and_every_fixture_has_expectations():
    files = sorted(p.name for p in CORPUS.iterdir() if p.name != "expected.yaml")
    assert len(files) >= 25
    assert files == sorted(SPECS)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_fixture_parses_as_an_editor_reads_it(name):
    s = score(name, SPECS[name])
    assert not s.problems, s.problems
    assert not s.extra_turns, f"turns nobody wrote: {s.extra_turns}"
    assert not s.junk_spoken, f"junk spoken: {s.junk_spoken}"
    assert s.turns_right == s.turns_expected
