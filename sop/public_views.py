"""The public face, without login: SOPs in force that serve the public, and nothing else."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from org.models import AgencySettings, Unit

from . import documents, panels, selectors
from .content import content_of
from .forms import SOPFilterForm

# The public reads as a visitor would, even when someone is signed in: the same page for everybody.
VISITOR = AnonymousUser()


def public_list(request):
    """Public-service SOPs in force, with search and a unit filter (units that have such SOPs)."""
    visible = selectors.sops_visible_to(VISITOR)
    units = list(Unit.objects.filter(sops__in=visible).distinct().order_by("path"))
    form = SOPFilterForm(request.GET, units=units)
    filters = form.values
    unit = next((u for u in units if u.pk == filters.get("unit")), None)
    qs = selectors.sop_list(VISITOR, unit=unit, q=filters.get("q") or "")
    page = Paginator(qs, settings.ESOP_PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_current_versions(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "sop/public_list.html", {"page": page, "form": form, "filters": filters, "query": query.urlencode()}
    )


def _public_version(pk: int):
    sop = selectors.access_sop(VISITOR, pk)
    version = selectors.in_force_version(sop)
    if version is None:  # cannot happen for a visible SOP, but a race with a revocation can
        raise Http404
    return sop, selectors.version_with_content(VISITOR, version.pk)


def public_detail(request, pk: int):
    """The identity sheet and flowchart of a public SOP in force, with its PDF."""
    sop, version = _public_version(pk)
    content = content_of(version)
    agency = AgencySettings.current()  # the paper and the working day, read once
    return render(
        request,
        "sop/public_detail.html",
        {
            "sop": sop,
            "version": version,
            "content": content,
            "related": selectors.related_links(VISITOR, version, content),
            "flowchart": documents.version_flowchart_svgs(version, content, documents.paper_size(agency)),
            "service": selectors.service_report(version, content, agency=agency),
            "steps": selectors.page_steps(version),
            "actors": version.actors.all(),
            "column_numbers": range(1, len(version.actors.all()) + 7),
            "step_marks": {},
            "panels": panels.public_panels_for(request, sop, version),
        },
    )


def public_pdf(request, pk: int):
    sop, version = _public_version(pk)
    data = documents.version_pdf(version, content_of(version), letterhead=selectors.letterhead(version))
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{sop.number}-rev{version.revision}".replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
