"""Exercise 1: the answer key agrees with data/timeline.csv; the student copy hides the order."""

import nbformat
import pytest

from conftest import ROOT
from wanted import data
from wanted.exercises import stored_key, task_specs

STEM = "01_the_visit.ipynb"

#: Each item of task e1.t3 and the timeline row it stands for.
ORDER_EVENTS = {
    "Pre-Trial Chamber II issues the arrest warrant for Putin": "warrants-issued",
    "Putin joins the BRICS summit in Johannesburg by video link": "brics-johannesburg-putin-by-video",
    "Khurelsukh invites Putin to Mongolia": "khurelsukh-invites-putin",
    "Mongolia asks the Chamber for consultations under article 97": "mongolia-asks-for-consultations",
    "Putin lands in Ulaanbaatar": "putin-arrives-ulaanbaatar",
    "Ukraine summons a Mongolian diplomat to protest": "ukraine-demarche",
    "Pre-Trial Chamber II finds that Mongolia failed to comply": "mongolia-noncompliance-finding",
    "Pre-Trial Chamber II refuses Mongolia leave to appeal": "leave-to-appeal-refused",
}

#: Statements of task e1.t4 that restate a timeline row, and that row's confidence label.
STATEMENT_ROWS = {"A": "ukraine-urges-arrest", "D": "mongolia-noncompliance-finding",
                  "H": "putin-arrives-ulaanbaatar", "F": "asp-action-on-mongolia-not-found",
                  "G": "tajikistan-icc-finding-not-found"}


@pytest.fixture(scope="module")
def key():
    return stored_key(nbformat.read(ROOT / "solutions" / STEM, as_version=4))


@pytest.fixture(scope="module")
def events():
    return data.load("timeline").set_index("event_id")


def test_order_is_date_order(key, events):
    dates = [events.loc[ORDER_EVENTS[item], "date"] for item in key["e1.t3"]]
    assert sorted(ORDER_EVENTS) == sorted(key["e1.t3"])
    assert dates == sorted(dates) and len(set(dates)) == len(dates)


def test_boxes_agree_with_confidence_labels(key, events):
    boxes = dict(key["e1.t4"]["mapping"])
    for letter, event_id in STATEMENT_ROWS.items():
        label = events.loc[event_id, "confidence"]
        expected = {"V": "verified", "U": "disputed or unverified"}[label]
        assert boxes[letter] == expected, f"statement {letter} vs {event_id} ({label})"
    assert set(boxes.values()) == {"verified", "claimed by a party", "disputed or unverified"}


def test_category_counts_cover_the_period(key, events):
    period = events[(events["date"] >= "2023-03-17") & (events["date"] <= "2024-10-24")]
    assert {r[0]: r[1] for r in key["e1.t2"]["dataframe"]["rows"]} == period["category"].value_counts().to_dict()


def test_exercise_metadata_does_not_list_options_in_answer_order(key):
    nb = nbformat.read(ROOT / "exercises" / STEM, as_version=4)
    for spec in task_specs(nb):
        if spec["kind"] == "sequence":
            assert spec["options"] != key[spec["task"]], f"{spec['task']}: options are stored in answer order"
