"""Every URL of the project, asked by everyone, against the one table of tests/security/access.py.

The world: an agency (root) with the SOPs' unit (Dinas), a sub-unit below it and a sibling unit;
SOPs of the Dinas in every state (draft, in review, awaiting penetapan, in force, in force for the
public) with steps, actors, a comment, an evaluation, feedback and an import batch; people with each
role in the Dinas, each role in the unit above, staff of the sub-unit and of the sibling unit, a
deactivated drafter, a visitor and the portal administrator. Each URL is filled with each object it
can take and asked with GET and POST (each POST rolled back, so one answer never changes the next).
"""

from __future__ import annotations

import collections
import datetime
import itertools

import pytest
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from monitoring.models import Evaluation, Feedback, FeedbackKind
from org.models import Membership, Role, Unit, User
from sop import services as sop_services
from sop.models import SOP, SharedUnit, SOPVersion
from tests.conftest import VALID_STEPS
from tests.factories import SOPVersionFactory, UnitFactory, UserFactory, grant
from workflow.models import ReviewComment

from .access import (
    ACCESS,
    ADMIN,
    CONFLICT,
    INVALID,
    METHOD,
    OK,
    REFUSED,
    Person,
    Target,
    no_post,
    outcome,
    superuser_only,
)

ROLES = {
    "pegawai": Role.STAFF,
    "penyusun": Role.DRAFTER,
    "pemeriksa": Role.REVIEWER,
    "pengesah": Role.HEAD,
    "admin_unit": Role.UNIT_ADMIN,
}
PEOPLE = [
    Person("anonim"),
    *[Person(f"{role}_dinas", role, "own") for role in ROLES],
    *[Person(f"{role}_induk", role, "parent") for role in ROLES],
    Person("penyusun_bidang", "penyusun", "sub"),
    Person("penyusun_lain", "penyusun", "other"),
    Person("pengesah_lain", "pengesah", "other"),
    Person("penyusun_nonaktif", "penyusun", "own", active=False),
    Person("administrator", superuser=True),
]
# The smallest PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
QUERY = "?"  # a fill's key for the query string of the address
STATES = ["draft", "in_review", "awaiting", "in_force"]


def url_names() -> list[tuple[str, object]]:
    """(name, pattern) of every URL of the project; the admin's unnamed ones by their route."""
    found = []

    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                found.append((name or prefix + str(pattern.pattern), prefix + str(pattern.pattern)))

    walk(get_resolver().url_patterns)
    return found


def classify(response, method: str) -> str:
    status = response.status_code
    if status == 405:
        return METHOD
    if status == 409:
        return CONFLICT
    if status in (401, 403, 404):
        return REFUSED
    if status in (400, 422):
        return INVALID
    if status in (301, 302, 303):
        location = response["Location"]
        if location.startswith((reverse("login"), "/admin/login/", "/publik/")):
            return REFUSED
        if any(m.level >= messages.ERROR for m in messages.get_messages(response.wsgi_request)):
            return REFUSED if method == "GET" else INVALID
        return OK
    if status in (200, 201, 204):
        return OK
    raise AssertionError(f"unexpected answer {status}")


class World:
    def __init__(self):
        self.root = UnitFactory(code="ROOT", name="Pemerintah Kabupaten Uji", kind=Unit.Kind.AGENCY)
        self.unit = UnitFactory(parent=self.root, code="DINAS", name="Dinas Uji")
        self.sub = UnitFactory(parent=self.unit, code="BIDANG", name="Bidang Uji", kind=Unit.Kind.SUB_UNIT)
        self.other = UnitFactory(parent=self.root, code="LAIN", name="Dinas Lain")
        where = {"own": self.unit, "parent": self.root, "sub": self.sub, "other": self.other}
        self.users: dict[str, User | None] = {"anonim": None}
        for person in PEOPLE[1:]:
            user = UserFactory(username=person.name, is_superuser=person.superuser, is_staff=person.superuser)
            if person.role:
                grant(user, where[person.where], ROLES[person.role])
            if not person.active:
                user.is_active = False
                user.save()
            self.users[person.name] = user
        self.author = UserFactory(username="penulis")
        grant(self.author, self.unit, Role.DRAFTER)
        self.staff = UserFactory(username="staf_dinas")  # the person the user pages are about
        grant(self.staff, self.unit, Role.DRAFTER)
        self.versions: dict[str, SOPVersion] = {}
        for state in [*STATES, "public"]:
            version = SOPVersionFactory(sop__unit=self.unit, created_by=self.author, updated_by=self.author)
            sop_services.version_replace_procedure(
                version=version, actor=self.author, actors=["Loket", "Kepala Seksi"], steps=VALID_STEPS
            )
            ReviewComment.objects.create(version=version, author=self.author, text="Catatan")
            status = "in_force" if state == "public" else state
            if status == "in_force":
                SOPVersion.objects.filter(pk=version.pk).update(content_hash=f"{version.pk:064d}")
                SOP.objects.filter(pk=version.sop_id).update(is_public_service=state == "public")
            SOPVersion.objects.filter(pk=version.pk).update(status=status)
            version.refresh_from_db()
            self.versions[state] = version
        for state in ("in_force", "public"):
            version = self.versions[state]
            Evaluation.objects.create(
                sop=version.sop,
                version=version,
                date=datetime.date(2026, 11, 1),
                evaluator=self.users["pemeriksa_dinas"],
                answers=["ya"] * 7,
                notes=[""] * 7,
                all_met=True,
            )
            Feedback.objects.create(
                sop=version.sop, version=version, author=self.staff, kind=FeedbackKind.PROBLEM, text="Lambat"
            )
        self.logo = "uji.png"

        if not default_storage.exists(f"logos/{self.logo}"):
            default_storage.save(f"logos/{self.logo}", ContentFile(PNG))
        # A signed PDF read by the importer, as a drafter of the Dinas uploads it.
        from digitise import batches as imports
        from tests.digitise.pdfs import sample

        pdf = sample("bps-022")
        with transaction.atomic():
            self.batch = imports.import_batch_create(
                unit=self.unit,
                actor=self.author,
                uploads=[imports.Upload(name=pdf.name, file=ContentFile(pdf.read_bytes()))],
                queue=False,
            )
        self.file = self.batch.files.get()
        imports.import_file_process(file_id=self.file.pk)
        self.file.refresh_from_db()
        # A case carried out on the SOP in force (cases:*).
        from cases import services as case_services

        self.case = case_services.case_start(sop=self.versions["in_force"].sop, actor=self.author, reference="UJI-1")
        # An export of PDFs asked for by the drafter behind the SOPs (sop:export_*).
        from sop.models import ExportJob

        self.export = ExportJob.objects.create(requested_by=self.author, sop_ids=[], status="done")
        for version in self.versions.values():
            # Shared with the sub-unit (whose staff read the SOPs in force anyway): a row to take off.
            SharedUnit.objects.create(sop=version.sop, unit=self.sub, added_by=self.users["pengesah_dinas"])

    def target(self, state: str) -> Target:
        version = self.versions[state]
        return Target(status=version.status, public=state == "public")

    def fills(self, name: str):
        """(kwargs, target) for each object the URL ``name`` can take."""
        v = self.versions
        by_state = [(state, v[state]) for state in v]
        sop_level = [({"pk": version.sop_id}, self.target(state)) for state, version in by_state]
        version_level = [
            ({"sop_pk": version.sop_id, "pk": version.pk}, self.target(state)) for state, version in by_state
        ]
        plain = Target(kind="page")
        unit = Target(kind="unit")
        fills = {
            "sop:verify": [({"content_hash": v["in_force"].content_hash}, plain)],
            "digitise:batch": [({"pk": self.batch.pk}, plain)],
            "digitise:progress": [({"pk": self.batch.pk}, plain)],
            "digitise:review": [({"pk": self.file.pk}, plain)],
            "digitise:original": [({"pk": self.file.pk}, plain)],
            "digitise:page": [({"pk": self.file.pk, "page": 1}, plain)],
            "workflow:transition": [({**kw, "action": "submit"}, t) for kw, t in version_level],
            "workflow:comment_resolve": [
                ({"pk": version.review_comments.get().pk}, self.target(state)) for state, version in by_state
            ],
            "monitoring:evaluation_revision": [
                ({"pk": Evaluation.objects.get(version=v[state]).pk}, self.target(state))
                for state in ("in_force", "public")
            ],
            "monitoring:feedback_answer": [
                ({"pk": Feedback.objects.get(version=v[state]).pk}, self.target(state))
                for state in ("in_force", "public")
            ],
            "monitoring:reading_unit_remove": [({**kw, "unit_pk": self.sub.pk}, t) for kw, t in sop_level],
            "monitoring:report": [
                ({QUERY: f"unit={self.unit.pk}&kind=monitoring&start=2026-01-01&end=2026-12-31&format=xlsx"}, plain)
            ],
            "api:changes": [({QUERY: "since=2026-01-01T00:00:00Z"}, plain)],
            "org:unit_edit": [({"pk": self.unit.pk}, unit)],
            "org:unit_active": [({"pk": self.unit.pk}, unit)],
            "org:unit_delete": [({"pk": self.unit.pk}, unit)],
            "org:unit_members": [({"pk": self.unit.pk}, unit)],
            "org:membership_remove": [({"pk": Membership.objects.get(user=self.staff).pk}, unit)],
            "org:user_edit": [({"pk": self.staff.pk}, unit)],
            "org:user_active": [({"pk": self.staff.pk}, unit)],
            "org:user_password": [({"pk": self.staff.pk}, unit)],
            "org:user_second_factor_reset": [({"pk": self.staff.pk}, unit)],
            "unlock": [({"token": "tidak-sah"}, plain)],
            "unit_logo": [({"name": self.logo}, plain)],
            "password_reset_confirm": [({"uidb64": "MQ", "token": "tidak-sah"}, plain)],
            "api:unit-detail": [({"pk": self.unit.pk}, plain)],
            "cases:detail": [({"pk": self.case.pk}, self.target("in_force"))],
            "sop:export_detail": [({"pk": self.export.pk}, plain)],
            "sop:export_file": [({"pk": self.export.pk}, plain)],
            "cases:step": [({"pk": self.case.pk}, self.target("in_force"))],
            "cases:cancel": [({"pk": self.case.pk}, self.target("in_force"))],
            "api:sop-detail": sop_level,
            "api:version-detail": [({"pk": version.pk}, self.target(state)) for state, version in by_state],
            "api:version-pdf": [({"pk": version.pk}, self.target(state)) for state, version in by_state],
        }
        fills["monitoring:feedback_revision"] = fills["monitoring:feedback_answer"]
        if name in fills:
            return fills[name]
        if name in {
            "sop:detail", "sop:revise", "sop:compare", "sop:public_detail", "sop:public_pdf", "workflow:history",
            "monitoring:review_record", "monitoring:evaluate", "monitoring:reading_sop", "monitoring:read_remind",
            "monitoring:reading_unit_add", "monitoring:feedback_send", "monitoring:survey_form",
            "monitoring:complaint_form", "cases:start", "cases:mapping",
        }:  # fmt: skip
            return sop_level
        if name in {"sop:step_save", "sop:step_move", "sop:step_delete"}:
            return [
                ({**kw, "step_pk": v_.steps.first().pk}, t)
                for (kw, t), v_ in zip(version_level, v.values(), strict=True)
            ]
        if name in {"sop:actor_update", "sop:actor_move", "sop:actor_delete"}:
            return [
                ({**kw, "actor_pk": v_.actors.first().pk}, t)
                for (kw, t), v_ in zip(version_level, v.values(), strict=True)
            ]
        if name.startswith(("sop:", "workflow:", "monitoring:")) and name in {
            "sop:version", "sop:field_history", "sop:pdf", "sop:signed_pdf", "sop:edit_identity", "sop:edit_steps", "sop:step_add",
            "sop:edit_preview",
            "sop:actor_add", "workflow:establish", "workflow:comment_add", "monitoring:read_confirm",
            "monitoring:quiz_edit", "monitoring:quiz_take",
        }:  # fmt: skip
            return version_level
        return [({}, plain)]


def _admin_url(name: str, route: str, world: World) -> str | None:
    """An admin address, its parameters filled with existing objects of its model."""
    import re

    from django.apps import apps

    if not name.startswith("admin:"):
        # Unnamed admin routes: the redirect of /admin/<app>/<model>/<id>/ and treebeard's helpers.
        route = route.replace("^", "").replace("$", "")
        if "(?P<url>" in route:
            return "/admin/no-such-page/"
        return "/" + route.replace("<path:object_id>", str(world.unit.pk)).replace(
            "<str:parent_id>", str(world.root.pk)
        )
    params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
    params = [a or b for a, b in params]
    positional = len(re.findall(r"\((?!\?)", route))
    if not params and not positional:
        return reverse(name)
    view = name.split(":", 1)[1]
    if view == "view_on_site":
        return None  # /admin/r/<content_type_id>/<object_id>/ is covered by each model's change page
    if view == "app_list":
        return reverse(name, kwargs={"app_label": "sop"})
    if view.startswith("auth_user_"):  # Django's UserAdmin names its URLs so, whatever the user model
        view = "org_user_" + view.removeprefix("auth_user_")
    models = [m for m in apps.get_models() if view.startswith(f"{m._meta.app_label}_{m._meta.model_name}_")]
    assert models, f"admin URL {name} of no model"
    model = max(models, key=lambda m: len(m._meta.model_name))
    obj = model._default_manager.order_by("pk").first()
    values = {
        "object_id": obj.pk if obj else 999999,
        "object_pk": obj.pk if obj else 999999,
        "id": obj.pk if obj else 999999,
        "user_id": world.staff.pk,
        "group_id": 999999,
        "history_id": 999999,
        "version_id": 999999,
    }
    if positional:  # simple_history's /<object_id>/history/<history_id>/: a record of the model
        record = model.history.order_by("history_id").first()
        assert record is not None, f"no history of {model.__name__} in the world"
        return reverse(name, args=[record.id, record.history_id])
    return reverse(name, kwargs={p: values[p] for p in params})


ADMIN_ANSWERS = {
    "admin:login": {"GET": lambda p, t: OK, "POST": lambda p, t: OK},
    # Treebeard's move of a unit takes the form of the tree page.
    "admin/org/unit/move/": {"GET": lambda p, t: {OK, INVALID} if p.superuser else REFUSED, "POST": superuser_only},
    # A translation catalogue: static text for the scripts of the admin's unit tree.
    "admin:javascript-catalog": {"GET": lambda p, t: OK, "POST": lambda p, t: METHOD},
    "admin:jsi18n": {"GET": superuser_only, "POST": lambda p, t: {REFUSED, METHOD}},
    # Addresses of nothing: refused to everybody, the administrator too.
    "admin/(?P<url>.*)$": {"GET": lambda p, t: REFUSED, "POST": lambda p, t: REFUSED},
    "admin:org_unit_permissions_manage_group": {"GET": lambda p, t: REFUSED, "POST": lambda p, t: REFUSED},
    # django-axes' records are made by logins, never added by hand.
    **{
        f"admin:axes_{model}_add": {"GET": lambda p, t: REFUSED, "POST": lambda p, t: REFUSED}
        for model in ("accessattempt", "accesslog", "accessfailurelog")
    },
    "admin:autocomplete": {"GET": lambda p, t: REFUSED, "POST": lambda p, t: {REFUSED, METHOD}},
    "admin:password_change_done": {"GET": superuser_only, "POST": lambda p, t: {REFUSED, METHOD}},
}


def _ask(client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    with transaction.atomic():
        response = client.post(url, {})
        transaction.set_rollback(True)
    return response


@pytest.mark.django_db
def test_every_url_answers_everyone_as_the_access_table_says(client):
    world = World()
    urls = url_names()
    project = sorted({name for name, route in urls if not route.startswith("admin/")})
    missing = [name for name in project if name not in ACCESS]
    assert not missing, f"URLs the access table does not decide: {missing}"
    stale = sorted(set(ACCESS) - set(project))
    assert not stale, f"the access table names URLs that do not exist: {stale}"

    requests = []
    for name in project:
        for kwargs, target in world.fills(name):
            query = kwargs.pop(QUERY, "")
            url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")
            requests.append((name, url, target, ACCESS[name]))
    for name, route in urls:
        if route.startswith("admin/"):
            url = _admin_url(name, route, world)
            if url and name not in ("admin:logout",):
                rules = ADMIN_ANSWERS.get(name) or ADMIN
                requests.append((name, url, Target(kind="admin"), rules))

    wrong = []
    for person in PEOPLE:
        user = world.users[person.name]
        client.logout()
        if user is not None:
            client.force_login(user)
        for (name, url, target, rules), method in itertools.product(requests, ("GET", "POST")):
            if name in ("logout", "admin:logout") or (name == "set_language" and method == "POST"):
                continue  # would end the session of the rest of the loop; logout is asked below
            expected = outcome(rules[method], person, target, method)
            if rules[method] is no_post:
                expected |= outcome(rules["GET"], person, target, "GET")
            try:
                got = classify(_ask(client, method, url), method)
            except AssertionError as error:
                wrong.append(f"{person.name} {method} {url} ({name}): {error}")
                continue
            except Exception as error:  # a 500 is a finding, whoever asks
                wrong.append(f"{person.name} {method} {url} ({name}): raised {error!r}")
                continue
            if got not in expected:
                wrong.append(f"{name} {method}: {got}, table says {'/'.join(sorted(expected))}: {person.name} {url}")
    grouped = collections.defaultdict(list)
    for line in wrong:
        what, _, who = line.rpartition(": ")
        grouped[what].append(who)
    report = [f"{what} ({len(who)}x, e.g. {who[0]})" for what, who in sorted(grouped.items())]
    assert not wrong, f"{len(wrong)} answers differ from the table:\n" + "\n".join(report)


@pytest.mark.django_db
def test_logout_takes_post_only(client, drafter):
    client.force_login(drafter)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("sop:list")).status_code == 302  # signed out
