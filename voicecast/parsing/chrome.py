"""A web page's chrome around the text it carries: counter rows (``阅读 2381 评论 12``), reader-mode,
transcoder and autoplay notices, its disclaimer, the page's controls (``Download PDF``, ``登录 | 注册``:
a button's words, no sentence), a counter alone, the transcript speaking of itself (how it was made,
how far to trust it), a comment's byline, "remember our address" lines, subscription appeals and the site's own
name. Each is recognised by what such lines are made of (counter words beside numbers, a word for
the site itself beside a word for its address, an appeal beside a word for support), never by the
strings of one site. Pure functions over one line."""

from __future__ import annotations

import re

_COUNTER_WORDS = (
    "阅读|閱讀|浏览|瀏覽|评论|評論|回复|回覆|点赞|點讚|點贊|赞|讚|贊|收藏|转发|轉發|转贴|轉貼|推荐|推薦|分享|喜欢|喜歡"
    "|人气|人氣|热度|熱度|播放|订阅|訂閱|关注|關注|粉丝|粉絲|views?|reads?|comments?|likes?|shares?|replies|votes?"
    "|followers?|subscribers?|plays?|listens?"
)
_NUMBER = r"\d[\d,.]*\s*(?:[kKmMwW万萬]|次|人|条|條)?"
# One counter: a counter word and its number, in either order ("阅读 2381", "1,204 views", "评论(12)").
_COUNTER = rf"(?:(?:{_COUNTER_WORDS})(?:数|數|量|次数|次數)?\s*[:：]?\s*[(（]?\s*{_NUMBER}\s*[)）]?|{_NUMBER}\s*(?:{_COUNTER_WORDS}))"
_COUNTER_ROW_RE = re.compile(
    rf"^\s*(?:{_COUNTER}\s*[·|•,，/丨｜]?\s*){{2,}}(?:[^\s\d。！？!?]{{1,6}})?\s*$", re.I)
# Reader-mode and transcoder notices: "如果出现文字缺失，格式混乱请取消转码/退出阅读模式": the mode
# named with what to do about it.
_READER_NOTICE_RE = re.compile(r"(?:取消|退出|关闭|關閉|关掉|關掉|exit|disable|turn off)\s*(?:转码|轉碼|阅读模式|閱讀模式|"
                               r"畅读|暢讀|reader (?:mode|view)|autoplay|auto-play|自动播放|自動播放)", re.I)
# A control of the page: a button's verb and its object, no sentence ("Download PDF", "打印本页",
# "Copy link", "Listen to this article", "点击播放"), the account's ("登录 | 注册", "Sign in"), sharing's.
_CONTROL_RE = re.compile(r"^(?:download|print|embed|copy link|listen (?:to this|now)|play (?:episode|now|audio)|下载|下載|打印"
                         r"|列印|点击播放|點擊播放|立即收听|立即收聽|分享到|分享至|转发到|轉發到|share to)"
                         r"(?:\b|(?=[\u4e00-\u9fff]))[^.!?。！？]{0,40}$", re.I)
# A document viewer's controls, left on the page with their numbers gone or kept: "Size: px",
# "Start display at page:", "Page 3 of 12", "第 1 页 / 共 5 页", "上一页 下一页", "全屏阅读".
_VIEWER_RE = re.compile(r"^(?:size:\s*(?:\d+\s*)?px|start display at page:?|page \d+ of \d+|zoom (?:in|out)|full ?screen"
                        r"|第\s*\d+\s*[页頁]\s*[/／,，]?\s*共\s*\d+\s*[页頁]|共\s*\d+\s*[页頁]"
                        r"|(?:上一[页頁]|下一[页頁]|首[页頁]|尾[页頁])(?:\s*[|/／]?\s*(?:上一[页頁]|下一[页頁]|首[页頁]|尾[页頁]))*"
                        r"|全屏(?:阅读|閱讀|查看|显示|顯示)?|放大\s*缩小|放大\s*縮小)$", re.I)
_ACCOUNT = r"(?:登录|登入|登錄|注册|註冊|退出登录|sign in|sign up|sign out|log ?in|log out|register|create (?:an )?account)"
_ACCOUNT_RE = re.compile(rf"^{_ACCOUNT}(?:\s*[|/／丨·]\s*{_ACCOUNT})*$", re.I)
_COUNTER_ALONE_RE = re.compile(rf"^\s*{_COUNTER}\s*$", re.I)
# The transcript speaking of itself: what it is, beside how it was made or how far to trust it
# ("This transcript was automatically generated and may contain errors.", "本文为速记稿，未经本人审阅"),
# or its name alone as a tab or a link ("Episode Transcript", "Show transcript").
_TRANSCRIPT_RE = re.compile(r"transcri(?:pt|bed|ption)|captions|文字稿|逐字稿|速记|速記|实录|實錄|转写|轉寫|文字版", re.I)
_MADE_HOW_RE = re.compile(r"automatic|auto-generated|machine|generated|computer|\bAI\b|errors?\b|may (?:contain|not)|unedited"
                          r"|not (?:been )?(?:reviewed|edited|proofread)|自动|自動|机器|機器|AI|未经|未經|审阅|審閱|有误|有誤"
                          r"|错误|錯誤|仅供参考|僅供參考", re.I)
_TRANSCRIPT_TAB_RE = re.compile(r"^(?:[\w-]+\s+){0,2}transcript(?:ion)?s?$", re.I)
# The site's disclaimer or rights notice, under its own key ("声明：本文档内容版权归属…", "Disclaimer: …").
_NOTICE_KEY_RE = re.compile(r"^(?:免责|免責|版权|版權|郑重|鄭重|特别|特別)?(?:声明|聲明)\s*[:：]|^(?:disclaimer|legal notice)\s*:", re.I)
# A comment's byline: a handle or a name of up to four words, then "said..." or "wrote:".
_COMMENT_BYLINE_RE = re.compile(r"^(?!(?:he|she|they|i|we|you|it|and|then|so|but|everyone|everybody)\b)"
                                r"[\w.'’@-]+(?: [\w.'’@-]+){0,3} (?:said|says|wrote|writes)\s*(?:\.{3}|…|:)$", re.I)
# The site speaking of itself and where to find it: "请牢记本站域名", "收藏本站", "如需转载请联系本网站".
_SITE_SELF_RE = re.compile(r"本站|本网站|本網站|本网|本網|我们的网站|我們的網站|this (?:site|website)", re.I)
_SITE_THING_RE = re.compile(r"域名|网址|網址|地址|收藏|书签|書籤|转载|轉載|转贴|轉貼|bookmark|address|domain", re.I)
# An appeal to pay or subscribe, with the support it asks for: both must be there.
_APPEAL_RE = re.compile(r"订户|訂戶|订阅|訂閱|会员(?!国)|會員(?!國)|打赏|打賞|赞助|贊助|捐款|捐助|"
                        r"\b(?:subscribe|subscriber|member(?:ship)?|donate|donation|patron)\b", re.I)
_SUPPORT_RE = re.compile(r"支持(?:我们|我們|本|独立|獨立)|\bsupport (?:our|us|independent)\b|\bour (?:journalism|work)\b",
                         re.I)
_SITE_NAME_RE = re.compile(r"^[^\s。！？!?，,:：]{2,14}(?:网|網|网站|網站|官网|官網|论坛|論壇)(?:新版|首页|首頁|手机版|手機版)?$")
# Where to share the page or hear the show: platforms' names alone on a line, or after their key
# ("Twitter", "Listen on Apple Podcasts | Spotify | RSS", "微信 微博 QQ空间", "收听：小宇宙 | 喜马拉雅").
_PLATFORM = (r"(?:twitter|facebook|linkedin|reddit|whatsapp|telegram|e-?mail|pinterest|tumblr|mastodon|threads|bluesky"
             r"|apple podcasts|google podcasts|spotify|youtube(?: music)?|rss|overcast|pocket ?casts|stitcher|castbox"
             r"|amazon music|podcast addict|微信|微博|qq空间|qq|朋友圈|豆瓣|知乎|小宇宙|喜马拉雅|网易云音乐|網易雲音樂"
             r"|苹果播客|蘋果播客|bilibili|b站|抖音|小红书|小紅書)")
_PLATFORMS_RE = re.compile(rf"^(?:(?:share(?: this| on)?|listen(?: on| via)?|subscribe(?: on| via)?|follow(?: us)?(?: on)?"
                           rf"|分享到|分享至|收听|收聽|订阅|訂閱)\s*[:：]?\s*)?{_PLATFORM}(?:\s*[|/·•,，、]?\s*{_PLATFORM})*$",
                           re.I)
# The page's rights notice, at its start ("Copyright © 2021 NPR. All rights reserved. …", "版权所有 ©…"):
# it may run long, and no one's speech opens so.
_RIGHTS_RE = re.compile(r"^(?:copyright\s*(?:©|\(c\)|\d{4})|©\s*(?:\d{4}|copyright)|\(c\)\s*\d{4}|版权所有|版權所有)", re.I)
_MAX_RIGHTS = 300
# The editor's note on how the talk was cut: the interview named beside its editing ("This interview
# has been edited for length and clarity.", "本文经受访者审定，有删节").
_EDITED_RE = re.compile(r"\b(?:interview|conversation|transcript|exchange|q&a|discussion)s? (?:has|have) been (?:lightly |slightly )?"
                        r"(?:edited|condensed)|\b(?:edited|condensed) for (?:length|clarity|brevity|space)"
                        r"|^(?:本文|全文|以上|文章|访谈|訪談|对话|對話)[^。！？]{0,20}(?:删节|刪節|删减|刪減|节选|節選)", re.I)
# The page's staff credits: an editing role and a name, once or more ("责编 李强 | 校对 张丽",
# "责任编辑：王明", "Edited by Jane Doe | Photos by Ken Lee").
_STAFF = (r"(?:责任编辑|責任編輯|责编|責編|编辑|編輯|校对|校對|审核|審核|审校|審校|美编|美編|排版|监制|監製|统筹|統籌|编审|編審"
          r"|终审|終審|初审|初審|复审|複審|编校|編校|摄影|攝影)\s*[:：]?\s*[\u4e00-\u9fff·]{2,4}")
_STAFF_EN = r"(?:edited|produced|photos?|photographs?|illustrations?|reporting|research) by [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,2}"
# A byline's roles before a slash or a bar ("記者／林小美", "文/张三 图/李四", "撰文｜林小美"); before a colon
# ("记者：你好") they are labels.
_STAFF_SLASH = r"(?:记者|記者|摄影|攝影|文|撰文|采访|採訪|采写|採寫|整理|图|圖|编辑|編輯|口述|翻译|翻譯|译|譯)\s*[／/｜|丨]\s*[\u4e00-\u9fff·]{2,4}"
_STAFF_RE = re.compile(rf"^(?:{_STAFF}|{_STAFF_SLASH}|{_STAFF_EN})(?:\s*[|｜/丨·,，]?\s*(?:{_STAFF}|{_STAFF_SLASH}|{_STAFF_EN}))*$", re.I)
_MAX_CHROME = 80  # chrome is a short line; a paragraph of speech that mentions a site is speech


# The whole-line shapes, by name (bench/parse_ablation.py leaves one out with ``combine``).
WHOLE_LINE = {"counter row": _COUNTER_ROW_RE, "counter alone": _COUNTER_ALONE_RE, "comment byline": _COMMENT_BYLINE_RE,
              "control": _CONTROL_RE, "notice key": _NOTICE_KEY_RE, "account": _ACCOUNT_RE,
              "transcript tab": _TRANSCRIPT_TAB_RE, "viewer": _VIEWER_RE, "platforms": _PLATFORMS_RE, "staff credits": _STAFF_RE}
# The words that can make a line chrome wherever they stand; only a line with one is looked at further.
_TRIGGERS = (_READER_NOTICE_RE, _TRANSCRIPT_RE, _SITE_SELF_RE, _APPEAL_RE, _EDITED_RE)


def combine(patterns) -> re.Pattern:
    """One pattern matching where any of ``patterns`` matches at a line's start (each keeps its flags)."""
    return re.compile("|".join(f"(?{'i' if p.flags & re.I else ''}:{p.pattern})" for p in patterns))


_WHOLE_LINE_RE = combine(WHOLE_LINE.values())
_TRIGGER_RE = combine(_TRIGGERS)


def is_chrome_line(line: str) -> bool:
    """A line of the page's chrome, never anyone's speech. (A line is scanned twice at most: its
    whole shape, then its trigger words, and only with one of those the pairs that need two.)"""
    text = line.strip()
    if _RIGHTS_RE.match(text) and len(text) <= _MAX_RIGHTS:
        return True
    if not text or len(text) > _MAX_CHROME:
        return False
    if _WHOLE_LINE_RE.match(text):
        return True
    if not _TRIGGER_RE.search(text):
        return False
    if _READER_NOTICE_RE.search(text) or _EDITED_RE.search(text) or (_TRANSCRIPT_RE.search(text) and _MADE_HOW_RE.search(text)):
        return True
    if _SITE_SELF_RE.search(text) and _SITE_THING_RE.search(text):
        return True
    return bool(_APPEAL_RE.search(text) and _SUPPORT_RE.search(text))


def is_site_name(line: str) -> bool:
    """``纽约英语口语网``, ``某某论坛新版``: a site's name on a line of its own (read only above the
    first turn, where a page prints it)."""
    return bool(_SITE_NAME_RE.match(line.strip()))
