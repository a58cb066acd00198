"""ImportBatch and ImportFile, made in sop.0009 and moved here: the tables sop_importbatch and
sop_importfile are taken over as they are (no row moves); their content types follow the models."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import digitise.models


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("importbatch", "importfile"):
        if not ContentType.objects.filter(app_label="digitise", model=model).exists():
            ContentType.objects.filter(app_label="sop", model=model).update(app_label="digitise")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("org", "0003_audit_and_agency_settings"),
        ("sop", "0011_imports_to_digitise"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportBatch",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="org.unit", verbose_name="unit"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "impor SOP",
                        "verbose_name_plural": "impor SOP",
                        "ordering": ["-created_at"],
                        "db_table": "sop_importbatch",
                    },
                ),
                migrations.CreateModel(
                    name="ImportFile",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=255, verbose_name="nama berkas")),
                        ("upload", models.FileField(max_length=300, upload_to=digitise.models.import_upload_path)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Menunggu"),
                                    ("running", "Sedang dibaca"),
                                    ("imported", "Diimpor"),
                                    ("warnings", "Diimpor dengan catatan"),
                                    ("refused", "Ditolak"),
                                ],
                                db_index=True,
                                default="pending",
                                max_length=20,
                            ),
                        ),
                        ("message", models.TextField(blank=True)),
                        ("warnings", models.JSONField(blank=True, default=list)),
                        ("result", models.JSONField(blank=True, null=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "batch",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="files", to="digitise.importbatch"
                            ),
                        ),
                        (
                            "version",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="import_files",
                                to="sop.sopversion",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "berkas impor",
                        "verbose_name_plural": "berkas impor",
                        "ordering": ["batch", "pk"],
                        "db_table": "sop_importfile",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, migrations.RunPython.noop),
    ]
