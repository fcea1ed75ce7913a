"""wanted.timeline (lesson 1): filters, chart, event list, explorer and the claim sorter.

The chart and the lists are checked against values computed directly from
data/timeline.csv with the csv module, so a change in either shows up here.
"""

import csv
import re

import pandas as pd
import pytest

from conftest import ROOT
from wanted import data
from wanted import timeline as tl
from wanted.errors import CourseError


@pytest.fixture(scope="module")
def events():
    return tl.load_events()


@pytest.fixture(scope="module")
def raw_rows():
    with open(ROOT / "data" / "timeline.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- filters


def test_every_category_has_a_style(events):
    assert set(events["category"]) <= set(tl.CATEGORIES)
    markers = [m for _, _, m in tl.CATEGORIES.values()]
    assert len(set(markers)) == len(markers), "each kind of event needs its own marker shape"


def test_events_sorted_and_same_day_acts_before_words(events):
    assert events["date"].is_monotonic_increasing
    order = list(events["event_id"])
    assert order.index("warrants-issued") < order.index("kremlin-rejects-warrants")


def test_filter_by_actor_group_matches_csv(events, raw_rows):
    words = ("ukraine", "tykhyi", "kostin")
    expected = {r["event_id"] for r in raw_rows
                if any(re.search(rf"(?<!\w){w}(?!\w)", r["actors"].lower()) for w in words)}
    got = set(tl.filter_events(events, actor="Ukraine")["event_id"])
    assert got == expected
    assert "ukraine-mfa-heavy-blow" in got and "ukraine-prosecutor-general-reaction" in got


def test_filter_by_plain_name_and_unknown_actor(events):
    peskov = tl.filter_events(events, actor="peskov")
    assert set(peskov["event_id"]) == {"kremlin-rejects-warrants", "kremlin-no-worries"}
    assert tl.filter_events(events, actor="Atlantis").empty
    assert len(tl.filter_events(events, actor="All")) == len(events)
    assert len(tl.filter_events(events, actor="  ")) == len(events)


def test_filter_by_category_key_or_label(events, raw_rows):
    n = sum(1 for r in raw_rows if r["category"] == "reaction")
    assert len(tl.filter_events(events, category="reaction")) == n
    assert len(tl.filter_events(events, category="Reactions")) == n
    with pytest.raises(CourseError, match="Unknown kind of event"):
        tl.filter_events(events, category="gossip")


def test_filter_by_dates_keeps_overlapping_events(events):
    # The BRICS summit ran 22-24 Aug 2023: a window starting on the 23rd still includes it.
    window = tl.filter_events(events, start="2023-08-23", end="2023-08-31")
    assert list(window["event_id"]) == ["brics-johannesburg-putin-by-video"]
    with pytest.raises(CourseError, match="after end"):
        tl.filter_events(events, start="2024-10-01", end="2024-09-01")
    with pytest.raises(CourseError, match="not a date"):
        tl.filter_events(events, start="yesterday")
    with pytest.raises(CourseError, match="timeline table"):
        tl.filter_events("timeline")


def test_case_period_runs_from_invasion_to_finding(events, raw_rows):
    case = tl.case_events(events)
    inside = [r for r in raw_rows if "2022-02-24" <= r["date"] <= "2024-10-24"]
    assert len(case) == len(inside)
    assert case["date"].min() == pd.Timestamp("2022-02-24")
    assert case["date"].max() == pd.Timestamp("2024-10-24")


def test_days_between_request_and_arrival(events):
    assert tl.days_between(events, "mongolia-asks-for-consultations", "putin-arrives-ulaanbaatar") == 3
    with pytest.raises(CourseError):
        tl.days_between(events, "nope", "putin-arrives-ulaanbaatar")


# --------------------------------------------------------------------------- chart


def _points(ax):
    return sum(len(c.get_offsets()) for c in ax.collections)


def _labels(ax):
    numbers = []
    for text in ax.texts:
        if re.fullmatch(r"\d+(, \d+)*", text.get_text()):
            numbers += [int(n) for n in text.get_text().split(", ")]
    return numbers


def test_chart_plots_every_event_once_and_numbers_each(events):
    import matplotlib.pyplot as plt

    case = tl.case_events(events)
    fig = tl.timeline_chart(case)
    top, bottom = fig.axes
    inside = tl._in_window(case, tl.VISIT_WINDOW)
    assert _points(top) == len(case)
    assert _points(bottom) == int(inside.sum())
    assert sorted(_labels(top) + _labels(bottom)) == list(range(1, len(case) + 1))
    lanes = [t.get_text() for t in top.get_yticklabels()]
    assert lanes == [tl.CATEGORIES[k][0] for k in tl.CATEGORIES if k in set(case["category"])]
    plt.close(fig)


def test_chart_single_panel_and_empty(events):
    import matplotlib.pyplot as plt

    ukraine = tl.filter_events(events, actor="Ukraine", start="2024-09-01", end="2024-09-14")
    fig = tl.timeline_chart(ukraine)
    assert len(fig.axes) == 1 and _points(fig.axes[0]) == len(ukraine)
    plt.close(fig)
    fig = tl.timeline_chart(events.iloc[0:0])
    assert "No events" in fig.axes[0].texts[0].get_text()
    plt.close(fig)


def test_alt_text_states_counts_from_the_table(events):
    case = tl.case_events(events)
    alt = tl.chart_alt(case)
    assert f"{len(case)} events" in alt
    (day, n), _ = tl.busiest_days(case)
    assert f"{day.day} {day:%B %Y} ({n} events)" in alt
    assert n == int((case["date"] == day).sum()) == case.groupby("date").size().max()
    assert "no events" in tl.chart_alt(case.iloc[0:0]).lower()
    first, last = tl.longest_gap(case)
    gaps = pd.Series(sorted(set(case["date"]))).diff().dt.days
    assert (last - first).days == gaps.max()
    assert f"({int(gaps.max())} days)" in alt


def test_summary_counts_confidence(events):
    case = tl.case_events(events)
    text = tl.summary(case)
    for label in "VSU":
        assert f"{int((case['confidence'] == label).sum())} {label} (" in text


# --------------------------------------------------------------------------- event list and explorer


def test_events_html_lists_numbered_rows_with_sources(events):
    case = tl.case_events(events)
    page = tl.events_html(case)
    assert page.count("<tr><td>") == len(case)
    assert "V · verified" in page and "S · secondary" in page
    assert data.source_url("politico-2024-09-03") in page
    assert "No events" in tl.events_html(case.iloc[0:0])


def test_explorer_view_and_bad_period(events):
    view = tl.explorer_view(events, actor="Ukraine", category="reaction")
    assert set(view["events"]["category"]) == {"reaction"}
    assert "Ukraine" in view["heading"] and "reactions" in view["heading"]
    with pytest.raises(CourseError, match="Unknown period"):
        tl.explorer_view(events, period="the Middle Ages")


def test_explorer_widget_redraws_on_change(events):
    ex = tl.explorer(events)
    before = ex.status.value
    assert f"{len(tl.case_events(events))} events" in before
    ex.actor.value = "Ukraine"
    ex.category.value = "reaction"
    after = ex.status.value
    assert after != before
    n = len(tl.filter_events(events, actor="Ukraine", category="reaction", start="2022-02-24", end="2024-10-24"))
    assert f"{n} events" in after
    assert ex.table.value.count("<tr><td>") == n
    assert 'alt="' in ex.image.value and "base64," in ex.image.value


def test_explorer_display_is_stable(events):
    bundle = tl.explorer(events)._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Timeline explorer:")
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].count("<tr><td>") == len(tl.case_events(events))
    assert "data:image" not in bundle["text/html"], "static HTML must stay small and version-independent"


# --------------------------------------------------------------------------- claims


def test_claims_answer_key_is_sound():
    ids = set(data.sources()["source_id"])
    assert {c.label for c in tl.CLAIMS} == set(tl.LABELS), "every box is used at least once"
    assert len({c.key for c in tl.CLAIMS}) == len(tl.CLAIMS)
    for claim in tl.CLAIMS:
        assert claim.source_ids and set(claim.source_ids) <= ids, claim.key


def test_check_claims_all_right_and_score():
    answers = {c.key: c.label for c in tl.CLAIMS}
    results = tl.check_claims(answers)
    assert all(r.correct is True for r in results)
    assert tl.claims_score(results) == f"{len(tl.CLAIMS)} of {len(tl.CLAIMS)} right"
    # A list in order and first words in any case work too.
    assert all(r.correct for r in tl.check_claims([c.label.split()[0].upper() for c in tl.CLAIMS]))


def test_check_claims_wrong_gives_hint_then_answer():
    kostin = next(c for c in tl.CLAIMS if c.key == "kostin")
    first = {r.key: r for r in tl.check_claims({"kostin": tl.VERIFIED})}["kostin"]
    assert first.correct is False and kostin.check in first.message and kostin.why not in first.message
    second = {r.key: r for r in tl.check_claims({"kostin": tl.VERIFIED}, {"kostin": 1})}["kostin"]
    assert kostin.why in second.message and tl.CONTRADICTED in second.message


@pytest.mark.parametrize("bad", [None, 42, "verified", {"arrival": 3.5}, {"arrival": "x" * 10_000}, [None] * 3])
def test_check_claims_bad_input_never_raises(bad):
    results = tl.check_claims(bad)
    assert len(results) == len(tl.CLAIMS)
    assert all(r.correct in (None, True, False) and r.message for r in results)
    assert all(len(r.message) < 1000 for r in results)


def test_claim_sorter_widget_checks_and_reveals():
    sorter = tl.claim_sorter()
    sorter.dropdowns["arrival"].value = tl.VERIFIED
    sorter.dropdowns["ninety_five"].value = tl.VERIFIED
    sorter.button.click()
    assert "✔ Right" in sorter.feedback["arrival"].value
    assert "✘ Not quite" in sorter.feedback["ninety_five"].value
    assert "⚠ Not answered" in sorter.feedback["kostin"].value
    assert "1 of 9 right" in sorter.score.value
    sorter.button.click()
    assert "The answer: contradicted" in sorter.feedback["ninety_five"].value
    bundle = sorter._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Claim sorter:")
    assert bundle["text/html"].count("<li>") == len(tl.CLAIMS)
    assert tl.CONTRADICTED not in bundle["text/html"].split("<ol>")[1], "the static copy must not give answers"


def test_challenge_solution_ukraine_events(events):
    """The lesson's first challenge: four Ukrainian events, only the first verified in the source's text."""
    ukr = tl.filter_events(events, actor="Ukraine", start="2023-03-17", end="2024-10-24")
    assert list(ukr["event_id"]) == ["ukraine-urges-arrest", "ukraine-mfa-heavy-blow",
                                     "ukraine-prosecutor-general-reaction", "ukraine-demarche"]
    assert list(ukr["confidence"]) == ["V", "S", "S", "S"]


def test_notes_shown_to_students_name_no_working_files(events):
    page = tl.events_html(events)
    for word in ("factcheck", "Could NOT verify", ".md", "README", "Seed 000", "S+"):
        assert word not in page, word
    assert tl.clean_note(None) == "" and tl.clean_note("factcheck.md new fact 7.") == ""
