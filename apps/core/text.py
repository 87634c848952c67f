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


MASK_KEEP = 4  # characters of a national ID left visible to those whose role does not need it


def mask_tail(value: str | None, keep: int = MASK_KEEP) -> str:
    """'001182000123' -> '••••••••0123' (personal data, Law 91/2025/QH15); '' stays ''."""
    if not value:
        return ""
    return "•" * max(len(value) - keep, 0) + value[-keep:]
