"""Turns inside one long line: where an inline label starts a new speaker's turn, and the section
headings that one-line copies leave between one turn's last sentence and the next label
(``…这就是我们的原因。 开源的未来 王明:您刚才提到…``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.charclass import han_count
from .headings import looks_like_heading
from .labels import ROLE_TITLES, inline_labels
from .speakers import QUOTING_RE, SpeakerTable

_TERMINAL = "。！？!?…；;."
# What ends a reply, never a heading: modal particles, and the short replies themselves.
_PARTICLE_END_RE = re.compile(r"[吧吗嗎呢啊呀嘛哦么麼啦了哈]$")
_REPLIES = {"谢谢", "謝謝", "好", "好的", "对", "對", "是的", "是", "嗯", "没错", "沒錯", "当然", "當然", "ok", "okay",
            "yes", "no", "yeah", "right", "sure", "thanks", "thank you", "well", "exactly", "absolutely"}


@dataclass(frozen=True)
class Piece:
    """One stretch of a line: ``speaker`` (``None`` narration) says ``text``; ``labelled_next``:
    a label follows it."""

    speaker: str | None
    text: str
    labelled_next: bool = False


def split_inline(text: str, table: SpeakerTable, speaker: str | None) -> list[Piece]:
    """The turns inside ``text``, starting with ``speaker``'s (the one speaking before it).

    A label at a turn boundary is taken when the table says it is a speaker; any label (also one
    in mid-clause, ``…，首先由基金会秘书长郑海涛发问:``) is taken when it ends with a confirmed
    speaker's name and what comes before the name is a title or nothing. Prose before a name
    (``童年的街道記者:``) stays the document's text."""
    pieces: list[Piece] = []
    start = 0
    for pos, end, name, at_turn in inline_labels(text):
        resolved = table.resolve(name) if at_turn else None
        before = ""
        if resolved is None:
            split = table.split_prefix(name)
            if split is None or (not at_turn and (split[0] or QUOTING_RE.search(name))):
                continue
            before, resolved = split
        pieces.append(Piece(speaker, text[start:pos] + before, labelled_next=True))
        speaker = resolved or None
        start = end
    pieces.append(Piece(speaker, text[start:]))
    return pieces


def trailing_heading(piece: Piece) -> tuple[str, str, bool] | None:
    """``(speech, heading, spaced)`` when a turn's text ends, after its last sentence, with a short
    phrase shaped like a heading and a label follows (``spaced``: set off by spaces, as copies of
    pages with headings are)."""
    if not piece.labelled_next:
        return None
    body = piece.text.rstrip()
    cut = max(body.rfind(ch) for ch in _TERMINAL)
    if cut < 0:
        return None  # the whole turn: a reply without punctuation, not a heading
    speech, fragment = body[: cut + 1], body[cut + 1 :]
    title = fragment.strip()
    if not title or not any(ch.isalnum() for ch in speech) or not heading_shaped(title):
        return None
    spaced = fragment[:1].isspace() and piece.text[len(body):][:1].isspace()
    return speech, title, spaced


def heading_shaped(text: str) -> bool:
    """Short, no punctuation of a clause, not a reply: ``开源的未来``, ``Voices and Consent``."""
    if not looks_like_heading(text) or re.search(r"[，,;；:：、\"“”]|[-—–]$", text):
        return False
    if text.lower() in _REPLIES or _PARTICLE_END_RE.search(text) or text.endswith(ROLE_TITLES):
        return False
    han = han_count(text)
    if han:
        return han >= 2
    words = text.split()
    return text[0].isupper() and len(words) <= 8 and sum(w[0].isupper() for w in words) * 2 > len(words)


def mostly_punctuated(pieces: list[Piece]) -> bool:
    """Do this document's turns end with sentence punctuation? Only then is an unpunctuated phrase
    before a label a heading rather than a sloppy copy's last sentence."""
    ends = [p.text.rstrip()[-1:] for p in pieces if p.labelled_next and p.text.strip()]
    return bool(ends) and sum(e in _TERMINAL for e in ends) * 2 >= len(ends)
