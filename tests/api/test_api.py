"""The read-only API: the schema is valid, every endpoint answers as documented, and it shows
exactly what the pages show to the same caller (anonymous callers: public SOPs in force only)."""

import datetime
import io
import json

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import SOPVersionFactory

EFFECTIVE = datetime.date(2026, 3, 2)


@pytest.fixture
def schema() -> dict:
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def world(in_force, make_version, agency):
    """A public SOP in force with a draft revision, an internal SOP in force, an internal draft."""
    public = in_force(EFFECTIVE)
    public.sop.is_public_service = True
    public.sop.save(update_fields=["is_public_service"])
    public_draft = SOPVersionFactory(sop=public.sop, revision=1)
    internal = in_force(EFFECTIVE)
    draft = make_version("draft")
    return {"public": public, "public_draft": public_draft, "internal": internal, "draft": draft}


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def _nullable(node):
    """OpenAPI 3.0 ``nullable`` as JSON Schema understands it."""
    if isinstance(node, list):
        return [_nullable(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _nullable(v) for k, v in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def check_against_schema(schema: dict, path: str, response, method: str = "get") -> None:
    """The response is one the schema documents for this path, method, status and content type."""
    documented = schema["paths"][path][method]["responses"][str(response.status_code)]["content"]
    content_type = response["Content-Type"].split(";")[0]
    assert content_type in documented, (path, content_type)
    if content_type == "application/json":
        root = _nullable({"components": schema["components"], **documented[content_type]["schema"]})
        jsonschema.validate(response.json(), root)


def test_schema_is_valid_openapi_with_every_endpoint(schema):
    assert set(schema["paths"]) == {
        "/api/v1/units/",
        "/api/v1/units/{id}/",
        "/api/v1/sops/",
        "/api/v1/sops/{id}/",
        "/api/v1/versions/{id}/",
        "/api/v1/versions/{id}/pdf/",
        "/api/v1/changes/",
        "/api/v1/verify/",
    }
    assert set(schema["paths"]["/api/v1/verify/"]) == {"post"}  # the one endpoint that takes a file


@pytest.mark.django_db
@pytest.mark.parametrize("who", [None, "drafter"])
def test_every_endpoint_answers_as_documented(schema, world, agency, request, who):
    client = client_for(request.getfixturevalue(who) if who else None)
    ids = {"units": agency.unit.pk, "sops": world["public"].sop_id, "versions": world["public"].pk, "changes": None}
    query = {"/api/v1/changes/": "?since=2020-01-01T00:00:00Z"}
    for path in (p for p, methods in schema["paths"].items() if "get" in methods):
        url = path.replace("{id}", str(ids[path.split("/")[3]])) + query.get(path, "")
        response = client.get(url)
        assert response.status_code == 200, url
        check_against_schema(schema, path, response)


@pytest.mark.django_db
def test_anonymous_callers_see_public_sops_in_force_only(world):
    client = client_for()
    listed = {s["id"] for s in client.get("/api/v1/sops/").json()["results"]}
    assert listed == {world["public"].sop_id}
    detail = client.get(f"/api/v1/sops/{world['public'].sop_id}/").json()
    assert [v["status"] for v in detail["versions"]] == ["in_force"]  # not its draft revision
    for hidden in ("internal", "draft"):
        assert client.get(f"/api/v1/sops/{world[hidden].sop_id}/").status_code == 404
        assert client.get(f"/api/v1/versions/{world[hidden].pk}/").status_code == 404
    assert client.get(f"/api/v1/versions/{world['public_draft'].pk}/").status_code == 404
    assert client.get(f"/api/v1/versions/{world['public_draft'].pk}/pdf/").status_code == 404
    changes = client.get("/api/v1/changes/?since=2000-01-01T00:00:00Z").json()["results"]
    assert {c["id"] for c in changes} == {world["public"].pk}


@pytest.mark.django_db
def test_token_callers_see_what_their_roles_allow(world, drafter, outsider):
    mine = {s["id"] for s in client_for(drafter).get("/api/v1/sops/").json()["results"]}
    assert mine == {world[k].sop_id for k in ("public", "internal", "draft")}
    assert client_for(drafter).get(f"/api/v1/versions/{world['draft'].pk}/").status_code == 200
    theirs = {s["id"] for s in client_for(outsider).get("/api/v1/sops/").json()["results"]}
    assert theirs == {world["public"].sop_id}


@pytest.mark.django_db
def test_a_wrong_or_deactivated_token_is_refused(world, drafter):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    assert client.get("/api/v1/sops/").status_code == 401
    client = client_for(drafter)
    drafter.is_active = False
    drafter.save(update_fields=["is_active"])
    assert client.get("/api/v1/sops/").status_code == 401


@pytest.mark.django_db
def test_version_content_has_the_identity_sheet_actors_and_steps(world):
    body = client_for().get(f"/api/v1/versions/{world['public'].pk}/").json()
    content = body["content"]
    assert content["number"] == world["public"].sop.number and content["signer_name"]
    assert [a["name"] for a in content["actors"]] == ["Loket", "Kepala Seksi"]
    assert [(s["number"], s["kind"], s["yes"], s["no"]) for s in content["steps"]] == [
        (1, "start", None, None),
        (2, "decision", 3, 1),
        (3, "end", None, None),
    ]
    pdf = client_for().get(body["pdf"])
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_sops_filter_by_unit_status_and_update_time(world, drafter, agency, make_version):
    sub_draft = make_version("draft", unit=agency.sub)
    client = client_for(drafter)

    def ids(query):
        return {s["id"] for s in client.get("/api/v1/sops/" + query).json()["results"]}

    assert ids(f"?unit={agency.sub.pk}") == {sub_draft.sop_id}
    assert ids("?status=in_force") == {world["public"].sop_id, world["internal"].sop_id}
    assert ids("?updated_since=2999-01-01T00:00:00Z") == set()
    assert sub_draft.sop_id in ids("?updated_since=2000-01-01T00:00:00Z")


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?unit=999999", "?status=lain", "?updated_since=kemarin"])
def test_bad_filters_get_400_with_the_field_named(world, query):
    response = client_for().get("/api/v1/sops/" + query)
    assert response.status_code == 400
    assert query[1:].split("=")[0] in response.json()


@pytest.mark.django_db
def test_change_feed_needs_a_valid_since(world):
    assert client_for().get("/api/v1/changes/").status_code == 400
    assert client_for().get("/api/v1/changes/?since=x").status_code == 400


@pytest.mark.django_db
def test_sop_list_is_paginated_with_a_constant_number_of_queries(agency, drafter):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(n):
        for _ in range(n):
            SOPVersionFactory(sop__unit=agency.unit)
        client = client_for(drafter)
        with CaptureQueriesContext(connection) as ctx:
            body = client.get("/api/v1/sops/").json()
        return len(ctx.captured_queries), body

    few, _ = count(2)
    many, body = count(60)
    assert few == many
    assert body["count"] == 62 and len(body["results"]) == 50 and body["next"]


@pytest.mark.django_db
def test_docs_page_is_served_without_any_outside_address(client):
    page = client.get(reverse("api:docs")).content.decode()
    assert "swagger-ui" in page and "cdn" not in page.lower()


@pytest.mark.django_db
def test_version_content_gives_waktu_as_printed_and_measured(world, drafter):
    from decimal import Decimal

    steps = list(world["draft"].steps.order_by("number"))
    steps[0].duration_value, steps[0].duration_value_max, steps[0].duration_unit = Decimal(1), Decimal(3), "hari kerja"
    steps[1].duration_text = "Sesuai kebutuhan"
    for step in steps[:2]:
        step.save()
    content = client_for(drafter).get(f"/api/v1/versions/{world['draft'].pk}/").json()["content"]
    first, second = content["steps"][:2]
    assert (first["waktu"], first["duration_value"], first["duration_value_max"], first["duration_unit"]) == (
        "1–3 hari kerja",
        "1",
        "3",
        "hari kerja",
    )
    assert (first["duration_minutes"], first["duration_workdays"]) == (1350, "3")
    assert (second["waktu"], second["duration_text"], second["duration_minutes"]) == (
        "Sesuai kebutuhan",
        "Sesuai kebutuhan",
        None,
    )


@pytest.mark.django_db
def test_verify_endpoint_answers_as_documented(schema, world):
    """A file checked through the API (here the portal's own unsigned PDF of a version in force)."""
    client = client_for()
    pdf = client.get(f"/api/v1/versions/{world['public'].pk}/pdf/").content
    response = client.post("/api/v1/verify/", {"file": SimpleUploadedFile("sop.pdf", pdf)}, format="multipart")
    assert response.status_code == 200
    check_against_schema(schema, "/api/v1/verify/", response, method="post")
    answer = response.json()
    assert answer["readable"] and not answer["signed"] and answer["signatures"] == []
    assert answer["version"]["id"] == world["public"].pk and answer["version"]["status"] == "in_force"
