"""The quiz widget driven from Python: set values, click Check, read the feedback and the score.

Widget callbacks never run under nbval, so this is where the widget logic is
tested (and in a real browser by the browser tests).
"""

import json
import re

import pytest

from wanted import paths
from wanted.checking import escape
from wanted import progress as prog
from wanted.quiz import (COLOUR_CORRECT, COLOUR_WRONG, REVEAL_AFTER, Quiz, available_banks, load_bank,
                         option_order, quiz, static_html)

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
        for i, box in zip(v.order, v.boxes):  # boxes are shown shuffled; ``response`` holds bank indices
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
    assert v.question["explanation"] in v.feedback.value.replace("&#x27;", "'")  # the why, at once
    assert "Source:" in v.feedback.value
    # The whole feedback is one element announced when it appears (the widget rebuilds it on every Check).
    assert re.fullmatch(r'<div role="alert">.*</div>', v.feedback.value, re.S)
    assert v.radio.value == 0  # the answer is kept
    assert example.score_text() == "1 of 6 answered, 0 correct"
    answer(v, 1)
    v.button.click()
    assert "Correct" in v.feedback.value and "✔" in v.feedback.value and COLOUR_CORRECT in v.feedback.value
    assert v.question["explanation"] in v.feedback.value.replace("&#x27;", "'")
    assert example.score_text() == "1 of 6 answered, 1 correct"
    saved = json.loads(progress_file.read_text())["banks"]["99_example"]["arrival_day"]
    assert saved == {"correct": True, "attempts": 2, "last_response": "2 September 2024"}


def test_a_bank_can_hold_the_explanation_back_for_another_try():
    assert REVEAL_AFTER == 1
    shown = quiz({**EXAMPLE, "reveal_after": 2})
    v = view(shown, "warrant_year")
    answer(v, "2024")
    v.button.click()
    assert "Not quite" in v.feedback.value and "Explanation" not in v.feedback.value
    assert "Source:" in v.feedback.value
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
    assert v.response() == [0, 2], "Try again keeps the ticked boxes"
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


def test_ticking_boxes_by_their_text_grades_by_bank_index(example):
    # The boxes are shown in a shuffled order: ticking the right texts must still be right.
    v = next(q for q in example.questions if q.question["type"] == "many_choice")
    assert v.order != sorted(v.order), "pick an example whose boxes are shuffled, or this tests nothing"
    right = {a["answer"] for a in v.question["answers"] if a["correct"]}
    for box in v.boxes:
        box.value = box.description in right
    v.button.click()
    assert v.last.correct is True, v.last.message


def test_choices_are_shown_in_the_same_order_in_the_widget_and_the_static_copy():
    bank = load_bank("01_the_visit")
    shown = Quiz(bank)
    html = static_html(bank)
    for v in shown.questions:
        if v.question["type"] == "multiple_choice":
            texts = [label for label, _ in v.radio.options]
            positions = [html.index(f"<li>{escape(t)}</li>") for t in texts]
            assert positions == sorted(positions), v.question["id"]


def test_the_right_option_is_not_predictable_from_its_position():
    # Shown in bank order, 30 of 31 right answers sat second or third: "pick a middle one" won half the marks.
    positions, questions = [0, 0, 0, 0], 0
    for bank_id in available_banks():
        bank = load_bank(bank_id)
        for q in bank["questions"]:
            if q["type"] == "multiple_choice" and len(q["answers"]) == 4:
                order = option_order(q, f"{bank_id}/{q['id']}")
                positions[next(n for n, i in enumerate(order) if q["answers"][i]["correct"])] += 1
                questions += 1
    assert questions >= 20
    assert all(positions), f"some position never holds the right option: {positions}"
    assert max(positions) <= 0.4 * questions, f"right options cluster at one position: {positions}"


def _contrast(hex_a: str, hex_b: str) -> float:
    def luminance(hex_colour):
        channels = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    hi, lo = sorted((luminance(hex_a), luminance(hex_b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_colour_is_only_on_icons_and_icons_are_visible(example):
    # WCAG 2.1: text needs 4.5:1, icons 3:1. Vermillion is 3.9:1 on white, so words keep the theme's colour.
    v = view(example, "arrival_day")
    for response in (0, 1):
        answer(v, response)
        v.button.click()
        colours = re.findall(r"color:\s*(#[0-9A-Fa-f]{6})[^>]*>([^<]*)<", v.feedback.value)
        assert colours and all(text in ("✔", "✘") for _, text in colours), colours
    for colour in (COLOUR_CORRECT, COLOUR_WRONG):
        assert _contrast(colour, "#FFFFFF") >= 3 and _contrast(colour, "#111111") >= 3, colour
