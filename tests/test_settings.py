import datetime
import os
import subprocess
import sys
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parent.parent


class DateForm(forms.Form):
    day = forms.DateField()


def test_vietnamese_is_the_default_language_and_timezone() -> None:
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert "en" in dict(settings.LANGUAGES)


def test_dates_parse_day_first_in_vietnamese() -> None:
    with translation.override("vi"):
        form = DateForm({"day": "05/03/2024"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2024, 3, 5)


def test_dates_display_dd_mm_yyyy() -> None:
    with translation.override("vi"):
        assert formats.date_format(datetime.date(2024, 3, 5), "SHORT_DATE_FORMAT") == "05/03/2024"
        assert formats.date_format(datetime.date(2024, 3, 5)) == "05/03/2024"


def test_impossible_date_is_rejected_with_a_message() -> None:
    with translation.override("vi"):
        form = DateForm({"day": "31/02/1970"})
        assert not form.is_valid()
        assert form.errors["day"]


def test_no_hard_coded_secret_key() -> None:
    text = (ROOT / "cadreplan" / "settings.py").read_text()
    assert 'SECRET_KEY = "' not in text and "SECRET_KEY = '" not in text


def test_check_deploy_is_clean_with_production_variables() -> None:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "production-only-secret-for-the-check-0123456789",
        "ALLOWED_HOSTS": "cadreplan.example.vn",
        "HTTPS": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _cache_backend(**variables: str) -> str:
    """The default cache backend and location the settings choose with these environment variables."""
    env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "CELERY_BROKER_URL"}}
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "c = settings.CACHES['default']; print(c['BACKEND'], c['LOCATION'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "cadreplan.settings", **variables},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_cache_is_redis_when_configured_else_the_database() -> None:
    """Issue 13: the dashboards' pre-filled sums are shared by the web processes and the workers."""
    assert _cache_backend() == "django.core.cache.backends.db.DatabaseCache cadreplan_cache"
    redis = "django.core.cache.backends.redis.RedisCache"
    assert _cache_backend(CELERY_BROKER_URL="redis://127.0.0.1:6379/3") == f"{redis} redis://127.0.0.1:6379/3"
    assert (
        _cache_backend(CELERY_BROKER_URL="redis://127.0.0.1:6379/0", CACHE_URL="redis://127.0.0.1:6379/5")
        == f"{redis} redis://127.0.0.1:6379/5"
    )
