"""Renderer timings: flowchart layout + SVG, and the PDF cold and cached. Run by `make bench`."""

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "esop.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.conf import settings  # noqa: E402

from bench.procedures import procedure  # noqa: E402
from sop import documents, pdf, selectors  # noqa: E402
from sop.content import content_hash, content_of  # noqa: E402
from sop.flowchart import layout, svg  # noqa: E402
from sop.models import SOPVersion, VersionStatus  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def measure() -> list[tuple[str, float, float]]:
    """(what, median ms, p95 ms) of the flowchart renderer and the PDF, cold and cached."""
    rows = []
    for steps in (10, 60, 150):
        content = procedure(steps)
        median, p95 = timed(lambda c=content: [svg(p) for p in layout(c)], 30)
        rows.append((f"flowchart layout + SVG, {steps} steps", median, p95))
    with tempfile.TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        for steps in (17, 60):
            content = procedure(steps)
            median, p95 = timed(lambda c=content: pdf.render_pdf(c, content_hash="f" * 64), 5)
            rows.append((f"PDF cold, {steps} steps", median, p95))
        # documents.version_pdf's storage path, on a version in force of the bench's data (not signed
        # electronically, so its PDF is rendered once and then read from storage). The generated versions
        # carry no hash: it is computed here, in memory only, as penetapan would have stored it.
        version = SOPVersion.objects.filter(status=VersionStatus.IN_FORCE, signed_document__isnull=True).first()
        if version is not None:
            content = content_of(selectors.load_version_content(version.pk))
            version.content_hash = version.content_hash or content_hash(content)
            documents.version_pdf(version, content)  # rendered once, stored
            median, p95 = timed(lambda: documents.version_pdf(version, content), 50)
            rows.append((f"PDF cached (from storage), {len(content.steps)} steps", median, p95))
    return rows


def main() -> None:
    rows = measure()
    lines = [
        f"# Renderer benchmark\n\nMachine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Django {django.get_version()}.\n",
        "| what | median ms | p95 ms |",
        "|---|---:|---:|",
        *[f"| {name} | {median:.1f} | {p95:.1f} |" for name, median, p95 in rows],
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    out = Path(__file__).resolve().parent / "results" / "render.md"
    out.write_text(text)


if __name__ == "__main__":
    main()
