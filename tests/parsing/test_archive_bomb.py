"""An EPUB or DOCX that would inflate far past any real document is refused from its directory,
in under 2 s and without the memory it asks for; a PDF whose page contents inflate past any real
document's (one stream of 512 MiB, or twenty pages of 60 MiB each) likewise; a real book, document
and PDF still read."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

BOMB_MIB = 512  # over the bound, small enough to build in about a second

# The child's own peak (VmHWM, in kB): ru_maxrss would carry the peak of the process that started
# it (Linux keeps it across fork and exec), so a big test run around this test would show as its own.
MEASURE = """
import re, sys, time
from voicecast.errors import ScriptError
from voicecast.parsing import parse_file
start = time.perf_counter()
try:
    parse_file(sys.argv[1])
    print("parsed")
except ScriptError as exc:
    print("refused", exc)
status = open("/proc/self/status", encoding="ascii").read()
print(time.perf_counter() - start, re.search(r"VmHWM:\\s*(\\d+)", status).group(1))
"""


def _bomb(path, kind: str):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        if kind == "epub":
            zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
            zf.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" '
                        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
                        'full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
            zf.writestr("content.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
                        'version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
                        '<dc:identifier id="id">bomb</dc:identifier><dc:title>Bomb</dc:title><dc:language>en'
                        '</dc:language></metadata><manifest><item id="c1" href="ch1.xhtml" '
                        'media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>')
            name = "ch1.xhtml"
        else:
            zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                        'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
            name = "word/document.xml"
        with zf.open(name, "w", force_zip64=True) as out:
            block = b" " * (1 << 20)
            for _ in range(BOMB_MIB):
                out.write(block)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["epub", "docx"])
def test_an_archive_bomb_is_refused_fast_and_small(tmp_path, kind):
    bomb = _bomb(tmp_path / f"bomb.{kind}", kind)
    assert bomb.stat().st_size < 8 << 20
    out = subprocess.run([sys.executable, "-c", MEASURE, str(bomb)], capture_output=True, text=True, timeout=60)
    said, numbers = out.stdout.strip().rsplit("\n", 1)
    seconds, max_rss_kib = numbers.split()
    assert said.startswith("refused") and "too large when uncompressed" in said and "archive bomb" in said, said
    assert float(seconds) < 2.0
    assert int(max_rss_kib) < 300 * 1024


def _pdf_bomb(path, mib: int, pages: int):
    """A PDF of ``pages`` pages, each drawing one word and then ``mib`` MiB of spaces, deflated."""
    import zlib

    pack = zlib.compressobj(9)
    chunk = b"BT /F1 12 Tf 72 720 Td (Hi) Tj ET\n"
    data = b"".join(pack.compress(chunk + b" " * ((1 << 20) - len(chunk))) for _ in range(mib)) + pack.flush()
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i in range(pages):
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * i} 0 R "
                    "/Resources << /Font << /F1 3 0 R >> >> >>".encode())
        objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.mark.slow
@pytest.mark.parametrize("mib,pages", [(512, 1), (60, 20)])
def test_a_pdf_bomb_is_refused_fast_and_small(tmp_path, mib, pages):
    bomb = _pdf_bomb(tmp_path / "bomb.pdf", mib, pages)
    assert bomb.stat().st_size < 4 << 20
    out = subprocess.run([sys.executable, "-c", MEASURE, str(bomb)], capture_output=True, text=True, timeout=120)
    said, numbers = out.stdout.strip().rsplit("\n", 1)
    seconds, max_rss_kib = numbers.split()
    assert said.startswith("refused") and "too large when uncompressed" in said, said
    assert float(seconds) < 2.0
    assert int(max_rss_kib) < 300 * 1024


def test_real_documents_are_within_the_bound(tmp_path):
    from test_documents import _docx
    from test_epub import make_book

    from voicecast.parsing import parse_file

    assert parse_file(make_book(tmp_path / "book.epub")).chapters
    assert parse_file(_docx(tmp_path / "talk.docx")).chapters
    from pdfmake import make_pdf

    lines = [f"主持人：这是第{i}页的问题，我们谈谈你的研究。" for i in range(30)]
    assert parse_file(make_pdf(tmp_path / "talk.pdf", [lines] * 40)).chapters
