"""The importer for bilingual line-by-line transcripts: English lines, some followed by a Mandarin
translation, no speaker labels. Every line is its own narration turn in its own language."""

from __future__ import annotations

from ..text.lang import detect_lang
from ..text.script import Chapter, Script, Turn
from .blocks import to_blocks
from .clean import drop_dangling_colon, strip_markup
from .labels import label_at_start


def looks_bilingual(text: str) -> bool:
    """Mostly one paragraph per line, a good share of English lines and of Mandarin lines, and
    Mandarin lines that follow English ones (translations)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) < 4:
        return False
    blank = text.count("\n\n")
    if blank > 0.2 * len(lines):
        return False
    if sum(1 for ln in lines[:2000] if label_at_start(ln)) * 2 >= min(len(lines), 2000):
        return False  # lines that open with speakers' labels are a transcript in two languages
    langs = [detect_lang(ln) for ln in lines[:2000]]
    en = langs.count("en")
    zh = langs.count("zh")
    pairs = sum(1 for a, b in zip(langs, langs[1:], strict=False) if a == "en" and b == "zh")
    # Translations follow the English line they translate.
    return en >= 0.25 * len(langs) and zh >= 0.03 * len(langs) and pairs >= 2 and pairs * 2 >= zh


def parse_bilingual(text: str, title: str = "", path: str | None = None) -> Script:
    blocks, _ = to_blocks(text, path=path)
    chapters = [Chapter(title="", line=1)]
    meta: dict[str, str] = {}
    weight = {"zh": 0, "en": 0}
    for b in blocks:
        if b.kind == "heading" or (b.kind == "bold" and b.level):
            if chapters[-1].turns or chapters[-1].title:
                chapters.append(Chapter(title=b.text, line=b.line))
            else:
                chapters[-1] = Chapter(title=b.text, line=b.line)
        elif b.kind == "meta":
            key, value = b.text.split("\t", 1)
            meta.setdefault(key, value)
        elif b.kind == "pause":
            if chapters[-1].turns:
                chapters[-1].turns[-1].pause_after_ms += b.value
        elif b.kind in ("text", "bold"):
            clean = drop_dangling_colon(strip_markup(b.text))
            if clean and any(ch.isalnum() for ch in clean):
                lang = detect_lang(clean)
                weight[lang] += len(clean)
                chapters[-1].turns.append(Turn(speaker=None, text=clean, lang=lang, line=b.line))
    language = "zh" if weight["zh"] >= weight["en"] else "en"
    for ch in chapters:  # evenly mixed lines take the script's language
        for t in ch.turns:
            t.lang = detect_lang(t.text, default=language)
    return Script(title=title or meta.get("title", ""), language=language, chapters=chapters, meta=meta,
                  source_format="bilingual")
