"""The chart module: exact geometry and text for small inputs, labels escaped, the table with the same numbers."""

from django.utils import translation

from koers.core import charts
from koers.core.charts import Series


def test_bars_are_as_long_as_their_value_against_the_maximum_with_the_value_beside_them():
    chart = charts.bars(ident="c", title="Uitslag", labels=["Ja", "Nee"], values=[3, 1], maximum=4)
    assert chart.svg == (
        '<svg class="chart chart-bars" viewBox="0 0 400 98" role="img" aria-labelledby="c-title" '
        'aria-describedby="c-desc" focusable="false"><title id="c-title">Uitslag</title>'
        '<desc id="c-desc">Ja: 3; Nee: 1</desc>'
        '<text x="0" y="15" class="chart-label">Ja</text>'
        '<rect x="0" y="20" width="290" height="22" class="chart-track"/>'
        '<rect x="0" y="20" width="217.5" height="22" class="chart-bar"/>'
        '<text x="223.5" y="36" class="chart-value">3</text>'
        '<text x="0" y="71" class="chart-label">Nee</text>'
        '<rect x="0" y="76" width="290" height="22" class="chart-track"/>'
        '<rect x="0" y="76" width="72.5" height="22" class="chart-bar"/>'
        '<text x="78.5" y="92" class="chart-value">1</text></svg>'
    )
    assert chart.table == charts.Table("Uitslag", ["", ""], [("Ja", ["3"]), ("Nee", ["1"])])


def test_bars_default_to_the_largest_value_and_print_the_given_texts():
    chart = charts.bars(ident="c", title="T", labels=["A", "B", "C"], values=[50, 25, 0], texts=["2 (50%)", "1", "0"])
    assert 'width="290" height="22" class="chart-bar"' in chart.svg  # the largest fills the room
    assert 'width="145" height="22" class="chart-bar"' in chart.svg
    assert chart.svg.count('class="chart-bar"') == 2  # no bar for zero, but its value is printed
    assert '<text x="6" y="148" class="chart-value">0</text>' in chart.svg
    assert '<text x="296" y="36" class="chart-value">2 (50%)</text>' in chart.svg


def test_labels_and_titles_are_escaped():
    chart = charts.bars(ident="x", title="<b>T</b>", labels=["<script>alert(1)</script>"], values=[1])
    assert "<script>" not in chart.svg and "<b>" not in chart.svg
    assert '<text x="0" y="15" class="chart-label">&lt;script&gt;alert(1)&lt;/script&gt;</text>' in chart.svg
    assert '<title id="x-title">&lt;b&gt;T&lt;/b&gt;</title>' in chart.svg


def test_long_labels_wrap_between_words_and_are_cut_after_three_lines():
    assert charts.wrap("Een afspraak met een ambitie", chars=12) == ["Een afspraak", "met een", "ambitie"]
    assert charts.wrap("a b c d e f g h", chars=3, lines=2) == ["a b", "c…"]
    assert charts.wrap("Verbindingsplatform", chars=8) == ["Verbindi", "ngsplatf", "orm"]
    chart = charts.bars(ident="c", title="T", labels=["Een afspraak met een ambitie " * 2], values=[1])
    assert chart.svg.count('class="chart-label"') == 2
    assert 'viewBox="0 0 400 62"' in chart.svg  # two lines of 20, a bar of 22


def test_numbers_follow_the_language():
    with translation.override("nl"):
        chart = charts.bars(ident="c", title="T", labels=["A"], values=[1234.5])
    assert ">1.234,5</text>" in chart.svg
    with translation.override("en"):
        chart = charts.bars(ident="c", title="T", labels=["A"], values=[1234.5])
    assert ">1,234.5</text>" in chart.svg


SERIES = [Series("project-lopend", "Lopend"), Series("project-afgerond", "Afgerond")]


def test_stacked_bars_cut_each_bar_by_series_with_counts_totals_and_a_legend():
    with translation.override("nl"):
        chart = charts.stacked(
            ident="s",
            title="Per thema",
            labels=["Data", "XR"],
            series=SERIES,
            values=[[3, 1], [0, 2]],
            label_heading="Thema",
        )
    assert chart.svg == (
        '<svg class="chart chart-stacked" viewBox="0 0 400 128" role="img" aria-labelledby="s-title" '
        'aria-describedby="s-desc" focusable="false"><title id="s-title">Per thema</title>'
        '<desc id="s-desc">Data: Lopend 3, Afgerond 1; XR: Lopend 0, Afgerond 2</desc>'
        '<g class="chart-project-lopend"><rect x="0" y="2" width="16" height="16" class="chart-swatch"/></g>'
        '<text x="22" y="15" class="chart-label">Lopend</text>'
        '<g class="chart-project-afgerond"><rect x="89" y="2" width="16" height="16" class="chart-swatch"/></g>'
        '<text x="111" y="15" class="chart-label">Afgerond</text>'
        '<text x="0" y="45" class="chart-label">Data</text>'
        '<g class="chart-project-lopend"><rect x="0" y="50" width="217.5" height="22" class="chart-segment"/>'
        '<text x="108.8" y="66" class="chart-count" text-anchor="middle">3</text></g>'
        '<g class="chart-project-afgerond"><rect x="217.5" y="50" width="72.5" height="22" class="chart-segment"/>'
        '<text x="253.8" y="66" class="chart-count" text-anchor="middle">1</text></g>'
        '<text x="296" y="66" class="chart-value">4</text>'
        '<text x="0" y="101" class="chart-label">XR</text>'
        '<g class="chart-project-afgerond"><rect x="0" y="106" width="145" height="22" class="chart-segment"/>'
        '<text x="72.5" y="122" class="chart-count" text-anchor="middle">2</text></g>'
        '<text x="151" y="122" class="chart-value">2</text></svg>'
    )
    assert chart.table == charts.Table(
        "Per thema", ["Thema", "Lopend", "Afgerond", "Totaal"], [("Data", ["3", "1", "4"]), ("XR", ["0", "2", "2"])]
    )


def test_a_segment_too_narrow_for_its_number_leaves_it_to_the_table():
    chart = charts.stacked(ident="s", title="T", labels=["A"], series=SERIES, values=[[100, 1]])
    assert chart.svg.count('class="chart-count"') == 1
    assert chart.table.rows == [("A", ["100", "1", "101"])]


def test_columns_stack_upwards_with_the_total_above_and_the_label_below():
    with translation.override("nl"):
        chart = charts.columns(
            ident="h",
            title="Door de tijd",
            labels=["2025\n1e helft", "2025\n2e helft"],
            series=SERIES[:1],
            values=[[1], [2]],
        )
    assert chart.svg == (
        '<svg class="chart chart-columns" viewBox="0 0 400 296" role="img" aria-labelledby="h-title" '
        'aria-describedby="h-desc" focusable="false"><title id="h-title">Door de tijd</title>'
        '<desc id="h-desc">2025 1e helft: Lopend 1; 2025 2e helft: Lopend 2</desc>'
        '<g class="chart-project-lopend"><rect x="0" y="2" width="16" height="16" class="chart-swatch"/></g>'
        '<text x="22" y="15" class="chart-label">Lopend</text>'
        '<g class="chart-project-lopend"><rect x="72" y="150" width="56" height="100" class="chart-segment"/>'
        '<text x="100" y="205" class="chart-count" text-anchor="middle">1</text></g>'
        '<text x="100" y="144" class="chart-value" text-anchor="middle">1</text>'
        '<text x="100" y="270" class="chart-tick" text-anchor="middle">2025</text>'
        '<text x="100" y="290" class="chart-tick" text-anchor="middle">1e helft</text>'
        '<g class="chart-project-lopend"><rect x="272" y="50" width="56" height="200" class="chart-segment"/>'
        '<text x="300" y="155" class="chart-count" text-anchor="middle">2</text></g>'
        '<text x="300" y="44" class="chart-value" text-anchor="middle">2</text>'
        '<text x="300" y="270" class="chart-tick" text-anchor="middle">2025</text>'
        '<text x="300" y="290" class="chart-tick" text-anchor="middle">2e helft</text>'
        '<line x1="0" y1="250" x2="400" y2="250" class="chart-axis"/></svg>'
    )
    assert chart.table.rows == [("2025 1e helft", ["1", "1"]), ("2025 2e helft", ["2", "2"])]


def test_empty_charts_draw_no_bars():
    assert charts.columns(ident="e", title="T", labels=["2025"], series=SERIES, values=[[0, 0]]).svg.count("<rect") == 2
    assert charts.stacked(ident="e", title="T", labels=[], series=SERIES, values=[]).table.rows == []
    assert 'class="chart-bar"' not in charts.bars(ident="e", title="T", labels=["A"], values=[0]).svg
