"""The read-only REST API: the same visibility as the pages (sop.selectors), token or session auth,
and anonymous callers see the public-service SOPs in force only."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as FormError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from esop.security import address_limited
from org.models import Unit
from sop import documents, selectors
from sop.content import content_of
from sop.forms import pdf_upload_bytes
from sop.models import SOPVersion, VersionStatus

from . import serializers as api

STATUSES = [value for value, _label in VersionStatus.choices]


class SOPFilters(serializers.Serializer):
    unit = serializers.IntegerField(required=False, help_text="id of a unit: its SOPs and its sub-units'")
    status = serializers.ChoiceField(choices=STATUSES, required=False, help_text="SOPs with a version in this status")
    updated_since = serializers.DateTimeField(required=False, help_text="ISO 8601; SOPs changed since then")
    q = serializers.CharField(required=False, max_length=200, help_text="words to search")


def _valid(filters_class, request) -> dict:
    filters = filters_class(data=request.query_params)
    if not filters.is_valid():
        raise ValidationError(filters.errors)
    return filters.validated_data


@extend_schema(tags=["units"])
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """The unit tree of the agency (instansi, unit kerja, sub-unit), in tree order."""

    serializer_class = api.UnitSerializer
    queryset = Unit.objects.order_by("path")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "parents": dict(Unit.objects.values_list("path", "pk"))}


@extend_schema(tags=["sops"])
class SOPViewSet(viewsets.ReadOnlyModelViewSet):
    """SOPs the caller may read, each with its version in force (else the newest readable one)."""

    serializer_class = api.SOPSerializer

    def get_queryset(self):
        filters = _valid(SOPFilters, self.request) if self.action == "list" else {}
        unit = None
        if "unit" in filters:
            unit = Unit.objects.filter(pk=filters["unit"]).first()
            if unit is None:
                raise ValidationError({"unit": ["Unit tidak ditemukan."]})
        qs = selectors.sop_list(self.request.user, unit=unit, status=filters.get("status", ""), q=filters.get("q", ""))
        if "updated_since" in filters:
            qs = qs.filter(updated_at__gte=filters["updated_since"]) | qs.filter(
                versions__updated_at__gte=filters["updated_since"]
            )
            qs = qs.distinct()
        return qs

    @extend_schema(parameters=[SOPFilters])
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        selectors.attach_current_versions(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses=api.SOPDetailSerializer)
    def retrieve(self, request, pk=None):
        sop = selectors.access_sop(request.user, int(pk))
        versions = selectors.sop_versions(request.user, sop)
        sop.current = next(
            (v for v in versions if v.status == VersionStatus.IN_FORCE), versions[0] if versions else None
        )
        context = {**self.get_serializer_context(), "versions": versions}
        return Response(api.SOPDetailSerializer(sop, context=context).data)


@extend_schema(tags=["versions"])
class VersionViewSet(viewsets.GenericViewSet):
    """One version's full content: identity sheet, actors and steps; and its official PDF."""

    serializer_class = api.VersionSerializer
    queryset = SOPVersion.objects.none()  # only for the schema's path types; reads go through the selectors

    def retrieve(self, request, pk=None):
        version = selectors.version_with_content(request.user, int(pk))
        return Response(self.get_serializer(version).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="the PDF")})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        version = selectors.version_with_content(request.user, int(pk))
        data = documents.version_pdf(version, content_of(version), letterhead=selectors.letterhead(version))
        response = HttpResponse(data, content_type="application/pdf")
        name = f"{version.sop.number}-rev{version.revision}".replace("/", "-")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response


class ChangeFilters(serializers.Serializer):
    since = serializers.DateTimeField(help_text="ISO 8601; versions changed at or after this moment")


@extend_schema(tags=["changes"], parameters=[ChangeFilters])
class ChangeFeed(ListAPIView):
    """Versions the caller may read that changed since a moment, oldest change first: poll it with
    the ``updated_at`` of the last item seen."""

    serializer_class = api.ChangeSerializer

    def get_queryset(self):
        since = _valid(ChangeFilters, self.request)["since"]
        return (
            selectors.versions_visible_to(self.request.user)
            .filter(updated_at__gte=since)
            .select_related("sop")
            .order_by("updated_at", "pk")
        )


class VerifyUpload(serializers.Serializer):
    file = serializers.FileField(help_text="the PDF to check (at most ESOP_VERIFY_MAX_BYTES)")


@extend_schema(tags=["verification"], request={"multipart/form-data": VerifyUpload}, responses=api.FileCheckSerializer)
class VerifyFile(APIView):
    """Check a PDF's electronic signatures offline (intact, signer, time, altered since, chain to a
    trusted root) and the version it holds (in force, superseded or revoked), as /verifikasi/ does."""

    parser_classes = [MultiPartParser, FormParser]

    def post(self, request):
        if address_limited(request._request, "verify", settings.ESOP_VERIFY_RATE_ADDRESS):
            raise Throttled
        upload = VerifyUpload(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            data = pdf_upload_bytes(upload.validated_data["file"])
        except FormError as error:
            raise ValidationError({"file": error.messages}) from error
        return Response(api.FileCheckSerializer(selectors.check_file(data)).data)
