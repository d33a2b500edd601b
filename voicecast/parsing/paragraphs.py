"""The two passes that cut a transcript into paragraphs: the first counts every label candidate
over the raw paragraphs (each with the speech it labels), so the speaker table can decide; the
second cuts again, now opening a paragraph at every line whose label names a speaker, even inside
a block."""

from __future__ import annotations

from .blocks import Block, as_paragraph, to_blocks
from .labels import inline_labels, label_at_start
from .speakers import SpeakerTable


def read_paragraphs(text: str, table: SpeakerTable, trust_labels: bool, path: str | None) -> list[Block]:
    """The blocks of ``text``, with ``table`` filled with what the labels of its paragraphs show."""
    def opens_paragraph(line: str) -> bool:
        label = label_at_start(line)
        return bool(label and (label.bold or trust_labels or table.resolve(label.name, at_start=True) is not None))

    table.document(text)
    seen: dict = {}  # the second pass reads the same lines: their structural blocks are kept
    blocks, _ = to_blocks(text, starts_paragraph=lambda line: label_at_start(line) is not None, path=path, seen=seen)
    # Every paragraph the builder may read as text: a line wholly in bold that is no numbered
    # heading too (``**問：做了多少年？**``, a question set in bold).
    texts = [para for b in blocks if (para := as_paragraph(b)) is not None]
    labelled = sum(_observe(table, t, texts[i + 1] if i + 1 < len(texts) else "") for i, t in enumerate(texts))
    # A transcript where most paragraphs open with a label, and some labels recur, trusts a label
    # seen only once. (A list of "要点：…" lines opens every paragraph with a colon too, once each.)
    table.dense = len(texts) >= 3 and labelled * 2 >= len(texts) and table.recurring() >= 1
    blocks, _ = to_blocks(text, starts_paragraph=opens_paragraph, path=path, seen=seen)
    return blocks


def _observe(table: SpeakerTable, paragraph: str, following: str) -> bool:
    """Count the label candidates of one paragraph, each with the speech it labels; True if the
    paragraph opens with one. A label alone on its line labels the next paragraph, unless that
    one opens with a label of its own."""
    label = label_at_start(paragraph)
    rest = label.rest if label else paragraph
    inline = [(pos, end, name) for pos, end, name, at_turn in inline_labels(rest) if at_turn]
    if label:
        speech = rest[: inline[0][0]] if inline else rest
        if not speech.strip() and following and not label_at_start(following):
            speech = following
        table.observe(label.name, label.bold, at_start=True, speech=speech)
    for k, (_, end, name) in enumerate(inline):
        table.observe(name, speech=rest[end : inline[k + 1][0] if k + 1 < len(inline) else len(rest)])
    return label is not None
