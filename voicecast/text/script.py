"""The script model: a title, chapters, and the speaker turns inside them.

Everything downstream (splitter, engines, assembler) works from these plain dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Paragraphs inside one turn are separated by this; the splitter turns it into a paragraph pause.
PARAGRAPH_BREAK = "\n\n"


@dataclass
class Turn:
    """One speaker's uninterrupted contribution.

    ``speaker`` is the canonical speaker name, ``None`` for narration. ``text`` is clean, speakable
    text; paragraphs inside the turn are separated by a blank line. ``lang`` is the dominant
    language, ``"zh"`` or ``"en"``. ``pause_after_ms`` is an explicit pause (``[pause 2s]``) that
    follows the turn. ``line`` is the 1-based source line the turn starts on (for error messages).
    """

    speaker: str | None
    text: str
    lang: str
    pause_after_ms: int = 0
    line: int | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split(PARAGRAPH_BREAK) if p.strip()]


@dataclass
class Chapter:
    """A titled run of turns. ``title`` is ``""`` for an untitled intro chapter."""

    title: str
    turns: list[Turn] = field(default_factory=list)
    line: int | None = None
    pause_before_ms: int = 0


@dataclass
class Script:
    """A whole episode: title, dominant language, metadata and chapters."""

    title: str
    language: str
    chapters: list[Chapter] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    source_format: str = "voicecast"
    path: str | None = None  # the file it was read from, if any (a cover image is found beside it)

    @property
    def speakers(self) -> list[str]:
        """Canonical speaker names in order of first appearance (narration excluded)."""
        seen: dict[str, None] = {}
        for chapter in self.chapters:
            for turn in chapter.turns:
                if turn.speaker is not None:
                    seen.setdefault(turn.speaker, None)
        return list(seen)

    def to_dict(self) -> dict:
        """The JSON shape of ``voicecast parse --json``."""
        return {
            "title": self.title,
            "language": self.language,
            "format": self.source_format,
            "meta": dict(self.meta),
            "speakers": self.speakers,
            "chapters": [
                {
                    "title": ch.title,
                    "turns": [
                        {
                            "speaker": t.speaker,
                            "lang": t.lang,
                            "text": t.text,
                            **({"pause_after_ms": t.pause_after_ms} if t.pause_after_ms else {}),
                        }
                        for t in ch.turns
                    ],
                }
                for ch in self.chapters
            ],
        }
