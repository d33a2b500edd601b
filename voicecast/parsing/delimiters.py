"""Labels that end with something other than a colon, found from the whole document: a dash
(``Subash Jayaraman– Hello``, ``WT-I do``) or a period after capitals (``Q. What was…``,
``THE COURT. Proceed.``), or nothing (:func:`glued_label`). A shape counts only when the document
shows it (:func:`_established`); then every line it opens is rewritten as ``Name: text``, the form
the rest of the parser reads.
(A name alone on its line above the speech, a screenplay's cue, is layout.name_lines'.)
Pure: text in, text and the rewrites out."""

from __future__ import annotations

import re
from collections import Counter

from ..charclass import HAN
from .labels import label_at_start, plausible_name

_CAPS = r"[A-Z][A-Z0-9'’.&-]*"
_TITLE_WORD = r"[A-Z][A-Za-z'’.-]*"
# A name, then a dash: two title-case words or more, or one word in capitals ("SJ", "WT").
_DASH_RE = re.compile(rf"^(?P<name>{_TITLE_WORD}(?: {_TITLE_WORD}){{1,3}}|[A-Z]{{2,6}}|[{HAN}]{{2,5}})"
                      r"\s*(?P<delim>[–—]|-(?=\S)|\s-\s)\s*(?P<rest>\S.*)$")
# Capitals, then a period: "Q.", "A.", "THE COURT.", "NATE." (never "Yes." or "Mr.").
_PERIOD_RE = re.compile(rf"^(?P<name>{_CAPS}(?: {_CAPS}){{0,2}}?)\.(?P<delim>)\s+(?P<rest>\S.*)$")
_HONORIFICS = {"MR", "MRS", "MS", "DR", "ST", "PROF", "NO", "VS", "MT", "JR", "SR"}


def _established(names: Counter[str]) -> bool:
    """Two names or more, four uses or more, one name used twice (a transcript that shortens its
    names after the first turn, ``Subash Jayaraman–`` then ``SJ–``, shows it too)."""
    return len(names) >= 2 and sum(names.values()) >= 4 and max(names.values()) >= 2


def _period_name(name: str) -> bool:
    bare = name.rstrip(".")
    return bare.upper() == bare and bare not in _HONORIFICS and not bare.isdigit()


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


def normalize_label_delimiters(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with every dash- or period-delimited label written ``Name: text``, and
    ``(line number, label)`` for each rewrite. A document with colon labels only comes back as it was."""
    lines = text.split("\n")
    dash: Counter[str] = Counter()
    period: Counter[str] = Counter()
    for line in lines:
        stripped = line.strip()
        d, p = _DASH_RE.match(stripped), _PERIOD_RE.match(stripped)
        if not (d or p) or label_at_start(stripped) is not None:  # a colon label wins: "S. O'BRIEN: …"
            continue
        if d:
            dash[d.group("name")] += 1
        if p and _period_name(p.group("name")):
            period[p.group("name")] += 1
    shapes = [(rx, names) for rx, names in ((_DASH_RE, dash), (_PERIOD_RE, period)) if _established(names)]
    glued = glued_label(lines)
    if glued is not None:
        shapes.append((re.compile(rf"^(?P<name>{re.escape(glued)})\s*(?P<rest>\S.*)$"), Counter({glued: 1})))
    if not shapes:
        return text, []
    out: list[str] = []
    rewrites: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        m = next((m for rx, names in shapes if (m := rx.match(stripped)) and m.group("name") in names), None)
        if m is not None and label_at_start(stripped) is None:
            out.append(f"{m.group('name')}: {m.group('rest')}")
            rewrites.append((i + 1, m.group("name")))
        else:
            out.append(line)
    return "\n".join(out), rewrites
