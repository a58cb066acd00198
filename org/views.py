"""Administration in the portal (/kelola/): the unit tree, users, roles, the bulk import, the agency
settings and the log of changes; and each user's own API token."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from esop.text import SpreadsheetCSVWriter

from . import onboarding, permissions, second_factor, services
from .decorators import member_required
from .forms import AgencySettingsForm, AuditFilterForm, ImportForm, MembershipForm, UnitForm, UserForm, add_errors
from .models import AgencySettings, AuditEntry, Membership, Role, Unit, User

IMPORT_SESSION_KEY = "user_import_rows"


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _admin_only(request) -> None:
    if not services.is_portal_admin(request.user):
        raise PermissionDenied(_("Halaman ini hanya untuk administrator portal."))


def _form_page(request, template: str, context: dict):
    """Render a page with a form: 400 when the form holds errors, so clients and tests can tell."""
    return render(request, template, context, status=400 if context["form"].errors else 200)


@login_required
def home(request):
    """What the signed-in person may administer."""
    managed = list(permissions.units_with_perm(request.user, permissions.MANAGE).order_by("path"))
    if not managed:
        raise PermissionDenied(_("Administrasi hanya untuk administrator portal, kepala unit dan admin unit."))
    return render(request, "org/home.html", {"managed": managed, "is_admin": services.is_portal_admin(request.user)})


# --- Units ----------------------------------------------------------------------------------------


@login_required
def unit_list(request):
    _admin_only(request)
    units = Unit.objects.annotate(members=Count("memberships", distinct=True), sop_count=Count("sops", distinct=True))
    return render(request, "org/units.html", {"units": units.order_by("path")})


def _unit_fields(data: dict) -> dict:
    return {k: data[k] for k in services.UNIT_FIELDS}


@login_required
def unit_create(request):
    _admin_only(request)
    units = list(Unit.objects.order_by("path"))
    form = UnitForm(request.POST or None, request.FILES or None, units=units, initial={"kind": Unit.Kind.WORK_UNIT})
    if request.method == "POST" and form.is_valid():
        parent = next((u for u in units if u.pk == form.cleaned_data["parent"]), None)
        try:
            unit = services.unit_create(
                actor=request.user, parent=parent, ip=_ip(request), **_unit_fields(form.cleaned_data)
            )
            if form.cleaned_data["logo"]:
                services.unit_update(actor=request.user, unit=unit, logo=form.cleaned_data["logo"], ip=_ip(request))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Unit %(name)s dibuat.") % {"name": unit.name})
            return redirect("org:unit_list")
    return _form_page(request, "org/unit_form.html", {"form": form})


@member_required
def unit_edit(request, pk: int):
    _admin_only(request)
    unit = get_object_or_404(Unit, pk=pk)
    units = list(Unit.objects.order_by("path"))
    parent = Unit.objects.get_parent(unit)
    initial = {name: getattr(unit, name) for name in services.UNIT_FIELDS} | {"parent": parent.pk if parent else None}
    form = UnitForm(request.POST or None, request.FILES or None, units=units, editing=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.unit_update(
                actor=request.user, unit=unit, logo=data["logo"] or None, ip=_ip(request), **_unit_fields(data)
            )
            new_parent = next((u for u in units if u.pk == data["parent"]), None)
            if new_parent and (parent is None or new_parent.pk != parent.pk):
                services.unit_move(actor=request.user, unit=unit, parent=new_parent, ip=_ip(request))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Unit %(name)s disimpan.") % {"name": data["name"]})
            return redirect("org:unit_list")
    return _form_page(request, "org/unit_form.html", {"form": form, "unit": unit})


@member_required
@require_POST
def unit_active(request, pk: int):
    _admin_only(request)
    unit = get_object_or_404(Unit, pk=pk)
    active = request.POST.get("active") == "1"
    services.unit_set_active(actor=request.user, unit=unit, active=active, ip=_ip(request))
    messages.success(
        request, (_("Unit %(name)s diaktifkan.") if active else _("Unit %(name)s dinonaktifkan.")) % {"name": unit.name}
    )
    return redirect("org:unit_list")


@member_required
@require_POST
def unit_delete(request, pk: int):
    _admin_only(request)
    unit = get_object_or_404(Unit, pk=pk)
    try:
        services.unit_delete(actor=request.user, unit=unit, ip=_ip(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Unit %(name)s dihapus.") % {"name": unit.name})
    return redirect("org:unit_list")


# --- Memberships ----------------------------------------------------------------------------------


@member_required
def unit_members(request, pk: int):
    """The people of a unit and its sub-units with their roles, for whoever manages the unit."""
    unit = get_object_or_404(Unit, pk=pk)
    if not permissions.can_manage_unit(request.user, unit):
        raise PermissionDenied(_("Anda tidak berwenang mengelola anggota unit ini."))
    below = list(Unit.objects.filter(path__startswith=unit.path).order_by("path"))
    grantable = permissions.role_grant_rule(request.user)
    roles = frozenset().union(*(grantable(u) for u in below))
    form = MembershipForm(request.POST or None, units=below, roles=roles, initial={"unit": unit.pk})
    status = 200
    if request.method == "POST" and form.is_valid():
        target = next(u for u in below if u.pk == form.cleaned_data["unit"])
        try:
            services.membership_grant(
                user=form.cleaned_data["person"],
                unit=target,
                role=form.cleaned_data["role"],
                actor=request.user,
                ip=_ip(request),
            )
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
            status = 403
        else:
            messages.success(
                request,
                _("%(name)s kini %(role)s di %(unit)s.")
                % {
                    "name": form.cleaned_data["person"].get_full_name(),
                    "role": Role(form.cleaned_data["role"]).label,
                    "unit": target.name,
                },
            )
            return redirect("org:unit_members", pk=unit.pk)
    memberships = [
        (membership, membership.role in grantable(membership.unit, membership.user))
        for membership in Membership.objects.filter(unit__in=below)
        .select_related("user", "unit")
        .order_by("unit__path", "user__full_name", "role")
    ]
    context = {"unit": unit, "form": form, "memberships": memberships}
    if status != 200:
        return render(request, "org/members.html", context, status=status)
    return _form_page(request, "org/members.html", context)


@member_required
@require_POST
def membership_remove(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("unit", "user"), pk=pk)
    if not permissions.can_manage_unit(request.user, membership.unit):
        raise PermissionDenied(_("Anda tidak berwenang mengelola anggota unit ini."))
    back = request.POST.get("unit") or membership.unit_id
    services.membership_revoke(membership=membership, actor=request.user, ip=_ip(request))  # may refuse: 403
    messages.success(
        request,
        _("Peran %(role)s %(name)s di %(unit)s dicabut.")
        % {
            "role": membership.get_role_display(),
            "name": membership.user.get_full_name(),
            "unit": membership.unit.name,
        },
    )
    return redirect("org:unit_members", pk=back)


# --- Users ----------------------------------------------------------------------------------------


@login_required
def user_list(request):
    _admin_only(request)
    q = request.GET.get("q", "").strip()[:100]
    users = User.objects.prefetch_related("memberships__unit").order_by("full_name", "username")
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(full_name__icontains=q) | Q(nip__icontains=q) | Q(email__icontains=q)
        )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "org/users.html", {"page": page, "q": q, "query": f"q={q}" if q else ""})


@login_required
def user_create(request):
    _admin_only(request)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(actor=request.user, ip=_ip(request), **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if user.email:
                messages.success(
                    request,
                    _("Akun %(u)s dibuat; tautan untuk membuat kata sandi dikirim ke %(e)s.")
                    % {"u": user.username, "e": user.email},
                )
            else:
                messages.warning(
                    request,
                    _("Akun %(u)s dibuat tanpa surel: atur ulang kata sandinya untuk mendapat kata sandi sementara.")
                    % {"u": user.username},
                )
            return redirect("org:user_edit", pk=user.pk)
    return _form_page(request, "org/user_form.html", {"form": form})


@member_required
def user_edit(request, pk: int):
    _admin_only(request)
    person = get_object_or_404(User, pk=pk)
    form = UserForm(
        request.POST or None,
        initial={"username": person.username, **{name: getattr(person, name) or "" for name in services.USER_FIELDS}},
    )
    form.fields["username"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.USER_FIELDS}
        try:
            services.user_update(actor=request.user, user=person, ip=_ip(request), **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Data %(name)s disimpan.") % {"name": data["full_name"]})
            return redirect("org:user_edit", pk=person.pk)
    memberships = person.memberships.select_related("unit").order_by("unit__path")
    context = {
        "form": form,
        "person": person,
        "memberships": memberships,
        "second_factor": second_factor.enrolled(person),
    }
    return _form_page(request, "org/user_form.html", context)


@member_required
@require_POST
def user_active(request, pk: int):
    _admin_only(request)
    person = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(actor=request.user, user=person, active=active, ip=_ip(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            (_("Akun %(u)s diaktifkan.") if active else _("Akun %(u)s dinonaktifkan.")) % {"u": person.username},
        )
    return redirect("org:user_edit", pk=person.pk)


@member_required
@require_POST
def user_password(request, pk: int):
    _admin_only(request)
    person = get_object_or_404(User, pk=pk)
    result = services.user_password_reset(actor=request.user, user=person, ip=_ip(request))
    if result.emailed_to:
        messages.success(
            request, _("Tautan untuk membuat kata sandi baru dikirim ke %(e)s.") % {"e": result.emailed_to}
        )
    else:
        messages.warning(
            request,
            _(
                "Kata sandi sementara %(u)s: %(p)s — sampaikan langsung kepada yang bersangkutan; ini hanya ditampilkan sekali."
            )
            % {"u": person.username, "p": result.temporary},
        )
    return redirect("org:user_edit", pk=person.pk)


# --- Bulk import ----------------------------------------------------------------------------------


@login_required
def user_import(request):
    """Upload, preview every row with its errors, then import all rows or none."""
    _admin_only(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    rows = None
    if request.method == "POST" and request.POST.get("confirm"):
        stored = request.session.get(IMPORT_SESSION_KEY)
        if not stored:
            messages.error(request, _("Pratinjau sudah kedaluwarsa; unggah berkasnya lagi."))
            return redirect("org:user_import")
        rows = onboarding.from_session(stored)
        try:
            result = onboarding.users_import(actor=request.user, rows=rows, ip=_ip(request))
        except ValidationError:
            messages.error(
                request, _("Ada baris yang salah; tidak ada yang disimpan. Perbaiki berkasnya lalu unggah lagi.")
            )
        else:
            del request.session[IMPORT_SESSION_KEY]
            messages.success(
                request,
                _("Impor selesai: %(u)s pengguna baru, %(m)s peran baru.")
                % {"u": result.users_created, "m": result.memberships_created},
            )
            return redirect("org:user_list")
    elif request.method == "POST" and form.is_valid():
        try:
            rows = onboarding.check(
                onboarding.parse(form.cleaned_data["file"].read(onboarding.MAX_BYTES + 1)), request.user
            )
        except onboarding.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            request.session[IMPORT_SESSION_KEY] = onboarding.to_session(rows)
    wrong = sum(1 for r in rows if r.errors) if rows else 0
    return _form_page(request, "org/import.html", {"form": form, "rows": rows, "wrong": wrong})


# --- Settings and log -----------------------------------------------------------------------------


@login_required
def agency_settings(request):
    _admin_only(request)
    current = AgencySettings.current()
    form = AgencySettingsForm(
        request.POST or None,
        initial={
            "paper_size": current.paper_size,
            "review_period_months": current.review_period_months,
            "workday_hours": current.workday_hours,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.agency_settings_update(actor=request.user, ip=_ip(request), **form.cleaned_data)
        messages.success(request, _("Pengaturan instansi disimpan."))
        return redirect("org:settings")
    roots = Unit.objects.get_root_nodes()
    return _form_page(request, "org/settings.html", {"form": form, "roots": roots})


@login_required
def audit_log(request):
    """Every administrative change and every move of an SOP version, filtered by action, SOP, unit,
    person and dates; ``?format=csv`` gives the same rows as a CSV file (opens in Excel)."""
    _admin_only(request)
    filters = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.select_related("actor")
    if filters.is_valid():
        f = filters.cleaned_data
        if f["tindakan"]:
            entries = entries.filter(action__startswith=f["tindakan"])
        if f["sop"]:
            entries = entries.filter(target__icontains=f["sop"])
        if f["unit"]:
            entries = entries.filter(Q(details__unit__icontains=f["unit"]) | Q(target__icontains=f["unit"]))
        if f["oleh"]:
            entries = entries.filter(Q(actor__full_name__icontains=f["oleh"]) | Q(actor__username__iexact=f["oleh"]))
        if f["dari"]:
            entries = entries.filter(at__date__gte=f["dari"])
        if f["sampai"]:
            entries = entries.filter(at__date__lte=f["sampai"])
    elif filters.is_bound:
        entries = entries.none()  # a filter that cannot be read shows its message, not every entry
    query = urlencode({k: v for k, v in request.GET.items() if k not in ("page", "format") and v})
    if request.GET.get("format") == "csv":
        return _audit_csv(entries)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "org/log.html", {"page": page, "filters": filters, "query": query})


def _audit_csv(entries) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="log-e-sop.csv"'
    response.write("\ufeff")  # so that Excel reads the file as UTF-8
    writer = SpreadsheetCSVWriter(response)
    writer.writerow([_("Waktu"), _("Oleh"), _("Tindakan"), _("Sasaran"), _("Rincian"), _("Alamat IP")])
    for e in entries.iterator(chunk_size=500):
        writer.writerow(
            [
                timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                e.actor.get_full_name() if e.actor else "",
                e.action,
                e.target,
                "; ".join(f"{k}: {v}" for k, v in e.details.items()),
                e.ip_address or "",
            ]
        )
    return response


# --- The user's own API token ---------------------------------------------------------------------


@login_required
def api_token(request):
    """Each user may hold one API token; making a new one retires the old. The key shows once."""
    shown = None
    if request.method == "POST":
        Token.objects.filter(user=request.user).delete()
        if request.POST.get("action") != "delete":
            shown = Token.objects.create(user=request.user).key
            services.audit(actor=request.user, action="token.create", target=request.user.username, ip=_ip(request))
        else:
            services.audit(actor=request.user, action="token.delete", target=request.user.username, ip=_ip(request))
            messages.success(request, _("Token API dihapus."))
    has_token = shown is not None or Token.objects.filter(user=request.user).exists()
    return render(request, "org/token.html", {"shown": shown, "has_token": has_token})
