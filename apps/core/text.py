"""Text normalization: NFC storage and accent-free search keys."""

from __future__ import annotations

import unicodedata


def to_nfc(value: str) -> str:
    """NFC form with collapsed white space: what is stored, so that NFD input matches."""
    return " ".join(unicodedata.normalize("NFC", value).split())


class _Unaccented(dict[int, str]):
    """Each character without its combining marks, learnt on first sight: str.translate's table.

    Stripping the combining marks of the NFD form is the same character by character as on the whole
    string (canonical reordering only moves the marks that are dropped), so a per-character table gives
    the same text as decomposing the whole name, faster. Only the Latin, Greek and Cyrillic blocks and
    the Vietnamese letters are kept, so a hostile file cannot grow the table past a few thousand entries.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        value = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if code < CACHED_BELOW:
            self[code] = value
        return value


CACHED_BELOW = 0x2000


_UNACCENTED = _Unaccented({ord("đ"): "d", ord("Đ"): "D"})


def fold_name(value: str) -> str:
    """Lower-case, accent-free form of a name ('Nguyễn Văn An' -> 'nguyen van an')."""
    return " ".join(value.translate(_UNACCENTED).lower().split())


MASK_KEEP = 4  # characters of a national ID left visible to those whose role does not need it


def mask_tail(value: str | None, keep: int = MASK_KEEP) -> str:
    """'001182000123' -> '••••••••0123' (personal data, Law 91/2025/QH15); '' stays ''."""
    if not value:
        return ""
    return "•" * max(len(value) - keep, 0) + value[-keep:]
