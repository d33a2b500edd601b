"""voicecast's own script format: Markdown with YAML front matter, ``#`` chapters, ``Name:`` turns,
``[pause 2s]`` directives and comments that are never spoken.

```
---
title: 检验节目
language: zh
---
# 第一章 开场
主持人: 欢迎收听本期节目。
```
A paragraph without a label continues the previous speaker (a new paragraph of the same speaker);
at the start of a chapter it is narration. ``旁白:`` / ``Narrator:`` switches to narration.
"""

from __future__ import annotations

import json
import re

import yaml

from ..errors import ScriptError
from ..text.script import Script
from .transcript import BuildOptions, build_script

_FRONT_RE = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_LINE_COMMENT_RE = re.compile(r"^[ \t]*//.*$", re.M)
FRONT_KEYS = {"title", "author", "language", "cover", "description", "date", "link", "voices", "subtitle"}


# Keys voicecast itself writes (parsing/writer.py) or reads.
OWN_KEYS = FRONT_KEYS | {"music", "site", "source", "source_url"}


def has_front_matter(text: str) -> bool:
    return bool(_FRONT_RE.match(text))


def own_front_matter(text: str) -> bool:
    """Front matter voicecast's own format has: a ``language:`` (voicecast writes one in every
    script), or only keys voicecast reads. A site's article (``tags:``, ``categories:``,
    ``original_url:``, as static-site generators and archives write them) is a web copy."""
    m = _FRONT_RE.match(text)
    if not m:
        return False
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return True  # voicecast's reader says what is wrong with it
    if not isinstance(data, dict):
        return True
    keys = {str(k) for k in data}
    return "language" in keys or keys <= OWN_KEYS


def _blank_out(match: re.Match) -> str:
    """Replace a comment with as many newlines as it spanned, so line numbers stay true."""
    return "\n" * match.group(0).count("\n")


def parse_front_matter(text: str, path: str | None = None) -> tuple[dict, str]:
    """``(fields, body)`` where body keeps blank lines in place of the front matter."""
    m = _FRONT_RE.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ScriptError(f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}", path,
                          (line + 2) if line is not None else 1) from None
    if not isinstance(data, dict):
        raise ScriptError("front matter must be `key: value` lines (title, author, language, …)", path, 2)
    # Every field is text; ``music`` (a mapping: planning/music.py) is kept as its JSON.
    fields = {str(k): ("" if v is None else json.dumps(v) if k == "music" and isinstance(v, dict) else str(v))
              for k, v in data.items()}
    lang = fields.get("language", "").lower().replace("_", "-")
    if lang and not (lang.startswith("zh") or lang.startswith("en")):
        raise ScriptError(f"language {fields['language']!r} is not supported; use zh or en", path, 2)
    body = "\n" * m.group(0).count("\n") + text[m.end():]
    return fields, body


def parse_markdown(text: str, title: str = "", known_speakers: dict[str, str] | None = None,
                   path: str | None = None) -> Script:
    fields, body = parse_front_matter(text, path)
    body = _HTML_COMMENT_RE.sub(_blank_out, body)
    body = _LINE_COMMENT_RE.sub("", body)
    lang = fields.get("language", "").lower()
    opts = BuildOptions(trust_labels=True, known_speakers=dict(known_speakers or {}), title_from_h1=False,
                        detect_loose_headings=False, language=(lang[:2] if lang else None))
    script = build_script(body, opts, fields.get("title") or title, path, "voicecast")
    for key, value in fields.items():
        if key != "title":
            script.meta[key] = value
    return script
