"""Chinese subtitle lines break between words (jieba's), never inside one (一段关|于, 工|作), and
stay within the line length; Latin words are never cut either."""

from __future__ import annotations

import jieba
import pytest

from voicecast.text.subtitles import ZH_LINE, _width, _wrap

SENTENCES = [
    "我们今天来聊一段关于大模型的历史和未来发展的故事，这是一个很长的句子。",
    "在这一期节目里我们请到了一位研究人工智能安全的科学家来谈谈他的工作",
    "OpenAI 的 GPT-4 和 Anthropic 的 Claude 在推理能力上有什么不同呢？我们一起来看看吧。",
    "从零开始构建一个能够理解自然语言的系统需要大量的数据和计算资源以及耐心",
]


def _boundaries(text: str) -> set[int]:
    out, at = {0}, 0
    for word in jieba.cut(text):
        at += len(word)
        out.add(at)
    return out


@pytest.mark.parametrize("text", SENTENCES)
def test_lines_break_between_words_and_fit(text):
    lines = _wrap(text, True)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    words = _boundaries(text.replace(" ", ""))
    at = 0
    for line in lines[:-1]:
        at += len(line.replace(" ", ""))
        assert at in words, (line, lines)
    assert all(_width(line) <= ZH_LINE for line in lines), lines
