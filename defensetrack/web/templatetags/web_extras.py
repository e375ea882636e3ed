"""Display helpers: money as analysts read it, and article text with its evidence highlighted."""

from decimal import Decimal

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_SCALES = [
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
]


@register.filter
def money(amount: Decimal | None, currency: str = "") -> str:
    """7000000000, "USD" -> "USD 7 billion"; small amounts with thousands separators."""
    if amount is None:
        return ""
    for size, word in _SCALES:
        if abs(amount) >= size:
            figure = (amount / size).quantize(Decimal("0.01")).normalize()
            return f"{currency} {figure:f} {word}".strip()
    return f"{currency} {amount:,.0f}".strip()


@register.filter
def precise_date(day, precision: str = "day") -> str:
    """A date shown only as precisely as it is known."""
    if day is None:
        return "date unknown"
    if precision == "year":
        return f"{day:%Y}"
    if precision == "month":
        return f"{day:%B %Y}"
    return f"{day.day} {day:%B %Y}"


@register.simple_tag
def highlighted(text: str, evidence) -> SafeString:
    """The text with each evidence span in <mark>; every piece of text is escaped first."""
    spans = sorted({(e.start, e.end) for e in evidence if 0 <= e.start < e.end <= len(text)})
    pieces, position = [], 0
    for start, end in spans:
        if start < position:  # overlapping sentences: extend the open mark
            start = position
        if start >= end:
            continue
        pieces.append(escape(text[position:start]))
        pieces.append(format_html("<mark>{}</mark>", text[start:end]))
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(str(p) for p in pieces))


@register.filter
def web_link(url: str) -> str:
    """The address if it is http(s); anything else (javascript:, data:) is never made a link."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else ""
