"""Create the demo agency, its users and SOPs. Running it again changes nothing."""

import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from org import demo_pki, permissions, signing
from org.models import Membership, SigningCertificate, Unit, User
from sop import content, demo, selectors, services
from sop.models import SOP, SOPTemplate
from workflow import services as workflow_services


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _related(entry) -> dict:
    """An entry of KETERKAITAN of a demo spec: a text, or {"sop": number} naming an SOP of the demo."""
    if isinstance(entry, str):
        return {"text": entry}
    if "sop" in entry:
        return {"relation": entry["relation"], "target": SOP.objects.get(number=entry["sop"])}
    return entry


def _identity(version, actor: User, spec: dict) -> None:
    """The identity sheet of a demo SOP as its spec gives it."""
    services.version_replace_identity(
        version=version,
        actor=actor,
        date_created=_date(spec["date_created"]),
        legal_bases=spec["legal_bases"],
        qualifications=spec["qualifications"],
        related=[_related(r) for r in spec["related"]],
        equipment=spec["equipment"],
        warnings=spec["warnings"],
        records=spec["records"],
        purpose=spec.get("purpose", ""),
        scope=spec.get("scope", ""),
        definitions=spec.get("definitions", ""),
    )


class Command(BaseCommand):
    help = "Isi portal dengan data contoh (instansi, pengguna, SOP). Aman dijalankan berulang kali."

    def handle(self, *args, **options):
        with transaction.atomic():
            units = self._units()
            users = self._users(units)
            created = self._sops(units, users)
            created += self._copies(units, users)
            signed_note = self._certificates(users)
            revised = self._signed_revision(users)
            self._templates()  # after the revision: each template names the version now in force
        self.stdout.write(
            self.style.SUCCESS(f"Data contoh siap: {len(units)} unit, {len(users)} pengguna, {created} SOP baru.")
        )
        self.stdout.write(signed_note)
        if revised:
            self.stdout.write(f"Revisi contoh ditetapkan: {revised}")
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write(f"\nAkun contoh (kata sandi semua akun: {demo.DEMO_PASSWORD})")
        for username, full_name, _nip, _position, roles in demo.USERS:
            what = ", ".join(f"{role} {code}" for code, role in roles) or "administrator portal"
            self.stdout.write(f"  {username:<9} {full_name:<34} {what}")

    def _units(self) -> dict[str, Unit]:
        units: dict[str, Unit] = {}
        for code, name, kind, parent, address in demo.UNITS:
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                fields = {
                    "code": code,
                    "name": name,
                    "kind": kind,
                    "address": address,
                    "planned_sop_count": demo.PLANNED_SOPS.get(code),
                    "service_population": demo.SERVICE_POPULATION.get(code),
                    **dict(
                        zip(
                            ("digitisation_start", "digitisation_target"),
                            map(_date, demo.DIGITISATION.get(code, (None, None))),
                            strict=True,
                        )
                    ),
                }
                unit = Unit.objects.add_child(units[parent], fields) if parent else Unit.objects.add_root(fields)
            units[code] = unit
        root = units[demo.UNITS[0][0]]
        if not root.numbering_pattern:
            root.numbering_pattern = "SOP-{seq:03d}/{unit_code}/{year}"
            root.save(update_fields=["numbering_pattern"])
        return units

    def _users(self, units: dict[str, Unit]) -> dict[str, User]:
        users: dict[str, User] = {}
        for username, full_name, nip, position, roles in demo.USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "full_name": full_name,
                    "nip": nip,
                    "position_title": position,
                    "email": f"{username}@sukamaju.go.id",
                    "is_staff": username == "admin",
                    "is_superuser": username == "admin",
                },
            )
            if created:
                user.set_password(demo.DEMO_PASSWORD)
                user.save(update_fields=["password"])
            for code, role in roles:
                Membership.objects.get_or_create(user=user, unit=units[code], role=role)
            permissions.sync_unit_permissions(user=user)
            users[username] = user
        return users

    def _sops(self, units: dict[str, Unit], users: dict[str, User]) -> int:
        admin = users["admin"]
        created = 0
        for spec in demo.SOPS:
            if SOP.objects.filter(number=spec["number"]).exists():
                continue
            sop = services.sop_create(
                unit=units[spec["unit"]],
                title=spec["title"],
                number=spec["number"],
                actor=admin,
                is_public_service=spec["public"],
            )
            if baseline := spec.get("baseline"):
                services.sop_update(
                    sop=sop,
                    actor=admin,
                    title=sop.title,
                    is_public_service=sop.is_public_service,
                    review_period_months=sop.review_period_months,
                    baseline_time=baseline[0],
                    baseline_source=baseline[1],
                )
            version = sop.versions.get()
            _identity(version, admin, spec)
            services.version_replace_procedure(
                version=version, actor=admin, actors=spec["actors"], steps=demo.steps_from(spec["steps"])
            )
            if spec["state"] == "in_force":
                signer = users[spec["signer"]]
                signature = workflow_services.Signature(
                    name=signer.full_name,
                    nip=signer.nip,
                    position=signer.position_title,
                    effective_date=_date(spec["date_effective"]),
                    date_revised=_date(spec["date_revised"]),
                )
                workflow_services.version_register_signed(version=version, actor=admin, signature=signature)
            if review := spec.get("review"):
                self._review(version, users, review)
            created += 1
        return created

    @staticmethod
    def _templates() -> None:
        """The agency's library of templates, each from a demo SOP in force."""
        for name, number, description in demo.TEMPLATES:
            version = SOP.objects.get(number=number).versions.get(status="in_force")
            SOPTemplate.objects.get_or_create(name=name, defaults={"version": version, "description": description})

    @staticmethod
    def _copies(units: dict[str, Unit], users: dict[str, User]) -> int:
        """Drafts begun as a copy of a demo SOP in force, by the unit's drafter."""
        created = 0
        for number, unit, title, drafter in demo.COPIES:
            if SOP.objects.filter(unit=units[unit], title=title).exists():
                continue
            source = SOP.objects.get(number=number).versions.get(status="in_force")
            services.sop_create(unit=units[unit], title=title, actor=users[drafter], source=source)
            created += 1
        return created

    @staticmethod
    def _certificates(users: dict[str, User]) -> str:
        """A demo certificate authority, trusted by the portal, and a demo certificate for every head
        (passphrase: the demo password), so that penetapan signs the PDF. Refused outside development
        (ESOP_ALLOW_DEMO_CERTIFICATES): then the demo establishes without electronic signatures."""
        heads = [users[u] for u in demo.HEADS]
        if SigningCertificate.objects.filter(user__in=heads).count() == len(heads):
            return "Sertifikat DEMO para pengesah sudah ada (frasa sandi: kata sandi akun contoh)."
        authority = demo_pki.make_authority()
        try:
            for head in heads:
                data = demo_pki.make_certificate(
                    authority, f"{head.full_name} (DEMO)", demo.CERTIFICATE_ORGANISATION, passphrase=demo.DEMO_PASSWORD
                )
                signing.certificate_upload(actor=head, data=data, passphrase=demo.DEMO_PASSWORD)
            signing.trusted_roots_set(actor=users["admin"], pem=authority.pem)
        except ValidationError as error:
            SigningCertificate.objects.filter(user__in=heads).delete()
            return f"Tanpa sertifikat DEMO ({' '.join(error.messages)}): SOP ditetapkan tanpa tanda tangan elektronik."
        return (
            f"Sertifikat DEMO untuk {len(heads)} pengesah dibuat dan akar DEMO diakui "
            "(frasa sandi sertifikat: kata sandi akun contoh)."
        )

    @staticmethod
    def _signed_revision(users: dict[str, User]) -> str:
        """Revision 1 of the UMUM SOP, drafted, checked and established today by its head (signed
        electronically when he has a certificate): the demo has a superseded version and a signed PDF."""
        number, times = demo.SIGNED_REVISION
        sop = SOP.objects.filter(number=number).first()
        if sop is None or sop.versions.count() > 1:
            return ""
        spec = next(s for s in demo.SOPS if s["number"] == number)
        drafter, reviewer, head = users[spec["drafter"]], users[spec["reviewer"]], users[spec["signer"]]
        reason, summary = demo.SIGNED_REVISION_CHANGE
        draft = services.version_revise(sop=sop, actor=drafter, reason=reason, summary=summary)
        services.version_replace_procedure(
            version=draft, actor=drafter, actors=spec["actors"], steps=demo.steps_from(spec["steps"], times)
        )
        workflow_services.version_submit(version=draft, actor=drafter)
        workflow_services.version_pass(version=draft, actor=reviewer, comment="Sudah sesuai; silakan ditetapkan.")
        methods = signing.methods_for(head)
        signer = signing.signer_for(user=head, method=methods[0], passphrase=demo.DEMO_PASSWORD) if methods else None
        workflow_services.version_establish(
            version=draft, actor=head, effective_date=timezone.localdate(), reauthenticated=True, signer=signer
        )
        how = "bertanda tangan elektronik DEMO" if signer else "tanpa tanda tangan elektronik"
        return f"{number} revisi {draft.revision}, {how}"

    @staticmethod
    def _review(version, users: dict[str, User], review: dict) -> None:
        """Submit the draft, comment on it and return it, as the demo's drafter and reviewer would."""
        reviewer = users[review["reviewer"]]
        workflow_services.version_submit(version=version, actor=users[review["drafter"]])
        steps = {s.number: s.pk for s in version.steps.all()}
        for number, text in review["comments"]:
            workflow_services.comment_add(version=version, actor=reviewer, text=text, step_id=steps.get(number))
        workflow_services.version_return(version=version, actor=reviewer, comment=review["return"])
        # The drafter has begun on it: a step put right and its remark answered (what changed since the
        # return is on the version page), the rest still open.
        drafter = users[review["drafter"]]
        for number, changes in review.get("fixes", ()):
            version.refresh_from_db()
            now = content.build_content(selectors.load_version_content(version.pk))
            step = next(s for s in now.steps if s.number == number)
            services.step_update(
                version=version,
                actor=drafter,
                lock=version.lock_version,
                step_id=steps[number],
                fields=dataclasses.replace(step, **changes),
            )
        for number, text in review.get("answers", ()):
            remark = version.review_comments.get(step_number=number, parent=None)
            workflow_services.comment_add(version=version, actor=drafter, text=text, parent=remark)
