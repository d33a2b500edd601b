"""PDF files as sources (their text layer, read by pypdf): running headers, footers and page numbers
never spoken, lines wrapped by the page re-joined into paragraphs (across page breaks and
hyphenated words too), the outline as chapters; a scanned or broken PDF is one clear line."""

from __future__ import annotations

import textwrap

from click.testing import CliRunner
from pdfmake import make_pdf

from voicecast.cli.main import cli
from voicecast.parsing import parse_file
from voicecast.parsing.pdf import drop_furniture

TURNS = [
    ("主持人", "今天我们请到了研究城市河流三十年的林教授。林教授，您第一次看到这条河是什么时候？"),
    ("林教授", "七岁那年，跟着祖父去钓鱼。那时候河水很清，岸边全是芦苇，夏天的傍晚有很多孩子在浅滩上捉鱼，"
              "大人们坐在石阶上聊天，一直到天黑才回家。"),
    ("主持人", "后来呢？"),
    ("林教授", "后来城市越来越大，河道被截弯取直，两岸修起了水泥堤坝。河还在，可是人和河之间的联系慢慢断了。"
              "我做研究，就是想把这种联系找回来。"),
    ("主持人", "您觉得能找回来吗？"),
    ("林教授", "能。这几年很多城市开始拆掉硬化的河岸，重新种上植物，让人能走到水边。这是一个好的开始。"),
]


def _wrap_zh(label: str, text: str, width: int = 24) -> list[str]:
    full = f"{label}：{text}"
    return [full[i:i + width] for i in range(0, len(full), width)]


def _pages() -> list[list[str]]:
    lines = [line for who, said in TURNS for line in _wrap_zh(who, said)]
    english = ["Host: In English, please: what should a city do first?",
               "Lin: Start with infor-", "mation. Measure the water, publish the data, and let",
               "people see what the river is doing every day.", "Host: And then?",
               "Lin: Then give the banks back to the people who live by them."]
    body = [lines[:6], lines[6:12], lines[12:] + english[:2], english[2:]]
    # Page 3's chapter heading, as the outline names it.
    body[2].insert(len(lines) - 12, "二、英文部分")
    header = "河流访谈录 · 第三期"
    return [[header] + page + [f"第 {n} 页 / 共 4 页"] for n, page in enumerate(body, start=1)]


def _book(tmp_path):
    return make_pdf(tmp_path / "interview.pdf", _pages(), outline=[("一、河流与城市", 0), ("二、英文部分", 2)],
                    title="河流访谈录", author="城市杂志")


def test_pdf_text_layer_gives_chapters_turns_and_no_furniture(tmp_path):
    script = parse_file(_book(tmp_path))
    assert script.source_format == "pdf"
    assert (script.title, script.meta["author"], script.meta["date"]) == ("河流访谈录", "城市杂志", "2025-04-12")
    # The outline's titles, their "一、" numbering left out as for every heading.
    assert [c.title for c in script.chapters] == ["河流与城市", "英文部分"]
    turns = [(t.speaker, t.text) for c in script.chapters for t in c.turns]
    # Paragraphs come back whole: wrapped lines and a paragraph that runs over a page break.
    assert turns[:len(TURNS)] == TURNS
    # The English part is the same two people, labelled in English in the same order of turns:
    # one person, one voice (identities.translated), named as the document first names them.
    assert turns[len(TURNS):] == [
        ("主持人", "In English, please: what should a city do first?"),
        ("林教授", "Start with information. Measure the water, publish the data, and let people see what the river "
                "is doing every day."),
        ("主持人", "And then?"), ("林教授", "Then give the banks back to the people who live by them.")]
    spoken = "\n".join(t for _, t in turns)
    assert "第三期" not in spoken and "页" not in spoken


def test_furniture_is_what_repeats_at_the_edges():
    pages = [["Annual Report 2025", f"Body line {n} of the text.", "More text here.", f"Page {n} of 3"]
             for n in (1, 2, 3)]
    assert drop_furniture(pages) == [[f"Body line {n} of the text.", "More text here."] for n in (1, 2, 3)]
    # A line that merely repeats in the body (a refrain) is not furniture.
    pages = [["Intro.", "Again and again.", "Middle.", "Again and again.", "Outro."] for _ in range(3)]
    kept = drop_furniture(pages)
    assert all("Middle." in p for p in kept)


def test_a_scanned_pdf_says_it_has_no_text_layer(tmp_path):
    scanned = make_pdf(tmp_path / "scan.pdf", [[], [], []])
    result = CliRunner().invoke(cli, ["parse", str(scanned)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{scanned}: this PDF has no text layer (a scanned document?): run OCR first" in result.output


def test_a_broken_pdf_is_one_clear_line(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(_book(tmp_path).read_bytes()[:300])
    result = CliRunner().invoke(cli, ["parse", str(broken)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert str(broken) in result.output and ("not a readable PDF" in result.output or "no text layer" in result.output)


def test_import_then_parse_gives_the_same_script(tmp_path):
    source = _book(tmp_path)
    out = tmp_path / "interview.md"
    assert CliRunner().invoke(cli, ["import", str(source), "-o", str(out)]).exit_code == 0
    a, b = parse_file(source), parse_file(out)
    assert [(c.title, [(t.speaker, t.text) for t in c.turns]) for c in a.chapters] == \
        [(c.title, [(t.speaker, t.text) for t in c.turns]) for c in b.chapters]
    assert b.meta["source"] == str(source)


def test_english_paragraphs_without_labels(tmp_path):
    text = ("The river was the first road of the city. Boats carried grain and stone, and the markets grew "
            "along its banks. ") * 4
    lines = textwrap.wrap(text, 70)
    pdf = make_pdf(tmp_path / "essay.pdf", [lines[: len(lines) // 2], lines[len(lines) // 2:] + ["The end."]])
    script = parse_file(pdf)
    turns = [t.text for c in script.chapters for t in c.turns]
    assert turns == [text.strip(), "The end."]


def test_a_court_transcripts_line_numbers_and_running_header_are_not_spoken(tmp_path):
    """Each page numbers its lines 1–12 down the margin and repeats a running header; the numbers
    are neither turns nor speech, the header is never a chapter, and Q./A. label the sides."""
    pages = []
    for page in range(4):
        lines = ["Official - Subject to Final Review"]
        for n in range(1, 13):
            lines.append(f"{n}  Q. Where were you on the night of the {page * 12 + n}th?" if n % 2 else
                         f"{n}  A. I was at home, reading a book about rivers.")
        lines.append(f"Heritage Reporting Corporation {page + 1}")
        pages.append(lines)
    script = parse_file(make_pdf(tmp_path / "court.pdf", pages))
    turns = [(t.speaker, t.text) for c in script.chapters for t in c.turns]
    assert [c.title for c in script.chapters if c.title] == []
    assert all(not text.split()[0].isdigit() for _, text in turns), turns[:5]
    assert {s for s, _ in turns} == {"Q", "A"}
    spoken = " ".join(text for _, text in turns)
    assert "Official" not in spoken and "Heritage" not in spoken


def test_the_word_index_at_the_end_of_a_transcript_is_not_spoken(tmp_path):
    body = [["Q. Where were you that night?", "A. At home, reading.", "Q. Alone?", "A. With my sister."]]
    index = [["able 3:4 7:12", "about 2:1 4:9 9:22", "absolutely 12:3 14:4", "account 5:16 6:2 8:8 10:1",
              "after 1:5 2:19"]]
    script = parse_file(make_pdf(tmp_path / "t.pdf", body + index))
    spoken = " ".join(t.text for c in script.chapters for t in c.turns)
    assert "With my sister." in spoken and "able" not in spoken and "3:4" not in spoken
    # A time in speech is not an index reference.
    from voicecast.parsing.pdf import is_index_line

    assert not is_index_line("We met at 3:30 and left at 4:15 that day.")
