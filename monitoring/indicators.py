"""The figures of the dashboard and of the daily snapshots, for every unit, in a fixed number of queries.

SQL counts per unit (grouped), then each unit's figures are added up the tree in Python: a unit's
figures cover the unit and all its sub-units, so the agency (the root) shows the whole agency.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Exists, JSONField, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from cases.figures import CaseFigures, unit_case_figures
from org.models import AgencySettings, Unit
from sop.durations import parse
from sop.models import SOP, SOPVersion, VersionStatus, review_state_q
from sop.service_time import ServiceTime, change
from workflow.models import TransitionLog
from workflow.transitions import Action

from . import survey
from .models import Feedback, FeedbackKind, Quiz, ReadRequest, SurveyResponse

# Work of the workflow (establishments, returns) is counted over this many days back.
WINDOW_DAYS = 90


@dataclass
class Figures:
    unit_id: int
    sops: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    in_force: int = 0
    planned: int | None = None
    reviews_due: int = 0
    reviews_overdue: int = 0
    returns_90d: int = 0
    established_90d: int = 0
    days_to_establish: list[float] = field(default_factory=list)
    reads_requested: int = 0
    reads_confirmed: int = 0
    reads_competent: int = 0  # passed the version's quiz, or confirmed reading a version without one
    # Per SOP in force with something to compare with: the change of its service time in percent,
    # against its baseline (the time before the portal) or else its first version in force.
    service_changes: list[int] = field(default_factory=list)
    # Survei Kepuasan Masyarakat of the calendar year so far: respondents, and the sum of each element.
    survey_responses: int = 0
    survey_totals: dict[str, int] = field(default_factory=dict)

    # Public complaints: received in the window, still unanswered past their due date, days to answer.
    complaints_90d: int = 0
    complaints_overdue: int = 0
    complaint_answer_days: list[float] = field(default_factory=list)
    # Cases carried out (started in the window): real service time, steps on time, deviations.
    cases: CaseFigures = field(default_factory=CaseFigures)

    @property
    def median_days_to_answer_complaint(self) -> float | None:
        days = self.complaint_answer_days
        return round(statistics.median(days), 1) if days else None

    @property
    def ikm(self) -> float | None:
        """The IKM unit pelayanan (x 25) of this year's answers so far; None without answers."""
        result = survey.compute(self.survey_responses, self.survey_totals)
        return float(result.score) if result else None

    @property
    def service_compared(self) -> int:
        return len(self.service_changes)

    @property
    def service_halved(self) -> int:
        """SOPs whose service time is at least 50% shorter (the target of the digitisation)."""
        return sum(1 for change in self.service_changes if change <= -50)

    @property
    def service_change_median(self) -> float | None:
        return float(statistics.median(self.service_changes)) if self.service_changes else None

    # The cases' figures under the names of the snapshot's columns (the dashboard's CSV reads both).
    @property
    def cases_started_90d(self) -> int:
        return self.cases.started

    @property
    def cases_finished_90d(self) -> int:
        return self.cases.finished

    @property
    def case_median_minutes(self) -> float | None:
        return self.cases.median_minutes

    @property
    def case_p90_minutes(self) -> float | None:
        return self.cases.p90_minutes

    @property
    def case_standard_minutes(self) -> float | None:
        return self.cases.standard_minutes

    @property
    def cases_within_share(self) -> float | None:
        return self.cases.within_share

    @property
    def case_steps_on_time_share(self) -> float | None:
        return self.cases.on_time_share

    @property
    def case_deviations_per_100(self) -> float | None:
        return self.cases.deviations_per_100

    @property
    def median_days_to_establish(self) -> float | None:
        return round(statistics.median(self.days_to_establish), 1) if self.days_to_establish else None

    @property
    def in_force_share(self) -> float | None:
        """SOPs in force as a share of the planned inventory (None without a target)."""
        return round(self.in_force / self.planned, 3) if self.planned else None

    @property
    def competent_share(self) -> float | None:
        """Of the people asked to read the versions in force, the share competent in them."""
        return round(self.reads_competent / self.reads_requested, 3) if self.reads_requested else None

    @property
    def read_share(self) -> float | None:
        """Of the people asked to read the versions in force, the share who confirmed (sosialisasi)."""
        return round(self.reads_confirmed / self.reads_requested, 3) if self.reads_requested else None

    def add(self, other: Figures) -> None:
        self.sops += other.sops
        for status, n in other.by_status.items():
            self.by_status[status] = self.by_status.get(status, 0) + n
        self.in_force += other.in_force
        if other.planned is not None:
            self.planned = (self.planned or 0) + other.planned
        self.reviews_due += other.reviews_due
        self.reviews_overdue += other.reviews_overdue
        self.returns_90d += other.returns_90d
        self.established_90d += other.established_90d
        self.days_to_establish += other.days_to_establish
        self.reads_requested += other.reads_requested
        self.reads_confirmed += other.reads_confirmed
        self.reads_competent += other.reads_competent
        self.service_changes += other.service_changes
        self.survey_responses += other.survey_responses
        self.complaints_90d += other.complaints_90d
        self.complaints_overdue += other.complaints_overdue
        self.complaint_answer_days += other.complaint_answer_days
        for code, total in other.survey_totals.items():
            self.survey_totals[code] = self.survey_totals.get(code, 0) + total
        self.cases.add(other.cases)


def _window_start(today: datetime.date) -> datetime.datetime:
    start = today - datetime.timedelta(days=WINDOW_DAYS)
    return datetime.datetime.combine(start, datetime.time.min, tzinfo=timezone.get_current_timezone())


def unit_figures(*, today: datetime.date | None = None, cached_cases: bool = False) -> dict[int, Figures]:
    """Figures of every unit (itself and its sub-units), keyed by unit id; thirteen queries in all
    (eleven when ``cached_cases``, for the dashboard: the cases' figures counted in the last minutes)."""
    today = today or timezone.localdate()
    since = _window_start(today)
    units = list(Unit.objects.values_list("pk", "path", "planned_sop_count"))
    own = {pk: Figures(unit_id=pk, planned=planned) for pk, _path, planned in units}

    latest_status = SOPVersion.objects.filter(sop=OuterRef("pk")).order_by("-revision").values("status")[:1]
    for row in (
        SOP.objects.order_by()
        .annotate(latest=Subquery(latest_status))
        .values("unit_id", "latest")
        .annotate(n=Count("pk"))
    ):
        figures = own[row["unit_id"]]
        figures.sops += row["n"]
        if row["latest"]:
            figures.by_status[row["latest"]] = figures.by_status.get(row["latest"], 0) + row["n"]

    in_force = SOPVersion.objects.filter(sop=OuterRef("pk"), status=VersionStatus.IN_FORCE)
    for row in (
        SOP.objects.order_by()
        .filter(Exists(in_force))
        .values("unit_id")
        .annotate(
            n=Count("pk"),
            due=Count("pk", filter=review_state_q("due", today)),
            overdue=Count("pk", filter=review_state_q("overdue", today)),
        )
    ):
        figures = own[row["unit_id"]]
        figures.in_force, figures.reviews_due, figures.reviews_overdue = row["n"], row["due"], row["overdue"]

    # Days from the first submission of a version to its penetapan.
    first_submission = (
        TransitionLog.objects.filter(version=OuterRef("version"), action=Action.SUBMIT)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    for unit_id, established, submitted in (
        TransitionLog.objects.filter(action=Action.ESTABLISH, created_at__gte=since)
        .annotate(submitted=Subquery(first_submission))
        .values_list("version__sop__unit_id", "created_at", "submitted")
    ):
        own[unit_id].established_90d += 1
        if submitted is not None:  # penetapan of a version never submitted in the portal has no duration
            own[unit_id].days_to_establish.append(round((established - submitted).total_seconds() / 86400, 1))

    for row in (
        TransitionLog.objects.filter(action=Action.RETURN, created_at__gte=since)
        .order_by()
        .values("version__sop__unit_id")
        .annotate(n=Count("pk"))
    ):
        own[row["version__sop__unit_id"]].returns_90d = row["n"]

    # Sosialisasi: requests to read a version still in force, of people still active.
    # Competent: passed the version's quiz where it has one, else confirmed reading it.
    has_quiz = Exists(Quiz.objects.filter(version=OuterRef("version")))
    for row in (
        ReadRequest.objects.filter(version__status=VersionStatus.IN_FORCE, user__is_active=True)
        .order_by()
        .annotate(has_quiz=has_quiz)
        .values("sop__unit_id")
        .annotate(
            n=Count("pk"),
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
            competent=Count(
                "pk",
                filter=Q(has_quiz=True, quiz_passed_at__isnull=False) | Q(has_quiz=False, confirmed_at__isnull=False),
            ),
        )
    ):
        figures = own[row["sop__unit_id"]]
        figures.reads_requested, figures.reads_confirmed = row["n"], row["confirmed"]
        figures.reads_competent = row["competent"]

    _service_time_changes(own)
    year_start = datetime.datetime.combine(
        today.replace(month=1, day=1), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    for row in (
        SurveyResponse.objects.filter(submitted_at__gte=year_start)
        .order_by()
        .values("sop__unit_id")
        .annotate(n=Count("pk"), **{code: Sum(code) for code in survey.CODES})
    ):
        figures = own[row["sop__unit_id"]]
        figures.survey_responses = row["n"]
        figures.survey_totals = {code: row[code] for code in survey.CODES}

    for unit_id, created, answered, due in Feedback.objects.filter(
        Q(created_at__gte=since) | Q(answered_at__isnull=True, due_on__lt=today), kind=FeedbackKind.COMPLAINT
    ).values_list("sop__unit_id", "created_at", "answered_at", "due_on"):
        figures = own[unit_id]
        if created >= since:
            figures.complaints_90d += 1
            if answered is not None:
                figures.complaint_answer_days.append(round((answered - created).total_seconds() / 86400, 1))
        if answered is None and due is not None and due < today:
            figures.complaints_overdue += 1
    for unit_id, cases in unit_case_figures(since=since, cached=cached_cases).items():
        own[unit_id].cases = cases
    return _roll_up(units, own)


def _service_time_changes(own: dict[int, Figures]) -> None:
    """The change of each SOP in force's service time against its baseline, else against its first
    version in force (when that is another version); two queries."""
    workday = AgencySettings.current().workday_minutes
    first = (
        SOPVersion.objects.filter(sop=OuterRef("sop"), service_time__isnull=False)
        .order_by("revision")
        .values("service_time")[:1]
    )
    first_revision = (
        SOPVersion.objects.filter(sop=OuterRef("sop"), service_time__isnull=False)
        .order_by("revision")
        .values("revision")[:1]
    )
    rows = (
        SOPVersion.objects.filter(status=VersionStatus.IN_FORCE, service_time__isnull=False)
        .annotate(
            first=Subquery(first, output_field=JSONField()),
            first_revision=Subquery(first_revision),
        )
        .values_list("sop__unit_id", "revision", "service_time", "first", "first_revision", "sop__baseline_time")
    )
    for unit_id, revision, measured, earliest, earliest_revision, baseline_text in rows:
        current = ServiceTime.from_json(measured)
        if not current.counted:  # no step with a time: nothing to compare
            continue
        now, before = current.minutes(workday), None
        if baseline_text and (baseline := parse(baseline_text).amount) is not None:
            before = baseline.total_minutes(workday)
        elif earliest_revision is not None and earliest_revision < revision:
            first_time = ServiceTime.from_json(earliest)
            before = first_time.minutes(workday) if first_time.counted else None
        percent = change(before, now)
        if percent is not None:
            own[unit_id].service_changes.append(percent)


def _roll_up(units: list[tuple[int, str, int | None]], own: dict[int, Figures]) -> dict[int, Figures]:
    by_path = {path: pk for pk, path, _planned in units}
    total = {pk: Figures(unit_id=pk) for pk in own}
    step = Unit.steplen
    for pk, path, _planned in units:
        for end in range(step, len(path) + 1, step):
            ancestor = by_path.get(path[:end])
            if ancestor is not None:
                total[ancestor].add(own[pk])
    return total
