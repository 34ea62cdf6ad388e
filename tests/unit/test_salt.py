import pytest

from orchestration.defs.surveys.assets import DEVELOPMENT_SALT, respondent_salt


def test_salt_from_the_environment(monkeypatch):
    monkeypatch.setenv("WAREHOUSE_SALT", "s3cret")
    assert respondent_salt() == "s3cret"


def test_development_falls_back_to_the_public_salt(monkeypatch):
    monkeypatch.delenv("WAREHOUSE_SALT", raising=False)
    monkeypatch.delenv("WAREHOUSE_ENV", raising=False)
    assert respondent_salt() == DEVELOPMENT_SALT


def test_production_without_salt_is_refused(monkeypatch):
    monkeypatch.delenv("WAREHOUSE_SALT", raising=False)
    monkeypatch.setenv("WAREHOUSE_ENV", "production")
    with pytest.raises(RuntimeError, match="WAREHOUSE_SALT is not set"):
        respondent_salt()
