"""Drafting in the browser: create an SOP, edit its identity sheet and its steps, open a revision.

Every endpoint reads the version through the visibility selector (404 for other units) and writes
through a service, which checks the drafter's right (403 for readers) and the optimistic lock.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from org import permissions
from org.decorators import member_required
from org.forms import add_errors
from org.models import AgencySettings

from . import documents, panels, pdf, procedure, selectors, services
from .content import StepData, build_content
from .flowchart.layout import layout, tall_steps
from .forms import (
    ActorForm,
    IdentityForm,
    ItemForm,
    LegalBasisForm,
    RelatedForm,
    RevisionForm,
    SOPCreateForm,
    StepForm,
    list_formset,
    ordered_rows,
)
from .models import ListKind, VersionStatus

LISTS = [
    ("qualifications", ListKind.QUALIFICATION, _("Kualifikasi pelaksana")),
    ("equipment", ListKind.EQUIPMENT, _("Peralatan/perlengkapan")),
    ("warnings", ListKind.WARNING, _("Peringatan")),
    ("records", ListKind.RECORD, _("Pencatatan dan pendataan")),
]


@login_required
def create(request):
    units = permissions.units_with_perm(request.user, permissions.DRAFT).order_by("path")
    if not units.exists():
        messages.error(request, _("Anda tidak memegang peran penyusun di unit mana pun."))
        return redirect("sop:list")
    # Begun as a copy of a version the person may read ("Salin menjadi SOP baru"): 404 for any other.
    source_pk = request.POST.get("source") or request.GET.get("dari")
    source = None
    if str(source_pk).isdigit():  # only the version itself: the service copies its parts
        source = get_object_or_404(selectors.versions_visible_to(request.user).select_related("sop"), pk=source_pk)
    initial = {"review_period_months": AgencySettings.current().review_period_months}
    if source is not None:
        initial.update(title=source.sop.title, is_public_service=source.sop.is_public_service, source=source.pk)
    form = SOPCreateForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sop = services.sop_create(actor=request.user, **{**form.cleaned_data, "source": source})
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, _("SOP %(number)s dibuat. Lengkapi identitasnya.") % {"number": sop.number})
            return redirect("sop:edit_identity", sop_pk=sop.pk, pk=sop.versions.get().pk)
    unit = form["unit"].value() or units.first().pk
    proposed = (
        services.sop_propose_number(unit=units.get(pk=unit))
        if str(unit).isdigit() and units.filter(pk=unit).exists()
        else ""
    )
    return render(request, "sop/create.html", {"form": form, "proposed": proposed, "source": source})


@login_required
def propose_number(request):
    """htmx: the number proposed for the unit chosen in the create form."""
    unit = permissions.units_with_perm(request.user, permissions.DRAFT).filter(pk=request.GET.get("unit") or 0).first()
    return HttpResponse(services.sop_propose_number(unit=unit) if unit else "")


def _draft(request, sop_pk: int, pk: int):
    return selectors.version_with_content(request.user, pk, sop_pk=sop_pk)


def _identity_forms(version, targets, data=None):
    sop = version.sop
    items = {kind: [] for kind in ListKind.values}
    for item in version.list_items.all():
        items[item.kind].append({"text": item.text})
    main = IdentityForm(
        data,
        initial={
            "lock": version.lock_version,
            "title": sop.title,
            "is_public_service": sop.is_public_service,
            "review_period_months": sop.review_period_months,
            "baseline_time": sop.baseline_time,
            "baseline_source": sop.baseline_source,
            "date_created": version.date_created,
            "purpose": version.purpose,
            "scope": version.scope,
            "definitions": version.definitions,
        },
    )
    legal = list_formset(
        LegalBasisForm,
        "legal",
        data,
        [{"kind": b.kind, "number": b.number, "year": b.year, "subject": b.subject} for b in version.legal_bases.all()],
    )
    related = list_formset(
        RelatedForm,
        "related",
        data,
        [{"relation": r.relation, "target": r.target_id, "text": r.text} for r in version.related_sops.all()],
        targets=targets,
    )
    lists = [(name, title, list_formset(ItemForm, name, data, items[kind])) for name, kind, title in LISTS]
    return main, legal, related, lists


@member_required
def edit_identity(request, sop_pk: int, pk: int):
    version = _draft(request, sop_pk, pk)
    if not selectors.may_edit(request.user, version):
        messages.error(request, _("Hanya penyusun unit ini yang dapat mengubah versi draf."))
        return redirect(version.get_absolute_url())
    data = request.POST if request.method == "POST" else None
    main, legal, related, lists = _identity_forms(version, _related_targets(request.user, version), data)
    conflict = None
    formsets = [legal, related, *(fs for _, _, fs in lists)]
    if data is not None and main.is_valid() and all(fs.is_valid() for fs in formsets):
        cleaned = main.cleaned_data
        rows = {name: [r["text"] for r in ordered_rows(fs)] for name, _, fs in lists}
        try:
            with transaction.atomic():
                services.sop_update(
                    sop=version.sop,
                    actor=request.user,
                    title=cleaned["title"],
                    is_public_service=cleaned["is_public_service"],
                    review_period_months=cleaned["review_period_months"],
                    baseline_time=cleaned["baseline_time"],
                    baseline_source=cleaned["baseline_source"],
                )
                services.version_replace_identity(
                    version=version,
                    actor=request.user,
                    lock=cleaned["lock"],
                    date_created=cleaned["date_created"],
                    legal_bases=ordered_rows(legal),
                    related=[
                        {"relation": r["relation"] or "terkait", "target_id": r["target"], "text": r["text"]}
                        for r in ordered_rows(related)
                    ],
                    purpose=cleaned["purpose"],
                    scope=cleaned["scope"],
                    definitions=cleaned["definitions"],
                    **rows,
                )
        except services.EditConflict as error:
            conflict = _conflict(error, cleaned["lock"], reload=request.path, form="identity-form")
            # Keep the typed values, but let the next deliberate save go through.
            main.data = main.data.copy()
            main.data["lock"] = error.version.lock_version
        else:
            messages.success(request, _("Identitas SOP tersimpan."))
            return redirect("sop:edit_identity", sop_pk=sop_pk, pk=pk)
    status = 409 if conflict else (422 if data is not None else 200)
    return render(
        request,
        "sop/edit_identity.html",
        {
            "sop": version.sop,
            "version": version,
            "form": main,
            "legal": legal,
            "related": related,
            "lists": lists,
            "conflict": conflict,
            "banners": _banners(panels.panels_for(request, version.sop, version)),
        },
        status=status,
    )


def _banners(page_panels: list[panels.Panel]) -> list[panels.Panel]:
    """What the version page says first (why a draft came back), said on the editor's pages too."""
    return [p for p in page_panels if p.slot == "banner"]


def _related_targets(user, version):
    return list(
        selectors.sops_visible_to(user)
        .exclude(pk=version.sop_id)
        .order_by("number")
        .only("pk", "number", "title")[:1000]
    )


def _conflict(error: services.EditConflict, lock: int, *, reload: str, row: int | None = None, form: str = "") -> dict:
    """The refusal shown to the second editor: who saved, every change since their copy, and the two
    ways on: "Simpan versi saya" sends their input again over the newer draft (the row ``row`` of the
    step editor, or the page's form ``form``), "Pakai versi mereka" opens the draft as it now is
    (``reload``) and drops what was not saved."""
    return {
        "message": str(error),
        "changes": selectors.changes_since(error.version, lock),
        "row": row,
        "form": form,
        "reload": reload,
    }


# --- The step editor ----------------------------------------------------------------------------


def _check(content, paper, pages=None):
    """The hints of the procedure as drafted (``pages``: its pages as the PDF lays them out, if at hand)."""
    # A hint, never a refusal: the PDF carries such a row over to the next page, "(lanjutan)".
    too_tall = (
        sorted({n for page in pages for n in page.continued}) if pages is not None else tall_steps(content, paper)
    )
    problems = procedure.validate(content) + [
        procedure.Problem(
            "row_taller_than_page",
            _(
                "Langkah %(n)s lebih panjang dari satu halaman; di PDF barisnya dilanjutkan di halaman berikutnya "
                "(lanjutan). Pertimbangkan meringkas isinya."
            )
            % {"n": n},
            n,
        )
        for n in too_tall
    ]
    return problems


def _editor_context(request, version, forms_by_step=None):
    content = build_content(version)
    page_panels = panels.panels_for(request, version.sop, version)  # open review comments mark their rows
    agency = AgencySettings.current()  # the paper and the working day, read once
    paper = documents.paper_size(agency)
    pages = layout(content, paper)
    problems = _check(content, paper, pages)
    actors = list(version.actors.all())
    steps = list(version.steps.all())
    forms_by_step = forms_by_step or {}
    rows = [
        (
            step,
            forms_by_step.get(step.pk) or StepForm.for_step(step, actors=actors, steps=steps),
            [p for p in problems if p.step == step.number],
        )
        for step in steps
    ]
    return {
        "sop": version.sop,
        "version": version,
        "actors": actors,
        "rows": rows,
        "problems": problems,
        "general_problems": [p for p in problems if p.step is None],
        "actor_form": ActorForm(),
        "row_ids": {step.number: step.pk for step in steps},
        "flowchart": pdf.flowchart_svgs(content, paper, pages=pages, fit=True),
        "service": selectors.service_report(version, content, agency=agency),  # changes as the drafter types
        "banners": _banners(page_panels),
        "step_marks": panels.step_marks_of(page_panels),
    }


@member_required
def edit_steps(request, sop_pk: int, pk: int):
    version = _draft(request, sop_pk, pk)
    if not selectors.may_edit(request.user, version):
        messages.error(request, _("Hanya penyusun unit ini yang dapat mengubah versi draf."))
        return redirect(version.get_absolute_url())
    return render(request, "sop/edit_steps.html", _editor_context(request, version))


def _rerender(request, sop_pk, pk, *, status=200, forms_by_step=None, message=None, conflict=None):
    version = selectors.version_with_content(request.user, pk, sop_pk=sop_pk)
    context = _editor_context(request, version, forms_by_step)
    # The status line tells the truth: a refused (422) or overtaken (409) save is not saved.
    context.update(message=message, conflict=conflict, unsaved=status == 422)
    return render(request, "sop/_editor.html", context, status=status)


def _lock(request) -> int:
    """The lock_version the editor read; an unreadable one can never match (so it is a conflict)."""
    value = request.POST.get("lock", "")
    return int(value) if value.isdigit() else -1


def _delta(request, backwards: str) -> int:
    """-1 when the button asks to move ``backwards`` (up, left), else +1."""
    return -1 if request.POST.get("direction") == backwards else 1


def _structural(operation):
    """Wrap a structural edit (add/move/delete): run it, then send back the whole editor."""

    @member_required
    @require_POST
    def view(request, sop_pk: int, pk: int, **kwargs):
        version = _draft(request, sop_pk, pk)
        lock = _lock(request)
        try:
            operation(request, version, lock, **kwargs)
        except services.EditConflict as error:
            reload = reverse("sop:edit_steps", args=[sop_pk, pk])
            return _rerender(request, sop_pk, pk, status=409, conflict=_conflict(error, lock, reload=reload))
        except ValidationError as error:
            return _rerender(request, sop_pk, pk, status=422, message=("danger", " ".join(error.messages)))
        return _rerender(request, sop_pk, pk)

    view.__name__ = operation.__name__
    return view


@_structural
def step_add(request, version, lock):
    after = request.POST.get("after")
    services.step_add(
        version=version, actor=request.user, lock=lock, after=int(after) if after and after.isdigit() else None
    )


@_structural
def step_move(request, version, lock, step_pk: int):
    services.step_move(version=version, actor=request.user, lock=lock, step_id=step_pk, delta=_delta(request, "up"))


@_structural
def step_delete(request, version, lock, step_pk: int):
    services.step_delete(version=version, actor=request.user, lock=lock, step_id=step_pk)


def _actor_name(request) -> str:
    form = ActorForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Nama pelaksana wajib diisi (paling panjang 150 karakter)."))
    return form.cleaned_data["name"]


@_structural
def actor_add(request, version, lock):
    services.actor_add(version=version, actor=request.user, lock=lock, name=_actor_name(request))


@_structural
def actor_update(request, version, lock, actor_pk: int):
    services.actor_update(version=version, actor=request.user, lock=lock, actor_id=actor_pk, name=_actor_name(request))


@_structural
def actor_move(request, version, lock, actor_pk: int):
    services.actor_move(
        version=version, actor=request.user, lock=lock, actor_id=actor_pk, delta=_delta(request, "left")
    )


@_structural
def actor_delete(request, version, lock, actor_pk: int):
    services.actor_delete(version=version, actor=request.user, lock=lock, actor_id=actor_pk)


@member_required
@require_POST
def step_save(request, sop_pk: int, pk: int, step_pk: int):
    """htmx: save one row. Errors and conflicts keep the typed row on screen (422 / 409)."""
    if settings.ESOP_EDITOR_SAVE_DELAY:  # the browser tests: a save as slow as a person's network
        time.sleep(settings.ESOP_EDITOR_SAVE_DELAY)
    version = _draft(request, sop_pk, pk)
    actors, steps = list(version.actors.all()), list(version.steps.all())
    step = next((s for s in steps if s.pk == step_pk), None)
    if step is None:
        return _rerender(
            request, sop_pk, pk, status=409, message=("danger", _("Langkah ini sudah dihapus orang lain."))
        )
    form = StepForm.for_step(step, actors=actors, steps=steps, data=request.POST)
    if not form.is_valid():
        return _rerender(request, sop_pk, pk, status=422, forms_by_step={step.pk: form})
    data = form.cleaned_data
    number_of = {s.pk: s.number for s in steps}  # the form offers the steps by id; the service takes numbers
    fields = StepData(
        number=step.number,
        kind=data["kind"],
        text=data["text"],
        actor=data["actor"],
        co_actors=tuple(data["co_actors"]),
        requirements=data["requirements"],
        **data["waktu"].fields(),
        output=data["output"],
        notes=data["notes"],
        next=number_of.get(data["next"]),
        yes=number_of.get(data["yes"]),
        no=number_of.get(data["no"]),
    )
    lock = _lock(request)

    def shape(row, co_actors):  # what the row draws: its symbol, and those of its further actors
        return row.kind, row.actor_id, sorted(set(co_actors) - {row.actor_id})

    before = shape(step, [c.actor_id for c in step.co_actors.all()])  # the save updates the very row held here
    try:
        saved = services.step_update(version=version, actor=request.user, lock=lock, step_id=step.pk, fields=fields)
    except services.EditConflict as error:
        conflict = _conflict(error, lock, reload=reverse("sop:edit_steps", args=[sop_pk, pk]), row=step.pk)
        return _rerender(request, sop_pk, pk, status=409, forms_by_step={step.pk: form}, conflict=conflict)
    except ValidationError as error:
        for field, errors in getattr(error, "message_dict", {"__all__": error.messages}).items():
            form.add_error(field if field in form.fields else None, errors)
        return _rerender(request, sop_pk, pk, status=422, forms_by_step={step.pk: form})
    message = ("success", _("Langkah %(n)s tersimpan.") % {"n": step.number})
    if request.headers.get("HX-Request") == "true" and shape(saved, fields.co_actors) == before:
        return _row_saved(request, version, steps, saved, message)
    return _rerender(request, sop_pk, pk, message=message)


def _row_saved(request, version, steps, saved, message):
    """A row saved as it was typed (same kind, same actors): the editor is not redrawn, so nothing on
    screen moves under the person typing. The answer carries only what the save changed elsewhere (the
    lock, the status line, the hints of every row, the check of the procedure, the service time), out of
    band; the flowchart preview fetches itself a moment later (``row-saved``)."""
    steps = [saved if s.pk == saved.pk else s for s in steps]
    content = build_content(version, steps)
    agency = AgencySettings.current()
    problems = _check(content, documents.paper_size(agency))
    context = {
        "lock": saved.version.lock_version,
        "message": message,
        "problems": problems,
        "general_problems": [p for p in problems if p.step is None],
        "row_ids": {step.number: step.pk for step in steps},
        "hints": [(step, [p for p in problems if p.step == step.number]) for step in steps],
        "service": selectors.service_report(version, content, agency=agency),
        "oob": True,
    }
    # Without the request: the page's context processors (the inbox counts of the menu) are not shown.
    response = HttpResponse(render_to_string("sop/_row_saved.html", context))
    response["HX-Reswap"] = "none"
    response["HX-Trigger"] = "row-saved"
    return response


@member_required
@require_GET
def edit_preview(request, sop_pk: int, pk: int):
    """htmx: the editor's flowchart preview, drawn again from the draft as saved."""
    version = _draft(request, sop_pk, pk)
    if not selectors.may_edit(request.user, version):
        raise PermissionDenied
    content = build_content(version)
    paper = documents.paper_size(AgencySettings.current())
    flowchart = pdf.flowchart_svgs(content, paper, pages=layout(content, paper), fit=True)
    return render(request, "sop/_preview.html", {"flowchart": flowchart})


@member_required
def revise(request, pk: int):
    """Open a revision of the SOP in force (change control): why, and what it changes in one line."""
    sop = selectors.access_sop(request.user, pk)
    if not permissions.can_draft(request.user, sop.unit):
        raise PermissionDenied
    versions = selectors.sop_versions(request.user, sop)
    refusal = _revision_refusal(versions)
    if refusal:
        messages.error(request, refusal)
        return redirect(sop.get_absolute_url())
    form = RevisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.version_revise(
                sop=sop, actor=request.user, reason=form.cleaned_data["reason"], summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Revisi %(r)s dibuat sebagai draf. Versi yang berlaku tetap berlaku.") % {"r": draft.revision},
            )
            return redirect("sop:edit_steps", sop_pk=sop.pk, pk=draft.pk)
    in_force = next((v for v in versions if v.status == VersionStatus.IN_FORCE), None)
    return render(
        request,
        "sop/revise.html",
        {"sop": sop, "form": form, "in_force": in_force},
        status=400 if form.errors else 200,
    )


def _revision_refusal(versions) -> str:
    if any(v.status in services.OPEN_STATUSES for v in versions):
        return _("SOP ini sudah memiliki versi yang sedang disusun atau diperiksa.")
    if not any(v.status == VersionStatus.IN_FORCE for v in versions):
        return _("Revisi hanya dapat dibuat dari versi yang sedang berlaku.")
    return ""
