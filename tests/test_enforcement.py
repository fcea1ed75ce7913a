"""wanted.enforcement (lesson 3): the chain's facts, the numbers behind the charts, the widgets' logic."""

import re

import matplotlib
import pandas as pd
import pytest

from conftest import ROOT
from wanted import data, enforcement as enf

matplotlib.use("Agg")
EXCERPTS = ROOT.parent / "shared" / "sources" / "rome_statute_excerpts.md"


# --------------------------------------------------------------------------- the chain


def test_chain_is_in_statute_order_and_breaks_at_the_arrest():
    assert [s.key for s in enf.CHAIN] == ["request", "arrest", "surrender", "finding", "referral", "measures"]
    assert enf.first_break("mongolia") == "arrest"
    statuses = dict(enf.chain_status())
    assert statuses["surrender"] == "not_reached"
    assert statuses["measures"] == "unknown"  # the ASP's action on Mongolia was NOT found: never "broke"
    assert all(s.mongolia in enf.STATUS for s in enf.CHAIN)
    with pytest.raises(ValueError, match="mongolia"):
        enf.chain_status("atlantis")


def test_every_fact_of_the_chain_has_known_sources():
    known = set(data.sources()["source_id"])
    for item in (*enf.CHAIN, *enf.VALVES):
        assert item.source_ids, f"{item.title}: no source ids"
        missing = set(item.source_ids) - known
        assert not missing, f"{item.title}: unknown source ids {missing}"


def test_statute_quotations_in_the_chain_are_verbatim():
    if not EXCERPTS.exists():
        pytest.skip("../shared/sources/rome_statute_excerpts.md not available")
    text = EXCERPTS.read_text(encoding="utf-8").replace("’", "'")
    text = re.sub(r"\s+", " ", text.replace("> ", " ").replace("a)The", "(a) The"))
    for step in enf.CHAIN:
        quoted = re.findall(r"“([^”]+)”", step.statute)
        assert quoted, f"{step.key}: the Statute column should quote the Statute"
        for part in quoted:
            for fragment in part.split("[…]"):
                fragment = fragment.strip().replace("’", "'")
                if fragment.startswith("(f) "):
                    fragment = fragment[4:]
                assert fragment in text, f"{step.key}: not verbatim in the excerpts: {fragment!r}"


def test_chain_figure_names_the_break_in_its_alt_text():
    fig, alt = enf.chain_figure()
    assert "arrest broke" in alt and "not found" in alt
    words = " ".join(t.get_text() for t in fig.axes[0].texts)
    for status in ("HELD", "BROKE", "NOT REACHED", "NOT FOUND"):
        assert status in words  # the figure says it in words, not only in colour
    matplotlib.pyplot.close(fig)


def test_step_cards_clamp_and_the_walk_moves():
    assert "Step 1 of 6" in enf.step_html(-5)
    assert "Step 6 of 6" in enf.step_html(99)
    assert "end of the chain" in enf.step_html(5)
    walk = enf.ChainWalk()
    assert walk.back.disabled and not walk.next.disabled
    first = walk.card.value
    walk.next.click()
    assert walk.index == 1 and walk.card.value != first and "Arrest" in walk.card.value
    walk.go(10)
    assert walk.index == 5 and walk.next.disabled


def test_widget_displays_have_stable_text_and_a_static_copy():
    for shown in (enf.chain_walk(), enf.findings_explorer()):
        bundle = shown._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert bundle["text/plain"] == repr(shown) and "Run this cell in Jupyter" in bundle["text/plain"]
        assert len(bundle["text/html"]) > 200
        assert "http" not in bundle["text/html"]  # no remote assets in the static copy


# --------------------------------------------------------------------------- warrant counts


def test_outstanding_is_arithmetic_and_never_guesses():
    row = {"warrants_total": 59, "implemented_or_detained": 21, "withdrawn_death": 7}
    assert enf.outstanding(row) == 31
    assert enf.outstanding({**row, "withdrawn_death": pd.NA}) is None


def test_table_column_outstanding_computed_agrees_with_the_arithmetic():
    frame = data.load("warrant_counts")
    for _, r in frame.iterrows():
        computed = enf.outstanding(r)
        stored = r["outstanding_computed"]
        assert (computed is None and pd.isna(stored)) or computed == stored, r["source_ids"]
    icc = frame[frame["source_ids"] == "scribd-icc-2024-12-17-court-today"].iloc[0]
    assert icc["outstanding_computed"] == 59 - 21 - 7


def test_warrant_summary_gives_the_range_and_flags_the_sum_that_does_not_add_up():
    text = enf.warrant_summary()
    assert "= 31 outstanding" in text
    assert "30 to 32" in text
    assert "CNN Indonesia" in text and "60 − 21 − 7 = 32" in text
    assert "21 of 59 warrants (36 %)" in text


def test_warrant_chart_draws_only_numbers_a_source_gives():
    frame = enf.warrant_counts()
    given = sum(
        int(not pd.isna(r[c])) for _, r in frame.iterrows()
        for c in ("warrants_total", "implemented_or_detained", "withdrawn_death")
    ) + sum(int(not (pd.isna(r["outstanding_or_at_large"]) and pd.isna(r["outstanding_computed"])))
            for _, r in frame.iterrows())
    fig, alt = enf.warrant_chart()
    bars = [p for p in fig.axes[0].patches if p.get_height() > 0]
    assert len(bars) == given == 10
    assert sorted(int(b.get_height()) for b in bars) == sorted(
        [59, 21, 7, 31, 60, 21, 7, 31, 30, 32])
    assert "unit persons" in alt and "unit unsealed warrants" in alt
    matplotlib.pyplot.close(fig)


# --------------------------------------------------------------------------- non-compliance decisions


def test_views_select_the_rows_they_say():
    table = data.load("noncompliance_findings")
    verified = table[table["date"].notna() & (table["confidence"] != "U")]
    formal = enf.select_findings("formal")
    assert len(formal) == int(verified["counts_as_finding"].sum())
    assert set(formal["finding_id"]) >= {"mongolia-2024-finding", "south-africa-2017-finding"}
    assert "jordan-2019-appeal" not in set(formal["finding_id"])  # a confirmed finding is counted once
    informing = enf.select_findings("informing")
    assert set(informing["finding_id"]) - set(formal["finding_id"]) == set(
        verified.loc[verified["decision"] == "informed", "finding_id"])
    every = enf.select_findings("all")
    assert len(every) == len(verified)
    assert not (every["confidence"] == "U").any()  # unverified rows are never charted
    with pytest.raises(ValueError, match="formal"):
        enf.select_findings("everything")


def test_counts_by_year_cover_the_table_years_and_sum_up():
    counts = enf.findings_by_year("formal")
    years = data.load("noncompliance_findings")["date"].dropna().dt.year
    assert list(counts.index) == list(range(int(years.min()), int(years.max()) + 1))
    assert list(counts.columns) == list(enf.REFERRAL)
    assert int(counts.values.sum()) == len(enf.select_findings("formal"))
    assert counts.loc[2024, "ASP"] == 1 and counts.loc[2017, "none"] == 1
    assert counts.loc[2010].sum() == 0 and enf.findings_by_year("informing").loc[2010].sum() == 2


def test_findings_chart_bars_equal_the_counts():
    for view in enf.FILTERS:
        counts = enf.findings_by_year(view)
        fig, alt = enf.findings_chart(view)
        heights = sum(p.get_height() for p in fig.axes[0].patches)
        assert heights == counts.values.sum()
        assert fig.axes[0].get_ylim()[0] == 0  # zero baseline
        assert f"{int(counts.values.sum())} decisions" in alt
        matplotlib.pyplot.close(fig)


def test_explorer_callback_redraws_summary_and_chart():
    explorer = enf.FindingsExplorer()
    before_text, before_chart = explorer.summary.value, explorer.chart.value
    assert "Formal findings" in before_text and 'alt="' in before_chart
    explorer.choice.value = "all"  # what the dropdown does when a student picks a view
    assert "Every dated decision" in explorer.summary.value
    assert explorer.chart.value != before_chart
