"""Labels that end with something other than a colon, found from the whole document: a dash
(``Subash Jayaraman– Hello``, ``WT-I do``) or a period after capitals (``Q. What was…``,
``THE COURT. Proceed.``), or nothing (:func:`glued_label`). A shape counts only when the document
shows it (:func:`established`); then every line it opens is rewritten as ``Name: text``, the form
the rest of the parser reads.
(A name alone on its line above the speech, a screenplay's cue, is layout.name_lines'.)
Pure: text in, text and the rewrites out."""

from __future__ import annotations

import re
from collections import Counter

from ..text.charclass import HAN
from .labels import label_at_start, plausible_name

_CAPS = r"[A-Z][A-Z0-9'’.&-]*"
_TITLE_WORD = r"[A-Z][A-Za-z'’.-]*"
# A name, then a dash: two title-case words or more, or one word in capitals ("SJ", "WT").
_DASH_RE = re.compile(rf"^(?P<name>{_TITLE_WORD}(?: {_TITLE_WORD}){{1,3}}|[A-Z]{{2,6}}|[{HAN}]{{2,5}})"
                      r"\s*(?P<delim>——|[–—]|-(?=\S)|\s-\s)\s*(?P<rest>\S.*)$")  # —— : the Chinese dash
# Capitals, then a period: "Q.", "A.", "THE COURT.", "NATE." (never "Yes." or "Mr."), with a title
# before a surname as the US Congress prints its hearings ("Mr. SMITH.", "The CHAIRMAN.", "Senator WARREN.").
_TITLE_BEFORE = (r"(?:(?:Mr|Mrs|Ms|Dr|Miss)\. |(?:The|Senator|Secretary|Chairman|Chairwoman|Representative|Governor"
                 r"|General|Admiral|Ambassador|Judge|Justice|Mayor|Commissioner|Director) )")
_PERIOD_RE = re.compile(rf"^(?P<name>{_TITLE_BEFORE}?{_CAPS}(?: {_CAPS}){{0,2}}?)\.(?P<delim>)\s+(?P<rest>\S.*)$")
_TITLE_BEFORE_RE = re.compile(rf"^{_TITLE_BEFORE}")
# A Han label set off by a space, in text that writes no spaces: "主持人 大家好。" (a copy that lost
# its colons). Its speech must end its sentences, as lyrics and lists do not.
_SPACE_RE = re.compile(rf"^(?P<name>[{HAN}]{{2,5}})(?P<delim>)[ \u3000]+(?P<rest>[{HAN}“「].*)$")
_SENTENCE_END_RE = re.compile(r"[。！？!?…”」』]$")
_HONORIFICS = {"MR", "MRS", "MS", "DR", "ST", "PROF", "NO", "VS", "MT", "JR", "SR",
               "INT", "EXT"}  # and a screenplay's scene headings: "INT. KITCHEN - NIGHT"


def established(names: Counter[str] | dict[str, int]) -> bool:
    """Two names or more, four uses or more, one name used twice (a transcript that shortens its
    names after the first turn, ``Subash Jayaraman–`` then ``SJ–``, shows it too)."""
    return len(names) >= 2 and sum(names.values()) >= 4 and max(names.values()) >= 2


def _period_name(name: str) -> bool:
    bare = name.rstrip(".")
    after = _TITLE_BEFORE_RE.sub("", bare)  # "Mr. SMITH": the surname in capitals, two letters or more
    if after != bare and len(after) < 2:
        return False
    return after.upper() == after and after not in _HONORIFICS and not after.isdigit()


_GLUED_RE = re.compile(rf"^[{HAN}·-]+")  # Han only: Latin script puts a space after a name


def glued_label(lines: list[str]) -> str | None:
    """A label written with no delimiter at all (``白展堂-老白掌柜的,喂……``): the same three to
    twelve Han characters open at least three lines, and at least half of the lines that follow a
    labelled line, while the other turns have colon labels. The longest such opening is the label."""
    openings = Counter(m.group(0)[:3] for ln in lines if (m := _GLUED_RE.match(ln.strip())) and len(m.group(0)) >= 3
                       and not any(ch in ln[:48] for ch in ":：】"))
    if not openings or openings.most_common(1)[0][1] < 3:
        return None  # no three lines open alike without a colon: nothing to read (and it is cheap)
    after_label = []
    previous_labelled = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        # A label has its colon (or 】) near the start; only such a line is worth reading for one.
        label = label_at_start(stripped) if any(ch in stripped[:48] for ch in ":：】") else None
        if previous_labelled and label is None:
            after_label.append(stripped)
        previous_labelled = label is not None and bool(label.rest)  # "Host:" alone: its speech is below
    if len(after_label) < 3:
        return None
    for size in range(12, 2, -1):
        counts = Counter(m.group(0)[:size] for ln in after_label if (m := _GLUED_RE.match(ln)) and len(m.group(0)) >= size)
        if counts:
            prefix, n = counts.most_common(1)[0]
            # What a label opens differs from turn to turn; the same words each time are speech.
            following = {ln[size : size + 2] for ln in after_label if ln.startswith(prefix)}
            if n >= 3 and n * 2 >= len(after_label) and len(following) * 3 >= n * 2 and plausible_name(prefix):
                return prefix
    return None


_CHEVRON_RE = re.compile(r"^\s*(?:\[?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\]?\s+)?>>+\s*(?P<rest>\S.*)$")  # a clock time may come first
UNNAMED = ("Speaker 1", "Speaker 2")


def chevron_turns(lines: list[str]) -> list[tuple[int, str, str]]:
    """TV captions mark a change of speaker with ``>>`` and seldom name anyone. Where two lines or
    more open so, each marker opens a turn: of the name after it (``>> ANNOUNCER: …``), or of one of
    two unnamed voices taken in turn, so that every change is heard as one. ``(index, line, label)``
    of each rewritten line."""
    marked = [(i, m.group("rest")) for i, ln in enumerate(lines) if (m := _CHEVRON_RE.match(ln))]
    if len(marked) < 2:
        return []
    out, unnamed = [], 0
    for i, rest in marked:
        if (label := label_at_start(rest)) is not None:
            out.append((i, rest, label.name))
        else:
            out.append((i, f"{UNNAMED[unnamed % 2]}: {rest}", UNNAMED[unnamed % 2]))
            unnamed += 1
    return out


# "[彭放] 记者招待会马上就要开始了… [09:59] | [彭放] 第一…": a name in brackets opening each item
# of a line or of a "|"-separated run of items.
_BRACKET_RE = re.compile(r"(?P<open>^\s*|\s*\|\s*)?\[(?P<name>[^\[\]\n|]{1,24})\]\s*")
SOUND_WORDS = frozenset("music applause laughter laughs laughing cheering cheers inaudible crosstalk silence noise "
                        "sighs sigh gasps coughs whispers whispering crying sobbing screams groans chuckles chuckling "
                        "sound static beep beeps bleep cheer laugh cough gasp "
                        "音乐 掌声 笑 笑声 鼓掌 音效 叹气 咳嗽 哭 哭泣 沉默 停顿 众笑 大笑".split())


def bracket_labels(line_texts: list[str]) -> set[str]:
    """The names a document writes in brackets as labels: each of its uses opens a line or an item
    after a ``|``, the document shows the shape (:func:`established`), and none is a clock time or a
    sound cue (``[Music]`` opens lines too). Ids are names: ``[id1]`` in a focus group."""
    names: Counter[str] = Counter()
    elsewhere: set[str] = set()
    for line in line_texts:
        if "[" not in line:
            continue
        for m in _BRACKET_RE.finditer(line):
            name = m.group("name").strip()
            if m.group("open") is None and m.start() > 0:
                elsewhere.add(name)
            elif plausible_name(name) and not re.fullmatch(r"[\d\s:.,]+", name) and name.casefold() not in SOUND_WORDS:
                names[name] += 1
    names = Counter({n: k for n, k in names.items() if n not in elsewhere})
    return set(names) if established(names) else set()


def _unbracket(line: str, names: set[str]) -> tuple[str, list[str]]:
    """``line`` with its bracketed labels written ``Name:``, and those labels."""
    found: list[str] = []

    def one(m: re.Match) -> str:
        name = m.group("name").strip()
        if name not in names or (m.group("open") is None and m.start() > 0):
            return m.group(0)
        found.append(name)
        return f"{' ' if m.start() else ''}{name}: "
    return _BRACKET_RE.sub(one, line), found


# A short label with a question mark or semicolon where its colon belongs, and speech after it.
_SLIP_RE = re.compile(r"^(?P<name>[^?？;；:：]{1,4})(?P<mark>[?？;；])\s*\S.{3,}$")
# A Han label with a bracketed action where its colon belongs: "老拱(试图抓住她的手)你又粉又嫩!".
_ACTION_SLIP_RE = re.compile(r"^(?P<name>[\u4e00-\u9fff·]{1,6})(?=[(（][^()（）:：]{1,30}[)）]\s*[^\s(（]{2})")
# What may stand before a label at a line's start (bold, a bracket, a quote, a list number): a
# line opening with a name once these are gone may be that name's label.
_OPENING_MARKS_RE = re.compile(r"^[\s*_【\[「『\d.、)）]+")
_QUICK_NAMES = 50  # slip names counted by their openings first; more, and every line's label is read
SLIP_USES = 5  # colon uses that establish a label before a slipped mark may stand in for its colon
ACTION_USES = 3  # … and before a bracketed action may (a bracket is less often speech than a "?")


def _slips(lines: list[str]) -> dict[int, tuple[str, int, int]]:
    """Per line that may open with a slipped label: ``(name, characters of the mark to drop,
    colon uses that establish the name)``."""
    out = {}
    for i, line in enumerate(lines):
        stripped = line.strip()
        if m := _SLIP_RE.match(stripped):
            out[i] = (m.group("name"), 1, SLIP_USES)
        elif m := _ACTION_SLIP_RE.match(stripped):
            out[i] = (m.group("name"), 0, ACTION_USES)
    return out


def slipped_delimiters(lines: list[str]) -> list[tuple[int, str, int]]:
    """``(index, label, characters of the mark)`` of each line that opens with a label the document
    writes with a colon again and again, but with ``?`` or ``;`` in the colon's place (``乙?我知道…``)
    or a bracketed action (``老拱(试图抓住她的手)…``), where that label answers the one before it.
    The same speaker twice in a row is speech (``甲?他说甲?…``)."""
    slips = _slips(lines)
    # Only a name written with a colon often enough can slip: counted cheaply first, since in most
    # documents none is, and then no line needs reading for its label.
    wanted = {name: needed for name, _, needed in slips.values()}
    if len(wanted) <= _QUICK_NAMES:
        openings = [_OPENING_MARKS_RE.sub("", line) for line in lines]
        if not any(sum(1 for o in openings if o.startswith(name)) > needed for name, needed in wanted.items()):
            return []
    names = [label.name if (label := label_at_start(line.strip())) else None for line in lines]
    uses = Counter(n for n in names if n)
    found: list[tuple[int, str, int]] = []
    previous = None
    for i, name in enumerate(names):
        slip, mark, needed = slips.get(i, ("", 0, 0))
        if name:
            previous = name
        elif slip and uses[slip] >= needed and previous not in (None, slip):
            found.append((i, slip, mark))
            previous = slip
    return found


def normalize_label_delimiters(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with every dash- or period-delimited label written ``Name: text`` (and caption
    ``>>`` markers too, :func:`chevron_turns`), and ``(line number, label)`` for each rewrite. A
    document with colon labels only comes back as it was."""
    lines = text.split("\n")
    rewrites: list[tuple[int, str]] = []
    for i, line, name in chevron_turns(lines):
        lines[i] = line
        rewrites.append((i + 1, name))
    bracketed = bracket_labels(lines)
    for i, line in enumerate(lines if bracketed else []):
        lines[i], names = _unbracket(line, bracketed)
        rewrites += [(i + 1, name) for name in names]
    for i, name, mark in slipped_delimiters(lines):
        lines[i] = f"{name}: {lines[i].strip()[len(name) + mark:].lstrip()}"
        rewrites.append((i + 1, name))
    dash: Counter[str] = Counter()
    period: Counter[str] = Counter()
    spaced: Counter[str] = Counter()
    ended = 0  # spaced uses whose speech ends its sentence
    for line in lines:
        stripped = line.strip()
        d, p, sp = _DASH_RE.match(stripped), _PERIOD_RE.match(stripped), _SPACE_RE.match(stripped)
        if not (d or p or sp) or label_at_start(stripped) is not None:  # a colon label wins: "S. O'BRIEN: …"
            continue
        if d:
            dash[d.group("name")] += 1
        if p and _period_name(p.group("name")):
            period[p.group("name")] += 1
        if sp and plausible_name(sp.group("name")):
            spaced[sp.group("name")] += 1
            ended += bool(_SENTENCE_END_RE.search(sp.group("rest")))
    if ended * 4 < sum(spaced.values()) * 3:  # three in four end their sentences, or it is no talk
        spaced.clear()
    shapes = [(rx, names) for rx, names in ((_DASH_RE, dash), (_PERIOD_RE, period), (_SPACE_RE, spaced))
              if established(names)]
    glued = glued_label(lines)
    if glued is not None:
        shapes.append((re.compile(rf"^(?P<name>{re.escape(glued)})\s*(?P<rest>\S.*)$"), Counter({glued: 1})))
    if not shapes:
        return ("\n".join(lines), rewrites) if rewrites else (text, [])
    out: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        m = next((m for rx, names in shapes if (m := rx.match(stripped)) and m.group("name") in names), None)
        if m is not None and label_at_start(stripped) is None:
            out.append(f"{m.group('name')}: {m.group('rest')}")
            rewrites.append((i + 1, m.group("name")))
        else:
            out.append(line)
    return "\n".join(out), sorted(rewrites)
