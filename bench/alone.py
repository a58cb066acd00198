"""One bench module run alone (``DATABASE_URL=... python -m bench.cases``, ``python -m bench.editor``) on
a database that bench/generate.py filled: the environment make bench gives it, and its table kept in
bench/results."""

import os
from pathlib import Path


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "esop.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    import django

    django.setup()


def write(name: str, lines: list[str]) -> None:
    """Print the table and keep it as bench/results/<name>."""
    text = "\n".join(lines)
    print(text)
    (Path(__file__).resolve().parent / "results" / name).write_text(text + "\n")
