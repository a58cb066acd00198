"""The only code that writes SOPs and their versions."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from esop import outbox
from esop.text import refuse_nul
from org import permissions
from org.models import Unit, User

from . import durations, numbering, selectors
from .content import StepData, VersionContent, build_content
from .documents import EXPORT_MAX
from .enums import ChangeReason
from .models import (
    SOP,
    Actor,
    ExportJob,
    LegalBasis,
    ListItem,
    ListKind,
    RelatedSOP,
    SharedUnit,
    SOPTemplate,
    SOPVersion,
    Step,
    StepActor,
    StepKind,
    VersionStatus,
    add_months,
)


def unit_numbering_pattern(unit: Unit) -> str:
    """The numbering pattern of ``unit``: its own, else the nearest ancestor's, else the default."""
    for candidate in [unit, *reversed(Unit.objects.get_ancestors(unit))]:
        if candidate.numbering_pattern:
            return candidate.numbering_pattern
    return numbering.DEFAULT_PATTERN


def sop_propose_number(*, unit: Unit, year: int | None = None) -> str:
    """The next free number for a new SOP of ``unit`` from its numbering pattern."""
    year = year or datetime.date.today().year
    pattern = unit_numbering_pattern(unit)
    regex_prefix = pattern.split("{", 1)[0]
    existing = list(SOP.objects.filter(number__startswith=regex_prefix).values_list("number", flat=True))
    return numbering.next_number(pattern, unit_code=unit.code, year=year, existing=existing)


@transaction.atomic
def sop_create(
    *,
    unit: Unit,
    title: str,
    actor: User,
    number: str = "",
    is_public_service: bool = False,
    review_period_months: int = 12,
    source: SOPVersion | None = None,
    template: SOPTemplate | None = None,
) -> SOP:
    """Create an SOP with its first draft: empty, a copy of ``source`` (a version the actor may read)
    or of ``template`` (of the agency's library, for every drafter): its identity lists, actors and
    steps; the new SOP takes its own number. Raises PermissionDenied, ValidationError on a taken number."""
    if not permissions.can_draft(actor, unit):
        raise PermissionDenied
    if source is not None and not selectors.versions_visible_to(actor).filter(pk=source.pk).exists():
        raise PermissionDenied
    if template is not None and source is None:
        source = template.version
    number = number.strip() or sop_propose_number(unit=unit)
    if SOP.objects.filter(number=number).exists():
        raise ValidationError({"number": _("Nomor SOP %(number)s sudah dipakai.") % {"number": number}})
    try:
        with transaction.atomic():
            sop = SOP.objects.create(
                unit=unit,
                number=number,
                title=title.strip(),
                is_public_service=is_public_service,
                review_period_months=review_period_months,
            )
    except IntegrityError:  # a concurrent create took the number between the check and the insert
        raise ValidationError({"number": _("Nomor SOP %(number)s sudah dipakai.") % {"number": number}}) from None
    draft = SOPVersion.objects.create(sop=sop, revision=0, created_by=actor, updated_by=actor)
    if source is not None:
        draft.purpose, draft.scope, draft.definitions = source.purpose, source.scope, source.definitions
        draft.copied_from = source
        _copy_parts(source, draft, actor)
        draft.search_text = search_text_of(draft)
        draft.save(update_fields=["purpose", "scope", "definitions", "copied_from", "search_text"])
    return sop


class EditConflict(Exception):
    """Someone else saved the draft since this copy was read; nothing was written."""

    def __init__(self, version: SOPVersion):
        self.version = version
        editor = version.updated_by.get_full_name() if version.updated_by_id else "-"
        super().__init__(
            _(
                "Draf ini baru saja disimpan oleh %(name)s, jadi perubahan Anda belum disimpan. Isian Anda masih di "
                "layar: periksa perubahan di bawah, lalu simpan lagi bila masih perlu."
            )
            % {"name": editor}
        )


def _editable(version: SOPVersion, actor: User, lock: int | None) -> SOPVersion:
    """Lock the version row for this edit; raises PermissionDenied, ValidationError or EditConflict.

    ``lock`` is the lock_version the editor read; None for callers that own the draft outright
    (demo data, the importer).
    """
    # Not select_related("updated_by"): when this lock waits for another save, PostgreSQL re-reads the
    # version but can return the outer-joined user as NULL (seen under load by make bench); EditConflict
    # looks the editor up itself.
    current = SOPVersion.objects.select_for_update(of=("self",)).select_related("sop__unit").get(pk=version.pk)
    refusal = selectors.edit_refusal(actor, current)
    if refusal is not None:
        raise refusal
    if lock is not None and lock != current.lock_version:
        raise EditConflict(current)
    return current


def search_text_of(version: SOPVersion, content: VersionContent | None = None) -> str:
    """The words search looks at for a version: tujuan, ruang lingkup, definisi, steps, dasar hukum and
    keterkaitan (from ``content`` when the caller holds it as just saved)."""
    content = content or build_content(selectors.load_version_content(version.pk))
    parts = [content.purpose, content.scope, content.definitions, *map(str, content.legal_bases)]
    parts += [r.text for r in content.related]
    for step in content.steps:
        parts += [step.text, step.requirements, step.output, step.notes]
    return "\n".join(p for p in parts if p)


def _saved(version: SOPVersion, actor: User, *fields: str, content: VersionContent | None = None) -> SOPVersion:
    """Finish an edit: who, a new lock, fresh search text."""
    version.updated_by = actor
    version.lock_version += 1
    version.search_text = search_text_of(version, content)
    version.save(update_fields=[*fields, "updated_by", "lock_version", "search_text", "updated_at"])
    return version


@transaction.atomic
def sop_update(
    *,
    sop: SOP,
    actor: User,
    title: str,
    is_public_service: bool,
    review_period_months: int,
    baseline_time: str | None = None,
    baseline_source: str | None = None,
) -> SOP:
    """Change an SOP's catalogue data (drafters of its unit); established texts keep their own title.
    ``baseline_time`` (the service time before the portal, a number with its unit) and its source are
    left as they are when None. Raises PermissionDenied, or ValidationError for a baseline that cannot
    be measured."""
    if not permissions.can_draft(actor, sop.unit):
        raise PermissionDenied
    sop.title, sop.is_public_service, sop.review_period_months = title.strip(), is_public_service, review_period_months
    fields = ["title", "is_public_service", "review_period_months", "review_due_on", "updated_at"]
    if baseline_time is not None:
        try:
            sop.baseline_time = str(durations.read_measured(baseline_time))
        except durations.Unreadable as error:
            raise ValidationError({"baseline_time": str(error)}) from error
        sop.baseline_source = (
            refuse_nul((baseline_source or "").strip(), "baseline_source")[:255] if sop.baseline_time else ""
        )
        fields += ["baseline_time", "baseline_source"]
    if sop.review_cycle_start:  # a new period moves the due date of the running cycle
        sop.review_due_on = add_months(sop.review_cycle_start, review_period_months)
    sop.save(update_fields=fields)
    return sop


@transaction.atomic
def sop_share(*, sop: SOP, unit: Unit, actor: User) -> SharedUnit:
    """The unit head lets another unit's staff read (and apply) the SOP in force; idempotent.
    Raises PermissionDenied, or ValidationError for the SOP's own unit tree or an inactive unit."""
    if not permissions.can_establish(actor, sop.unit):
        raise PermissionDenied(_("Hanya kepala unit yang dapat menambah unit yang menerapkan SOP ini."))
    if unit.path.startswith(sop.unit.path):
        raise ValidationError({"unit": _("Staf unit ini dan sub-unitnya sudah termasuk.")})
    if not unit.is_active:
        raise ValidationError({"unit": _("Unit tersebut tidak aktif.")})
    shared, _created = SharedUnit.objects.get_or_create(sop=sop, unit=unit, defaults={"added_by": actor})
    return shared


@transaction.atomic
def sop_unshare(*, shared: SharedUnit, actor: User) -> None:
    """Take a unit added with ``sop_share`` off again; raises PermissionDenied."""
    if not permissions.can_establish(actor, shared.sop.unit):
        raise PermissionDenied(_("Hanya kepala unit yang dapat mengubah unit yang menerapkan SOP ini."))
    shared.delete()


def sop_review_cycle_start(*, sop_id: int, start: datetime.date | None) -> None:
    """Start the periodic-review cycle of an SOP on ``start`` (None: nothing in force, nothing due).

    Called by the workflow when a version enters into force or is revoked, and by the periodic
    review when an SOP is found still valid; callers have checked permission.
    """
    sop = SOP.objects.select_for_update().get(pk=sop_id)
    sop.review_cycle_start = start
    sop.review_due_on = add_months(start, sop.review_period_months) if start else None
    sop.save(update_fields=["review_cycle_start", "review_due_on", "updated_at"])


@transaction.atomic
def version_replace_identity(
    *,
    version: SOPVersion,
    actor: User,
    lock: int | None = None,
    date_created: datetime.date | None = None,
    legal_bases: Sequence[dict] = (),
    qualifications: Sequence[str] = (),
    related: Sequence[dict] = (),
    equipment: Sequence[str] = (),
    warnings: Sequence[str] = (),
    records: Sequence[str] = (),
    purpose: str = "",
    scope: str = "",
    definitions: str = "",
) -> SOPVersion:
    """Replace the identity sheet of a draft; raises PermissionDenied, ValidationError, EditConflict."""
    version = _editable(version, actor, lock)
    version.date_created = date_created
    version.purpose, version.scope, version.definitions = purpose, scope, definitions
    version.legal_bases.all().delete()
    LegalBasis.objects.bulk_create(
        LegalBasis(version=version, position=i, **entry) for i, entry in enumerate(legal_bases, 1)
    )
    version.related_sops.all().delete()
    RelatedSOP.objects.bulk_create(
        RelatedSOP(version=version, position=i, **entry) for i, entry in enumerate(related, 1)
    )
    version.list_items.all().delete()
    ListItem.objects.bulk_create(
        ListItem(version=version, kind=kind, position=i, text=text)
        for kind, texts in (
            (ListKind.QUALIFICATION, qualifications),
            (ListKind.EQUIPMENT, equipment),
            (ListKind.WARNING, warnings),
            (ListKind.RECORD, records),
        )
        for i, text in enumerate(texts, 1)
    )
    return _saved(version, actor, "date_created", "purpose", "scope", "definitions")


# What a step says besides its kegiatan, actor and flow: the same names on StepData and Step.
WRITTEN_FIELDS = (
    "requirements",
    "duration_value",
    "duration_value_max",
    "duration_unit",
    "duration_text",
    "output",
    "notes",
)


def _written(step) -> dict:
    return {name: getattr(step, name) for name in WRITTEN_FIELDS}


@transaction.atomic
def version_replace_procedure(
    *, version: SOPVersion, actor: User, actors: Sequence[str], steps: Sequence[StepData], lock: int | None = None
) -> SOPVersion:
    """Replace the actor columns and steps of a draft (the steps numbered in their order, each actor the
    place of its name in ``actors``); raises PermissionDenied, ValidationError, EditConflict."""
    version = _editable(version, actor, lock)
    version.steps.all().delete()
    version.actors.all().delete()
    actor_rows = [Actor.objects.create(version=version, position=i, name=name) for i, name in enumerate(actors, 1)]
    step_rows = [
        Step.objects.create(
            version=version,
            number=n,
            kind=s.kind,
            text=s.text,
            actor=actor_rows[s.actor] if s.actor is not None else None,
            **_written(s),
        )
        for n, s in enumerate(steps, 1)
    ]
    bulk_create_with_history(
        [
            StepActor(version=version, step=row, actor=actor_rows[key])
            for row, s in zip(step_rows, steps, strict=True)
            for key in _co_actors(s, len(actor_rows))
        ],
        StepActor,
        default_user=actor,
    )
    by_number = {row.number: row for row in step_rows}
    for row, s in zip(step_rows, steps, strict=True):
        row.next_step = by_number.get(s.next)
        row.yes_step = by_number.get(s.yes)
        row.no_step = by_number.get(s.no)
        row.save(update_fields=["next_step", "yes_step", "no_step"])
    return _saved(version, actor)


def _co_actors(step: StepData, known) -> list[int]:
    """The step's further actors that are actors of the version (``known``: their keys, or how many
    there are when the keys are places), once each, without the step's own actor."""
    keys = range(known) if isinstance(known, int) else known
    return [k for k in dict.fromkeys(step.co_actors) if k in keys and k != step.actor]


# --- The step editor: one small change at a time, each under the version's lock. ---------------


def _renumber(version: SOPVersion, ordered: list[Step]) -> None:
    """Give ``ordered`` the numbers 1..n without tripping the (version, number) unique constraint."""
    Step.objects.filter(version=version).update(number=F("number") + 100000)
    for number, step in enumerate(ordered, 1):
        step.number = number
    Step.objects.bulk_update(ordered, ["number"])


def _reposition_actors(ordered: list[Actor]) -> None:
    for position, actor_row in enumerate(ordered, 1):
        actor_row.position = position
    Actor.objects.bulk_update(ordered, ["position"])


def _actor_name(version: SOPVersion, name: str, *, other_than: int | None = None) -> str:
    """The cleaned name of an actor column; raises ValidationError when empty or already taken."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Nama pelaksana tidak boleh kosong.")})
    if version.actors.filter(name__iexact=name).exclude(pk=other_than).exists():
        raise ValidationError({"name": _('Pelaksana "%(name)s" sudah ada.') % {"name": name}})
    return name


def _moved(ordered: list, pk: int, delta: int) -> list:
    """``ordered`` with the item ``pk`` moved ``delta`` places (kept within the ends)."""
    index = next(i for i, item in enumerate(ordered) if item.pk == pk)
    target = max(0, min(len(ordered) - 1, index + delta))
    ordered.insert(target, ordered.pop(index))
    return ordered


@transaction.atomic
def actor_add(*, version: SOPVersion, actor: User, lock: int, name: str) -> Actor:
    """Add an actor column at the right; raises ValidationError on an empty or duplicate name."""
    version = _editable(version, actor, lock)
    name = _actor_name(version, name)
    row = Actor.objects.create(version=version, position=version.actors.count() + 1, name=name)
    _saved(version, actor)
    return row


@transaction.atomic
def actor_update(*, version: SOPVersion, actor: User, lock: int, actor_id: int, name: str) -> Actor:
    """Rename an actor column."""
    version = _editable(version, actor, lock)
    row = version.actors.get(pk=actor_id)
    row.name = _actor_name(version, name, other_than=row.pk)
    row.save(update_fields=["name"])
    _saved(version, actor)
    return row


@transaction.atomic
def actor_move(*, version: SOPVersion, actor: User, lock: int, actor_id: int, delta: int) -> None:
    """Move an actor column left (-1) or right (+1)."""
    version = _editable(version, actor, lock)
    _reposition_actors(_moved(list(version.actors.order_by("position")), actor_id, delta))
    _saved(version, actor)


@transaction.atomic
def actor_delete(*, version: SOPVersion, actor: User, lock: int, actor_id: int) -> None:
    """Remove an unused actor column; raises ValidationError while a step uses it."""
    version = _editable(version, actor, lock)
    row = version.actors.get(pk=actor_id)
    used = {*row.steps.values_list("number", flat=True), *row.joint_steps.values_list("step__number", flat=True)}
    if used:
        raise ValidationError(
            _('Pelaksana "%(name)s" masih melaksanakan langkah %(steps)s; pindahkan langkah itu dahulu.')
            % {"name": row.name, "steps": ", ".join(map(str, sorted(used)))}
        )
    row.delete()
    _reposition_actors(list(version.actors.order_by("position")))
    _saved(version, actor)


@transaction.atomic
def step_add(*, version: SOPVersion, actor: User, lock: int, after: int | None = None) -> Step:
    """Insert an empty activity after step number ``after`` (at the end when None)."""
    version = _editable(version, actor, lock)
    ordered = list(version.steps.order_by("number"))
    index = (
        len(ordered)
        if after is None
        else next((i + 1 for i, s in enumerate(ordered) if s.number == after), len(ordered))
    )
    neighbour = ordered[index - 1] if index > 0 else None
    default_actor = neighbour.actor if neighbour and neighbour.actor_id else version.actors.order_by("position").first()
    kind = StepKind.START if not ordered else StepKind.ACTIVITY
    row = Step.objects.create(
        version=version, number=100000 + len(ordered) + 1, kind=kind, text="", actor=default_actor
    )
    ordered.insert(index, row)
    _renumber(version, ordered)
    _saved(version, actor)
    return row


@transaction.atomic
def step_update(*, version: SOPVersion, actor: User, lock: int, step_id: int, fields: StepData) -> Step:
    """Save one step (``fields.actor``: an actor's id; targets: step numbers); raises ValidationError
    for an actor or target outside the version.

    When ``version`` comes with its content prefetched (``sop.selectors.version_with_content``, as the
    editor loads it), those rows are used: the lock, checked under the row lock, proves that nothing
    changed since they were read, since every edit takes a new lock.
    """
    loaded = version
    version = _editable(version, actor, lock)
    steps = _prefetched(loaded, "steps") if lock is not None else None
    if steps is None:
        steps = list(version.steps.order_by("number"))
        loaded = version
    row = next((s for s in steps if s.pk == step_id), None)
    if row is None:
        raise Step.DoesNotExist(f"step {step_id} is not in version {version.pk}")
    by_number = {s.number: s.pk for s in steps}
    actors = _prefetched(loaded, "actors")
    actor_ids = {a.pk for a in actors} if actors is not None else set(version.actors.values_list("pk", flat=True))
    if fields.actor is not None and fields.actor not in actor_ids:
        raise ValidationError({"actor": _("Pelaksana tidak ada pada versi ini.")})
    if set(fields.co_actors) - actor_ids:
        raise ValidationError({"co_actors": _("Pelaksana tidak ada pada versi ini.")})
    for name, target in (("next", fields.next), ("yes", fields.yes), ("no", fields.no)):
        if target is not None and (target not in by_number or target == row.number):
            raise ValidationError({name: _("Pilih langkah lain pada versi ini.")})
    target_id = {None: None, **by_number}
    decision = fields.kind == StepKind.DECISION
    row.kind, row.text, row.actor_id = fields.kind, fields.text, fields.actor
    # A number without its unit is kept as typed (a hint says what is missing, procedure.validate).
    for name, value in _written(fields).items():
        setattr(row, name, value)
    row.next_step_id = None if decision or fields.kind == StepKind.END else target_id[fields.next]
    row.yes_step_id = target_id[fields.yes] if decision else None
    row.no_step_id = target_id[fields.no] if decision else None
    row.full_clean(exclude=["version", "next_step", "yes_step", "no_step", "actor"])
    row.save()
    _set_co_actors(row, _co_actors(fields, actor_ids), actor)
    content = build_content(loaded, steps) if loaded is not version else None
    row.version = _saved(version, actor, content=content)  # with its new lock
    return row


def _set_co_actors(row: Step, wanted: list[int], user: User) -> None:
    """Make ``row``'s further actors ``wanted`` (actor ids), touching the rows only when they change."""
    have = [c.actor_id for c in row.co_actors.all()]
    if sorted(have) == sorted(wanted):
        return
    for gone in row.co_actors.exclude(actor_id__in=wanted):
        gone.delete()  # one by one: the field history records each
    bulk_create_with_history(
        [StepActor(version_id=row.version_id, step=row, actor_id=a) for a in wanted if a not in have],
        StepActor,
        default_user=user,
    )
    getattr(row, "_prefetched_objects_cache", {}).pop("co_actors", None)  # read afresh by build_content


def _prefetched(version: SOPVersion, name: str) -> list | None:
    """The rows of ``name`` prefetched with ``version``, or None when they were not."""
    cache = getattr(version, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


@transaction.atomic
def step_move(*, version: SOPVersion, actor: User, lock: int, step_id: int, delta: int) -> None:
    """Move a step up (-1) or down (+1); links between steps follow the steps, not the numbers."""
    version = _editable(version, actor, lock)
    _renumber(version, _moved(list(version.steps.order_by("number")), step_id, delta))
    _saved(version, actor)


@transaction.atomic
def step_delete(*, version: SOPVersion, actor: User, lock: int, step_id: int) -> None:
    """Delete a step; steps that pointed to it lose that link and show it as a problem."""
    version = _editable(version, actor, lock)
    version.steps.get(pk=step_id).delete()
    _renumber(version, list(version.steps.order_by("number")))
    _saved(version, actor)


OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.AWAITING_ESTABLISHMENT)


@transaction.atomic
def version_revise(*, sop: SOP, actor: User, reason: str, summary: str) -> SOPVersion:
    """Open a new draft copying the version in force, recording why (``reason``, a ChangeReason) and
    what it will change (``summary``); raises PermissionDenied, or ValidationError if a draft is
    already open or the reason or summary is missing."""
    if not permissions.can_draft(actor, sop.unit):
        raise PermissionDenied
    return revision_open(sop=sop, author=actor, reason=reason, summary=summary)


def _change(reason: str, summary: str) -> tuple[str, str]:
    summary = " ".join(refuse_nul(summary, "summary").split())
    errors = {}
    if reason not in ChangeReason.values:
        errors["reason"] = _("Pilih alasan perubahan.")
    if not summary:
        errors["summary"] = _("Tuliskan ringkasan perubahan dalam satu kalimat.")
    elif len(summary) > 300:
        errors["summary"] = _("Ringkasan perubahan paling panjang 300 karakter (sekarang %(n)s).") % {"n": len(summary)}
    if errors:
        raise ValidationError(errors)
    return reason, summary


@transaction.atomic
def revision_open(*, sop: SOP, author: User | None, reason: str, summary: str) -> SOPVersion:
    """version_revise without the permission check, for callers that made their own (a periodic
    review by a unit head opens the draft with no author, so the head may still establish it)."""
    reason, summary = _change(reason, summary)
    SOP.objects.select_for_update().get(pk=sop.pk)  # one revision at a time, even on a double click
    if sop.versions.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("SOP ini sudah memiliki versi yang sedang disusun atau diperiksa."))
    source = sop.versions.filter(status=VersionStatus.IN_FORCE).first()
    if source is None:
        raise ValidationError(_("Revisi hanya dapat dibuat dari versi yang sedang berlaku."))
    last = sop.versions.order_by("-revision").values_list("revision", flat=True).first()
    draft = SOPVersion.objects.create(
        sop=sop,
        revision=last + 1,
        date_created=source.date_created,
        purpose=source.purpose,
        scope=source.scope,
        definitions=source.definitions,
        change_reason=reason,
        change_summary=summary,
        created_by=author,
        updated_by=author,
    )
    _copy_parts(source, draft, author)
    draft.search_text = search_text_of(draft)
    draft.save(update_fields=["search_text"])
    return draft


def _copy_parts(source: SOPVersion, draft: SOPVersion, author: User | None) -> None:
    """Copy what hangs below ``source`` into the new ``draft``: dasar hukum, keterkaitan, the lists,
    the actors, the steps with their flow and their further actors."""
    LegalBasis.objects.bulk_create(
        LegalBasis(version=draft, position=b.position, kind=b.kind, number=b.number, year=b.year, subject=b.subject)
        for b in source.legal_bases.all()
    )
    RelatedSOP.objects.bulk_create(
        RelatedSOP(version=draft, position=r.position, relation=r.relation, target_id=r.target_id, text=r.text)
        for r in source.related_sops.all()
    )
    ListItem.objects.bulk_create(
        ListItem(version=draft, kind=i.kind, position=i.position, text=i.text) for i in source.list_items.all()
    )
    actors = {a.pk: Actor.objects.create(version=draft, position=a.position, name=a.name) for a in source.actors.all()}
    old_steps = list(source.steps.all())
    new_steps = {
        s.pk: Step.objects.create(
            version=draft,
            number=s.number,
            kind=s.kind,
            text=s.text,
            actor=actors.get(s.actor_id),
            **_written(s),
        )
        for s in old_steps
    }
    bulk_create_with_history(
        [
            StepActor(version=draft, step=new_steps[c.step_id], actor=actors[c.actor_id])
            for c in StepActor.objects.filter(version=source).order_by("pk")
        ],
        StepActor,
        default_user=author,
    )
    for s in old_steps:
        copy = new_steps[s.pk]
        copy.next_step = new_steps.get(s.next_step_id)
        copy.yes_step = new_steps.get(s.yes_step_id)
        copy.no_step = new_steps.get(s.no_step_id)
        copy.save(update_fields=["next_step", "yes_step", "no_step"])


@transaction.atomic
def export_start(*, actor: User, sop_ids: list[int]) -> ExportJob:
    """Ask for the PDFs of the versions in force of ``sop_ids`` (a filtered list's SOPs) as one ZIP,
    made in the background (sop.tasks.build_export); raises ValidationError for none or too many."""
    if not sop_ids:
        raise ValidationError(_("Daftar ini kosong: tidak ada PDF untuk diunduh."))
    if len(sop_ids) > EXPORT_MAX:
        raise ValidationError(
            _("Daftar ini memuat %(n)s SOP; satu unduhan paling banyak %(max)s. Persempit dengan saringan.")
            % {"n": len(sop_ids), "max": EXPORT_MAX}
        )
    job = ExportJob.objects.create(requested_by=actor, sop_ids=list(sop_ids), total=len(sop_ids))
    outbox.enqueue("sop.tasks.build_export", job_id=job.pk)
    return job
