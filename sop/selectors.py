"""Reads of SOPs, already filtered to what the user may see, with a constant number of queries."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from esop import signatures
from org import permissions
from org.models import AgencySettings, Unit

from . import search, service_time
from .enums import FROZEN_STATUSES
from .models import (
    SOP,
    Actor,
    LegalBasis,
    ListItem,
    RelatedSOP,
    SharedUnit,
    SignedDocument,
    SOPVersion,
    Step,
    StepActor,
    VersionStatus,
    review_state_q,
)


def _applies_q(user, sop_ref: str = "pk", unit_field: str = "unit") -> Q:
    """SOPs that apply to ``user``: of a unit at or above theirs, or shared with such a unit."""
    applying = permissions.units_applying_to(user)
    shared = SharedUnit.objects.filter(sop=OuterRef(sop_ref), unit__in=applying)
    return Q(**{f"{unit_field}__in": applying}) | Q(Exists(shared))


def sops_visible_to(user) -> QuerySet[SOP]:
    """SOPs of the user's units (and their sub-units), SOPs in force that apply to the user (of the
    units above theirs, or shared with their unit), and public-service SOPs in force."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return SOP.objects.all()
    in_force = SOPVersion.objects.filter(sop=OuterRef("pk"), status=VersionStatus.IN_FORCE)
    return SOP.objects.filter(
        permissions.unit_scope_q(user, permissions.VIEW)
        | (Q(Exists(in_force)) & (Q(is_public_service=True) | _applies_q(user)))
    )


def versions_visible_to(user) -> QuerySet[SOPVersion]:
    """Versions the user may open: every version of their units' SOPs, and the versions in force of
    SOPs that apply to them or serve the public."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return SOPVersion.objects.all()
    return SOPVersion.objects.filter(
        permissions.unit_scope_q(user, permissions.VIEW, "sop__unit")
        | (Q(status=VersionStatus.IN_FORCE) & (Q(sop__is_public_service=True) | _applies_q(user, "sop", "sop__unit")))
    )


def _current_version_subquery(user) -> Subquery:
    # The version a list shows for an SOP: the one in force, else the newest the user may open.
    preferred = Case(When(status=VersionStatus.IN_FORCE, then=Value(0)), default=Value(1), output_field=IntegerField())
    candidates = versions_visible_to(user).filter(sop=OuterRef("pk")).order_by(preferred, "-revision")
    return Subquery(candidates.values("pk")[:1])


def sop_list(
    user,
    *,
    unit: Unit | None = None,
    q: str = "",
    status: str = "",
    public: str = "",
    year: int | None = None,
    review: str = "",
    today: datetime.date | None = None,
) -> QuerySet[SOP]:
    """The SOP list with its filters and search, each SOP annotated with ``current_id``."""
    visible_versions = versions_visible_to(user)
    qs = sops_visible_to(user).select_related("unit").annotate(current_id=_current_version_subquery(user))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(Exists(visible_versions.filter(sop=OuterRef("pk"), status=status)))
    if public in ("0", "1"):
        qs = qs.filter(is_public_service=public == "1")
    if year:
        in_force = visible_versions.filter(sop=OuterRef("pk"), status=VersionStatus.IN_FORCE, date_effective__year=year)
        qs = qs.filter(Exists(in_force))
    if review in ("due", "overdue"):
        today = today or timezone.localdate()
        in_force = visible_versions.filter(sop=OuterRef("pk"), status=VersionStatus.IN_FORCE)
        qs = qs.filter(Exists(in_force), review_state_q(review, today))
    if q.strip():
        return search.search(qs, visible_versions, q)
    return qs.order_by("unit__path", "number")


def attach_current_versions(sops: list[SOP]) -> list[SOP]:
    """Give each SOP of a page of ``sop_list`` its ``current`` version in one query."""
    ids = [s.current_id for s in sops if s.current_id]
    versions = SOPVersion.objects.in_bulk(ids)
    for s in sops:
        s.current = versions.get(s.current_id)
    return sops


def _lineage(unit: Unit) -> list[Unit]:
    return [*Unit.objects.get_ancestors(unit), unit]


def access_sop(user, pk: int) -> SOP:
    """The SOP if the user may see it; Http404 both when it does not exist and when it is not theirs."""
    try:
        return sops_visible_to(user).select_related("unit").get(pk=pk)
    except SOP.DoesNotExist:
        raise Http404 from None


def sop_versions(user, sop: SOP) -> list[SOPVersion]:
    """The versions of ``sop`` the user may open, newest first."""
    return list(versions_visible_to(user).filter(sop=sop).order_by("-revision"))


def _with_content(qs: QuerySet[SOPVersion]) -> QuerySet[SOPVersion]:
    return qs.select_related("sop__unit").prefetch_related(
        "actors",
        "list_items",
        "legal_bases",
        Prefetch("related_sops", queryset=RelatedSOP.objects.select_related("target")),
        "steps",
        "steps__co_actors",
    )


def version_with_content(user, pk: int, *, sop_pk: int | None = None) -> SOPVersion:
    """A version with everything the identity sheet and steps need prefetched; Http404 if not visible."""
    qs = _with_content(versions_visible_to(user))
    if sop_pk is not None:
        qs = qs.filter(sop_id=sop_pk)
    try:
        version = qs.get(pk=pk)
    except SOPVersion.DoesNotExist:
        raise Http404 from None
    version.sop.unit.lineage = _lineage(version.sop.unit)
    return version


def load_version_content(pk: int) -> SOPVersion:
    """Internal use (services, tasks): a version with its content prefetched, without access checks."""
    version = _with_content(SOPVersion.objects.all()).get(pk=pk)
    version.sop.unit.lineage = _lineage(version.sop.unit)
    return version


@dataclass(frozen=True)
class FieldRecord:
    when: object
    who: object
    what: str  # the record's model, e.g. "Langkah 3"
    kind: str  # "+", "~" or "-"
    changes: list[tuple[str, str, str]]  # (the field's name as people read it, old, new)


# Bookkeeping that changes on every save: not something a reader needs to see.
QUIET_FIELDS = {"lock_version", "updated_at", "updated_by"}


@dataclass(frozen=True)
class RelatedLink:
    """Where an entry of KETERKAITAN that names an SOP of the portal leads, and how that SOP stands."""

    url: str
    status: str  # of its newest established version; "" when it has none yet
    label: str


def related_links(user, version: SOPVersion, content) -> list[tuple[object, RelatedLink | None]]:
    """Each entry of the version's KETERKAITAN (``content.related``) with its link, when it names an
    SOP of the portal that ``user`` may read (a visitor: a public SOP in force). Two queries."""
    rows = list(version.related_sops.all())
    ids = {r.target_id for r in rows if r.target_id}
    visible = set(sops_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    newest: dict[int, tuple[int, str]] = {}
    for sop_id, revision, status in SOPVersion.objects.filter(
        sop_id__in=visible, status__in=FROZEN_STATUSES
    ).values_list("sop_id", "revision", "status"):
        if revision > newest.get(sop_id, (-1, ""))[0]:
            newest[sop_id] = (revision, status)
    public = not user.is_authenticated

    def link(row) -> RelatedLink | None:
        if row is None or row.target_id not in visible:
            return None
        status = newest.get(row.target_id, (0, ""))[1]
        url = reverse("sop:public_detail" if public else "sop:detail", args=[row.target_id])
        return RelatedLink(url, status, VersionStatus(status).label if status else _("belum berlaku"))

    return [(entry, link(rows[i] if i < len(rows) else None)) for i, entry in enumerate(content.related)]


def page_steps(version: SOPVersion) -> list[Step]:
    """The steps of a version as a page shows them (table, phone list): with their actor, targets and
    further actors (``co_actors`` and ``co_actor_ids``, ``actor_names``: the step's own first). From
    the rows ``version_with_content`` prefetched, without a query, else in two."""
    cache = getattr(version, "_prefetched_objects_cache", {})
    if {"steps", "actors"} <= cache.keys():
        steps, actors = list(cache["steps"]), {a.pk: a for a in cache["actors"]}
        by_id = {s.pk: s for s in steps}
        for step in steps:  # the related rows put in place, as select_related would
            step.actor = actors.get(step.actor_id)
            step.yes_step, step.no_step = by_id.get(step.yes_step_id), by_id.get(step.no_step_id)
            step.next_step = by_id.get(step.next_step_id)
            for joint in step.co_actors.all():
                joint.actor = actors[joint.actor_id]
    else:
        steps = list(
            version.steps.select_related("actor", "yes_step", "no_step", "next_step").prefetch_related(
                Prefetch("co_actors", queryset=StepActor.objects.select_related("actor"))
            )
        )
    for step in steps:
        joint = list(step.co_actors.all())
        step.co_actor_ids = {c.actor_id for c in joint}
        step.actor_names = [a.name for a in (step.actor, *(c.actor for c in joint)) if a is not None]
    return steps


def field_history(version: SOPVersion, limit: int = 300) -> list[FieldRecord]:
    """Every saved change of the version and its parts, newest first, field by field."""
    records = []
    numbers = dict(Step.objects.filter(version_id=version.pk).values_list("pk", "number"))
    names = dict(Actor.objects.filter(version_id=version.pk).values_list("pk", "name"))

    def joint(h) -> str:  # a step's further actor, added or taken away
        return f"Langkah {numbers.get(h.step_id, '?')}: pelaksana bersama {names.get(h.actor_id, '?')}"

    sources = [
        (version.history.model.objects.filter(id=version.pk), lambda h: str(SOPVersion._meta.verbose_name)),
        (Step.history.model.objects.filter(version_id=version.pk), lambda h: f"Langkah {h.number}"),
        (Actor.history.model.objects.filter(version_id=version.pk), lambda h: f"Pelaksana {h.name}"),
        (ListItem.history.model.objects.filter(version_id=version.pk), lambda h: h.get_kind_display()),
        (LegalBasis.history.model.objects.filter(version_id=version.pk), lambda h: "Dasar hukum"),
        (RelatedSOP.history.model.objects.filter(version_id=version.pk), lambda h: "Keterkaitan"),
        (StepActor.history.model.objects.filter(version_id=version.pk), joint),
    ]
    for qs, describe in sources:
        fields = qs.model.instance_type._meta  # the fields' names as people read them (Kegiatan, not text)
        history = list(qs.select_related("history_user").order_by("history_date")[:limit])
        previous: dict[int, object] = {}
        for record in history:
            before = previous.get(record.id)
            changes = []
            if before is not None and record.history_type == "~":
                delta = record.diff_against(before)
                changes = [
                    (capfirst(str(fields.get_field(c.field).verbose_name)), str(c.old), str(c.new))
                    for c in delta.changes
                    if c.field not in QUIET_FIELDS
                ]
                if not changes:
                    previous[record.id] = record
                    continue
            records.append(
                FieldRecord(record.history_date, record.history_user, describe(record), record.history_type, changes)
            )
            previous[record.id] = record
    return sorted(records, key=lambda r: r.when, reverse=True)[:limit]


def changes_since(version: SOPVersion, lock: int) -> list[FieldRecord]:
    """What others saved in ``version`` after the copy with lock_version ``lock`` was read."""
    read = (
        version.history.model.objects.filter(id=version.pk, lock_version=lock)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    if read is None:
        return []
    return [r for r in field_history(version) if r.when > read and (r.changes or r.kind != "~")][:20]


@dataclass(frozen=True)
class Letterhead:
    """What the identity sheet prints beside the unit lines: a logo (file URI or URL) and address lines."""

    logo: str = ""
    address_lines: tuple[str, ...] = ()


def letterhead(version: SOPVersion) -> Letterhead:
    """The nearest logo and the nearest address up the version's unit tree (for the PDF)."""
    lineage = list(reversed(getattr(version.sop.unit, "lineage", None) or _lineage(version.sop.unit)))
    logo, address = "", ()
    for unit in lineage:
        if unit.logo and not logo:
            try:
                logo = Path(unit.logo.path).as_uri()
            except (NotImplementedError, ValueError):  # storage without local paths
                logo = unit.logo.url
        if unit.address.strip() and not address:
            address = tuple(line.strip() for line in unit.address.splitlines() if line.strip())
    return Letterhead(logo=logo, address_lines=address)


def version_by_hash(content_hash: str) -> SOPVersion | None:
    """The established version with this content hash, if any (for the public verification page)."""
    if len(content_hash) != 64:
        return None
    return SOPVersion.objects.select_related("sop__unit").filter(content_hash=content_hash.lower()).first()


def measured_service_time(version: SOPVersion, content) -> service_time.ServiceTime | None:
    """The service time of ``version``: as added up at its penetapan, else from its content now."""
    if version.service_time:
        return service_time.ServiceTime.from_json(version.service_time)
    return service_time.compute(content)


def service_report(
    version: SOPVersion, content, versions: list[SOPVersion] | None = None, agency: AgencySettings | None = None
):
    """The service time of ``version`` for its page (``sop.service_time.Report``), against the SOP's
    baseline and its first version in force; up to two queries, none for what is given (``versions``:
    the SOP's; ``agency``: the settings row the page already read)."""
    if versions is None:
        versions = list(
            SOPVersion.objects.filter(sop_id=version.sop_id, established_at__isnull=False).only(
                "pk", "revision", "service_time"
            )
        )
    first = min(
        (v for v in versions if v.service_time and v.revision < version.revision),
        key=lambda v: v.revision,
        default=None,
    )
    sop = version.sop
    return service_time.report(
        measured_service_time(version, content),
        (agency or AgencySettings.current()).workday_minutes,
        baseline=sop.baseline,
        baseline_text=sop.baseline_time,
        baseline_source=sop.baseline_source,
        earlier=(first.revision, service_time.ServiceTime.from_json(first.service_time)) if first else None,
    )


def in_force_version(sop: SOP) -> SOPVersion | None:
    return sop.versions.filter(status=VersionStatus.IN_FORCE).first()


# --- Who may change a version's content ----------------------------------------------------------
# A version's content changes only while it is a draft, and only by the drafters of its unit (or a
# unit above it). The predicate (pages, services) and the filter (lists) side by side.


def edit_refusal(user, version: SOPVersion) -> Exception | None:
    """What to raise when ``user`` may not change ``version`` now (None: they may): PermissionDenied
    for someone who does not draft in its unit, ValidationError for a version that is no draft."""
    if not permissions.can_draft(user, version.sop.unit):
        return PermissionDenied(_("Hanya penyusun unit ini yang dapat mengubah versi draf."))
    if version.status != VersionStatus.DRAFT:
        return ValidationError(_("Hanya versi draf yang dapat diubah."))
    return None


def may_edit(user, version: SOPVersion) -> bool:
    """Whether ``user`` may change the content of ``version`` now."""
    return edit_refusal(user, version) is None


def editable_q(user) -> Q:
    """A filter of SOPVersion: the versions whose content ``user`` may change now (``may_edit``)."""
    return Q(status=VersionStatus.DRAFT) & permissions.unit_scope_q(user, permissions.DRAFT, "sop__unit")


# --- Change control -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    revision: int
    date: datetime.date | None
    summary: str


def change_history(version: SOPVersion) -> list[ChangeRow]:
    """The «Riwayat perubahan» printed with ``version``: every established revision up to it and the
    version itself (empty for a revision 0, which changed nothing). One query; the rows of the
    established revisions can no longer change, so an established version's table never does."""
    if version.revision == 0:
        return []
    rows = (
        SOPVersion.objects.filter(sop_id=version.sop_id, revision__lte=version.revision)
        .filter(Q(pk=version.pk) | ~Q(content_hash=""))
        .order_by("revision")
        .values_list("revision", "date_effective", "change_summary")
    )
    return [
        ChangeRow(revision, effective, summary or ("Penetapan awal" if revision == 0 else "-"))  # printed: Indonesian
        for revision, effective, summary in rows
    ]


# --- Verifying a file ----------------------------------------------------------------------------


def signed_document(version: SOPVersion) -> SignedDocument | None:
    """The electronically signed file of an established version, if it was signed (one query)."""
    return SignedDocument.objects.filter(version=version).first() if version.content_hash else None


@dataclass(frozen=True)
class FileCheck:
    """What the portal can say of an uploaded PDF: its signatures, and which version it holds."""

    verdict: signatures.FileVerdict
    version: SOPVersion | None  # the version the file belongs to, if the portal knows it
    exact: bool  # the very file the portal signed and keeps
    current: SOPVersion | None  # the version of that SOP in force now


def check_file(data: bytes) -> FileCheck:
    """Check ``data`` (a PDF) offline against the agency's trusted roots, and find its version: by the
    digest of the signed files the portal keeps, else by the content hash the portal writes in every
    PDF it makes (an altered copy is still recognised, and said to differ)."""
    verdict = signatures.verify(data, trusted_pem=AgencySettings.current().trusted_roots)
    document = (
        SignedDocument.objects.select_related("version__sop__unit")
        .filter(sha256=hashlib.sha256(data).hexdigest())
        .first()
    )
    version = document.version if document else None
    if version is None and verdict.keywords:
        named = re.search(r"esop-sidik:([0-9a-f]{64})", verdict.keywords)
        version = version_by_hash(named.group(1)) if named else None
    current = in_force_version(version.sop) if version else None
    return FileCheck(verdict=verdict, version=version, exact=document is not None, current=current)
