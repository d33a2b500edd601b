"""The real transcripts in ../shared/samples parse into the right chapters and speakers, with no junk."""

from __future__ import annotations

import re
from collections import Counter

from conftest import sample

from voicecast.parsing import parse_file
from voicecast.planning.voices import load_voices
from voicecast.text.splitter import Sentence, split_text

JUNK = re.compile(
    r"https?://|www\.|mmbiz|\.com\b|!\[|\]\(|</?[a-z]+[ >]|target=|class=|·END·|\bEND\b|扫码|继续阅读更多|Memo:|"
    r"[0-9a-f]{16,}|\*\*|&[a-z]+;|Skip to content|封面图|原文链接"
)


def _turns(script):
    return [t for ch in script.chapters for t in ch.turns]


def _assert_no_junk(script):
    for t in _turns(script):
        assert not JUNK.search(t.text), f"junk spoken at line {t.line}: {t.text[:120]!r}"
    for ch in script.chapters:
        assert not JUNK.search(ch.title), ch.title


def test_001_bold_labels_and_numbered_chapters(samples, voices_yaml):
    script = parse_file(sample("001"), known_speakers=load_voices(voices_yaml).known_speakers())
    assert script.title == "Lex 对话 Sam Altman：计算能力将成为未来的货币"
    assert script.language == "zh"
    assert script.meta["author"] == "投资实习所"
    assert [ch.title for ch in script.chapters] == [
        "", "OpenAI 董事会风波", "关于 Ilya Sutskever", "关于 Elon Musk 的诉讼", "关于 Sora", "关于 GPT-4",
        "记忆与隐私", "关于 Q*", "关于 GPT-5", "关于7万亿美元的计算能力", "Google 和 Gemini", "迈向 GPT-5 的飞跃",
        "关于AGI", "关于外星人",
    ]
    assert script.speakers == ["Lex Fridman", "Sam Altman"]
    intro = script.chapters[0]
    assert {t.speaker for t in intro.turns} == {None}
    assert len(intro.turns) == 10  # two paragraphs, seven quoted lines, the translation note
    per_speaker = Counter(t.speaker for t in _turns(script))
    assert per_speaker == {None: 10, "Lex Fridman": 194, "Sam Altman": 207}
    first = script.chapters[1].turns[0]
    assert first.speaker == "Lex Fridman" and first.text.startswith("请讲讲从 11 月 16 日")
    # A bold phrase right after a label is the speaker's text, not a heading.
    assert any(t.text.startswith("通向 AGI 的道路应该是一场巨大的权力斗争") for t in script.chapters[1].turns)
    # The paragraph wrapped around a broken URL is joined and the URL removed whole.
    assert "altman-2-transcript" not in " ".join(t.text for t in intro.turns)
    # Nothing after ·END· (related articles, QR-code boilerplate) is kept.
    assert script.chapters[-1].turns[-1].text.endswith("再次与你交谈真是我的荣幸和快乐。")
    _assert_no_junk(script)


def test_002_run_in_numbered_sections(samples):
    script = parse_file(sample("002"))
    assert [ch.title for ch in script.chapters] == [
        "", "GPT-5何时发布?", "谈论AGI何时来临没有意义", "Q*到底是什么?", "谈Sora:理解世界了,但仍有局限",
        "谈马斯克:尊重,未来仍能是朋友", "回顾“宫斗”,人生至暗时刻", "Ilya到底去哪了?",
    ]
    assert script.speakers == []
    bodies = [ch.turns[0].text for ch in script.chapters[1:]]
    assert bodies[0].startswith("在被问到GPT-5什么时候推出时")
    assert bodies[1].startswith("奥特曼曾经非常喜欢推测AGI")
    assert bodies[3].startswith("谈到Sora和世界模型")
    assert bodies[4].startswith("聊到马斯克那场drama")
    assert bodies[5].startswith("奥特曼提到去年11月17日")
    assert bodies[6].startswith("“what did Ilya see?”")
    assert [len(ch.turns) for ch in script.chapters] == [3, 4, 4, 4, 4, 5, 4, 5]
    text = " ".join(t.text for t in _turns(script))
    assert "infotextkey" not in text and "youtube.com" not in text.lower()
    _assert_no_junk(script)


def test_004_bilingual_line_by_line(samples):
    script = parse_file(sample("004"))
    assert script.source_format == "bilingual"
    turns = _turns(script)
    assert Counter(t.lang for t in turns) == {"en": 307, "zh": 22}
    assert all(t.speaker is None for t in turns)
    assert turns[0].lang == "en" and turns[1].lang == "zh"
    assert turns[1].text.startswith("下面是一段与 OpenAI 的 CEO Sam Altman 的对话")
    assert not any("lexfreedman.com" in t.text for t in turns)
    _assert_no_junk(script)


def test_samples_split_into_engine_sized_sentences(samples):
    for name in ("001", "002", "004"):
        script = parse_file(sample(name))
        for turn in _turns(script):
            for piece in split_text(turn.text, turn.lang, max_chars=120):
                if isinstance(piece, Sentence):
                    assert 0 < len(piece.text) <= 120
                    assert "".join(r.text for r in piece.runs) == piece.text
