"""Run the reader in a child process with limits on time and memory, so no file can hurt the portal."""

from __future__ import annotations

import multiprocessing
import os
import resource

from django.utils import translation
from django.utils.translation import gettext as _

from .result import ImportResult, Refused, from_json, to_json

# Per file, on top of the loaded portal: what one signed SOP of up to MAX_PAGES pages needs, with room
# to spare (measured: under 2 s and about 60 MB for the largest sample).
SECONDS = 60
MEMORY_BYTES = 1024 * 1024 * 1024
MAX_BYTES = 20 * 1024 * 1024


def read_limited(data: bytes, *, seconds: int = SECONDS, memory: int = MEMORY_BYTES) -> ImportResult:
    """The reader's result for ``data``, read in a child process; raises Refused (also for the limits)."""
    if len(data) > MAX_BYTES:
        raise Refused(
            _("Berkas ini %(size)s MB; paling besar %(max)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024}
        )
    # fork: the child starts with the loaded code and settings (the PDF libraries loaded here, so
    # that the memory limit does not stop their loading); it touches no database and leaves through
    # os._exit, so the parent's connections are never closed under it.
    import pdfminer.pdfdocument  # noqa: F401
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(data, sender, seconds, memory, translation.get_language()), daemon=True
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds + 5):
            raise Refused(_("Berkas ini terlalu lama dibaca (lebih dari %(seconds)s detik).") % {"seconds": seconds})
        try:
            kind, payload = receiver.recv()
        except EOFError:  # the child died: out of memory or CPU time
            raise Refused(_("Berkas ini terlalu berat untuk dibaca (batas memori atau waktu terlampaui).")) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receiver.close()
    if kind == "refused":
        raise Refused(payload)
    return from_json(payload)


def _child(data: bytes, sender, seconds: int, memory: int, language: str | None) -> None:
    from .reader import read_pdf

    try:
        # The limit is what reading may take on top of what the process already holds.
        with open("/proc/self/statm") as statm:
            held = int(statm.read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (held + memory, held + memory))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
        with translation.override(language):
            try:
                sender.send(("ok", to_json(read_pdf(data), file="")))
            except Refused as refused:
                sender.send(("refused", str(refused)))
            except Exception as error:  # whatever a broken file makes the PDF libraries raise
                sender.send(
                    ("refused", _TOO_HEAVY if _out_of_memory(error) else _("PDF ini rusak atau tidak dapat dibaca."))
                )
            except MemoryError:
                sender.send(("refused", _TOO_HEAVY))
    finally:
        sender.close()
        os._exit(0)


_TOO_HEAVY = "Berkas ini terlalu berat untuk dibaca (batas memori terlampaui)."


def _out_of_memory(error: BaseException | None) -> bool:
    """Whether ``error`` comes from running out of memory (the libraries often wrap it)."""
    while error is not None:
        text = str(error).lower()
        if isinstance(error, MemoryError) or any(w in text for w in ("memory", "failed to map", "cannot allocate")):
            return True
        error = error.__cause__ or error.__context__
    return False
