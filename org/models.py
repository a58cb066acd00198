from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from .validators import validate_nip


class User(AbstractUser):
    """A person who signs in: ASN staff, reviewers, unit heads and portal administrators."""

    full_name = models.CharField(_("nama lengkap"), max_length=150)
    nip = models.CharField(_("NIP"), max_length=18, unique=True, null=True, blank=True, validators=[validate_nip])
    position_title = models.CharField(_("jabatan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.username

    def save(self, *args, **kwargs):
        # An empty NIP is "no NIP": stored as NULL so the unique constraint ignores it.
        self.nip = self.nip or None
        super().save(*args, **kwargs)


class Unit(MP_Node):
    """A node of the agency tree: instansi, unit kerja or sub-unit, to any depth."""

    class Kind(models.TextChoices):
        AGENCY = "instansi", _("Instansi")
        WORK_UNIT = "unit_kerja", _("Unit kerja")
        SUB_UNIT = "sub_unit", _("Sub-unit")

    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    address = models.TextField(_("alamat"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    numbering_pattern = models.CharField(
        _("pola nomor SOP"),
        max_length=100,
        blank=True,
        help_text=_("Contoh: SOP-{seq:03d}/{unit_code}/{year}. Kosong: pola unit induk."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    # The SOP inventory the unit plans to have (peta proses bisnis): the dashboard's target.
    planned_sop_count = models.PositiveIntegerField(
        _("target jumlah SOP"),
        null=True,
        blank=True,
        help_text=_("Jumlah SOP unit ini (tanpa sub-unit) yang direncanakan."),
    )
    # Survei Kepuasan Masyarakat: how many people the unit serves in a year (the survey's population,
    # for the sample size the regulation's table asks).
    service_population = models.PositiveIntegerField(
        _("penerima layanan per tahun (populasi SKM)"), null=True, blank=True
    )
    # Digitisation of the planned inventory: from this day, every SOP in the portal by the target
    # (one year on unless set). Empty: the nearest unit above that has them.
    complaint_answer_days = models.PositiveSmallIntegerField(
        _("batas jawaban pengaduan (hari kerja)"),
        default=5,
        db_default=5,  # rows written without it (raw SQL, older code during a deploy) get the usual five
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Pengaduan masyarakat atas SOP unit ini dijawab paling lambat sekian hari kerja."),
    )
    digitisation_start = models.DateField(_("awal digitalisasi SOP"), null=True, blank=True)
    digitisation_target = models.DateField(_("target seluruh SOP digital"), null=True, blank=True)

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("unit")
        permissions = [
            ("view_unit_sops", _("Melihat SOP unit")),
            ("draft_sop", _("Menyusun SOP unit")),
            ("review_sop", _("Memeriksa SOP unit")),
            ("establish_sop", _("Menetapkan SOP unit")),
            ("manage_unit", _("Mengelola unit")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sop:list") + f"?unit={self.pk}"


class Role(models.TextChoices):
    # Staff who carry out the unit's SOPs (cases) and read them, without drafting or approving.
    STAFF = "pegawai", _("Pegawai (pelaksana SOP)")
    DRAFTER = "penyusun", _("Penyusun")
    REVIEWER = "pemeriksa", _("Pemeriksa")
    HEAD = "pengesah", _("Pengesah (kepala unit)")
    UNIT_ADMIN = "admin_unit", _("Admin unit")


class Membership(models.Model):
    """A user holds a role in a unit; the role covers the unit's sub-units too."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class AuditEntry(models.Model):
    """One change to the units, users, roles or settings: who, when, what. Written by org.services."""

    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("oleh")
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    action = models.CharField(_("tindakan"), max_length=50)
    target = models.CharField(_("sasaran"), max_length=300)
    details = models.JSONField(_("rincian"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("catatan administrasi")
        verbose_name_plural = _("catatan administrasi")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"


class PaperSize(models.TextChoices):
    """Landscape paper of the printed SOPs (the sizes the flowchart layout knows)."""

    A4 = "A4", "A4"
    F4 = "F4", "F4 (folio)"
    LETTER = "Letter", "Letter"
    LEGAL = "Legal", "Legal"


class AgencySettings(models.Model):
    """The agency's own settings, one row, edited by the portal administrators.

    The agency's name, logo and address are those of the root unit (the identity sheet prints the
    unit lines and the nearest logo and address up the tree).
    """

    paper_size = models.CharField(
        _("ukuran kertas PDF"),
        max_length=10,
        choices=PaperSize.choices,
        blank=True,
        help_text=_("Kosong: bawaan server (ESOP_PAPER_SIZE)."),
    )
    review_period_months = models.PositiveSmallIntegerField(
        _("periode reviu bawaan (bulan)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("Periode reviu berkala yang diusulkan untuk SOP baru."),
    )
    workday_hours = models.DecimalField(
        _("jam kerja sehari"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("7.5"),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(24))],
        help_text=_("Lama satu hari kerja untuk menjumlahkan waktu layanan SOP (bawaan 7,5 jam: 37,5 jam sepekan)."),
    )
    trusted_roots = models.TextField(
        _("sertifikat akar tepercaya (PEM)"),
        blank=True,
        help_text=_(
            "Sertifikat akar penerbit tanda tangan elektronik yang diakui saat memeriksa berkas PDF "
            "(misalnya Root CA Indonesia DS G1), dalam format PEM; boleh lebih dari satu."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pengaturan instansi")
        verbose_name_plural = _("pengaturan instansi")

    MEMO_KEY = "agency_settings"  # in the request's memo (``current``)

    def __str__(self) -> str:
        return str(_("Pengaturan instansi"))

    def save(self, *args, **kwargs):
        from .permissions import request_memo

        super().save(*args, **kwargs)
        memo = request_memo()
        if memo is not None:
            memo.pop(self.MEMO_KEY, None)  # the request that saved it reads the new row

    @property
    def workday_minutes(self) -> int:
        return int(self.workday_hours * 60)

    @classmethod
    def current(cls) -> AgencySettings:
        """The settings row (unsaved defaults until an administrator saves it); one query, once per
        request (the request's memo of org.permissions; outside a request, every time)."""
        from .permissions import request_memo

        memo = request_memo()
        if memo is not None and cls.MEMO_KEY in memo:
            return memo[cls.MEMO_KEY]
        settings = cls.objects.filter(pk=1).first() or cls(pk=1)
        if memo is not None:
            memo[cls.MEMO_KEY] = settings
        return settings


class SigningCertificate(models.Model):
    """A certificate the portal holds to sign established SOPs: a head's own (PKCS#12 uploaded on
    their account page; the passphrase typed at each penetapan, never stored) or the agency's
    electronic seal (configured by an administrator; its passphrase kept, encrypted, since it signs
    for heads who sign on paper). The file is kept encrypted under ESOP_SIGNING_KEY."""

    class Kind(models.TextChoices):
        PERSONAL = "pribadi", _("Sertifikat elektronik pribadi")
        SEAL = "segel", _("Segel elektronik instansi")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    user = models.OneToOneField(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="signing_certificate"
    )
    sealed_pkcs12 = models.BinaryField()
    sealed_passphrase = models.BinaryField(blank=True, default=b"")  # the seal only
    subject = models.CharField(_("pemilik sertifikat"), max_length=255)
    organisation = models.CharField(_("organisasi"), max_length=255, blank=True)
    issuer = models.CharField(_("penerbit"), max_length=255)
    serial = models.CharField(_("nomor seri"), max_length=80)
    fingerprint = models.CharField(_("sidik jari SHA-256"), max_length=64)
    valid_from = models.DateTimeField(_("berlaku sejak"))
    valid_until = models.DateTimeField(_("berlaku sampai"))
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sertifikat tanda tangan")
        verbose_name_plural = _("sertifikat tanda tangan")
        constraints = [
            models.UniqueConstraint(fields=["kind"], condition=models.Q(kind="segel"), name="one_agency_seal"),
            models.CheckConstraint(
                condition=models.Q(kind="segel", user__isnull=True) | models.Q(kind="pribadi", user__isnull=False),
                name="personal_certificate_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.issuer})"
