"""The workflow's part of the version page: the actions the user may take, comments and moves."""

from collections import Counter

from django.utils.translation import gettext as _

from org import permissions
from sop.models import VersionStatus
from sop.panels import Panel, register

from . import rules, selectors
from .models import TransitionLog
from .transitions import Action


@register
def workflow_panels(request, sop, version) -> list[Panel]:
    perms = permissions.unit_perms(request.user, sop.unit)
    if permissions.VIEW not in perms:  # readers from outside the unit see the document only
        return []
    comments = selectors.version_comments(version)
    open_per_step = Counter(c.step_number for c in comments if c.step_number and not c.is_resolved)
    marks = {n: _("%(n)s komentar terbuka") % {"n": count} for n, count in open_per_step.items()}
    actions = rules.allowed_actions(request.user, version, perms)
    log = list(
        TransitionLog.objects.filter(version=version).select_related("actor").order_by("-created_at", "-pk")[:10]
    )
    banners = []
    if version.status == VersionStatus.DRAFT and log and log[0].action == Action.RETURN:
        # Returned: why, by whom, and what is still open, before anything else on the page and the editor.
        returned = log[0]
        # The reason is itself a remark to answer (workflow.services.version_transition): shown as the reason.
        reason = next(
            (
                c
                for c in comments
                if c.step_number is None and c.author_id == returned.actor_id and c.text == returned.comment
            ),
            None,
        )
        open_comments = [c for c in comments if not c.is_resolved and c is not reason]
        banners.append(
            Panel(
                "banner",
                "workflow/_return_banner.html",
                {"returned": returned, "reason": reason, "open": open_comments},
            )
        )
    return [
        *banners,
        Panel("header", "workflow/_actions.html", {"actions": [(a, Action(a).label) for a in actions]}),
        Panel(
            "main",
            "workflow/_review.html",
            {
                "comments": comments,
                "may_comment": bool(perms & {permissions.REVIEW, permissions.ESTABLISH}) and not version.is_frozen,
                "may_answer": bool(perms & {permissions.DRAFT, permissions.REVIEW, permissions.ESTABLISH})
                and not version.is_frozen,
                "may_resolve": permissions.DRAFT in perms,
                "log": log,
                "steps": version.steps.all(),
            },
            step_marks=marks,
        ),
    ]
