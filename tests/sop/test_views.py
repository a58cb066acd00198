"""Every page answers 200 to the right user and 302/404 to the wrong one; the list keeps its queries flat."""

import pytest
from django.urls import reverse

from tests.factories import SOPFactory, SOPVersionFactory, UserFactory
from tests.queries import queries_of


@pytest.fixture
def draft(agency):
    return SOPVersionFactory(sop__unit=agency.unit, sop__title="Prosedur Rahasia Unit")


@pytest.fixture
def public_in_force(agency):
    return SOPVersionFactory(
        sop__unit=agency.other, sop__is_public_service=True, sop__title="Layanan Publik Berlaku", in_force=True
    )


PAGES = ["sop:list", "sop:detail", "sop:version"]


def url(name, version):
    if name == "sop:list":
        return reverse(name)
    if name == "sop:detail":
        return reverse(name, args=[version.sop_id])
    return reverse(name, args=[version.sop_id, version.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_pages_anonymous_get_404_with_a_login_link_and_the_list_goes_public(client, draft, name):
    response = client.get(url(name, draft))
    if name == "sop:list":  # the front door for visitors is the public list
        assert response.status_code == 302 and response["Location"] == reverse("sop:public_list")
        return
    # A draft's address answers like a missing page, with the way in for staff who followed a link.
    assert response.status_code == 404
    assert f"{reverse('login')}?next=" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["drafter", "reviewer", "head", "unit_admin", "superuser"])
@pytest.mark.parametrize("name", PAGES)
def test_pages_member_sees_own_draft(client, request, draft, who, name):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(name, draft))
    assert response.status_code == 200
    assert "Prosedur Rahasia Unit" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["sop:detail", "sop:version"])
def test_pages_outsider_gets_404_for_other_units_draft(client, outsider, draft, name):
    client.force_login(outsider)
    assert client.get(url(name, draft)).status_code == 404


@pytest.mark.django_db
def test_list_outsider_does_not_see_other_units_draft(client, outsider, draft, public_in_force):
    client.force_login(outsider)
    body = client.get(reverse("sop:list")).content.decode()
    assert "Prosedur Rahasia Unit" not in body
    assert "Layanan Publik Berlaku" in body


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["sop:detail", "sop:version"])
def test_pages_any_user_sees_public_sop_in_force(client, public_in_force, name):
    client.force_login(UserFactory())
    response = client.get(url(name, public_in_force))
    assert response.status_code == 200
    assert "Layanan Publik Berlaku" in response.content.decode()


@pytest.mark.django_db
def test_version_page_draft_of_public_sop_hidden_from_outsider(client, outsider, agency):
    sop = SOPFactory(unit=agency.unit, is_public_service=True)
    SOPVersionFactory(sop=sop, in_force=True, revision=0)
    draft = SOPVersionFactory(sop=sop, revision=1)
    client.force_login(outsider)
    assert client.get(url("sop:version", draft)).status_code == 404


@pytest.mark.django_db
def test_version_page_version_of_another_sop_404(client, drafter, agency):
    first = SOPVersionFactory(sop__unit=agency.unit)
    second = SOPVersionFactory(sop__unit=agency.unit)
    client.force_login(drafter)
    assert client.get(reverse("sop:version", args=[first.sop_id, second.pk])).status_code == 404


@pytest.mark.django_db
def test_detail_draft_lists_procedure_problems(client, drafter, draft):
    client.force_login(drafter)
    body = client.get(url("sop:detail", draft)).content.decode()
    assert "Prosedur belum memiliki langkah." in body


@pytest.mark.django_db
def test_detail_escapes_typed_html(client, drafter, agency):
    version = SOPVersionFactory(sop__unit=agency.unit, sop__title="<script>alert(1)</script>")
    client.force_login(drafter)
    body = client.get(url("sop:detail", version)).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.django_db
def test_list_filter_by_unit_includes_sub_units(client, drafter, agency):
    SOPVersionFactory(sop__unit=agency.sub, sop__title="Milik Bidang")
    SOPVersionFactory(sop__unit=agency.root, sop__title="Milik Induk")
    client.force_login(UserFactory(is_superuser=True))
    body = client.get(reverse("sop:list"), {"unit": agency.unit.pk}).content.decode()
    assert "Milik Bidang" in body and "Milik Induk" not in body


def _list_queries(client, user) -> int:
    client.force_login(user)
    return queries_of(client, reverse("sop:list"))


@pytest.mark.django_db
def test_list_query_count_constant_for_5_and_50_sops(client, drafter, agency):
    def add(n):
        for _ in range(n):
            SOPVersionFactory(sop__unit=agency.unit, in_force=True)

    add(5)
    five = _list_queries(client, drafter)
    add(45)
    fifty = _list_queries(client, drafter)
    assert five == fifty


@pytest.mark.django_db
def test_list_paginates(client, drafter, agency, settings):
    settings.ESOP_PAGE_SIZE = 3
    for _ in range(7):
        SOPVersionFactory(sop__unit=agency.unit)
    client.force_login(drafter)
    response = client.get(reverse("sop:list"), {"page": 3})
    assert len(response.context["page"].object_list) == 1
    assert "Halaman 3 dari 3" in response.content.decode()


@pytest.mark.django_db
def test_login_page_renders_and_logs_in(client, drafter):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "penyusun", "password": "sandi-uji-123"})
    assert response.status_code == 302 and response["Location"] == reverse("sop:list")


@pytest.mark.django_db
def test_login_wrong_password_message_in_indonesian(client, drafter):
    response = client.post(reverse("login"), {"username": "penyusun", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()


@pytest.mark.django_db
def test_interface_indonesian_even_for_english_browser(client, drafter):
    client.force_login(drafter)
    body = client.get(reverse("sop:list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in body and "Daftar SOP" in body


@pytest.mark.django_db
def test_language_switcher_to_english(client, drafter):
    client.force_login(drafter)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("sop:list")).content.decode()
    assert 'lang="en"' in body and "SOP list" in body


@pytest.mark.django_db
def test_flowchart_of_an_established_version_is_drawn_once_and_a_drafts_every_time(
    client, drafter, make_version, monkeypatch
):
    from django.core.cache import cache

    from sop import pdf
    from sop.models import SOPVersion

    cache.clear()
    drawn = []
    original = pdf.flowchart_svgs
    monkeypatch.setattr(pdf, "flowchart_svgs", lambda *a, **k: drawn.append(1) or original(*a, **k))
    client.force_login(drafter)
    established = make_version("draft")
    SOPVersion.objects.filter(pk=established.pk).update(content_hash="ab" * 32)
    SOPVersion.objects.filter(pk=established.pk).update(status="in_force")
    draft = make_version("draft")
    for _ in range(3):
        page = client.get(reverse("sop:detail", args=[established.sop_id])).content.decode()
        assert "<svg" in page and "Loket" in page
    assert len(drawn) == 1
    for _ in range(2):
        assert "<svg" in client.get(reverse("sop:detail", args=[draft.sop_id])).content.decode()
    assert len(drawn) == 3
