"""Text normalization: NFC storage and accent-free search keys."""

from __future__ import annotations

import unicodedata


def to_nfc(value: str) -> str:
    """NFC form with collapsed white space: what is stored, so that NFD input matches."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def fold_name(value: str) -> str:
    """Lower-case, accent-free form of a name ('Nguyễn Văn An' -> 'nguyen van an')."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
