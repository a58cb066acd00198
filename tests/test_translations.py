"""Indonesian is the source language; every message must have its English translation."""

import gettext
import re
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po"
KEYWORD = re.compile(r"^(msgid|msgid_plural|msgstr(?:\[\d\])?) ", re.M)


def _fields(block: str) -> dict[str, str]:
    """The keyword -> joined string value pairs of one .po entry."""
    fields, current = {}, None
    for line in block.splitlines():
        if match := KEYWORD.match(line):
            current = match.group(1)
            fields[current] = line[match.end() :].strip()[1:-1]
        elif current and line.startswith('"'):
            fields[current] += line[1:-1]
    return fields


def po_entries() -> list[tuple[str, str, bool, str | None]]:
    """(msgid, first msgstr, fuzzy, msgid_plural) for every entry but the header."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        fields = _fields(block)
        if fields.get("msgid"):
            msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
            entries.append((fields["msgid"], msgstr, "#, fuzzy" in block, fields.get("msgid_plural")))
    return entries


def test_english_catalogue_every_message_translated():
    assert [msgid for msgid, msgstr, fuzzy, _ in po_entries() if fuzzy or not msgstr] == []


def test_english_catalogue_compiled_from_current_po():
    with PO.with_suffix(".mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    unescape = lambda s: s.replace('\\"', '"')  # noqa: E731
    stale = [
        msgid
        for msgid, msgstr, _, plural in po_entries()
        if (catalogue.ngettext(unescape(msgid), unescape(plural), 1) if plural else catalogue.gettext(unescape(msgid)))
        != unescape(msgstr)
    ]
    assert stale == [], "run `make messages` to recompile the catalogue"
