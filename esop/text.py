"""Text typed by people, checked where it enters without a Django form (a form's fields do it).

A NUL character cannot be stored by PostgreSQL and has no meaning in an SOP: refused with a message
instead of a server error.
"""

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
