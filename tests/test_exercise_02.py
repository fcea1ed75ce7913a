"""Exercise 2: the answer key agrees with data/rome_statute_articles.csv."""

import nbformat
import pytest

from conftest import ROOT
from wanted import data
from wanted.exercises import stored_key, task_specs

STEM = "02_warrant_and_law.ipynb"


@pytest.fixture(scope="module")
def key():
    return stored_key(nbformat.read(ROOT / "solutions" / STEM, as_version=4))


@pytest.fixture(scope="module")
def articles():
    return data.load("rome_statute_articles").set_index("article")


def test_cooperation_rows_are_the_cooperation_stage(key, articles):
    got = {r[0] for r in key["e2.t1"]["dataframe"]["rows"]}
    assert got == set(articles.index[articles["stage"] == "cooperation"])


def test_matched_articles_exist_and_are_distinct(key, articles):
    values = [v for _, v in key["e2.t3"]["mapping"]]
    assert all(v in articles.index for v in values) and len(set(values)) == len(values)


def test_immunity_article_is_an_immunity_stage_option(key, articles):
    spec = next(s for s in task_specs(nbformat.read(ROOT / "solutions" / STEM, as_version=4)) if s["task"] == "e2.t4")
    assert key["e2.t4"] in spec["options"] and articles.loc[key["e2.t4"], "stage"] == "immunity"


def test_rejected_is_a_proper_subset_of_the_options(key):
    spec = next(s for s in task_specs(nbformat.read(ROOT / "solutions" / STEM, as_version=4)) if s["task"] == "e2.t5")
    assert set(key["e2.t5"]) < set(spec["options"]) and len(key["e2.t5"]) >= 2
