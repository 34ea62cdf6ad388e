import pytest

from orchestration.defs.warehouse import DEVELOPMENT_SALT, Warehouse


def test_salt_from_the_resource():
    assert Warehouse(salt="s3cret").respondent_salt() == "s3cret"


def test_development_falls_back_to_the_public_salt():
    assert Warehouse().respondent_salt() == DEVELOPMENT_SALT


def test_production_without_salt_is_refused():
    with pytest.raises(RuntimeError, match="WAREHOUSE_SALT is not set"):
        Warehouse(environment="production").respondent_salt()


def test_the_file_index_keeps_a_digest_of_the_salt_never_the_salt():
    # sha256("respondent-salt:s3cret")[:16], the key earlier refreshes wrote: an upgrade re-reads nothing.
    assert Warehouse(salt="s3cret").salt_fingerprint() == "8266f906b6bb38cf"
