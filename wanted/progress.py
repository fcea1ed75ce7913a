"""The student's progress file: every checked quiz answer, never lost.

Where it is
-----------
By default ``~/.wanted/progress.json`` — in the student's own home directory,
outside the course folder, so updating or re-downloading the course never
touches it. Set the environment variable ``WANTED_PROGRESS`` to a file path to
use another file (a shared JupyterHub, a test, CI). The path is looked up at
every call, so changing the variable takes effect at once.

What is in it
-------------
``{"format": "wanted-progress", "version": 1, "banks": {bank_id: {question_id:
{"correct": bool, "attempts": int, "last_response": str}}}}`` — the latest
verdict, how many graded attempts, and the last response as text (at most
500 characters). No timestamps, nothing about the student but their answers.

How it is kept safe
-------------------
* Every :func:`record` is a read-modify-write done while holding an exclusive
  ``fcntl.flock`` on the sidecar file ``progress.json.lock``, so two quizzes or
  two kernels answering at the same moment never lose each other's answers.
* The new content is written to a temporary file in the same directory,
  flushed and ``fsync``-ed, then moved over the old file with ``os.replace``
  (atomic on POSIX): a crash at any moment leaves either the old or the new
  file, never half of one. A temporary file left by a crash is ignored.
* A file that cannot be read as progress (truncated, edited by hand, empty) is
  never deleted: it is renamed ``progress.json.corrupt-N`` (the first free N),
  a one-line notice says so, and a new file is started. If the file is a
  progress file with some entries damaged (a hand edit), the readable answers
  are carried over into the new file and shown by :func:`progress`.
* :func:`record` raises only :class:`~wanted.errors.ProgressError` (with a
  message for the student), never ``OSError``; the quiz widget shows that
  message instead of a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from wanted.errors import ProgressError

try:  # POSIX; on Windows writes are still atomic but not serialized between kernels.
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

#: Environment variable that overrides the progress file's location.
ENV_VAR = "WANTED_PROGRESS"
#: Default location (``~`` is expanded at each call).
DEFAULT_PATH = "~/.wanted/progress.json"
#: Longest stored response text.
MAX_RESPONSE = 500

_FORMAT = "wanted-progress"
_VERSION = 1
EMPTY_MESSAGE = "No answers recorded yet. Answer a quiz in any lesson, then run progress() again."


def path() -> Path:
    """The progress file in use: ``$WANTED_PROGRESS`` or ``~/.wanted/progress.json``."""
    return Path(os.path.expanduser(os.environ.get(ENV_VAR) or DEFAULT_PATH))


def _empty() -> dict:
    return {"format": _FORMAT, "version": _VERSION, "banks": {}}


def _good_entry(entry: object) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("correct"), bool)
            and isinstance(entry.get("attempts"), int) and not isinstance(entry.get("attempts"), bool)
            and entry["attempts"] >= 0 and isinstance(entry.get("last_response"), str))


def _problem(data: object) -> tuple[dict | None, str | None]:
    """``(data, None)`` for a progress document; ``(readable part or None, why)`` for anything else.

    The readable part keeps every well-formed answer of a document whose format and ``banks`` table are
    right; None when nothing can be trusted (not a progress file at all).
    """
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        return None, "not a progress file"
    banks = data.get("banks")
    if not isinstance(banks, dict):
        return None, "no 'banks' table"
    readable, damaged = _empty(), []
    for bank_id, answers in banks.items():
        if not isinstance(answers, dict):
            damaged.append(f"bank {bank_id!r} is not a table")
            continue
        for question_id, entry in answers.items():
            if _good_entry(entry):
                readable["banks"].setdefault(bank_id, {})[question_id] = entry
            else:
                damaged.append(f"the entry {bank_id}/{question_id} is malformed")
    if not damaged:
        return data, None
    more = f" and {len(damaged) - 1} more" if len(damaged) > 1 else ""
    return readable, damaged[0] + more


def _count(data: dict | None) -> int:
    return sum(len(answers) for answers in data["banks"].values()) if data else 0


def _parse(file: Path) -> tuple[dict | None, str | None]:
    """``(data, None)`` for a good or missing file; ``(readable part or None, why)`` for a damaged one.

    May raise OSError.
    """
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return _empty(), None
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    if not text.strip():
        return None, "the file is empty"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at line {exc.lineno})"
    return _problem(data)


def load(file: Path | str | None = None) -> tuple[dict, str]:
    """Read the progress file without changing it: ``(data, notice)``.

    A missing file gives empty data and no notice; a damaged one gives the
    answers that can still be read (often none) and a notice (it is set aside
    at the next :func:`record`).
    Raises :class:`ProgressError` only if the file exists but cannot be read.
    """
    file = Path(file) if file is not None else path()
    try:
        data, why = _parse(file)
    except OSError as exc:
        raise ProgressError(f"Cannot read your progress file {file}: {exc.strerror or exc}.") from exc
    if why is None:
        return data, ""
    kept = _count(data)
    if kept:
        return data, (f"Your progress file {file} can be read only in part ({why}); the {kept} readable "
                      f"answer{'s are' if kept != 1 else ' is'} shown. When you next answer, the file will be kept as a "
                      f"{file.name}.corrupt-N copy and they will be carried over into a new one.")
    return _empty(), (f"Your progress file {file} cannot be read ({why}); it will be kept as a "
                      f"{file.name}.corrupt-N copy and a new one started when you next answer.")


@contextlib.contextmanager
def _locked(file: Path):
    """Hold an exclusive lock on ``<file>.lock`` (never deleted: deleting lock files races)."""
    fd = os.open(file.with_name(file.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _set_aside(file: Path, why: str, carried: int = 0) -> str:
    n = 1
    while file.with_name(f"{file.name}.corrupt-{n}").exists():
        n += 1
    aside = file.with_name(f"{file.name}.corrupt-{n}")
    os.rename(file, aside)  # under the lock, and `aside` does not exist: nothing is overwritten
    if carried:
        return (f"Your progress file could be read only in part ({why}); it was kept as {aside}, and its "
                f"{carried} readable answer{'s were' if carried != 1 else ' was'} carried over into a new one.")
    return f"Your progress file could not be read ({why}); it was kept as {aside} and a new one was started."


def _atomic_write(file: Path, data: dict) -> None:
    import tempfile  # lazy: keeps `import wanted.quiz` fast

    fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1, sort_keys=True)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable; not possible everywhere
        dir_fd = os.open(file.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def response_text(response: object) -> str:
    """A response as JSON-safe text of at most :data:`MAX_RESPONSE` characters."""
    if isinstance(response, str):
        text = response
    else:
        try:
            text = json.dumps(response, ensure_ascii=False, default=lambda o: f"<{type(o).__name__}>")
        except (ValueError, TypeError, RecursionError):
            text = f"<{type(response).__name__}>"
    return text[:MAX_RESPONSE]


def record(bank_id: str, question_id: str, correct: bool, response: object = "",
           file: Path | str | None = None) -> str:
    """Record one checked answer; return a notice ("" normally, one line if the file was set aside).

    Increments the question's ``attempts`` and stores the latest verdict and
    response. Raises :class:`ProgressError` (never ``OSError``) if the file
    cannot be written; the answers recorded before are then left untouched.
    """
    file = Path(file) if file is not None else path()
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with _locked(file):
            data, why = _parse(file)
            notice = ""
            if why is not None:
                notice = _set_aside(file, why, _count(data))
                data = data or _empty()
            answers = data["banks"].setdefault(str(bank_id), {})
            entry = answers.get(str(question_id)) or {"attempts": 0}
            answers[str(question_id)] = {
                "correct": bool(correct),
                "attempts": entry["attempts"] + 1,
                "last_response": response_text(response),
            }
            _atomic_write(file, data)
    except OSError as exc:
        raise ProgressError(
            f"Your answer was checked but could not be saved to {file} ({exc.strerror or exc}). "
            f"Check that the folder is writable, or set {ENV_VAR} to a file you can write."
        ) from exc
    return notice


# --------------------------------------------------------------------------- the report


class ProgressReport:
    """What :func:`progress` returns: a table of answered/correct per bank (text and HTML)."""

    def __init__(self, rows: list[tuple[str, str, int | None, int, int]], notice: str = "", where: str = ""):
        self.rows = rows  # (bank_id, title, questions in bank or None, answered, correct)
        self.notice = notice
        self.where = where

    def _lines(self) -> list[str]:
        if not self.rows:
            return [line for line in (self.notice, EMPTY_MESSAGE) if line]
        header = ("Lesson quiz", "Answered", "Correct")
        body = []
        for bank_id, title, total, answered, correct in self.rows:
            name = f"{bank_id} ({title})" if title else bank_id
            body.append((name, f"{answered} of {total}" if total else str(answered), str(correct)))
        widths = [max(len(r[i]) for r in [header, *body]) for i in range(3)]
        fmt = lambda r: f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}".rstrip()  # noqa: E731
        lines = [fmt(header), fmt(tuple("-" * w for w in widths)), *map(fmt, body)]
        if self.where:
            lines.append(f"Saved in {self.where}.")
        return [self.notice, *lines] if self.notice else lines

    def __repr__(self) -> str:
        return "\n".join(self._lines())

    def _repr_html_(self) -> str:
        from wanted.checking import escape as esc
        notice = f'<p role="status">{esc(self.notice)}</p>' if self.notice else ""
        if not self.rows:
            return f'<div class="wanted-progress">{notice}<p>{esc(EMPTY_MESSAGE)}</p></div>'
        rows = "".join(
            f"<tr><td>{esc(b)}</td><td>{esc(t)}</td><td>{a}{f' of {n}' if n else ''}</td><td>{c}</td></tr>"
            for b, t, n, a, c in self.rows
        )
        where = f"<p>Saved in <code>{esc(self.where)}</code>.</p>" if self.where else ""
        return (f'<div class="wanted-progress">{notice}<table><caption>Your quiz progress</caption>'
                '<thead><tr><th scope="col">Lesson quiz</th><th scope="col">Title</th>'
                '<th scope="col">Answered</th><th scope="col">Correct</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>{where}</div>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": repr(self), "text/html": self._repr_html_()}


def _bank_info(bank_id: str) -> tuple[str, int | None]:
    """(title, number of questions) of a bank, or ("", None) if it cannot be read: a report never fails."""
    from wanted import paths

    try:
        bank = json.loads((paths.QUIZZES / f"{bank_id}.json").read_text(encoding="utf-8"))
        return str(bank.get("title", "")), len(bank.get("questions", []))
    except (OSError, ValueError, AttributeError, TypeError):
        return "", None


def progress(file: Path | str | None = None) -> ProgressReport:
    """Your quiz results per lesson: answered and correct per bank. Never raises.

    With no progress file (e.g. in CI) it shows "No answers recorded yet…".
    """
    file = Path(file) if file is not None else path()
    try:
        data, notice = load(file)
    except ProgressError as exc:
        return ProgressReport([], str(exc))
    rows = []
    for bank_id in sorted(data["banks"]):
        answers = data["banks"][bank_id]
        if not answers:
            continue
        title, total = _bank_info(bank_id)
        correct = sum(1 for entry in answers.values() if entry["correct"])
        rows.append((bank_id, title, total, len(answers), correct))
    return ProgressReport(rows, notice, str(file) if rows else "")
