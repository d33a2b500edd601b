"""Word documents as sources: heading styles are chapters, bold labels are speakers, the title and
author are front matter; a broken file gets one clear line."""

from __future__ import annotations

import docx
from click.testing import CliRunner

from voicecast.cli.main import cli
from voicecast.parsing import parse_file
from voicecast.parsing.writer import to_markdown


def _docx(path):
    d = docx.Document()
    d.core_properties.title = "城市与河流"
    d.core_properties.author = "本刊编辑部"
    d.add_paragraph("一次关于河流的对话", style="Title")
    d.add_paragraph("采访于 2026 年春天，在一座老桥边进行。")
    d.add_heading("为什么是河流", level=1)
    for who, said in (("主持人：", "您为什么研究河流？"), ("嘉宾：", "因为河流记得城市的过去。"),
                      ("主持人：", "比如呢？"), ("嘉宾：", "每一座桥都是一段历史。")):
        p = d.add_paragraph()
        p.add_run(who).bold = True
        p.add_run(said)
    d.add_heading("结尾", level=1)
    p = d.add_paragraph()
    p.add_run("主持人：").bold = True
    p.add_run("谢谢您。这里的")
    p.add_run("重点").bold = True  # bold inside the text is emphasis, not a label
    p.add_run("是河流。")
    d.save(path)
    return path


def test_docx_headings_are_chapters_and_bold_labels_speakers(tmp_path):
    script = parse_file(_docx(tmp_path / "访谈.docx"))
    assert script.source_format == "docx"
    # The visible Title paragraph names the script; the file's own properties only fill in.
    assert (script.title, script.meta["author"]) == ("一次关于河流的对话", "本刊编辑部")
    assert [c.title for c in script.chapters] == ["", "为什么是河流", "结尾"]
    assert [(t.speaker, t.text) for c in script.chapters for t in c.turns] == [
        (None, "采访于 2026 年春天，在一座老桥边进行。"),
        ("主持人", "您为什么研究河流？"), ("嘉宾", "因为河流记得城市的过去。"),
        ("主持人", "比如呢？"), ("嘉宾", "每一座桥都是一段历史。"),
        ("主持人", "谢谢您。这里的重点是河流。"),
    ]
    again = to_markdown(script)
    assert "title: 一次关于河流的对话" in again and "# 为什么是河流" in again


def test_a_broken_docx_is_one_clear_line(tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = CliRunner().invoke(cli, ["parse", str(bad)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"{bad}: not a readable Word document" in result.output and "save it again as .docx" in result.output


def test_without_a_title_paragraph_the_file_properties_name_it(tmp_path):
    d = docx.Document()
    d.core_properties.title = "城市与河流"
    d.add_heading("开场", level=1)
    d.add_paragraph("今天我们聊聊河流。")
    d.save(tmp_path / "a.docx")
    script = parse_file(tmp_path / "a.docx")
    assert script.title == "城市与河流" and [c.title for c in script.chapters] == ["开场"]


def test_unsupported_files_are_one_clear_line(tmp_path):
    import zipfile

    cases = {"photo.jpg": (b"\xff\xd8\xff\xe0" + b"\0" * 64, "is a JPEG picture, which voicecast does not read"),
             "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "save it as .docx"),
             "talk.mp3": (b"ID3\x04\0\0" + b"\0" * 64, "voicecast makes audio from text; give the transcript"),
             "talk.m4a": (b"\0\0\0\x20ftypM4A " + b"\0" * 64, "is an MP4/M4A media file")}
    for name, (data, _message) in cases.items():
        (tmp_path / name).write_bytes(data)
    with zipfile.ZipFile(tmp_path / "notes.zip", "w") as zf:
        zf.writestr("a.txt", "hello")
    cases["notes.zip"] = (b"", "is a ZIP archive that is not an .epub or .docx")
    for name, (_, message) in cases.items():
        result = CliRunner().invoke(cli, ["parse", str(tmp_path / name)])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert f"{tmp_path / name}: " in result.output and message in result.output, result.output


def test_docx_import_then_parse_gives_the_same_script(tmp_path):
    source = _docx(tmp_path / "访谈.docx")
    out = tmp_path / "访谈.md"
    assert CliRunner().invoke(cli, ["import", str(source), "-o", str(out)]).exit_code == 0
    a, b = parse_file(source), parse_file(out)
    assert [(c.title, [(t.speaker, t.text) for t in c.turns]) for c in a.chapters] == \
        [(c.title, [(t.speaker, t.text) for t in c.turns]) for c in b.chapters]
    assert b.meta["source"] == str(source) and b.title == a.title
