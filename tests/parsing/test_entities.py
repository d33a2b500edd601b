"""HTML entities that web copies leave in text are decoded (all of them, by the standard library)
before any importer reads the text, so none is ever spoken."""

from __future__ import annotations

import pytest

from voicecast.parsing import parse_text
from voicecast.planning.check import check_script
from voicecast.planning.voices import parse_voices

ENTITIES = "他说&quot;好的&quot;&mdash;然后&hellip;It&#39;s &#x4F60;&#20320;好&nbsp;R&amp;D &lt;5&gt; &amp;quot;再见&amp;quot;。"
SPOKEN = '他说"好的"—然后…It\'s 你你好 R&D <5> "再见"。'

SOURCES = {
    "transcript": "主持人: 开场白。\n\n嘉宾: {text}\n",
    "voicecast": "---\ntitle: 实体&amp;测试\n---\n# 第一章\n\n主持人: 开场白。\n\n嘉宾: {text}\n",
    "bilingual": "Hello there.\n你好。\nHow are you &amp; yours?\n{text}\n",
}


KNOWN = {"主持人": "主持人", "嘉宾": "嘉宾", "Host": "Host"}


def _texts(script):
    return [t.text for ch in script.chapters for t in ch.turns]


@pytest.mark.parametrize("fmt", SOURCES)
def test_every_importer_decodes_entities_first(fmt):
    script = parse_text(SOURCES[fmt].format(text=ENTITIES), fmt=fmt, known_speakers=KNOWN)
    texts = _texts(script)
    assert not any("&" in t and ";" in t.split("&", 1)[1][:9] for t in texts), texts
    assert any(SPOKEN in t for t in texts), texts
    findings = check_script(script, parse_voices("speakers: {主持人: {kokoro: zm_yunxi}, 嘉宾: {kokoro: zf_xiaoyi}}"))
    assert not [f for f in findings if "entity" in f.message], findings


def test_a_numeric_newline_entity_does_not_move_line_numbers():
    script = parse_text("主持人: 第一行&#10;还是第一行。\n\n嘉宾: 第三行。\n", fmt="transcript", known_speakers=KNOWN)
    turns = [t for ch in script.chapters for t in ch.turns]
    assert [(t.speaker, t.line) for t in turns] == [("主持人", 1), ("嘉宾", 3)]
    assert turns[0].text == "第一行 还是第一行。"


def test_text_that_only_looks_like_an_entity_is_left_alone():
    script = parse_text("Host: R&D and AT&T met at a&paragraph, Q&A &copy 2024.\n", fmt="transcript",
                        known_speakers=KNOWN)
    assert _texts(script) == ["R&D and AT&T met at a&paragraph, Q&A &copy 2024."]


def test_kangxi_radicals_and_compatibility_ideographs_become_the_characters_they_stand_for():
    script = parse_text("主持人: 这个⽅法⼜快⼜好，⾦⼦一样。\n\n嘉宾: 是的。\n\n主持人: 好。\n\n嘉宾: 对。\n")
    assert [t.text for ch in script.chapters for t in ch.turns][0] == "这个方法又快又好，金子一样。"
    from voicecast.parsing.clean import standard_ideographs

    assert standard_ideographs("⽇\uf900") == "日豈" and standard_ideographs("ＡＢ，。") == "ＡＢ，。"
    # A radical NFKC has no character for stays, and is reported as not spoken.
    from voicecast.text.speakable import split_speakable

    assert standard_ideographs("⺠") == "⺠" and split_speakable("人⺠")[1]


def test_an_undefined_entity_is_not_spoken():
    from voicecast.parsing.clean import decode_entities

    assert decode_entities("前&lol9;后 &amp;lol1; R&D &copy 2024 &notanentity") == "前后  R&D &copy 2024 &notanentity"
