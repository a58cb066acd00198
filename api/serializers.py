"""What the API says about units, SOPs and versions: read-only, built from the same selectors as the pages."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from org.models import AgencySettings, Unit
from sop import service_time
from sop.content import content_of, to_json
from sop.enums import Relation
from sop.models import SOP, SOPVersion
from sop.selectors import measured_service_time


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField(help_text="id of the unit above, null for the agency")

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "parent", "depth", "is_active"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_parent(self, unit: Unit) -> int | None:
        return self.context["parents"].get(unit.path[: -Unit.steplen]) if unit.depth > 1 else None


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name"]


class VersionSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = SOPVersion
        fields = [
            "id",
            "url",
            "revision",
            "status",
            "date_created",
            "date_revised",
            "date_effective",
            "content_hash",
            "updated_at",
        ]

    def get_url(self, version: SOPVersion) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:version-detail", args=[version.pk]))


class SOPSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer()
    current_version = serializers.SerializerMethodField(
        help_text="the version in force, else the newest version the caller may read"
    )

    class Meta:
        model = SOP
        fields = [
            "id",
            "number",
            "title",
            "unit",
            "is_public_service",
            "review_due_on",
            "updated_at",
            "current_version",
        ]

    @extend_schema_field(VersionSummarySerializer(allow_null=True))
    def get_current_version(self, sop: SOP):
        current = getattr(sop, "current", None)
        return VersionSummarySerializer(current, context=self.context).data if current else None


class SOPDetailSerializer(SOPSerializer):
    versions = serializers.SerializerMethodField(help_text="every version the caller may read, newest first")

    class Meta(SOPSerializer.Meta):
        fields = [*SOPSerializer.Meta.fields, "versions"]

    @extend_schema_field(VersionSummarySerializer(many=True))
    def get_versions(self, sop: SOP):
        return VersionSummarySerializer(self.context["versions"], many=True, context=self.context).data


class ActorSerializer(serializers.Serializer):
    key = serializers.IntegerField()
    name = serializers.CharField()


class StepSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["start", "activity", "decision", "end"])
    text = serializers.CharField(help_text="kegiatan")
    actor = serializers.IntegerField(allow_null=True, help_text="key of the actor (pelaksana)")
    co_actors = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="keys of the actors who carry the step out together with actor (joined symbols in their lanes)",
    )
    requirements = serializers.CharField(help_text="mutu baku: kelengkapan")
    waktu = serializers.CharField(
        help_text='mutu baku: waktu as the SOP prints it ("1–3 hari kerja", "Sesuai kebutuhan")'
    )
    duration_value = serializers.CharField(allow_null=True, help_text="waktu: the number (the lower bound of a range)")
    duration_value_max = serializers.CharField(allow_null=True, help_text="waktu: the upper bound of a range, or null")
    duration_unit = serializers.CharField(help_text="menit, jam, hari, hari kerja, minggu, bulan, tahun, or empty")
    duration_text = serializers.CharField(help_text="waktu written as text, not a number (else empty)")
    duration_minutes = serializers.IntegerField(
        allow_null=True, help_text="waktu in working minutes (a range: its upper bound); null where not computable"
    )
    duration_workdays = serializers.CharField(
        allow_null=True, help_text="waktu in working days of 7.5 hours, a decimal; null where not computable"
    )
    output = serializers.CharField(help_text="mutu baku: output")
    notes = serializers.CharField(help_text="keterangan")
    next = serializers.IntegerField(allow_null=True)
    yes = serializers.IntegerField(allow_null=True, help_text="decisions: the step on Ya")
    no = serializers.IntegerField(allow_null=True, help_text="decisions: the step on Tidak")


class LegalBasisSerializer(serializers.Serializer):
    kind = serializers.CharField()
    number = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    subject = serializers.CharField()


class RelatedSerializer(serializers.Serializer):
    text = serializers.CharField()
    relation = serializers.ChoiceField(choices=Relation.choices)


class ContentSerializer(serializers.Serializer):
    """The identity sheet and the procedure, as established (or as drafted so far)."""

    number = serializers.CharField()
    title = serializers.CharField()
    revision = serializers.IntegerField()
    status = serializers.CharField()
    unit_lines = serializers.ListField(child=serializers.CharField())
    date_created = serializers.DateField(allow_null=True)
    date_revised = serializers.DateField(allow_null=True)
    date_effective = serializers.DateField(allow_null=True)
    signer_name = serializers.CharField()
    signer_nip = serializers.CharField()
    signer_position = serializers.CharField()
    legal_bases = LegalBasisSerializer(many=True)
    qualifications = serializers.ListField(child=serializers.CharField())
    related = RelatedSerializer(many=True)
    equipment = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())
    records = serializers.ListField(child=serializers.CharField())
    actors = ActorSerializer(many=True)
    steps = StepSerializer(many=True)
    purpose = serializers.CharField()
    scope = serializers.CharField()
    definitions = serializers.CharField()
    scheme = serializers.IntegerField(help_text="Skema isi yang dipakai sidik isinya (content_hash).")


class ServiceTimeSerializer(serializers.Serializer):
    minutes = serializers.IntegerField(help_text="Waktu layanan alur utama, dalam menit kerja.")
    worst_minutes = serializers.IntegerField(help_text="Paling lama: setiap pengulangan terjadi sekali.")
    workday_minutes = serializers.IntegerField(help_text="Panjang satu hari kerja (pengaturan instansi).")
    text = serializers.CharField(help_text='Dalam kata, mis. "1 hari kerja 2 jam".')
    partial = serializers.BooleanField(help_text="Ada langkah yang waktunya tidak dapat dijumlahkan.")
    unmeasured_steps = serializers.ListField(child=serializers.IntegerField())


class VersionSerializer(VersionSummarySerializer):
    sop = serializers.IntegerField(source="sop_id")
    pdf = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()
    service_time = serializers.SerializerMethodField()

    class Meta(VersionSummarySerializer.Meta):
        fields = [*VersionSummarySerializer.Meta.fields, "sop", "pdf", "content", "service_time"]

    @extend_schema_field(ServiceTimeSerializer(allow_null=True))
    def get_service_time(self, version: SOPVersion) -> dict | None:
        if "workday_minutes" not in self.context:
            self.context["workday_minutes"] = AgencySettings.current().workday_minutes
        workday = self.context["workday_minutes"]
        shown = service_time.summary(measured_service_time(version, content_of(version)), workday)
        if shown is None:
            return None
        return {
            "minutes": shown.minutes,
            "worst_minutes": shown.worst_minutes,
            "workday_minutes": workday,
            "text": shown.main,
            "partial": shown.partial,
            "unmeasured_steps": list(shown.unmeasured),
        }

    def get_pdf(self, version: SOPVersion) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:version-pdf", args=[version.pk]))

    @extend_schema_field(ContentSerializer)
    def get_content(self, version: SOPVersion) -> dict:
        content = content_of(version)
        data = to_json(content)
        for step, row in zip(content.steps, data["steps"], strict=True):
            waktu = step.waktu
            workdays = waktu.workdays
            row.update(
                waktu=str(waktu),
                duration_minutes=waktu.minutes,
                duration_workdays=str(workdays.normalize()) if workdays is not None else None,
            )
        return data


class ChangeSerializer(serializers.ModelSerializer):
    sop = serializers.IntegerField(source="sop_id")
    number = serializers.CharField(source="sop.number")
    url = serializers.SerializerMethodField()

    class Meta:
        model = SOPVersion
        fields = ["id", "url", "sop", "number", "revision", "status", "updated_at"]

    def get_url(self, version: SOPVersion) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:version-detail", args=[version.pk]))


class SignatureVerdictSerializer(serializers.Serializer):
    signer = serializers.CharField()
    organisation = serializers.CharField()
    issuer = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    timestamped = serializers.BooleanField()
    intact = serializers.BooleanField(help_text="the signed bytes are unchanged")
    valid = serializers.BooleanField(help_text="the signature's cryptography holds")
    trusted = serializers.BooleanField(help_text="the certificate chains to a root the administrator trusts")
    whole_file = serializers.BooleanField(help_text="nothing was changed or added after signing")
    demo = serializers.BooleanField()
    good = serializers.BooleanField()


class FileCheckSerializer(serializers.Serializer):
    readable = serializers.BooleanField(source="verdict.readable")
    signed = serializers.BooleanField(source="verdict.signed")
    altered = serializers.BooleanField(source="verdict.altered")
    signatures = SignatureVerdictSerializer(source="verdict.signatures", many=True)
    exact_file = serializers.BooleanField(source="exact", help_text="the very file the portal signed and keeps")
    version = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "id": {"type": "integer"},
                "sop_number": {"type": "string"},
                "revision": {"type": "integer"},
                "status": {"type": "string"},
                "content_hash": {"type": "string"},
                "in_force_revision": {"type": "integer", "nullable": True},
            },
        }
    )
    def get_version(self, check) -> dict | None:
        version = check.version
        if version is None:
            return None
        return {
            "id": version.pk,
            "sop_number": version.sop.number,
            "revision": version.revision,
            "status": version.status,
            "content_hash": version.content_hash,
            "in_force_revision": check.current.revision if check.current else None,
        }
