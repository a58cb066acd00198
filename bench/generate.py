"""A province-sized portal for benchmarks: units, users with roles, SOPs with versions and steps.

    python bench/generate.py --units 200 --sops 10000 --seed 1

Deterministic for a seed; bulk inserts only (10,000 SOPs take a minute or two on PostgreSQL). Run it
on an empty, migrated database: `make bench` makes a fresh one. Every generated user has the
password ``bench-2026``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "esop.settings")
os.environ.setdefault("DEBUG", "1")  # this process fills and counts; the served portal runs with DEBUG off

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from guardian.models import UserObjectPermission  # noqa: E402

from monitoring.models import Monitoring  # noqa: E402
from org.models import Membership, Role, Unit, User  # noqa: E402
from org.permissions import ROLE_PERMISSIONS  # noqa: E402
from sop.models import SOP, Actor, SOPVersion, Step, VersionStatus  # noqa: E402

PASSWORD = "bench-2026"
VERBS = ["Menerima", "Memeriksa", "Mencatat", "Memverifikasi", "Menyusun", "Mengirim", "Mengarsipkan", "Menelaah"]
# Each SOP is about one topic, and its steps handle the papers of that topic: a word of a topic is as
# rare in the data as it is among real SOPs (a search finds some dozens of SOPs, not all of them).
TOPICS = [
    "cuti pegawai",
    "kenaikan pangkat",
    "perjalanan dinas",
    "pengadaan barang",
    "surat masuk",
    "surat keluar",
    "arsip inaktif",
    "gaji berkala",
    "tunjangan kinerja",
    "aset daerah",
    "persediaan barang",
    "revisi anggaran",
    "retribusi pasar",
    "izin usaha",
    "izin bangunan",
    "pengaduan masyarakat",
    "kartu tanda penduduk",
    "akta kelahiran",
    "kartu keluarga",
    "pindah datang",
    "beasiswa daerah",
    "bantuan sosial",
    "hibah daerah",
    "rapat koordinasi",
    "laporan kinerja",
    "penilaian prestasi",
    "pelatihan aparatur",
    "rekrutmen pegawai",
    "pensiun pegawai",
    "mutasi pegawai",
    "pemeliharaan kendaraan",
    "penghapusan barang",
    "kas daerah",
    "pajak daerah",
    "informasi publik",
    "layanan kesehatan",
    "perizinan reklame",
    "data statistik",
    "pengelolaan website",
    "keamanan kantor",
]
PAPERS = ["berkas", "formulir", "dokumen", "data", "nota", "laporan", "daftar", "register"]
THINGS = ["Umum", "Keuangan", "Kepegawaian", "Perizinan", "Pelayanan", "Perencanaan", "Pengawasan", "Aset"]
ACTORS = [
    "Pemohon",
    "Petugas Loket",
    "Operator",
    "Kepala Seksi",
    "Kepala Bidang",
    "Sekretaris",
    "Kepala Dinas",
    "Bendahara",
]
BATCH = 2000


def build_units(rng: random.Random, count: int) -> list[Unit]:
    """One agency, about a fifth of the units as dinas, the rest as their bidang."""
    root = Unit.objects.add_root({"code": "PROV", "name": "Pemerintah Provinsi Bench", "kind": Unit.Kind.AGENCY})
    units = [root]
    dinas_count = max(1, (count - 1) // 5)
    dinas = [
        Unit.objects.add_child(
            root,
            {
                "code": f"D{i:03d}",
                "name": f"Dinas {THINGS[i % len(THINGS)]} {i}",
                "kind": Unit.Kind.WORK_UNIT,
                "planned_sop_count": 60,
            },
        )
        for i in range(dinas_count)
    ]
    units += dinas
    for i in range(count - 1 - dinas_count):
        parent = dinas[i % dinas_count]
        units.append(
            Unit.objects.add_child(
                parent,
                {
                    "code": f"B{i:04d}",
                    "name": f"Bidang {THINGS[rng.randrange(len(THINGS))]} {i}",
                    "kind": Unit.Kind.SUB_UNIT,
                },
            )
        )
    return units


def build_people(units: list[Unit]) -> dict[int, dict[str, User]]:
    """A head, two drafters and a reviewer in every unit; one agency-wide reviewer and an admin."""
    password = make_password(PASSWORD)
    users, plan = [], []
    for unit in units:
        for role, n in ((Role.HEAD, 1), (Role.DRAFTER, 2), (Role.REVIEWER, 1)):
            for k in range(n):
                user = User(
                    username=f"{role}-{unit.code.lower()}-{k}",
                    full_name=f"{role.label} {unit.code} {k}",
                    email=f"{role}-{unit.code.lower()}-{k}@bench.go.id",
                    password=password,
                    position_title=str(role.label),
                )
                users.append(user)
                plan.append((user, unit, role))
    admin = User(username="admin", full_name="Administrator Bench", password=password, is_superuser=True, is_staff=True)
    inspector = User(username="inspektur", full_name="Pemeriksa Provinsi", password=password)
    User.objects.bulk_create([*users, admin, inspector], batch_size=BATCH)
    plan.append((inspector, units[0], Role.REVIEWER))
    Membership.objects.bulk_create(
        [Membership(user=u, unit=unit, role=role) for u, unit, role in plan], batch_size=BATCH
    )
    ct = ContentType.objects.get_for_model(Unit)
    perms = {p.codename: p for p in ct.permission_set.all()}
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(user=u, content_type=ct, object_pk=str(unit.pk), permission=perms[c])
            for u, unit, role in plan
            for c in ROLE_PERMISSIONS[role]
        ],
        batch_size=BATCH,
    )
    people: dict[int, dict[str, User]] = {}
    for user, unit, role in plan:
        people.setdefault(unit.pk, {}).setdefault(role, user)
    return people


def version_states(rng: random.Random) -> list[str]:
    """The statuses of an SOP's versions, oldest first: 1 to 4 versions in a realistic mix."""
    count = rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
    history = [VersionStatus.SUPERSEDED] * (count - 1)
    roll = rng.random()
    if count == 1:
        return [
            rng.choice(
                [VersionStatus.IN_FORCE] * 6
                + [
                    VersionStatus.DRAFT,
                    VersionStatus.IN_REVIEW,
                    VersionStatus.AWAITING_ESTABLISHMENT,
                    VersionStatus.REVOKED,
                ]
            )
        ]
    if roll < 0.6:
        return [*history[:-1], VersionStatus.SUPERSEDED, VersionStatus.IN_FORCE][-count:]
    latest = rng.choice(
        [VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.AWAITING_ESTABLISHMENT, VersionStatus.ESTABLISHED]
    )
    return [*history[:-1], VersionStatus.IN_FORCE, latest][-count:]


@transaction.atomic
def build_sops(rng: random.Random, units: list[Unit], people, count: int, start: int = 0) -> int:
    today = timezone.localdate()
    working = units[1:] or units
    sops, topics = [], []
    for i in range(start, start + count):
        unit = working[rng.randrange(len(working))]
        topic = TOPICS[rng.randrange(len(TOPICS))]
        topics.append(topic)
        title = f"{rng.choice(['Pelayanan', 'Pengelolaan', 'Penyusunan', 'Penatausahaan'])} {topic} {i}"
        sops.append(
            SOP(
                unit=unit,
                number=f"SOP-{i + 1:05d}/{unit.code}/2025",
                title=title.capitalize(),
                is_public_service=rng.random() < 0.3,
                review_period_months=12,
            )
        )
    SOP.objects.bulk_create(sops, batch_size=BATCH)
    versions, statuses, plans = [], [], []
    for sop, topic in zip(sops, topics, strict=True):
        drafter = people[sop.unit_id][Role.DRAFTER]
        head = people[sop.unit_id][Role.HEAD]
        for revision, status in enumerate(version_states(rng)):
            frozen = status in (
                VersionStatus.ESTABLISHED,
                VersionStatus.IN_FORCE,
                VersionStatus.SUPERSEDED,
                VersionStatus.REVOKED,
            )
            effective = today - datetime.timedelta(days=rng.randint(30, 900)) if frozen else None
            n = rng.randint(5, 40)
            plan = [(f"{rng.choice(VERBS)} {rng.choice(PAPERS)} {topic}", rng.randint(1, 60)) for _ in range(n)]
            plans.append(plan)
            versions.append(
                SOPVersion(
                    sop=sop,
                    revision=revision,
                    created_by=drafter,
                    updated_by=drafter,
                    date_created=effective,
                    date_effective=effective,
                    signer_name=head.full_name if frozen else "",
                    signer_position="Kepala" if frozen else "",
                    established_at=timezone.now() if frozen else None,
                    search_text="\n".join(text for text, _minutes in plan),
                )
            )
            statuses.append(status)
    SOPVersion.objects.bulk_create(versions, batch_size=BATCH)
    actors, steps = [], []
    for version, plan in zip(versions, plans, strict=True):
        cast = [
            Actor(version=version, position=k, name=name)
            for k, name in enumerate(rng.sample(ACTORS, rng.randint(2, 8)))
        ]
        actors += cast
        for number, (text, minutes) in enumerate(plan, start=1):
            kind = (
                "start"
                if number == 1
                else "end"
                if number == len(plan)
                else "decision"
                if number % 7 == 0
                else "activity"
            )
            steps.append(
                Step(
                    version=version,
                    number=number,
                    kind=kind,
                    text=text + ("?" if kind == "decision" else ""),
                    requirements="Formulir, berkas",
                    duration_value=minutes,
                    duration_unit="menit",
                    output="Berkas",
                )
            )
    Actor.objects.bulk_create(actors, batch_size=BATCH)
    by_version: dict[int, list[Actor]] = {}
    for actor in actors:
        by_version.setdefault(actor.version_id, []).append(actor)
    for step in steps:
        cast = by_version[step.version_id]
        step.actor = cast[(step.number * 3) % len(cast)]
        step.measure()  # bulk_create does not call save()
    Step.objects.bulk_create(steps, batch_size=BATCH)
    # Decisions branch: Ya to the next step, Tidak back one step (one statement for all of them).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sop_step SET"
            " yes_step_id = (SELECT t.id FROM sop_step t WHERE t.version_id = sop_step.version_id AND t.number = sop_step.number + 1),"
            " no_step_id = (SELECT t.id FROM sop_step t WHERE t.version_id = sop_step.version_id AND t.number = sop_step.number - 1)"
            " WHERE kind = 'decision' AND yes_step_id IS NULL"
        )
    # Statuses last: the database refuses parts added to a version that is already established.
    for status in set(statuses):
        ids = [v.pk for v, s in zip(versions, statuses, strict=True) if s == status]
        for chunk in range(0, len(ids), BATCH):
            SOPVersion.objects.filter(pk__in=ids[chunk : chunk + BATCH]).update(status=status)
    in_force = [(v, v.sop) for v, s in zip(versions, statuses, strict=True) if s == VersionStatus.IN_FORCE]
    for version, sop in in_force:
        sop.review_cycle_start = version.date_effective
        sop.review_due_on = version.date_effective + datetime.timedelta(days=365)
    SOP.objects.bulk_update([sop for _v, sop in in_force], ["review_cycle_start", "review_due_on"], batch_size=BATCH)
    Monitoring.objects.bulk_create(
        [
            Monitoring(
                sop=sop,
                version=version,
                date=today - datetime.timedelta(days=rng.randint(1, 300)),
                method="observasi",
                runs_well=rng.random() < 0.8,
                assessment_note="",
                action="",
                assessor=people[sop.unit_id][Role.REVIEWER],
            )
            for version, sop in in_force
            if rng.random() < 0.5
        ],
        batch_size=BATCH,
    )
    return len(versions)


def generate(*, units: int, sops: int, seed: int, more: bool = False) -> None:
    """Fill an empty database (or, with ``more``, add SOPs to one this script filled)."""
    rng = random.Random(seed)
    started = time.perf_counter()
    if more:
        tree = list(Unit.objects.order_by("path"))
        people: dict[int, dict[str, User]] = {}
        for m in Membership.objects.select_related("user").order_by("pk"):
            people.setdefault(m.unit_id, {}).setdefault(m.role, m.user)
        rng.seed(seed + SOP.objects.count())
        created = build_sops(rng, tree, people, sops, start=SOP.objects.count())
    else:
        with transaction.atomic():
            tree = build_units(rng, units)
            people = build_people(tree)
        created = build_sops(rng, tree, people, sops)
    print(f"{len(tree)} units, {sops} SOPs, {created} versions in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--sops", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--more", action="store_true", help="add SOPs to a database this script filled")
    args = parser.parse_args()
    generate(units=args.units, sops=args.sops, seed=args.seed, more=args.more)


if __name__ == "__main__":
    main()
