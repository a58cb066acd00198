"""Anyone could lock anyone out (finding 6 of the outside probe): wrong passwords now lock one
account from one address first and the account everywhere only after ten; the owner is e-mailed a
one-time link that lifts the lock; «lupa kata sandi» is limited per address and per account."""

import re
import uuid

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "sandi-uji-123"
OFFICE = "198.51.100.10"


def login(client, username, password, address=OFFICE):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def head(db):
    return UserFactory(username="kepala_dinas", email="kepala@example.go.id")


@pytest.mark.django_db
def test_an_outsider_locks_the_account_only_from_the_outsiders_address(client, head):
    for _ in range(5):
        login(client, head.username, "tebakan", address="203.0.113.66")
    assert login(client, head.username, PASSWORD, address="203.0.113.66").status_code == 429
    response = login(client, head.username, PASSWORD)  # the office
    assert response.status_code == 302 and response["Location"] == reverse("sop:list")


@pytest.mark.django_db
def test_ten_wrong_passwords_from_several_addresses_lock_the_account_everywhere(client, head):
    for address in ("203.0.113.1", "203.0.113.2"):
        for _ in range(5):
            login(client, head.username, "tebakan", address=address)
    response = login(client, head.username, PASSWORD)
    assert response.status_code == 429 and "Akun dikunci sementara" in response.content.decode()


@pytest.mark.django_db
def test_nine_wrong_passwords_spread_over_addresses_do_not_lock_the_account(client, head):
    for address, times in (("203.0.113.1", 4), ("203.0.113.2", 4), ("203.0.113.3", 1)):
        for _ in range(times):
            assert login(client, head.username, "tebakan", address=address).status_code == 200
    assert login(client, head.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_guesses_during_a_lock_do_not_count_towards_the_account(client, head):
    for _ in range(25):  # five counted, twenty while locked
        login(client, head.username, "tebakan", address="203.0.113.66")
    assert login(client, head.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_lock_mails_the_owner_a_link_that_lifts_it_once(client, head, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(7):  # the fifth locks; the sixth and seventh, refused, send nothing more
            login(client, head.username, "salah")
    assert [m.to for m in mail.outbox] == [[head.email]]
    body = mail.outbox[0].body
    assert "dikunci sementara" in body and OFFICE in body
    link = re.search(r"https?://\S+/masuk/buka/\S+/", body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200 and "Buka kunci" in page.content.decode()
    assert login(client, head.username, PASSWORD).status_code == 429  # looking at the page lifts nothing
    assert client.post("/" + path).status_code == 302
    assert login(client, head.username, PASSWORD).status_code == 302
    client.logout()
    assert client.post("/" + path).status_code == 400  # used
    assert client.get("/masuk/buka/bukan-token/").status_code == 400


@pytest.mark.django_db
def test_an_unlock_link_lifts_only_the_lock_it_was_sent_for(client, head, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            login(client, head.username, "salah")
    old = re.search(r"/masuk/buka/\S+/", mail.outbox[-1].body).group(0)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            login(client, head.username, "salah", address="203.0.113.7")  # a newer lock
    assert client.post(old).status_code == 400


def _address() -> str:
    """An address no other run has counted (the limits' counts live in Redis for an hour):
    django-ratelimit counts IPv6 addresses by their /64 network."""
    n = uuid.uuid4().int
    return f"2001:db8:{n >> 112 & 0xFFFF:x}:{n >> 96 & 0xFFFF:x}::1"


def _reset(client, email, address):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


@pytest.mark.django_db
@override_settings(RATELIMIT_ENABLE=True)
def test_password_reset_is_limited_per_account(client, django_capture_on_commit_callbacks):
    user = UserFactory(username=f"u{uuid.uuid4().hex[:8]}")
    user.email = f"{user.username}@example.go.id"
    user.save()
    mail.outbox.clear()
    for _ in range(3):
        assert _reset(client, user.email.upper(), _address()).status_code == 302
    response = _reset(client, user.email, _address())
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.content.decode()
    assert len(mail.outbox) == 3


@pytest.mark.django_db
@override_settings(RATELIMIT_ENABLE=True)
def test_password_reset_is_limited_per_address_whatever_the_accounts(client):
    address = _address()
    for _ in range(5):
        assert _reset(client, f"{uuid.uuid4().hex}@example.go.id", address).status_code == 302
    assert _reset(client, f"{uuid.uuid4().hex}@example.go.id", address).status_code == 429
    assert _reset(client, f"{uuid.uuid4().hex}@example.go.id", _address()).status_code == 302


@pytest.mark.django_db
def test_password_reset_page_says_the_limits(client):
    page = client.get(reverse("password_reset")).content.decode()
    assert "paling banyak 3 kali per jam untuk satu surel dan 5 kali per jam dari satu alamat" in page
