import pytest
from django.core.exceptions import ValidationError

from org.validators import validate_nip
from tests.factories import UserFactory


@pytest.mark.parametrize("nip", ["197203141998031004", "198805122014022001", "200002292024011001"])
def test_validate_nip_well_formed_accepted(nip):
    validate_nip(nip)


@pytest.mark.parametrize(
    ("nip", "code", "words"),
    [
        ("19720314199803100", "nip_length", "18 angka"),
        ("1972031419980310045", "nip_length", "18 angka"),
        ("19720314199803100A", "nip_length", "18 angka"),
        ("19721314199803100 ", "nip_length", "18 angka"),
        ("197213141998031004", "nip_birth", "tanggal lahir"),
        ("197202301998031004", "nip_birth", "tanggal lahir"),
        ("197203141998131004", "nip_tmt", "bulan pengangkatan"),
        ("197203141980031004", "nip_tmt", "bulan pengangkatan"),
        ("197203141998033004", "nip_sex", "jenis kelamin"),
    ],
)
def test_validate_nip_malformed_rejected_with_indonesian_message(nip, code, words):
    with pytest.raises(ValidationError) as error:
        validate_nip(nip)
    assert error.value.code == code
    assert words in error.value.messages[0]


@pytest.mark.django_db
def test_user_nip_empty_stored_as_null_so_many_users_may_have_none():
    first = UserFactory(nip="")
    second = UserFactory(nip="")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.nip is None and second.nip is None


@pytest.mark.django_db
def test_user_full_clean_rejects_invalid_nip():
    user = UserFactory.build(username="x", full_name="X", nip="123")
    with pytest.raises(ValidationError) as error:
        user.full_clean(exclude=["password"])
    assert "nip" in error.value.message_dict


@pytest.mark.django_db
def test_user_nip_unique_when_given():
    UserFactory(nip="197203141998031004")
    duplicate = UserFactory.build(username="y", full_name="Y", nip="197203141998031004")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean(exclude=["password"])
    assert "nip" in error.value.message_dict
