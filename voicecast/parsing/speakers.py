"""Which label candidates are speakers: one scoring model over the whole document.

Every ``Name:`` candidate collects evidence as the document is read — how often it labels a turn,
whether it is bold, opens paragraphs in a transcript where most paragraphs open with a label,
alternates with another speaker, is named in voices.yaml — and loses points for what a speaker's
label never does: introduce what follows without speech of its own (``以下是访谈实录:``), head a
single title-shaped line (``专访：一位乡村教师的二十年``), quote prose (``他说:``). A candidate
whose points reach :data:`THRESHOLD` is a speaker. :meth:`SpeakerTable.explain` gives the evidence
for ``voicecast parse --explain``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..text.charclass import han_count
from .headings import looks_like_heading, no_sentence_end
from .identities import fits, lookup_keys, same_person, short_key, why_same
from .labels import LEAD_KEYS, NARRATOR_KEYS, ORG_SUFFIXES, ROLE_TITLES, SCRIPT_HEADER_KEYS, name_key, split_role
from .vouching import Vouching

THRESHOLD = 2
# A label ending in a verb of saying quotes prose ("他说:"), unless the document makes it a pattern.
QUOTING_RE = re.compile(r"(?:说|說|道|称|稱|表示)$")
# A name and a verb of saying or thinking before quoted words is a novel's narration, however often
# it recurs (刘福笑道：“…”, 王掌柜心想：…); a script's label before quotes has no verb (阿坏:“…”).
NARRATED_RE = re.compile(r"..*(?:说|說|道|想|问|問|喊|叫|答|笑|称|稱)$")
_OPEN_QUOTES = ("“", "「", "『", '"', "‘")
_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")


# Thinking is never said aloud by a label: "王掌柜心想：…" is narration.
THINKING_RE = re.compile(r"(?:心想|暗想|想道|心道|寻思|尋思|暗道)$")
# Words that make a "label" a clause: particles and adverbs no name has, verbs of saying and thinking.
_CLAUSE_RE = re.compile(r"[的很也都就还還又再了]|认为|認為|觉得|覺得|表示|指出|发现|發現|了解|知道|以为|以為|希望|以下|如下"
                        r"|(?i:\b(?:is|are|was|were|will|be|to|that|this|it|here|there|why|how|what)\b)")


@dataclass(frozen=True)
class Candidate:
    """One label candidate and the verdict, for ``--explain``."""

    name: str  # the display form
    uses: int
    score: int
    speaker: bool
    evidence: tuple[tuple[int, str], ...]


def _text_before_title(before: str) -> str:
    """What is left of the text before a name once its title goes. An organisation before the
    title (``研究院理事长``, ``首先由基金会秘书长``) introduces the speaker with it: all of it goes.
    Anything else before the title is the text's own (``开源的未来记者``: a heading) and stays."""
    stripped = before.rstrip()
    title = next((t for t in ROLE_TITLES if stripped.endswith(t)), None)
    if title is None:
        return before
    rest = stripped[: -len(title)].rstrip()
    return "" if not rest or rest.endswith(ORG_SUFFIXES) else rest


class SpeakerTable(Vouching):
    """Decides which label candidates are speakers and gives each its canonical name.

    ``known`` maps voices.yaml names and aliases to canonical names; ``trust`` (voicecast's own
    format) makes every label deliberate. Forms with titles or verbs (``理事长张宏江提问``,
    ``主持人 李华``, ``Dana, Host``) count for the name inside them.
    """

    def __init__(self, known: dict[str, str] | None = None, trust: bool = False):
        self.known = {name_key(k): v for k, v in (known or {}).items()}
        self._known_forms = dict(known or {})
        self.trust = trust
        self._dense = False
        self._uses: Counter[str] = Counter()  # at a paragraph start or a turn boundary
        self._starts: Counter[str] = Counter()
        self._speech: Counter[str] = Counter()
        self._title_lines: Counter[str] = Counter()
        self._open_ended: Counter[str] = Counter()  # uses whose speech ends no sentence (a headline's)
        self._written: Counter[str] = Counter()  # whole written forms, for the quoting rule
        self._quoted: Counter[str] = Counter()  # of those, uses whose speech opens with a quote
        self._bold: set[str] = set()
        self._shaped: set[str] = set()  # labels the document's layout marks (brackets, ">>", a dash)
        self._script: dict[str, Counter[str]] = {}  # per label: Han characters and Latin letters of its speech
        self._forms: dict[str, Counter[str]] = {}
        self._sequence: list[str] = []
        self._pairs: dict[str, Counter[str]] | None = None
        self._people: dict[str, str] | None = None  # short form's key → the key of the name in full
        self._roles: dict[str, Counter[str]] = {}  # a role's key → the names written with it (主持人 李华)
        self._legend: dict[str, str] = {}  # a label's key → the name a legend gives it (Z → 朱青生)
        self._scores: dict[tuple[str, bool], int] = {}
        self._recurring: tuple[list[str], Counter[str], bool] | None = None
        self._paired: dict[str, set[str]] | None = None  # a label → its other forms (_person_uses)
        self._talk_starts: int | None = None  # where in the sequence the first recurring label stands
        self._first_use: dict[str, int] = {}
        self._text = ""

    @property
    def dense(self) -> bool:
        """Most paragraphs of the document open with a label (then one use at a paragraph start counts)."""
        return self._dense

    @dense.setter
    def dense(self, value: bool) -> None:
        self._dense = value
        self._forget()

    def _forget(self) -> None:
        """Drop what was worked out from the document so far (scores, people, the recurring labels'
        views): the table learnt something new."""
        self._scores.clear()
        self._pairs = None
        self._people = None
        self._recurring = None
        self._paired = None
        self._talk_starts = None

    def document(self, text: str) -> None:
        """The whole document: where a name used once as a label may be named again (vouching.py)."""
        self._text = text
        self._forget()

    def observe(self, name: str, bold: bool = False, at_start: bool = False, speech: str | None = None) -> None:
        """One use of a label at a place where a turn can begin; ``speech`` is the text it labels."""
        core, role = split_role(name)
        key = name_key(core)
        if role and name_key(role) != key:
            self._roles.setdefault(name_key(role), Counter())[key] += 1
        self._uses[key] += 1
        self._written[name_key(name)] += 1
        self._quoted[name_key(name)] += bool(speech and speech.lstrip().startswith(_OPEN_QUOTES))
        self._forms.setdefault(key, Counter())[core] += 1
        self._starts[key] += at_start
        self._sequence.append(key)
        self._forget()
        if bold:
            self._bold.add(key)
        if speech:
            sample = speech[:200]
            script = self._script.setdefault(key, Counter())
            script["han"] += han_count(sample)
            script["latin"] += len(_ASCII_LETTER_RE.findall(sample))
            script["lower"] += len(re.findall(r"[a-z]", sample))
        if speech is None or speech.strip():
            self._speech[key] += 1
            if speech is not None and looks_like_heading(speech):
                self._title_lines[key] += 1
            if speech is not None and no_sentence_end(speech):
                self._open_ended[key] += 1

    def quotes_speech(self) -> bool:
        """Two labelled turns in three or more are quotations (``二齒:「…」``): a script whose
        speech is in quotes, so what stands outside them is not said."""
        written, quoted = sum(self._written.values()), sum(self._quoted.values())
        return written >= 4 and quoted * 3 >= written * 2

    def evidence(self, key: str, at_start: bool = True) -> list[tuple[int, str]]:
        ev: list[tuple[int, str]] = []
        if key in self.known:
            ev.append((10, "named in voices.yaml"))
        if self.trust:
            ev.append((10, "voicecast's own format: every label is deliberate"))
        if key in self._bold:
            ev.append((3, "bold"))
        if key in self._shaped:
            ev.append((3, "written in the label shape the document establishes ([Name], >>, Name–, Q.)"))
        n = self._uses[key]
        person_uses = self._person_uses(key)
        if person_uses >= 2:
            ev.append((2 + (person_uses >= 3), f"labels {n} turns" if person_uses == n
                       else f"labels {person_uses} turns with its other form"))
        if self.dense and at_start and self._starts[key] and (person_uses >= 2 or not self._before_the_talk(key)):
            ev.append((2, "opens a paragraph in a transcript where most paragraphs open with a label"))
        partner = self._partner(key)
        if partner:
            ev.append((1, f"alternates with {self._display(partner)}"))
        if n == 1:
            ev.extend(self._like_the_speakers(key))
        if n == 1 and not self._speech[key]:
            ev.append((-4, "used once, with no speech of its own: it introduces what follows"))
        if n == 1 and self._title_lines[key] and key not in self._shaped:
            ev.append((-3, "used once, on a short line with no closing punctuation: a title"))
        if key not in self.known and self._forms.get(key) and _CLAUSE_RE.search(self._display(key)):
            ev.append((-3, "reads like a clause, not a name (原因很简单, 业内人士认为, The rule is)"))
        return ev

    def recurring(self) -> int:
        """How many candidates label two turns or more (a person's forms together)."""
        return sum(1 for k in self._uses if self._person_uses(k) >= 2)

    def _before_the_talk(self, key: str) -> bool:
        """Whether ``key`` is used before any label that recurs: above the talk, a key a page writes
        once (核心提示：…, a headline's 对话李明：…) is no speaker for opening a paragraph alone."""
        if self._talk_starts is None:  # once, after the document was read (observe() resets it)
            self._first_use = {}
            for i, k in enumerate(self._sequence):
                self._first_use.setdefault(k, i)
            self._talk_starts = min((i for k, i in self._first_use.items() if self._person_uses(k) >= 2),
                                    default=len(self._sequence))
        return self._first_use.get(key, 0) <= self._talk_starts

    def _person_uses(self, key: str) -> int:
        """The turns a label and its one other form label together: ``Ana`` once and ``Ana Lopez``
        once are one person's two turns (a short form that fits one name, or the name it shortens)."""
        if self._paired is None:  # once, after the document was read (observe() resets it)
            forms = {k: self._display(k) for k in self._uses}
            self._paired = {}
            index: dict[str, list[str]] = {}
            for k, form in forms.items():
                for token in lookup_keys(form):
                    index.setdefault(token, []).append(k)
            rare = [k for k, n in self._uses.items() if n <= 2 and not _CLAUSE_RE.search(forms[k])]
            for k in rare:
                fulls = [j for j in index.get(short_key(forms[k]), ()) if j != k and fits(forms[k], forms[j])]
                if len(fulls) == 1:
                    self._paired.setdefault(k, set()).add(fulls[0])
                    self._paired.setdefault(fulls[0], set()).add(k)
        return self._uses[key] + sum(self._uses[k] for k in self._paired.get(key, ()))

    def score(self, key: str, at_start: bool = True) -> int:
        if (key, at_start) not in self._scores:  # computed once the document is read; observe() resets
            self._scores[(key, at_start)] = sum(points for points, _ in self.evidence(key, at_start))
        return self._scores[(key, at_start)]

    def _partner(self, key: str) -> str | None:
        if self._pairs is None:  # once, after the document was read (observe() resets it)
            self._pairs = {}
            for a, b in zip(self._sequence, self._sequence[1:], strict=False):
                if a != b:
                    self._pairs.setdefault(a, Counter())[b] += 1
                    self._pairs.setdefault(b, Counter())[a] += 1
        for other, n in self._pairs.get(key, Counter()).most_common():
            if n >= 2 and self._uses[other] >= 2:
                return other
        return None

    def resolve(self, name: str, at_start: bool = False) -> str | None:
        """The canonical speaker for a label as written, ``""`` for narration, or ``None`` if the
        label is not a speaker (the text is prose). ``at_start``: the label opens a paragraph."""
        core, role = split_role(name)
        keys = [name_key(name), name_key(core)] + ([name_key(role)] if role else [])
        if keys[0] in NARRATOR_KEYS or keys[1] in NARRATOR_KEYS:
            return ""
        if keys[0] in SCRIPT_HEADER_KEYS | LEAD_KEYS and keys[0] not in self.known:
            return None  # "人物:…", "Cast:…": a play's header; "核心提示：…": a page's lead. Never a speaker
        for key in keys[:2]:
            if key in self.known:
                return self.known[key]
        if role and keys[2] in self.known and len(self._roles.get(keys[2], ())) <= 1:
            return self.known[keys[2]]  # "主持人 李华" with voices.yaml's 主持人: its voice, and 李华 is the host
        # "奥特曼说:" twice is prose quoting, not a label; three times in a transcript is a pattern.
        if not self.trust and QUOTING_RE.search(name.strip()) and self._written[keys[0]] < 3:
            return None
        if not self.trust and THINKING_RE.search(name.strip()):
            return None
        if not self.trust and NARRATED_RE.match(name.strip()) and self._quoted[keys[0]] * 2 >= self._written[keys[0]] > 0:
            return None  # narration: "刘福笑道：“…”" stays the novel's sentence, every word of it
        if self.score(keys[1], at_start) < THRESHOLD:  # one of several 嘉宾, never again by name: 嘉宾
            return self.known[keys[2]] if role and keys[2] in self.known else None
        full = self.person(keys[1])
        return self.known.get(full) or self._legend.get(full) or self._known_role(full) or self._display(full)

    def _known_role(self, key: str) -> str | None:
        """voices.yaml's name for the role this person alone was written with (``主持人陈伟鸿`` once,
        then ``陈伟鸿``: the host's voice), if any."""
        for role, names in self._roles.items():
            if role in self.known and len(names) == 1 and self.person(next(iter(names))) == key:
                return self.known[role]
        return None

    def shaped(self, names: set[str]) -> None:
        """Labels the document writes in a label shape it establishes (delimiters.py): each counts as a bold one does."""
        self._shaped |= {name_key(split_role(n)[0]) for n in names}
        self._forget()

    def label_uses(self) -> dict[str, int]:
        """Each label as written (its display form) and the turns it labels."""
        return {self._display(key): n for key, n in self._uses.items()}

    def written(self, text: str) -> int:
        """How often ``text`` stands anywhere in the document."""
        return self._text.count(text)

    def seen(self, name: str) -> bool:
        """Whether ``name`` labels a turn somewhere in the document (a speaker or not)."""
        return name_key(split_role(name)[0]) in self._uses

    def name_as(self, label: str, name: str) -> None:
        """A legend (``Z:朱青生``) names the speaker labelled ``label``: its turns are ``name``'s."""
        self._legend[name_key(split_role(label)[0])] = self.resolve(name) or name

    def person(self, key: str) -> str:
        """The key of the speaker ``key`` names: itself, or the full name it shortens (identities.py)."""
        if self._people is None:  # once, after the document was read (observe() resets it)
            confirmed = {k: self._display(k) for k in self._uses if k in self.known or self.score(k) >= THRESHOLD}
            han = {k: c["han"] * 3 > c["latin"] for k, c in self._script.items() if c["han"] or c["latin"]}
            self._people = same_person(confirmed, self._in_order(confirmed), han)
            for role, names in self._roles.items():  # "主持人" alone, after "主持人 李华": 李华, the one it went with
                if role in confirmed and len(names) == 1 and (name := next(iter(names))) in confirmed:
                    self._people.setdefault(role, self._people.get(name, name))
            for form in list(self._people):  # 杨 → 杨澜 → 主持人 (written 主持人（杨澜）): to the end
                seen = {form}
                while (to := self._people[form]) in self._people and to not in seen:
                    seen.add(to)
                    self._people[form] = self._people[to]
                if self._people[form] == form:
                    del self._people[form]
        return self._people.get(key, key)

    def _why_same(self, key: str, other: str) -> str:
        if key in self._roles and self.person(key) in {self.person(k) for k in self._roles[key]}:
            return "the role it was written with once (主持人 李华, Host Dana Reyes), alone"
        return why_same(self._display(key), other)

    def _in_order(self, confirmed: dict[str, str]) -> list[str]:
        """The speakers' keys in the order they label turns, a label glued to the text before it
        (``…就餐 DiningWAITER:``) read as the speaker it ends with."""
        read: dict[str, str] = {}
        for key in set(self._sequence) - set(confirmed):
            if (glued := self.split_prefix(self._display(key))) is not None:
                read[key] = name_key(split_role(glued[1])[0])
        return [read.get(key, key) for key in self._sequence]

    def split_prefix(self, name: str) -> tuple[str, str] | None:
        """For a run like ``童年的街道记者`` or ``首先由基金会秘书长郑海涛发问`` that ends with a
        confirmed speaker's name: ``(text_before, canonical)``. A title before the name is part of
        the label (``""`` comes back); anything else before it is the document's text."""
        core = split_role(name)[0]
        forms = [(form, self.known[name_key(form)]) for form in self._known_forms]
        for key in sorted(self._uses, key=len, reverse=True):
            if len(key) >= 2 and self.score(key, at_start=False) >= THRESHOLD:
                forms += [(form, self._display(key)) for form in self._forms[key]]
        for form, canonical in sorted(forms, key=lambda f: len(f[0]), reverse=True):
            if len(form) >= 2 and core != form and core.endswith(form):
                return _text_before_title(core[: -len(form)]), canonical
        return None

    def _display(self, key: str) -> str:
        forms = self._forms.get(key)
        if not forms:
            return key
        # A spelling with spaces (more readable, as voices.yaml writes it), then the most frequent.
        return max(forms.items(), key=lambda kv: (" " in kv[0], kv[1]))[0]

    def explain(self) -> list[Candidate]:
        out = []
        for key in self._uses:
            ev = self.evidence(key)
            if self.person(key) != key:
                other = self._display(self.person(key))
                ev.append((0, f"the same person as {other}: {self._why_same(key, other)}"))
            score = sum(p for p, _ in ev)
            out.append(Candidate(self._display(key), self._uses[key], score, key in self.known or score >= THRESHOLD,
                                 tuple(ev)))
        return out
