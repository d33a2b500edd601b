"""Writing a Script back out as voicecast's own Markdown format, for review and editing.

``parse(write(script))`` gives the same chapters and turns as ``script``.
"""

from __future__ import annotations

import re

import yaml

from ..text.script import Script
from .labels import label_at_start

_HEADING_START_RE = re.compile(r"^(#|\*\*|__|\[pause|//|<!--|---)", re.I)


def narrator_label(language: str) -> str:
    return "旁白" if language == "zh" else "Narrator"


def to_markdown(script: Script) -> str:
    front = {"title": script.title, "language": script.language}
    for key in ("author", "date", "site", "source", "source_url", "cover", "description"):
        if script.meta.get(key):
            front[key] = script.meta[key]
    lines = ["---", yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000).strip(), "---", ""]
    narrator = narrator_label(script.language)
    for index, chapter in enumerate(script.chapters):
        if chapter.title or index > 0:
            lines += [f"# {chapter.title or '…'}", ""]
        if chapter.pause_before_ms:
            lines += [f"[pause {chapter.pause_before_ms}ms]", ""]
        current: str | None = None
        for turn in chapter.turns:
            text = _protect(turn.text)
            if turn.speaker != current or (turn.speaker is not None and label_at_start(text)):
                label = turn.speaker if turn.speaker is not None else narrator
                text = f"{label}: {text}"
            elif turn.speaker is None and label_at_start(text):
                text = f"{narrator}: {text}"
            current = turn.speaker
            lines += [text, ""]
            if turn.pause_after_ms:
                lines += [f"[pause {turn.pause_after_ms}ms]", ""]
    return "\n".join(lines).rstrip() + "\n"


def _protect(text: str) -> str:
    """Text that would read as markup at the start of a paragraph gets a narrow escape."""
    return "\u200b" + text if _HEADING_START_RE.match(text) else text
