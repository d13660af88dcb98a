"""Vietnamese folding for search and the Vietnamese alphabetical order."""

from app.core.text import fold, vietnamese_sort_key


def test_fold_strips_diacritics_case_and_maps_d_stroke() -> None:
    assert fold("Đảng ủy Các cơ quan tỉnh Bắc Giang") == "dang uy cac co quan tinh bac giang"
    assert fold("SỞ NỘI VỤ") == fold("Sở Nội vụ") == "so noi vu"
    assert fold("  Ban   Tuyên giáo ") == "ban tuyen giao"


def test_vietnamese_letter_order() -> None:
    words = ["đá", "da", "ăn", "an", "ân", "bé", "ba", "ơn", "ôm", "ong", "ưa", "uy", "ê", "en"]
    ordered = sorted(words, key=vietnamese_sort_key)
    assert ordered == ["an", "ăn", "ân", "ba", "bé", "da", "đá", "en", "ê", "ong", "ôm", "ơn",
                       "uy", "ưa"]  # fmt: skip


def test_tone_order_breaks_ties_after_letters() -> None:
    tones = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sorted(tones, key=vietnamese_sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # Letters decide before tones: "mà" < "mai" although à has a tone.
    assert sorted(["mai", "mà"], key=vietnamese_sort_key) == ["mà", "mai"]


def test_word_boundary_sorts_before_letters() -> None:
    assert sorted(["Anh Sơn", "An Giang"], key=vietnamese_sort_key) == ["An Giang", "Anh Sơn"]


def test_case_is_ignored() -> None:
    assert vietnamese_sort_key("Sở Nội vụ") == vietnamese_sort_key("SỞ NỘI VỤ")
