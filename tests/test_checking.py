"""Unit tests of wanted.checking: every bad-input case of the quiz spec gets a specific message."""

import math

import pytest

from wanted.checking import MAX_LENGTH, Parsed, Result, check, format_number, parse_number, with_unit

MC = {"id": "mc", "type": "multiple_choice", "question": "?", "explanation": "e", "source": "s",
      "answers": [{"answer": "A", "correct": False, "feedback": "A is the warrant date."},
                  {"answer": "B", "correct": True},
                  {"answer": "C", "correct": False}]}
MANY = {"id": "many", "type": "many_choice", "question": "?", "explanation": "e", "source": "s",
        "answers": [{"answer": "Art. 86", "correct": True}, {"answer": "Art. 89", "correct": True},
                    {"answer": "Art. 27", "correct": False, "feedback": "27 is about immunity."}]}
NUM = {"id": "num", "type": "numeric", "question": "?", "explanation": "e", "source": "s",
       "unit": "%", "answer": {"value": 95, "tolerance": 0.5},
       "mistakes": [{"range": [20, 25], "feedback": "That is the electricity share."}]}
RANGE = {**NUM, "id": "rng", "answer": {"range": [19, 24]}, "mistakes": []}
YEAR = {**NUM, "id": "year", "unit": "year", "answer": {"value": 2023, "tolerance": 0}, "mistakes": []}
ORD = {"id": "ord", "type": "ordering", "question": "?", "explanation": "e", "source": "s",
       "items": ["warrant", "BRICS", "visit", "finding"]}
MATCH = {"id": "match", "type": "matching", "question": "?", "explanation": "e", "source": "s",
         "pairs": [{"left": "Art. 27", "right": "no immunity"}, {"left": "Art. 59", "right": "arrest"},
                   {"left": "Art. 127", "right": "withdrawal"}]}
ALL = [MC, MANY, NUM, ORD, MATCH]
WRONG_TYPES = [None, [], {}, object(), 3.5j, b"bytes", True]


# --------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize("text, value", [
    ("95", 95), ("95%", 95), ("95 %", 95), ("95.0", 95), ("95,0", 95), ("95,5", 95.5), ("  95  ", 95),
    ("-3", -3), ("+3", 3), ("−3", -3), (".5", 0.5), ("1e2", 100), ("2.5E-1", 0.25), ("1 000", 1000),
    ("12\u00a0345\u00a0678", 12345678), ("1 000.5", 1000.5), (95, 95), (95.5, 95.5),
])
def test_parse_number_accepts(text, value):
    parsed = parse_number(text, "%")
    assert parsed.value == pytest.approx(value)
    assert parsed.message.startswith("Read your answer as ")


def test_parse_number_says_what_it_understood():
    assert parse_number("95 %", "%") == Parsed(95.0, "Read your answer as 95 %.")
    assert parse_number("95", "%").message == "Read your answer as 95 %."
    assert "read as 100" in parse_number("1e2").message.replace("Read your answer as 100", "read as 100")
    assert "(from 1e2)" in parse_number("1e2").message
    assert "comma read as a decimal point" in parse_number("95,0", "%").message
    assert "thousands" in parse_number("1 000").message
    assert parse_number("2023", "year").message == "Read your answer as the year 2023."
    assert parse_number("0.49 TWh", "TWh") == Parsed(0.49, "Read your answer as 0.49 TWh.")
    assert parse_number("3 states", "states").value == 3
    assert parse_number("1 state", "states").value == 1  # the singular of a plural unit
    assert parse_number("3 day", "days").value == parse_number("3 days", "day").value == 3


@pytest.mark.parametrize("text, words", [
    ("", "empty"), ("   ", "empty"), ("abc", "Could not read"), ("1,000", "ambiguous"),
    ("1,000,000", "ambiguous"), ("1.000,5", "ambiguous"), ("95,000", "ambiguous"), ("NaN", "cannot be graded"),
    ("nan", "cannot be graded"), ("inf", "cannot be graded"), ("-Infinity", "cannot be graded"),
    ("1e999", "too large"), ("x" * 10_000, "too long (10000 characters)"), ("1 00", "groups of three"),
    ("%", "no number"), ("0x10", "Could not read"), ("1_000", "Could not read"), ("95 % %", "Could not read"),
    (None, "No answer yet"), ([], "a list"), ({}, "a dictionary"), (object(), "type object"),
    (True, "True/False"), (float("nan"), "not a finite number"), (float("inf"), "not a finite number"),
    (10**400, "too large"),
])
def test_parse_number_rejects_with_specific_message(text, words):
    parsed = parse_number(text, "%")
    assert parsed.value is None
    assert words in parsed.message


def test_parse_number_ambiguous_comma_asks_for_1000():
    assert "1000" in parse_number("1,000").message


def test_parse_number_echo_is_short():
    message = parse_number("y" * (MAX_LENGTH - 1)).message
    assert len(message) < 150 and "…" in message


def test_format_number_and_units():
    assert format_number(2023.0) == "2023"
    assert format_number(23.6) == "23.6"
    assert format_number(0.1 + 0.2) == "0.3"
    assert with_unit(95, "%") == "95 %"
    assert with_unit(1.8, "TWh") == "1.8 TWh"
    assert with_unit(12, "") == "12"


# --------------------------------------------------------------------------- check: right and wrong


def test_multiple_choice():
    assert check(MC, 1) == Result(True, "Correct.", "B")
    assert check(MC, "B").correct is True
    wrong = check(MC, 0)
    assert wrong.correct is False and wrong.message.startswith("Not quite.") and "warrant date" in wrong.message
    assert wrong.understood == "A"


def test_many_choice():
    assert check(MANY, [0, 1]).correct is True
    assert check(MANY, ("Art. 89", "Art. 86")).correct is True
    assert check(MANY, [1, 0, 0]).correct is True  # a repeated tick is still one tick
    partial = check(MANY, [0])
    assert partial.correct is False and "1 of the 2" in partial.message
    extra = check(MANY, [0, 1, 2])
    assert extra.correct is False and "1 that does not" in extra.message and "immunity" in extra.message


def test_numeric_value_and_range():
    assert check(NUM, "95 %").correct is True
    assert check(NUM, "95,4").correct is True
    assert check(NUM, "96").correct is False
    assert check(NUM, "95.5").correct is True  # tolerance is inclusive
    assert check(NUM, "95%").understood == "95 %"
    hint = check(NUM, "23")
    assert hint.correct is False and "electricity share" in hint.message
    assert "Read your answer as 23 %" in hint.message
    assert check(RANGE, "19").correct is True and check(RANGE, "24").correct is True
    assert check(RANGE, "24.01").correct is False
    assert check(YEAR, "2023").correct is True and check(YEAR, "2024").correct is False
    assert check(YEAR, 2023).correct is True


def test_ordering():
    assert check(ORD, ["warrant", "BRICS", "visit", "finding"]).correct is True
    assert check(ORD, ("warrant", "BRICS", "visit", "finding")).correct is True
    wrong = check(ORD, ["BRICS", "warrant", "visit", "finding"])
    assert wrong.correct is False and "2 of 4 items are in the right position" in wrong.message
    assert wrong.understood == "BRICS → warrant → visit → finding"


def test_matching():
    right = ["no immunity", "arrest", "withdrawal"]
    assert check(MATCH, right).correct is True
    assert check(MATCH, {"Art. 27": "no immunity", "Art. 59": "arrest", "Art. 127": "withdrawal"}).correct is True
    wrong = check(MATCH, ["arrest", "no immunity", "withdrawal"])
    assert wrong.correct is False and "1 of 3 matches" in wrong.message


# --------------------------------------------------------------------------- check: not gradable


@pytest.mark.parametrize("response, words", [
    (None, "No option selected"), ("", "No option selected"), (7, "no option number 7"), (-1, "no option number"),
    ("D", "not one of the options"), ([1], "exactly one option"), ({}, "exactly one option"),
    (object(), "type object"), (True, "True/False"), ("x" * 10_000, "not one of the options"),
])
def test_multiple_choice_bad_input(response, words):
    result = check(MC, response)
    assert result.correct is None and words in result.message and result.understood is None


@pytest.mark.parametrize("response, words", [
    (None, "Nothing selected"), ([], "Nothing selected"), ("Art. 86", "as a list"), ({}, "as a list"),
    (object(), "as a list"), ([None], "got nothing"), ([5], "no option number 5"), (["Art. 1"], "not one of"),
    ([[0]], "got a list"), (list(range(1000)), "Too many"),
])
def test_many_choice_bad_input(response, words):
    result = check(MANY, response)
    assert result.correct is None and words in result.message


@pytest.mark.parametrize("response, words", [
    ("", "empty"), ("   ", "empty"), ("ninety-five", "Could not read"), ("NaN", "cannot be graded"),
    ("inf", "cannot be graded"), ("1,000", "ambiguous"), ("x" * 10_000, "too long"), (None, "No answer yet"),
    ([95], "a list"), ({"value": 95}, "a dictionary"), (object(), "type object"),
])
def test_numeric_bad_input(response, words):
    result = check(NUM, response)
    assert result.correct is None and words in result.message


@pytest.mark.parametrize("response, words", [
    (None, "No answer yet"), ("warrant", "Expected a list"), ({}, "Expected a list"), (object(), "Expected a list"),
    ([], "is missing"), (["warrant", "BRICS", "visit"], "“finding” is missing"),
    (["warrant", "BRICS", None, "finding"], "Position 3 is empty"),
    (["warrant", "BRICS", "", "finding"], "Position 3 is empty"),
    (["warrant", "warrant", "visit", "finding"], "used twice (positions 1 and 2)"),
    (["warrant", "BRICS", "visit", "finding", "x"], "only 4 positions"),
    (["warrant", "BRICS", "visit", "x" * 10_000], "not one of the items"),
    (["warrant", 2, "visit", "finding"], "Position 2 holds a whole number"),
])
def test_ordering_bad_input(response, words):
    result = check(ORD, response)
    assert result.correct is None and words in result.message
    assert len(result.message) < 200


@pytest.mark.parametrize("response, words", [
    (None, "No answer yet"), ("arrest", "Expected a list"), (object(), "Expected a list"),
    ([], "“Art. 27” has no match"), (["no immunity", None, "withdrawal"], "“Art. 59” has no match"),
    (["arrest", "arrest", "withdrawal"], "used twice"), (["x", "arrest", "withdrawal"], "not one of the options"),
    ({"Art. 99": "arrest"}, "“Art. 99” is not one of the texts on the left"),
    ({1: "arrest"}, "A key of the dictionary is a whole number, not one of the texts"),
    ({"Art. 27": "no immunity"}, "“Art. 59” has no match"), ([1, 2, 3], "a whole number"),
    (["a", "b", "c", "d"], "only 3 lines"),
])
def test_matching_bad_input(response, words):
    result = check(MATCH, response)
    assert result.correct is None and words in result.message


@pytest.mark.parametrize("question", ALL, ids=lambda q: q["type"])
@pytest.mark.parametrize("response", WRONG_TYPES, ids=lambda r: type(r).__name__)
def test_wrong_python_types_never_raise(question, response):
    result = check(question, response)
    assert result.correct is None and result.message


def test_unknown_question_type():
    result = check({"type": "essay"}, "text")
    assert result.correct is None and "unknown type" in result.message
    assert check("not a question", 1).correct is None


def test_results_are_plain_values():
    result = check(NUM, "95")
    assert isinstance(result.correct, bool) and isinstance(result.message, str)
    assert not math.isnan(parse_number("95").value)
