"""The student bundle holds no solutions, hidden checks or answer keys."""

import json

from wanted import release


def test_bundle_has_what_students_need(bundle):
    for rel in ["lessons/00_start_here.ipynb", "data/datapackage.json", "data/quizzes", "wanted/quiz.py",
                "requirements.txt", "README.md", "Makefile", "LICENSE"]:
        assert (bundle / rel).exists(), f"student bundle lacks {rel}"
    assert "make lab" in (bundle / "README.md").read_text()
    assert (bundle.parent / "release.zip").exists()


def test_bundle_leaves_out_solutions_and_instructor_material(bundle):
    for rel in ["solutions", "instructor", "tests", ".ci", "wanted/grading.py"]:
        assert not (bundle / rel).exists(), f"{rel} must not be in the student bundle"
    assert release.scan(bundle) == []


def test_scan_catches_a_leak(tmp_path):
    nb = {"cells": [{"cell_type": "code", "source": ["### BEGIN SOLUTION\n", "x = 1\n", "### END SOLUTION"],
                     "metadata": {}, "outputs": []},
                    {"cell_type": "code", "source": ["k"], "metadata": {"tags": ["hidden"]}, "outputs": []}]}
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "01.ipynb").write_text(json.dumps(nb))
    (tmp_path / "solutions").mkdir()
    problems = release.scan(tmp_path)
    assert any("solution block" in p for p in problems)
    assert any("hidden check" in p for p in problems)
    assert any("solutions/" in p for p in problems)
