import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from esop.security import address_limited
from org import permissions
from org.decorators import member_required
from org.forms import add_errors
from org.models import AgencySettings
from sop import documents
from sop import selectors as sop_selectors
from sop.enums import StepKind
from sop.worktime import add_working_minutes, working_minutes

from . import selectors, services
from .forms import CancelForm, MappingForm, StartForm, StepForm
from .models import CaseStatus

OTHER_IDS = "other_%s"  # the ids of the form for a step out of order, beside the current step's


@login_required
def case_list(request):
    status = request.GET.get("status", "")
    late = request.GET.get("terlambat") == "1"
    sop = request.GET.get("sop", "")
    sop = int(sop) if sop.isdigit() else None
    cases = selectors.case_list(request.user, status=status, late=late, sop=sop)
    page = selectors.Page.of(cases, request.GET.get("page"))
    query = "&".join(
        f"{k}={v}" for k, v in (("status", status), ("terlambat", "1" if late else ""), ("sop", sop or "")) if v
    )
    return render(
        request,
        "cases/list.html",
        {"page": page, "status": status, "late": late, "statuses": CaseStatus.choices, "query": query, "sop": sop},
    )


@member_required
def case_start(request, pk: int):
    sop = sop_selectors.access_sop(request.user, pk)
    if not services.may_start(request.user, sop):
        raise PermissionDenied
    version = sop_selectors.in_force_version(sop)
    form = StartForm(request.POST or None, public_service=sop.is_public_service)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_start(
                sop=sop,
                actor=request.user,
                reference=form.cleaned_data["reference"],
                tracking=form.cleaned_data.get("tracking", False),
            )
        except ValidationError as error:
            add_errors(form, error)
            status = 400
        else:
            messages.success(request, _("Pelaksanaan dimulai. Langkah pertama menunggu pelaksananya."))
            return redirect(case)
    elif request.method == "POST":
        status = 400
    return render(request, "cases/start.html", {"sop": sop, "version": version, "form": form}, status=status)


def _marked(svgs: list[str], current: int | None, done: set[int]) -> list[str]:
    """The flowchart pages with the step being carried out and the steps done marked for the eye."""

    def mark(match: re.Match) -> str:
        number = int(match.group(1))
        if number == current:
            return f'{match.group(0)} data-state="current"'
        return f'{match.group(0)} data-state="done"' if number in done else match.group(0)

    return [mark_safe(re.sub(r'data-step="(\d+)"', mark, str(page))) for page in svgs]


def _page(request, case, step_form=None, cancel_form=None, status=200):
    content, rows, record = selectors.case_page(case)
    agency = AgencySettings.current()
    workday = agency.workday_minutes
    now = timezone.now()
    current = next((r for r in rows if r.current), None)
    assigned = services.assigned_ids(case.sop, current.actor) if current else set()
    may_act = bool(current) and services.may_do_step(request.user, case, current.actor, assigned)
    step_kind = {s.number: s.kind for s in content.steps}
    # A refused form comes back with what was typed: in the current step's form when it was for that
    # step, in the out-of-order form (ids apart) when it came from there; when the page no longer
    # shows either (the case moved on, the step is no longer this person's), the texts are given
    # back to copy, never dropped.
    refused = step_form if step_form is not None and step_form.is_bound else None
    deviating = refused is not None and refused.auto_id == OTHER_IDS and case.is_running
    same_step = (
        refused is not None
        and not deviating
        and may_act
        and str(refused.data.get("step_number")) == str(current.number)
    )
    fresh = StepForm(initial={"step_number": current.number, "seen_steps": case.steps_done}) if current else None
    step_form = refused if same_step else fresh
    other_form = refused if deviating else StepForm(initial={"seen_steps": case.steps_done}, auto_id=OTHER_IDS)
    unsaved = (
        [(refused[name].label, refused.data.get(name, "")) for name in ("output", "note", "reason")]
        if refused is not None and not (deviating or same_step)
        else []
    )
    unsaved = [(label, text) for label, text in unsaved if text.strip()]
    waited = working_minutes(case.current_since, now, workday) if case.current_since else None
    elapsed = working_minutes(case.started_at, case.finished_at or now, workday)
    expected = _expected(case, content, workday, now)
    svgs = documents.version_flowchart_svgs(case.version, content, documents.paper_size(agency))
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "content": content,
            "rows": rows,
            "record": record,
            "current": current,
            "current_is_decision": current is not None and step_kind.get(current.number) == StepKind.DECISION,
            "unmapped": current is not None and not assigned,
            "may_act": may_act,
            "may_cancel": case.is_running
            and (request.user.pk == case.started_by_id or permissions.can_manage_unit(request.user, case.sop.unit)),
            "step_form": step_form,
            "other_form": other_form,
            "unsaved": unsaved,
            "deviating": deviating,
            "cancel_form": cancel_form or CancelForm(),
            "flowchart": _marked(svgs, case.current_step if case.is_running else None, {e.step_number for e in record}),
            "waited": waited,
            "late": case.is_running and case.current_due_at is not None and case.current_due_at <= now,
            "elapsed": elapsed,
            "workday": workday,
            "expected": expected,
            "expected_passed": expected is not None and expected < now,
            "other_steps": [r for r in rows if not r.current],
        },
        status=status,
    )


def _expected(case, content, workday: int, now):
    """When the case should be finished: from the current step, the standard times of the steps
    still ahead on the main path (the steps before it are done)."""
    if not case.is_running or case.standard_minutes is None:
        return None
    measured = sop_selectors.measured_service_time(case.version, content)
    if measured is None or case.current_step not in measured.path:
        return add_working_minutes(case.started_at, case.standard_minutes, workday)
    ahead = measured.path[measured.path.index(case.current_step) :]
    standards = {s.number: services.step_standard(s, workday) for s in content.steps}
    left = sum(standards[n] or 0 for n in ahead)
    return add_working_minutes(max(case.current_since or now, case.started_at), left, workday)


@member_required
@require_GET
def case_detail(request, pk: int):
    return _page(request, selectors.access_case(request.user, pk))


@member_required
@require_POST
def case_step(request, pk: int):
    case = selectors.access_case(request.user, pk, for_page=False)
    form = StepForm(request.POST, auto_id=OTHER_IDS if request.POST.get("form") == "other" else "id_%s")
    if not form.is_valid():
        return _page(request, case, step_form=form, status=400)
    data = form.cleaned_data
    try:
        case = services.case_step_done(
            case=case,
            actor=request.user,
            step_number=data["step_number"],
            output=data["output"],
            note=data["note"],
            choice=data["choice"],
            reason=data["reason"],
            seen_steps=data["seen_steps"],
        )
    except PermissionDenied as error:
        messages.error(request, str(error))
        return _page(request, case, step_form=form, status=403)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            add_errors(form, error)
        else:  # about the case, not a field: above everything, whatever form the page shows now
            messages.error(request, " ".join(error.messages))
        case.refresh_from_db()
        return _page(request, case, step_form=form, status=400)
    if case.status == CaseStatus.FINISHED:
        messages.success(request, _("Langkah tercatat. Pelaksanaan selesai."))
    else:
        messages.success(
            request,
            _("Langkah tercatat. Sekarang langkah %(n)s oleh %(actor)s.")
            % {"n": case.current_step, "actor": case.current_actor},
        )
    return redirect(case)


@member_required
@require_POST
def case_cancel(request, pk: int):
    case = selectors.access_case(request.user, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _page(request, case, cancel_form=form, status=400)
    try:
        services.case_cancel(case=case, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        add_errors(form, error)
        return _page(request, case, cancel_form=form, status=400)
    messages.success(request, _("Pelaksanaan dibatalkan."))
    return redirect(case)


@member_required
def mapping(request, pk: int):
    sop = sop_selectors.access_sop(request.user, pk)
    if not services.may_map(request.user, sop):
        raise PermissionDenied
    version = sop_selectors.in_force_version(sop)
    actors = [a["name"] for a in (version.content_snapshot or {}).get("actors", [])] if version else []
    people = permissions.users_with_perm(sop.unit, permissions.VIEW).order_by("full_name", "username")
    form = MappingForm(request.POST or None, actors=actors, people=people, mapped=selectors.assignments(sop))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.assignments_set(sop=sop, actor=request.user, mapping=form.mapping())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Pemetaan pelaksana tersimpan."))
                return redirect("cases:mapping", pk=sop.pk)
        status = 400
    return render(request, "cases/mapping.html", {"sop": sop, "version": version, "form": form}, status=status)


@require_GET
def track(request):
    """Where an application stands, by the tracking code given to the applicant (no login): the SOP,
    the step it is in and the expected completion; nothing personal. Lookups are limited per address."""
    code = request.GET.get("kode", "").strip().upper()[:20]
    case, refusal, status, expected, current = None, "", 200, None, None
    if code:
        if address_limited(request, "case_track", settings.ESOP_TRACK_RATE_ADDRESS):
            refusal, status = _("Terlalu banyak pencarian dari alamat ini. Coba lagi nanti."), 429
        else:
            case = selectors.case_by_code(code)
            if case is None:
                refusal, status = _("Kode lacak tidak ditemukan. Periksa kembali penulisannya."), 404
            else:
                content, rows, _record = selectors.case_page(case)
                current = next((r for r in rows if r.current), None)
                expected = _expected(case, content, AgencySettings.current().workday_minutes, timezone.now())
    return render(
        request,
        "cases/track.html",
        {"code": code, "case": case, "refusal": refusal, "expected": expected, "current": current},
        status=status,
    )
