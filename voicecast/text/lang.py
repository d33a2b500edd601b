"""Language helpers shared by the parser, the splitter and the reading front end: which script a
character is, which language a piece of text is mostly in, how to join wrapped lines, and jieba
(its dictionary's words and, kept in the models dir, its part-of-speech table)."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from .charclass import CJK_RE, HAN

# Han ideographs (CJK unified + extension A + compatibility); kana is not expected but counts as CJK.
_CJK_RE = CJK_RE
_LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*")
# Mandarin grammar around English words: a Han character touching a Latin letter or digit with no
# space between (和, 的, 用…), or a full-width sentence mark. English prose sets a Chinese term off
# with spaces and ends with its own punctuation.
_HAN_GRAMMAR_RE = re.compile(rf"[A-Za-z0-9][{HAN}]|[{HAN}][A-Za-z0-9]|[。，！？、；：]")


def cjk_count(text: str) -> int:
    return len(_CJK_RE.findall(text))


def latin_word_count(text: str) -> int:
    return len(_LATIN_WORD_RE.findall(text))


def detect_lang(text: str, default: str = "zh") -> str:
    """``"zh"`` or ``"en"``: the language most of the spoken syllables of ``text`` are in.

    A Han character is one syllable, an English word about one and a half; Mandarin text that
    mentions GPT-4 or Sam Altman stays Mandarin.
    """
    han = cjk_count(text)
    words = latin_word_count(text) * 1.5
    if han == 0 and words == 0:
        return default
    if han and words and han * 6 >= words and _HAN_GRAMMAR_RE.search(text):
        return "zh"  # "OpenAI和API。": Han glued to the English words, or a Chinese sentence mark
    if han and words and 0.5 <= han / words < 1.0:
        return default  # evenly mixed: the caller's (the script's) language decides
    return "zh" if han >= words else "en"


def _is_wordish(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "'’\"),.;:!?%")


def join_wrapped(lines: list[str]) -> str:
    """Join lines that a web page wrapped: with a space between English words, with nothing
    between Chinese ones, and with nothing after a hyphen that split a URL or word."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        prev, nxt = out[-1], line[0]
        if prev == "-" and len(out) > 1 and out[-2].isalnum() and nxt.isalnum():
            out += line
        elif _is_wordish(prev) and (nxt.isascii() and (nxt.isalnum() or nxt in "\"'(")):
            out += " " + line
        elif prev in ",.;:!?" and prev.isascii() and nxt.isascii():
            out += " " + line
        else:
            out += line
    return out


def word_count(word: str) -> int:
    """How often jieba's dictionary counts ``word`` (0 for a word it does not know)."""
    jieba = jieba_quiet()
    jieba.initialize()
    return jieba.dt.FREQ.get(word) or 0


def names_a_person(word: str) -> bool:
    """Whether jieba's dictionary tags ``word`` as a person's name (杨澜 nrfg, 白岩松 nr). Loads
    jieba's part-of-speech table (kept in the models dir after the first time), so ask only after
    cheaper checks."""
    return str(posseg().dt.word_tag_tab.get(word, "")).startswith("nr")


@lru_cache(maxsize=1)
def jieba_quiet():
    """jieba (Chinese word segmentation), with its dictionary-loading chatter silenced (it is not
    ours to print). Loaded on first use."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


_POSSEG_LOCK = threading.Lock()


def posseg(models_dir: Path | None = None):
    """``jieba.posseg``. Importing it re-reads jieba's 5 MB dictionary text to build its word → tag
    table (0.6-0.8 s of every start, holding the GIL while the model loads). The table is kept in
    the models dir after the first start (marshal, keyed by the dictionary's size and time) and
    the import skips the re-read. Loaded once; ``models_dir`` matters on the first call."""
    import sys

    module = sys.modules.get("jieba.posseg")
    if module is not None and hasattr(module, "dt"):
        return module
    with _POSSEG_LOCK:
        module = sys.modules.get("jieba.posseg")
        if module is not None and hasattr(module, "dt"):
            return module
        from ..store import models_dir as default_models_dir

        return _import_posseg(models_dir or default_models_dir())


def _import_posseg(models_dir: Path):
    import io

    from ..store import keep_table, read_kept_table

    jieba = jieba_quiet()
    source = Path(jieba.__file__).with_name("dict.txt")
    if jieba.dt.dictionary != jieba.DEFAULT_DICT or not source.is_file():
        import jieba.posseg as pseg  # a custom dictionary: jieba's own way

        return pseg
    st = source.stat()
    cached = models_dir / f"jieba-pos-tags-{st.st_size}-{int(st.st_mtime)}.marshal"
    table = read_kept_table(cached)
    if table is None:
        import jieba.posseg as pseg

        keep_table(cached, pseg.dt.word_tag_tab, "jieba-pos-tags-")  # saves the next start its 0.7 s
        return pseg
    # The cached table replaces the one the import would read: hand it an empty dictionary file.
    # jieba itself is initialized first, so no other thread's jieba can read the empty file.
    jieba.dt.check_initialized()
    jieba.dt.get_dict_file = lambda: io.BytesIO(b"")
    try:
        import jieba.posseg as pseg
    finally:
        del jieba.dt.get_dict_file
    pseg.dt.word_tag_tab = table
    return pseg
