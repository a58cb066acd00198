"""The Survei Kepuasan Masyarakat for visitors: no login, nothing of the person kept beyond the form.

Abuse is kept out without a third-party captcha and without hurting honest people: a hidden trap
field that only robots fill (their answer is thanked for and dropped), one answer per SOP per device
a day (a signed cookie), and at most ``ESOP_SURVEY_RATE_ADDRESS`` answers per address (counted in the
cache; several people behind one office address still fit).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from esop.security import address_limited
from sop import selectors as sop_selectors

from . import services, survey
from .forms import ComplaintForm, SurveyForm
from .models import Feedback

VISITOR = AnonymousUser()
COOKIE = "esop_skm"
DEVICE_SECONDS = 24 * 3600


def _answered(request) -> dict[str, float]:
    """The SOPs this device answered in the last day: {sop id: when}."""
    try:
        seen = signing.loads(request.COOKIES.get(COOKIE, ""), salt=COOKIE, max_age=DEVICE_SECONDS)
    except signing.BadSignature:
        return {}
    now = time.time()
    return {k: v for k, v in seen.items() if isinstance(v, int | float) and now - v < DEVICE_SECONDS}


def survey_form(request, pk: int):
    """The questionnaire about one public-service SOP in force (GET), and its answer (POST)."""
    sop = sop_selectors.access_sop(VISITOR, pk)
    public_url = reverse("sop:public_detail", args=[sop.pk])
    form = SurveyForm(request.POST or None)
    status = 200
    refusal = ""
    if request.method == "POST":
        answered = _answered(request)
        if form.is_trap_filled:  # a robot: thanked, nothing kept
            messages.success(request, _("Terima kasih, jawaban survei Anda sudah kami terima."))
            return redirect(public_url + "#survei")
        if str(sop.pk) in answered:
            refusal, status = _("Perangkat ini sudah mengisi survei untuk layanan ini hari ini. Terima kasih."), 429
        elif address_limited(request, "survey", settings.ESOP_SURVEY_RATE_ADDRESS):
            refusal, status = _("Terlalu banyak jawaban survei dari alamat ini. Coba lagi nanti."), 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.survey_submit(
                    sop=sop,
                    answers={code: data[code] for code in survey.CODES},
                    profile={k: data[k] for k in ("age", "sex", "education", "occupation")},
                    suggestion=data["suggestion"],
                )
            except ValidationError as error:
                refusal, status = " ".join(error.messages), 422
            else:
                messages.success(request, _("Terima kasih, jawaban survei Anda sudah kami terima."))
                response = redirect(public_url + "#survei")
                answered[str(sop.pk)] = time.time()
                response.set_cookie(
                    COOKIE,
                    signing.dumps(answered, salt=COOKIE),
                    max_age=DEVICE_SECONDS,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
                return response
        else:
            status = 422
    return render(
        request,
        "monitoring/survey_form.html",
        {"sop": sop, "form": form, "refusal": refusal, "public_url": public_url},
        status=status,
    )


def complaint_form(request, pk: int):
    """A complaint about a public-service SOP in force (GET the form, POST it); the answer page gives
    the tracking code."""
    sop = sop_selectors.access_sop(VISITOR, pk)
    public_url = reverse("sop:public_detail", args=[sop.pk])
    form = ComplaintForm(request.POST or None)
    status, refusal = 200, ""
    if request.method == "POST":
        if form.is_trap_filled:  # a robot: answered like a person, nothing kept
            return render(request, "monitoring/complaint_sent.html", {"sop": sop, "code": None}, status=200)
        if address_limited(request, "complaint", settings.ESOP_COMPLAINT_RATE_ADDRESS):
            refusal, status = _("Terlalu banyak pengaduan dari alamat ini. Coba lagi nanti."), 429
        elif form.is_valid():
            try:
                complaint = services.complaint_submit(sop=sop, text=form.cleaned_data["text"])
            except ValidationError as error:
                refusal, status = " ".join(error.messages), 422
            else:
                return redirect(reverse("monitoring:complaint_track") + f"?kode={complaint.tracking_code}&baru=1")
        else:
            status = 422
    return render(
        request,
        "monitoring/complaint_form.html",
        {"sop": sop, "form": form, "refusal": refusal, "public_url": public_url},
        status=status,
    )


@require_GET
def complaint_track(request):
    """Where a complaint stands, by its tracking code (no login); lookups are limited per address so
    that codes cannot be guessed."""
    code = request.GET.get("kode", "").strip().upper()[:20]
    complaint, refusal, status = None, "", 200
    if code:
        if address_limited(request, "complaint_track", settings.ESOP_TRACK_RATE_ADDRESS):
            refusal, status = _("Terlalu banyak pencarian dari alamat ini. Coba lagi nanti."), 429
        else:
            complaint = (
                Feedback.objects.select_related("sop", "revision").filter(tracking_code=code, kind="pengaduan").first()
            )
            if complaint is None:
                refusal, status = _("Kode pelacakan tidak ditemukan. Periksa kembali penulisannya."), 404
    return render(
        request,
        "monitoring/complaint_track.html",
        {"code": code, "complaint": complaint, "refusal": refusal, "new": request.GET.get("baru") == "1"},
        status=status,
    )
