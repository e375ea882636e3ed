"""Display helpers: money, a date with its precision, and article text with evidence marked."""

from datetime import date
from decimal import Decimal

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


_SCALES = ((Decimal(10**9), "billion"), (Decimal(10**6), "million"))


@register.filter
def money(amount: Decimal | None, currency: str = "") -> str:
    """Decimal -> "USD 9.01 billion" or "EUR 2,500.50": how analysts read amounts."""
    if amount is None:
        return "—"
    for size, word in _SCALES:
        if abs(amount) >= size:
            scaled = (amount / size).quantize(Decimal("0.01")).normalize()
            return f"{currency} {scaled:f} {word}".strip()
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{currency} {text}".strip()


@register.filter
def words(codes: list[str]) -> list[str]:
    """Stored codes as words: ["peace_talks"] -> ["peace talks"]."""
    return [code.replace("_", " ") for code in codes or []]


@register.filter
def safe_url(url: str) -> str:
    """Only http(s) links leave the site; a javascript: or data: URL from a feed becomes ""."""
    return url if url.lower().startswith(("http://", "https://")) else ""


@register.filter
def fuzzy_date(day: date | None, precision: str = "day") -> str:
    """A date shown only as precisely as it is known."""
    if day is None:
        return "date unknown"
    if precision == "year":
        return f"{day.year}"
    if precision == "month":
        return day.strftime("%B %Y")
    return f"{day.day} {day:%B %Y}"


@register.simple_tag
def highlighted(text: str, evidence: list) -> SafeString:
    """The text with each evidence span in <mark>; every piece is escaped, overlaps are merged."""
    spans = sorted((e.start, e.end, e.pk) for e in evidence if 0 <= e.start < e.end <= len(text))
    pieces: list[str] = []
    cursor = 0
    for start, end, pk in spans:
        start = max(start, cursor)
        if start >= end:
            continue
        pieces.append(escape(text[cursor:start]))
        pieces.append(format_html('<span id="ev-{}"></span><mark>{}</mark>', pk, text[start:end]))
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))  # every piece above is escaped
