"""Certificates for electronic signatures: a head's own (account page) and the agency's seal and
trusted roots (administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from esop import signatures

from . import services, signing
from .forms import CertificateForm, TrustedRootsForm, add_errors
from .models import AgencySettings, SigningCertificate


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _file_bytes(form) -> bytes:
    upload = form.cleaned_data["certificate"]
    return upload.read(signing.MAX_PKCS12_BYTES + 1)


def _upload(form, save) -> bool:
    """Run ``save(data, passphrase)`` on a valid form; False (errors on the form) when refused."""
    if not form.is_valid():
        return False
    try:
        save(_file_bytes(form), form.cleaned_data["passphrase"])
    except ValidationError as error:
        add_errors(form, error)
        return False
    return True


@login_required
def certificate(request):
    """The person's own signing certificate: upload (checked with its passphrase, which is not kept),
    see what is held, remove."""
    form = CertificateForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            signing.certificate_remove(actor=request.user, ip=_ip(request))
            messages.success(request, _("Sertifikat dihapus dari portal. Berkas yang sudah ditandatangani tetap sah."))
            return redirect("org:certificate")
        if _upload(
            form,
            lambda data, passphrase: signing.certificate_upload(
                actor=request.user, data=data, passphrase=passphrase, ip=_ip(request)
            ),
        ):
            messages.success(request, _("Sertifikat disimpan. Penetapan SOP berikutnya ditandatangani dengannya."))
            return redirect("org:certificate")
        status = 400
    held = SigningCertificate.objects.filter(user=request.user).first()
    return render(request, "org/certificate.html", {"form": form, "held": held}, status=status)


@login_required
def agency_signing(request):
    """Administrators: the agency's electronic seal and the roots that verification trusts."""
    if not services.is_portal_admin(request.user):
        raise PermissionDenied(_("Halaman ini hanya untuk administrator portal."))
    agency = AgencySettings.current()
    action = request.POST.get("action", "")
    seal_form = CertificateForm(request.POST if action == "seal" else None, request.FILES if action == "seal" else None)
    roots_form = TrustedRootsForm(
        request.POST if action == "roots" else None, initial={"trusted_roots": agency.trusted_roots}
    )
    status = 200
    if request.method == "POST":
        if action == "seal_remove":
            signing.seal_remove(actor=request.user, ip=_ip(request))
            messages.success(request, _("Segel elektronik instansi dihapus."))
            return redirect("org:agency_signing")
        if action == "seal" and _upload(
            seal_form,
            lambda data, passphrase: signing.seal_configure(
                actor=request.user, data=data, passphrase=passphrase, ip=_ip(request)
            ),
        ):
            messages.success(request, _("Segel elektronik instansi disimpan."))
            return redirect("org:agency_signing")
        if action == "roots" and roots_form.is_valid():
            try:
                signing.trusted_roots_set(
                    actor=request.user, pem=roots_form.cleaned_data["trusted_roots"], ip=_ip(request)
                )
            except ValidationError as error:
                add_errors(roots_form, error)
            else:
                messages.success(request, _("Sertifikat akar tepercaya disimpan."))
                return redirect("org:agency_signing")
        status = 400
    context = {
        "seal": SigningCertificate.objects.filter(kind=SigningCertificate.Kind.SEAL).first(),
        "seal_form": seal_form,
        "roots_form": roots_form,
        "roots": _roots(agency.trusted_roots),
        "remote": signing.remote_configured(),
    }
    return render(request, "org/agency_signing.html", context, status=status)


def _roots(pem: str) -> list[signatures.CertificateInfo]:
    try:
        return signatures.check_roots(pem) if pem.strip() else []
    except signatures.SigningError:
        return []
