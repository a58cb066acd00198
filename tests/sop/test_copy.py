"""A new SOP begun as a copy of another the person may read: identity lists, actors and steps (with
their flow and further actors) come along, the number is the new unit's own, the source is recorded
and shown; a version the person may not read cannot be copied, and nothing is made."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from org.models import Role
from sop import selectors, services
from sop.content import content_of
from sop.models import SOP, SOPVersion
from tests.factories import UserFactory, grant, steps_in_order


@pytest.fixture
def source(make_version, author):
    """A version of Dinas Uji with a decision, a step of two actors and identity lists."""
    version = make_version("draft")
    services.version_replace_procedure(
        version=version,
        actor=author,
        actors=["Loket", "Kepala Seksi", "Arsip"],
        steps=steps_in_order(
            ("start", "Menerima berkas", 0),
            ("decision", "Berkas lengkap?", 1, {"yes": 3, "no": 1}),
            ("activity", "Mencatat dan mengarsipkan", 1, {"co_actors": (2,)}),
            ("end", "Menyerahkan surat", 0),
        ),
    )
    services.version_replace_identity(
        version=version,
        actor=author,
        date_created=None,
        legal_bases=[{"kind": "Undang-Undang", "number": "25", "year": 2009, "subject": "Pelayanan Publik"}],
        qualifications=["Memahami pelayanan publik"],
        related=[{"text": "SOP Pengarsipan"}],
        equipment=["Komputer"],
        warnings=["Layanan terlambat"],
        records=["Buku agenda"],
        purpose="Menjamin berkas diproses tepat waktu.",
        scope="",
        definitions="",
    )
    SOPVersion.objects.filter(pk=version.pk).update(status="in_force")
    version.refresh_from_db()
    return version


@pytest.fixture
def sub_drafter(agency):
    user = UserFactory(username="penyusun_bidang", email="bidang@example.go.id")
    grant(user, agency.sub, Role.DRAFTER)  # Bidang Uji, below Dinas Uji: Dinas Uji's SOPs apply to it
    return user


@pytest.mark.django_db
def test_a_copy_brings_everything_but_the_number_dates_and_signature(agency, source, sub_drafter):
    sop = services.sop_create(unit=agency.sub, title="Pelayanan Bidang", actor=sub_drafter, source=source)
    draft = sop.versions.get()
    assert (draft.status, draft.revision, draft.copied_from, draft.date_created) == ("draft", 0, source, None)
    assert sop.number != source.sop.number and sop.unit == agency.sub
    copied = content_of(selectors.load_version_content(draft.pk))
    original = content_of(selectors.load_version_content(source.pk))
    assert [a.name for a in copied.actors] == [a.name for a in original.actors]
    # The same steps, flow and further actors, each pointing at the copy's own rows.
    assert [(s.number, s.kind, s.text, s.next, s.yes, s.no) for s in copied.steps] == [
        (s.number, s.kind, s.text, s.next, s.yes, s.no) for s in original.steps
    ]
    assert [copied.actors_of(s) for s in copied.steps] == [original.actors_of(s) for s in original.steps]
    assert {a.key for a in copied.actors}.isdisjoint({a.key for a in original.actors})
    for name in ("legal_bases", "qualifications", "related", "equipment", "warnings", "records", "purpose"):
        assert getattr(copied, name) == getattr(original, name), name
    assert (copied.signer_name, copied.date_effective) == ("", None)


@pytest.mark.django_db
def test_a_version_the_person_may_not_read_is_not_copied_and_nothing_is_made(agency, make_version, author):
    grant(author, agency.other, Role.DRAFTER)
    other = make_version("in_force", unit=agency.other)  # Dinas Lain: not Dinas Uji's, not shared
    drafter = UserFactory(username="penyusun_dinas")
    grant(drafter, agency.unit, Role.DRAFTER)
    before = SOP.objects.count()
    with pytest.raises(PermissionDenied):
        services.sop_create(unit=agency.unit, title="Salinan", actor=drafter, source=other)
    assert SOP.objects.count() == before


@pytest.mark.django_db
def test_copy_from_the_page_through_the_create_form(client, agency, source, sub_drafter):
    client.force_login(sub_drafter)
    page = client.get(source.get_absolute_url()).content.decode()
    assert f'href="{reverse("sop:create")}?dari={source.pk}"' in page
    form = client.get(reverse("sop:create"), {"dari": source.pk}).content.decode()
    assert "Salinan dari" in form and source.sop.number in form
    assert f'value="{source.sop.title}"' in form  # the title proposed, to be changed
    response = client.post(
        reverse("sop:create"),
        {
            "unit": agency.sub.pk,
            "title": "Pelayanan Bidang Uji",
            "number": "",
            "review_period_months": 12,
            "source": source.pk,
        },
    )
    sop = SOP.objects.get(title="Pelayanan Bidang Uji")
    draft = sop.versions.get()
    assert response.status_code == 302 and draft.steps.count() == 4
    page = client.get(draft.get_absolute_url()).content.decode()
    assert f"Disalin dari {source.sop.number} revisi 0" in page
    assert f'href="{source.get_absolute_url()}"' in page


@pytest.mark.django_db
def test_the_create_form_of_a_version_not_readable_is_404_and_a_reader_sees_no_copy_button(
    client, agency, make_version, source, reviewer, author
):
    grant(author, agency.other, Role.DRAFTER)
    other = make_version("in_force", unit=agency.other)
    drafter = UserFactory(username="penyusun_dinas")
    grant(drafter, agency.unit, Role.DRAFTER)
    client.force_login(drafter)
    assert client.get(reverse("sop:create"), {"dari": other.pk}).status_code == 404
    data = {"unit": agency.unit.pk, "title": "X", "number": "", "review_period_months": 12, "source": other.pk}
    assert client.post(reverse("sop:create"), data).status_code == 404
    assert not SOP.objects.filter(title="X").exists()
    client.force_login(reviewer)
    assert "Salin menjadi SOP baru" not in client.get(source.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_template_of_the_agencys_library_serves_every_drafter_even_of_another_unit(client, agency, source, author):
    from sop.models import SOPTemplate

    template = SOPTemplate.objects.create(name="Layanan loket", version=source)
    drafter = UserFactory(username="penyusun_lain")
    grant(drafter, agency.other, Role.DRAFTER)  # Dinas Lain may not read Dinas Uji's SOP itself
    client.force_login(drafter)
    form = client.get(reverse("sop:create")).content.decode()
    assert '<option value="' + str(template.pk) + '">Layanan loket</option>' in form
    data = {"unit": agency.other.pk, "title": "Layanan Dinas Lain", "number": "", "review_period_months": 12}
    response = client.post(reverse("sop:create"), {**data, "template": template.pk})
    assert response.status_code == 302
    draft = SOP.objects.get(title="Layanan Dinas Lain").versions.get()
    assert draft.steps.count() == 4 and draft.copied_from == source
    assert "Disalin dari SOP lain." in client.get(draft.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_template_is_made_of_an_established_version_only(make_version):
    from django.core.exceptions import ValidationError

    from sop.models import SOPTemplate

    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        SOPTemplate(name="Draf", version=make_version("draft")).full_clean()
