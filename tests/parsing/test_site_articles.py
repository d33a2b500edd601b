"""A site's article saved as Markdown with its own front matter (a static-site generator's or an
archive's: date, tags, categories, the original address) is a web copy, read as a transcript with
its furniture removed; only a front matter voicecast writes or reads (``language:``, or nothing but
its own keys) makes voicecast's own format, where every label is deliberate."""

from __future__ import annotations

from voicecast.parsing import detect_format, parse_text

ARTICLE = """---
title: "茶樓的最後一天"
date: "2020-05-01"
author: "記者林小雨"
tags:
  - "茶樓"
original_url: "https://example.org/article/1"
---

# 茶樓的最後一天

記者走進茶樓，見到經理陳大文正在收拾。

**問：記者          陳：茶樓經理陳大文「阿陳」**

**問：做了多少年？**

**陳：** 三十年了，由學徒做起。

<figcaption>陳大文在茶樓工作三十年。林小雨攝</figcaption>

**問：以後有甚麼打算？**

**陳：** 休息一下，陪陪家人。

（註：茶樓於1950年開業，經歷三代經營。）

**問：多謝你。**

**陳：** 唔使客氣。
"""


def test_a_sites_front_matter_is_a_web_copy_read_as_a_transcript():
    assert detect_format(ARTICLE) == "transcript"
    script = parse_text(ARTICLE)
    turns = [(t.speaker, t.text) for ch in script.chapters for t in ch.turns]
    said = " ".join(text for _, text in turns)
    assert script.title == "茶樓的最後一天"
    for furniture in ("林小雨攝", "陳大文在茶樓工作三十年", "註", "1950年", "茶樓經理陳大文「阿陳」", "original_url"):
        assert furniture not in said, furniture
    # The legend in bold names both sides; the questions set wholly in bold are the reporter's turns.
    assert [s for s, _ in turns] == [None] + ["記者", "陳大文"] * 3, turns
    assert turns[1] == ("記者", "做了多少年？")


def test_voicecasts_own_front_matter_stays_its_format():
    own = "---\ntitle: 节目\nlanguage: zh\ntags: [a]\n---\n# 第一章\n主持人: 你好。\n"
    assert detect_format(own) == "voicecast"
    assert detect_format("---\ntitle: 节目\nauthor: 我\n---\n主持人: 你好。\n") == "voicecast"


def test_check_says_why_a_front_matter_was_read_as_a_web_copy(tmp_path):
    from click.testing import CliRunner

    from voicecast.cli.main import cli

    path = tmp_path / "article.md"
    path.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "voices.yaml").write_text("speakers:\n  記者: {kokoro: zf_xiaoxiao}\n  陳大文: {kokoro: zm_yunxi}\n",
                                          encoding="utf-8")
    out = CliRunner().invoke(cli, ["check", str(path), "--voices", str(tmp_path / "voices.yaml")]).output
    assert f"{path}:1: warning: the front matter has no `language:` and keys voicecast does not read " \
           "(tags, original_url)" in out, out
