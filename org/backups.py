"""Backup and restore of a whole portal: the database and the uploaded files, in one folder.

A backup folder holds ``database.dump`` (pg_dump's custom format) or ``database.sqlite3`` (SQLite's
own online backup, consistent while the portal runs), ``media.tar.gz`` (every uploaded file: logos,
attachments, imported PDFs, cached PDFs) and ``manifest.json`` (when, from what, the number of rows
of every table and the SHA-256 of every file), which restore checks what it restored against.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections


class BackupError(Exception):
    pass


def _pg_env() -> dict:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    for key, name in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")]:
        if db.get(key):
            env[name] = str(db[key])
    return env


def table_rows() -> dict[str, int]:
    """The number of rows of every table of the database, by name."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def media_files(root: Path) -> dict[str, str]:
    """Every file under ``root`` with its SHA-256, by path relative to ``root``."""
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup(target: Path | None = None) -> Path:
    """Write a backup folder and return it."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(target) if target else Path(settings.VAR_DIR) / "backups" / f"esop-{stamp}"
    folder.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor == "postgresql":
        name = settings.DATABASES["default"]["NAME"]
        run = subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(folder / "database.dump"),
                name,
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
        if run.returncode:
            raise BackupError(f"pg_dump gagal: {run.stderr.strip()}")
    elif vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(folder / "database.sqlite3") as copy:
            connection.connection.backup(copy)
    else:
        raise BackupError(f"basis data {vendor} tidak didukung")
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(),
        "vendor": vendor,
        "tables": table_rows(),
        "media": media_files(media),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return folder


def restore(folder: Path, *, replace: bool = False) -> dict:
    """Restore a backup folder into the configured database and media folder; returns the manifest.

    Refuses a database that already holds SOPs unless ``replace``. Raises BackupError when the
    restored rows or files differ from the manifest."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    vendor = connection.vendor
    if manifest["vendor"] != vendor:
        raise BackupError(f"cadangan ini dari {manifest['vendor']}, basis data sekarang {vendor}")
    current = table_rows()
    if current.get("sop_sop") and not replace:
        raise BackupError("basis data tujuan sudah berisi SOP: pakai --replace untuk menimpanya")
    if vendor == "postgresql":
        name = settings.DATABASES["default"]["NAME"]
        connections.close_all()
        run = subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--dbname",
                name,
                str(folder / "database.dump"),
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
        if run.returncode:
            raise BackupError(f"pg_restore gagal: {run.stderr.strip()}")
    else:
        connection.ensure_connection()
        with sqlite3.connect(folder / "database.sqlite3") as source:
            source.backup(connection.connection)
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and replace:
        shutil.rmtree(media)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
        for member in archive.getmembers():
            if (
                not member.name.startswith("media")
                or member.issym()
                or member.islnk()
                or ".." in Path(member.name).parts
            ):
                raise BackupError(f"berkas asing di arsip: {member.name}")
        archive.extractall(media.parent / ".restore", filter="data")
    extracted = media.parent / ".restore" / "media"
    if extracted.exists():
        shutil.copytree(extracted, media, dirs_exist_ok=True)
    shutil.rmtree(media.parent / ".restore", ignore_errors=True)
    connections.close_all()
    restored = table_rows()
    differ = {t: (n, restored.get(t)) for t, n in manifest["tables"].items() if restored.get(t) != n}
    if differ:
        raise BackupError(f"jumlah baris berbeda setelah pemulihan: {differ}")
    files = media_files(media)
    lost = [path for path, digest in manifest["media"].items() if files.get(path) != digest]
    if lost:
        raise BackupError(f"berkas tidak utuh setelah pemulihan: {lost[:10]}")
    return manifest
