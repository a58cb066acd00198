"""The cases' part of the version page (start a case, the mapping, what cases measured) and of
"Tugas saya" (steps waiting for the person)."""

from django.utils.translation import gettext_lazy

from org import permissions
from org.models import AgencySettings
from sop import selectors as sop_selectors
from sop.models import VersionStatus
from sop.panels import Panel, register, register_public
from workflow.selectors import InboxSource, register_inbox_source

from . import selectors, services
from .figures import sop_case_figures


@register
def case_panels(request, sop, version) -> list[Panel]:
    if not permissions.can_view_unit_sops(request.user, sop.unit):
        return []
    workday = AgencySettings.current().workday_minutes
    if version.status == VersionStatus.IN_FORCE:
        figures = sop_case_figures(sop, version, workday, cached=True)
        return [
            Panel(
                "header",
                "cases/_actions.html",
                {"may_start": services.may_start(request.user, sop), "may_map": services.may_map(request.user, sop)},
            ),
            Panel("main", "cases/_figures.html", {"case_figures": figures, "workday": workday}),
        ]
    if version.status == VersionStatus.DRAFT and version.revision > 0:
        # A revision being drafted hears what carrying out the version in force showed.
        in_force = sop_selectors.in_force_version(sop)
        if in_force is None:
            return []
        figures = sop_case_figures(sop, in_force, workday, cached=True)
        late = [s for s in figures.slow_steps if s.standard is not None and s.average > s.standard]
        if not late:
            return []
        return [
            Panel(
                "banner",
                "cases/_revision_hint.html",
                {"late_steps": [s.words(workday) for s in late[:5]], "in_force": in_force, "case_figures": figures},
            )
        ]
    return []


@register_public
def tracking_public_panel(request, sop, version) -> list[Panel]:
    """The public page of a public-service SOP: where an applicant follows their application."""
    if not sop.is_public_service:
        return []
    return [Panel("public", "cases/_track_public.html", {"sop": sop})]


register_inbox_source(
    InboxSource(
        key="case_steps",
        title=gettext_lazy("Langkah pelaksanaan SOP menunggu Anda"),
        count=selectors.my_case_steps_count,
        items=selectors.my_case_steps,
        template="cases/_inbox.html",
    )
)
