"""Two-factor sign-in: enrolment with an authenticator app (codes computed here from the secret, as
the app computes them), the code asked after the password, recovery codes, the enrolment required of
heads and administrators before they establish, revoke or administer, the code asked again at
penetapan, and the administrator's reset of a lost device."""

import base64
import datetime
import re
import time

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from org.models import AuditEntry

PASSWORD = "sandi-uji-123"


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app shows now (or ``steps_ahead`` periods of 30 s later, which the portal also
    takes: a code is accepted once, so a second use in the same period needs the next one)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrol(client, user) -> tuple[TOTPDevice, list[str]]:
    """Enrol through the security page as the person does; returns the device and recovery codes."""
    page = client.post(reverse("org:security"), {"action": "start"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html  # the QR code
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert base64.b32decode(secret) == device.bin_key
    page = client.post(reverse("org:security"), {"action": "confirm", "code": code(device)})
    assert page.status_code == 200, page.content.decode()
    codes = re.findall(r'<li class="col">([a-z0-9]+)</li>', page.content.decode())
    device.refresh_from_db()
    return device, codes


@pytest.mark.django_db
def test_enrolment_confirms_the_app_and_shows_ten_recovery_codes_once(client, drafter):
    client.force_login(drafter)
    device, codes = enrol(client, drafter)
    assert device.confirmed and len(codes) == 10 and len(set(codes)) == 10
    assert sorted(StaticToken.objects.filter(device__user=drafter).values_list("token", flat=True)) == sorted(codes)
    assert AuditEntry.objects.filter(action="otp.enrol", target__startswith=drafter.username).exists()
    again = client.get(reverse("org:security")).content.decode()
    assert "Aktif" in again and codes[0] not in again


@pytest.mark.django_db
def test_a_wrong_code_does_not_enrol(client, drafter):
    client.force_login(drafter)
    client.post(reverse("org:security"), {"action": "start"})
    page = client.post(reverse("org:security"), {"action": "confirm", "code": "000000"})
    assert page.status_code == 400 and "Kode salah" in page.content.decode()
    assert not TOTPDevice.objects.filter(user=drafter, confirmed=True).exists()


@pytest.fixture
def enrolled(client, drafter):
    client.force_login(drafter)
    device, codes = enrol(client, drafter)
    client.logout()
    return device, codes


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


@pytest.mark.django_db
def test_an_enrolled_user_signs_in_with_password_then_code(client, drafter, enrolled):
    device, _codes = enrolled
    assert sign_in(client, drafter).status_code == 302
    response = client.get(reverse("workflow:inbox"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login_code"))
    page = client.post(reverse("login_code") + "?next=/tugas/", {"code": "123456"})
    assert page.status_code == 400 and "Kode salah" in page.content.decode()
    assert client.get(reverse("workflow:inbox")).status_code == 302  # still owing the code
    response = client.post(reverse("login_code") + "?next=/tugas/", {"code": code(device, 1)})
    assert response.status_code == 429 and "tunggu 1 detik" in response.content.decode()  # right after a wrong one
    with time_machine.travel(datetime.timedelta(seconds=2)):
        response = client.post(reverse("login_code") + "?next=/tugas/", {"code": code(device, 1)})
    assert response.status_code == 302 and response["Location"] == "/tugas/"
    assert client.get(reverse("workflow:inbox")).status_code == 200


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once(client, drafter, enrolled):
    _device, codes = enrolled
    sign_in(client, drafter)
    assert client.post(reverse("login_code"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("workflow:inbox")).status_code == 200
    client.logout()
    sign_in(client, drafter)
    assert client.post(reverse("login_code"), {"code": codes[0]}).status_code == 400


@pytest.mark.django_db
def test_guessing_codes_locks_the_account(client, drafter, enrolled):
    sign_in(client, drafter)
    for n in range(4):  # each after the app's wait (1, 2, 4 ... seconds) has passed
        with time_machine.travel(datetime.timedelta(seconds=20 * n)):
            assert client.post(reverse("login_code"), {"code": "111111"}).status_code == 400
    with time_machine.travel(datetime.timedelta(seconds=100)):
        response = client.post(reverse("login_code"), {"code": "111111"})
    assert response.status_code == 429 and "Akun dikunci sementara" in response.content.decode()


@pytest.mark.django_db
@override_settings(ESOP_REQUIRE_2FA=True)
@pytest.mark.parametrize("who", ["head", "superuser"])
def test_heads_and_administrators_must_enrol_before_establishing_or_administering(client, request, who, make_version):
    user = request.getfixturevalue(who)
    version = make_version("awaiting")
    client.force_login(user)
    guarded = [reverse("org:home"), reverse("admin:index")]
    if who == "head":
        guarded.append(reverse("workflow:establish", args=[version.sop_id, version.pk]))
    for url in guarded:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("org:security")), url
    revoke = reverse("workflow:transition", args=[version.sop_id, version.pk, "revoke"])
    response = client.post(revoke, {"comment": "dicabut"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("org:security"))
    assert client.get(reverse("sop:list")).status_code == 200  # reading stays open
    _device, _codes = enrol(client, user)  # verified by the enrolment itself
    assert client.get(reverse("org:home")).status_code == 200


@pytest.mark.django_db
@override_settings(ESOP_REQUIRE_2FA=True)
def test_drafters_are_not_asked_to_enrol(client, drafter):
    client.force_login(drafter)
    assert client.get(reverse("sop:list")).status_code == 200
    assert client.get(reverse("workflow:inbox")).status_code == 200


@pytest.mark.django_db
@override_settings(ESOP_REQUIRE_2FA=True)
def test_penetapan_asks_for_the_code_of_this_moment(client, head, make_version):
    version = make_version("awaiting")
    client.force_login(head)
    device, codes = enrol(client, head)
    url = reverse("workflow:establish", args=[version.sop_id, version.pk])
    data = {"effective_date": timezone.localdate().isoformat(), "password": PASSWORD}
    page = client.get(url).content.decode()
    assert 'name="code"' in page
    for n, wrong in enumerate(["", "000000", codes[0]]):  # a recovery code signs in, it does not establish
        with time_machine.travel(datetime.timedelta(seconds=10 * n)):
            response = client.post(url, {**data, "code": wrong})
        assert response.status_code == 200 and 'name="code"' in response.content.decode()
        version.refresh_from_db()
        assert version.status == "awaiting"
    with time_machine.travel(datetime.timedelta(seconds=30)):
        response = client.post(url, {**data, "code": code(device, 1)})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status in ("established", "in_force")


@pytest.mark.django_db
def test_the_administrator_resets_a_lost_device_logged_and_mailed(
    client, drafter, enrolled, superuser, django_capture_on_commit_callbacks
):
    url = reverse("org:user_second_factor_reset", args=[drafter.pk])
    client.force_login(superuser)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=drafter).exists()
    assert not StaticToken.objects.filter(device__user=drafter).exists()
    entry = AuditEntry.objects.get(action="otp.reset")
    assert entry.actor == superuser and entry.details == {"devices": 2}
    assert mail.outbox[0].to == [drafter.email]
    sign_in(client, drafter)
    assert client.get(reverse("workflow:inbox")).status_code == 200  # no code owed any more


@pytest.mark.django_db
def test_only_the_administrator_resets_a_device(client, drafter, enrolled, head):
    client.force_login(head)
    assert client.post(reverse("org:user_second_factor_reset", args=[drafter.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=drafter).exists()


@pytest.mark.django_db
def test_the_code_page_takes_no_foreign_next_address(client, drafter, enrolled):
    device, _codes = enrolled
    sign_in(client, drafter)
    response = client.post(reverse("login_code") + "?next=https://evil.example/", {"code": code(device, 1)})
    assert response.status_code == 302 and response["Location"] == reverse("sop:list")


def test_codes_of_the_test_match_the_rfc_6238_vector():
    """The test's own code helper against RFC 6238's SHA-1 vector (59 s -> 94287082, 8 digits)."""
    totp = TOTP(b"12345678901234567890", step=30, t0=0, digits=8)
    totp.time = 59
    assert totp.token() == 94287082
    assert datetime.datetime.fromtimestamp(59, datetime.UTC).year == 1970
