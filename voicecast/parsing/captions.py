"""The importer for subtitle files, SRT and WebVTT: timings dropped, cues merged into sentences and
turns, speakers from ``<v Name>`` voice tags and ``Name:`` prefixes, sound descriptions
(``[Music]``, ``(笑)``) never spoken, and two-language files (a line of each per cue) read as the
bilingual format.

The cue text is rewritten as a transcript (``Name: text`` paragraphs) and read by the transcript
importer, so labels, junk and headings follow the same rules as everywhere else.
"""

from __future__ import annotations

import html
import re

from ..text.lang import detect_lang
from ..text.script import Script
from ..text.subtitles import cue_text
from .delimiters import SOUND_WORDS, established
from .labels import plausible_name

_TIMING_RE = re.compile(r"^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}\s*-->\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}")
_VOICE_RE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
# VTT/HTML tags, VTT word timings (<00:00:02.160>), SSA overrides in SRT
_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>|<(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}>|\{\\[^}]*\}")
# A sound or stage description: short, in brackets, no sentence inside ([Music], (笑), （掌声）, ♪).
_SOUND_RE = re.compile(r"\[[^\]\n]{1,30}\]|\([^)\n。！？.!?]{1,20}\)|（[^）\n。！？]{1,12}）|♪[^♪\n]{0,60}♪?|♪")
_NAME_PREFIX_RE = re.compile(r"^[^:：\s]{1,20}(?:\s[^:：\s]{1,20}){0,2}\s*[:：]\s*\S")
_HASH_MARK_RE = re.compile(r"^\s*#+\s*")
# "- Are you ready?" / "- Yes.": one speaker per dash; ">> Good evening." in TV captions likewise.
_DASH_TURN_RE = re.compile(r"^\s*(?:[-–—]\s+|>>\s*)")
# A name in brackets opening a cue's line, its words after it: "[JOHN] Are you coming?", "（张三）你来了？".
_NAME_BRACKET_RE = re.compile(r"^\s*[\[(（【]\s*(?P<name>[^\[\]()（）【】\n]{1,24}?)\s*[\])）】]\s*(?P<rest>\S.*)$")


def bracketed_names(blocks: list[list[str]]) -> set[str]:
    """The names a caption file writes in brackets before a cue's words as its speakers' labels:
    each written so twice or more, the file showing the shape (two names, four uses), none a sound
    (``[Music]``, ``[laughs]``, ``（笑）``, a Han word ending in 声) nor a word in lower case."""
    names: dict[str, int] = {}
    for block in blocks:
        for line in block:
            m = _NAME_BRACKET_RE.match(_TAG_RE.sub("", line))
            name = m.group("name").strip() if m else ""
            if name and plausible_name(name) and name.casefold() not in SOUND_WORDS and not name.endswith(("声", "聲")) \
                    and not name[0].islower() and not name.isdigit():
                names[name] = names.get(name, 0) + 1
    kept = {n: k for n, k in names.items() if k >= 2}
    return set(kept) if established(kept) else set()


def looks_like_captions(text: str) -> bool:
    """A WebVTT file (``WEBVTT`` header) or an SRT file (cue blocks with ``-->`` timings)."""
    head = text.lstrip("\ufeff \n")
    if head.startswith("WEBVTT"):
        return True
    lines = [ln for ln in head.split("\n")[:40] if ln.strip()]
    timings = sum(1 for ln in lines if _TIMING_RE.match(ln))
    return timings >= 2 and timings * 4 >= len(lines)


def cues(text: str) -> list[list[str]]:
    """The text lines of each cue, in order: headers, NOTE/STYLE/REGION blocks, cue numbers and
    timings left out. A line keeps its position only within its cue."""
    out = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        at = next((i for i, ln in enumerate(lines) if _TIMING_RE.match(ln)), None)
        if at is None:
            continue  # WEBVTT header, NOTE, STYLE, REGION, or debris
        body = [html.unescape(ln.strip()) for ln in lines[at + 1 :]]
        if body:
            out.append(body)
    return out


def _clean(line: str, labels: frozenset[str] | set[str] = frozenset()) -> tuple[str | None, str]:
    """``(speaker from a voice tag or None, text without tags and sound descriptions)``; a name of
    ``labels`` in brackets opening the line is written ``Name:`` (:func:`bracketed_names`)."""
    voice = _VOICE_RE.search(line)
    text = _TAG_RE.sub("", line)
    if labels and (m := _NAME_BRACKET_RE.match(text)) and m.group("name").strip() in labels:
        text = f"{m.group('name').strip()}: {m.group('rest')}"
    text = _SOUND_RE.sub(" ", text)
    text = _HASH_MARK_RE.sub("", text)  # "# 你好": a caption is speech, never a Markdown heading
    return (voice.group(1).strip() if voice else None), " ".join(text.split())


def two_languages(blocks: list[list[str]]) -> bool:
    """Most cues are two lines, one English and one Mandarin: a bilingual subtitle file."""
    pairs = [b for b in blocks if len(b) == 2]
    mixed = sum(1 for b in pairs if {detect_lang(_clean(b[0])[1]), detect_lang(_clean(b[1])[1])} == {"en", "zh"})
    return len(blocks) >= 2 and mixed * 10 >= len(blocks) * 6


PARAGRAPH_CHARS = 600  # a caption paragraph ends at the first sentence end past this length
_SENTENCE_ENDS = set("。！？!?.…")
ROLLING_OVERLAP = 6  # characters: what a caption repeats of the one before it is at least this long
_WINDOW = 400


def new_part(said: str, text: str) -> str:
    """What ``text`` adds to what was ``said`` before it. Rolling captions (the kind video sites
    generate) show each line again in the next cue or two, whole or as the start of a longer one:
    the longest end of ``said`` that ``text`` begins with is said once (compared without spaces,
    which the cues set differently). Shorter overlaps are the speaker's own repetitions."""
    tail = said[-_WINDOW:].replace(" ", "")
    squeezed = text.replace(" ", "")
    for k in range(min(len(tail), len(squeezed)), ROLLING_OVERLAP - 1, -1):
        if tail.endswith(squeezed[:k]):
            return _after_chars(text, k)
    return text


def _after_chars(text: str, k: int) -> str:
    """``text`` after its first ``k`` non-space characters."""
    seen = 0
    for i, ch in enumerate(text):
        if seen == k:
            return text[i:].strip()
        seen += ch != " "
    return ""


def as_transcript(blocks: list[list[str]]) -> str:
    """The cues as transcript paragraphs: one per turn, ``Name: text`` where a cue names its speaker
    (voice tag or ``Name:`` prefix) and continuing the turn until another speaker or dash begins."""
    paragraphs: list[str] = []
    current = ""
    speaker: str | None = None
    labels = bracketed_names(blocks)
    for block in blocks:
        for line in block:
            voice, text = _clean(line, labels)
            if not text:
                continue
            dash = _DASH_TURN_RE.match(text)
            if voice is not None and voice == speaker and not dash:
                current = cue_text([current, text])  # the same voice tag again: the turn goes on
            elif voice is not None or dash:
                speaker = voice
                if current:
                    paragraphs.append(current)
                if dash:  # ">>" stays: the transcript reader makes each one a change of voice
                    text = (">> " if ">>" in dash.group(0) and not voice else "") + text[dash.end():]
                current = f"{voice}: {text}" if voice else text
            else:
                text = new_part(current or (paragraphs[-1] if paragraphs else ""), text)  # rolling repeats out first
                if _NAME_PREFIX_RE.match(text) and current:
                    paragraphs.append(current)  # "Name: text" opens a new turn; the importer decides if Name is a speaker
                    current, speaker = text, None
                elif text:
                    current = cue_text([current, text])
                if len(current) >= PARAGRAPH_CHARS and current.rstrip()[-1:] in _SENTENCE_ENDS:
                    paragraphs.append(current)  # an hour of captions with no speakers: paragraphs, not one turn
                    current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs) + "\n"


def as_bilingual(blocks: list[list[str]]) -> str:
    """A two-language file as line-by-line text: the English line, then its Mandarin one."""
    lines = []
    for block in blocks:
        texts = [t for t in (_clean(line)[1] for line in block) if t]
        lines += sorted(texts, key=lambda t: detect_lang(t) != "en")
    return "\n".join(lines) + "\n"


def parse_captions(text: str, title: str = "", known_speakers: dict[str, str] | None = None,
                   path: str | None = None) -> Script:
    from .bilingual import parse_bilingual
    from .transcript import parse_transcript

    blocks = cues(text)
    if two_languages(blocks):
        script = parse_bilingual(as_bilingual(blocks), title, path)
    else:
        script = parse_transcript(as_transcript(blocks), title, known_speakers, path)
    script.source_format = "subtitles"
    for chapter in script.chapters:  # line numbers of the rewritten text mean nothing in the file
        for turn in chapter.turns:
            turn.line = None
    return script
