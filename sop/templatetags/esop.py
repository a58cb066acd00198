import re

from django import template
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}``: a dict lookup with a variable key."""
    return mapping.get(key) if mapping else None


def _pattern(query: str):
    from sop.search import words_of

    words = sorted({w for w in words_of(query or "")}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None


@register.filter
def highlight(text, query):
    """Escape ``text`` and wrap every word of ``query`` in <mark>."""
    text = str(text or "")
    pattern = _pattern(query)
    if pattern is None:
        return conditional_escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), format_html("<mark>{}</mark>", match.group(0))]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(str(p) for p in parts))  # every piece above is escaped


@register.filter
def snippet(text, query, width: int = 160):
    """The part of ``text`` around the first word of ``query``, with the words marked; "" if none."""
    text = " ".join(str(text or "").split())
    pattern = _pattern(query)
    match = pattern.search(text) if pattern else None
    if match is None:
        return ""
    start = max(0, match.start() - width // 3)
    piece = ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")
    return highlight(piece, query)


@register.filter
def css_string(value) -> str:
    """``value`` made safe inside a double-quoted CSS string (e.g. @page margin boxes)."""
    text = "".join(ch for ch in str(value) if ch >= " ")
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")


@register.filter
def review_state(sop, today):
    """``{{ sop|review_state:today }}``: "", "due" or "overdue" for the SOP's periodic review."""
    return sop.review_state(today)
