"""exercises/ is generated from solutions/ and must be up to date; it never contains a solution."""

import json

import nbformat

from conftest import ROOT
from wanted import exercises as ex

SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))


def test_one_exercise_per_lesson():
    names = [p.name for p in SOLUTIONS]
    assert names == [p.name for p in sorted((ROOT / "lessons").glob("0[1-6]_*.ipynb"))], \
        "one solution notebook per lesson 1-6, named like the lesson"


def test_exercises_are_up_to_date(tmp_path):
    ex.generate(ROOT, out=tmp_path, execute=False)
    for sol in SOLUTIONS:
        fresh = nbformat.read(tmp_path / sol.name, as_version=4)
        stored = nbformat.read(ROOT / "exercises" / sol.name, as_version=4)
        assert ex._unexecuted(fresh) == ex._unexecuted(stored), \
            f"exercises/{sol.name} is out of date: run 'make exercises' and commit"
    assert (tmp_path / "checks.json").read_text() == (ROOT / "exercises" / "checks.json").read_text(), \
        "exercises/checks.json is out of date: run 'make exercises'"


def test_exercises_hold_no_solution_and_every_task_is_checked():
    checks = json.loads((ROOT / "exercises" / "checks.json").read_text())
    for sol in SOLUTIONS:
        solution = nbformat.read(sol, as_version=4)
        exercise = nbformat.read(ROOT / "exercises" / sol.name, as_version=4)
        specs = ex.task_specs(solution)
        assert len(specs) >= 5, f"{sol.name}: at least 4 tasks and a written answer"
        assert any(s["kind"] == "written" for s in specs), f"{sol.name}: needs a written task"
        for spec in specs:
            assert spec["task"] in checks
        text = json.dumps([c.source for c in exercise.cells])
        assert ex.BEGIN not in text and ex.MD_BEGIN not in text and ex.KEY_MARK not in text
        assert not any("hidden" in c.metadata.get("tags", []) for c in exercise.cells)
        for cell in exercise.cells:
            for out in cell.get("outputs", []):
                assert "Correct" not in json.dumps(out), f"exercises/{sol.name}: an unfilled exercise must not pass a check"
