"""Word documents (DOCX) read as transcripts: heading styles become chapters, a bold run that opens
a paragraph and ends in a colon is a speaker label, and the document's title and author go into the
script's front matter. The text then goes through the transcript importer like any other."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from ..errors import ScriptError

_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题|標題|überschrift|titre)\s*(\d)$", re.I)


def is_docx(path: Path, head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and path.suffix.lower() in (".docx", ".docm")


def read_docx(path: Path) -> tuple[str, dict[str, str]]:
    """``(transcript text, metadata)`` of a Word document; a clear error for one that is not."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise ScriptError("reading .docx needs python-docx: `pip install python-docx`", str(path)) from None
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise ScriptError(f"not a readable Word document ({exc}); open it in Word and save it again as .docx",
                          str(path)) from None
    props = document.core_properties
    meta = {k: v for k, v in (("title", props.title or ""), ("author", props.author or "")) if v}
    lines = [_paragraph(p) for p in document.paragraphs]
    return "\n\n".join(line for line in lines if line), meta


def _paragraph(paragraph: Any) -> str:
    text = paragraph.text.strip()
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower() == "title":
        return f"# {text}"
    m = _HEADING_STYLE_RE.match(style.strip())
    if m:
        return f"{'#' * min(6, int(m.group(1)) + 1)} {text}"
    label = _bold_label(paragraph.runs)
    return f"**{label}** {text[len(label):].strip()}" if label else text


def _bold_label(runs: Any) -> str:
    """The bold text that opens the paragraph, when it ends with a colon (``**主持人：**``)."""
    bold = ""
    for run in runs:
        if not run.text:
            continue
        if not run.bold:
            break
        bold += run.text
    bold = bold.strip()
    return bold if bold.endswith((":", "：")) and len(bold) <= 40 else ""
