"""make backup / make restore: a populated portal backed up, restored into an empty database and an
empty media folder, holds every row of every table (SOPs, versions, steps, history, logs) and every
file, byte for byte."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from org.models import Unit
from sop import services as sop_services
from sop.content import StepData
from sop.models import SOPVersion
from tests.factories import UnitFactory

ROOT = Path(__file__).resolve().parents[2]
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _populate(make_version, author, agency):
    drafts = [make_version("draft") for _ in range(3)]
    for version in drafts[:2]:  # history rows: edits of a step
        step = version.steps.order_by("number").first()
        sop_services.step_update(
            version=version,
            actor=author,
            step_id=step.pk,
            fields=StepData(
                step.number,
                kind=step.kind,
                text="Menerima berkas permohonan (diubah)",
                actor=step.actor_id,
                next=step.next_step.number if step.next_step else None,
            ),
            lock=SOPVersion.objects.get(pk=version.pk).lock_version,
        )
    established = make_version("draft")
    SOPVersion.objects.filter(pk=established.pk).update(content_hash="c" * 64)
    SOPVersion.objects.filter(pk=established.pk).update(status="in_force")
    unit = Unit.objects.get(pk=agency.unit.pk)
    unit.logo.save("dinas.png", ContentFile(PNG))
    UnitFactory(parent=agency.root, code="BARU", name="Dinas Baru")


def _rows(cursor, table):
    cursor.execute(f'SELECT * FROM "{table}"')
    # Booleans as 0/1: the two SQLite connections (Django's and a plain one) read them differently.
    return sorted(repr(tuple(str(int(v)) if isinstance(v, bool) else str(v) for v in row)) for row in cursor.fetchall())


def _restore(env_db: str, media: Path, folder: Path):
    env = {**os.environ, "DATABASE_URL": env_db, "MEDIA_ROOT": str(media), "SECRET_KEY": "restore-test", "DEBUG": "1"}
    env.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_portal_keeps_every_row_and_file(
    flushable_db, settings, tmp_path, make_version, author, agency
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    _populate(make_version, author, agency)
    folder = tmp_path / "cadangan"
    call_command("backup", to=str(folder))
    assert {p.name for p in folder.iterdir()} >= {"manifest.json", "media.tar.gz"}

    restored_media = tmp_path / "media-pulih"
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor)]
        source = {t: _rows(cursor, t) for t in tables}
    assert source["sop_historicalstep"] and source["sop_sopversion"] and source["org_unit"]

    if connection.vendor == "postgresql":
        import psycopg

        db = django_settings.DATABASES["default"]
        target = f"{db['NAME']}_pulih"
        admin = psycopg.connect(
            host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname="postgres", autocommit=True
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}"')
        try:
            url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{target}"
            result = _restore(url, restored_media, folder)
            assert result.returncode == 0, result.stdout + result.stderr
            with psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=target) as pg:
                restored = {t: _rows(pg.cursor(), t) for t in tables}
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
            admin.close()
    else:
        path = tmp_path / "pulih.sqlite3"
        result = _restore(f"sqlite:///{path}", restored_media, folder)
        assert result.returncode == 0, result.stdout + result.stderr
        with sqlite3.connect(path) as lite:
            restored = {t: _rows(lite.cursor(), t) for t in tables}
    assert "semua diperiksa utuh" in result.stdout
    assert restored == source  # every row of every table, the history and the logs too

    original = Path(settings.MEDIA_ROOT)
    files = sorted(p.relative_to(original) for p in original.rglob("*") if p.is_file())
    assert any(str(f).startswith("logos/") for f in files)
    for relative in files:
        assert (restored_media / relative).read_bytes() == (original / relative).read_bytes()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_sops(flushable_db, settings, tmp_path, make_version):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    make_version("draft")
    folder = tmp_path / "cadangan"
    call_command("backup", to=str(folder))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="sudah berisi SOP"):
        call_command("restore", str(folder))
