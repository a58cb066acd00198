"""Other apps add their parts to the version page without ``sop`` importing them.

An app registers a provider in its ``AppConfig.ready``; the version page calls every provider with
the request and the version and includes the panels they return. Providers read through their own
selectors, so the page still runs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    # "header": beside the title (actions); "main": below the step table; "banner": at the top of the
    # version page and of the draft's editor (what the person must know first, e.g. why it came back).
    slot: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    step_marks: dict[int, str] = field(default_factory=dict)  # step number -> short note in the step table
    # Included twice per step of the page's step table, with ``step`` and ``where``: "cell" at the end of
    # the Kegiatan cell, "row" after the step's row (a whole row of its own, ``colspan`` cells wide).
    # A panel with one shows its notes of the step there, in place of its ``step_marks``.
    step_template: str = ""


Provider = Callable[[HttpRequest, Any, Any], list[Panel]]
_providers: list[Provider] = []
_public_providers: list[Provider] = []  # parts of the public page of an SOP in force, for visitors


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def register_public(provider: Provider) -> Provider:
    if provider not in _public_providers:
        _public_providers.append(provider)
    return provider


def public_panels_for(request: HttpRequest, sop, version) -> list[Panel]:
    return [panel for provider in _public_providers for panel in provider(request, sop, version)]


def panels_for(request: HttpRequest, sop, version) -> list[Panel]:
    return [panel for provider in _providers for panel in provider(request, sop, version)]


def step_marks_of(panels: list[Panel]) -> dict[int, list[str]]:
    """Every panel's short notes per step number, for the step table and the editor's rows."""
    marks: dict[int, list[str]] = {}
    for panel in panels:
        for number, mark in panel.step_marks.items():
            marks.setdefault(number, []).append(mark)
    return marks
