import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cases.figures import citation, sops_case_figures
from esop.text import SpreadsheetCSVWriter
from org import permissions
from org.decorators import member_required
from org.models import AgencySettings, Unit
from sop import selectors as sop_selectors
from sop import services as sop_services
from sop.models import SharedUnit, VersionStatus, add_months

from . import exports, quiz, selectors, services, survey, targets
from .charts import Series, line_chart
from .forms import DateForm, EvaluationForm, MonitoringRowForm, QuizForm, ReportForm
from .indicators import unit_figures
from .models import MONITORING_INTERVAL_MONTHS, Evaluation, Feedback, Quiz, ReviewOutcome

TREND_DAYS = 365
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OVERDUE_ROWS = 100


@member_required
@require_POST
def review_record(request, pk: int):
    sop = sop_selectors.access_sop(request.user, pk)
    try:
        review = services.review_record(
            sop=sop,
            actor=request.user,
            outcome=request.POST.get("outcome", ""),
            note=request.POST.get("note", "")[:4000],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(sop.get_absolute_url() + "#reviu-berkala")
    if review.outcome == ReviewOutcome.NEEDS_REVISION:
        messages.success(
            request, _("Hasil reviu tersimpan. Revisi %(r)s siap disusun.") % {"r": review.revision.revision}
        )
        return redirect(review.revision.get_absolute_url())
    messages.success(
        request,
        _("Hasil reviu tersimpan: masih sesuai. Reviu berikutnya jatuh tempo %(due)s.")
        % {"due": date_format(review.next_due_on, "j F Y")},
    )
    return redirect(sop.get_absolute_url() + "#reviu-berkala")


def _chosen_unit(request, units, refusal: str):
    """The unit picked with ``?unit=`` among ``units`` (the first by default); 403 without any."""
    if not units:
        raise PermissionDenied(refusal)
    try:
        chosen = int(request.GET.get("unit", ""))
    except ValueError:
        chosen = None
    return units, next((u for u in units if u.pk == chosen), units[0])


def _dashboard_unit(request):
    units = selectors.dashboard_units(request.user)
    return _chosen_unit(request, units, _("Dasbor hanya untuk kepala unit dan admin."))


# The columns of the figures, in the order of the page and of the CSV.
COLUMNS = [
    ("sops", gettext_lazy("Jumlah SOP")),
    ("in_force", gettext_lazy("SOP berlaku")),
    ("planned", gettext_lazy("Target SOP")),
    ("in_force_share", gettext_lazy("Capaian (berlaku/target)")),
    ("reviews_due", gettext_lazy("Reviu jatuh tempo ≤30 hari")),
    ("reviews_overdue", gettext_lazy("Reviu terlambat")),
    ("established_90d", gettext_lazy("Ditetapkan 90 hari terakhir")),
    ("median_days_to_establish", gettext_lazy("Median hari pengajuan–penetapan")),
    ("returns_90d", gettext_lazy("Pengembalian 90 hari terakhir")),
    ("reads_requested", gettext_lazy("Permintaan membaca SOP berlaku")),
    ("reads_confirmed", gettext_lazy("Sudah membaca dan memahami")),
    ("read_share", gettext_lazy("Capaian sosialisasi (sudah membaca/diminta)")),
    ("reads_competent", gettext_lazy("Kompeten (lulus kuis atau sudah membaca)")),
    ("service_compared", gettext_lazy("SOP berlaku dengan pembanding waktu layanan")),
    ("service_halved", gettext_lazy("SOP dengan waktu layanan ≥50 persen lebih cepat")),
    ("service_change_median", gettext_lazy("Median perubahan waktu layanan (%)")),
    ("survey_responses", gettext_lazy("Responden SKM tahun berjalan")),
    ("ikm", gettext_lazy("IKM tahun berjalan")),
    ("complaints_90d", gettext_lazy("Pengaduan masyarakat 90 hari terakhir")),
    ("complaints_overdue", gettext_lazy("Pengaduan lewat batas jawaban")),
    ("cases_started_90d", gettext_lazy("Pelaksanaan SOP dimulai 90 hari terakhir")),
    ("cases_finished_90d", gettext_lazy("Pelaksanaan SOP selesai 90 hari terakhir")),
    ("case_median_minutes", gettext_lazy("Median waktu layanan nyata (menit kerja)")),
    ("case_p90_minutes", gettext_lazy("P90 waktu layanan nyata (menit kerja)")),
    ("case_standard_minutes", gettext_lazy("Median waktu baku pelaksanaan (menit kerja)")),
    ("cases_within_share", gettext_lazy("Pelaksanaan dalam waktu baku")),
    ("case_steps_on_time_share", gettext_lazy("Langkah pelaksanaan tepat waktu")),
    ("case_deviations_per_100", gettext_lazy("Penyimpangan per 100 pelaksanaan")),
]


@login_required
def dashboard(request):
    units, unit = _dashboard_unit(request)
    today = timezone.localdate()
    figures = unit_figures(today=today, cached_cases=True)
    children = selectors.children_of(unit)
    trend = selectors.snapshots(unit, today - datetime.timedelta(days=TREND_DAYS))
    overdue = selectors.overdue_reviews(unit, today)
    start, target = selectors.digitisation_dates(unit)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "indicators": targets.indicators(figures[unit.pk], start, target, today),
            "indicator_chart": mark_safe(
                line_chart(
                    [
                        Series(
                            _("SOP terdigitalisasi (%)"),
                            [(s.day, round(100 * s.sops / s.planned)) for s in trend if s.planned],
                        ),
                        Series(
                            _("Waktu layanan lebih singkat (%)"),
                            [(s.day, -s.service_change_median) for s in trend if s.service_change_median is not None],
                            "chart-success",
                        ),
                        Series(
                            _("Kompeten pada SOP berlaku (%)"),
                            [(s.day, round(100 * s.competent_share)) for s in trend if s.competent_share is not None],
                            "chart-purple",
                        ),
                        Series(_("IKM"), [(s.day, s.ikm) for s in trend if s.ikm is not None], "chart-warning"),
                    ],
                    title=_("Capaian empat indikator"),
                )
            ),
            "units": units,
            "unit": unit,
            "today": today,
            "figures": figures[unit.pk],
            "statuses": [(label, figures[unit.pk].by_status.get(value, 0)) for value, label in VersionStatus.choices],
            "children": [(child, figures[child.pk]) for child in children],
            "in_force_chart": mark_safe(
                line_chart(
                    [
                        Series(_("SOP berlaku"), [(s.day, s.in_force) for s in trend]),
                        Series(_("Target SOP"), [(s.day, s.planned) for s in trend if s.planned], "chart-target"),
                    ],
                    title=_("SOP berlaku dan target"),
                )
            ),
            "review_chart": mark_safe(
                line_chart(
                    [
                        Series(_("Reviu terlambat"), [(s.day, s.reviews_overdue) for s in trend], "chart-danger"),
                        Series(_("Reviu jatuh tempo"), [(s.day, s.reviews_due) for s in trend], "chart-warning"),
                    ],
                    title=_("Reviu jatuh tempo dan terlambat"),
                )
            ),
            "case_chart": mark_safe(
                line_chart(
                    [
                        Series(
                            _("Pelaksanaan dalam waktu baku (%)"),
                            [
                                (s.day, round(100 * s.cases_within_share))
                                for s in trend
                                if s.cases_within_share is not None
                            ],
                            "chart-success",
                        ),
                        Series(
                            _("Langkah tepat waktu (%)"),
                            [
                                (s.day, round(100 * s.case_steps_on_time_share))
                                for s in trend
                                if s.case_steps_on_time_share is not None
                            ],
                        ),
                    ],
                    title=_("Pelaksanaan SOP: tepat waktu"),
                )
            ),
            "workday": AgencySettings.current().workday_minutes,
            "case_figures_minutes": max(1, settings.ESOP_CASE_FIGURES_SECONDS // 60)
            if settings.ESOP_CASE_FIGURES_SECONDS
            else 0,
            "trend": trend,
            "overdue": overdue[:OVERDUE_ROWS],
            "overdue_count": figures[unit.pk].reviews_overdue,
        },
    )


@login_required
@require_GET
def indicator_report(request):
    """Laporan capaian indikator of the chosen unit and every unit below it, as Excel or PDF."""
    _units, unit = _dashboard_unit(request)
    today = timezone.localdate()
    figures = unit_figures(today=today)
    plans = selectors.digitisation_plans()
    rows = [
        (u, targets.indicators(figures[u.pk], *selectors.digitisation_dates(u, plans), today))
        for u in selectors.units_below(unit)
    ]
    report = exports.indicator_report(unit, rows, today, request.user)
    return _download(report, "xlsx" if request.GET.get("format") == "xlsx" else "pdf")


def _cell(value) -> str:
    return "" if value is None else str(value)


@login_required
def dashboard_csv(request):
    """The figures of the chosen unit and every unit below it, or (riwayat=1) its daily snapshots."""
    _units, unit = _dashboard_unit(request)
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = SpreadsheetCSVWriter(response)
    statuses = VersionStatus.choices
    if request.GET.get("riwayat") == "1":
        response["Content-Disposition"] = f'attachment; filename="indikator-{unit.code}-riwayat.csv"'
        writer.writerow([_("Tanggal"), *(label for _name, label in COLUMNS), *(label for _v, label in statuses)])
        for snap in selectors.snapshots(unit, today - datetime.timedelta(days=TREND_DAYS * 5)):
            writer.writerow(
                [snap.day.isoformat(), *(_cell(getattr(snap, name)) for name, _label in COLUMNS)]
                + [snap.by_status.get(v, 0) for v, _l in statuses]
            )
        return response
    response["Content-Disposition"] = f'attachment; filename="indikator-{unit.code}-{today.isoformat()}.csv"'
    figures = unit_figures(today=today)
    writer.writerow(
        [_("Kode unit"), _("Unit"), *(label for _name, label in COLUMNS), *(label for _v, label in statuses)]
    )
    for u in selectors.units_below(unit):
        f = figures[u.pk]
        writer.writerow(
            [u.code, u.name, *(_cell(getattr(f, name)) for name, _label in COLUMNS)]
            + [f.by_status.get(v, 0) for v, _l in statuses]
        )
    return response


def _cited(data: dict, cited: str | None) -> str:
    """The assessment note, with the cases' figures after it when the assessor chose to cite them."""
    note = data["assessment_note"].strip()
    if not (data.get("cite_cases") and cited):
        return note
    return f"{note}\n{cited}" if note else cited


def _assessment_unit(request):
    units = selectors.assessment_units(request.user)
    return _chosen_unit(request, units, _("Pemantauan hanya untuk pemeriksa dan kepala unit."))


@login_required
def monitoring_round(request):
    """A unit's monitoring round: every SOP in force with its latest monitoring, to fill in one sitting."""
    units, unit = _assessment_unit(request)
    today = timezone.localdate()
    sops = selectors.monitoring_round(unit, today)
    data = request.POST if request.method == "POST" else None
    date_form = DateForm(data)
    rows = [(sop, MonitoringRowForm(data, prefix=f"s{sop.pk}")) for sop in sops]
    # What carrying the SOPs out showed, offered to each row to cite (cases).
    workday = AgencySettings.current().workday_minutes
    case_figures = sops_case_figures([sop.pk for sop in sops])
    citations = {pk: citation(f, workday) for pk, f in case_figures.items() if f.started}
    status = 200
    if request.method == "POST":
        filled = [(sop, form) for sop, form in rows if form.filled]
        valid = date_form.is_valid() and all(form.is_valid() for _sop, form in filled)
        if not filled:
            messages.error(request, _("Isi penilaian sekurang-kurangnya satu SOP."))
            status = 400
        elif not valid:
            messages.error(request, _("Periksa isian yang ditandai; belum ada yang disimpan."))
            status = 400
        else:
            saved = services.monitorings_record(
                actor=request.user,
                date=date_form.cleaned_data["date"],
                rows=[
                    services.MonitoringInput(
                        sop_id=sop.pk,
                        method=form.cleaned_data["method"],
                        runs_well=form.cleaned_data["assessment"] == "baik",
                        assessment_note=_cited(form.cleaned_data, citations.get(sop.pk)),
                        action=form.cleaned_data["action"],
                    )
                    for sop, form in filled
                ],
            )
            messages.success(request, _("%(n)s hasil pemantauan tersimpan.") % {"n": len(saved)})
            return redirect(f"{request.path}?unit={unit.pk}")
    return render(
        request,
        "monitoring/round.html",
        {
            "units": units,
            "unit": unit,
            "date_form": date_form,
            "rows": [(sop, form, citations.get(sop.pk)) for sop, form in rows],
            "due_count": sum(1 for sop in sops if sop.monitoring_due),
            "report_start": add_months(today, -MONITORING_INTERVAL_MONTHS),
            "today": today,
        },
        status=status,
    )


@member_required
def evaluate(request, pk: int):
    sop = sop_selectors.access_sop(request.user, pk)
    if not services.may_assess(request.user, sop):
        raise PermissionDenied(_("Anda tidak berwenang mengevaluasi SOP unit ini."))
    version = sop_selectors.in_force_version(sop)
    if version is None:
        messages.error(request, _("Hanya SOP yang sedang berlaku yang dapat dievaluasi."))
        return redirect(sop.get_absolute_url())
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers, notes = form.answers()
        try:
            evaluation = services.evaluation_record(
                sop=sop, actor=request.user, date=form.cleaned_data["date"], answers=answers, notes=notes
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if evaluation.all_met:
                messages.success(request, _("Evaluasi tersimpan: semua kriteria terpenuhi."))
            else:
                messages.warning(
                    request,
                    _("Evaluasi tersimpan. Ada kriteria yang tidak terpenuhi: buka draf revisi dari panel evaluasi."),
                )
            return redirect(sop.get_absolute_url() + "#evaluasi")
    return render(
        request,
        "monitoring/evaluate.html",
        {"sop": sop, "version": version, "form": form},
        status=400 if form.errors else 200,
    )


@member_required
@require_POST
def evaluation_revision(request, pk: int):
    evaluation = get_object_or_404(Evaluation.objects.select_related("sop__unit"), pk=pk)
    sop_selectors.access_sop(request.user, evaluation.sop_id)  # 404 for what the user may not see
    try:
        draft = services.evaluation_open_revision(evaluation=evaluation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(evaluation.sop.get_absolute_url() + "#evaluasi")
    messages.success(request, _("Draf revisi %(r)s terbuka, tertaut ke evaluasi.") % {"r": draft.revision})
    return redirect(draft.get_absolute_url())


@login_required
def report(request):
    """The monitoring or evaluation table of a unit for a period, as Excel or PDF."""
    _units, unit = _assessment_unit(request)
    form = ReportForm(request.GET)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(f"{reverse('monitoring:round')}?unit={unit.pk}")
    data = form.cleaned_data
    build = exports.monitoring_report if data["kind"] == "monitoring" else exports.evaluation_report
    return _download(build(unit, data["start"], data["end"], request.user), data["format"])


def _download(report: exports.Report, file_format: str) -> HttpResponse:
    """A report as an Excel ("xlsx") or PDF file to download."""
    if file_format == "xlsx":
        body, content_type = exports.to_xlsx(report), XLSX
    else:
        body, content_type = exports.to_pdf(report), "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}.{file_format}"'
    return response


# --- Sosialisasi ----------------------------------------------------------------------------------


@login_required
def reading_list(request):
    """What the signed-in person is asked to read, with the confirm button beside each."""
    requests = selectors.reading_list(request.user)
    return render(
        request,
        "monitoring/reading_list.html",
        {"pending": [r for r in requests if not r.confirmed_at], "done": [r for r in requests if r.confirmed_at]},
    )


@member_required
@require_POST
def read_confirm(request, sop_pk: int, pk: int):
    version = sop_selectors.version_with_content(request.user, pk, sop_pk=sop_pk)
    try:
        services.read_confirm(version=version, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Terima kasih. Anda menyatakan sudah membaca dan memahami %(number)s revisi %(r)s.")
            % {"number": version.sop.number, "r": version.revision},
        )
    target = request.POST.get("next", "")
    return redirect(target if target == reverse("monitoring:reading_list") else version.get_absolute_url())


def _followed_sop(request, pk: int):
    sop = sop_selectors.access_sop(request.user, pk)
    if not services.may_follow_reading(request.user, sop):
        raise PermissionDenied(_("Sosialisasi SOP hanya dapat dilihat kepala unit dan admin unit."))
    return sop


@member_required
def reading_sop(request, pk: int):
    """Per SOP: who was asked to read the version in force, who confirmed and who has not."""
    sop = _followed_sop(request, pk)
    version = sop_selectors.in_force_version(sop)
    readers = selectors.version_readers(version) if version else []
    confirmed = sum(1 for r in readers if r.confirmed_at)
    return render(
        request,
        "monitoring/reading_sop.html",
        {
            "sop": sop,
            "version": version,
            "readers": readers,
            "has_quiz": bool(version) and Quiz.objects.filter(version=version).exists(),
            "confirmed": confirmed,
            "unconfirmed": len(readers) - confirmed,
            "shared_units": selectors.shared_units(sop),
            "may_add_units": permissions.can_establish(request.user, sop.unit),
            "unit_choices": Unit.objects.filter(is_active=True)
            .exclude(path__startswith=sop.unit.path)
            .order_by("path")
            .only("pk", "name", "depth"),
        },
    )


@member_required
@require_POST
def read_remind(request, pk: int):
    sop = _followed_sop(request, pk)
    version = sop_selectors.in_force_version(sop)
    if version is None:
        messages.error(request, _("SOP ini tidak sedang berlaku."))
    else:
        try:
            n = services.read_remind(version=version, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Pengingat dikirim kepada %(n)s orang.") % {"n": n})
    return redirect("monitoring:reading_sop", pk=sop.pk)


@member_required
@require_POST
def reading_unit_add(request, pk: int):
    sop = _followed_sop(request, pk)
    try:
        unit = Unit.objects.get(pk=int(request.POST.get("unit", "")))
    except (ValueError, Unit.DoesNotExist):
        messages.error(request, _("Pilih unit yang akan diminta membaca SOP ini."))
        return redirect("monitoring:reading_sop", pk=sop.pk)
    try:
        services.reading_unit_add(sop=sop, unit=unit, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Staf %(unit)s diminta membaca SOP ini.") % {"unit": unit.name})
    return redirect("monitoring:reading_sop", pk=sop.pk)


@member_required
@require_POST
def reading_unit_remove(request, pk: int, unit_pk: int):
    sop = _followed_sop(request, pk)
    shared = get_object_or_404(SharedUnit.objects.select_related("sop__unit"), sop=sop, unit_id=unit_pk)
    sop_services.sop_unshare(shared=shared, actor=request.user)
    messages.success(request, _("Unit dihapus dari sasaran sosialisasi."))
    return redirect("monitoring:reading_sop", pk=sop.pk)


@login_required
def reading_unit(request):
    """Per unit: every SOP in force with its share of confirmations, and every person with theirs."""
    units = selectors.reading_follow_units(request.user)
    units, unit = _chosen_unit(request, units, _("Sosialisasi hanya untuk kepala unit dan admin unit."))
    return render(
        request,
        "monitoring/reading_unit.html",
        {
            "units": units,
            "unit": unit,
            "sops": selectors.reading_by_sop(unit),
            "readers": selectors.reading_by_person(unit),
        },
    )


# --- Feedback -------------------------------------------------------------------------------------


@member_required
@require_POST
def feedback_send(request, pk: int):
    sop = sop_selectors.access_sop(request.user, pk)
    try:
        services.feedback_send(
            sop=sop, actor=request.user, kind=request.POST.get("kind", ""), text=request.POST.get("text", "")
        )
    except ValidationError as error:
        # The typed text comes back into the form (the session keeps it for one page).
        request.session["feedback_draft"] = {"sop": sop.pk, "text": request.POST.get("text", "")[:4000]}
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Masukan terkirim ke penyusun dan kepala unit. Terima kasih."))
    return redirect(sop.get_absolute_url() + "#masukan")


@login_required
def feedback_inbox(request):
    """Feedback on the SOPs of the user's units: unanswered first; answered on ?dijawab=1."""
    answered = request.GET.get("dijawab") == "1"
    if not permissions.held_codenames(request.user) & services.FEEDBACK_PERMS:
        raise PermissionDenied(_("Kotak masukan hanya untuk penyusun dan kepala unit."))
    return render(
        request,
        "monitoring/feedback_inbox.html",
        {
            "items": selectors.feedback_inbox(request.user, answered=answered)[:200],
            "answered": answered,
            "today": timezone.localdate(),
        },
    )


def _feedback(request, pk: int) -> Feedback:
    feedback = get_object_or_404(Feedback.objects.select_related("sop__unit"), pk=pk)
    sop_selectors.access_sop(request.user, feedback.sop_id)  # 404 for what the user may not see
    return feedback


@member_required
@require_POST
def feedback_answer(request, pk: int):
    feedback = _feedback(request, pk)
    try:
        services.feedback_answer(feedback=feedback, actor=request.user, answer=request.POST.get("answer", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Jawaban tersimpan; pengadu membacanya dengan kode pelacakannya.")
            if feedback.is_complaint
            else _("Jawaban tersimpan dan dikirim kepada pengirim masukan."),
        )
    return redirect(reverse("monitoring:feedback_inbox") + f"#masukan-{feedback.pk}")


@member_required
@require_POST
def feedback_revision(request, pk: int):
    feedback = _feedback(request, pk)
    draft = services.feedback_link_revision(feedback=feedback, actor=request.user)
    messages.success(request, _("Masukan ditautkan ke draf revisi %(r)s.") % {"r": draft.revision})
    return redirect(draft.get_absolute_url())


# --- Survei Kepuasan Masyarakat -------------------------------------------------------------------


@login_required
@require_GET
def survey_results(request):
    """The SKM of a unit (and its sub-units) or of one of its SOPs for a year or a semester: NRR per
    element, IKM and grade, respondents against the sample needed, the suggestions; ?format=xlsx|pdf."""
    units, unit = _dashboard_unit(request)
    today = timezone.localdate()
    period = survey.Period.parse(request.GET.get("periode", "")) or survey.Period.of(today, semester=False)
    sops = list(sop_selectors.sop_list(request.user, unit=unit).filter(is_public_service=True).order_by("number"))
    sop = next((s for s in sops if str(s.pk) == request.GET.get("sop", "")), None)
    start, end = period.bounds
    responses = selectors.survey_responses(unit=unit, sop=sop, start=start, end=end)
    result = selectors.survey_result(responses)
    population = selectors.service_population(unit)
    required = survey.sample_size(population) if population and not sop else None
    if request.GET.get("format") in ("xlsx", "pdf"):
        title = f"{sop.number} {sop.title}" if sop else unit.name
        report = exports.survey_report(unit, title, period, result, request.user, required=required)
        return _download(report, request.GET["format"])
    return render(
        request,
        "monitoring/survey_results.html",
        {
            "units": units,
            "unit": unit,
            "sops": sops,
            "sop": sop,
            "period": period,
            "periods": survey.Period.of(today).choices_around(),
            "result": result,
            "required": required,
            "population": population,
            "target": survey.TARGET,
            "suggestions": list(responses.exclude(suggestion="").select_related("sop")[:50]),
        },
    )


# --- Kuis kompetensi ------------------------------------------------------------------------------


@member_required
def quiz_edit(request, sop_pk: int, pk: int):
    """The drafters write the competence quiz of a draft version as plain text (monitoring.quiz)."""
    version = sop_selectors.version_with_content(request.user, pk, sop_pk=sop_pk)
    existing = Quiz.objects.filter(version=version).first()
    initial = (
        {
            "text": quiz.to_text([quiz.Question.from_json(q) for q in existing.questions]),
            "pass_mark": existing.pass_mark,
            "material_url": existing.material_url,
        }
        if existing
        else {"pass_mark": 70}
    )
    form = QuizForm(request.POST or None, initial=initial)
    may_edit = services.may_write_quiz(request.user, version)
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("Kuis disusun oleh penyusun unit ini selama versi masih draf."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.quiz_save(
                    version=version,
                    actor=request.user,
                    text=data["text"],
                    pass_mark=data["pass_mark"],
                    material_url=data["material_url"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Kuis kompetensi tersimpan."))
                return redirect(reverse("monitoring:quiz_edit", args=[sop_pk, pk]))
        status = 422
    return render(
        request,
        "monitoring/quiz_edit.html",
        {"sop": version.sop, "version": version, "form": form, "quiz": existing, "may_edit": may_edit},
        status=status,
    )


@member_required
def quiz_take(request, sop_pk: int, pk: int):
    """Staff asked to read a version in force take its quiz; the result is shown on the same page."""
    version = sop_selectors.version_with_content(request.user, pk, sop_pk=sop_pk)
    the_quiz = Quiz.objects.filter(version=version).first()
    if the_quiz is None:
        raise Http404
    questions = [quiz.Question.from_json(q) for q in the_quiz.questions]
    result = None
    chosen: dict[int, int] = {}
    status = 200
    if request.method == "POST":
        for n in range(len(questions)):
            try:
                chosen[n] = int(request.POST.get(f"q{n}", ""))
            except ValueError:
                continue
        try:
            read, score, wrong = services.quiz_take(version=version, actor=request.user, chosen=chosen)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("monitoring:reading_list")
        result = {"score": score, "wrong": wrong, "passed": score >= the_quiz.pass_mark, "best": read.quiz_score}
    return render(
        request,
        "monitoring/quiz_take.html",
        {
            "sop": version.sop,
            "version": version,
            "quiz": the_quiz,
            "questions": [(n, q) for n, q in enumerate(questions)],
            "chosen": chosen,
            "result": result,
        },
        status=status,
    )
