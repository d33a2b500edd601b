"""A screenplay is read the way one is performed: each scene heading (INT./EXT.) a chapter,
transitions (FADE IN:, CUT TO:) never said, a character's lines the block right under the cue, and
every other paragraph (the action) the narrator's, even the ones that start with a character's name."""

from __future__ import annotations

from voicecast.parsing import parse_text
from voicecast.parsing.screenplay import screenplay_lines

SCRIPT = """Friday, January 11, 2008

FADE IN:

INT. KITCHEN - EVENING
TYLER chops onions at the stove.

AMANDA (O.S.)
You should turn on the lights.

TYLER
I would rather not.

Tyler tosses the onions into the pan.

AMANDA
There is no soup.

AMANDA AND TYLER
It's an expression.

She grabs a plate.

CUT TO:

EXT. STREET - NIGHT

TYLER
(quietly)
Soup's on.
"""


def _turns(text):
    return [(ch.title, t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]


def test_cues_scenes_and_action():
    turns = _turns(SCRIPT)
    said = [(s, t) for _, s, t in turns]
    assert ("AMANDA", "You should turn on the lights.") in said
    assert ("TYLER", "I would rather not.") in said
    assert (None, "Tyler tosses the onions into the pan.") in said
    assert (None, "She grabs a plate.") in said
    assert ("AMANDA AND TYLER", "It's an expression.") in said
    assert ("TYLER", "Soup's on.") in said
    assert {title for title, _, _ in turns} >= {"INT. KITCHEN - EVENING", "EXT. STREET - NIGHT"}
    spoken = " ".join(t for _, _, t in turns)
    assert "FADE IN" not in spoken and "CUT TO" not in spoken and "INT." not in spoken and "(O.S.)" not in spoken


def test_keeps_the_line_count():
    assert len(screenplay_lines(SCRIPT.split("\n"))) == len(SCRIPT.split("\n"))


def test_a_transcript_with_names_alone_on_lines_is_no_screenplay():
    """Without scene headings or transitions, a name alone on its line is a podcast's label and its
    turn goes on over several paragraphs."""
    text = "LEX\nWelcome back.\n\nThis is the second paragraph of my turn.\n\nSAM\nThanks.\n\nLEX\nSo.\n\nSAM\nYes.\n"
    assert screenplay_lines(text.split("\n")) == text.split("\n")
    assert [s for _, s, _ in _turns(text)] == ["LEX", "LEX", "SAM", "LEX", "SAM"]
