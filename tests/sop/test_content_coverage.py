"""Everything a version says is content: in its snapshot, covered by its hash, on its page, in its PDF,
in the compare view and in the API. A field added to a model is a decision, made in sop/content.py."""

import dataclasses
import datetime
import hashlib
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from sop import compare, documents, selectors, services
from sop.content import (
    CONTENT_FIELDS,
    CONTENT_SCHEME,
    NOT_CONTENT,
    ActorData,
    RelatedData,
    StepData,
    VersionContent,
    build_content,
    content_hash,
    content_of,
    from_json,
    to_json,
)
from sop.models import SOP, Actor, LegalBasis, ListItem, RelatedSOP, SOPVersion, Step, StepActor
from tests.factories import SOPFactory, SOPVersionFactory
from tests.sop.test_pdf import text_of, words

MODELS = [SOP, SOPVersion, Actor, Step, StepActor, ListItem, LegalBasis, RelatedSOP]


def undecided(model_name: str, field_names: list[str]) -> set[str]:
    """The fields of a model that are neither content nor said not to be, and names on the lists
    that are no field (or on both)."""
    content, other = set(CONTENT_FIELDS[model_name]), set(NOT_CONTENT[model_name])
    names = set(field_names)
    return (names - content - other) | (content - names) | (other - names) | (content & other)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_of_a_version_is_content_or_said_not_to_be(model):
    assert undecided(model.__name__, [f.name for f in model._meta.concrete_fields]) == set()


def test_a_field_added_without_a_decision_is_named():
    fields = [f.name for f in Step._meta.concrete_fields]
    assert undecided("Step", [*fields, "approved_by_phone"]) == {"approved_by_phone"}
    assert undecided("Step", [f for f in fields if f != "notes"]) == {"notes"}  # a list naming no field


@pytest.fixture
def version(agency, drafter):
    version = SOPVersionFactory(sop__unit=agency.unit, created_by=drafter, updated_by=drafter)
    target = SOPFactory(unit=agency.unit, title="SOP Pengarsipan")
    services.version_replace_procedure(
        version=version,
        actor=drafter,
        actors=["Loket", "Kepala"],
        steps=[
            StepData(1, "start", "Menerima", 0, "Formulir", Decimal(1), "jam", "Berkas", "Catatan", next=2),
            StepData(2, "decision", "Lengkap?", 1, yes=3, no=1, co_actors=(0,)),  # Kepala, with Loket
            StepData(3, "end", "Menyerahkan", 0),
        ],
    )
    return services.version_replace_identity(
        version=version,
        actor=drafter,
        date_created=datetime.date(2026, 1, 5),
        legal_bases=[{"kind": "Undang-Undang", "number": "25", "year": 2009, "subject": "Pelayanan Publik"}],
        qualifications=["S1"],
        related=[{"relation": "prasyarat", "target": target}, {"text": "SOP Pengaduan"}],
        equipment=["Komputer"],
        warnings=["Hati-hati"],
        records=["Buku agenda"],
        purpose="Menjamin berkas diproses tepat waktu.",
        scope="Seluruh permohonan izin usaha\ndi loket DPMPTSP.",
        definitions="Berkas: formulir beserta lampirannya.",
    )


def _hash(version_id: int) -> str:
    return content_hash(build_content(selectors.load_version_content(version_id)))


# A value for each content field that differs from the fixture's.
CHANGES = {
    "SOPVersion": {
        "revision": 7,
        "date_created": datetime.date(2020, 1, 1),
        "date_revised": datetime.date(2026, 2, 1),
        "date_effective": datetime.date(2026, 3, 1),
        "signer_name": "Kepala Baru",
        "signer_nip": "197001012000031001",
        "signer_position": "Kepala Dinas",
        "purpose": "Tujuan lain",
        "scope": "Ruang lingkup lain",
        "definitions": "Definisi lain",
    },
    "Step": {
        "number": 9,
        "kind": "activity",
        "text": "Menerima berkas",
        "requirements": "KTP",
        "duration_value": Decimal(2),
        "duration_value_max": Decimal(4),
        "duration_unit": "hari",
        "duration_text": "Sesuai antrean",
        "output": "Tanda terima",
        "notes": "Lain",
    },
    "LegalBasis": {"kind": "Peraturan Daerah", "number": "3", "year": 2010, "subject": "Perizinan"},
    "RelatedSOP": {"relation": "lanjutan", "text": "SOP Lain"},
    "ListItem": {"text": "S2", "kind": "peralatan"},
    "Actor": {"name": "Petugas Loket"},
    "SOP": {"number": "SOP-999/X/2026", "title": "Judul Lain"},
}


@pytest.mark.django_db
def test_each_content_field_changes_the_hash(version, agency):
    before = _hash(version.pk)
    first_step = version.steps.get(number=1)

    def row(model, **lookup):
        return model.objects.filter(pk=model.objects.get(**lookup).pk)

    rows = {
        "SOPVersion": row(SOPVersion, pk=version.pk),
        "SOP": row(SOP, pk=version.sop_id),
        "Step": row(Step, pk=first_step.pk),
        "Actor": row(Actor, version=version, position=1),
        "LegalBasis": row(LegalBasis, version=version),
        "RelatedSOP": row(RelatedSOP, version=version, position=2),
        "ListItem": row(ListItem, version=version, kind="kualifikasi"),
        "StepActor": row(StepActor, version=version),
    }
    last_step = version.steps.get(number=3)
    other_actor = version.actors.get(name="Kepala")
    changes = {**CHANGES, "Step": {**CHANGES["Step"], "actor": other_actor, "next_step": last_step}}
    changes["Step"].update(yes_step=first_step, no_step=last_step)  # on the decision (Ya 3, Tidak 1)
    changes["StepActor"] = {"actor": other_actor, "step": first_step}  # Loket carries out step 2 with Kepala
    checked = set()
    for model_name, values in changes.items():
        for name, value in values.items():
            rows_of = rows[model_name]
            if name in ("yes_step", "no_step"):
                rows_of = row(Step, version=version, number=2)
            old = rows_of.values(name).first()[name]
            rows_of.update(**{name: value})
            assert _hash(version.pk) != before, f"{model_name}.{name} is not covered by the hash"
            rows_of.update(**{name: old})
            assert _hash(version.pk) == before
            checked.add((model_name, name))
    # The unit (its lineage of names), the order of actors, entries and legal bases, and a link to another SOP.
    agency.unit.name = "Dinas Baru"
    agency.unit.save()
    assert _hash(version.pk) != before
    agency.unit.name = "Dinas Uji"
    agency.unit.save()
    Actor.objects.filter(version=version, position=1).update(position=5)
    assert _hash(version.pk) != before
    Actor.objects.filter(version=version, position=5).update(position=1)
    SOP.objects.filter(title="SOP Pengarsipan").update(title="SOP Arsip")
    assert _hash(version.pk) != before
    position_only = {("Actor", "position"), ("ListItem", "position"), ("LegalBasis", "position")}
    target_only = {("RelatedSOP", "position"), ("RelatedSOP", "target"), ("SOP", "unit")}
    assert {
        (model, name) for model, names in CONTENT_FIELDS.items() for name in names
    } - checked - position_only - target_only == set()


@pytest.mark.django_db
def test_tujuan_ruang_lingkup_definisi_and_each_relation_are_shown_everywhere(version, client, drafter):
    content = content_of(selectors.load_version_content(version.pk))
    assert content.related == (RelatedData("SOP Pengarsipan", "prasyarat"), RelatedData("SOP Pengaduan", "terkait"))
    shown = [
        "Menjamin berkas diproses tepat waktu.",
        "Berkas: formulir beserta lampirannya.",
        "SOP Pengarsipan (prasyarat)",
    ]

    client.force_login(drafter)
    page = client.get(reverse("sop:version", args=[version.sop_id, version.pk])).content.decode()
    for text in [*shown, "TUJUAN", "RUANG LINGKUP", "DEFINISI", "Seluruh permohonan izin usaha<br>di loket DPMPTSP."]:
        assert text in page, text

    pdf_text = words(text_of(documents.version_pdf(version, content)))
    for text in [*shown, "TUJUAN", "RUANG LINGKUP", "DEFINISI", "Seluruh permohonan izin usaha di loket DPMPTSP."]:
        assert text in pdf_text, text

    api = client.get(f"/api/v1/versions/{version.pk}/").json()["content"]
    assert (api["purpose"], api["scope"], api["definitions"], api["scheme"]) == (
        content.purpose,
        content.scope,
        content.definitions,
        CONTENT_SCHEME,
    )
    assert api["related"][0] == {"text": "SOP Pengarsipan", "relation": "prasyarat"}

    changed = VersionContent(**{**content.__dict__, "purpose": "Tujuan baru", "related": content.related[1:]})
    cmp = compare.compare(content, changed)
    assert ("Tujuan", "Menjamin berkas diproses tepat waktu.", "Tujuan baru") in [
        (f.label, f.old, f.new) for f in cmp.identity if f.status == "changed"
    ]
    keterkaitan = dict(cmp.lists)["Keterkaitan"]
    assert [(i.status, i.old) for i in keterkaitan if i.status == "removed"] == [
        ("removed", "SOP Pengarsipan (prasyarat)")
    ]


def _scheme_1_json() -> dict:
    """A snapshot as the portal stored it before scheme 2: no tujuan and the rest, keterkaitan as texts."""
    data = to_json(
        VersionContent(
            number="1",
            title="T",
            unit_lines=("A",),
            related=(RelatedData("SOP Arsip"),),
            actors=(ActorData(5, "X"),),
            steps=(StepData(1, "start", "Mulai", 5, next=2), StepData(2, "end", "Selesai", 5)),
        )
    )
    for key in ("purpose", "scope", "definitions", "scheme"):
        del data[key]
    data["related"] = ["SOP Arsip"]
    for step in data["steps"]:
        del step["duration_value_max"], step["duration_text"], step["co_actors"]
    return data


def test_a_hash_made_under_the_first_scheme_is_computed_again_as_it_was_made():
    data = _scheme_1_json()
    # The hash as the portal computed it then: the canonical JSON of the snapshot without its status.
    then = {k: v for k, v in data.items() if k != "status"}
    recorded = hashlib.sha256(
        json.dumps(then, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()
    old = from_json(data)
    assert old.scheme == 1 and old.related == (RelatedData("SOP Arsip", "terkait"),)
    assert content_hash(old) == recorded
    assert content_hash(from_json(to_json(old))) == recorded  # the scheme travels with the snapshot
    assert content_hash(VersionContent(**{**old.__dict__, "scheme": CONTENT_SCHEME})) != recorded


def test_a_hash_made_under_the_second_scheme_is_computed_again_without_the_steps_further_actors():
    """Scheme 2 (until a step could have several actors) snapshots hold no co_actors: their hashes,
    on the QR codes printed then, stay as they were made."""
    data = to_json(
        VersionContent(
            number="1",
            title="T",
            actors=(ActorData(5, "X"),),
            steps=(StepData(1, "start", "Mulai", 5, next=2), StepData(2, "end", "Selesai", 5)),
            scheme=2,
        )
    )
    for step in data["steps"]:
        del step["co_actors"]
    then = {k: v for k, v in data.items() if k != "status"}
    recorded = hashlib.sha256(
        json.dumps(then, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()
    old = from_json(data)
    assert (old.scheme, old.steps[0].co_actors) == (2, ())
    assert content_hash(old) == content_hash(from_json(to_json(old))) == recorded
    joint = VersionContent(**{**old.__dict__, "scheme": CONTENT_SCHEME})
    assert content_hash(joint) != recorded  # scheme 3 hashes the (empty) further actors too
    with_one = dataclasses.replace(joint, steps=(dataclasses.replace(joint.steps[0], co_actors=(5,)), joint.steps[1]))
    assert content_hash(with_one) != content_hash(joint)


def test_an_unknown_scheme_is_refused_rather_than_hashed_some_other_way():
    with pytest.raises(ValueError):
        content_hash(VersionContent(number="1", title="T", scheme=CONTENT_SCHEME + 1))


@pytest.mark.django_db
def test_an_established_version_records_its_scheme_and_verifies(in_force, client):
    version = in_force(datetime.date(2026, 3, 2))
    assert version.content_snapshot["scheme"] == CONTENT_SCHEME
    assert content_hash(content_of(version)) == version.content_hash
    assert client.get(reverse("sop:verify", args=[version.content_hash])).status_code == 200
