from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from org.models import Unit
from sop.models import SOP, SOPVersion


class ReviewOutcome(models.TextChoices):
    STILL_VALID = "masih_sesuai", _("Masih sesuai")
    NEEDS_REVISION = "perlu_revisi", _("Perlu revisi")


class PeriodicReview(models.Model):
    """A periodic review (reviu berkala) of the version in force: who, when, the outcome and why."""

    sop = models.ForeignKey(SOP, on_delete=models.CASCADE, related_name="periodic_reviews")
    version = models.ForeignKey(SOPVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("versi"))
    outcome = models.CharField(_("hasil"), max_length=20, choices=ReviewOutcome.choices)
    note = models.TextField(_("catatan"), blank=True, max_length=4000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("peninjau")
    )
    reviewed_at = models.DateTimeField(_("waktu reviu"), auto_now_add=True)
    due_on = models.DateField(_("jatuh tempo yang dijawab"), null=True, blank=True)
    next_due_on = models.DateField(_("jatuh tempo berikutnya"), null=True, blank=True)
    # The revision draft a "perlu revisi" outcome opened (or found already open).
    revision = models.ForeignKey(
        SOPVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("revisi")
    )

    class Meta:
        verbose_name = _("reviu berkala")
        verbose_name_plural = _("reviu berkala")
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.sop.number} {self.get_outcome_display()} {self.reviewed_at:%Y-%m-%d}"


class ReminderKind(models.TextChoices):
    BEFORE_30 = "before_30", _("30 hari sebelum jatuh tempo")
    BEFORE_7 = "before_7", _("7 hari sebelum jatuh tempo")
    DUE_DAY = "due_day", _("Hari jatuh tempo")
    OVERDUE = "overdue", _("Terlambat (mingguan)")


class ReviewReminder(models.Model):
    """One reminder of one review cycle; the unique key is what makes a reminder go out only once."""

    sop = models.ForeignKey(SOP, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    # Overdue reminders: the week after the due date (1, 2, ...); 0 for the others.
    week = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("pengingat reviu")
        verbose_name_plural = _("pengingat reviu")
        constraints = [
            models.UniqueConstraint(fields=["sop", "due_on", "kind", "week"], name="reminder_once_per_cycle"),
        ]

    def __str__(self) -> str:
        return f"{self.sop_id} {self.due_on} {self.kind} {self.week}"


class IndicatorSnapshot(models.Model):
    """The figures of a unit and all its sub-units on one day; written once, never changed."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="snapshots")
    day = models.DateField(_("tanggal"))
    sops = models.PositiveIntegerField(_("jumlah SOP"))
    by_status = models.JSONField(_("SOP menurut status"), default=dict)
    in_force = models.PositiveIntegerField(_("SOP berlaku"))
    planned = models.PositiveIntegerField(_("target SOP"), null=True)
    reviews_due = models.PositiveIntegerField(_("reviu jatuh tempo (30 hari)"))
    reviews_overdue = models.PositiveIntegerField(_("reviu terlambat"))
    established_90d = models.PositiveIntegerField(_("ditetapkan (90 hari)"))
    median_days_to_establish = models.FloatField(_("median hari pengajuan–penetapan"), null=True)
    returns_90d = models.PositiveIntegerField(_("pengembalian (90 hari)"))
    # Sosialisasi of the versions in force: people asked to read them, and those who confirmed.
    reads_requested = models.PositiveIntegerField(_("permintaan membaca"), default=0)
    reads_confirmed = models.PositiveIntegerField(_("sudah membaca"), default=0)
    reads_competent = models.PositiveIntegerField(_("kompeten (lulus kuis atau sudah membaca)"), default=0)
    # Service time of the SOPs in force against their baseline or first version in force.
    service_compared = models.PositiveIntegerField(_("SOP berlaku dengan pembanding waktu layanan"), default=0)
    service_halved = models.PositiveIntegerField(_("SOP dengan waktu layanan ≥50 persen lebih cepat"), default=0)
    service_change_median = models.FloatField(_("median perubahan waktu layanan (%)"), null=True)
    # Survei Kepuasan Masyarakat of the calendar year up to the day: respondents and the IKM (x 25).
    survey_responses = models.PositiveIntegerField(_("responden SKM tahun berjalan"), default=0)
    ikm = models.FloatField(_("IKM tahun berjalan"), null=True)
    complaints_90d = models.PositiveIntegerField(_("pengaduan masyarakat (90 hari)"), default=0)
    complaints_overdue = models.PositiveIntegerField(_("pengaduan lewat batas jawaban"), default=0)
    # Cases carried out, started in the 90 days up to the day (cases.figures): working minutes.
    cases_started_90d = models.PositiveIntegerField(_("pelaksanaan dimulai (90 hari)"), default=0)
    cases_finished_90d = models.PositiveIntegerField(_("pelaksanaan selesai (90 hari)"), default=0)
    case_median_minutes = models.FloatField(_("median waktu layanan nyata (menit kerja)"), null=True)
    case_p90_minutes = models.FloatField(_("p90 waktu layanan nyata (menit kerja)"), null=True)
    case_standard_minutes = models.FloatField(_("median waktu baku pelaksanaan (menit kerja)"), null=True)
    cases_within_share = models.FloatField(_("pelaksanaan dalam waktu baku (bagian)"), null=True)
    case_steps_on_time_share = models.FloatField(_("langkah tepat waktu (bagian)"), null=True)
    case_deviations_per_100 = models.FloatField(_("penyimpangan per 100 pelaksanaan"), null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("potret indikator")
        verbose_name_plural = _("potret indikator")
        ordering = ["unit", "day"]
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="snapshot_one_per_unit_day")]

    def __str__(self) -> str:
        return f"{self.unit} {self.day}"

    @property
    def in_force_share(self) -> float | None:
        return round(self.in_force / self.planned, 3) if self.planned else None

    @property
    def read_share(self) -> float | None:
        return round(self.reads_confirmed / self.reads_requested, 3) if self.reads_requested else None

    @property
    def competent_share(self) -> float | None:
        return round(self.reads_competent / self.reads_requested, 3) if self.reads_requested else None


# Every SOP in force is monitored at least this often (Permen PANRB 35/2012: every six months).
MONITORING_INTERVAL_MONTHS = 6


class MonitoringMethod(models.TextChoices):
    SUPERVISOR_OBSERVATION = "observasi", _("Observasi supervisor")
    EXECUTOR_INTERVIEW = "wawancara_pelaksana", _("Wawancara pelaksana")
    USER_INTERVIEW = "wawancara_pengguna", _("Wawancara pengguna layanan")
    WORKGROUP = "diskusi", _("Diskusi kelompok kerja")
    GUIDANCE = "pengarahan", _("Pengarahan")


class Monitoring(models.Model):
    """One row of the Formulir Monitoring SOP AP: how a version in force is applied in practice."""

    sop = models.ForeignKey(SOP, on_delete=models.CASCADE, related_name="monitorings")
    version = models.ForeignKey(SOPVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("versi"))
    date = models.DateField(_("tanggal pemantauan"))
    method = models.CharField(_("metode"), max_length=30, choices=MonitoringMethod.choices)
    runs_well = models.BooleanField(_("berjalan dengan baik"))
    assessment_note = models.TextField(_("catatan hasil penilaian"), max_length=4000, blank=True)
    action = models.TextField(_("tindakan yang harus diambil"), max_length=4000, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("penilai")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pemantauan SOP")
        verbose_name_plural = _("pemantauan SOP")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["sop", "date"])]

    def __str__(self) -> str:
        return f"{self.sop.number} {self.date}"


# The seven criteria of the Formulir Evaluasi SOP AP (Permen PANRB 35/2012), in their order.
EVALUATION_CRITERIA = [
    _("Mampu mendorong peningkatan kinerja"),
    _("Mudah dipahami"),
    _("Mudah dilaksanakan"),
    _("Semua orang dapat menjalankan perannya masing-masing"),
    _("Mampu mengatasi permasalahan yang berkaitan dengan proses"),
    _("Mampu menjawab kebutuhan peningkatan kinerja organisasi"),
    _("Sinergi satu dengan lainnya"),
]


class Evaluation(models.Model):
    """A Formulir Evaluasi SOP AP of a version in force: Ya/Tidak and a note for each criterion."""

    sop = models.ForeignKey(SOP, on_delete=models.CASCADE, related_name="evaluations")
    version = models.ForeignKey(SOPVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("versi"))
    date = models.DateField(_("tanggal evaluasi"))
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("evaluator")
    )
    # Ya/Tidak per criterion, in the order of EVALUATION_CRITERIA, and the note beside each.
    answers = models.JSONField(_("jawaban"))
    notes = models.JSONField(_("catatan"))
    all_met = models.BooleanField(_("semua kriteria terpenuhi"))
    # The revision draft opened (or found open) because a criterion was not met.
    revision = models.ForeignKey(
        SOPVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("revisi")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluasi SOP")
        verbose_name_plural = _("evaluasi SOP")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "evaluator", "date"], name="evaluation_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.sop.number} {self.date}"

    @property
    def rows(self) -> list[tuple[int, str, bool, str]]:
        """(number, criterion, met, note) for each criterion."""
        return [(i + 1, str(c), bool(self.answers[i]), self.notes[i]) for i, c in enumerate(EVALUATION_CRITERIA)]


class ReadRequest(models.Model):
    """A person asked to read one version in force, and when they confirmed they read and understood it.

    One row per (version, person): a new version asks again with rows of its own.
    """

    version = models.ForeignKey(SOPVersion, on_delete=models.CASCADE, related_name="+", verbose_name=_("versi"))
    sop = models.ForeignKey(SOP, on_delete=models.CASCADE, related_name="read_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_requests", verbose_name=_("pegawai")
    )
    requested_at = models.DateTimeField(_("diminta membaca"), auto_now_add=True)
    # The invitation e-mail, the reminder asked for (weekly job or the head's button) and the last
    # one sent; a reminder is pending while it was asked for after the last one went out.
    invited_at = models.DateTimeField(null=True, blank=True)
    remind_queued_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(_("terakhir diingatkan"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("menyatakan sudah membaca"), null=True, blank=True)
    # The version's competence quiz, when it has one: the best score so far and when it was passed.
    quiz_score = models.PositiveSmallIntegerField(_("nilai kuis terbaik"), null=True, blank=True)
    quiz_passed_at = models.DateTimeField(_("lulus kuis"), null=True, blank=True)

    class Meta:
        verbose_name = _("permintaan membaca SOP")
        verbose_name_plural = _("permintaan membaca SOP")
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="read_request_once")]
        indexes = [models.Index(fields=["user", "confirmed_at"])]

    def __str__(self) -> str:
        return f"{self.version_id} {self.user_id}"


class Quiz(models.Model):
    """The competence quiz of one SOP version (sop.quiz's questions) and the material to learn from:
    staff asked to read the version take it in Bacaan; a new version has a quiz of its own."""

    version = models.OneToOneField(SOPVersion, on_delete=models.CASCADE, related_name="quiz")
    questions = models.JSONField(_("pertanyaan"))
    pass_mark = models.PositiveSmallIntegerField(
        _("nilai lulus (%)"), default=70, validators=[MinValueValidator(50), MaxValueValidator(100)]
    )
    material_url = models.URLField(_("tautan bahan pelatihan"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kuis kompetensi SOP")
        verbose_name_plural = _("kuis kompetensi SOP")

    def __str__(self) -> str:
        return f"{self.version_id} ({len(self.questions)})"


class FeedbackKind(models.TextChoices):
    PROBLEM = "masalah", _("Masalah dalam pelaksanaan")
    SUGGESTION = "saran", _("Saran perbaikan")
    COMPLAINT = "pengaduan", _("Pengaduan masyarakat")


# What staff send from an SOP's page; a complaint comes from the public page, without an account.
STAFF_FEEDBACK_KINDS = (FeedbackKind.PROBLEM, FeedbackKind.SUGGESTION)


class Feedback(models.Model):
    """Feedback from the floor on an SOP in force, the unit's answer, and the revision it went into.
    A public complaint (pengaduan) is feedback without an author: the complainant follows it with its
    tracking code, and the unit answers it by ``due_on`` (the unit's service level)."""

    sop = models.ForeignKey(SOP, on_delete=models.CASCADE, related_name="feedback")
    version = models.ForeignKey(SOPVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("versi"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengirim"),
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=FeedbackKind.choices)
    tracking_code = models.CharField(_("kode pelacakan"), max_length=20, unique=True, null=True, blank=True)
    due_on = models.DateField(_("batas waktu jawaban"), null=True, blank=True)
    text = models.TextField(_("isi masukan"), max_length=4000)
    created_at = models.DateTimeField(_("dikirim"), auto_now_add=True)
    answer = models.TextField(_("jawaban"), max_length=4000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    # The revision draft the feedback is to be taken up in.
    revision = models.ForeignKey(
        SOPVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("revisi")
    )
    # When the unit was told of the feedback, and the author of the answer; None until sent.
    notified_at = models.DateTimeField(null=True, blank=True)
    answer_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("masukan SOP")
        verbose_name_plural = _("masukan SOP")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sop", "answered_at"])]

    def __str__(self) -> str:
        return f"{self.sop_id} {self.get_kind_display()} {self.created_at:%Y-%m-%d}"

    @property
    def is_complaint(self) -> bool:
        return self.kind == FeedbackKind.COMPLAINT

    @property
    def sender(self) -> str:
        return self.author.get_full_name() if self.author else str(_("Masyarakat (tanpa nama)"))

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Education(models.TextChoices):
    SD = "sd", _("SD ke bawah")
    SMP = "smp", _("SMP")
    SMA = "sma", _("SMA/SMK")
    DIPLOMA = "d3", _("D1–D3")
    BACHELOR = "s1", _("D4/S1")
    MASTER = "s2", _("S2")
    DOCTOR = "s3", _("S3")


class Occupation(models.TextChoices):
    CIVIL_SERVANT = "asn", _("PNS/ASN")
    MILITARY = "tni", _("TNI")
    POLICE = "polri", _("POLRI")
    PRIVATE = "swasta", _("Pegawai swasta")
    ENTREPRENEUR = "wirausaha", _("Wirausaha")
    STUDENT = "pelajar", _("Pelajar/mahasiswa")
    OTHER = "lainnya", _("Lainnya")


def _answer(label):
    return models.PositiveSmallIntegerField(label, validators=[MinValueValidator(1), MaxValueValidator(4)])


class SurveyResponse(models.Model):
    """One answer to the Survei Kepuasan Masyarakat (Permen PANRB 14/2017) about a public-service SOP in
    force: the nine elements on the scale of 1 to 4, the respondent's profile as far as they gave it,
    and a suggestion. Nothing else is kept of the respondent: no name, no address, no IP address."""

    sop = models.ForeignKey(SOP, on_delete=models.CASCADE, related_name="survey_responses")
    version = models.ForeignKey(SOPVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("versi"))
    u1 = _answer(_("persyaratan"))
    u2 = _answer(_("sistem, mekanisme, dan prosedur"))
    u3 = _answer(_("waktu penyelesaian"))
    u4 = _answer(_("biaya/tarif"))
    u5 = _answer(_("produk spesifikasi jenis pelayanan"))
    u6 = _answer(_("kompetensi pelaksana"))
    u7 = _answer(_("perilaku pelaksana"))
    u8 = _answer(_("penanganan pengaduan, saran dan masukan"))
    u9 = _answer(_("sarana dan prasarana"))
    age = models.PositiveSmallIntegerField(_("umur"), null=True, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    education = models.CharField(_("pendidikan"), max_length=10, choices=Education.choices, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=10, choices=Occupation.choices, blank=True)
    suggestion = models.TextField(_("saran"), max_length=2000, blank=True)
    submitted_at = models.DateTimeField(_("diisi"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("jawaban survei kepuasan masyarakat")
        verbose_name_plural = _("jawaban survei kepuasan masyarakat")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["sop", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.sop_id} {self.submitted_at:%Y-%m-%d}"
