"""wanted.law: the article explorer and the diagram of articles by stage (Lesson 2)."""

import re

import pytest

from wanted import data, law


@pytest.fixture(scope="module")
def table():
    return data.load("rome_statute_articles")


def test_find_article_accepts_the_usual_spellings():
    assert law.find_article("97") == "97"
    assert law.find_article(97) == "97"
    assert law.find_article("Art. 98(1)") == "98(1)"
    assert law.find_article("article 87 (7)") == "87(7)"
    assert law.find_article("87") == "87(7)"  # the only paragraph of 87 in the table


@pytest.mark.parametrize("bad, words", [("", "Give an article number"), (None, "Give an article number"),
                                        ("98", "several paragraphs"), ("xyz", "no article"),
                                        ("9" * 500, "no article")])
def test_find_article_says_what_is_wrong(bad, words):
    with pytest.raises(ValueError, match=words):
        law.find_article(bad)


def test_card_shows_the_table_row(table):
    row = table[table["article"] == "98(1)"].iloc[0]
    card = law.article_card("98(1)")
    plain = re.sub(r"<[^>]+>", "", card).replace("&#x27;", "'").replace("&quot;", '"')
    assert row["title"] in plain
    assert row["summary"] in plain
    assert row["quotation"] in plain
    assert row["role_in_case"] in plain
    assert 'href="https://github.com/public-law/datasets' in card  # the copy quoted, linked


def test_card_without_quotation_says_so(table):
    unquoted = table[table["quotation"].isna()]["article"].tolist()
    assert "92" in unquoted
    card = law.article_card("92")
    assert "not quoted here" in card and "<blockquote>" not in card


def test_bad_input_gives_a_message_not_a_traceback():
    for bad in ["", None, "98", "<script>", 3.5, "x" * 10_000]:
        card = law.article_card(bad)
        assert 'role="alert"' in card and "<script>" not in card
        assert len(card) < 2000
        assert law.article_text(bad).startswith("⚠")


def test_explorer_callback_changes_the_card():
    ex = law.explorer("27")
    assert "Irrelevance of official capacity" in ex.card.value
    ex.select("97")  # what choosing from the dropdown does
    assert ex.dropdown.value == "97"
    assert "Consultations" in ex.card.value and "Irrelevance of official capacity" not in ex.card.value
    assert ex.dropdown.description == "Article:"


def test_explorer_repr_is_stable_and_has_a_static_copy(table):
    ex = law.explorer()
    bundle = ex._repr_mimebundle_()
    assert bundle["text/plain"].startswith(f"Article explorer: {len(table)} articles")
    assert "application/vnd.jupyter.widget-view+json" in bundle
    for article in table["article"]:
        assert f"Article {article} —" in bundle["text/html"]
    assert bundle["text/html"] == law.explorer("58")._repr_mimebundle_()["text/html"]  # deterministic


def test_stage_table_counts_come_from_the_table(table):
    stages = law.stage_table()
    assert list(stages["stage"]) == list(law.STAGES)
    assert stages["articles"].sum() == len(table)
    for _, r in stages.iterrows():
        part = table[table["stage"] == r["stage"]]
        assert r["articles"] == len(part)
        assert r["quoted"] == part["quotation"].notna().sum()
    immunity = stages.set_index("stage").loc["immunity", "list"].split(", ")
    assert {"27", "98(1)"} <= set(immunity)


def test_stage_figure_alt_text_states_the_numbers(table):
    fig, alt = law.stage_figure()
    try:
        assert f"the {len(table)} Rome Statute articles" in alt
        unquoted = int(table["quotation"].isna().sum())
        assert f"Dashed boxes mark the {unquoted} articles" in alt
        boxes = [p for p in fig.axes[0].patches]
        assert len(boxes) == len(table)
        dashed = [p for p in boxes if p.get_linestyle() not in ("-", "solid")]
        assert len(dashed) == unquoted
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)


def test_stage_summary_lines():
    text = law.stage_summary()
    assert text.splitlines()[0].startswith("Jurisdiction: ")
    assert "In all: " in text
