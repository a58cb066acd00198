"""Text typed by people: checked where it enters without a Django form (a form's fields do it),
and made harmless where it leaves for a spreadsheet.

A NUL character cannot be stored by PostgreSQL and has no meaning in an SOP: refused with a message
instead of a server error. A cell that starts like a formula is written as text.
"""

import csv
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

_no_nul = ProhibitNullCharactersValidator()


def refuse_nul(value: str, field: str) -> str:
    """``value`` itself; ValidationError on ``field`` when it holds a NUL character."""
    try:
        _no_nul(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return value


# A spreadsheet program reads a cell that starts with one of these as a formula (OWASP: CSV
# injection); a tab or carriage return can hide such a start from a person looking at the file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: str) -> bool:
    """Whether a spreadsheet program would take ``value`` for a formula."""
    return value.startswith(FORMULA_STARTS)


def spreadsheet_cell(value):
    """``value`` as it may go into a CSV or Excel cell: text that a spreadsheet program would run as
    a formula gets a leading apostrophe (shown as the text itself, never run); numbers stay numbers."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


class SpreadsheetCSVWriter:
    """``csv.writer`` whose every cell goes through ``spreadsheet_cell``: the one way the portal
    writes CSV, so that no export can carry a live formula."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row) -> None:
        self._writer.writerow([spreadsheet_cell(value) for value in row])


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper


def tracking_code(prefix: str, taken) -> str:
    """A code such as ``ADU-7KQM-2XHP`` that the public types from paper to follow their matter:
    ``prefix``, then eight random characters (32^8 codes) in two groups; ``taken(code)`` says
    whether one is in use already."""
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"{prefix}-{raw[:4]}-{raw[4:]}"
        if not taken(code):
            return code


def xlsx(*, title: str, lines: list[str], header: list[str], rows, widths: list[int]) -> bytes:
    """A workbook of one sheet: bold title ``lines``, an empty row, the bold ``header``, then ``rows``,
    every text cell literal text (a leading "=" is never a formula; control characters, which a
    worksheet cannot hold, are left out). The one way the portal writes Excel."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    def cells(values):
        return [spreadsheet_cell(ILLEGAL_CHARACTERS_RE.sub("", v)) if isinstance(v, str) else v for v in values]

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for line in lines:
        sheet.append(cells([line]))
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    if lines:
        sheet.append([])
    sheet.append(cells(header))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(cells(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
