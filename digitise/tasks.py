"""Background work of the SOP app: thin tasks that take IDs and call the real code."""

from celery import shared_task
from django.db import DatabaseError

from .batches import import_file_process, import_sweep


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=5)
def read_import_file(*, file_id: int) -> str:
    """Read one uploaded PDF and save it as a draft; a repeated task finds the file done and stops."""
    item = import_file_process(file_id=file_id)
    return item.status if item else "skipped"


@shared_task
def sweep_imports() -> int:
    """Every minute: queue uploaded files whose task was lost (no broker then, a worker killed)."""
    return import_sweep()
