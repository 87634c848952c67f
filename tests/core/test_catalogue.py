"""The Vietnamese catalogue is compiled when Django starts, or the start fails loudly."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from apps.accounts import apps as accounts_apps
from apps.core.catalogue import ROOT, CatalogueError, compile_catalogues, stale_catalogues


def copy_of_the_locale(tmp_path: Path) -> Path:
    target = tmp_path / "locale" / "vi" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po", target / "django.po")
    return target


def test_a_missing_catalogue_is_compiled_and_says_the_terms_in_vietnamese(tmp_path: Path) -> None:
    folder = copy_of_the_locale(tmp_path)
    assert stale_catalogues(tmp_path) == [folder / "django.po"]
    assert compile_catalogues(tmp_path) == [folder / "django.mo"]
    catalogue = {entry.msgid: entry.msgstr for entry in polib.mofile(str(folder / "django.mo"))}
    assert catalogue["Next term (build)"] == "Nhiệm kỳ kế tiếp (xây dựng)"
    assert stale_catalogues(tmp_path) == [] and compile_catalogues(tmp_path) == []


def test_an_outdated_catalogue_is_compiled_again(tmp_path: Path) -> None:
    folder = copy_of_the_locale(tmp_path)
    compile_catalogues(tmp_path)
    old = (folder / "django.mo").stat().st_mtime
    os.utime(folder / "django.po", (old + 10, old + 10))
    assert compile_catalogues(tmp_path) == [folder / "django.mo"]


def test_a_catalogue_that_cannot_be_written_is_a_loud_error(tmp_path: Path) -> None:
    folder = copy_of_the_locale(tmp_path)
    (folder / "django.mo").mkdir()  # something in the way that no compile can replace
    os.utime(folder / "django.mo", (0, 0))
    with pytest.raises(CatalogueError, match="compile_messages.py"):
        compile_catalogues(tmp_path)


def test_a_broken_catalogue_is_a_loud_error(tmp_path: Path) -> None:
    folder = copy_of_the_locale(tmp_path)
    (folder / "django.po").write_text('msgid "a"\nthis is not a po file\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match="Không biên dịch được"):
        compile_catalogues(tmp_path)


def test_django_will_not_start_without_its_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    def cannot(root: Path = ROOT) -> list[Path]:
        raise CatalogueError("Không biên dịch được bản dịch tiếng Việt")

    monkeypatch.setattr(accounts_apps, "compile_catalogues", cannot)
    with pytest.raises(ImproperlyConfigured, match="bản dịch tiếng Việt"):
        apps.get_app_config("accounts").ready()
