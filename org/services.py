"""Writes to the organisation: units, users, memberships and the agency settings.

Every change is recorded in AuditEntry (who, when, what). Memberships keep the guardian
permissions in step. The unit tree, users, the import and the settings belong to the portal
administrators; memberships to whoever manages the unit (its head, its admin unit, an administrator).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from . import permissions
from .models import AgencySettings, AuditEntry, Membership, Role, Unit, User


def is_portal_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def require_admin(actor: User) -> None:
    if not is_portal_admin(actor):
        raise PermissionDenied(_("Hanya administrator portal yang dapat melakukan ini."))


def audit(*, actor: User | None, action: str, target: str, details: dict[str, Any] | None = None, ip=None) -> None:
    """Record one administrative change (called inside the service's transaction)."""
    AuditEntry.objects.create(actor=actor, action=action, target=target[:300], details=details or {}, ip_address=ip)


def _changes(instance, fields: dict[str, Any]) -> dict[str, list]:
    """Set ``fields`` on ``instance``; returns {field: [old, new]} of those that changed."""
    changed = {}
    for name, value in fields.items():
        old = getattr(instance, name)
        if old != value:
            changed[name] = [str(old) if old is not None else None, str(value) if value is not None else None]
            setattr(instance, name, value)
    return changed


# --- Units ----------------------------------------------------------------------------------------

UNIT_FIELDS = (
    "code",
    "name",
    "kind",
    "address",
    "numbering_pattern",
    "planned_sop_count",
    "service_population",
    "complaint_answer_days",
    "digitisation_start",
    "digitisation_target",
)


def _check_code(code: str, unit: Unit | None = None) -> None:
    if Unit.objects.filter(code__iexact=code).exclude(pk=unit.pk if unit else None).exists():
        raise ValidationError({"code": _("Kode unit %(code)s sudah dipakai.") % {"code": code}})


@transaction.atomic
def unit_create(*, actor: User, parent: Unit | None, ip=None, **fields) -> Unit:
    """A new unit under ``parent`` (a new root without one); raises PermissionDenied or ValidationError."""
    require_admin(actor)
    data = {name: fields.get(name) for name in UNIT_FIELDS if name in fields}
    _check_code(data["code"])
    unit = Unit.objects.add_child(parent, data) if parent else Unit.objects.add_root(data)
    audit(actor=actor, action="unit.create", target=f"{unit.code} {unit.name}", details=data, ip=ip)
    return unit


@transaction.atomic
def unit_update(*, actor: User, unit: Unit, ip=None, logo=None, **fields) -> Unit:
    """Rename or otherwise change a unit; ``logo`` replaces the logo when given."""
    require_admin(actor)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if "code" in fields:
        _check_code(fields["code"], unit)
    changed = _changes(unit, {name: fields[name] for name in UNIT_FIELDS if name in fields})
    if logo is not None:
        unit.logo = logo
        changed["logo"] = [None, logo.name]
    if changed:
        unit.save()
        audit(actor=actor, action="unit.update", target=f"{unit.code} {unit.name}", details=changed, ip=ip)
    return unit


@transaction.atomic
def unit_move(*, actor: User, unit: Unit, parent: Unit, ip=None) -> Unit:
    """Move a unit (with its sub-units) under another unit; raises ValidationError for a move into itself."""
    require_admin(actor)
    unit = Unit.objects.get(pk=unit.pk)
    if parent.path.startswith(unit.path):
        raise ValidationError({"parent": _("Unit tidak dapat dipindahkan ke bawah dirinya sendiri.")})
    old_parent = Unit.objects.get_parent(unit)
    if old_parent and old_parent.pk == parent.pk:
        return unit
    Unit.objects.move(unit, parent, "sorted-child")
    permissions.memo_clear()  # the units a right covers are of the tree as it was
    unit.refresh_from_db()
    audit(
        actor=actor,
        action="unit.move",
        target=f"{unit.code} {unit.name}",
        details={"parent": [old_parent.code if old_parent else None, parent.code]},
        ip=ip,
    )
    # Roles held above the unit change with the move: permissions follow the tree on every check.
    return unit


def _set_active(obj, *, active: bool, kind: str, target: str, actor: User, ip) -> None:
    if obj.is_active != active:
        obj.is_active = active
        obj.save(update_fields=["is_active"])
        audit(actor=actor, action=f"{kind}.{'activate' if active else 'deactivate'}", target=target, ip=ip)


@transaction.atomic
def unit_set_active(*, actor: User, unit: Unit, active: bool, ip=None) -> Unit:
    """Deactivate (or reactivate) a unit; its SOPs and memberships stay as they are."""
    require_admin(actor)
    _set_active(unit, active=active, kind="unit", target=f"{unit.code} {unit.name}", actor=actor, ip=ip)
    return unit


@transaction.atomic
def unit_delete(*, actor: User, unit: Unit, ip=None) -> None:
    """Delete a unit that has no sub-units and no SOPs; otherwise it can only be deactivated."""
    require_admin(actor)
    if Unit.objects.get_children_count(unit):
        raise ValidationError(_("Unit yang memiliki sub-unit tidak dapat dihapus; nonaktifkan saja."))
    target = f"{unit.code} {unit.name}"
    try:
        with transaction.atomic():
            unit.delete()
    except ProtectedError:  # SOPs point at the unit (on_delete=PROTECT)
        raise ValidationError(_("Unit yang memiliki SOP tidak dapat dihapus; nonaktifkan saja.")) from None
    audit(actor=actor, action="unit.delete", target=target, ip=ip)


# --- Users ----------------------------------------------------------------------------------------

USER_FIELDS = ("full_name", "nip", "position_title", "email")


def _check_user_fields(fields: dict[str, Any], user: User | None = None) -> None:
    others = User.objects.exclude(pk=user.pk) if user else User.objects.all()
    if fields.get("nip") and others.filter(nip=fields["nip"]).exists():
        raise ValidationError({"nip": _("NIP %(nip)s sudah dipakai pengguna lain.") % {"nip": fields["nip"]}})
    if fields.get("email") and others.filter(email__iexact=fields["email"]).exists():
        raise ValidationError({"email": _("Surel %(email)s sudah dipakai pengguna lain.") % {"email": fields["email"]}})


def password_link(user: User) -> str:
    """The address where ``user`` sets a new password (valid until they use it or log in)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.ESOP_BASE_URL.rstrip("/") + reverse("password_reset_confirm", args=[uid, token])


def _send_password_link(user: User, *, welcome: bool) -> None:
    link = password_link(user)
    subject = _("[e-SOP] Akun Anda telah dibuat") if welcome else _("[e-SOP] Atur ulang kata sandi")
    body = "\n".join(
        [
            _("Yth. %(name)s,") % {"name": user.get_full_name()},
            "",
            _("Nama pengguna Anda: %(username)s") % {"username": user.username},
            _("Buat kata sandi Anda di alamat berikut:"),
            link,
        ]
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))


@transaction.atomic
def user_create(*, actor: User, username: str, ip=None, **fields) -> User:
    """A new user without a password: they set one from the link sent to their e-mail."""
    require_admin(actor)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Nama pengguna %(u)s sudah dipakai.") % {"u": username}})
    data = {name: fields.get(name) or "" for name in USER_FIELDS}
    _check_user_fields(data)
    user = User(username=username, **data)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if user.email:
        _send_password_link(user, welcome=True)
    audit(actor=actor, action="user.create", target=f"{user.username} {user.full_name}", details=data, ip=ip)
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, ip=None, **fields) -> User:
    """Change a user's personal data (name, NIP, position, e-mail)."""
    require_admin(actor)
    data = {name: fields[name] or "" for name in USER_FIELDS if name in fields}
    _check_user_fields(data, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    changed = _changes(user, data)
    if changed:
        user.full_clean(exclude=["password"])
        user.save()
        audit(actor=actor, action="user.update", target=f"{user.username} {user.full_name}", details=changed, ip=ip)
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool, ip=None) -> User:
    """Deactivate (or reactivate) an account: a deactivated user cannot sign in or use a token."""
    require_admin(actor)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    _set_active(user, active=active, kind="user", target=f"{user.username} {user.full_name}", actor=actor, ip=ip)
    return user


@dataclass(frozen=True)
class PasswordReset:
    emailed_to: str = ""  # the link went to this address
    temporary: str = ""  # or, without an e-mail, this one-time password to hand over


@transaction.atomic
def user_password_reset(*, actor: User, user: User, ip=None) -> PasswordReset:
    """Reset a user's password: a link by e-mail, or a temporary password when they have no e-mail."""
    require_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        _send_password_link(user, welcome=False)
        result = PasswordReset(emailed_to=user.email)
    else:
        temporary = get_random_string(12, "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789")
        user.set_password(temporary)
        user.save(update_fields=["password"])
        result = PasswordReset(temporary=temporary)
    audit(
        actor=actor,
        action="user.password_reset",
        target=f"{user.username} {user.full_name}",
        details={"by": "email" if user.email else "temporary"},
        ip=ip,
    )
    return result


# --- Memberships ----------------------------------------------------------------------------------


def _check_role_change(*, actor: User, unit: Unit, user: User, role: str) -> None:
    """Raise PermissionDenied unless ``actor`` may give or take ``role`` of ``user`` in ``unit``."""
    if not permissions.can_manage_unit(actor, unit):
        raise PermissionDenied(_("Anda tidak berwenang mengelola anggota unit ini."))
    if user.pk == actor.pk:
        raise PermissionDenied(_("Anda tidak dapat mengubah peran Anda sendiri."))
    if role not in permissions.roles_grantable(actor, unit, user):
        if role == Role.HEAD:
            raise PermissionDenied(
                _(
                    "Peran pengesah hanya dapat diberikan atau dicabut oleh administrator portal atau pengesah unit di atasnya."
                )
            )
        raise PermissionDenied(
            _("Anda tidak dapat memberikan atau mencabut peran yang lebih tinggi dari peran Anda sendiri.")
        )


def _tell_admins_of_head_change(*, actor: User, user: User, unit: Unit, granted: bool, ip) -> None:
    """A pengesah may sign SOPs into force: every grant or removal is e-mailed to the administrators."""
    recipients = list(
        User.objects.filter(is_superuser=True, is_active=True).exclude(email="").values_list("email", flat=True)
    )
    if not recipients:
        return
    subject = (
        _("[e-SOP] Peran pengesah diberikan: %(name)s, %(unit)s")
        if granted
        else _("[e-SOP] Peran pengesah dicabut: %(name)s, %(unit)s")
    ) % {"name": user.get_full_name(), "unit": unit.name}
    body = "\n".join(
        [
            (
                _("%(actor)s memberikan peran pengesah kepada %(name)s (%(username)s) di %(unit)s.")
                if granted
                else _("%(actor)s mencabut peran pengesah %(name)s (%(username)s) di %(unit)s.")
            )
            % {
                "actor": actor.get_full_name(),
                "name": user.get_full_name(),
                "username": user.username,
                "unit": unit.name,
            },
            _("Alamat IP: %(ip)s") % {"ip": ip or "-"},
            "",
            _("Pengesah dapat menetapkan SOP. Bila perubahan ini tidak Anda kenal, periksa catatan administrasi."),
        ]
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


@transaction.atomic
def membership_grant(*, user: User, unit: Unit, role: Role | str, actor: User, ip=None) -> Membership:
    """Give ``user`` the ``role`` in ``unit`` (idempotent); raises PermissionDenied when the actor may not
    (not a manager of the unit, their own roles, a role above their own, pengesah not from above)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Pilih peran.")})
    _check_role_change(actor=actor, unit=unit, user=user, role=role)
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    permissions.sync_unit_permissions(user=user)
    if created:
        audit(
            actor=actor,
            action="membership.grant",
            target=f"{user.username} {user.full_name}",
            details={"unit": unit.code, "role": role},
            ip=ip,
        )
        if role == Role.HEAD:
            _tell_admins_of_head_change(actor=actor, user=user, unit=unit, granted=True, ip=ip)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: User, ip=None) -> None:
    """Take a role away; raises PermissionDenied when the actor may not (as for ``membership_grant``)."""
    user, unit = membership.user, membership.unit
    _check_role_change(actor=actor, unit=unit, user=user, role=membership.role)
    details = {"unit": unit.code, "role": membership.role}
    membership.delete()
    permissions.sync_unit_permissions(user=user)
    audit(actor=actor, action="membership.revoke", target=f"{user.username} {user.full_name}", details=details, ip=ip)
    if details["role"] == Role.HEAD:
        _tell_admins_of_head_change(actor=actor, user=user, unit=unit, granted=False, ip=ip)


# --- Agency settings ------------------------------------------------------------------------------


@transaction.atomic
def agency_settings_update(*, actor: User, ip=None, **fields) -> AgencySettings:
    """Change the agency settings (paper size, default review period, length of a working day)."""
    require_admin(actor)
    row = AgencySettings.objects.select_for_update().filter(pk=1).first() or AgencySettings(pk=1)
    changed = _changes(
        row, {k: v for k, v in fields.items() if k in ("paper_size", "review_period_months", "workday_hours")}
    )
    row.full_clean()
    row.save()
    if changed:
        audit(actor=actor, action="settings.update", target=str(_("Pengaturan instansi")), details=changed, ip=ip)
    return row
