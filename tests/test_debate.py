"""Lesson 6 (wanted.debate): the trips chart, the role cards and the weighing tool.

The numbers are checked against the CSV files read with the csv module (not
through the functions under test); the widgets' callbacks are driven directly,
since they never run under nbval.
"""

import csv
import math
import re
from collections import Counter

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from conftest import ROOT
from wanted import debate

DATA = ROOT / "data"
SHARED = ROOT.parent / "shared" / "sources"


def rows(name):
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- trips


def test_trips_by_year_equals_counts_from_the_csv():
    expected = Counter((int(r["start_date"][:4]), r["host_icc_status"])
                       for r in rows("putin_trips") if r["status"] == "took_place")
    table = debate.trips_by_year()
    assert list(table.columns) == list(debate.STATUS_ORDER)
    for year in table.index:
        for status in table.columns:
            assert table.loc[year, status] == expected.get((year, status), 0), (year, status)
    assert table.to_numpy().sum() == sum(expected.values())


def test_announced_trips_are_never_counted():
    raw = rows("putin_trips")
    announced = [r for r in raw if r["status"] == "announced"]
    assert announced, "the table should keep the announced trips (as announcements)"
    assert all(r["confidence"] == "U" for r in announced)
    taken = debate.trips_taken()
    assert len(taken) == len(raw) - len(announced)
    assert set(taken["status"]) == {"took_place"}


def test_state_party_visits_are_mongolia_and_tajikistan():
    taken = debate.trips_taken()
    parties = taken[taken["host_icc_status"] == "state_party"]
    assert list(parties["country"]) == ["Mongolia", "Tajikistan"]
    assert list(parties["start_date"].dt.strftime("%Y-%m")) == ["2024-09", "2025-10"]


def test_summary_states_the_table_numbers():
    text = debate.trips_summary()
    taken = [r for r in rows("putin_trips") if r["status"] == "took_place"]
    by = Counter(r["host_icc_status"] for r in taken)
    assert f": {len(taken)}." in text
    assert f"to ICC states parties: {by['state_party']} (Mongolia (September 2024) and Tajikistan (October 2025))" in text
    assert f"never ratified it: {by['signatory_not_party']}" in text
    assert f"never signed it: {by['non_party']}" in text
    assert "Not counted: 3 announced trips" in text


def test_chart_bars_and_alt_text_match_the_data():
    fig, alt = debate.trips_figure()
    try:
        ax = fig.axes[0]
        counts = debate.trips_by_year()
        heights = [round(p.get_height()) for p in ax.patches]
        # one bar per (status, year), drawn status by status
        assert heights == [int(counts.loc[y, s]) for s in debate.STATUS_ORDER for y in counts.index]
        assert ax.get_ylim()[0] == 0, "bars must start at zero"
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == [debate.STATUS_LABELS[s] for s in debate.STATUS_ORDER]
        hatches = {p.get_hatch() for p in ax.patches}
        assert len(hatches) == 3, "each status needs its own hatch, not only a colour"
        ticks = " ".join(t.get_text() for t in ax.get_xticklabels())
        assert "Mongolia" in ticks and "Tajikistan" in ticks
    finally:
        plt.close(fig)
    total = int(counts.to_numpy().sum())
    assert f"In total {total} visits" in alt
    assert "Mongolia (September 2024) and Tajikistan (October 2025)" in alt
    assert not re.search(r"\b1 visits", alt)


def test_a_year_without_a_state_party_visit_is_zero_not_missing():
    table = debate.trips_by_year()
    assert not table.isna().any().any()
    assert table.loc[2023, "state_party"] == 0


# --------------------------------------------------------------------------- what followed


def test_timeline_rows_filters_and_shows_confidence():
    table = debate.timeline_rows("2024-09-04", "2025-05-31", categories=["court", "assembly", "reaction"])
    assert len(table) == sum(1 for r in rows("timeline")
                             if "2024-09-04" <= r["date"] <= "2025-05-31"
                             and r["category"] in ("court", "assembly", "reaction"))
    text = repr(table)
    assert "[U]  No record of what the Assembly of States Parties did" in text
    assert "2–6 Dec 2024" in text  # a span uses end_date
    assert "   Dec 2024  [U]" in text  # a month-precision row shows no invented day
    html = table._repr_html_()
    assert "<a href=" in html and "secondary source only" in html


def test_timeline_rows_by_event_id():
    table = debate.timeline_rows(event_ids=["hungary-withdrawal-effective", "ukraine-becomes-state-party"])
    assert len(table) == 2
    assert repr(table).splitlines()[1].strip().startswith("1 Jan 2025")


# --------------------------------------------------------------------------- role cards


@pytest.fixture(scope="module")
def cards():
    return debate.role_cards()


def test_every_role_has_a_card_in_dropdown_order(cards):
    assert debate.roles(cards) == list(debate.ROLES)


def test_points_with_a_quote_say_who_and_where(cards):
    for r in cards.itertuples():
        quote = debate._text(r.quote)
        if quote:
            assert debate._text(r.speaker) and debate._text(r.said), r.card_id
            assert r.kind != "caveat", r.card_id
        if r.kind in ("critique", "defence"):
            assert quote, f"{r.card_id}: a critique or defence quotes its author"
    quoted = cards[cards["quote"].notna()]
    assert len(quoted) >= 15


def test_roles_without_a_quotable_statement_say_so(cards):
    prosecutor = cards[cards["role"] == "The ICC Prosecutor"]
    caveat = prosecutor[prosecutor["kind"] == "caveat"]
    assert list(caveat["order"]) == [1], "the Prosecutor's card opens with what the sources do not hold"
    assert "No statement by the ICC Prosecutor or the Office of the Prosecutor on Mongolia" in caveat["point"].iloc[0]
    assert "never present these quotations as the Prosecutor's words" in caveat["point"].iloc[0]
    planner = cards[cards["role"] == "An energy planner"]
    assert "invented for the debate" in planner[planner["kind"] == "caveat"]["point"].iloc[0]
    court = cards[cards["role"] == "The ICC (Court and spokesperson)"]
    assert "The Prosecutor has a card of its own" in court[court["kind"] == "caveat"]["point"].iloc[0]


def test_prosecutor_card_argues_from_sources_without_putting_words_in_the_prosecutors_mouth(cards):
    prosecutor = cards[cards["role"] == "The ICC Prosecutor"]
    arguments = prosecutor[prosecutor["kind"] == "argument"]
    assert len(arguments) >= 5, "the Prosecutor's strongest arguments, each on its own point"
    for r in arguments.itertuples():
        assert debate._text(r.quote) and r.confidence in ("V", "S"), r.card_id
        speaker = debate._text(r.speaker)
        # No stored statement of the Prosecutor exists: no quotation may be attributed to the Prosecutor.
        assert "Prosecutor" not in speaker or "not the Prosecutor's" in speaker, r.card_id
    said = " ".join(prosecutor["point"])
    for article in ("art. 58(1)", "art. 59(1)", "art. 89(1)", "art. 27", "art. 63(1)"):
        assert article in said or article in " ".join(prosecutor["speaker"].fillna("")), article
    # The Court's card stays, as a sixth and last card.
    assert debate.ROLES[1] == "The ICC Prosecutor" and debate.ROLES[-1] == "The ICC (Court and spokesperson)"
    assert len(debate.ROLES) == 6


def test_scholar_card_has_both_critique_and_defence(cards):
    kinds = set(cards.loc[cards["role"] == "A legal scholar", "kind"])
    assert {"critique", "defence"} <= kinds


def _normalise(text):
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text)


# Quotations whose exact text is stored in the shared source material or in a
# data table (the others were read in stored copies of web pages only).
CHECKABLE = {
    "prosecutor-application": "factcheck.md",
    "prosecutor-charges": "factcheck.md",
    "prosecutor-duty": "rome_statute_excerpts.md",
    "prosecutor-no-immunity": "rome_statute_excerpts.md",
    "prosecutor-no-trial": "rome_statute_excerpts.md",
    "prosecutor-imitation": "seeds",
    "prosecutor-lawfare": "seeds",
    "ukraine-prosecutor-general": "factcheck.md",
    "ukraine-demarche": "factcheck.md",
    "court-procedure": "factcheck.md",
    "court-no-immunity": "icc_decisions_excerpts.md",
    "court-the-question": "icc_decisions_excerpts.md",
    "court-too-late": "icc_decisions_excerpts.md",
    "court-compliance-assessment": "icc_decisions_excerpts.md",
    "ukraine-call": "factcheck.md",
    "ukraine-heavy-blow": "factcheck.md",
    "scholar-defence-statute": "seeds",
    "scholar-defence-jordan": "icc_decisions_excerpts.md",
    "scholar-defence-practice": "seeds",
}


@pytest.mark.parametrize("card_id", sorted(CHECKABLE))
def test_quotation_is_verbatim_in_the_shared_sources(cards, card_id):
    if not SHARED.is_dir():
        pytest.skip("../shared/sources is not beside the repository (student bundle)")
    where = SHARED / CHECKABLE[card_id]
    files = sorted(where.glob("*.txt")) if where.is_dir() else [where]
    corpus = _normalise(" ".join(p.read_text(encoding="utf-8") for p in files))
    quote = cards.set_index("card_id").loc[card_id, "quote"]
    for part in quote.split(" … "):  # an ellipsis marks an omission between two exact pieces
        assert _normalise(part) in corpus, f"{card_id}: {part[:60]!r} not found verbatim in {CHECKABLE[card_id]}"


@pytest.mark.parametrize("card_id, table, column", [
    ("mongolia-energy", "fuel_imports_from_russia", "exact_quote"),
    ("energy-fuel", "fuel_imports_from_russia", "exact_quote"),
    ("energy-electricity", "electricity_imports_by_partner", "basis"),
])
def test_quotation_matches_the_data_table(cards, card_id, table, column):
    quote = cards.set_index("card_id").loc[card_id, "quote"]
    assert any(_normalise(quote) in _normalise(r[column]) for r in rows(table)), card_id


def test_card_html_escapes_and_links(cards):
    html = debate.card_html("Mongolia's government", cards)
    assert "immediate neighborhood" in html
    assert "Mongolia&#x27;s government" in html  # escaped, not raw
    assert '<a href="https://www.politico.eu/' in html
    assert "Confidence: verified" in html
    assert "No card for" in debate.card_html("<script>", cards)
    assert "<script>" not in debate.card_html("<script>", cards)


def test_role_explorer_callback_changes_the_card():
    explorer = debate.role_explorer()
    assert explorer.dropdown.value == debate.ROLES[0]
    assert "immediate neighborhood" in explorer.card.value
    explorer.dropdown.value = "A legal scholar"  # fires the observer, as a click would
    assert "cynical solipsism" in explorer.card.value
    assert "immediate neighborhood" not in explorer.card.value
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Role cards: choose a role")
    assert "cynical solipsism" in bundle["text/html"]  # the static copy shows the current card
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_role_explorer_starts_on_a_given_role_and_ignores_unknown_ones():
    assert debate.role_explorer("An energy planner").dropdown.value == "An energy planner"
    assert debate.role_explorer("nobody").dropdown.value == debate.ROLES[0]


# --------------------------------------------------------------------------- weighing


def test_scores_table_is_complete_and_in_range():
    raw = rows("decision_scores")
    pairs = {(r["option"], r["factor"]) for r in raw}
    assert pairs == {(o, f) for o in debate.OPTIONS for f in debate.FACTORS}
    assert all(0 <= int(r["score"]) <= 10 and r["rationale"].strip() and r["source_ids"].strip() for r in raw)


def _by_hand(weights):
    sums = Counter()
    for r in rows("decision_scores"):
        sums[r["option"]] += weights[r["factor"]] * int(r["score"])
    return sums


@pytest.mark.parametrize("weights", [
    {"legal": 5, "political": 5, "economic": 5},
    {"legal": 10, "political": 2, "economic": 2},
    {"legal": 2, "political": 5, "economic": 10},
    {"legal": 8, "political": 4, "economic": 6},
    {"legal": 0, "political": 0, "economic": 1},
])
def test_weigh_is_the_weighted_sum_ranked(weights):
    ranked = debate.weigh(weights)
    expected = _by_hand(weights)
    assert dict(zip(ranked["option"], ranked["weighted_sum"])) == pytest.approx(dict(expected))
    assert list(ranked["weighted_sum"]) == sorted(ranked["weighted_sum"], reverse=True)
    total = sum(weights.values())
    for r in ranked.itertuples():
        assert r.out_of_10 == pytest.approx(r.weighted_sum / total)
    assert ranked["rank"].iloc[0] == 1


def test_first_place_rule_matches_weigh_on_every_integer_weight():
    cond = debate.first_place_conditions().set_index("rival")
    ask = cond.loc["Ask Putin not to come, or postpone"]
    assert (ask["political_coef"], ask["economic_coef"]) == (2.0, 2.5)  # (5 - 1) / (10 - 8), (6 - 1) / (10 - 8)
    score = {(r["option"], r["factor"]): int(r["score"]) for r in rows("decision_scores")}  # read once, by hand
    for legal in range(11):
        for political in range(11):
            for economic in range(11):
                if legal == political == economic == 0:
                    continue
                w = {"legal": legal, "political": political, "economic": economic}
                sums = {o: sum(w[f] * score[(o, f)] for f in debate.FACTORS) for o in debate.OPTIONS}
                alone_first = all(sums["Arrest and surrender"] > v for o, v in sums.items() if o != "Arrest and surrender")
                assert alone_first == (legal > 2 * political + 2.5 * economic), w
    # ... and weigh() agrees on both sides of the boundary, and on it (a tie).
    for w, first in (({"legal": 10, "political": 2, "economic": 2}, True), ({"legal": 9, "political": 2, "economic": 2}, False),
                     ({"legal": 6, "political": 1, "economic": 1}, True), ({"legal": 8, "political": 4, "economic": 6}, False)):
        ranked = debate.weigh(w)
        assert (ranked["option"].iloc[0] == "Arrest and surrender" and (ranked["rank"] == 1).sum() == 1) == first, w
    assert list(debate.weigh({"legal": 9, "political": 2, "economic": 2})["rank"]) == [1, 1, 3]


def test_first_place_rule_in_words():
    text = debate.first_place_rule()
    assert "greater than 2 × the political weight + 2.5 × the economic weight" in text
    assert "ties with “Ask Putin not to come, or postpone”" in text
    assert "legal 6, political 1, economic 1 puts it first (6 > 4.5)" in text
    assert "legal 8, political 4, economic 6 it would need a legal weight above 23" in text
    with pytest.raises(debate.WeightError, match="No option called"):
        debate.first_place_rule("Invade")
    # With other scores the sentence changes with them (never typed by hand).
    other = tie_scores().assign(score=[10, 0, 0, 5, 5, 5, 0, 5, 10])
    assert "greater than 1 × the political weight + 1 × the economic weight" in debate.first_place_rule(
        debate.OPTIONS[0], other, examples=())


def test_different_weights_favour_different_options():
    firsts = {debate.weigh(w)["option"].iloc[0] for w in (
        {"legal": 5, "political": 5, "economic": 5},
        {"legal": 10, "political": 2, "economic": 2},
        {"legal": 2, "political": 5, "economic": 10})}
    assert firsts == set(debate.OPTIONS), "each option should win under some weights"


def test_weights_as_a_sequence_and_scaling_do_not_change_the_ranking():
    a = debate.weigh([1, 2, 3])
    b = debate.weigh({"legal": 2, "political": 4, "economic": 6})
    assert list(a["option"]) == list(b["option"])
    assert list(a["out_of_10"]) == pytest.approx(list(b["out_of_10"]))


def tie_scores():
    return pd.DataFrame({
        "option": [o for o in debate.OPTIONS for _ in debate.FACTORS],
        "factor": list(debate.FACTORS) * 3,
        "score": [6, 6, 6, 6, 6, 6, 0, 3, 9],
        "rationale": ["r"] * 9, "source_ids": ["s"] * 9})


def test_ties_share_a_rank_and_are_said_in_words():
    ranked = debate.weigh({"legal": 1, "political": 1, "economic": 1}, tie_scores())
    assert list(ranked["rank"]) == [1, 1, 3]
    assert list(ranked["option"][:2]) == list(debate.OPTIONS[:2])  # ties keep the table order
    text = debate.verdict(ranked)
    assert "do not decide" in text and "tie for first place" in text and "6.0 out of 10 each" in text
    # float noise must not split a tie: 0.1 + 0.2 != 0.3 in binary
    noisy = debate.weigh({"legal": 0.1, "political": 0.2, "economic": 0.0}, tie_scores().assign(
        score=[3, 3, 3, 3, 3, 3, 3, 3, 3]))
    assert set(noisy["rank"]) == {1}


def test_verdict_names_the_winner_and_the_rest():
    text = debate.explain({"legal": 5, "political": 5, "economic": 5})
    assert text.startswith("These weights favour “Ask Putin not to come, or postpone” (6.3 out of 10).")
    assert "“Arrest and surrender” comes third (4.0)" in text


@pytest.mark.parametrize("bad, phrase", [
    ({"legal": 0, "political": 0, "economic": 0}, "All three weights are 0"),
    ({"legal": -1, "political": 5, "economic": 5}, "negative"),
    ({"legal": float("nan"), "political": 5, "economic": 5}, "not a usable number"),
    ({"legal": math.inf, "political": 5, "economic": 5}, "not a usable number"),
    ({"legal": 11, "political": 5, "economic": 5}, "above the scale"),
    ({"legal": "5", "political": 5, "economic": 5}, "not a number"),
    ({"legal": True, "political": 5, "economic": 5}, "not a number"),
    ({"legal": 5, "political": 5}, "missing: economic"),
    ({"legal": 5, "political": 5, "economic": 5, "moral": 3}, "not a factor"),
    ([1, 2], "not list"),
    (None, "not NoneType"),
    ("x" * 10_000, "not str"),
])
def test_bad_weights_give_a_clear_message(bad, phrase):
    with pytest.raises(debate.WeightError, match=re.escape(phrase)):
        debate.weigh(bad)
    message = debate.explain(bad)  # never raises
    assert message.startswith("Cannot weigh the options:") and phrase in message
    assert len(message) < 600


def test_missing_score_is_reported_not_computed():
    broken = tie_scores().iloc[:-1]
    with pytest.raises(debate.WeightError, match="no score for: Host him and accept a finding / economic"):
        debate.weigh({"legal": 1, "political": 1, "economic": 1}, broken)


def test_weighing_tool_sliders_update_the_result():
    tool = debate.weighing_tool()
    assert tool.weights() == {"legal": 5, "political": 5, "economic": 5}
    assert "favour “Ask Putin not to come, or postpone”" in tool.result.value
    tool.sliders["legal"].value = 10  # fires the observer, as dragging would
    tool.sliders["political"].value = 2
    tool.sliders["economic"].value = 2
    assert "favour “Arrest and surrender”" in tool.result.value
    for s in tool.sliders.values():
        s.value = 0
    assert "Cannot weigh the options" in tool.result.value and "role=\"alert\"" in tool.result.value


def test_weighing_tool_labels_and_static_copy():
    tool = debate.weighing_tool({"legal": 2, "political": 5, "economic": 10})
    labels = [s.description for s in tool.sliders.values()]
    assert labels == [debate.FACTOR_LABELS[f] for f in debate.FACTORS]
    assert all(s.min == 0 and s.max == 10 for s in tool.sliders.values())
    assert tool.justification.value == ""
    bundle = tool._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Weighing tool:")
    assert "favour “Host him and accept a finding”" in bundle["text/html"]
    assert "not saved to your progress file" in bundle["text/html"]
    with pytest.raises(debate.WeightError):
        debate.weighing_tool({"legal": -3, "political": 5, "economic": 5})


def test_scores_table_view_shows_rationale_and_source():
    view = debate.scores_table()
    html = view._repr_html_()
    assert html.count("<tr>") == 1 + 9
    assert "No measures have so far been adopted" in html
    assert "<a href=" in html
    assert repr(view).startswith("Scores table: 3 options × 3 factors")
