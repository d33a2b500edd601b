"""The evidence for a label used once: the document's recurring speakers vouch for it (the name
in full of one of them, a name in capitals where they are all in capitals, a label inside a
paragraph where theirs stand so), or the page names the person elsewhere (an oral history's cover
names its interviewers). A mixin of :class:`voicecast.parsing.speakers.SpeakerTable`, which holds
the counts it reads."""

from __future__ import annotations

import re
from collections import Counter

from ..text.charclass import han_count
from .identities import fits

_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")
# A person's name in full in Latin letters: two to four capitalised words (Ann Lee, ROXANNE ROBERTS).
_FULL_NAME_RE = re.compile(r"^[A-Z][A-Za-z'’.-]*(?: [A-Z][A-Za-z'’.-]*){1,3}$")


def _shortened(form: str) -> bool:
    """``SAGAL``, ``SH``, ``S. O'BRIEN``: one word, or an initial and a word (not a name in full)."""
    words = form.replace(".", ". ").split()
    return len(words) == 1 or (len(words) == 2 and len(words[0].rstrip(".")) == 1)


def _in_capitals(form: str) -> bool:
    """``ROXANNE ROBERTS``, ``S. O'BRIEN``: Latin letters, two or more, none lower case."""
    return len(_ASCII_LETTER_RE.findall(form)) >= 2 and not re.search(r"[a-z]", form) and not han_count(form)


class Vouching:
    """What a label used once has going for it, from what the document does with its other labels."""

    _uses: Counter[str]
    _starts: Counter[str]
    _speech: Counter[str]
    _open_ended: Counter[str]
    _script: dict[str, Counter[str]]
    _recurring: tuple[list[str], Counter[str], bool] | None
    _text: str  # the document, to find the names it writes outside its labels

    def _display(self, key: str) -> str:  # the table's: the label as written
        raise NotImplementedError

    def _like_the_speakers(self, key: str) -> list[tuple[int, str]]:
        """A label used once that the document's recurring speakers vouch for: the name in full of
        one of them (``BILL KURTIS`` beside ``KURTIS``), or a name written in capitals at a paragraph
        start where every recurring Latin label is (``ROXANNE ROBERTS`` among ``SAGAL``, ``KURTIS``)."""
        form = self._display(key)
        recurring, theirs, _ = self._recurring_view()  # ``key`` is used once: never among them
        mine = self._script.get(key, Counter())
        if mine["latin"] >= 10 and mine["lower"] * 5 < mine["latin"] and theirs["lower"] * 2 > theirs["latin"]:
            return [(-2, "its text is in capitals, where the speakers' speech is not (a heading)")]
        # The recurring form is short (a surname, initials, an initial and surname): a name in full
        # already (``Lex Fridman``) has no longer form, and ``Consent Lex Fridman`` is a heading glued to it.
        short = next((r for r in recurring if len(form.split()) <= 3 and _shortened(r) and fits(r, form)), None)
        if short is not None:
            return [(2, f"the name in full of {short}, who labels several turns")]
        if inline := self._inline_like_the_speakers(key, form):
            return inline
        if named := self._named_elsewhere(key):
            return named
        # Initials (SH, JP) say nothing of how names are written: only forms with a word of 3 letters.
        latin = [r for r in recurring if re.search(r"[A-Za-z]{3}", r) and not han_count(r)]
        if len(latin) < 2 or not all(_in_capitals(r) for r in latin) or not _ASCII_LETTER_RE.search(form):
            return []
        if _in_capitals(form):
            if self._starts[key] and self._speech[key]:
                return [(2, "written in capitals at a paragraph start, as every recurring speaker is")]
            return []
        return [(-2, "not in capitals, where every recurring speaker is (a title or a phrase)")]

    def _inline_like_the_speakers(self, key: str, form: str) -> list[tuple[int, str]]:
        """A Han label used once inside a paragraph, after a sentence, where the recurring speakers'
        labels stand so too (a script written as prose: ``…挥了挥手。全场观众:哇!``)."""
        if self._starts[key] or not han_count(form) or len(form) > 5 or not self._speech[key]:
            return []
        if self._recurring_view()[2]:
            return [(2, "inside a paragraph after a sentence, where the recurring speakers' labels stand")]
        return []

    def _recurring_view(self) -> tuple[list[str], Counter[str], bool]:
        """The display forms of the labels used twice or more, their speech's letters summed, and
        whether two or more of them stand mostly inside paragraphs (once, after the document was
        read: observe() resets it)."""
        if self._recurring is None:
            keys = [k for k, n in self._uses.items() if n >= 2]
            inline = sum(self._uses[k] - self._starts[k] for k in keys)
            self._recurring = ([self._display(k) for k in keys],
                               sum((self._script.get(k, Counter()) for k in keys), Counter()),
                               len(keys) >= 2 and inline * 2 > sum(self._uses[k] for k in keys))
        return self._recurring

    def speech_in_sentence_case(self) -> bool:
        """Whether the recurring speakers' Latin speech is mostly lower case (not captions in capitals)."""
        theirs = self._recurring_view()[1]
        return theirs["latin"] >= 20 and theirs["lower"] * 2 > theirs["latin"]

    def _named_elsewhere(self, key: str) -> list[tuple[int, str]]:
        """A name in full in Latin letters (``Ann Lee``), with speech of its own that ends a sentence
        (not a headline's ``Harbour Talks: Why the City …``), that the page writes again outside the
        label (a cover's ``CONDUCTED BY … ANN LEE``, ``with Ann Lee and``)."""
        form = self._display(key)
        if not self._speech[key] or self._open_ended[key] or not _FULL_NAME_RE.match(form):
            return []
        said = len(re.findall(rf"(?<![A-Za-z]){re.escape(form)}(?![A-Za-z])", self._text, re.I))
        if said > self._uses[key]:
            return [(2, f"a name in full that the page names again ({said - self._uses[key]} times outside its label)")]
        return []
