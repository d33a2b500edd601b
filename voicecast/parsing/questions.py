"""An interview whose answers carry no label: its questions printed in bold with no labels at all
(``**你为什么选择回国？**`` / ``因为…``, as magazines print a Q&A), or labelled as questions
(``Q: Why…?`` / ``I was…``). The questions are the interviewer's and the paragraphs under each
the interviewee's: rewritten as ``问：…`` / ``答：…`` (``Q:`` / ``A:`` in English), the role labels the
rest of the parser and voices.yaml know. Pure."""

from __future__ import annotations

import re

from ..text.charclass import han_count
from .labels import label_at_start

# A line wholly in bold that ends with a question mark: "**你为什么选择回国？**", "__And now?__".
_BOLD_QUESTION_RE = re.compile(r"^\s*(?:\*\*|__)(?P<q>[^*_\n]{2,200}?[?？])\s*(?:\*\*|__)\s*$")
_BOLD_LINE_RE = re.compile(r"^\s*(?:\*\*|__)[^*_\n]+(?:\*\*|__)\s*$")
MIN_QUESTIONS = 3
_ASKS = {"问": "答：", "問": "答：", "提问": "答：", "提問": "答：", "q": "A: ", "question": "A: "}
_ASK_OPENING_RE = re.compile(r"^\s*[*_]*\s*(?:问|問|提问|提問|q|question)\s*[*_]*\s*[:：]", re.I)
_LABELLED_SHARE = 0.2  # paragraphs opening with a label, beyond which the talk has its own labels


def bold_questions(lines: list[str]) -> list[str]:
    """``lines`` with a bold-question interview written with role labels, else as they were:
    three bold questions or more, most bold lines questions, each followed by a paragraph that is
    not, and few paragraphs opening with a label of their own."""
    asked = {i: m.group("q").strip() for i, line in enumerate(lines) if (m := _BOLD_QUESTION_RE.match(line))}
    questions = sorted(asked)
    if len(questions) < MIN_QUESTIONS:
        return lines
    bold = sum(1 for line in lines if _BOLD_LINE_RE.match(line))
    texts = [line for line in lines if line.strip() and not _BOLD_LINE_RE.match(line)]
    labelled = sum(1 for line in texts if label_at_start(line) is not None)
    if bold > 2 * len(questions) or labelled > max(1.0, _LABELLED_SHARE * len(texts)) or not texts:
        return lines
    zh = sum(han_count(q) for q in asked.values()) * 2 >= sum(len(q) for q in asked.values())
    ask, answer = ("问：", "答：") if zh else ("Q: ", "A: ")
    out = list(lines)
    for i in questions:
        out[i] = ask + asked[i]
        nxt = next((k for k in range(i + 1, len(lines)) if lines[k].strip()), None)
        if nxt is not None and nxt not in asked and not _BOLD_LINE_RE.match(lines[nxt]):
            out[nxt] = answer + lines[nxt].strip()
    return out


def unanswered_questions(lines: list[str]) -> list[str]:
    """``lines`` with the paragraph under each labelled question (``Q: Why…?``, ``问：为什么？``)
    labelled as its answer, where three questions or more end with a question mark, no answer is
    labelled anywhere, and no other label opens a paragraph; else as they were."""
    if sum(1 for line in lines if _ASK_OPENING_RE.match(line)) < MIN_QUESTIONS:
        return lines  # nearly every document: read no line's label here
    labels = {i: label for i, line in enumerate(lines) if line.strip() and (label := label_at_start(line)) is not None}
    keys = {i: label.name.strip().lower() for i, label in labels.items()}
    asks = [i for i, key in keys.items() if key in _ASKS and labels[i].rest.rstrip().endswith(("?", "？"))]
    if len(asks) < MIN_QUESTIONS or any(key not in _ASKS for key in keys.values()):
        return lines  # an answer's label, another speaker's, or too few questions
    out = list(lines)
    for i in asks:
        nxt = next((k for k in range(i + 1, len(lines)) if lines[k].strip()), None)
        if nxt is not None and nxt not in labels:
            out[nxt] = _ASKS[keys[i]] + lines[nxt].strip()
    return out
