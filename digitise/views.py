"""Digitising signed SOPs in the browser: upload PDFs for a unit, follow the batch, review each draft
beside the original pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from org import permissions
from org.decorators import member_required
from sop.models import StepKind

from . import batches
from .models import ImportBatch, ImportFile
from .reader.pages import page_png


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        return [single(item, initial) for item in files if item] or single(None, initial)


class ImportForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Unit pemilik SOP"), empty_label=None)
    files = MultipleFileField(
        label=gettext_lazy("Berkas PDF SOP yang sudah ditandatangani"),
        widget=MultipleFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=gettext_lazy("Satu SOP per berkas; paling banyak 100 berkas, masing-masing sampai 20 MB."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


def _drafting_units(user):
    return permissions.units_with_perm(user, permissions.DRAFT).order_by("path")


@login_required
def upload(request):
    units = _drafting_units(request.user)
    if not units.exists():
        raise PermissionDenied(_("Anda tidak memegang peran penyusun di unit mana pun."))
    form = ImportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        uploads = [batches.Upload(name=f.name, file=f) for f in form.cleaned_data["files"]]
        try:
            batch = batches.import_batch_create(unit=form.cleaned_data["unit"], actor=request.user, uploads=uploads)
        except ValidationError as error:
            form.add_error("files", error)
        else:
            return redirect(batch)
    recent = (
        ImportBatch.objects.filter(unit__in=units)
        .select_related("unit", "created_by")
        .annotate(
            total=Count("files"),
            refused=Count("files", filter=Q(files__status=ImportFile.Status.REFUSED)),
            waiting=Count("files", filter=Q(files__status__in=[ImportFile.Status.PENDING, ImportFile.Status.RUNNING])),
        )[:20]
    )
    return render(request, "digitise/upload.html", {"form": form, "batches": recent})


def _batch_for(user, pk: int) -> ImportBatch:
    batch = get_object_or_404(ImportBatch.objects.select_related("unit", "created_by"), pk=pk)
    if not permissions.can_draft(user, batch.unit):
        raise Http404
    return batch


def _progress(batch: ImportBatch) -> dict:
    files = list(batch.files.select_related("version__sop").order_by("pk"))
    counts = {status: 0 for status in ImportFile.Status.values}
    for item in files:
        counts[item.status] += 1
    done = sum(counts[s] for s in ImportFile.DONE)
    return {
        "batch": batch,
        "files": files,
        "counts": counts,
        "done": done,
        "total": len(files),
        "percent": round(100 * done / len(files)) if files else 100,
        "finished": done == len(files),
    }


@member_required
def batch_detail(request, pk: int):
    batch = _batch_for(request.user, pk)
    return render(request, "digitise/batch.html", _progress(batch))


@member_required
def batch_progress(request, pk: int):
    """htmx, every two seconds while the batch runs: the progress bar and the summary."""
    batch = _batch_for(request.user, pk)
    return render(request, "digitise/_progress.html", _progress(batch))


def _file_for(user, pk: int) -> ImportFile:
    item = get_object_or_404(ImportFile.objects.select_related("batch__unit", "version__sop"), pk=pk)
    if not permissions.can_draft(user, item.batch.unit):
        raise Http404
    return item


@member_required
def review(request, pk: int):
    """The draft an imported file became, beside the original pages, with what the reader doubted."""
    item = _file_for(request.user, pk)
    result = batches.import_result(item)
    by_step = batches.step_warnings(item)
    kinds = dict(StepKind.choices)
    steps = (
        [(step, kinds.get(step.kind, step.kind), by_step.get(step.number, [])) for step in result.steps]
        if result
        else []
    )
    return render(
        request,
        "digitise/review.html",
        {
            "item": item,
            "result": result,
            "steps": steps,
            "general_warnings": by_step.get(0, []),
            "lists": [
                (_("Dasar hukum"), result.identity.dasar_hukum),
                (_("Kualifikasi pelaksana"), result.identity.kualifikasi_pelaksana),
                (_("Keterkaitan"), result.identity.keterkaitan),
                (_("Peralatan/perlengkapan"), result.identity.peralatan),
                (_("Peringatan"), result.identity.peringatan),
                (_("Pencatatan dan pendataan"), result.identity.pencatatan),
            ]
            if result
            else [],
            "pages": range(1, (result.pages if result else 0) + 1),
        },
    )


@member_required
def page_image(request, pk: int, page: int):
    """One page of the original PDF as PNG (rendered once, then from the cache: the file never changes)."""
    item = _file_for(request.user, pk)
    if not item.upload or not item.result or not 1 <= page <= item.result.get("pages", 0):
        raise Http404
    if not item.upload.storage.exists(item.upload.name):
        raise Http404
    key = f"import-page:{item.pk}:{page}"
    png = cache.get(key)
    if png is None:
        with item.upload.open("rb") as handle:
            try:
                png = page_png(handle.read(), page)
            except IndexError:
                raise Http404 from None
        cache.set(key, png, 24 * 3600)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@member_required
def original_pdf(request, pk: int):
    item = _file_for(request.user, pk)
    if not item.upload or not item.upload.storage.exists(item.upload.name):
        raise Http404  # a file lost from storage is "not found", not an error of the portal
    with item.upload.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{item.upload.name.rsplit("/", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
