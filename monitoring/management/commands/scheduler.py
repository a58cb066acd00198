"""The embedded scheduler: the portal's periodic jobs without Redis or a separate worker."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Runs every job of CELERY_BEAT_SCHEDULE once (catching up what was missed while the portal was "
        "off), then keeps running them on their schedule inside this process. For `make run`; with "
        "Redis, production runs `celery beat` and a worker instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Only the catch-up run, then stop.")

    def handle(self, *args, once: bool = False, **options):
        from esop.celery import app

        app.loader.import_default_modules()  # registers every app's tasks.py
        # Every job is idempotent, so the catch-up may run as often as the portal starts.
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            result = app.tasks[entry["task"]].apply(kwargs=entry.get("kwargs"), throw=True)
            self.stdout.write(f"{name}: {result.result}")
        if once:
            return
        # Beat hands each due job to apply_async; eager, that runs it right here instead of via a broker.
        app.conf.task_always_eager = True
        state = Path(settings.VAR_DIR) / "celerybeat-schedule"
        state.parent.mkdir(exist_ok=True)
        app.Beat(schedule=str(state), loglevel="WARNING", quiet=True).run()
