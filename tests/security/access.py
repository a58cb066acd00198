"""Who may use each page of the portal: the one table the access test holds every URL to.

Each URL name maps to what a GET and a POST may do, as a rule of the person asking and of the
object in the address. Rights come from the roles as Permen PANRB 35/2012 gives them (ROLE_RIGHTS
below, written out here and not taken from the code under test), held in the SOP's unit or in a unit
above it. A URL the project has and this table lacks fails the test: a new page cannot ship without
deciding who may use it.

Answers, as the test sorts them:
- ``ok``: the page or the action (2xx, or a redirect elsewhere than the login without an error);
- ``invalid``: 400 or 422, or a redirect with an error message: the data was refused. The test's
  POSTs carry no data, so this is what an allowed person gets from a form; a person not allowed may
  get it too when a view checks the data first (nothing changes either way), never ``ok``;
- ``conflict``: 409, the person may act but not in this state (nothing changed);
- ``refused``: 403, 404, a redirect to the login or the public page, or (for a GET) a redirect
  with an error message;
- ``method``: 405, the page does not take this method.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VIEW, DRAFT, REVIEW, ESTABLISH, MANAGE = "view", "draft", "review", "establish", "manage"
ROLE_RIGHTS = {
    "pegawai": {VIEW},
    "penyusun": {VIEW, DRAFT},
    "pemeriksa": {VIEW, REVIEW},
    "pengesah": {VIEW, ESTABLISH, MANAGE},
    "admin_unit": {VIEW, MANAGE},
}
OK, INVALID, CONFLICT, REFUSED, METHOD = "ok", "invalid", "conflict", "refused", "method"


@dataclass(frozen=True)
class Person:
    """Someone asking: ``where`` is "own" (the SOP's unit), "parent" (the unit above it), "other" (a
    sibling unit), "" for a visitor; ``superuser`` for the portal administrator."""

    name: str
    role: str = ""
    where: str = ""
    active: bool = True
    superuser: bool = False

    @property
    def signed_in(self) -> bool:
        return bool(self.name != "anonim" and self.active)

    def rights(self) -> set[str]:
        """Rights on the SOPs' unit (own or parent: a right held above covers the units below)."""
        if not self.signed_in:
            return set()
        if self.superuser:
            return {VIEW, DRAFT, REVIEW, ESTABLISH, MANAGE}
        return set(ROLE_RIGHTS.get(self.role, ())) if self.where in ("own", "parent") else set()

    def anywhere(self) -> set[str]:
        """Rights held on some unit (the pages that list "my units")."""
        if not self.signed_in:
            return set()
        if self.superuser:
            return {VIEW, DRAFT, REVIEW, ESTABLISH, MANAGE}
        return set(ROLE_RIGHTS.get(self.role, ()))


@dataclass(frozen=True)
class Target:
    """The object in the address: its status (of the version shown), whether it serves the public,
    whether it is in force; ``kind`` names what it is for rules that differ."""

    status: str = ""
    public: bool = False
    kind: str = ""
    extra: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def in_force(self) -> bool:
        return self.status == "in_force"


def _reads(p: Person, t: Target) -> bool:
    """May read the SOP: their unit's SOPs, or an SOP in force that serves the public or applies to
    them (every signed-in person of this agency works in a unit at or below the SOP's unit's parent;
    the "other" unit's staff follow only SOPs of the units above them)."""
    if VIEW in p.rights():
        return True
    if not t.in_force:
        return False
    return t.public or (p.signed_in and p.where != "other")


def anyone(p, t):
    return OK


def signed_in(p, t):
    return OK if p.signed_in else REFUSED


def reader(p, t):
    return OK if _reads(p, t) else REFUSED


def right(*needed, states=None, read_first=True):
    """Allowed with one of ``needed`` on the SOP's unit; in other states than ``states`` the page
    answers conflict or refused (nothing changes either way)."""

    def rule(p, t):
        allowed = bool(p.rights() & set(needed))
        if states is not None and t.status not in states:
            return {CONFLICT, REFUSED} if allowed or _reads(p, t) else REFUSED
        return OK if allowed else REFUSED

    return rule


def right_anywhere(*needed):
    """Pages of "my units": allowed to whoever holds one of ``needed`` on some unit."""

    def rule(p, t):
        return OK if p.anywhere() & set(needed) else REFUSED

    return rule


def superuser_only(p, t):
    return OK if p.signed_in and p.superuser else REFUSED


def public_in_force(p, t):
    """What the public may use of a public-service SOP in force, signed in or not."""
    return OK if t.public and t.in_force else REFUSED


def _empty_post(answer):
    """A form that needs fields: where the page would open, an empty POST is invalid instead."""
    return INVALID if answer == OK else answer


def no_post(p, t):
    """A page that only reads: 405 for a POST, or the page itself (a POST body is ignored)."""
    return METHOD


def refused_or_method(p, t):
    """GET of an action that takes POST only: 405, or refused first to who may not see it."""
    return {METHOD, REFUSED}


def outcome(rule, p, t, method: str) -> set[str]:
    answer = rule(p, t)
    answers = set(answer) if isinstance(answer, set) else {answer}
    if method == "POST" and answers & {OK, REFUSED, CONFLICT}:
        answers.add(INVALID)  # a POST without data: see the module's docstring
    return answers


# Drafts are edited only while a draft; a change sent without the version's lock is a conflict.
DRAFTING = right(DRAFT, states={"draft"})


def drafting_post(p, t):
    answer = DRAFTING(p, t)
    return {OK, CONFLICT} if answer == OK else answer


def member_reader(p, t):
    """The staff pages of an SOP: a visitor is sent to the public page (or refused)."""
    return reader(p, t) if p.signed_in else REFUSED


READ_GET = {"GET": member_reader, "POST": no_post}

ACCESS: dict[str, dict] = {
    # Everyone.
    "health": {"GET": anyone, "POST": no_post},
    "sop:public_list": {"GET": anyone, "POST": no_post},
    "sop:public_detail": {"GET": lambda p, t: OK if t.public and t.in_force else REFUSED, "POST": no_post},
    "sop:public_pdf": {"GET": lambda p, t: OK if t.public and t.in_force else REFUSED, "POST": no_post},
    "sop:verify": {"GET": anyone, "POST": no_post},
    # Anyone may have a file checked; a POST without one is refused as invalid.
    "sop:verify_file": {"GET": anyone, "POST": lambda p, t: INVALID},
    # No version of the test world is signed electronically: 404 to everyone, as for any unsigned one
    # (tests/workflow/test_electronic_signature.py downloads a signed one).
    "sop:signed_pdf": {"GET": lambda p, t: REFUSED, "POST": lambda p, t: REFUSED},
    "login": {"GET": anyone, "POST": anyone},
    # The code of two-factor sign-in: for a signed-in session (without a code owed, a redirect on).
    "login_code": {"GET": signed_in, "POST": signed_in},
    # The link that lifts a lock: the test's token is no valid one.
    "unlock": {"GET": lambda p, t: INVALID, "POST": lambda p, t: INVALID},
    "logout": {"GET": no_post, "POST": anyone},
    "password_reset": {"GET": anyone, "POST": anyone},
    "password_reset_done": {"GET": anyone, "POST": no_post},
    "password_reset_confirm": {"GET": anyone, "POST": anyone},
    "password_reset_complete": {"GET": anyone, "POST": no_post},
    "set_language": {"GET": anyone, "POST": anyone},
    # Reading SOPs.
    "sop:list": {"GET": signed_in, "POST": no_post},
    "sop:list_xlsx": {"GET": signed_in, "POST": no_post},
    # The ZIP of a list's PDFs: asked by anyone signed in (of what they see); followed and fetched by
    # the one who asked only (the table's export is the drafter's behind the SOPs, nobody listed here).
    "sop:export_start": {"GET": lambda p, t: METHOD if p.signed_in else REFUSED, "POST": signed_in},
    "sop:export_detail": {"GET": lambda p, t: REFUSED, "POST": lambda p, t: METHOD if p.signed_in else REFUSED},
    "sop:export_file": {"GET": lambda p, t: REFUSED, "POST": lambda p, t: METHOD if p.signed_in else REFUSED},
    "sop:detail": READ_GET,
    "sop:version": READ_GET,
    "sop:pdf": READ_GET,
    "sop:compare": {"GET": member_reader, "POST": no_post},  # the versions the person may read
    "sop:field_history": {"GET": right(ESTABLISH, MANAGE), "POST": no_post},
    "workflow:history": {"GET": right(VIEW), "POST": no_post},
    # Drafting.
    "sop:create": {"GET": right_anywhere(DRAFT), "POST": right_anywhere(DRAFT)},
    "sop:propose_number": {"GET": signed_in, "POST": no_post},
    # The change-control form: for the unit's drafters while a version is in force; an empty POST is invalid.
    "sop:revise": {
        "GET": right(DRAFT, states={"in_force"}),
        "POST": lambda p, t: _empty_post(right(DRAFT, states={"in_force"})(p, t)),
    },
    "sop:edit_identity": {"GET": DRAFTING, "POST": drafting_post},
    "sop:edit_steps": {"GET": DRAFTING, "POST": drafting_post},
    "sop:edit_preview": {"GET": DRAFTING, "POST": no_post},
    **{
        name: {"GET": refused_or_method, "POST": drafting_post}
        for name in [
            "sop:step_add",
            "sop:step_save",
            "sop:step_move",
            "sop:step_delete",
            "sop:actor_add",
            "sop:actor_update",
            "sop:actor_move",
            "sop:actor_delete",
        ]
    },
    # Importing signed PDFs: the batches of the units where one drafts.
    "digitise:upload": {"GET": right_anywhere(DRAFT), "POST": right_anywhere(DRAFT)},
    **{
        name: {"GET": right(DRAFT), "POST": no_post}
        for name in ["digitise:batch", "digitise:progress", "digitise:original", "digitise:page"]
    },
    "digitise:review": {"GET": right(DRAFT), "POST": right(DRAFT)},
    # The workflow: submitting (the test's action) is the drafters'; penetapan the heads'.
    "workflow:inbox": {"GET": signed_in, "POST": no_post},
    "workflow:transition": {"GET": refused_or_method, "POST": right(DRAFT, states={"draft"})},
    # The penetapan page explains when the version is not awaiting it; the move itself refuses.
    "workflow:establish": {"GET": right(ESTABLISH), "POST": right(ESTABLISH)},
    # Reviewers and heads comment; drafters answer; drafters (and the comment's author) resolve.
    "workflow:comment_add": {"GET": refused_or_method, "POST": right(REVIEW, ESTABLISH, DRAFT)},
    "workflow:comment_resolve": {"GET": refused_or_method, "POST": right(DRAFT)},
    # Monitoring and evaluation.
    "monitoring:dashboard": {"GET": right_anywhere(ESTABLISH, MANAGE), "POST": no_post},
    "monitoring:dashboard_csv": {"GET": right_anywhere(ESTABLISH, MANAGE), "POST": no_post},
    "monitoring:indicator_report": {"GET": right_anywhere(ESTABLISH, MANAGE), "POST": no_post},
    "monitoring:survey_results": {"GET": right_anywhere(ESTABLISH, MANAGE), "POST": no_post},
    # The public's survey and complaints: anyone, about a public-service SOP in force only.
    "monitoring:survey_form": {"GET": public_in_force, "POST": public_in_force},
    "monitoring:complaint_form": {"GET": public_in_force, "POST": public_in_force},
    "monitoring:complaint_track": {"GET": lambda p, t: OK, "POST": no_post},
    # The competence quiz: read with the version, written by its drafters while a draft; taken only
    # by those asked to read a version in force that has one (the test's versions have none: 404).
    "monitoring:quiz_edit": {"GET": member_reader, "POST": DRAFTING},
    "monitoring:quiz_take": {"GET": lambda p, t: REFUSED, "POST": lambda p, t: REFUSED},
    # The periodic review is recorded by the unit's drafters, reviewers and head.
    "monitoring:review_record": {
        "GET": refused_or_method,
        "POST": right(DRAFT, REVIEW, ESTABLISH, states={"in_force"}),
    },
    "monitoring:round": {"GET": right_anywhere(REVIEW, ESTABLISH), "POST": right_anywhere(REVIEW, ESTABLISH)},
    "monitoring:report": {"GET": right_anywhere(REVIEW, ESTABLISH), "POST": no_post},
    "monitoring:evaluate": {
        "GET": right(REVIEW, ESTABLISH, states={"in_force"}),
        "POST": right(REVIEW, ESTABLISH, states={"in_force"}),
    },
    "monitoring:evaluation_revision": {"GET": refused_or_method, "POST": right(DRAFT, REVIEW, ESTABLISH)},
    # Sosialisasi and feedback.
    "monitoring:reading_list": {"GET": signed_in, "POST": no_post},
    # Read confirmations are asked of the unit's staff and its sub-units' (not of the units above).
    "monitoring:read_confirm": {
        "GET": refused_or_method,
        "POST": lambda p, t: OK if t.in_force and p.signed_in and p.where in ("own", "sub") else REFUSED,
    },
    "monitoring:reading_unit": {"GET": right_anywhere(MANAGE), "POST": no_post},
    "monitoring:reading_sop": {"GET": right(MANAGE), "POST": no_post},
    "monitoring:read_remind": {"GET": refused_or_method, "POST": right(MANAGE)},
    "monitoring:reading_unit_add": {"GET": refused_or_method, "POST": right(ESTABLISH)},
    "monitoring:reading_unit_remove": {"GET": refused_or_method, "POST": right(ESTABLISH)},
    "monitoring:feedback_send": {"GET": refused_or_method, "POST": member_reader},
    "monitoring:feedback_inbox": {"GET": right_anywhere(DRAFT, ESTABLISH), "POST": no_post},
    "monitoring:feedback_answer": {"GET": refused_or_method, "POST": right(DRAFT, ESTABLISH)},
    "monitoring:feedback_revision": {"GET": refused_or_method, "POST": right(DRAFT, ESTABLISH)},
    # Cases: read, started and carried out by the staff of the SOP's unit (who does which step is
    # the actor mapping's: tests/cases), the mapping kept by its head or admin; tracked by anyone.
    "cases:list": {"GET": signed_in, "POST": no_post},
    "cases:start": {"GET": right(VIEW), "POST": right(VIEW)},
    "cases:mapping": {"GET": right(MANAGE), "POST": right(MANAGE)},
    "cases:detail": {"GET": right(VIEW), "POST": lambda p, t: METHOD if p.signed_in else REFUSED},
    "cases:step": {"GET": refused_or_method, "POST": right(VIEW)},
    "cases:cancel": {"GET": refused_or_method, "POST": right(VIEW)},
    "cases:track": {"GET": anyone, "POST": no_post},
    # Administration: heads and unit admins over their units; the portal administrator over all.
    "org:home": {"GET": right_anywhere(MANAGE), "POST": no_post},
    "org:unit_list": {"GET": superuser_only, "POST": no_post},
    "org:unit_create": {"GET": superuser_only, "POST": superuser_only},
    "org:unit_edit": {"GET": superuser_only, "POST": superuser_only},
    "org:unit_active": {"GET": refused_or_method, "POST": superuser_only},
    "org:unit_delete": {"GET": refused_or_method, "POST": superuser_only},
    "org:unit_members": {"GET": right(MANAGE), "POST": right(MANAGE)},
    "org:membership_remove": {"GET": refused_or_method, "POST": right(MANAGE)},
    # Accounts are the portal administrator's; heads and unit admins give roles (unit_members).
    "org:user_list": {"GET": superuser_only, "POST": no_post},
    "org:user_create": {"GET": superuser_only, "POST": superuser_only},
    "org:user_edit": {"GET": superuser_only, "POST": superuser_only},
    "org:user_active": {"GET": refused_or_method, "POST": superuser_only},
    "org:user_password": {"GET": refused_or_method, "POST": superuser_only},
    "org:user_import": {"GET": superuser_only, "POST": superuser_only},
    "org:settings": {"GET": superuser_only, "POST": superuser_only},
    "org:audit_log": {"GET": superuser_only, "POST": no_post},
    "org:api_token": {"GET": signed_in, "POST": signed_in},
    "org:security": {"GET": signed_in, "POST": signed_in},
    "org:certificate": {"GET": signed_in, "POST": lambda p, t: INVALID if p.signed_in else REFUSED},
    "org:agency_signing": {
        "GET": superuser_only,
        "POST": lambda p, t: INVALID if p.signed_in and p.superuser else REFUSED,
    },
    "org:user_second_factor_reset": {"GET": refused_or_method, "POST": superuser_only},
    # The API: reads only, the same rights as the pages.
    "api:api-root": {"GET": anyone, "POST": no_post},
    "api:unit-list": {"GET": anyone, "POST": no_post},
    "api:unit-detail": {"GET": anyone, "POST": no_post},
    "api:sop-list": {"GET": anyone, "POST": no_post},
    "api:sop-detail": {"GET": reader, "POST": no_post},
    "api:version-detail": {"GET": reader, "POST": no_post},
    "api:version-pdf": {"GET": reader, "POST": no_post},
    "api:changes": {"GET": anyone, "POST": no_post},
    "api:verify": {"GET": no_post, "POST": lambda p, t: INVALID},
    "api:schema": {"GET": anyone, "POST": no_post},
    "api:docs": {"GET": anyone, "POST": no_post},
    # Uploaded files: the units' logos only (everything else is served by the pages above).
    "unit_logo": {"GET": anyone, "POST": no_post},
}
# Django's admin: the portal administrator (superuser) only; everybody else is sent to its login.
ADMIN = {"GET": superuser_only, "POST": superuser_only}

# Who may give (or take away) which role, to whom. Roles rank by the power they carry; a person
# manages memberships only with a managing right (pengesah, admin_unit) held in the unit or above;
# nobody gives a role above the highest they hold there, nobody changes their own roles, and
# pengesah (the power to sign SOPs into force) is given only by the portal administrator or the
# pengesah of a unit above the unit concerned.
ROLE_RANK = {"pegawai": 0, "penyusun": 1, "pemeriksa": 2, "admin_unit": 3, "pengesah": 4}


def may_change_role(p: Person, role: str, *, to_self: bool) -> bool:
    """Whether ``p`` may grant or revoke ``role`` in the SOPs' unit (``p.where`` says where p's own
    role is held: "own" is that unit, "parent" the unit above it)."""
    if not p.signed_in or to_self:
        return False
    if p.superuser:
        return True
    if MANAGE not in p.rights():
        return False
    if ROLE_RANK[role] > ROLE_RANK[p.role]:
        return False
    return role != "pengesah" or (p.role == "pengesah" and p.where == "parent")
