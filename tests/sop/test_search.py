"""Search on both databases: the same exact-word results; PostgreSQL adds stemming, typos and ranking."""

import pytest
from django.urls import reverse

from sop import selectors, services
from tests.factories import SOPVersionFactory, UserFactory, steps_in_order


@pytest.fixture
def library(agency, superuser):
    def make(title, unit=None, steps=(), legal=(), related=(), **sop):
        version = SOPVersionFactory(
            sop__unit=unit or agency.unit, sop__title=title, **{f"sop__{k}": v for k, v in sop.items()}
        )
        services.version_replace_procedure(
            version=version,
            actor=superuser,
            actors=["Petugas"],
            steps=steps_in_order(
                ("start", "Mulai", 0), *(("activity", t, 0, {"output": o}) for t, o in steps), ("end", "Selesai", 0)
            ),
        )
        services.version_replace_identity(
            version=version, actor=superuser, legal_bases=list(legal), related=[{"text": r} for r in related]
        )
        return version.sop

    return {
        "surat": make("Pengelolaan Surat Masuk", steps=[("Menerima surat dari kurir", "Buku agenda")]),
        "ktp": make(
            "Penerbitan KTP Elektronik",
            steps=[("Merekam data biometrik", "Data terekam")],
            legal=[{"kind": "Undang-Undang", "number": "24", "year": 2013, "subject": "Administrasi Kependudukan"}],
        ),
        "arsip": make("Penyusutan Arsip", related=["SOP Pengelolaan Surat Masuk"]),
        "rahasia": make("Pengamanan Data Rahasia", unit=agency.other, steps=[("Menerima surat rahasia", "Arsip")]),
    }


def found(user, q):
    return [s.title for s in selectors.sop_list(user, q=q)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("surat", {"Pengelolaan Surat Masuk", "Penyusutan Arsip"}),  # title, and keterkaitan of another SOP
        ("biometrik", {"Penerbitan KTP Elektronik"}),  # a step's kegiatan
        ("agenda", {"Pengelolaan Surat Masuk"}),  # a step's output
        ("Kependudukan", {"Penerbitan KTP Elektronik"}),  # dasar hukum
        ("surat kurir", {"Pengelolaan Surat Masuk"}),  # every word must match
        ("kapal", set()),
    ],
)
def test_search_exact_words_same_on_both_databases(drafter, library, query, titles):
    assert set(found(drafter, query)) == titles


@pytest.mark.django_db
def test_search_by_number(drafter, library):
    number = library["ktp"].number
    assert found(drafter, number) == ["Penerbitan KTP Elektronik"]


@pytest.mark.django_db
def test_search_never_finds_what_the_user_may_not_see(library):
    assert found(UserFactory(), "rahasia") == []
    assert found(UserFactory(), "surat") == []


@pytest.mark.django_db
@pytest.mark.postgresql
def test_search_typo_found_on_postgresql(drafter, library):
    assert "Penerbitan KTP Elektronik" in found(drafter, "biomterik")
    assert "Pengelolaan Surat Masuk" in found(drafter, "pengelolan")


@pytest.mark.django_db
@pytest.mark.postgresql
def test_search_indonesian_stems_on_postgresql(drafter, library):
    assert "Pengelolaan Surat Masuk" in found(drafter, "terima")  # menerima -> terima


@pytest.mark.django_db
@pytest.mark.postgresql
def test_search_ranks_title_before_related_text_on_postgresql(drafter, library):
    assert found(drafter, "surat masuk")[0] == "Pengelolaan Surat Masuk"


@pytest.mark.django_db
def test_search_page_highlights_and_keeps_filters_in_url(client, drafter, library):
    client.force_login(drafter)
    response = client.get(reverse("sop:list"), {"q": "biometrik", "status": "draft"})
    body = response.content.decode()
    assert "<mark>biometrik</mark>" in body
    assert 'value="biometrik"' in body and '<option value="draft" selected>' in body


@pytest.mark.django_db
def test_search_page_escapes_query_and_text(client, drafter, agency):
    SOPVersionFactory(sop__unit=agency.unit, sop__title="<b>Tebal</b> prosedur")
    client.force_login(drafter)
    body = client.get(reverse("sop:list"), {"q": "<b>Tebal"}).content.decode()
    assert "<b>Tebal</b>" not in body and "&lt;b&gt;" in body


@pytest.mark.django_db
def test_search_page_query_count_constant(client, drafter, agency, library):
    from tests.queries import queries_of

    client.force_login(drafter)

    def queries():
        return queries_of(client, reverse("sop:list"), {"q": "prosedur", "status": "draft", "public": "0"})

    for _ in range(3):
        SOPVersionFactory(sop__unit=agency.unit, sop__title="Prosedur uji")
    few = queries()
    for _ in range(20):
        SOPVersionFactory(sop__unit=agency.unit, sop__title="Prosedur uji")
    assert queries() == few


@pytest.mark.django_db
def test_filters_unit_status_public_year(client, drafter, agency):
    import datetime

    SOPVersionFactory(
        sop__unit=agency.unit,
        sop__title="Publik berlaku",
        sop__is_public_service=True,
        in_force=True,
        date_effective=datetime.date(2025, 3, 1),
    )
    SOPVersionFactory(sop__unit=agency.sub, sop__title="Draf internal")
    assert [s.title for s in selectors.sop_list(drafter, public="1")] == ["Publik berlaku"]
    assert [s.title for s in selectors.sop_list(drafter, status="draft")] == ["Draf internal"]
    assert [s.title for s in selectors.sop_list(drafter, year=2025)] == ["Publik berlaku"]
    assert [s.title for s in selectors.sop_list(drafter, unit=agency.sub)] == ["Draf internal"]
    client.force_login(drafter)
    assert client.get(reverse("sop:list"), {"year": "abc", "public": "1"}).status_code == 200
