"""A year of daily indicator snapshots and of public survey answers for the demo, so that the
dashboard's charts and the SKM report have a past.

For the demo only (``make run`` runs it after ``seed_demo``): the portal was seeded today, so there is
no measured past. Each unit's figures of today (measured, ``unit_figures``) are drawn back over the
past year as a steady rise from a modest start, with a little day-to-day noise, and stored as the
snapshots of those days. A real portal gets its snapshots from the daily job only. The survey
answers (a few a week for each public-service SOP in force, mostly satisfied, now and then a
suggestion) and a few public complaints are made up the same way. Running it again adds nothing once a history exists.
"""

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from monitoring import quiz, services, survey
from monitoring.indicators import Figures, unit_figures
from monitoring.models import (
    Education,
    Feedback,
    FeedbackKind,
    IndicatorSnapshot,
    Occupation,
    Quiz,
    ReadRequest,
    Sex,
    SurveyResponse,
)
from org.models import Membership, Role, User
from sop.models import SOP, VersionStatus

COMPLAINTS = [  # days ago, complaint, days to the answer, answer ("" for none yet)
    (70, "Saya diminta fotokopi KK tiga lembar, padahal persyaratan menyebut satu.", 2,
     "Terima kasih. Petugas loket sudah diingatkan: cukup satu lembar fotokopi KK sesuai SOP."),
    (41, "Antrean perekaman biometrik lebih dari dua jam pada hari Senin.", 3,
     "Mulai bulan ini perekaman dibuka dua loket pada hari Senin dan Selasa."),
    (18, "KTP-el saya belum jadi setelah 14 hari, tanpa pemberitahuan.", 1,
     "Blangko sempat habis; KTP-el Anda sudah dicetak dan dapat diambil di loket 2."),
    (12, "Petugas tidak menjelaskan mengapa berkas saya dikembalikan.", 0, ""),
    (2, "Nomor antrean tidak dipanggil sesuai urutan.", 0, ""),
]  # fmt: skip
QUIZ = """Berapa lembar fotokopi Kartu Keluarga yang diminta dari pemohon?
* Satu lembar
- Dua lembar
- Tiga lembar

Apa yang dilakukan petugas loket bila berkas tidak lengkap?
- Tetap memprosesnya
* Mengembalikan berkas kepada pemohon dengan penjelasan
- Menyimpan berkas sampai lengkap

Berapa lama perekaman data biometrik menurut SOP?
- 5 menit
* 15 menit
- 1 jam"""
SUGGESTIONS = [
    "Antrean sudah tertib, mohon ruang tunggu ditambah kursinya.",
    "Petugas ramah dan jelas menjelaskan persyaratan.",
    "Informasi persyaratan di laman sebaiknya diperbarui.",
    "Proses lebih cepat dari yang saya kira. Terima kasih.",
    "Mohon disediakan tempat parkir yang lebih luas.",
]

DAYS = 365


def _past(f: Figures, day: datetime.date, share: float, rng: random.Random) -> IndicatorSnapshot:
    """The snapshot of ``day`` when ``share`` (0 a year ago, 1 today) of today's work was done."""
    in_force = round(f.in_force * share**1.3)
    sops = max(in_force, round(f.sops * (0.4 + 0.6 * share)))
    requested = round(f.reads_requested * share)
    compared = round(f.service_compared * share)
    median = f.service_change_median
    return IndicatorSnapshot(
        unit_id=f.unit_id,
        day=day,
        sops=sops,
        by_status={VersionStatus.IN_FORCE: in_force, VersionStatus.DRAFT: sops - in_force} if sops else {},
        in_force=in_force,
        planned=f.planned,
        reviews_due=f.reviews_due if share > 0.85 else int(rng.random() < 0.1 * bool(in_force)),
        reviews_overdue=f.reviews_overdue if share > 0.95 else 0,
        established_90d=max(0, round(f.established_90d * share + rng.uniform(-0.4, 0.4))),
        median_days_to_establish=round(f.median_days_to_establish * (1.6 - 0.6 * share), 1)
        if f.median_days_to_establish
        else None,
        returns_90d=max(0, round(f.returns_90d * share + rng.uniform(-0.4, 0.4))),
        reads_requested=requested,
        reads_confirmed=min(requested, round(f.reads_confirmed * share**1.5)),
        reads_competent=min(requested, round(f.reads_competent * share**1.5)),
        service_compared=compared,
        service_halved=min(compared, round(f.service_halved * share)),
        service_change_median=round(median * (0.3 + 0.7 * share), 1) if compared and median is not None else None,
        # the year's answers so far (the count starts again each January) and their index
        survey_responses=round(f.survey_responses * share),
        ikm=round(f.ikm - 6 * (1 - share) + rng.uniform(-0.8, 0.8), 2) if f.ikm is not None and share > 0.05 else None,
        **_past_cases(f, share, rng),
    )


def _past_cases(f: Figures, share: float, rng: random.Random) -> dict:
    """The cases' figures of a past day: the demo's cases began some three months ago (cases/demo.py),
    carried out a little slower and less often on time at first."""
    begun = (share - 0.75) / 0.25  # 0 three months ago, 1 today
    c = f.cases
    if begun <= 0 or not c.started:
        return {}

    def drift(value: float | None, worse: float) -> float | None:
        if value is None:
            return None
        return round(max(0.0, min(1.0, value - worse * (1 - begun) + rng.uniform(-0.02, 0.02))), 3)

    return {
        "cases_started_90d": round(c.started * begun),
        "cases_finished_90d": round(c.finished * begun),
        "case_median_minutes": round(c.median_minutes * (1.25 - 0.25 * begun)) if c.median_minutes else None,
        "case_p90_minutes": round(c.p90_minutes * (1.25 - 0.25 * begun)) if c.p90_minutes else None,
        "case_standard_minutes": c.standard_minutes,
        "cases_within_share": drift(c.within_share, 0.2),
        "case_steps_on_time_share": drift(c.on_time_share, 0.15),
        "case_deviations_per_100": round((c.deviations_per_100 or 0) * (1.5 - 0.5 * begun), 1),
    }


def _public_sops_in_force():
    return SOP.objects.filter(is_public_service=True, versions__status=VersionStatus.IN_FORCE).distinct()


class Command(BaseCommand):
    help = "Isi riwayat potret indikator setahun untuk data contoh (hanya demo). Aman dijalankan berulang kali."

    def handle(self, *args, **options):
        self._survey_answers(timezone.localdate())
        self._complaints(timezone.localdate())
        self._quiz()
        self._snapshots(timezone.localdate())

    def _quiz(self) -> None:
        """A competence quiz on each public-service SOP in force, and some of its readers through it."""
        if Quiz.objects.exists():
            return
        services.read_requests_sync()
        admin = User.objects.filter(is_superuser=True).order_by("pk").first()
        for sop in _public_sops_in_force():
            version = sop.versions.get(status=VersionStatus.IN_FORCE)
            Quiz.objects.create(
                version=version,
                questions=[q.to_json() for q in quiz.parse(QUIZ)],
                pass_mark=70,
                material_url="https://example.go.id/pelatihan/ktp-el",
                updated_by=admin,
            )
            now = timezone.now()
            for n, request in enumerate(ReadRequest.objects.filter(version=version).order_by("user__username")):
                if n % 3 == 0:  # a third passed, a third tried and failed, the rest have not begun
                    request.quiz_score, request.quiz_passed_at, request.confirmed_at = 100, now, now
                elif n % 3 == 1:
                    request.quiz_score = 33
                request.save(update_fields=["quiz_score", "quiz_passed_at", "confirmed_at"])

    def _complaints(self, today: datetime.date) -> None:
        """A few public complaints about each public-service SOP in force: most answered in a few days,
        one waiting within its time, one past it."""
        if Feedback.objects.filter(kind=FeedbackKind.COMPLAINT).exists():
            return
        with transaction.atomic():  # the unit counts as told (notified_at) before the e-mails would go
            made = self._complaints_of_public_sops(today)
        self.stdout.write(self.style.SUCCESS(f"Pengaduan masyarakat contoh: {made}."))

    @staticmethod
    def _complaints_of_public_sops(today: datetime.date) -> int:
        made = 0
        for sop in _public_sops_in_force():
            answerer = Membership.objects.filter(unit=sop.unit, role=Role.DRAFTER).select_related("user").first()
            for days_ago, text, answer_after, answer in COMPLAINTS:
                sent = timezone.make_aware(
                    datetime.datetime.combine(today - datetime.timedelta(days=days_ago), datetime.time(10))
                )
                complaint = services.complaint_submit(sop=sop, text=text)
                complaint.created_at = sent
                complaint.due_on = services.add_working_days(sent.date(), sop.unit.complaint_answer_days)
                complaint.notified_at = sent
                if answer and answerer:
                    complaint.answer, complaint.answered_by = answer, answerer.user
                    complaint.answered_at = complaint.answer_notified_at = sent + datetime.timedelta(days=answer_after)
                complaint.save()
                made += 1
        return made

    def _survey_answers(self, today: datetime.date) -> None:
        if SurveyResponse.objects.exists():
            return
        rows, days = [], []
        for sop in _public_sops_in_force():
            version = sop.versions.get(status=VersionStatus.IN_FORCE)
            rng = random.Random(sop.pk)
            day = max(version.date_effective or today, today - datetime.timedelta(days=DAYS))
            while day <= today:
                for _ in range(rng.choice((0, 1, 1, 2, 3))):
                    rows.append(
                        SurveyResponse(
                            sop=sop,
                            version=version,
                            **{code: rng.choices((1, 2, 3, 4), weights=(1, 4, 20, 12))[0] for code in survey.CODES},
                            age=rng.randint(18, 70) if rng.random() < 0.8 else None,
                            sex=rng.choice(Sex.values) if rng.random() < 0.8 else "",
                            education=rng.choice(Education.values) if rng.random() < 0.6 else "",
                            occupation=rng.choice(Occupation.values) if rng.random() < 0.6 else "",
                            suggestion=rng.choice(SUGGESTIONS) if rng.random() < 0.15 else "",
                        )
                    )
                    days.append(datetime.datetime.combine(day, datetime.time(rng.randint(8, 15), rng.randint(0, 59))))
                day += datetime.timedelta(days=rng.randint(1, 3))
        made = SurveyResponse.objects.bulk_create(rows, batch_size=1000)
        for response, when in zip(made, days, strict=True):  # the time of saving is today: put each on its day
            response.submitted_at = timezone.make_aware(when)
        SurveyResponse.objects.bulk_update(made, ["submitted_at"], batch_size=1000)
        self.stdout.write(self.style.SUCCESS(f"Jawaban survei kepuasan contoh: {len(made)}."))

    def _snapshots(self, today: datetime.date) -> None:
        start = today - datetime.timedelta(days=DAYS)
        if IndicatorSnapshot.objects.filter(day__lt=today - datetime.timedelta(days=30)).exists():
            self.stdout.write("Riwayat potret indikator sudah ada.")
            return
        figures = unit_figures(today=today)
        rows = []
        for f in figures.values():
            rng = random.Random(f.unit_id)
            for n in range(DAYS):
                day = start + datetime.timedelta(days=n)
                rows.append(_past(f, day, n / DAYS, rng))
        IndicatorSnapshot.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
        self.stdout.write(self.style.SUCCESS(f"Riwayat potret indikator: {DAYS} hari untuk {len(figures)} unit."))
