"""Hardening: failed logins lock the account (django-axes), idle sessions end, every page carries a
Content-Security-Policy and no inline script, the deployment check is clean, passwords are checked."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from esop.security import POLICY

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "sandi-uji-123"


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_and_say_until_when(client, drafter):
    for _ in range(4):
        response = login(client, drafter.username, "salah")
        assert response.status_code == 200 and "Nama pengguna atau kata sandi salah" in response.content.decode()
    response = login(client, drafter.username, "salah")  # the fifth
    assert response.status_code == 429
    body = response.content.decode()
    assert "Akun dikunci sementara" in body and "coba lagi setelah 15 menit" in body.lower()
    # Locked: even the right password is refused, and nothing was signed in.
    assert login(client, drafter.username, PASSWORD).status_code == 429
    assert client.get(reverse("workflow:inbox")).status_code == 302
    # After the cool-off the right password signs in again.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        response = login(client, drafter.username, PASSWORD)
        assert response.status_code == 302 and response["Location"] == reverse("sop:list")


@pytest.mark.django_db
def test_a_lock_is_of_one_account_only(client, drafter, reviewer):
    for _ in range(5):
        login(client, drafter.username, "salah")
    assert login(client, reviewer.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_guessing_the_penetapan_password_locks_the_account_too(client, head, make_version):
    version = make_version("awaiting")
    client.force_login(head)
    url = reverse("workflow:establish", args=[version.sop_id, version.pk])
    data = {"effective_date": timezone.localdate().isoformat(), "password": "salah"}
    for _ in range(4):
        assert "Kata sandi salah." in client.post(url, data).content.decode()
    response = client.post(url, data)  # the fifth
    assert response.status_code == 429 and "Akun dikunci sementara" in response.content.decode()
    body = client.post(url, {**data, "password": PASSWORD}).content.decode()
    assert "akun dikunci sementara" in body
    version.refresh_from_db()
    assert version.status == "awaiting"
    client.logout()
    assert login(client, head.username, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_an_idle_session_ends_and_an_active_one_does_not(client, drafter, settings):
    settings.ESOP_IDLE_TIMEOUT = 30 * 60
    client.force_login(drafter)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.get(reverse("workflow:inbox")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=25), tick=False):
        assert client.get(reverse("workflow:inbox")).status_code == 200  # in use: goes on
    with time_machine.travel(start + datetime.timedelta(minutes=50), tick=False):
        assert client.get(reverse("workflow:inbox")).status_code == 200  # 25 minutes since the last
    with time_machine.travel(start + datetime.timedelta(minutes=81), tick=False):
        response = client.get(reverse("workflow:inbox"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert "next=" in response["Location"]
        page = client.get(response["Location"]).content.decode()
        assert "Sesi Anda berakhir karena lama tidak aktif" in page
        assert client.get(reverse("workflow:inbox")).status_code == 302  # signed out


@pytest.mark.django_db
def test_pages_carry_the_policy_and_no_inline_script(client, drafter, make_version):
    version = make_version("draft")
    client.force_login(drafter)
    for url in [
        reverse("sop:list"),
        version.sop.get_absolute_url(),
        reverse("sop:edit_steps", args=[version.sop_id, version.pk]),
        reverse("sop:edit_identity", args=[version.sop_id, version.pk]),
        reverse("workflow:inbox"),
        reverse("api:docs"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == POLICY
        body = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), url
        assert not re.search(r"\son[a-z]+\s*=", body), url
    assert "script-src 'self'" in POLICY and "unsafe-inline" not in POLICY.split("script-src")[1].split(";")[0]


def test_no_template_has_an_inline_script_or_handler():
    found = []
    for template in ROOT.glob("templates/**/*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            found.append(str(template.relative_to(ROOT)))
    assert not found


def test_deployment_check_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "p" * 40 + "-production-like-key-9Zq!",
        "ALLOWED_HOSTS": "esop.example.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("SECURE_SSL_REDIRECT", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' fixture, never in production
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_weak_passwords_are_refused(drafter):
    from django.contrib.auth.forms import SetPasswordForm

    for weak in ["12345678", "password", drafter.username, "abc"]:
        form = SetPasswordForm(drafter, {"new_password1": weak, "new_password2": weak})
        assert not form.is_valid(), weak
    strong = "Prosedur-Baku-2026!"
    assert SetPasswordForm(drafter, {"new_password1": strong, "new_password2": strong}).is_valid()


@pytest.mark.django_db
def test_admin_changes_are_recorded(client, superuser, agency):
    from django.contrib.admin.models import LogEntry

    client.force_login(superuser)
    url = reverse("admin:org_membership_add")
    assert client.get(url).status_code == 200
    before = LogEntry.objects.count()
    from org.models import Role
    from tests.factories import UserFactory

    person = UserFactory()
    response = client.post(url, {"user": person.pk, "unit": agency.unit.pk, "role": Role.DRAFTER})
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = LogEntry.objects.latest("action_time")
    assert LogEntry.objects.count() == before + 1 and entry.user == superuser and entry.is_addition()


@pytest.mark.django_db
def test_pages_carry_a_permissions_policy_and_no_style_element(client, drafter, make_version):
    from esop.security import PERMISSIONS_POLICY

    version = make_version("draft")
    client.force_login(drafter)
    for url in [reverse("sop:list"), version.sop.get_absolute_url(), reverse("api:docs"), reverse("login")]:
        response = client.get(url)
        assert response["Permissions-Policy"] == PERMISSIONS_POLICY
        assert "camera=()" in PERMISSIONS_POLICY and "geolocation=()" in PERMISSIONS_POLICY
        assert "<style" not in response.content.decode(), url
    assert (
        "style-src-elem 'self'" in POLICY and "'unsafe-inline'" not in POLICY.split("style-src-elem")[1].split(";")[0]
    )


def test_style_attributes_stand_only_where_a_value_varies():
    """Style attributes are allowed by the policy for progress bars' widths; anywhere else a class of
    the stylesheet does it (the PDF templates, rendered by WeasyPrint, are no pages)."""
    found = []
    for template in ROOT.glob("templates/**/*.html"):
        if template.name in ("pdf.html", "report_pdf.html"):
            continue
        for attribute in re.findall(r'style="([^"]*)"', template.read_text()):
            if not re.fullmatch(r"width: \{\{ \w+ \}\}%|width: \{% widthratio [^%]+ %\}%", attribute.strip()):
                found.append(f"{template.relative_to(ROOT)}: {attribute}")
    assert not found
