"""What the transcript importer decided and why, collected for ``voicecast parse --explain``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Trace:
    """Filled while a transcript is parsed: the speaker table (its candidates and their evidence)
    and every heading taken, with the rule that took it. Dropped junk is found by :mod:`.explain`."""

    table: Any = None  # the SpeakerTable of the parse
    headings: list[tuple[int | None, str, str]] = field(default_factory=list)  # (line, title, why)
    dropped: list[tuple[int | None, str, str]] = field(default_factory=list)  # (line, why, text)

    def heading(self, line: int | None, title: str, why: str) -> None:
        self.headings.append((line, title, why))

    def drop(self, line: int | None, why: str, text: str) -> None:
        self.dropped.append((line, why, text))
