"""The grader against honest and hostile submissions.

A fixture exercise (three tasks) stands in for the real ones so these tests
exercise the machinery, not the course content. Hostile behaviours are grouped
into a few notebooks to keep the suite fast; each is still checked separately.
"""

import hashlib
import json

import nbformat
import pytest

from wanted import grading
from wanted.exercises import KEY_MARK, to_plain

SPECS = [
    {"task": "e9.t1", "kind": "number", "points": 2, "variable": "total", "decimals": 1},
    {"task": "e9.t2", "kind": "sequence", "points": 1, "variable": "order", "options": ["a", "b", "c"]},
    {"task": "e9.t3", "kind": "number", "points": 1, "variable": "third", "decimals": 1},
    {"task": "e9.w1", "kind": "written", "points": 3},
]
KEY = {"e9.t1": 42.0, "e9.t2": ["a", "b", "c"], "e9.t3": 3.0}
RIGHT = ["total = 42", "order = ['a', 'b', 'c']", "third = 3.0"]


def notebook(cells, written="My paragraph."):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Exercise 9")] + [nbformat.v4.new_code_cell(c) for c in cells]
    w = nbformat.v4.new_markdown_cell(written)
    w.metadata["wanted"] = {"task": "e9.w1", "kind": "written", "points": 3}
    nb.cells.append(w)
    return nbformat.writes(nb)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("root")
    (root / "solutions").mkdir()
    sol = nbformat.v4.new_notebook()
    for spec in SPECS:
        cell = nbformat.v4.new_code_cell("pass")
        cell.metadata["wanted"] = spec
        sol.cells.append(cell)
    key_cell = nbformat.v4.new_code_cell("export")
    key_cell.outputs = [nbformat.v4.new_output("stream", text=KEY_MARK + json.dumps(KEY) + "\n")]
    sol.cells.append(key_cell)
    nbformat.write(sol, root / "solutions" / "09_fixture.ipynb")
    (root / "solutions" / "secret.txt").write_text("the answers")

    subs = tmp_path_factory.mktemp("submitted")
    cases = {
        "honest": notebook(RIGHT),
        "cheater": notebook([
            "def check(*a, **k):\n    return 'Correct!'",
            "import wanted.exercises as e\ne.judge = lambda *a, **k: e.Verdict(True, 'ok', 1.0)\n"
            "e.to_plain = lambda v, *a: 42.0",
            "class Eq:\n    def __eq__(self, o): return True\ntotal = Eq()",
            "order = ['c', 'b', 'a']",
            "third = 3.0"]),
        "vandal": notebook([
            "total = 42",
            f"open({str(root / 'solutions' / 'secret.txt')!r}).read()",
            f"import shutil\nshutil.rmtree({str(root / 'solutions')!r})",
            "import socket\nsocket.create_connection(('127.0.0.1', 9))",
            "order = ['a', 'b', 'c']"]),
        "looper": notebook([
            "total = 42",
            "import sys\nsys.exit()",
            "for _ in range(300):\n    print('x' * 100_000)",
            "while True:\n    pass",
            "third = 3.0"]),
        "crasher": notebook(["total = 42", "import os\nos._exit(1)", "third = 3.0"]),
        # Swallows the interrupt: nbclient alone would wait for this cell for ever.
        "stubborn": notebook([
            "total = 42",
            "while True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        pass",
            "third = 3.0"]),
    }
    for student, text in cases.items():
        (subs / student).mkdir()
        (subs / student / "09_fixture.ipynb").write_text(text)
    (subs / "broken").mkdir()
    (subs / "broken" / "09_fixture.ipynb").write_text('{"cells": [')
    (subs / "empty").mkdir()
    (subs / "empty" / "09_fixture.ipynb").write_text("")
    hashes = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in subs.rglob("*.ipynb")}
    results = grading.grade(subs, out=tmp_path_factory.mktemp("graded"), workers=2, cell_timeout=4,
                            total_timeout=40, progress=lambda m: None, root=root)
    return {r.student: r for r in results}, hashes, root


def test_honest_submission_full_marks(graded):
    r = graded[0]["honest"]
    assert r.points == {"e9.t1": 2, "e9.t2": 1, "e9.t3": 1, "e9.w1": 0}
    assert r.written == {"e9.w1": "My paragraph."}
    assert "e9.w1: written answer to grade" in r.flags


def test_cheater_gets_nothing_for_wrong_values(graded):
    r = graded[0]["cheater"]
    assert r.points["e9.t1"] == 0, "an always-equal object must not pass"
    assert r.points["e9.t2"] == 0, "monkeypatching judge in the kernel must not help"
    assert r.points["e9.t3"] == 1, "honest answers in the same notebook still count"
    assert "redefines check()" in r.flags


def test_vandal_cannot_read_delete_or_connect(graded):
    r, root = graded[0]["vandal"], graded[2]
    assert (root / "solutions" / "secret.txt").exists(), "the grader's files survive"
    assert any("reading the solutions" in f for f in r.flags)
    assert any("rmtree" in f or "outside the sandbox" in f for f in r.flags)
    assert any("socket" in f for f in r.flags)
    assert r.points["e9.t1"] == 2 and r.points["e9.t2"] == 1


def test_looper_is_stopped_and_still_graded(graded):
    r = graded[0]["looper"]
    assert any("ran over" in f for f in r.flags), r.flags
    assert any("output over the cap" in f for f in r.flags)
    assert r.points["e9.t1"] == 2 and r.points["e9.t3"] == 1


def test_stubborn_loop_is_stopped_by_a_restart(graded):
    r = graded[0]["stubborn"]
    assert any("a new kernel ran the cells after it" in f for f in r.flags), r.flags
    assert r.points["e9.t1"] == 2, "an answer exported before the restart is kept"
    assert r.points["e9.t3"] == 1, "cells after the restart still run"


def test_crash_keeps_answers_before_it(graded):
    r = graded[0]["crasher"]
    assert any("kernel died" in f for f in r.flags)
    assert r.points["e9.t1"] == 2 and r.points["e9.t3"] == 0


def test_unreadable_files_are_flagged(graded):
    for student in ("broken", "empty"):
        r = graded[0][student]
        assert any("not a readable notebook" in f for f in r.flags)
        assert r.total == 0


def test_submissions_never_modified(graded):
    for path, digest in graded[1].items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_find_submissions_rejects_bad_folder(tmp_path):
    with pytest.raises(grading.GradingError):
        grading.find_submissions(tmp_path / "nope", ["09_fixture"])
    with pytest.raises(grading.GradingError):
        grading.find_submissions(tmp_path, ["09_fixture"])


def test_to_plain_is_what_crosses():
    assert to_plain(42) == 42 and to_plain("a") == "a"
    assert "unsupported" in to_plain(object())
