"""wanted.precedents: the numbers, the chart and the comparison agree with the tables."""

import pandas as pd
import pytest

from wanted import data
from wanted import precedents as p


@pytest.fixture(scope="module")
def findings():
    return data.load("noncompliance_findings")


@pytest.fixture(scope="module")
def cases():
    return data.load("precedents").set_index("case_id")


# --------------------------------------------------------------------------- findings


def test_counts_equal_values_computed_from_the_table(findings):
    counted = findings[findings["counts_as_finding"]]
    c = p.finding_counts(findings)
    assert c["findings"] == len(counted) == 11
    assert c["to_unsc"] == len(counted[counted["referred_to"].isin(["ASP and UNSC", "UNSC"])]) == 7
    assert c["asp_only"] == (counted["referred_to"] == "ASP").sum() == 3
    assert c["not_referred"] == 1  # South Africa 2017
    assert c["informed"] == 3  # Chad and Kenya 2010, Djibouti 2011
    assert c["unverified"] == (findings["confidence"] == "U").sum() == 2
    assert c["findings"] == c["to_unsc"] + c["asp_only"] + c["not_referred"]


def test_table_leaves_out_unverified_and_undated_rows(findings):
    frame = p.findings_frame(findings)
    assert len(frame) == len(findings) - 2
    assert "Tajikistan" not in set(frame["State"])
    assert "26 Mar 2013" not in set(frame["Date"])
    assert frame["Date"].iloc[0] == "27 Aug 2010" and frame["Date"].iloc[-1] == "24 Jul 2025"
    assert (frame["Counted as a finding"] == "yes").sum() == 11
    html = p.findings_table(findings).html()
    assert "<table" in html and "South Africa" in html and "not referred" in html
    assert "Tajikistan" in p.left_out(findings) and "26 Mar 2013" in p.left_out(findings)


@pytest.mark.parametrize("decision, referred, key", [
    ("finding", "ASP and UNSC", "both"), ("finding", "UNSC", "unsc"), ("finding", "ASP", "asp"),
    ("finding", "none", "none"), ("informed", "ASP and UNSC", "informed"),
    ("finding upheld; referral reversed", "none", "appeal"), ("no finding", "none", "no_finding"),
    ("explanation requested", "none", "no_finding"),
])
def test_category(decision, referred, key):
    assert p.category(decision, referred) == key


def test_chart_plots_every_verified_decision_once_with_marker_and_words(findings):
    fig, alt = p.findings_chart(findings)
    ax = fig.axes[0]
    points = sum(len(coll.get_offsets()) for coll in ax.collections)
    assert points == len(p.verified(findings)) == 18
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(label.startswith("Finding, not referred (1)") for label in labels)
    assert any("UN Security Council and the ASP (6)" in label for label in labels)
    assert [t.get_text() for t in ax.get_yticklabels()][:2] == ["Chad", "Kenya"]
    assert "18 ICC decisions" in alt and "11 are formal non-compliance findings" in alt
    assert "South Africa 2017" in alt and "Unverified items are not plotted" in alt
    import matplotlib.pyplot as plt
    plt.close(fig)


def test_fmt_date():
    assert p.fmt_date(pd.Timestamp("2011-12-02")) == "2 Dec 2011"
    assert p.fmt_date(pd.NaT) == "no date"


# --------------------------------------------------------------------------- comparison


def test_compare_uses_the_table_values(cases):
    frame = p.compare("milosevic", "putin-mongolia")
    assert list(frame.index) == [label for label, _ in p.DIMENSIONS]
    assert list(frame.columns) == ["Milošević — Serbia 2001 (ICTY)", "Putin — Mongolia 2024 (ICC)"]
    col = frame["Milošević — Serbia 2001 (ICTY)"]
    assert col["Court"] == cases.loc["milosevic", "court"] == "ICTY"
    assert col["Outcome"] == "arrested and surrendered (28 Jun 2001)"
    assert col["Office at the time of the outcome"] == cases.loc["milosevic", "office_at_outcome"]
    mongolia = frame["Putin — Mongolia 2024 (ICC)"]
    assert mongolia["State that made the arrest or handover"] == "none"
    assert "POLITICO" in mongolia["Sources"]


def test_find_case_ignores_case_and_accents_and_explains_bad_input():
    assert p.find_case("Milosevic") == p.find_case("MILOŠEVIĆ") == "milosevic"
    assert p.find_case("putin-tajikistan") == "putin-tajikistan"
    for bad in ["", None, 42, "Napoleon"]:
        with pytest.raises(ValueError, match="Choose|No case"):
            p.find_case(bad)
    with pytest.raises(ValueError, match="several cases"):
        p.find_case("Putin")
    assert 'role="alert"' in p.comparison_html("Napoleon", "taylor")
    assert p.comparison_text("Napoleon", "taylor").startswith("⚠")


def test_same_case_twice_gives_one_column_and_a_note():
    assert p.compare("taylor", "Taylor").shape[1] == 1
    assert "same case twice" in p.comparison_html("taylor", "taylor")


def test_widget_callback_changes_the_card():
    w = p.comparison()
    assert w.card.value == f'<div role="status" aria-live="polite">{p.comparison_html(*p.DEFAULT_PAIR)}</div>'
    w.select("duterte", "netanyahu-hungary")
    assert "Duterte — Philippines 2025 (ICC)" in w.card.value and "Netanyahu — Hungary 2025 (ICC)" in w.card.value
    assert "Milošević" not in w.card.value
    w.first.value = "kenyatta"  # as if chosen with the keyboard
    assert "Kenyatta — Kenya (ICC)" in w.card.value
    bundle = w._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Case comparison: 10 cases")
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "Static copy" in bundle["text/html"] or "static copy" in bundle["text/html"]


def test_in_office_rule_and_pattern_table(cases):
    assert p.in_office("former President of the Philippines") == "former"
    assert p.in_office("not stated in the sources read") == "not stated"
    assert p.in_office("President of Russia") == "in office"
    frame = p.pattern_table().frame
    former = frame[frame["In office at the time of the outcome?"] == "former"]
    assert set(former["Case"].str.split(" — ").str[0]) == {"Milošević", "Taylor", "Duterte"}
    arrested = frame[frame["Outcome"].str.startswith("arrested")]
    assert set(arrested.index) == set(former.index)


def test_state_position_describes_the_state_not_the_events(cases):
    """The "state's position" dimension says how the arresting or host state stood (dependence, alignment),
    with its sources named, rather than retelling what happened (that is the outcome's job)."""
    import re

    label = dict((col, lab) for lab, col in p.DIMENSIONS)["state_alignment"]
    assert "dependence" in label and "alignment" in label
    narrating = re.compile(r"^(Arrested|Handed over|State visit|Invited by|Trial Chamber|Libya did not|"
                           r"South Africa's presidency said|Indictment made public)")
    for cid, text in cases["state_alignment"].items():
        assert not narrating.match(text), f"{cid}: the position retells events"
        assert re.search(r"\((?:[^()]*[A-Z][^()]*)\)", text), f"{cid}: name the source in brackets"
    mongolia = cases.loc["putin-mongolia", "state_alignment"]
    assert mongolia.startswith("Dependent") and "'immediate neighborhood'" in mongolia
    assert cases.loc["netanyahu-hungary", "state_alignment"].startswith("Aligned with the suspect")
    # Where the sources are silent on a state's stance, the cell says so instead of guessing.
    for cid in ("saif-gaddafi", "milosevic", "duterte", "putin-tajikistan"):
        assert "The sources read do not describe" in cases.loc[cid, "state_alignment"], cid
