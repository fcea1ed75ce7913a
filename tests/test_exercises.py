"""The exercise machinery: plain-data export, judging, the self-check, the generator."""

import json

import nbformat
import pandas as pd
import pytest

from wanted import exercises as ex
from wanted.exercises import Verdict, judge, key_summary, to_plain

DF_SPEC = {"task": "t.df", "kind": "dataframe", "columns": ["year", "share"], "key": "year", "decimals": 1,
           "name_missing": True}
KEY_DF = to_plain(pd.DataFrame({"year": [2012, 2013, 2014], "share": [5.04, 19.5, 20.1]}))


def df_verdict(df):
    return judge(DF_SPEC, to_plain(df), key_summary(DF_SPEC, KEY_DF))


class AlwaysEqual:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class LyingFrame(pd.DataFrame):
    def __eq__(self, other):
        return True


def test_dataframe_right_and_wrong():
    assert df_verdict(pd.DataFrame({"year": [2012, 2013, 2014], "share": [5.0, 19.5, 20.1]})).ok is True
    v = df_verdict(pd.DataFrame({"year": [2012, 2014], "share": [5.0, 20.1]}))  # name_missing: years are given
    assert v.ok is False and "2013" in v.message and "missing" in v.message
    v = df_verdict(pd.DataFrame({"year": [2012, 2013, 2014], "share": [5.0, 99.0, 20.1]}))
    assert v.ok is False and "2013" in v.message and "19.5" not in v.message
    v = df_verdict([2012, 2013])
    assert v.ok is False and "Expected a DataFrame with columns year, share; got one column of values" in v.message
    v = df_verdict(pd.Series([5.0, 19.5, 20.1], index=[2012, 2013, 2014]))  # forgot .reset_index()
    assert v.ok is False and ".reset_index(" in v.message
    v = df_verdict(pd.DataFrame({"year": ["2012", "2013", "2014"], "share": [5.0, 19.5, 20.1]}))
    assert v.ok is False and "check their type" in v.message
    v = df_verdict(pd.DataFrame({"year": ["twelve", "thirteen", "fourteen"], "share": [5.0, 19.5, 20.1]}))
    assert v.ok is False and "check their spelling" in v.message and "type" not in v.message
    v = df_verdict(pd.DataFrame({"year": [2012]}))
    assert "missing column(s): share" in v.message


@pytest.mark.parametrize("answer", [None, ..., AlwaysEqual(), object(), LyingFrame({"year": [1]}), float("nan"),
                                    "x" * 10**6, list(range(200_000)), {"a": 1}, b"bytes", 3 + 4j],
                         ids=lambda a: type(a).__name__ + (f"-{len(a)}" if isinstance(a, (str, list)) else ""))
def test_hostile_or_odd_answers_never_pass_never_raise(answer):
    for spec, key in [(DF_SPEC, KEY_DF), ({"task": "n", "kind": "number", "decimals": 1}, 1.8),
                      ({"task": "s", "kind": "sequence", "options": ["a", "b", "c"]}, ["a", "b", "c"]),
                      ({"task": "m", "kind": "mapping"}, to_plain({"27": "x", "98": "y"})),
                      ({"task": "c", "kind": "choice", "options": ["a", "b"]}, "a"),
                      ({"task": "g", "kind": "chart"}, None)]:
        verdict = judge(spec, to_plain(answer), key_summary(spec, key))
        assert verdict.ok is not True, f"{spec['kind']} accepted {type(answer).__name__}"
        assert verdict.message.strip()


def test_lying_subclass_is_refused_as_unsupported():
    plain = to_plain(LyingFrame({"year": [2012, 2013, 2014], "share": [5.0, 19.5, 20.1]}))
    assert "unsupported" in plain


def test_number_and_mistake_message():
    spec = {"task": "n", "kind": "number", "decimals": 2, "unit": "TWh",
            "mistakes": [{"value": 2.21, "message": "That is gross imports: the task asks for net imports."}]}
    summary = key_summary(spec, 1.80)
    assert judge(spec, 1.8, summary).ok is True
    assert judge(spec, 1.801, summary).ok is True
    assert "gross imports" in judge(spec, 2.21, summary).message
    v = judge(spec, "1.8 TWh", summary)
    assert v.ok is False and "without units" in v.message
    assert "1.8" not in judge(spec, 3.0, summary).message


def test_sequence_messages():
    spec = {"task": "s", "kind": "sequence", "options": ["warrant", "visit", "finding"]}
    summary = key_summary(spec, ["warrant", "visit", "finding"])
    assert judge(spec, ["warrant", "visit", "finding"], summary).ok is True
    assert "more than once" in judge(spec, ["warrant", "warrant", "finding"], summary).message
    assert "has 3" in judge(spec, ["warrant", "visit"], summary).message
    assert "not one of" in judge(spec, ["warrant", "visit", "party"], summary).message
    assert "not yet in the right order" in judge(spec, ["visit", "warrant", "finding"], summary).message


def test_mapping_partial_credit():
    spec = {"task": "m", "kind": "mapping"}
    key = to_plain({"27": "official capacity", "98(1)": "third-state immunity", "97": "consultations"})
    summary = key_summary(spec, key)
    v = judge(spec, to_plain({"27": "official capacity", "98(1)": "consultations", "97": "third-state immunity"}), summary)
    assert v.ok is False and "1 of 3" in v.message and 0 < v.fraction < 1


def test_chart_needs_labels_and_alt():
    from wanted.charts import new, render
    fig, ax = new()
    ax.plot([1, 2], [3, 4])
    assert judge({"kind": "chart"}, to_plain(fig), {}).ok is False
    ax.set_title("T"), ax.set_xlabel("year"), ax.set_ylabel("share (%)")
    render(fig, "A line rising from 3 to 4 between years 1 and 2.")
    assert judge({"kind": "chart"}, to_plain(fig), {}).ok is True


def test_strip_solution_uses_placeholder():
    src = "x = 1\n### BEGIN SOLUTION\n### PLACEHOLDER: shares = ...  # a DataFrame\nshares = df[df.a > 1]\n### END SOLUTION\ncheck('t', shares)"
    out = ex.strip_solution(src)
    assert "df[df.a > 1]" not in out and "shares = ...  # a DataFrame" in out and out.startswith("x = 1")
    assert ex.strip_solution("### BEGIN SOLUTION\ny = 2\n### END SOLUTION") == "...  # YOUR CODE HERE"
    with pytest.raises(ex.CheckError):
        ex.strip_solution("### BEGIN SOLUTION\ny = 2")
    md = "Q?\n\n<!-- BEGIN SOLUTION -->\nModel answer.\n<!-- END SOLUTION -->"
    assert "Model answer" not in ex.strip_solution(md, markdown=True)


def test_make_exercise_drops_hidden_cells_and_outputs():
    nb = nbformat.v4.new_notebook()
    hidden = nbformat.v4.new_code_cell("export_key(globals(), specs)")
    hidden.metadata["tags"] = ["hidden"]
    answer = nbformat.v4.new_code_cell("### BEGIN SOLUTION\na = 1\n### END SOLUTION")
    answer.outputs = [nbformat.v4.new_output("stream", text="1")]
    nb.cells = [answer, hidden]
    out = ex.make_exercise(nb)
    assert len(out.cells) == 1 and out.cells[0].outputs == [] and "a = 1" not in out.cells[0].source
    assert len(nb.cells) == 2, "the solution notebook itself is not modified"


def test_check_unknown_task_and_missing_answer(tmp_path, monkeypatch):
    checks = {"e9.t1": {"spec": {"task": "e9.t1", "kind": "number", "decimals": 1}, "key": key_summary({"kind": "number", "decimals": 1}, 2.5)}}
    (tmp_path / "checks.json").write_text(json.dumps(checks))
    monkeypatch.setattr(ex.paths, "EXERCISES", tmp_path)
    assert "no task" in repr(ex.check("nope", 1)).lower()
    assert "Not answered yet" in repr(ex.check("e9.t1", ...))
    assert "Correct" in repr(ex.check("e9.t1", 2.5))
    assert "2.5" not in repr(ex.check("e9.t1", 3.5))
    assert "Not yet" in repr(ex.check("e9.t1", AlwaysEqual()))
    (tmp_path / "checks.json").write_text("{broken")
    assert "git checkout" in repr(ex.check("e9.t1", 2.5))


def test_filter_task_does_not_name_missing_rows():
    """For a filter task the expected keys are the answer: say how many rows are missing, not which."""
    spec = {"task": "t.f", "kind": "dataframe", "columns": ["article", "stage"], "key": "article"}
    key = to_plain(pd.DataFrame({"article": ["86", "89(1)", "97"], "stage": ["cooperation"] * 3}))
    summary = key_summary(spec, key)
    assert "86" not in json.dumps(summary), "checks.json must not hold the expected keys in plain text"
    v = judge(spec, to_plain(pd.DataFrame({"article": ["86"], "stage": ["cooperation"]})), summary)
    assert v.ok is False and "2 expected row(s) missing" in v.message and "97" not in v.message
    v = judge(spec, to_plain(pd.DataFrame({"article": ["86", "89(1)", "97", "27"], "stage": ["cooperation"] * 4})), summary)
    assert "27" in v.message, "the student's own extra rows may be named"


def test_public_spec_hides_order_and_mistakes():
    spec = {"task": "s", "kind": "sequence", "options": ["warrant", "visit", "finding"],
            "mistakes": [{"value": 1, "message": "m"}]}
    public = ex.public_spec(spec)
    assert public["options"] == ["finding", "visit", "warrant"] and "mistakes" not in public


def test_correct_feedback_is_not_repeated():
    fb = ex.Feedback("e1.t1", Verdict(True, "Correct (compared to 0 decimals).", 1.0))
    assert repr(fb).count("Correct") == 1


def test_sets_and_arrays_are_lists_of_plain_values():
    import numpy as np

    spec = {"task": "s", "kind": "set", "options": ["a", "b", "c"]}
    summary = key_summary(spec, ["a", "c"])
    for answer in [{"a", "c"}, frozenset({"c", "a"}), np.array(["a", "c"]), pd.Series(["c", "a"]).values,
                   pd.Series(["a", "c", "a"]).unique(), pd.Index(["a", "c"])]:
        assert judge(spec, to_plain(answer), summary).ok is True, type(answer).__name__
    assert to_plain(np.array([AlwaysEqual()])) == [{"unsupported": "test_exercises.AlwaysEqual"}]
    assert judge(spec, to_plain({"a"}), summary).ok is False
    seq = {"task": "q", "kind": "sequence", "options": ["a", "b", "c"]}
    assert judge(seq, to_plain(np.array(["a", "b", "c"])), key_summary(seq, ["a", "b", "c"])).ok is True


def test_unsupported_message_says_what_to_give():
    spec = {"task": "s", "kind": "set", "options": ["a", "b"]}
    v = judge(spec, to_plain(object()), key_summary(spec, ["a"]))
    assert v.ok is False and "Expected a list of the options you select; got an object of type object" in v.message


def test_number_given_as_a_row_or_with_decimals_when_whole():
    spec = {"task": "n", "kind": "number", "decimals": 0, "unit": "warrants", "whole": True,
            "whole_reason": "A count of warrants"}
    summary = key_summary(spec, 31)
    assert judge(spec, to_plain(31), summary).message == "Correct (compared as a whole number)."
    v = judge(spec, to_plain(31.4), summary)
    assert v.ok is False and "A count of warrants: it must be a whole number." == v.message
    v = judge(spec, to_plain(pd.Series([31])), summary)
    assert v.ok is False and "got several values" in v.message and ".iloc[0]" in v.message
    one = {"task": "n1", "kind": "number", "decimals": 1}
    assert "compared to 1 decimal)" in judge(one, 2.0, key_summary(one, 1.0)).message


def test_mapping_names_an_unknown_item_or_choice():
    spec = {"task": "m", "kind": "mapping", "values": ["verified", "claimed by a party"]}
    summary = key_summary(spec, to_plain({"A": "verified", "B": "claimed by a party"}))
    v = judge(spec, to_plain({"A": "verified", "Bee": "verified"}), summary)
    assert v.ok is False and "'Bee' is not one of the items" in v.message
    v = judge(spec, to_plain({"A": "verified", "B": "claimed"}), summary)
    assert v.ok is False and "'claimed' is not one of the choices" in v.message
    assert judge(spec, to_plain({"a": "Verified", "B": "claimed by a party"}), summary).ok is True


def test_chart_title_may_be_left_aligned():
    from wanted import charts

    fig, ax = charts.new()
    ax.plot([1, 2], [3, 4])
    ax.set_title("Events per month", loc="left")
    ax.set_xlabel("month")
    ax.set_ylabel("events")
    fig._wanted_alt = "A line chart of events per month, rising from 3 to 4."
    assert to_plain(fig)["chart"]["title"] == "Events per month"
    spec = {"task": "g", "kind": "chart"}
    assert judge(spec, to_plain(fig), {}).ok is True
