"""Layout that is not speech, undone before any importer reads the text: transcript tables,
timestamps beside labels, pinyin that converters insert after characters, credits inside one-line
copies, and the spaces a hard-wrapped text left inside words when its line breaks were lost.

Every function is pure and keeps the number of lines, so line numbers in errors stay those of the file.
"""

from __future__ import annotations

import difflib
import re

from ..text.charclass import CJK_PUNCT, HAN, display_width
from .clean import strip_inline_credits
from .labels import name_key, plausible_name
from .questions import bold_questions, unanswered_questions
from .screenplay import NARRATOR, screenplay_lines
from .trace import Trace

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
# "[00:03:14]" anywhere; "(41:17)" / "（00:42:31）" at the start of a line, just before a label's colon
# or just after it ("Lex Fridman: (00:00) Hello").
_BRACKET_TS_RE = re.compile(rf"[ \t]*\[\s*{_TS}\s*\][ \t]*")
_PAREN_TS_RE = re.compile(rf"(?:^[ \t]*[(（]\s*{_TS}\s*[)）][ \t]*|[ \t]*[(（]\s*{_TS}\s*[)）][ \t]*(?=[:：]))", re.M)
_TS_AFTER_LABEL_RE = re.compile(rf"^(?P<label>[^:：\n]{{1,40}}[:：])[ \t]*[(（]\s*{_TS}\s*[)）](?=[ \t])")
_ANY_TS_RE = re.compile(_TS)
_CJK_CHAR_RE = re.compile(f"[{HAN}{CJK_PUNCT}“”‘’《》]")
# A line that is only a timestamp and a speaker, in either order: "00:41:17 Dana, Host", "Speaker 1  0:03".
_TS_NAME_LINE_RE = re.compile(
    rf"^[ \t]*(?:(?P<ts1>{_TS})[ \t]+(?P<n1>[^\s\d:：][^:：\n]{{0,40}}?)|(?P<n2>[^\s\d:：][^:：\n]{{0,40}}?)[ \t]+(?P<ts2>{_TS}))[ \t]*$"
)
# A line that is only a timestamp (video transcript copies), or one before a label: "00:00:01 Host: …".
_BARE_TS_LINE_RE = re.compile(rf"^[ \t]*{_TS}[ \t]*$")
_TS_BEFORE_LABEL_RE = re.compile(rf"^[ \t]*{_TS}[ \t]+(?=[^\s:：\d][^:：\n]{{0,40}}?[:：])")
# A label and a timestamp, the speech below: "Maya Lin:  0:00".
_LABEL_THEN_TS_RE = re.compile(rf"^(?P<label>[ \t]*[^\s:：\d][^:：\n]{{0,40}}?[:：])[ \t]+{_TS}[ \t]*$")
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_TONED_PINYIN_RE = re.compile(rf"(?<=[{HAN}])[(（](?=[a-zü{_TONE_VOWELS}]*[{_TONE_VOWELS}])[a-zü{_TONE_VOWELS}]{{1,7}}[)）]"
                              rf"|(?<=[{HAN}])[(（][a-zü]{{1,6}}[1-5][)）]")
_TONELESS_PINYIN_RE = re.compile(rf"(?<=[{HAN}])[(（][a-zü]{{1,6}}[)）]")
_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SPEAKER_HEADERS = {"speaker", "name", "who", "名字", "姓名", "说话人", "發言人", "发言人", "发言者", "發言者", "讲者", "講者", "角色", "人物"}
_TEXT_HEADERS = {"text", "transcript", "content", "utterance", "speech", "dialogue", "line", "内容", "內容", "文本",
                 "发言", "發言", "台词", "臺詞", "原文", "对话", "對話"}


# Fullwidth letters and digits (Ｑ１, ２０２３) are ASCII ones in CJK typesetting; punctuation stays.
_FULLWIDTH_ALNUM = {cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for cp in range(r[0], r[1] + 1)}


def undo_layout(text: str, trace: Trace | None = None) -> str:
    """All of the module's repairs, in order: tables, timestamps, pinyin, credits, lost wraps.
    ``trace`` hears of every line changed and how."""
    toned = len(_TONED_PINYIN_RE.findall(text)) >= 2
    text = text.translate(_FULLWIDTH_ALNUM)
    wrap = lost_wrap_width(text.split("\n"))
    running = running_timecodes(text)
    captions = caption_copy(text.split("\n"))  # its time lines stay: blocks.to_blocks reads through them
    def kept(ln: str) -> bool:
        return captions and bool(_BARE_TS_LINE_RE.match(ln))

    steps = [("timestamp", lambda ln: ln if kept(ln) else _timestamps(ln)),
             ("running timecode", lambda ln: _INLINE_TS_RE.sub("", ln) if running and not kept(ln) else ln),
             ("pinyin annotation", lambda ln: drop_pinyin(ln, toneless_too=toned)),
             ("credit", strip_inline_credits), ("spaces of a lost hard wrap", lambda ln: rejoin_lost_wraps(ln, wrap))]
    lines = unanswered_questions(bold_questions(name_lines(screenplay_lines(untable(text.split("\n"))))))
    if trace is not None:
        for k, (old, new) in enumerate(zip(text.split("\n"), lines, strict=True), start=1):
            if old != new:
                trace.drop(k, _why_rewritten(old, new), old.strip())
    for k, line in enumerate(lines):
        for what, step in steps:
            done = step(line)
            if done != line and trace is not None:
                trace.drop(k + 1, what, _removed(line, done))
            line = done
        lines[k] = line
    return "\n".join(lines)


def _why_rewritten(old: str, new: str) -> str:
    if old.lstrip().startswith("|"):
        return "table layout"
    if new.startswith("## "):
        return "a screenplay's scene heading: a chapter"
    if not new:
        return "a screenplay's transition: never said"
    if new.startswith(f"{NARRATOR}: "):
        return "a screenplay's action: the narrator's"
    if new.startswith(("问：", "答：", "Q: ", "A: ")):
        return "an interview's question in bold, or the answer under it"
    return "a name alone on its line, read as a label"


_INLINE_TS_RE = re.compile(rf"(?<![\d:.])[ \t]*{_TS}(?![\d:])[ \t]*")
_MIN_TIMECODES = 8


def running_timecodes(text: str) -> bool:
    """Timecodes set into the text as a recording runs (``…住在乡下。00:01 后来…``): eight or more
    clock-like marks, nearly all later than the one before. A few times of day in prose
    (``下午3:30``) neither recur so nor run in order."""
    marks = [_seconds(m.group(0)) for m in _INLINE_TS_RE.finditer(text)]
    if len(marks) < _MIN_TIMECODES:
        return False
    rising = sum(1 for a, b in zip(marks, marks[1:], strict=False) if b >= a)
    return rising >= 0.9 * (len(marks) - 1)


def caption_copy(lines: list[str]) -> bool:
    """A video's transcript copied with a time on every other line (``0:00`` / ``hello everyone and
    welcome back to the`` / ``0:03`` / …): eight time lines or more, nearly each followed by one
    line of text and then the next time."""
    times = [i for i, line in enumerate(lines) if _BARE_TS_LINE_RE.match(line)]
    if len(times) < _MIN_TIMECODES:
        return False
    alternating = sum(1 for a, b in zip(times, times[1:], strict=False) if b - a == 2 and lines[a + 1].strip())
    return alternating >= 0.8 * (len(times) - 1)


def is_time_line(line: str) -> bool:
    """A line that is only a clock time (``0:03``, ``1:02:15``)."""
    return bool(_BARE_TS_LINE_RE.match(line))


def _seconds(mark: str) -> float:
    parts = [float(p.replace(",", ".")) for p in mark.strip().split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))


def _removed(before: str, after: str) -> str:
    """The text ``before`` had that ``after`` lacks, roughly: what a repair took out."""
    gone = [before[a:b] for op, a, b, _, _ in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
            if op in ("delete", "replace")]
    return " … ".join(g.strip() or repr(g) for g in gone)[:120]


def _timestamps(line: str) -> str:
    if ":" not in line:  # every timestamp has one
        return line
    if _BARE_TS_LINE_RE.match(line):
        return ""
    line = _LABEL_THEN_TS_RE.sub(r"\g<label>", _TS_BEFORE_LABEL_RE.sub("", line))
    line = _TS_AFTER_LABEL_RE.sub(r"\g<label>", line)
    m = _TS_NAME_LINE_RE.match(line)
    if m:
        name = (m.group("n1") or m.group("n2")).strip()
        if not re.search(r"[。！？!?.,，]$", name) and len(name.split()) <= 5:
            return f"{name}:"
    return _PAREN_TS_RE.sub("", _BRACKET_TS_RE.sub(" ", line)).rstrip() if _ANY_TS_RE.search(line) else line


def drop_pinyin(line: str, toneless_too: bool = False) -> str:
    """``記(jì)者`` → ``記者``; toneless ``什麼(me)`` too when the document annotates with tones elsewhere."""
    if "(" not in line and "（" not in line:  # an annotation is in brackets
        return line
    line = _TONED_PINYIN_RE.sub("", line)
    return _TONELESS_PINYIN_RE.sub("", line) if toneless_too else line


def untable(lines: list[str]) -> list[str]:
    """A Markdown table of a transcript (``| time | speaker | text |``) becomes ``speaker: text``
    lines, one per row, the header and rule lines blank. Tables with no text column stay as they are."""
    out = list(lines)
    i = 0
    while i < len(lines) - 1:
        if lines[i].lstrip().startswith("|") and _TABLE_SEP_RE.match(lines[i + 1]):
            end = i + 2
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            rows = [_cells(ln) for ln in lines[i + 2 : end]]
            cols = _transcript_columns(_cells(lines[i]), rows)
            if cols is not None:
                who, what = cols
                out[i] = out[i + 1] = ""
                for k, row in enumerate(rows, start=i + 2):
                    text = row[what] if what < len(row) else ""
                    name = row[who] if who is not None and who < len(row) else ""
                    out[k] = f"{name}: {text}" if name and text else text
            i = end
        else:
            i += 1
    return _flat_tables(out)


_FLAT_ROWS = 3  # rows in a row, each with as many " | " cells, that make a table copied without its rules


def _flat_tables(lines: list[str]) -> list[str]:
    """A transcript table copied without its outer pipes and rule line (``00:01 | Ana | Good
    morning.``), its header row (``Time | Speaker | Transcript``) there or not: the same reading."""
    out = list(lines)
    i = 0
    while i < len(lines):
        width = _flat_width(lines[i])
        end = i
        while end < len(lines) and width and _flat_width(lines[end]) == width:
            end += 1
        if end - i < _FLAT_ROWS:
            i = max(end, i + 1)
            continue
        rows = [_cells(ln) for ln in lines[i:end]]
        has_header = bool({c.strip("*_ ").lower() for c in rows[0]} & (_TEXT_HEADERS | _SPEAKER_HEADERS))
        body = rows[1:] if has_header else rows
        cols = _transcript_columns(rows[0] if has_header else [""] * width, body)
        if cols is not None:
            who, what = cols
            if has_header:
                out[i] = ""
            for k, row in enumerate(body, start=i + has_header):
                name = row[who] if who is not None else ""
                out[k] = f"{name}: {row[what]}" if name and row[what] else row[what]
        i = end
    return out


def _flat_width(line: str) -> int:
    """Cells of a row written ``a | b | c`` (no pipe at its start), 0 for any other line."""
    text = line.strip()
    return 0 if not text or text.startswith("|") or " | " not in text else len(_cells(text))


def name_lines(lines: list[str]) -> list[str]:
    """``**Lex Fridman**`` or ``主持人`` alone on a line, the speech on the lines below: a label
    without its colon, when the document shows the habit (two or more names, each alone on a line
    two or more times between the end of one turn and speech after it) — a heading alone on its
    line does not recur, and a term wrapped alone onto a line sits inside a sentence."""
    found: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        name = _bare_name(line)
        if name is None or not _turn_may_end_before(lines[i - 1] if i else ""):
            continue
        nxt = next((ln for ln in lines[i + 1 :] if ln.strip()), "")
        if nxt and _bare_name(nxt) is None and not nxt.lstrip().startswith("#"):
            found.setdefault(name_key(name), []).append(i)
    recurring = {k: idx for k, idx in found.items() if len(idx) >= 2}
    if len(recurring) < 2:
        return lines
    out = list(lines)
    for idx in recurring.values():
        for i in idx:
            out[i] = f"{_bare_name(lines[i])}:"
    return out


def _turn_may_end_before(previous: str) -> bool:
    """A label starts a turn: the line before it is blank, a heading, or ends a sentence. A word
    wrapped alone onto its line in mid-sentence ("…向开发者开放" / "API" / "这件事？") is no label."""
    text = previous.strip().rstrip("*_ ")
    return not text or text.startswith("#") or text[-1] in "。！？!?…”」』.\"'）)"


def _bare_name(line: str) -> str | None:
    text = line.strip()
    if text.startswith(("**", "__")) and text.endswith(("**", "__")):
        text = text[2:-2].strip()
    if not text or len(text) > 32 or text[-1] in "。！？!?.,，:：;；" or not plausible_name(text):
        return None
    return text


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _transcript_columns(header: list[str], rows: list[list[str]]) -> tuple[int | None, int] | None:
    """``(speaker column or None, text column)`` by the header's words, else by the cells: the text
    column has the longest cells, the speaker column short ones that recur."""
    keys = [h.strip("*_ ").lower() for h in header]
    what = next((i for i, k in enumerate(keys) if k in _TEXT_HEADERS), None)
    who = next((i for i, k in enumerate(keys) if k in _SPEAKER_HEADERS), None)
    if what is None and rows:
        lengths = [sum(len(r[c]) for r in rows if c < len(r)) / len(rows) for c in range(len(header))]
        if not lengths or max(lengths) < 15:
            return None
        what = lengths.index(max(lengths))
    if what is None:
        return None
    if who is None:
        for c in range(len(header)):
            values = [r[c] for r in rows if c < len(r) and r[c]]
            if c != what and values and not re.fullmatch(_TS, values[0]) and len(set(values)) < len(values) \
                    and max(len(v) for v in values) <= 30:
                who = c
                break
    return who, what


def lost_wrap_width(lines: list[str]) -> int | None:
    """The display width a text was hard-wrapped at before its line breaks became spaces, if the
    document shows one: the stretches between spaces inside its lines are mostly that width, give or
    take three columns (a wrap never splits a character), and hardly any is wider."""
    widths = [display_width(p) for line in lines if line.count(" ") >= 2 for p in line.split(" ")[:-1]]
    if len(widths) < 4:
        return None
    counts: dict[int, int] = {}
    for w in widths:
        counts[w] = counts.get(w, 0) + 1
    wrap = max(counts, key=lambda w: (sum(counts.get(w - d, 0) for d in range(4)), w))
    near = sum(1 for w in widths if wrap - 3 <= w <= wrap)
    if wrap < 20 or near < 4 or near < 0.5 * len(widths) or sum(w > wrap + 1 for w in widths) > 0.1 * len(widths):
        return None
    return wrap


def rejoin_lost_wraps(line: str, wrap: int | None) -> str:
    """``没有什 么`` → ``没有什么``: a space after a stretch of the wrap width, between two CJK
    characters, was a line break of the hard-wrapped original."""
    if wrap is None or " " not in line:
        return line
    pieces = line.split(" ")
    out = pieces[0]
    for prev, piece in zip(pieces, pieces[1:], strict=False):
        joins = wrap - 3 <= display_width(prev) <= wrap and out and piece and _cjk(out[-1]) and _cjk(piece[0])
        out += piece if joins else " " + piece
    return out


def _cjk(ch: str) -> bool:
    return bool(_CJK_CHAR_RE.match(ch))
