"""The periodic review's part of the version page: due date, the reviews so far, and the form."""

from django.utils import timezone

from org import permissions
from sop.models import VersionStatus
from sop.panels import Panel, register, register_public

from . import selectors, survey
from .models import STAFF_FEEDBACK_KINDS, Quiz, ReviewOutcome
from .services import ASSESSOR_PERMS, FEEDBACK_PERMS, REVIEWER_PERMS, SOSIALISASI_PERMS, may_write_quiz


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


@register
def reading_panel(request, sop, version) -> list[Panel]:
    """Sosialisasi and feedback of a version in force: the reader's confirmation, the head's figures,
    the feedback form and the feedback so far."""
    if version.status != VersionStatus.IN_FORCE or not request.user.is_authenticated:
        return []
    perms = permissions.unit_perms(request.user, sop.unit)
    follows = bool(perms & SOSIALISASI_PERMS)
    readers = selectors.version_readers(version) if follows else []
    draft = request.session.pop("feedback_draft", None)
    return [
        Panel(
            "main",
            "monitoring/_reading_panel.html",
            {
                "own": selectors.own_read_request(request.user, version),
                "follows": follows,
                "asked": len(readers),
                "confirmed": sum(1 for r in readers if r.confirmed_at),
                "feedback": selectors.sop_feedback(sop, request.user, see_all=permissions.VIEW in perms),
                "may_handle_feedback": bool(perms & FEEDBACK_PERMS),
                "feedback_kinds": [(k.value, k.label) for k in STAFF_FEEDBACK_KINDS],
                "feedback_text": draft["text"] if draft and draft.get("sop") == sop.pk else "",
            },
        )
    ]


@register_public
def survey_public_panel(request, sop, version) -> list[Panel]:
    """The public page of a public-service SOP: the survey's link and this year's index so far."""
    if not sop.is_public_service:
        return []
    period = survey.Period.of(timezone.localdate(), semester=False)
    start, end = period.bounds
    result = selectors.survey_result(selectors.survey_responses(sop=sop, start=start, end=end))
    return [Panel("public", "monitoring/_survey_public.html", {"sop": sop, "result": result, "period": str(period)})]


@register_public
def complaint_public_panel(request, sop, version) -> list[Panel]:
    """The public page of a public-service SOP: where to complain, and to follow a complaint."""
    if not sop.is_public_service:
        return []
    return [Panel("public", "monitoring/_complaint_public.html", {"sop": sop})]


@register
def quiz_panel(request, sop, version) -> list[Panel]:
    """The version's competence quiz, for the unit's people: to write while a draft, and who passed."""
    if permissions.VIEW not in permissions.unit_perms(request.user, sop.unit):
        return []
    the_quiz = Quiz.objects.filter(version=version).first()
    may_write = may_write_quiz(request.user, version)
    if the_quiz is None and not may_write:
        return []
    return [Panel("main", "monitoring/_quiz_panel.html", {"quiz": the_quiz, "may_write": may_write})]
