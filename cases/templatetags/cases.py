from django import template
from django.utils.translation import gettext as _

from sop.durations import describe

register = template.Library()


@register.filter
def worktime(minutes, workday_minutes=450) -> str:
    """Working minutes in words: "2 hari kerja 3 jam"."""
    if minutes is None:
        return "—"
    return describe(round(minutes), int(workday_minutes))


@register.filter
def pct(share) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


@register.filter
def percent_change(percent) -> str:
    """+20 -> "20% lebih lama", -38 -> "38% lebih cepat"."""
    if percent is None:
        return ""
    if percent == 0:
        return _("sama")
    if percent > 0:
        return _("%(n)s%% lebih lama") % {"n": percent}
    return _("%(n)s%% lebih cepat") % {"n": -percent}


@register.filter
def slow_words(step, workday_minutes=450) -> str:
    return step.words(int(workday_minutes))
