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


@pytest.mark.parametrize("name", sorted(SPECS))
def test_import_then_render_reads_the_same_chapters_and_turns(name):
    """`voicecast import` output is voicecast's own format: parsing it again gives back the same
    chapters, speakers and turns, so a user can fix the structure there and trust the rest."""
    from voicecast.parsing import parse_file, parse_text
    from voicecast.parsing.writer import to_markdown

    known = SPECS[name].get("known")
    script = parse_file(CORPUS / name, known_speakers=known)
    again = parse_text(to_markdown(script), known_speakers=known)
    assert [(c.title, [(t.speaker, t.text) for t in c.turns]) for c in again.chapters] == \
        [(c.title, [(t.speaker, t.text) for t in c.turns]) for c in script.chapters]
