"""The progress file: concurrent writers, a crash mid-write, a corrupt file — no answer is ever lost."""

import json
import multiprocessing
import os

import pytest

from wanted import progress as prog
from wanted.errors import ProgressError


@pytest.fixture
def pfile(tmp_path, monkeypatch):
    file = tmp_path / "student" / "progress.json"
    monkeypatch.setenv("WANTED_PROGRESS", str(file))
    return file


def entries(file) -> dict:
    return json.loads(file.read_text(encoding="utf-8"))["banks"]


def test_path_default_and_env(monkeypatch, tmp_path):
    monkeypatch.delenv("WANTED_PROGRESS", raising=False)
    assert prog.path() == (tmp_path.home() / ".wanted" / "progress.json").expanduser()
    monkeypatch.setenv("WANTED_PROGRESS", str(tmp_path / "p.json"))
    assert prog.path() == tmp_path / "p.json"


def test_record_creates_folder_and_counts_attempts(pfile):
    assert prog.record("02_warrant_and_law", "charges", False, "A") == ""
    assert prog.record("02_warrant_and_law", "charges", True, "B") == ""
    prog.record("00_start_here", "warrant_year", True, "the year 2023")
    banks = entries(pfile)
    assert banks["02_warrant_and_law"]["charges"] == {"correct": True, "attempts": 2, "last_response": "B"}
    assert banks["00_start_here"]["warrant_year"]["attempts"] == 1
    assert not list(pfile.parent.glob("*.tmp"))  # no temporary file left behind


def test_response_is_json_safe_and_truncated(pfile):
    prog.record("b", "long", True, "x" * 10_000)
    prog.record("b", "list", True, ["a", None, 3, object()])
    prog.record("b", "obj", True, object())
    banks = entries(pfile)["b"]
    assert banks["long"]["last_response"] == "x" * 500
    assert banks["list"]["last_response"] == '["a", null, 3, "<object>"]'
    assert banks["obj"]["last_response"] == '"<object>"'


def _writer(file: str, bank: str, n: int) -> None:
    os.environ["WANTED_PROGRESS"] = file
    for i in range(n):
        prog.record(bank, f"q{i}", i % 2 == 0, str(i))


def test_concurrent_writers_lose_nothing(pfile):
    pfile.parent.mkdir(parents=True)
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_writer, args=(str(pfile), bank, 50)) for bank in ("A", "B")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
        assert w.exitcode == 0
    banks = entries(pfile)
    assert sum(len(answers) for answers in banks.values()) == 100
    assert set(banks["A"]) == set(banks["B"]) == {f"q{i}" for i in range(50)}


def test_concurrent_writers_same_question_count_every_attempt(pfile):
    pfile.parent.mkdir(parents=True)
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=prog.record, args=("same", "q", True, "x", str(pfile))) for _ in range(20)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    assert entries(pfile)["same"]["q"]["attempts"] == 20


def test_crash_between_write_and_rename_keeps_previous_file(pfile, monkeypatch):
    prog.record("b", "q1", True, "first")
    prog.record("b", "q2", False, "second")
    before = pfile.read_bytes()

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ProgressError) as info:
        prog.record("b", "q3", True, "third")
    assert "could not be saved" in str(info.value) and "No space left" in str(info.value)
    assert pfile.read_bytes() == before  # untouched
    assert not list(pfile.parent.glob(".progress.json.*.tmp"))  # the temp file was cleaned up
    monkeypatch.undo()
    monkeypatch.setenv("WANTED_PROGRESS", str(pfile))
    prog.record("b", "q3", True, "third")
    banks = entries(pfile)["b"]
    assert set(banks) == {"q1", "q2", "q3"}  # no answer recorded before the fault is lost


def test_leftover_temp_file_from_a_killed_process_is_harmless(pfile):
    prog.record("b", "q1", True, "first")
    (pfile.parent / ".progress.json.abc123.tmp").write_text('{"half": ')
    prog.record("b", "q2", True, "second")
    assert set(entries(pfile)["b"]) == {"q1", "q2"}


@pytest.mark.parametrize("damage", [
    b'{"format": "wanted-progress", "version": 1, "banks": {"b": {"q1": {"correct": tr',  # truncated
    b"",  # empty
    b"\xff\xfe not utf-8",
    b'["a list"]',
    b'{"format": "wanted-progress", "banks": {"b": {"q1": {"correct": "yes"}}}}',
])
def test_corrupt_file_is_set_aside_and_recording_continues(pfile, damage):
    pfile.parent.mkdir(parents=True)
    pfile.write_bytes(damage)
    notice = prog.record("b", "q9", True, "new")
    assert "progress.json.corrupt-1" in notice and "\n" not in notice
    assert (pfile.parent / "progress.json.corrupt-1").read_bytes() == damage  # kept, never deleted
    assert entries(pfile) == {"b": {"q9": {"correct": True, "attempts": 1, "last_response": "new"}}}
    # A second corruption goes to corrupt-2: the first copy is not overwritten.
    pfile.write_bytes(b"{")
    assert "corrupt-2" in prog.record("b", "q10", True, "x")
    assert (pfile.parent / "progress.json.corrupt-1").read_bytes() == damage


PARTLY_DAMAGED = {"format": "wanted-progress", "version": 1, "banks": {
    "01_the_visit": {"warrant_date": {"correct": True, "attempts": 2, "last_response": "17 March 2023"},
                     "bad": {"correct": "yes", "attempts": 1, "last_response": "x"}},
    "02_warrant_and_law": {"charges": {"correct": False, "attempts": 1, "last_response": "genocide"}},
    "03_enforcement": ["not", "a", "table"]}}


def test_a_partly_damaged_file_is_set_aside_and_its_readable_answers_carried_over(pfile):
    pfile.parent.mkdir(parents=True)
    original = json.dumps(PARTLY_DAMAGED).encode()
    pfile.write_bytes(original)
    notice = prog.record("01_the_visit", "invitation_year", True, "2023")
    assert (pfile.parent / "progress.json.corrupt-1").read_bytes() == original  # the whole file, kept as it was
    assert "read only in part" in notice and "2 readable answers were carried over" in notice
    assert "01_the_visit/bad" in notice and "1 more" in notice  # what was damaged: the entry, and the bank
    assert entries(pfile) == {
        "01_the_visit": {"warrant_date": {"correct": True, "attempts": 2, "last_response": "17 March 2023"},
                         "invitation_year": {"correct": True, "attempts": 1, "last_response": "2023"}},
        "02_warrant_and_law": {"charges": {"correct": False, "attempts": 1, "last_response": "genocide"}}}
    assert prog.record("01_the_visit", "invitation_year", True, "2023") == ""  # the new file is sound


def test_progress_shows_the_readable_answers_of_a_partly_damaged_file_without_moving_it(pfile):
    pfile.parent.mkdir(parents=True)
    pfile.write_text(json.dumps(PARTLY_DAMAGED))
    text = repr(prog.progress())
    assert "can be read only in part" in text and "the 2 readable answers are shown" in text
    assert "01_the_visit" in text and "02_warrant_and_law" in text and "03_enforcement" not in text
    assert json.loads(pfile.read_text()) == PARTLY_DAMAGED


@pytest.mark.parametrize("entry", [{"correct": True, "attempts": True, "last_response": "x"},
                                   {"correct": True, "attempts": -1, "last_response": "x"},
                                   {"correct": True, "attempts": 1}, "not a table"])
def test_a_malformed_entry_is_not_carried_over(pfile, entry):
    pfile.parent.mkdir(parents=True)
    pfile.write_text(json.dumps({"format": "wanted-progress", "banks": {"b": {"q": entry}}}))
    assert "could not be read" in prog.record("b", "other", True, "y")
    assert entries(pfile) == {"b": {"other": {"correct": True, "attempts": 1, "last_response": "y"}}}


def test_unwritable_folder_gives_progress_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("WANTED_PROGRESS", str(blocker / "progress.json"))
    with pytest.raises(ProgressError) as info:
        prog.record("b", "q", True, "x")
    assert "WANTED_PROGRESS" in str(info.value)


def test_progress_report_empty_is_deterministic(pfile):
    report = prog.progress()
    bundle = report._repr_mimebundle_()
    assert bundle["text/plain"] == prog.EMPTY_MESSAGE
    assert "No answers recorded yet" in bundle["text/html"]
    assert str(pfile) not in bundle["text/plain"]  # no machine-specific path in a stored output


def test_progress_report_table(pfile):
    prog.record("00_start_here", "visit_dates", True, "2-3 September 2024")
    prog.record("00_start_here", "warrant_year", False, "2024")
    prog.record("zz_unknown_bank", "q", True, "x")
    bundle = prog.progress()._repr_mimebundle_()
    text = bundle["text/plain"]
    assert "00_start_here" in text and "2 of 3" in text
    assert "zz_unknown_bank" in text
    assert "<table>" in bundle["text/html"] and "<th scope=\"col\">Correct</th>" in bundle["text/html"]


def test_progress_report_on_corrupt_file_does_not_move_it(pfile):
    pfile.parent.mkdir(parents=True)
    pfile.write_text("{oops")
    text = repr(prog.progress())
    assert "cannot be read" in text and "No answers recorded yet" in text
    assert pfile.read_text() == "{oops"
