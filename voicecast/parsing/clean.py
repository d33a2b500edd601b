"""Removing what must never be spoken: URLs, images, link targets, HTML, hashes, credits and the
boilerplate that web copies of articles carry. Pure functions over strings."""

from __future__ import annotations

import html
import re
import unicodedata

from ..text.charclass import HAN
from .asides import is_cue_line
from .chrome import combine, is_chrome_line

# Markdown images, including ones nested inside a link: ![alt](src)
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
# Markdown links: keep the text, drop the target.
_LINK_RE = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*\)")
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
# Elements whose words are never speech: a picture's caption, a script, a style sheet, a button.
_UNSPOKEN_ELEMENT_RE = re.compile(r"<(figcaption|script|style|button)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# The tail of a tag whose start was lost: ``target=_blank class=infotextkey>``
_STRAY_ATTRS_RE = re.compile(
    r"(?:(?<=\s)|^)(?:[A-Za-z-]+=(?:\"[^\"]*\"|'[^']*'|[^\s<>\"']+)\s*)+/?>"
)
_URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>\"'）)\]」】，。；！？]*[^\s<>\"'）)\]」】，。；！？.,;:!?]")
_WWW_RE = re.compile(r"\bwww\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[^\s，。；！？]*)?")
# A bare domain with a path (lexfridman.com/hiring) or a well-known TLD on its own.
_DOMAIN_RE = re.compile(
    r"(?<![A-Za-z0-9.@-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|io|ai|cn|co|gov|edu|me|tv|fm|info)"
    r"(?:/[A-Za-z0-9_./?=&%#-]*)?(?![A-Za-z])"
)
_HEX_HASH_RE = re.compile(r"(?<![A-Za-z0-9])#?(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{16,}(?![A-Za-z0-9])")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_EMPHASIS_RE = re.compile(r"\*{2,}|_{2,3}|`+|~~")
# *word* emphasis; a lone star that belongs to a name (Q*) stays.
_STAR_PAIR_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_EMPTY_BRACKETS_RE = re.compile(r"\(\s*\)|（\s*）|\[\s*\]|【\s*】")
_SPACES_RE = re.compile(r"[ \t\u00a0\u3000]+")
_SPACE_BEFORE_CJK_PUNCT_RE = re.compile(r"\s+([，。；！？、：）」』”])")
_ZERO_WIDTH_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_ORPHAN_COLON_RE = re.compile(r"[:：]\s*(?=[，。,；;！？!?])")
_DANGLING_COLON_RE = re.compile(r"[:：]\s*$")

END_MARKER_RE = re.compile(
    r"^\s*[*_\s]*(?:[·•\-—–=~\s]*(?:END|End|end|完|全文完|THE END)[·•\-—–=~\s]*|（完）|\(完\))[*_\s]*$"
)

# Who wrote, edited or photographed: never spoken. Simplified and Traditional.
_CREDIT_KEYS = ("文|图|圖|摄影|攝影|撰文|采访|採訪|编辑|編輯|责编|責編|责任编辑|責任編輯|校对|校對|美编|美編|策划|策劃"
                "|审校|審校|监制|監製|排版|出品|图片来源|圖片來源|图源|圖源|题图|題圖|视觉|視覺|作者|来源|來源|本文来源|本文來源")
# The same inside a one-line copy: at the start or after a space or sentence end, up to the next space.
_INLINE_CREDIT_RE = re.compile(
    r"(?:^|(?<=[\s。！？!?]))(?:" + _CREDIT_KEYS + r")\s*[|｜丨/@:：]\s*[^\s。！？!?，,:：]{1,24}(?=\s|$)"
)
_BRACKETED_CREDIT_RE = re.compile(
    r"[(（\[【]\s*(?:图|圖|图片|圖片|图源|圖源|摄影|攝影|题图|題圖|photo|image|picture)(?:\s*(?:credit|by|来源|來源))?"
    r"\s*[:：/|｜@]\s*[^)）\]】\n]{1,40}[)）\]】]", re.I)

_JUNK_LINE_RES = [
    re.compile(r"^\s*skip to (?:main )?content\s*$", re.I),
    re.compile(r"^\s*(?:图片|图片来源|图源|题图|封面|头图|配图|来源|image|photo|cover)\s*(?:来自|来源|credits?|source)?\s*[:：].{0,80}$", re.I),
    re.compile(r"^\s*(?:image|photo|picture) (?:credit|courtesy|by)\b.{0,80}$", re.I),
    re.compile(r"^\s*题图(?:来自|由).{0,60}$"),
    re.compile(r"^.{0,30}(?:扫码|扫描二维码|长按识别|点击(?:上方|下方|「?阅读原文」?)|关注(?:我们|公众号)|阅读原文|星标|转载请).{0,30}$"),
    re.compile(r"^\s*(?:[*\-_]\s*){3,}$"),  # horizontal rules
    re.compile(r"^\s*(?:tags?|标签|標籤|share|分享到?|分享至)\s*[:：].{0,120}$", re.I),
    # Page furniture: breadcrumbs, share and subscribe rows, ads, copyright, "back to" links.
    re.compile(r"^\s*(?:首页|首頁|主页|home)\s*[>›»/]", re.I),
    re.compile(r"^\s*(?:share (?:on|this|via)\b|subscribe\b|sign up\b|follow us\b|advertisement\s*$|sponsored\s*$)"
               r".{0,100}$", re.I),
    re.compile(r"^\s*(?:©|\(c\)\s|copyright\b|版权所有|版權所有|all rights reserved).{0,120}$", re.I),
    re.compile(r"^.{0,20}(?:返回搜狐|查看更多|展开全文|展開全文|打开APP|打開APP|上一篇|下一篇|微信扫一扫|微信掃一掃"
               r"|关注我们|關注我們)[^。！？!?]{0,20}$"),
    re.compile(r"^\s*[【\[(（]?(?:广告|廣告|订阅|訂閱|点赞|點讚|在看|推广|推廣)[】\])）]?\s*$"),
    re.compile(r"^.{0,12}(?:点个在看|點個在看|点个赞|點個讚|分享给朋友|分享給朋友|一键三连|一鍵三連)[^。！？!?]{0,12}$"),
    # Captions under pictures ("▲ 工程师在调试机械臂"), arrows pointing at them, repost notices.
    re.compile(r"^\s*[▲△▼▽↑↓⬆⬇]+\s*.{0,60}$"),
    re.compile(r"^\s*(?:本文)?(?:转载自|轉載自|原文首发于|原文首發於|原载于|原載於|来源于|來源於).{0,60}$"),
    re.compile(r"^\s*[(\[（【]\s*(?:photo|image|picture|illustration|credit|图|圖|图片|圖片|摄影|攝影)[^)\]）】]{0,60}[)\]）】]\s*$",
               re.I),
    # Credits: "文|本报记者 王芳", "编辑：李强", "圖/達志影像", "采访：王芳  摄影：赵凯", bylines.
    re.compile(r"^\s*(?:(?:" + _CREDIT_KEYS + r")\s*[|｜丨/@:：]\s*[^\s。！？!?，,]{1,24}\s*)+$"),
    re.compile(rf"^\s*(?:文\s*[|｜丨/]\s*)?\S{{0,6}}(?:记者|記者|通讯员|通訊員)\s+[{HAN}·]{{2,4}}(?:[\s、，,]+[{HAN}·]{{2,4}})*\s*$"),
    re.compile(r"^\s*(?:By|BY) [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}\s*(?:[|·•,]\s*.{0,60})?$"),
    # When it was posted or updated, and by whom: "Posted on May 3, 2022 by editor", "发布于 2022-05-03".
    re.compile(r"^\s*(?:(?:posted|published|updated|last updated|first published)\b|发布于|發佈於|發布於|发表于|發表於|更新于"
               r"|更新於)[^。！？!?]{0,80}\d[^。！？!?]*$", re.I),
    # A clock time alone on its line ("8点26分", "上午10:15", "8:26 AM"): a live text's time stamp, no heading.
    re.compile(r"^\s*(?:(?:上午|下午|中午|晚上|凌晨|早上)\s*)?\d{1,2}\s*(?:[:：]\s*\d{2}(?:[:：]\d{2})?|[点點时時]\s*(?:\d{1,2}\s*分)?)"
               r"\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?\s*$", re.I),
    re.compile(r"^\s*[（(]\s*(?:本文)?(?:来源|來源|转自|轉自|原载|原載|作者|责任编辑|責任編輯|责编|責編|编辑|編輯|图片|圖片)"
               r"\s*[:：].{0,40}[）)]\s*$"),
    # Who transcribed it, and a transcript's keywords: "Transcribed by https://otter.ai", "SUMMARY KEYWORDS".
    re.compile(r"^\s*(?:transcribed|transcription|transcript|captions?|captioned|subtitles?)\s+(?:\w+\s+)?"
               r"(?:by|provided by|generated by|powered by)\b.{0,80}$", re.I),
    re.compile(r"^\s*(?:summary\s+)?(?:keywords|key words|关键词|關鍵詞)\s*[:：]?\s*$", re.I),
    # A date (and time, and length) alone on its line: "Mon, Oct 3, 2022 3:12PM • 45:10", "January 11, 2008".
    re.compile(r"^\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
               r"[a-z]*\.?\s+\d{1,2},?\s+\d{4}(?:[\s,•·|-]+[\d:apmAPM\s•·|-]{0,24})?\s*$"),
    # A dateline row under a web headline: "2025-11-03 09:12:40　来源：新闻网　作者：王晓".
    re.compile(r"^\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+[^。！？!?]{0,60})?\s*$"),
]

# One pattern for all of them (each keeps its own flags), so a line is scanned once. Each is anchored
# at the line's start, so the pattern is matched there rather than searched along the line.
_JUNK_LINE_RE = combine(_JUNK_LINE_RES)

# "文章作者: 投资实习所": header metadata that describes the article instead of being part of it.
META_KEYS = {
    "文章作者": "author", "作者": "author", "撰文": "author", "编辑": "editor", "责编": "editor",
    "责任编辑": "editor", "编译": "translator", "翻译": "translator", "发布时间": "date", "发布日期": "date",
    "时间": "date", "日期": "date", "发布地": "place", "来源": "origin", "原文链接": "source_url",
    "原文地址": "source_url", "封面图链接": "cover", "封面": "cover", "原标题": "original_title",
    "author": "author", "by": "author", "date": "date", "published": "date", "source": "origin",
    "url": "source_url", "link": "source_url", "cover": "cover",
}
_META_RE = re.compile(r"^\s*\**\s*([^:：\s*]{1,8}|[A-Za-z]{2,10})\s*\**\s*[:：]\s*(.+?)\s*$")


def meta_field(line: str) -> tuple[str, str] | None:
    """``("author", "投资实习所")`` for a header metadata line, else ``None``."""
    m = _META_RE.match(line)
    if not m:
        return None
    key = META_KEYS.get(m.group(1).lower())
    return (key, m.group(2)) if key else None


def is_end_marker(line: str) -> bool:
    """``·END·``, ``- 完 -`` and friends: nothing after them is part of the article."""
    return bool(END_MARKER_RE.match(line))


# "（本报记者 王晓）" opening a news report: who reported it, in brackets.
_BRACKETED_REPORTER_RE = re.compile(r"[(（]\s*(?:本报|本報|本刊|本台|新华社|新華社)?(?:特约)?(?:记者|記者|通讯员|通訊員)"
                                    r"[\s·、，,A-Za-z\u4e00-\u9fff]{2,20}[)）]")


def strip_inline_credits(line: str) -> str:
    """``文｜林小雨 攝影｜張大偉 清晨五點…`` → ``清晨五點…``: credits inside a line, each ending at a space
    (only lines with spaces between their parts; a label such as ``记者：`` never is), and credits in
    brackets anywhere (``（图/受访者提供）``, ``(Photo: Getty)``)."""
    if "(" in line or "（" in line or "[" in line or "【" in line:
        line = _BRACKETED_REPORTER_RE.sub("", _BRACKETED_CREDIT_RE.sub("", line))
    if " " not in line.strip() and "\u3000" not in line.strip():
        return line
    return _INLINE_CREDIT_RE.sub("", line)


# The key of a box of links to other pages ("相关阅读", "延伸閱讀：", "Related stories"): the headlines
# right under it are links too (blocks.to_blocks).
_LINKS_KEY_RE = re.compile(r"^\s*(?:相关阅读|相關閱讀|推荐阅读|推薦閱讀|延伸阅读|延伸閱讀|往期推荐|往期推薦|往期回顾|往期回顧|热门文章"
                           r"|熱門文章|related(?: articles| posts| reading| stories| content)?|read more|more from .{1,30}"
                           r"|you may also like|recommended(?: for you| reading)?)\s*[:：]?\s*$", re.I)


def is_links_key(line: str) -> bool:
    """The key of a box of links to other pages (``相关阅读``, ``Related stories``)."""
    return bool(_LINKS_KEY_RE.match(line))


def is_junk_line(line: str) -> bool:
    """A whole line that is never spoken: credits, share buttons, "Skip to content", rules, an
    audio script's sound cue."""
    if _JUNK_LINE_RE.match(line) or is_chrome_line(line) or is_cue_line(line) or is_links_key(line):
        return True
    return is_link_only(line)


def is_link_only(line: str) -> bool:
    """A line made only of images and links (a related-articles entry, a banner)."""
    stripped = line.strip()
    if not stripped:
        return False
    has_link = bool(_IMAGE_RE.search(stripped) or _LINK_RE.search(stripped) or _URL_RE.search(stripped))
    if not has_link:
        return False
    rest = _URL_RE.sub("", _LINK_RE.sub("", _IMAGE_RE.sub("", stripped)))
    return not rest.strip(" \t*_-|·•>")


def strip_markup(text: str) -> str:
    """Markdown/HTML markup out, link text kept, escapes resolved, URLs and hashes removed. Each
    pattern runs only where the text (as it stands by then) has the characters it needs."""
    if "<" in text:
        text = _UNSPOKEN_ELEMENT_RE.sub("", _HTML_COMMENT_RE.sub("", text))
    if "](" in text:
        text = _IMAGE_RE.sub("", text)
        # A link whose text is itself only an image (already removed) or a URL vanishes.
        text = _LINK_RE.sub(lambda m: "" if _URL_RE.fullmatch(m.group(1).strip()) else m.group(1), text)
    if "<" in text:
        text = _HTML_TAG_RE.sub("", text)
    if "=" in text and ">" in text:
        text = _STRAY_ATTRS_RE.sub(" ", text)
    if "://" in text:
        text = _URL_RE.sub("", text)
    if "www." in text:
        text = _WWW_RE.sub("", text)
    if "." in text:
        text = _DOMAIN_RE.sub("", text)
    text = _HEX_HASH_RE.sub("", text)
    if "\\" in text:
        text = _MD_ESCAPE_RE.sub(r"\1", text)
    if "*" in text or "_" in text or "`" in text or "~" in text:
        text = _STAR_PAIR_RE.sub(r"\1", _EMPHASIS_RE.sub("", text))
    if "(" in text or "（" in text or "[" in text or "【" in text:
        text = _EMPTY_BRACKETS_RE.sub("", text)
    return tidy(text)


# A complete character reference: named, decimal or hex, with its semicolon. Without one, "&copy"
# or "a&para…" is left as written: in transcripts that is far more often R&D than an entity.
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ENTITY_SPACE_RE = re.compile(r"[\s\xa0]")


def decode_entities(text: str) -> str:
    """Every HTML character reference decoded by the standard library (``html.unescape``), twice
    over for the doubly-escaped ``&amp;quot;`` web copies carry. A decoded line break, tab or
    no-break space becomes a plain space, so line numbers stay those of the file. A reference to an
    entity HTML does not define (``&lol9;``, left by an XML entity bomb nothing expanded) is dropped:
    it names nothing a voice could say."""
    for _ in range(2):
        if "&" not in text:
            break
        text = _ENTITY_RE.sub(_decode_one, text)
    return text


def _decode_one(m: re.Match) -> str:
    decoded = html.unescape(m.group(0))
    return "" if decoded == m.group(0) else _ENTITY_SPACE_RE.sub(" ", decoded)


# Kangxi radicals, CJK radicals and compatibility ideographs: the forms some PDFs are written with
# (⽅法 for 方法). No voice reads them; NFKC maps each to the character it stands for.
_COMPAT_IDEOGRAPH_RE = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


# Colons as Word, PDF copies and old pages write them: ratio ∶, small ﹕, presentation forms ︰ ︓.
_ODD_COLON_RE = re.compile("(?<![0-9０-９])[\u2236\ufe55\ufe30\ufe13](?![0-9０-９])")


def standard_ideographs(text: str) -> str:
    """``⽅⼜`` → ``方又``: each compatibility form NFKC maps to a standard character becomes it;
    a colon written with another mark (``主持人∶``) becomes ``：``, except between digits (a ratio)."""
    text = _ODD_COLON_RE.sub("：", text)
    return _COMPAT_IDEOGRAPH_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def tidy(text: str) -> str:
    """Collapse runs of spaces, drop spaces before Chinese punctuation and a colon left hanging
    before other punctuation once its URL was removed."""
    text = _ZERO_WIDTH_RE.sub("", text)
    text = _SPACES_RE.sub(" ", text)
    text = _ORPHAN_COLON_RE.sub("", text)
    text = _SPACE_BEFORE_CJK_PUNCT_RE.sub(r"\1", text)
    return text.strip()


def drop_dangling_colon(text: str) -> str:
    """"感兴趣的朋友可以移步:" once its URL is gone reads better without the colon."""
    return _DANGLING_COLON_RE.sub("。" if text and not text.isascii() else ".", text) if text else text


# What `voicecast check` reports as leftover markup in a parsed script.
LEFTOVER_RES = {
    "URL": re.compile(r"https?://|www\.", re.I),
    "HTML tag": re.compile(r"</?[A-Za-z][A-Za-z0-9]*[\s>]"),
    "Markdown link or image": re.compile(r"!?\[[^\]]*\]\("),
    "emphasis markup": re.compile(r"\*\*|__"),
    "HTML entity": re.compile(r"&[a-z]+;"),
}


def leftover_markup(text: str) -> list[str]:
    return [name for name, rx in LEFTOVER_RES.items() if rx.search(text)]
