"""The quiz widget driven from Python: set values, click Check, read the feedback and the score.

Widget callbacks never run under nbval, so this is where the widget logic is
tested (and in a real browser by the browser tests).
"""

import json

import pytest

from wanted import paths
from wanted import progress as prog
from wanted.quiz import COLOUR_CORRECT, COLOUR_WRONG, REVEAL_AFTER, Quiz, quiz

EXAMPLE = json.loads((paths.SCHEMAS / "quiz.example.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    file = tmp_path / "progress.json"
    monkeypatch.setenv("WANTED_PROGRESS", str(file))
    return file


@pytest.fixture
def example() -> Quiz:
    shown = quiz(EXAMPLE)
    assert isinstance(shown, Quiz), shown
    return shown


def view(shown: Quiz, question_id: str):
    return next(v for v in shown.questions if v.question["id"] == question_id)


def answer(v, response):
    """Put ``response`` into the widgets the way a student would."""
    kind = v.question["type"]
    if kind == "multiple_choice":
        v.radio.value = response
    elif kind == "many_choice":
        for i, box in enumerate(v.boxes):
            box.value = i in response
    elif kind == "numeric":
        v.text.value = response
    else:
        for slot, value in zip(v.slots, response):
            slot.value = value


def test_score_line_starts_at_zero(example):
    assert example.score_text() == "0 of 6 answered, 0 correct"
    assert "0 of 6 answered, 0 correct" in example.score.value


def test_multiple_choice_right_and_wrong(example, progress_file):
    v = view(example, "arrival_day")
    answer(v, 0)
    v.button.click()
    assert "Not quite" in v.feedback.value and "✘" in v.feedback.value
    assert COLOUR_WRONG in v.feedback.value
    assert "something else in this case" in v.feedback.value  # the option's own feedback
    assert "Try again" in v.feedback.value
    assert "Explanation" not in v.feedback.value  # not yet: trying again must still mean something
    assert "Source:" in v.feedback.value
    assert v.radio.value == 0  # the answer is kept
    assert example.score_text() == "1 of 6 answered, 0 correct"
    answer(v, 1)
    v.button.click()
    assert "Correct" in v.feedback.value and "✔" in v.feedback.value and COLOUR_CORRECT in v.feedback.value
    assert v.question["explanation"] in v.feedback.value.replace("&#x27;", "'")
    assert example.score_text() == "1 of 6 answered, 1 correct"
    saved = json.loads(progress_file.read_text())["banks"]["99_example"]["arrival_day"]
    assert saved == {"correct": True, "attempts": 2, "last_response": "2 September 2024"}


def test_explanation_after_repeated_wrong_answers(example):
    v = view(example, "warrant_year")
    answer(v, "2024")
    for _ in range(REVEAL_AFTER):
        v.button.click()
    assert "Not quite" in v.feedback.value and "Explanation" in v.feedback.value
    assert "year of the visit" in v.feedback.value  # the anticipated-mistake hint
    assert v.text.value == "2024"


def test_numeric_says_what_it_read(example):
    v = view(example, "electricity_share")
    answer(v, "23,6 %")
    v.button.click()
    assert "Correct" in v.feedback.value and "Read your answer as 23.6 %" in v.feedback.value
    answer(v, "95%")
    v.button.click()
    assert "Not quite" in v.feedback.value and "petroleum" in v.feedback.value
    assert v.text.value == "95%"


@pytest.mark.parametrize("typed, words", [
    ("", "empty"), ("   ", "empty"), ("abc", "Could not read"), ("1,000", "ambiguous"), ("NaN", "finite"),
    ("inf", "finite"), ("x" * 10_000, "too long"),
])
def test_numeric_bad_input_is_not_graded(example, progress_file, typed, words):
    v = view(example, "electricity_share")
    answer(v, typed)
    v.button.click()
    assert words in v.feedback.value and "⚠" in v.feedback.value
    assert "Correct" not in v.feedback.value and "Not quite" not in v.feedback.value
    assert example.score_text() == "0 of 6 answered, 0 correct"  # not gradable: not counted
    assert not progress_file.exists()  # and not recorded
    assert v.text.value == typed


def test_many_choice(example):
    v = view(example, "article_duties")
    v.button.click()
    assert "Nothing selected" in v.feedback.value
    answer(v, {0, 2})
    v.button.click()
    assert "Not quite" in v.feedback.value and "1 of the 2" in v.feedback.value
    assert [b.value for b in v.boxes] == [True, False, True, False]
    answer(v, {0, 1})
    v.button.click()
    assert "Correct" in v.feedback.value


def test_ordering(example):
    v = view(example, "chronology")
    items = v.question["items"]
    assert list(v.slots[0].options) != items  # shown shuffled
    answer(v, [items[0], items[0], items[2], items[3]])
    v.button.click()
    assert "used twice" in v.feedback.value
    answer(v, [items[1], items[0], items[2], items[3]])
    v.button.click()
    assert "Not quite" in v.feedback.value and "2 of 4 items" in v.feedback.value
    assert [s.value for s in v.slots] == [items[1], items[0], items[2], items[3]]  # kept
    answer(v, items)
    v.button.click()
    assert "Correct" in v.feedback.value


def test_ordering_missing_item(example):
    v = view(example, "chronology")
    items = v.question["items"]
    answer(v, items[:3])
    v.button.click()
    assert "Position 4 is empty" in v.feedback.value


def test_matching(example):
    v = view(example, "article_titles")
    rights = [p["right"] for p in v.question["pairs"]]
    answer(v, [rights[1], rights[0], rights[2], rights[3]])
    v.button.click()
    assert "Not quite" in v.feedback.value and "2 of 4 matches" in v.feedback.value
    answer(v, rights)
    v.button.click()
    assert "Correct" in v.feedback.value


def test_score_counts_latest_verdict(example):
    a, b, c = (view(example, i) for i in ("arrival_day", "warrant_year", "chronology"))
    answer(a, 1)
    a.button.click()
    answer(b, "2023")
    b.button.click()
    answer(c, c.question["items"][::-1])
    c.button.click()
    assert example.score_text() == "3 of 6 answered, 2 correct"
    assert "3 of 6 answered, 2 correct" in example.score.value
    answer(a, 0)
    a.button.click()
    assert example.score_text() == "3 of 6 answered, 1 correct"
    a.radio.value = None
    a.button.click()  # an ungradable try does not erase the last verdict
    assert example.score_text() == "3 of 6 answered, 1 correct"


def test_save_failure_is_shown_not_raised(example, tmp_path, monkeypatch):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    monkeypatch.setenv("WANTED_PROGRESS", str(blocker / "progress.json"))
    v = view(example, "arrival_day")
    answer(v, 1)
    v.button.click()
    assert "Correct" in v.feedback.value and "could not be saved" in v.feedback.value


def test_corrupt_progress_notice_in_feedback(example, progress_file):
    progress_file.write_text("{truncated")
    v = view(example, "arrival_day")
    answer(v, 1)
    v.button.click()
    assert "corrupt-1" in v.feedback.value
    assert prog.load()[0]["banks"]["99_example"]["arrival_day"]["correct"] is True


def test_html_in_bank_text_is_escaped():
    bank = json.loads(json.dumps(EXAMPLE))
    bank["questions"][0]["question"] = "<script>alert(1)</script> & more"
    shown = quiz(bank)
    assert "<script>" not in shown.questions[0].prompt.value
    assert "&lt;script&gt;" in shown._repr_mimebundle_()["text/html"]


def test_warm_up_bank_end_to_end(progress_file):
    shown = quiz("00_start_here")
    visit, year, order = shown.questions
    answer(visit, next(i for i, a in enumerate(visit.question["answers"]) if a["correct"]))
    answer(year, "2023")
    answer(order, order.question["items"])
    for v in (visit, year, order):
        v.button.click()
        assert "Correct" in v.feedback.value
    assert shown.score_text() == "3 of 3 answered, 3 correct"
    report = repr(prog.progress())
    assert "00_start_here" in report and "3 of 3" in report


def test_internal_error_is_caught(example, monkeypatch):
    from wanted import checking

    def broken(question, response):
        raise ZeroDivisionError

    monkeypatch.setattr(checking, "check", broken)
    v = view(example, "arrival_day")
    v.button.click()
    assert "could not be checked" in v.feedback.value and "ZeroDivisionError" in v.feedback.value
