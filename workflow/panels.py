"""The workflow's part of the version page: the actions the user may take, comments and moves."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from org import permissions
from org.models import AgencySettings
from sop import compare, content
from sop.models import VersionStatus
from sop.panels import Panel, register

from . import rules, selectors
from .models import ReviewComment, TransitionLog
from .transitions import Action


@dataclass(frozen=True)
class StepThread:
    """The comments on one step, oldest first, shown under its row of the step table."""

    comments: list[ReviewComment]

    @property
    def open(self) -> int:
        return sum(1 for c in self.comments if not c.is_resolved)


def step_threads(comments: list[ReviewComment]) -> dict[int, StepThread]:
    by_step: dict[int, list[ReviewComment]] = defaultdict(list)
    for comment in comments:
        if comment.step_number:
            by_step[comment.step_number].append(comment)
    return {number: StepThread(thread) for number, thread in by_step.items()}


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
    since = _since_return(request.user, version, perms, log)
    if since:
        banners.append(since)
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
                "threads": step_threads(comments),
            },
            step_marks=marks,
            step_template="workflow/_step_thread.html",
        ),
    ]


def _since_return(user, version, perms, log: list[TransitionLog]) -> Panel | None:
    """What the drafter changed since the version was last returned (the user's own return first, among
    the recent moves in ``log``): the content the reviewer saw then, kept on the return, against now."""
    if version.is_frozen or not perms & {permissions.DRAFT, permissions.REVIEW, permissions.ESTABLISH}:
        return None
    returns = [entry for entry in log if entry.action == Action.RETURN and entry.content is not None]
    if not returns:
        return None
    returned = next((r for r in returns if r.actor_id == user.pk), returns[0])
    comparison = compare.compare(
        content.from_json(returned.content),
        content.content_of(version),
        AgencySettings.current().workday_minutes,
        since=_("saat dikembalikan"),
    )
    return Panel(
        "banner",
        "workflow/_since_return.html",
        {
            "returned": returned,
            "own": returned.actor_id == user.pk,
            "cmp": comparison.changes_only(),
            "has_changes": comparison.has_changes,
            # Open for whoever checks it again; the drafter, who made the changes, sees it folded.
            "open": version.status != VersionStatus.DRAFT,
        },
    )
