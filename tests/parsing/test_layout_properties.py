"""Property tests for the transcript importer: whatever the layout, every label starts a turn of the
right speaker, and headings set between inline turns become chapters, never speech.

Transcripts are generated: random speakers (Chinese names, English names, with or without a title
before the name), random sentences, random turn order, written out in each layout real copies use."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicecast.parsing import parse_text

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁沈任姚卢傅钟崔"
GIVEN = "伟芳娜敏静丽强磊军洋艳杰涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鑫浩宇轩然凯晨瑶琪婷雪松"
FIRST = ["Alice", "Bruno", "Chen", "Dana", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kofi", "Lena", "Marta", "Nora"]
LAST = ["Park", "Silva", "Okafor", "Lind", "Moreau", "Novak", "Rossi", "Sato", "Weber", "Yilmaz"]
TITLES_ZH = ["主持人 ", "嘉宾 ", "记者", "教授", ""]
ZH = ["我觉得这个问题很重要。", "这件事我们讨论了很久。", "您能具体说说吗？", "当然可以，我们从数据开始。",
      "去年的变化非常大。", "很多人并不知道这一点！", "这就是我们选择开源的原因。", "下一步会更难。",
      "GPT-4 发布以后，一切都变了。", "我们在2023年开始做这个项目。"]
EN = ["I think that matters a lot.", "We talked about it for months.", "Could you say more about that?",
      "Sure, let's start with the data.", "Last year changed everything.", "Nobody expected that!",
      "That is why we open-sourced it.", "The next step is harder."]
HEADINGS_ZH = ["开源的未来", "安全与对齐", "国际合作", "数据从哪里来", "给年轻人的建议", "商业化之路"]


@st.composite
def speakers(draw):
    zh = draw(st.booleans())
    n = draw(st.integers(2, 3))
    if zh:
        names = draw(st.lists(st.tuples(st.sampled_from(SURNAMES), st.text(GIVEN, min_size=1, max_size=2)),
                              min_size=n, max_size=n, unique_by=lambda t: t[0]))
        names = [s + g for s, g in names]
        titles = [draw(st.sampled_from(TITLES_ZH)) for _ in names]
    else:
        firsts = draw(st.lists(st.sampled_from(FIRST), min_size=n, max_size=n, unique=True))
        names = [f + " " + draw(st.sampled_from(LAST)) for f in firsts]
        titles = ["" for _ in names]
    return zh, names, titles


@st.composite
def transcripts(draw):
    zh, names, titles = draw(speakers())
    pool = ZH if zh else EN
    # Every speaker labels two turns or more (what makes a transcript), in a random order.
    order = draw(st.permutations(range(len(names)))) + draw(st.permutations(range(len(names))))
    order += draw(st.lists(st.integers(0, len(names) - 1), max_size=6))
    turns = []
    for who in order:  # a speaker's turns never follow each other: that would be one turn
        if turns and turns[-1][0] == who:
            continue
        sentences = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
        turns.append((who, "".join(sentences) if zh else " ".join(sentences)))
    while True:
        counts = {k: sum(1 for w, _ in turns if w == k) for k in range(len(names)) if k != turns[-1][0]}
        short = [k for k, n in counts.items() if n < 2]
        if not short:
            break
        turns.append((short[0], pool[0]))
    return zh, names, titles, turns


# How each layout writes the turns: what stands between two turns, and one turn.
TURN_FORMATS = {
    "lines": ("\n", "{label}{colon}{text}"),
    "paragraphs": ("\n\n", "{label}{colon} {text}"),
    "oneline": (" ", "{label}{colon}{text}"),
    "oneline_glued": ("", "{label}{colon}{text}"),
    "own_line": ("\n\n", "{label}{colon}\n{text}"),
    "timestamps": ("\n", "[00:{mm:02d}:{ss:02d}] {label}{colon} {text}"),
    "bold": ("\n\n", "**{label}{colon}** {text}"),
    "lenticular": ("\n", "【{label}】{text}"),
    "paren_role": ("\n", "{name}（{role}）{colon}{text}"),
    "video_timestamps": ("\n", "{k}:{ss:02d}\n00:{k:02d}:00 {label}{colon} {text}"),
    "name_line": ("\n", "{label}\n{text}"),  # the name alone on its line, no colon, the speech below
    "bold_name_line": ("\n\n", "**{label}**\n\n{text}"),
}
LAYOUTS = [*TURN_FORMATS, "fullwidth", "table"]


def write(layout: str, names, titles, turns, colon: str) -> str:
    if layout == "fullwidth":  # CJK typesetting's Latin letters and digits; they read back as ASCII
        text = write("lines", names, titles, turns, colon)
        return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)
    if layout == "table":
        rows = "\n".join(f"| 00:{k:02d} | {titles[w]}{names[w]} | {t} |" for k, (w, t) in enumerate(turns))
        return f"| Time | Speaker | Text |\n|---|---|---|\n{rows}"
    between, turn = TURN_FORMATS[layout]
    return between.join(turn.format(label=f"{titles[w]}{names[w]}", name=names[w], role=titles[w].strip() or "嘉宾",
                                     colon=colon, text=t, k=k, mm=k // 60, ss=k % 60)
                        for k, (w, t) in enumerate(turns))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _merged(script) -> list[tuple[str | None, str]]:
    out: list[tuple[str | None, str]] = []
    for ch in script.chapters:
        for t in ch.turns:
            if out and out[-1][0] == t.speaker:
                out[-1] = (t.speaker, out[-1][1] + t.text)
            else:
                out.append((t.speaker, t.text))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts(), st.sampled_from(LAYOUTS), st.sampled_from([":", "：", " :", ": "]))
def test_every_label_starts_a_turn_of_its_speaker(transcript, layout, colon):
    zh, names, titles, turns = transcript
    if layout == "oneline_glued" and not zh:
        layout = "oneline"  # English glued without a space is not a layout anyone writes
    script = parse_text(write(layout, names, titles, turns, colon))
    got = _merged(script)
    assert [s for s, _ in got] == [names[w] for w, _ in turns], write(layout, names, titles, turns, colon)
    for (_, text), (_, want) in zip(got, turns, strict=True):
        assert _squash(text) == _squash(want)


@settings(max_examples=150, deadline=None)
@given(transcripts(), st.lists(st.sampled_from(HEADINGS_ZH), min_size=2, max_size=4, unique=True), st.booleans())
def test_headings_between_inline_turns_become_chapters(transcript, headings, spaced):
    zh, names, titles, turns = transcript
    if not zh:
        return
    sep = " " if spaced else ""
    # The interview again after itself, with a heading before every other turn of the second half:
    # "…原因。 开源的未来 王明:…" (or glued, no spaces). A name seen only glued to a heading is no
    # evidence of a speaker, so every name also labels turns of the first half on its own.
    half = len(turns)
    if turns[-1][0] == turns[0][0]:
        turns = turns + [turns[1]]
        half += 1
    turns = turns + turns
    parts, expected = [], [""]
    for k, (w, t) in enumerate(turns):
        if k >= half and (k - half) % 2 == 1 and len(expected) <= len(headings):
            parts.append(headings[len(expected) - 1])
            expected.append(headings[len(expected) - 1])
        parts.append(f"{titles[w]}{names[w]}:{t}")
    if not spaced and len(expected) < 3:
        return  # one glued phrase alone is no evidence of headings: it stays the speaker's text
    script = parse_text(sep.join(parts))
    assert [ch.title for ch in script.chapters] == expected
    spoken = "".join(t.text for ch in script.chapters for t in ch.turns)
    assert not any(h in spoken for h in expected[1:])
