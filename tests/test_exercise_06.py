"""Exercise 6: the answer key agrees with data/putin_trips.csv and data/timeline.csv, and with lesson 6."""

import nbformat
import pytest

from conftest import ROOT
from wanted import data
from wanted.debate import trips_by_year, trips_taken
from wanted.exercises import _norm, stored_key, task_specs

STEM = "06_consequences.ipynb"

# Each item of the ordering and selection tasks, with the timeline row it restates.
EVENTS = {
    "Pre-Trial Chamber II finds that Mongolia failed to comply and refers the matter to the Assembly": "mongolia-noncompliance-finding",
    "The ICC judges reject Mongolia's request to disqualify two judges": "judges-reject-disqualification",
    "Pre-Trial Chamber II refuses Mongolia leave to appeal": "leave-to-appeal-refused",
    "The Assembly of States Parties opens its 23rd session in The Hague": "asp23-session",
    "Ukraine becomes the 125th state party": "ukraine-becomes-state-party",
    "Putin visits Tajikistan, an ICC state party, and is not arrested": "putin-visits-tajikistan",
    "Hungary's withdrawal from the Rome Statute takes effect": "hungary-withdrawal-effective",
}
STATEMENTS = {  # None: no timeline row states it (arithmetic, or a claim the sources do not make)
    "Pre-Trial Chamber II found that Mongolia failed to comply with the request to arrest and surrender Putin.": "mongolia-noncompliance-finding",
    "The Assembly of States Parties held its 23rd session in December 2024 and adopted a resolution on cooperation.": "asp23-session",
    "Ukraine became the 125th state party on 1 January 2025.": "ukraine-becomes-state-party",
    "Putin visited Tajikistan, an ICC state party, in October 2025 and was not arrested.": "putin-visits-tajikistan",
    "Hungary deposited its notice of withdrawal on 2 June 2025; under article 127(1) it was to take effect on 2 June 2026.": "hungary-withdrawal-notified",
    "A plenary meeting of the ICC judges rejected Mongolia's request to disqualify two judges.": "judges-reject-disqualification",
    "Pre-Trial Chamber II refused Mongolia leave to appeal.": "leave-to-appeal-refused",
    "The Assembly of States Parties took no action on the Mongolia referral.": "asp-action-on-mongolia-not-found",
    "The ICC found that Tajikistan failed to comply with its duty to arrest Putin.": "tajikistan-icc-finding-not-found",
    "Since Hungary's withdrawal took effect, the Rome Statute has had 124 states parties.": None,
}


def spec(solution, task):
    return next(s for s in task_specs(solution) if s["task"] == task)


def test_visits_per_status_match_the_lesson_counts(key):
    rows = dict(key["e6.t1"]["dataframe"]["rows"])
    assert rows == trips_taken()["host_icc_status"].value_counts().to_dict()
    assert rows == trips_by_year().sum().to_dict()
    assert sum(rows.values()) == 25 and rows["state_party"] == 2  # lesson 6: 25 visits, 2 to states parties


def test_party_share_and_the_announced_trips_mistake(solution, key):
    trips = data.load("putin_trips")
    taken = trips[trips["status"] == "took_place"]
    parties = (taken["host_icc_status"] == "state_party").sum()
    assert key["e6.t2"] == pytest.approx(100 * parties / len(taken))
    sp = spec(solution, "e6.t2")
    announced = next(m for m in sp["mistakes"] if "announced" in m["message"])
    assert _norm(announced["value"], sp) == _norm(100 * parties / len(trips), sp)
    assert (trips.loc[trips["status"] == "announced", "host_icc_status"] != "state_party").all()
    normed = [_norm(m["value"], sp) for m in sp["mistakes"]]
    assert _norm(key["e6.t2"], sp) not in normed and len(set(normed)) == len(normed)


def test_events_are_in_timeline_order(key):
    timeline = data.load("timeline").set_index("event_id")
    assert set(key["e6.t4"]) == set(EVENTS)
    dates = [timeline.loc[EVENTS[e], "date"] for e in key["e6.t4"]]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)


def test_selected_statements_are_exactly_the_verified_rows(solution, key):
    timeline = data.load("timeline").set_index("event_id")
    assert set(spec(solution, "e6.t5")["options"]) == set(STATEMENTS)
    verified = {s for s, eid in STATEMENTS.items() if eid and timeline.loc[eid, "confidence"] == "V"}
    assert set(key["e6.t5"]) == verified
    assert {timeline.loc[eid, "confidence"] for s, eid in STATEMENTS.items() if eid and s not in verified} == {"S", "U"}
