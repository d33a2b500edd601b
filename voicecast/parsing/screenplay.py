"""Screenplays, read the way one is performed. A document is one when it has a scene heading
(``INT. KITCHEN - EVENING``) or a transition (``FADE IN:``) and character cues: a name in capitals
alone on its line (``AMANDA (O.S.)``) with the character's lines right below it. Then each scene
heading is a chapter, transitions are never said, a cue's block is that character's speech, and
every other paragraph after the first scene or cue is action: the narrator's, even when it opens
with a character's name (``TYLER chops onions``).

Pure, and keeps the number of lines: the lines come back rewritten in the forms the transcript
reader knows (``## heading``, ``Name:``, ``Narrator: …``, a blank for a transition)."""

from __future__ import annotations

import re

_SLUG_RE = re.compile(r"^\s*(?:INT|EXT|INT\.?\s*/\s*EXT|EXT\.?\s*/\s*INT|I/E)\.?\s+[A-Z0-9].*$")
_TRANSITION_RE = re.compile(r"^\s*(?:FADE (?:IN|OUT|TO BLACK)|(?:SMASH |MATCH |JUMP )?CUT TO|DISSOLVE TO|"
                            r"WIPE TO|BACK TO|THE END)\s*[:.]?\s*$")
# "AMANDA", "DR. LEE (V.O.)", "AMANDA AND TYLER": capitals, up to four words, an extension in brackets.
_CUE_RE = re.compile(r"^\s*(?P<name>[A-Z][A-Z0-9'’.\-]*(?: [A-Z0-9][A-Z0-9'’.\-]*){0,3})\s*"
                     r"(?:\((?:O\.S\.|V\.O\.|O\.C\.|OS|VO|CONT['’]D|CONTINUING)\)\s*)*$")
NARRATOR = "Narrator"  # a narrator label (labels.NARRATOR_LABELS): its paragraph is narration


def _marker(line: str) -> bool:
    return bool(_SLUG_RE.match(line) or _TRANSITION_RE.match(line))


def _cue(lines: list[str], i: int) -> str | None:
    """The character a cue at line ``i`` names: it stands after a blank line (or a scene heading)
    and the character's first line is right below it."""
    m = _CUE_RE.match(lines[i])
    if m is None or _marker(lines[i]) or not any(ch.isalpha() for ch in m.group("name")):
        return None
    before = lines[i - 1].strip() if i else ""
    after = lines[i + 1].strip() if i + 1 < len(lines) else ""
    if (before and not _SLUG_RE.match(before)) or not after or _marker(after) or _CUE_RE.match(after):
        return None
    return m.group("name")


def is_screenplay(lines: list[str]) -> bool:
    """A scene heading or a transition, and cues naming two characters or more."""
    if not any(_marker(ln) for ln in lines):
        return False
    return len({c for i in range(len(lines)) if (c := _cue(lines, i))}) >= 2


def screenplay_lines(lines: list[str]) -> list[str]:
    """``lines`` rewritten as a transcript when they are a screenplay; otherwise as they were."""
    if not is_screenplay(lines):
        return lines
    out = list(lines)
    started = in_block = False  # past the first scene or cue; inside a paragraph
    for i, line in enumerate(lines):
        if not line.strip():
            in_block = False
        elif _SLUG_RE.match(line):
            out[i], started, in_block = f"## {line.strip()}", True, False
        elif _TRANSITION_RE.match(line):
            out[i], started, in_block = "", True, False
        elif (name := _cue(lines, i)) is not None:
            out[i], started, in_block = f"{name}:", True, True
        elif started and not in_block:
            out[i], in_block = f"{NARRATOR}: {line.strip()}", True
        else:
            in_block = True
    return out
