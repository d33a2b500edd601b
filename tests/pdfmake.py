"""A tiny PDF writer for test fixtures: pages of text lines (Chinese and English through one
Identity-H font with a ToUnicode map, which is all a text layer needs), an optional outline, and
pages with no text at all (a scanned document). No dependency, a few kilobytes per file."""

from __future__ import annotations

from pathlib import Path

PAGE_W, PAGE_H = 595, 842


def _hex_utf16(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _cid_string(text: str) -> str:
    return "<" + "".join(f"{ord(ch):04X}" for ch in text) + ">"


def make_pdf(path: Path, pages: list[list[str]], outline: list[tuple[str, int]] | None = None,
             title: str = "", author: str = "", size: int = 11, leading: int = 16) -> Path:
    """``pages``: the lines of each page, top to bottom (an empty list is a page with no text).
    ``outline``: ``(title, page index)`` entries."""
    chars = sorted({ch for page in pages for line in page for ch in line} | {" "})
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    catalog = add("")  # filled in below
    pages_obj = add("")
    cmap = "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in chars)
    cmap_stream = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /VC def "
                   "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                   f"{len(chars)} beginbfchar\n{cmap}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop "
                   "end end").encode("ascii")
    to_unicode = add(b"<< /Length %d >>\nstream\n" % len(cmap_stream) + cmap_stream + b"\nendstream")
    descriptor = add("<< /Type /FontDescriptor /FontName /VCSans /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
                     "/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    cid_font = add(f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /VCSans /CIDSystemInfo << /Registry (Adobe) "
                   f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /DW 1000 "
                   f"/CIDToGIDMap /Identity >>")
    font = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /VCSans /Encoding /Identity-H "
               f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>")
    page_ids = []
    for lines in pages:
        ops = ["BT", f"/F1 {size} Tf"]
        y = PAGE_H - 60
        for line in lines:
            ops.append(f"1 0 0 1 50 {y} Tm {_cid_string(line)} Tj")
            y -= leading
        ops.append("ET")
        content = "\n".join(ops).encode("latin-1")
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page_ids.append(add(f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {stream} 0 R >>"))
    objects[pages_obj - 1] = (f"<< /Type /Pages /Kids [{' '.join(f'{p} 0 R' for p in page_ids)}] "
                              f"/Count {len(page_ids)} >>").encode("latin-1")
    outline_ref = ""
    if outline:
        root = add("")
        first = len(objects) + 1
        ids = list(range(first, first + len(outline)))
        for k, (entry, page) in enumerate(outline):
            links = f"/Parent {root} 0 R"
            links += f" /Prev {ids[k - 1]} 0 R" if k else ""
            links += f" /Next {ids[k + 1]} 0 R" if k + 1 < len(ids) else ""
            add(f"<< /Title {_hex_utf16(entry)} {links} /Dest [{page_ids[page]} 0 R /XYZ 0 {PAGE_H} 0] >>")
        objects[root - 1] = f"<< /Type /Outlines /First {ids[0]} 0 R /Last {ids[-1]} 0 R /Count {len(ids)} >>".encode()
        outline_ref = f" /Outlines {root} 0 R"
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R{outline_ref} >>".encode("latin-1")
    info = add(f"<< /Title {_hex_utf16(title)} /Author {_hex_utf16(author)} /CreationDate (D:20250412093000Z) >>")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode("latin-1")
    Path(path).write_bytes(bytes(out))
    return Path(path)
