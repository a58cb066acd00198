"""Validation of the NIP, the 18-digit number of an Indonesian civil servant (ASN).

Layout: birth date YYYYMMDD, appointment month YYYYMM (TMT CPNS), sex (1 man, 2 woman), sequence.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_nip(value: str) -> None:
    """Raise ValidationError with an Indonesian message when ``value`` is not a well-formed NIP."""
    if not value.isdigit() or len(value) != 18:
        raise ValidationError(_("NIP harus terdiri atas 18 angka."), code="nip_length")
    try:
        birth = datetime.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise ValidationError(
            _("Delapan angka pertama NIP harus tanggal lahir yang sah (TTTTBBHH)."), code="nip_birth"
        ) from None
    year, month = int(value[8:12]), int(value[12:14])
    if not 1 <= month <= 12 or year < birth.year + 15:
        raise ValidationError(
            _("Angka ke-9 sampai ke-14 NIP harus bulan pengangkatan yang sah (TTTTBB)."), code="nip_tmt"
        )
    if value[14] not in "12":
        raise ValidationError(_("Angka ke-15 NIP (jenis kelamin) harus 1 atau 2."), code="nip_sex")
