"""Exercise 4: the answer key agrees with data/noncompliance_findings.csv, data/precedents.csv and lesson 4."""

import nbformat
import pytest

from conftest import ROOT
from wanted import data
from wanted.exercises import stored_key, task_specs
from wanted.precedents import finding_counts, in_office

STEM = "04_precedents.ipynb"


def test_bashir_findings_are_the_counted_ones_and_leave_out_the_unverified_finding(key):
    findings = data.load("noncompliance_findings").set_index("finding_id")
    ids = [row[0] for row in key["e4.t1"]["dataframe"]["rows"]]
    assert len(ids) == finding_counts()["al_bashir_findings"]
    assert all(findings.loc[i, "counts_as_finding"] and findings.loc[i, "suspect"] == "Omar Al Bashir" for i in ids)
    # The trap the task warns about: a "finding" row that the sources do not confirm.
    trap = findings[(findings["decision"] == "finding") & (findings["confidence"] == "U")]
    assert len(trap) == 1 and trap.index[0] not in ids


def test_decisions_per_state_add_up_to_the_lessons_count(key):
    rows = dict(key["e4.t2"]["dataframe"]["rows"])
    assert sum(rows.values()) == finding_counts()["decisions"]
    assert "Tajikistan" not in rows  # its only row is unverified


def test_outcomes_use_the_tables_vocabulary_and_values(key):
    cases = data.load("precedents")
    vocabulary = set(cases["outcome"])
    pairs = dict(key["e4.t4"]["mapping"])
    assert set(pairs.values()) <= vocabulary and set(pairs.values()) == vocabulary
    for label, outcome in pairs.items():
        person = label.split(" (")[0]
        rows = cases[cases["person"] == person]
        if len(rows) > 1:  # Putin: one row per host state
            host = label.split("(")[1].split(",")[0]
            rows = rows[rows["state_concerned"] == host]
        assert rows["outcome"].tolist() == [outcome], label


def test_in_office_selection_follows_the_lessons_rule(solution, key):
    cases = data.load("precedents")
    failed = cases["outcome"].isin(["not arrested", "not surrendered"])
    held = cases["office_at_outcome"].map(in_office) == "in office"
    assert set(key["e4.t5"]) == set(cases.loc[failed & held, "case_id"])
    options = next(s for s in task_specs(solution) if s["task"] == "e4.t5")["options"]
    assert set(options) == set(cases["case_id"])
