"""The dashboard: heads see their units, admins the agency; figures, trends, overdue table, CSV."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from monitoring.services import snapshots_take
from org.models import Role
from tests.conftest import at
from tests.factories import SOPVersionFactory, UserFactory, grant

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def overdue_sop(in_force):
    return in_force(datetime.date(2025, 10, 1)).sop  # review due 1 October 2026


@pytest.fixture
def other_head(agency):
    user = UserFactory(username="kepala-lain")
    grant(user, agency.other, Role.HEAD)
    return user


def get(client, user, url):
    client.force_login(user)
    with time_machine.travel(at(TODAY, 10), tick=False):
        return client.get(url)


@pytest.mark.django_db
def test_head_sees_figures_trend_and_overdue_reviews_of_the_unit(client, head, overdue_sop, agency):
    for offset in (2, 1):
        snapshots_take(today=TODAY - datetime.timedelta(days=offset))
    response = get(client, head, reverse("monitoring:dashboard"))
    assert response.status_code == 200
    text = response.content.decode()
    assert response.context["unit"] == agency.unit
    assert response.context["figures"].in_force == 1 and response.context["figures"].reviews_overdue == 1
    assert overdue_sop.number in text and "1 Oktober 2026" in text  # one date format everywhere
    assert (
        text.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 4 and "<path" in text
    )  # indicators, cases on time, SOPs, reviews
    assert [u.pk for u in response.context["units"]] == [agency.unit.pk, agency.sub.pk]


@pytest.mark.django_db
def test_head_cannot_open_the_dashboard_of_another_unit(client, other_head, overdue_sop, agency):
    response = get(client, other_head, reverse("monitoring:dashboard") + f"?unit={agency.unit.pk}")
    assert response.context["unit"] == agency.other
    assert overdue_sop.number not in response.content.decode()
    csv_response = get(client, other_head, reverse("monitoring:dashboard_csv") + f"?unit={agency.unit.pk}")
    assert agency.unit.code not in csv_response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.DRAFTER, Role.REVIEWER])
def test_staff_without_head_or_admin_role_are_refused(client, agency, role):
    user = UserFactory(username=f"staf-{role}")
    grant(user, agency.unit, role)
    assert get(client, user, reverse("monitoring:dashboard")).status_code == 403
    assert get(client, user, reverse("monitoring:dashboard_csv")).status_code == 403
    assert "Dasbor" not in get(client, user, reverse("sop:list")).content.decode()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("monitoring:dashboard"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.django_db
def test_superuser_sees_the_whole_agency_from_the_root(client, superuser, overdue_sop, agency):
    response = get(client, superuser, reverse("monitoring:dashboard"))
    assert response.context["unit"] == agency.root
    assert [c.pk for c, _f in response.context["children"]] == [agency.unit.pk, agency.other.pk]
    assert "Dasbor" in response.content.decode()


@pytest.mark.django_db
def test_csv_lists_the_unit_and_every_sub_unit_with_its_figures(client, head, overdue_sop, agency):
    response = get(client, head, reverse("monitoring:dashboard_csv") + f"?unit={agency.unit.pk}")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Kode unit", "Unit", "Jumlah SOP", "SOP berlaku"]
    assert [r[0] for r in rows[1:]] == ["DINAS", "BIDANG"]
    header = rows[0]
    dinas = dict(zip(header, rows[1], strict=True))
    assert (dinas["Jumlah SOP"], dinas["SOP berlaku"], dinas["Reviu terlambat"], dinas["Berlaku"]) == (
        "1",
        "1",
        "1",
        "1",
    )


@pytest.mark.django_db
def test_history_csv_has_one_row_per_snapshot_day(client, head, overdue_sop, agency):
    for offset in (3, 2, 1):
        snapshots_take(today=TODAY - datetime.timedelta(days=offset))
    response = get(client, head, reverse("monitoring:dashboard_csv") + f"?unit={agency.unit.pk}&riwayat=1")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["2026-11-20", "2026-11-21", "2026-11-22"]


@pytest.mark.django_db
def test_dashboard_runs_the_same_number_of_queries_whatever_the_number_of_sops(client, head, agency):
    from tests.queries import queries_of

    def count():
        client.force_login(head)
        return queries_of(client, reverse("monitoring:dashboard"))

    SOPVersionFactory(sop__unit=agency.unit, in_force=True, sop__review_due_on=datetime.date(2020, 1, 1))
    few = count()
    for _ in range(20):
        SOPVersionFactory(sop__unit=agency.sub, in_force=True, sop__review_due_on=datetime.date(2020, 1, 1))
    assert count() == few


@pytest.mark.django_db
def test_sop_list_filters_review_overdue_and_due(client, head, in_force, agency):
    overdue = in_force(datetime.date(2025, 10, 1)).sop  # due 1 October 2026
    due = in_force(datetime.date(2025, 12, 10)).sop  # due 10 December 2026
    later = in_force(datetime.date(2026, 6, 1)).sop  # due June 2027
    shown = {}
    for review in ("overdue", "due", ""):
        response = get(client, head, reverse("sop:list") + f"?review={review}")
        shown[review] = {s.pk for s in response.context["page"].object_list}
    assert shown == {"overdue": {overdue.pk}, "due": {due.pk}, "": {overdue.pk, due.pk, later.pk}}
    text = get(client, head, reverse("sop:list")).content.decode()
    assert "Reviu terlambat" in text and "Segera direviu" in text
