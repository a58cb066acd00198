"""A year of daily indicator snapshots and of public survey answers for the demo, so that the
dashboard's charts and the SKM report have a past.

For the demo only (``make run`` runs it after ``seed_demo``): the portal was seeded today, so there is
no measured past. Each unit's figures of today (measured, ``unit_figures``) are drawn back over the
past year as a steady rise from a modest start, with a little day-to-day noise, and stored as the
snapshots of those days. A real portal gets its snapshots from the daily job only. The survey
answers (a few a week for each public-service SOP in force, mostly satisfied, now and then a
suggestion) are made up the same way. Running it again adds nothing once a history exists.
"""

import datetime
import random

from django.core.management.base import BaseCommand
from django.utils import timezone

from monitoring import survey
from monitoring.indicators import Figures, unit_figures
from monitoring.models import Education, IndicatorSnapshot, Occupation, Sex, SurveyResponse
from sop.models import SOP, VersionStatus

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
        service_compared=compared,
        service_halved=min(compared, round(f.service_halved * share)),
        service_change_median=round(median * (0.3 + 0.7 * share), 1) if compared and median is not None else None,
        # the year's answers so far (the count starts again each January) and their index
        survey_responses=round(f.survey_responses * share),
        ikm=round(f.ikm - 6 * (1 - share) + rng.uniform(-0.8, 0.8), 2) if f.ikm is not None and share > 0.05 else None,
    )


class Command(BaseCommand):
    help = "Isi riwayat potret indikator setahun untuk data contoh (hanya demo). Aman dijalankan berulang kali."

    def handle(self, *args, **options):
        self._survey_answers(timezone.localdate())
        self._snapshots(timezone.localdate())

    def _survey_answers(self, today: datetime.date) -> None:
        if SurveyResponse.objects.exists():
            return
        rows, days = [], []
        for sop in SOP.objects.filter(is_public_service=True, versions__status=VersionStatus.IN_FORCE).distinct():
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
