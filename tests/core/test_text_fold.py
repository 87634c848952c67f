"""fold_name strips accents with a per-character table: it must give what decomposing the whole name gave."""

from __future__ import annotations

import random
import unicodedata

from apps.core import text
from apps.core.text import fold_name


def reference(value: str) -> str:
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


VIETNAMESE = "ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹđĐ"
MARKS = "\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323"


def test_names_fold_as_before() -> None:
    for name in ["Nguyễn Văn An", "ĐỖ VĂN MỚI", "  Trần\tThị  Bình ", "ΟΔΟΣ ΣΑΣ", "Hà Nội", ""]:
        assert fold_name(name) == reference(name)
    assert fold_name(unicodedata.normalize("NFD", "Nguyễn Văn An")) == "nguyen van an"


def test_random_text_folds_as_before() -> None:
    chance = random.Random(14)
    alphabet = [chr(code) for code in range(0x20, 0x2100)] + list(VIETNAMESE) + list(MARKS) * 20
    for _ in range(20_000):
        value = "".join(chance.choice(alphabet) for _ in range(chance.randint(0, 12)))
        assert fold_name(value) == reference(value), repr(value)


def test_characters_far_in_unicode_are_not_remembered() -> None:
    far = "\U00020000\U0001d400"
    assert fold_name(far) == reference(far)
    assert all(ord(ch) not in text._UNACCENTED for ch in far)
