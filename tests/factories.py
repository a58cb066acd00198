"""factory_boy factories for the portal's models, with traits for a version's states."""

import factory
from factory.django import DjangoModelFactory

from org import permissions
from org.models import Membership, Unit, User
from sop.content import StepData
from sop.models import SOP, Actor, SOPVersion, Step, VersionStatus


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.go.id")
    position_title = "Analis"
    password = factory.PostGenerationMethodCall("set_password", "sandi-uji-123")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save(update_fields=["password"])


class UnitFactory(DjangoModelFactory):
    """Creates a root unit, or a child when given ``parent=``."""

    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"Unit {n}")
    kind = Unit.Kind.WORK_UNIT

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        manager = model_class.objects
        return manager.add_child(parent, kwargs) if parent is not None else manager.add_root(kwargs)


def steps_in_order(*rows) -> list[StepData]:
    """Steps of a procedure written whole, numbered in order: each row is (kind, text, actor) with
    the actor's place among the names given, optionally followed by a dict of other fields."""
    return [StepData(n, *row[:3], **(row[3] if len(row) > 3 else {})) for n, row in enumerate(rows, 1)]


def grant(user: User, unit: Unit, role: str) -> Membership:
    """Give ``user`` a role in ``unit`` the way the portal does (membership plus guardian permissions)."""
    membership, _ = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    permissions.sync_unit_permissions(user=user)
    return membership


class SOPFactory(DjangoModelFactory):
    class Meta:
        model = SOP

    unit = factory.SubFactory(UnitFactory)
    number = factory.Sequence(lambda n: f"SOP-{n:03d}/TEST/2026")
    title = factory.Sequence(lambda n: f"Prosedur Uji {n}")


class SOPVersionFactory(DjangoModelFactory):
    class Meta:
        model = SOPVersion

    sop = factory.SubFactory(SOPFactory)
    revision = 0
    status = VersionStatus.DRAFT

    class Params:
        in_review = factory.Trait(status=VersionStatus.IN_REVIEW)
        awaiting = factory.Trait(status=VersionStatus.AWAITING_ESTABLISHMENT)
        established = factory.Trait(status=VersionStatus.ESTABLISHED, signer_name="Kepala Uji")
        in_force = factory.Trait(status=VersionStatus.IN_FORCE, signer_name="Kepala Uji")
        superseded = factory.Trait(status=VersionStatus.SUPERSEDED)
        revoked = factory.Trait(status=VersionStatus.REVOKED)


class ActorFactory(DjangoModelFactory):
    class Meta:
        model = Actor

    version = factory.SubFactory(SOPVersionFactory)
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Pelaksana {n}")


class StepFactory(DjangoModelFactory):
    class Meta:
        model = Step

    version = factory.SubFactory(SOPVersionFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = "activity"
    text = factory.Sequence(lambda n: f"Melakukan kegiatan {n}")
    actor = factory.SubFactory(ActorFactory, version=factory.SelfAttribute("..version"))
