"""The survey's sentence and percentages: one decimal half up, Vietnamese forms, and
bars that print (pure functions of app/reports/polls.py)."""

import pytest

from app.polls.results import percent as results_percent
from app.reports.polls import bar_chart, percent, percent_vi, survey_figures, survey_sentence

LABELS = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [
        (105, 120, 87.5),
        (1, 16, 6.3),  # 6,25 → 6,3: half up, not to even
        (3, 16, 18.8),  # 18,75 → 18,8
        (1, 3, 33.3),
        (2, 3, 66.7),
        (0, 7, 0.0),
        (7, 7, 100.0),
        (61, 10_000, 0.6),  # 0,61% → 0,6% (one decimal)
        (1, 8000, 0.0),  # 0,0125% → 0,0%
        (1, 2000, 0.1),  # 0,05% → 0,1%
    ],
)
def test_percent_is_rounded_half_up_to_one_decimal(count: int, total: int, expected: float):
    assert percent(count, total) == expected


def test_percent_of_nothing_is_none_and_reads_as_a_dash():
    assert percent(0, 0) is None
    assert percent_vi(None) == "–"


def test_percent_vi_uses_the_vietnamese_comma():
    assert percent_vi(87.5) == "87,5%"
    assert percent_vi(100.0) == "100%"
    assert percent_vi(6.3) == "6,3%"


def test_survey_sentence_quotes_the_share_and_the_answers_with_thousands_separators():
    assert survey_sentence(105, 120) == (
        "87,5% hài lòng hoặc rất hài lòng (105 trên 120 phiếu trả lời)"
    )
    assert survey_sentence(963, 1100) == (
        "87,5% hài lòng hoặc rất hài lòng (963 trên 1.100 phiếu trả lời)"
    )


def test_survey_without_answers_says_so():
    figures = survey_figures(1, "Mức độ hài lòng?", LABELS, [0] * 5, 0)
    assert figures.satisfied_percent is None
    assert figures.sentence_vi == "chưa có phiếu trả lời khảo sát nào"
    assert [o.percent_vi for o in figures.distribution] == ["–"] * 5


def test_survey_satisfied_is_the_two_top_options():
    counts = [2, 3, 10, 45, 60]  # 120 answers, 105 satisfied
    figures = survey_figures(9, "Mức độ hài lòng?", LABELS, counts, 120)
    assert (figures.responses, figures.satisfied) == (120, 105)
    assert figures.satisfied_percent == 87.5
    assert figures.satisfied_percent_vi == "87,5%"
    assert [o.percent_vi for o in figures.distribution] == [
        "1,7%",
        "2,5%",
        "8,3%",
        "37,5%",
        "50%",
    ]


def test_bar_chart_is_inline_svg_with_counts_and_percentages_and_escaped_labels():
    svg = str(bar_chart([("<Có>", 1164, "97,0%"), ("Không", 36, "3,0%")], "Kết quả"))
    assert svg.startswith('<svg class="chart bars"')
    assert "&lt;Có&gt;" in svg and "<Có>" not in svg
    assert "1.164 (97,0%)" in svg and "36 (3,0%)" in svg
    # The longest bar fills the plot; the other is proportional.
    assert 'width="300"' in svg and 'width="9.3"' in svg


def test_the_report_rounds_exactly_like_the_polls_results():
    for total in range(1, 201):
        for count in range(total + 1):
            value, text = results_percent(count, total)
            assert (percent(count, total), percent_vi(percent(count, total))) == (value, text)
