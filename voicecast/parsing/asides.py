"""Bracketed asides in the speech of a labelled script: stage directions (``(拜佛状)``,
``【二人退去】``), sound cues (``(LAUGHTER)``), editors' notes (``（註：…）``) and converter pinyin
(``國(guó)``). A listener hears none of them. A gloss stays: a bracket whose words are in the
other script than the sentence around it (``截距（Y-intercept）``, ``the word (缘分) again``) is the
speaker's or the translator's own term. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..text.charclass import HAN_RE, han_count

_ASIDE_RE = re.compile(r"[(（]([^()（）\n]{1,80})[)）]|【([^【】\n]{1,80})】|\[([^\[\]\n]{1,80})\]")
_LATIN_RE = re.compile(r"[A-Za-z]")
# Pinyin with tone marks, as converters add after each character: "(guó)", "(xiàn)".
_PINYIN_RE = re.compile(r"^[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*$")
_WINDOW = 24  # characters either side that tell the script of the sentence around a bracket
# The keys an audio script writes before a sound, music or effects cue: "音效：敲门声", "SFX: door slams".
_CUE_KEYS = r"音效|声效|聲效|音响效果|音響效果|背景音乐|背景音樂|背景音|配乐|配樂|音乐|音樂|环境音|環境音|拟音|擬音" \
    r"|sfx|fx|bgm|music|sound|sounds|sound effects?|sound fx|audio cue"
_CUE_LINE_RE = re.compile(rf"^\s*[(（\[【]?\s*(?:{_CUE_KEYS})\s*[:：]", re.I)
# A radio script's cue in capitals with no colon ("SOUND OF WIND", "MUSIC UP AND UNDER"), a music
# cue in a few characters ("音乐起", "音乐渐弱"), the end of a tape or an episode ("[END OF TAPE 1, SIDE A]").
_CUE_CAPS_RE = re.compile(r"^\s*[(\[【]?\s*(?:(?:SFX|FX|BGM)\b[A-Z0-9 ,.'’&/-]{0,50}|(?:SOUNDS?|MUSIC)(?:\s+(?:OF|UP|DOWN|IN|OUT"
                          r"|UNDER|OVER|FADES?|RISES?|SWELLS?|CUE|EFFECTS?|STING|BED|BRIDGE|STOPS?|ENDS?|CONTINUES|PLAYS?"
                          r"|BUTTON|THEME|TRANSITION)\b[A-Z0-9 ,.'’&/-]{0,50})?)[)\]】]?\s*$")
_CUE_ZH_RE = re.compile(r"^\s*(?:音乐|音樂|音效|配乐|配樂|背景音乐|背景音樂|BGM)\s*(?:起|渐起|渐强|渐弱|渐隐|渐出|渐入|漸起|漸強|漸弱"
                        r"|漸隱|止|停|停止|响起|響起|淡入|淡出|切入|切出|推起|压低|壓低|进|進|出|收)\s*[。.]?\s*$")
# A court transcript's examination header: who questions next ("BY MR. LANE:", "CROSS-EXAMINATION",
# "DIRECT EXAMINATION BY MS. COX:"); the Q. lines after it are that lawyer's.
_EXAMINATION_RE = re.compile(r"^\s*(?:(?:DIRECT|CROSS|REDIRECT|RECROSS|FURTHER)(?:[- ](?:DIRECT|CROSS|REDIRECT|RECROSS))?[- ]"
                             r"EXAMINATION\s*)?(?:BY (?:MR|MS|MRS|DR|MISS)\.? [A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)?\s*:?)?\s*$")
_RECORDING_END_RE = re.compile(r"^\s*[(\[【]?\s*end of (?:the )?(?:tape|side|episode|transcript|interview|part|recording"
                               r"|segment|session|program|programme|show)\b[^()\[\]【】]{0,40}[)\]】]?\s*$", re.I)
# An effect written after the speech, set off by a space, with no bracket: "辛达夷 拍桌子的音效".
_TRAILING_CUE_RE = re.compile(r"(?<=\S)[ \t\u3000]+[\u4e00-\u9fff]{1,12}(?:音效|声效|聲效)\s*$")


def _script(text: str) -> str:
    han, latin = han_count(text), len(_LATIN_RE.findall(text))
    if not han and not latin:
        return ""
    return "han" if han >= latin / 3 else "latin"  # a Han character carries about three letters' worth


def is_gloss(inside: str, before: str, after: str) -> bool:
    """A term in the other script than the sentence around it (not converter pinyin)."""
    if _PINYIN_RE.match(inside.strip()):
        return False
    own, around = _script(inside), _script(before[-_WINDOW:] + after[:_WINDOW])
    return bool(own and around and own != around)


def is_cue_line(line: str) -> bool:
    """A line that gives a sound, music or effects cue (``音效：敲门声``, ``MUSIC: theme up``,
    ``SOUND OF WIND``, ``音乐起``), marks the end of a tape or an episode, or heads a court
    transcript's examination (``BY MR. LANE:``): a direction to the studio, the recording or the
    reader, never said and never a heading."""
    return bool(_CUE_LINE_RE.match(line) or _CUE_CAPS_RE.match(line) or _CUE_ZH_RE.match(line)
                or _RECORDING_END_RE.match(line) or (line.strip() and _EXAMINATION_RE.match(line)))


def drop_asides(text: str) -> tuple[str, list[str]]:
    """``text`` without its asides, and the asides taken out (in order). Brackets with no words
    (``(2023)``, ``[1]``) and glosses stay; an effect after the speech, set off by a space
    (``辛达夷 拍桌子的音效``), goes too."""
    dropped: list[str] = []
    if ("音效" in text or "声效" in text or "聲效" in text) and (m := _TRAILING_CUE_RE.search(text)):
        text, dropped = text[: m.start()], [m.group(0).strip()]

    def one(m: re.Match) -> str:
        inside = next(g for g in m.groups() if g is not None)
        if not (HAN_RE.search(inside) or _LATIN_RE.search(inside)):
            return m.group(0)
        if is_gloss(inside, text[: m.start()], text[m.end():]):
            return m.group(0)
        dropped.append(m.group(0))
        return "\0"

    out = _ASIDE_RE.sub(one, text)
    if "\0" not in out:
        return text.strip() if dropped else text, dropped
    # Where an aside was, a space only between two words of a spaced script: "优胜者,积分" stays shut.
    out = re.sub(r"\s*\0[\s\0]*", lambda m: " " if _spaced(out, m) else "", out)
    return re.sub(r"[ \t]{2,}", " ", out).strip(), dropped


_OPENING_QUOTES = "「“『"
_QUOTE_MARKS = "「」“”『』\""
_STAGE_NOTE_CHARS = 20


def after_the_quote(text: str) -> tuple[str, str]:
    """``「一流的!」離開。`` → ``("「一流的!」", "離開。")``: in a script whose speech is quoted, a short
    note after the turn's last closing quote is what the speaker does, not what they say. Text
    between two quotes (``「路上小心,」他叹了口气,「天黑了。」``) stays."""
    stripped = text.strip()
    if not stripped.startswith(tuple(_OPENING_QUOTES)):
        return text, ""
    end = max(stripped.rfind(q) for q in "」”』")
    tail = stripped[end + 1 :].strip()
    if end < 0 or not tail or len(tail) > _STAGE_NOTE_CHARS or any(q in tail for q in _QUOTE_MARKS):
        return text, ""
    return stripped[: end + 1], tail


def _spaced(text: str, m: re.Match) -> bool:
    before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
    return not (HAN_RE.match(before or " ") or HAN_RE.match(after or " ") or re.match(r"[，。！？、；：,]", after or " "))


def interjections(text: str, label_of: Callable[[str], tuple[str, str] | None]) -> list[tuple[str | None, str]]:
    """``text`` cut where a bracket holds another speaker cutting in (``(阿闹插话:也就是第一名)``):
    ``(None, words of the turn's own speaker)`` and ``(speaker, words)`` pieces in order. ``label_of``
    gives ``(speaker, speech)`` for a bracket's inside that opens with a speaker's label, else None."""
    pieces: list[tuple[str | None, str]] = []
    at = 0
    for m in _ASIDE_RE.finditer(text):
        found = label_of(next(g for g in m.groups() if g is not None))
        if found is None:
            continue
        pieces += [(None, text[at : m.start()]), found]
        at = m.end()
    return [(who, words.strip()) for who, words in pieces + [(None, text[at:])] if words.strip()]
