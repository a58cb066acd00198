from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from esop.security import address_limited
from esop.text import xlsx
from org import permissions
from org.decorators import member_required
from org.models import AgencySettings

from . import documents, panels, procedure, selectors, services
from .compare import compare as compare_versions
from .content import content_of
from .forms import SOPFilterForm, VerifyFileForm
from .models import ExportJob, VersionStatus
from .services import OPEN_STATUSES


def _listed(request):
    """The SOP list's filter form and the SOPs it selects (the list page and its Excel download)."""
    units = list(permissions.units_with_perm(request.user, permissions.VIEW).order_by("path"))
    form = SOPFilterForm(request.GET, units=units)
    filters = form.values
    unit = next((u for u in units if u.pk == filters.get("unit")), None)
    qs = selectors.sop_list(
        request.user,
        unit=unit,
        q=filters.get("q") or "",
        status=filters.get("status") or "",
        public=filters.get("public") or "",
        year=filters.get("year"),
        review=filters.get("review") or "",
    )
    return form, filters, qs


def sop_list(request):
    if not request.user.is_authenticated:  # the portal's front door for visitors is the public list
        return redirect("sop:public_list")
    form, filters, qs = _listed(request)
    page = Paginator(qs, settings.ESOP_PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_current_versions(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "sop/list.html",
        {
            "page": page,
            "form": form,
            "filters": filters,
            "query": query.urlencode(),
            "years": form.years(),
            "today": timezone.localdate(),
            "can_create": permissions.units_with_perm(request.user, permissions.DRAFT).exists(),
        },
    )


LIST_XLSX_MAX = 20_000  # rows of one download; a province's whole inventory fits


@login_required
@require_GET
def sop_list_xlsx(request):
    """The SOPs of the list as it is filtered, as an Excel workbook (every matching SOP, not a page)."""
    _form, _filters, qs = _listed(request)
    sops = selectors.attach_current_versions(list(qs[:LIST_XLSX_MAX]))
    today = timezone.localdate()
    rows = [
        [
            sop.number,
            sop.title,
            sop.unit.name,
            sop.current.get_status_display() if sop.current else "",
            sop.current.revision if sop.current else "",
            date_format(sop.current.date_effective, "j F Y") if sop.current and sop.current.date_effective else "",
            _("Ya") if sop.is_public_service else _("Tidak"),
            date_format(sop.review_due_on, "j F Y") if sop.review_due_on else "",
        ]
        for sop in sops
    ]
    header = [
        _("Nomor SOP"),
        _("Nama SOP"),
        _("Unit"),
        _("Status versi terakhir"),
        _("Revisi"),
        _("Tanggal efektif"),
        _("Pelayanan publik"),
        _("Jatuh tempo reviu"),
    ]
    data = xlsx(
        title=_("Daftar SOP"),
        lines=[
            _("Daftar SOP"),
            _("Diunduh %(when)s oleh %(who)s")
            % {"when": date_format(today, "j F Y"), "who": request.user.get_full_name()},
        ],
        header=header,
        rows=rows,
        widths=[26, 50, 34, 22, 8, 18, 10, 18],
    )
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="daftar-sop-{today.isoformat()}.xlsx"'
    return response


@login_required
@require_POST
def export_start(request):
    """Ask for the PDFs of the SOPs in force of the list as it is filtered (the query of the list)."""
    _form, _filters, qs = _listed(request)
    ids = list(qs.values_list("pk", flat=True)[: documents.EXPORT_MAX + 1])
    try:
        job = services.export_start(actor=request.user, sop_ids=ids)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("sop:list") + (f"?{request.GET.urlencode()}" if request.GET else ""))
    return redirect(job)


def _export(request, pk: int) -> ExportJob:
    """The export ``pk`` of the person asking; 404 for anyone else's."""
    job = ExportJob.objects.filter(pk=pk, requested_by=request.user).first()
    if job is None:
        raise Http404
    return job


@member_required
@require_GET
def export_detail(request, pk: int):
    """The export's progress (the part alone for htmx, every 2 s until it is finished)."""
    job = _export(request, pk)
    template = "sop/_export_progress.html" if request.headers.get("HX-Request") else "sop/export.html"
    return render(request, template, {"job": job})


@member_required
@require_GET
def export_file(request, pk: int):
    job = _export(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    response = FileResponse(job.file.open("rb"), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="sop-berlaku-{timezone.localtime(job.created_at):%Y%m%d-%H%M}.zip"'
    )
    return response


def _render_version(request, sop, version, versions=None):
    content = content_of(version)
    agency = AgencySettings.current()  # the paper and the working day, read once
    is_draft = version.status == VersionStatus.DRAFT
    actors = version.actors.all()
    page_panels = panels.panels_for(request, sop, version)
    may_edit = selectors.may_edit(request.user, version)
    if versions is None:
        versions = selectors.sop_versions(request.user, sop)
    return render(
        request,
        "sop/detail.html",
        {
            "sop": sop,
            "version": version,
            "content": content,
            "related": selectors.related_links(request.user, version, content),
            "steps": selectors.page_steps(version),
            "actors": actors,
            # No, Kegiatan, one per actor, Kelengkapan, Waktu, Output, Keterangan.
            "column_numbers": range(1, len(actors) + 7),
            "problems": procedure.validate(content) if is_draft else [],
            "versions": versions,
            "panels": page_panels,
            "flowchart": documents.version_flowchart_svgs(version, content, documents.paper_size(agency)),
            "service": selectors.service_report(version, content, versions, agency),
            "can_see_history": permissions.can_view_unit_sops(request.user, sop.unit),
            "can_edit": may_edit,
            "can_revise": permissions.can_draft(request.user, sop.unit)
            and version.status == VersionStatus.IN_FORCE
            and not any(v.status in OPEN_STATUSES for v in versions),
            "step_marks": panels.step_marks_of(page_panels),
            "can_copy": permissions.DRAFT in permissions.held_codenames(request.user),  # memoised per request
            "copied_from": selectors.versions_visible_to(request.user)
            .select_related("sop")
            .filter(pk=version.copied_from_id)
            .first()
            if version.copied_from_id
            else None,
            "signed": selectors.signed_document(version),
            # A draft read from a signed PDF: the way back to the review beside the original pages.
        },
    )


def sop_detail(request, pk: int):
    if not request.user.is_authenticated and selectors.sops_visible_to(request.user).filter(pk=pk).exists():
        return redirect("sop:public_detail", pk=pk)  # a public SOP in force: its public page
    return _sop_detail(request, pk)


@member_required
def _sop_detail(request, pk: int):
    sop = selectors.access_sop(request.user, pk)
    versions = selectors.sop_versions(request.user, sop)
    shown = next((v for v in versions if v.status == VersionStatus.IN_FORCE), versions[0])
    version = selectors.version_with_content(request.user, shown.pk)
    return _render_version(request, sop, version, versions)


@member_required
def version_detail(request, sop_pk: int, pk: int):
    sop = selectors.access_sop(request.user, sop_pk)
    version = selectors.version_with_content(request.user, pk, sop_pk=sop.pk)
    return _render_version(request, sop, version)


@member_required
def compare(request, pk: int):
    """Two versions of one SOP side by side: ?a=<older version id>&b=<newer version id>."""
    sop = selectors.access_sop(request.user, pk)
    versions = selectors.sop_versions(request.user, sop)
    by_id = {str(v.pk): v for v in versions}
    default_b = versions[0] if versions else None
    default_a = versions[1] if len(versions) > 1 else default_b
    a = by_id.get(request.GET.get("a", ""), default_a)
    b = by_id.get(request.GET.get("b", ""), default_b)
    comparison = None
    if a and b:
        comparison = compare_versions(
            content_of(selectors.version_with_content(request.user, a.pk)),
            content_of(selectors.version_with_content(request.user, b.pk)),
            AgencySettings.current().workday_minutes,
        )
    return render(request, "sop/compare.html", {"sop": sop, "versions": versions, "a": a, "b": b, "cmp": comparison})


@member_required
def field_history(request, sop_pk: int, pk: int):
    """django-simple-history's record of every field of a version, for unit heads and admins."""
    sop = selectors.access_sop(request.user, sop_pk)
    if not (permissions.can_establish(request.user, sop.unit) or permissions.can_manage_unit(request.user, sop.unit)):
        raise PermissionDenied
    version = selectors.version_with_content(request.user, pk, sop_pk=sop.pk)
    return render(
        request, "sop/field_history.html", {"sop": sop, "version": version, "records": selectors.field_history(version)}
    )


@member_required
def version_pdf(request, sop_pk: int, pk: int):
    """The official document of a version (cached once established)."""
    sop = selectors.access_sop(request.user, sop_pk)
    version = selectors.version_with_content(request.user, pk, sop_pk=sop.pk)
    data = documents.version_pdf(version, content_of(version), letterhead=selectors.letterhead(version))
    name = f"{sop.number}-rev{version.revision}".replace("/", "-") + ".pdf"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@member_required
def signed_pdf(request, sop_pk: int, pk: int):
    """The electronically signed file of a version exactly as signed at penetapan, also after it was
    superseded or revoked (its own download is then the render marked TIDAK BERLAKU); 404 if unsigned."""
    sop = selectors.access_sop(request.user, sop_pk)
    version = selectors.version_with_content(request.user, pk, sop_pk=sop.pk)
    document = selectors.signed_document(version)
    if document is None:
        raise Http404
    with document.signed.open("rb") as stored:
        data = stored.read()
    name = f"{sop.number}-rev{version.revision}-ttd".replace("/", "-") + ".pdf"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def verify(request, content_hash: str):
    """Public: which signed version has this content hash, who established it and when, and is it the
    version in force (if not, which one is). Its PDF: for everyone when it is a public SOP's version in
    force, else through the staff page (a sign-in)."""
    version = selectors.version_by_hash(content_hash)
    current = selectors.in_force_version(version.sop) if version else None
    if version is None:
        pdf_url = ""
    elif version.sop.is_public_service and version.status == VersionStatus.IN_FORCE:
        pdf_url = reverse("sop:public_pdf", args=[version.sop_id])
    else:
        pdf_url = reverse("sop:pdf", args=[version.sop_id, version.pk])
    return render(
        request,
        "sop/verify.html",
        {
            "version": version,
            "current": current,
            "hash": content_hash,
            "pdf_url": pdf_url,
            "signed": selectors.signed_document(version) if version else None,
        },
    )


def verify_file(request):
    """Public: an uploaded PDF checked for its electronic signatures (intact? who? when? altered since?
    a trusted issuer?) and for the version it holds (in force, superseded or revoked). Nothing of the
    file is kept."""
    form = VerifyFileForm(request.POST or None, request.FILES or None)
    check = None
    status = 200
    if request.method == "POST":
        if address_limited(request, "verify", settings.ESOP_VERIFY_RATE_ADDRESS):
            form = VerifyFileForm()
            form.add_error(None, _("Terlalu banyak pemeriksaan dari alamat ini. Coba lagi dalam satu jam."))
            status = 429
        elif form.is_valid():
            check = selectors.check_file(form.cleaned_data["data"])
        else:
            status = 400
    return render(request, "sop/verify_file.html", {"form": form, "check": check}, status=status)
