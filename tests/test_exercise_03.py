"""Exercise 3: the answer key agrees with the data and with lesson 3; the student copy hides the order."""

import nbformat
import pytest

from conftest import ROOT
from wanted import data
from wanted.enforcement import CHAIN
from wanted.exercises import stored_key, task_specs

STEM = "03_enforcement.ipynb"


@pytest.fixture(scope="module")
def key():
    return stored_key(nbformat.read(ROOT / "solutions" / STEM, as_version=4))


def rows(plain):
    return {r[0]: r[1] for r in plain["dataframe"]["rows"]}


def test_outstanding_is_the_icc_factsheet_arithmetic(key):
    counts = data.load("warrant_counts")
    icc = counts[counts["source_ids"] == "scribd-icc-2024-12-17-court-today"].iloc[0]
    assert key["e3.t1"] == icc["outstanding_computed"] == \
        icc["warrants_total"] - icc["implemented_or_detained"] - icc["withdrawn_death"]


def test_mistake_values_are_really_wrong():
    spec = next(s for s in task_specs(nbformat.read(ROOT / "solutions" / STEM, as_version=4)) if s["task"] == "e3.t1")
    key = stored_key(nbformat.read(ROOT / "solutions" / STEM, as_version=4))["e3.t1"]
    values = [m["value"] for m in spec["mistakes"]]
    assert key not in values and len(set(values)) == len(values)


def test_findings_counts_cover_every_formal_finding(key):
    formal = data.load("noncompliance_findings").query("counts_as_finding")
    assert sum(rows(key["e3.t2"]).values()) == len(formal)
    assert rows(key["e3.t2"]) == formal["referred_to"].value_counts().to_dict()
    assert rows(key["e3.t3"]) == formal["date"].dt.year.value_counts().to_dict()


def test_chain_order_follows_the_lesson(key):
    words = ["request", "arrest", "surrender", "finding", "referral", "measures"]
    assert [s.key for s in CHAIN] == words
    assert [next(w for w in words if w in item.lower()) for item in key["e3.t5"]] == words


def test_exercise_metadata_does_not_list_options_in_answer_order(key):
    nb = nbformat.read(ROOT / "exercises" / STEM, as_version=4)
    for spec in task_specs(nb):
        if spec["kind"] == "sequence":
            assert spec["options"] != key[spec["task"]], f"{spec['task']}: options are stored in answer order"
