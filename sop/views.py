from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from org import permissions
from org.models import Unit

from . import procedure, selectors
from .content import content_of
from .models import VersionStatus


@login_required
def sop_list(request):
    unit = None
    if unit_id := request.GET.get("unit", "").strip():
        unit = get_object_or_404(Unit, pk=unit_id) if unit_id.isdigit() else None
    qs = selectors.sop_list(request.user, unit=unit)
    page = Paginator(qs, settings.ESOP_PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_current_versions(page.object_list)
    units = permissions.units_with_perm(request.user, permissions.VIEW).order_by("path")
    return render(request, "sop/list.html", {"page": page, "unit": unit, "units": units})


def _render_version(request, sop, version):
    content = content_of(version)
    is_draft = version.status == VersionStatus.DRAFT
    actors = version.actors.all()
    return render(
        request,
        "sop/detail.html",
        {
            "sop": sop,
            "version": version,
            "content": content,
            "steps": version.steps.all(),
            "actors": actors,
            # No, Kegiatan, one per actor, Kelengkapan, Waktu, Output, Keterangan.
            "column_numbers": range(1, len(actors) + 7),
            "problems": procedure.validate(content) if is_draft else [],
            "versions": selectors.sop_versions(request.user, sop),
        },
    )


@login_required
def sop_detail(request, pk: int):
    sop = selectors.access_sop(request.user, pk)
    versions = selectors.sop_versions(request.user, sop)
    shown = next((v for v in versions if v.status == VersionStatus.IN_FORCE), versions[0])
    version = selectors.version_with_content(request.user, shown.pk)
    return _render_version(request, sop, version)


@login_required
def version_detail(request, sop_pk: int, pk: int):
    sop = selectors.access_sop(request.user, sop_pk)
    version = selectors.version_with_content(request.user, pk, sop_pk=sop.pk)
    return _render_version(request, sop, version)
