"""The periodic review's part of the version page: due date, the reviews so far, and the form."""

from django.utils import timezone

from org import permissions
from sop.models import VersionStatus
from sop.panels import Panel, register

from . import selectors
from .models import ReviewOutcome
from .services import ASSESSOR_PERMS, REVIEWER_PERMS


@register
def review_panel(request, sop, version) -> list[Panel]:
    perms = permissions.unit_perms(request.user, sop.unit)
    if permissions.VIEW not in perms:
        return []
    reviews = selectors.sop_reviews(sop)
    if sop.review_due_on is None and not reviews:
        return []
    state = sop.review_state(timezone.localdate())
    badge = [Panel("header", "monitoring/_review_badge.html", {"state": state})] if state else []
    return [
        *badge,
        Panel(
            "main",
            "monitoring/_review_panel.html",
            {
                "reviews": reviews,
                "state": state,
                "may_record": bool(perms & REVIEWER_PERMS) and version.status == VersionStatus.IN_FORCE,
                "outcomes": ReviewOutcome.choices,
            },
        ),
    ]


@register
def assessment_panel(request, sop, version) -> list[Panel]:
    """Monitoring and evaluation of the SOP in force, for the unit's people."""
    perms = permissions.unit_perms(request.user, sop.unit)
    if permissions.VIEW not in perms or version.status != VersionStatus.IN_FORCE:
        return []
    may_assess = bool(perms & ASSESSOR_PERMS)
    return [
        Panel(
            "main",
            "monitoring/_assessment_panel.html",
            {
                "monitorings": selectors.sop_monitorings(sop),
                "evaluations": selectors.sop_evaluations(sop),
                "may_assess": may_assess,
                "may_open_revision": may_assess or permissions.DRAFT in perms,
            },
        )
    ]
