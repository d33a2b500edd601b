"""Text normalization before pronunciation: numbers, dates, times, percentages, currency and
units read the way a Mandarin speaker says them. Pure functions.

cn2an does most of the number reading; this module first rewrites what cn2an reads wrongly
(clock times, ISO dates, thousands separators, ranges, currency symbols).
"""

from __future__ import annotations

import re
from functools import lru_cache

_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_TIME_RE = re.compile(r"(?<![\d.])([01]?\d|2[0-3])[:：]([0-5]\d)(?:[:：]([0-5]\d))?(?![\d])")
_ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_RANGE_RE = re.compile(r"(?<=\d)\s*[-–~～—]\s*(?=\d)")
_CURRENCY_RE = re.compile(r"([$¥￥€£])\s*(\d+(?:\.\d+)?)\s*(万亿|亿|万|千|百)?")
_CURRENCY = {"$": "美元", "¥": "元", "￥": "元", "€": "欧元", "£": "英镑"}
_YEAR_RE = re.compile(r"(?<!\d)(\d{2,4})(?=年)")
_DIGITS = "零一二三四五六七八九"
# Units that follow a number in Mandarin text, read in Mandarin.
_UNITS = {
    "km": "公里", "kg": "公斤", "cm": "厘米", "mm": "毫米", "m²": "平方米", "GB": "G B", "TB": "T B",
    "MB": "M B", "℃": "摄氏度", "°C": "摄氏度", "°": "度", "ms": "毫秒", "kW": "千瓦", "Hz": "赫兹",
}
_UNIT_RE = re.compile(r"(?<=\d)\s*(" + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True)) + r")(?![A-Za-z])")


def _digits(s: str) -> str:
    return "".join(_DIGITS[int(c)] for c in s)


def _cardinal(s: str) -> str:
    return _an2cn()(s)


@lru_cache(maxsize=1)
def _an2cn():
    from cn2an import an2cn

    return lambda s: an2cn(s, "low")


def _time(m: re.Match) -> str:
    hour, minute, second = m.group(1), m.group(2), m.group(3)
    out = _cardinal(str(int(hour))) + "点"
    if minute == "00" and not second:
        return out + "整"
    out += ("零" + _cardinal(minute[1]) if minute.startswith("0") else _cardinal(str(int(minute)))) + "分"
    if second:
        out += _cardinal(str(int(second))) + "秒"
    return out


def _iso_date(m: re.Match) -> str:
    return f"{_digits(m.group(1))}年{_cardinal(str(int(m.group(2))))}月{_cardinal(str(int(m.group(3))))}日"


def _currency(m: re.Match) -> str:
    return m.group(2) + (m.group(3) or "") + _CURRENCY[m.group(1)]


def normalize_zh(text: str) -> str:
    """Mandarin text with every number written out in Chinese characters."""
    text = _THOUSANDS_RE.sub("", text)
    text = re.sub(r"(?<=[A-Za-z])-(?=\d)", " ", text)  # GPT-4 is a name and a number, not minus four
    text = _ISO_DATE_RE.sub(_iso_date, text)
    text = _TIME_RE.sub(_time, text)
    text = _CURRENCY_RE.sub(_currency, text)
    text = _UNIT_RE.sub(lambda m: _UNITS[m.group(1)], text)
    text = _YEAR_RE.sub(lambda m: _digits(m.group(1)), text)
    text = _RANGE_RE.sub("到", text)
    from cn2an import transform

    try:
        text = transform(text, "an2cn")
    except (ValueError, KeyError, IndexError):  # cn2an gives up on odd digit runs: read them digit by digit
        text = re.sub(r"\d+", lambda m: _digits(m.group(0)), text)
    # Anything cn2an left (digit runs it could not place) is read digit by digit.
    return re.sub(r"\d+", lambda m: _digits(m.group(0)), text)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified (pronunciation dictionaries are Simplified)."""
    return _t2s().convert(text)
