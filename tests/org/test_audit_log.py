"""The administrators' one log: every move of an SOP version beside the changes of units, users, roles
and settings, filtered by action, SOP, unit, person and date, and exported as CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from org import services as org_services
from workflow import services


@pytest.fixture
def lifecycle(make_version, author, reviewer, head):
    """A draft submitted, returned, submitted again, passed and established."""
    version = make_version("draft")
    services.version_submit(version=version, actor=author, ip_address="10.0.0.7")
    services.version_return(version=version, actor=reviewer, comment="Perbaiki langkah 2")
    services.version_submit(version=version, actor=author)
    services.version_pass(version=version, actor=reviewer)
    services.version_establish(version=version, actor=head, effective_date=datetime.date.today(), reauthenticated=True)
    version.refresh_from_db()
    return version


def _rows(client, **params) -> str:
    return client.get(reverse("org:audit_log"), params).content.decode()


@pytest.mark.django_db
def test_every_move_of_a_version_is_in_the_log_beside_the_administrators_changes(
    client, superuser, lifecycle, author, reviewer
):
    org_services.audit(actor=superuser, action="settings.update", target="Pengaturan instansi")
    client.force_login(superuser)
    page = _rows(client)
    for action in ("version.submit", "version.return", "version.pass", "version.establish", "settings.update"):
        assert f"<code>{action}</code>" in page, action
    assert f"{lifecycle.sop.number} rev. 0" in page and "Perbaiki langkah 2" in page and "IP 10.0.0.7" in page

    only_moves = _rows(client, tindakan="version")
    assert "version.submit" in only_moves and "settings.update" not in only_moves
    by_person = _rows(client, oleh=reviewer.username)
    assert "version.return" in by_person and "version.pass" in by_person and "version.submit" not in by_person
    assert "version.submit" in _rows(client, sop=lifecycle.sop.number)
    assert "version.submit" not in _rows(client, sop="SOP-TIDAK-ADA")
    assert "version.submit" in _rows(client, unit=lifecycle.sop.unit.name)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    assert "version.submit" not in _rows(client, dari=tomorrow.isoformat())
    assert "version.submit" in _rows(client, sampai=tomorrow.isoformat())


@pytest.mark.django_db
def test_a_filter_that_cannot_be_read_says_so_and_shows_nothing(client, superuser, lifecycle):
    client.force_login(superuser)
    page = _rows(client, dari="kemarin")
    assert "Saringan belum dapat dibaca" in page and 'aria-invalid="true"' in page
    assert "version.submit" not in page


@pytest.mark.django_db
def test_the_log_exports_as_csv_with_the_same_filters(client, superuser, lifecycle, author):
    org_services.audit(actor=superuser, action="unit.update", target='=HYPERLINK("http://x")')
    client.force_login(superuser)
    response = client.get(reverse("org:audit_log"), {"tindakan": "version", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Waktu", "Oleh", "Tindakan", "Sasaran", "Rincian", "Alamat IP"]
    actions = [r[2] for r in rows[1:]]
    assert sorted(actions) == sorted(
        ["version.submit", "version.return", "version.submit", "version.pass", "version.establish"]
        + (["version.enter_into_force"] if lifecycle.status == "in_force" else [])
    )
    assert any(r[1] == author.get_full_name() and r[5] == "10.0.0.7" for r in rows[1:])
    everything = client.get(reverse("org:audit_log"), {"format": "csv"}).content.decode()
    assert "'=HYPERLINK" in everything  # a formula is written as text, never run


@pytest.mark.django_db
def test_only_the_portal_administrator_reads_the_log(client, drafter, head, reviewer):
    for user in (drafter, reviewer, head):
        client.force_login(user)
        assert client.get(reverse("org:audit_log"), {"format": "csv"}).status_code == 403
