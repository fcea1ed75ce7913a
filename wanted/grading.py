"""Grade a folder of submitted exercise notebooks into ``grades.csv`` and feedback files.

``make grade SUBMISSIONS=folder`` / ``python -m wanted grade folder``.

Layout of the folder: one sub-folder per student holding their notebooks
(``folder/alice/03_enforcement.ipynb``), or notebooks named
``<student>_<NN_name>.ipynb`` directly in it.

Why it is hard to cheat:

* Each notebook runs in a fresh kernel process (forked from a zygote that has
  already imported IPython, pandas and matplotlib — ``wanted/_zygote.py`` —
  which more than halves the time per notebook), in a temporary copy (the submitted
  file is hashed before and after, and never opened for writing), with a time
  limit per cell and per notebook, a cap on output, no network and no access
  to ``solutions/`` (a Python audit hook, installed before the student's first
  cell, refuses them — audit hooks cannot be removed once installed).
* After every code cell the kernel exports the answer variables as **plain
  data** (numbers, strings, lists, DataFrame cells). Points are decided here,
  in the grading process, by comparing those values with the answer key from
  ``solutions/``. Redefining ``check``, monkeypatching the package or an object
  whose ``__eq__`` always returns True changes nothing: ``check`` is not used,
  and an object that is not plain data is refused.
* Every failure (timeout, crash, ``sys.exit``, a malformed or empty file) is
  a flag on that submission; grading goes on with the next one.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import multiprocessing
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import GradingError
from .exercises import judge, key_summary, stored_key, task_specs

MISSING = {"missing": True}  # how to_plain exports a name that is not defined
OUTPUT_CAP = 2_000_000  # bytes of output kept per notebook; the rest is dropped and flagged

PREAMBLE = r'''
def __wanted_setup(export_path, sandbox, forbidden):
    import sys, os, json
    # Import the heavy libraries before the audit hook: their first import may build caches.
    import pandas, matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot
    import wanted.exercises as _ex
    to_plain, dumps, replace, fsync = _ex.to_plain, json.dumps, os.replace, os.fsync
    sandbox = os.path.realpath(sandbox)
    forbidden = [os.path.realpath(f) for f in forbidden]
    blocked_events = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                      "os.forkpty", "socket.connect", "socket.bind", "socket.getaddrinfo", "ctypes.dlopen",
                      "ctypes.dlsym", "sys.setprofile", "sys.settrace"}
    writing = {"os.remove", "os.rmdir", "os.rename", "os.truncate", "shutil.rmtree", "os.chmod", "os.chown",
               "shutil.move", "os.link", "os.symlink", "os.mkdir"}

    def inside(path):
        try:
            real = os.path.realpath(os.fsdecode(path))
        except Exception:
            return False
        return real == sandbox or real.startswith(sandbox + os.sep)

    def hook(event, args):
        if event in blocked_events:
            raise PermissionError(f"grading sandbox: {event} is not allowed")
        if event == "open":
            path, mode = args[0], args[1] or "r"
            if isinstance(path, int):
                return
            real = os.path.realpath(os.fsdecode(path))
            if any(real == f or real.startswith(f + os.sep) for f in forbidden):
                raise PermissionError("grading sandbox: reading the solutions is not allowed")
            if any(c in str(mode) for c in "wax+") and not inside(path):
                raise PermissionError("grading sandbox: writing outside the sandbox is not allowed")
        elif event in writing:
            if not all(inside(a) for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))):
                raise PermissionError(f"grading sandbox: {event} outside the sandbox is not allowed")

    def export(ns, names):
        answers = {}
        for name in names:
            try:
                answers[name] = to_plain(ns.get(name))
            except Exception as exc:
                answers[name] = {"unsupported": type(exc).__name__}
        tmp = export_path + ".tmp"
        with open(tmp, "w") as fh:
            fh.write(dumps(answers))
            fh.flush()
            fsync(fh.fileno())
        replace(tmp, export_path)

    sys.addaudithook(hook)
    return export

__wanted_export = __wanted_setup({export!r}, {sandbox!r}, {forbidden!r})
del __wanted_setup
'''


@dataclass
class Result:
    """The grade of one submitted notebook."""

    student: str
    exercise: str
    path: str
    points: dict = field(default_factory=dict)
    max_points: dict = field(default_factory=dict)
    messages: dict = field(default_factory=dict)
    written: dict = field(default_factory=dict)
    flags: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def total(self) -> float:
        return round(sum(self.points.values()), 2)

    @property
    def maximum(self) -> float:
        return round(sum(self.max_points.values()), 2)


def answer_keys(root: Path | None = None) -> dict:
    """{exercise name: (specs, plain key)} from the stored outputs of ``solutions/``."""
    import nbformat

    root = root or paths.ROOT
    keys = {}
    for path in sorted((root / "solutions").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        specs = task_specs(nb)
        keys[path.stem] = (specs, stored_key(nb) if any(s["kind"] != "written" for s in specs) else {})
    return keys


def find_submissions(folder: Path, exercises) -> list[tuple[str, str, Path]]:
    """(student, exercise, path) for every notebook in ``folder`` whose name names an exercise."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GradingError(f"{folder} is not a folder: give the folder of submissions, e.g. make grade SUBMISSIONS=submitted")
    found = []
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        rel = path.relative_to(folder)
        exercise = next((e for e in exercises if e in path.stem), None)
        if exercise is None:
            found.append((rel.parts[0] if len(rel.parts) > 1 else path.stem, "?", path))
            continue
        student = rel.parts[0] if len(rel.parts) > 1 else path.stem.replace(exercise, "").strip("_-. ") or "unknown"
        found.append((student, exercise, path))
    if not found:
        raise GradingError(f"no .ipynb files in {folder}: put one folder per student, e.g. {folder}/alice/03_enforcement.ipynb")
    return found


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _kernel_env(sandbox: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update({"HOME": str(sandbox), "IPYTHONDIR": str(sandbox / ".ipython"), "WANTED_PROGRESS": str(sandbox / "progress.json"),
                "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1", "WANTED_GRADING": "1"})
    # Share the grader's matplotlib cache: building the font cache per kernel costs seconds.
    import matplotlib

    env.setdefault("MPLCONFIGDIR", matplotlib.get_configdir())
    return env


def _run(nb, sandbox: Path, export_path: Path, names: list[str], cell_timeout: int, total_timeout: int, flags: list,
         root: Path):
    """Execute the student's code cells with an export after each one; fill ``flags``, return the answers."""
    import asyncio

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    from .kernels import ForkedKernelManager

    class CappedClient(NotebookClient):
        kept = 0

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            size = len(json.dumps(content.get("data", content.get("text", "")), default=str))
            CappedClient.kept += size
            if CappedClient.kept > OUTPUT_CAP and msg.get("msg_type") != "error":  # errors are how we see timeouts
                if "output over the cap (dropped)" not in flags:
                    flags.append("output over the cap (dropped)")
                return None
            return super().output(outs, msg, display_id, cell_index)

    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    forbidden = [str(root / "solutions"), str(root / "instructor")]
    preamble = PREAMBLE.replace("{export!r}", repr(str(export_path))).replace(
        "{sandbox!r}", repr(str(sandbox))).replace("{forbidden!r}", repr(forbidden))
    export = f"__wanted_export(globals(), {names!r})"
    run_nb = nbformat.v4.new_notebook()
    run_nb.cells = [nbformat.v4.new_code_cell(preamble)]
    for cell in code:
        run_nb.cells += [nbformat.v4.new_code_cell(cell.source), nbformat.v4.new_code_cell(export)]
    run_nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}

    def exported() -> dict:
        try:
            return json.loads(export_path.read_text()) if export_path.exists() else {}
        except (OSError, ValueError):
            return {}

    async def within(coro, seconds: float) -> bool:
        """Await ``coro`` for at most ``seconds``; False if it had to be cancelled.

        Not ``asyncio.wait_for``: nbclient turns the cancellation into DeadKernelError, which would hide
        the timeout.
        """
        task = asyncio.ensure_future(coro)
        done, _ = await asyncio.wait({task}, timeout=seconds)
        if task in done:
            task.result()  # its exception, if any, is the caller's to handle
            return True
        task.cancel()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await task
        return False

    async def session(first: int, deadline: float) -> int | None:
        """Run the preamble, then cells ``first``… in a new kernel; return where to resume, or None when done.

        nbclient's own timeout interrupts the kernel and waits for the reply again; a cell that swallows
        KeyboardInterrupt (or an interrupt lost while output is flushed) makes it wait for ever. ``within`` is
        the bound that cannot hang: the kernel is then abandoned and a new one takes over.
        """
        cells = [run_nb.cells[0], *run_nb.cells[first:]]
        sess_nb = nbformat.v4.new_notebook(cells=cells, metadata=run_nb.metadata)
        km = ForkedKernelManager(kernel_name="python3")
        client = CappedClient(sess_nb, km=km, timeout=cell_timeout, allow_errors=True, interrupt_on_timeout=True,
                              record_timing=False, store_widget_state=False, kernel_name="python3",
                              resources={"metadata": {"path": str(sandbox)}})
        outer_tasks = asyncio.all_tasks()
        await km.start_kernel(cwd=str(sandbox), env=_kernel_env(sandbox))
        try:
            async with client.async_setup_kernel(cleanup_kc=True):
                for index, cell in enumerate(cells):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        flags.append(f"time limit of {total_timeout} s reached")
                        return None
                    # The preamble imports pandas and matplotlib: not the student's time.
                    limit = max(cell_timeout, 120) if index == 0 else cell_timeout
                    client.timeout = max(1, int(min(limit, left)))
                    try:
                        finished = await within(client.async_execute_cell(cell, index), client.timeout * 2 + 5)
                    except CellTimeoutError:
                        flags.append(f"a cell ran over {client.timeout} s (stopped)")
                        finished = True
                    if not finished:
                        if index == 0:
                            flags.append("grading preamble did not finish")
                            return None
                        flags.append(f"a cell ran over {client.timeout} s and did not stop: a new kernel ran "
                                     "the cells after it (answers exported before it were kept)")
                        return first + index  # the export cell after the stuck one comes next
                    if index == 0 and any(o.get("output_type") == "error" for o in cell.outputs):
                        flags.append("grading preamble failed")
                        return None
                    for out in cell.outputs:
                        # interrupt_on_timeout: nbclient stops the cell and records a KeyboardInterrupt.
                        if out.get("output_type") == "error" and out.get("ename") == "KeyboardInterrupt":
                            flag = f"a cell ran over {client.timeout} s (stopped)"
                            if flag not in flags:
                                flags.append(flag)
                        if out.get("output_type") == "error" and out.get("ename") == "PermissionError":
                            tag = "sandbox refused: " + out.get("evalue", "")[:80]
                            if tag not in flags:
                                flags.append(tag)
            return None
        finally:
            for task in asyncio.all_tasks() - outer_tasks:  # nbclient's pollers of an abandoned cell
                task.cancel()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(km.shutdown_kernel(now=True), 30)

    async def go():
        deadline = time.monotonic() + total_timeout + 120  # + the preamble's allowance
        first, restarts = 1, 0
        while first is not None:
            if restarts:
                carried.update({k: v for k, v in exported().items() if v != MISSING})
            if restarts > 3:
                flags.append("stopped after 3 kernel restarts")
                return
            try:
                first = await session(first, deadline)
            except RuntimeError as exc:
                # "Kernel didn't respond in 60 seconds": a kernel that never came up is the machine's fault,
                # not the student's. Start another (this counts as a restart).
                if "didn't respond" not in str(exc):
                    raise
                flags.append("a kernel did not start in time and was replaced")
            restarts += 1

    async def bounded():
        # The whole notebook, restarts included, has one hard limit too.
        try:
            await asyncio.wait_for(go(), total_timeout + 300)
        except asyncio.TimeoutError:
            flags.append(f"grading this notebook took over {total_timeout + 300} s and was stopped")

    carried: dict = {}
    if os.environ.get("WANTED_GRADING_DEBUG"):
        _run.last = run_nb  # for debugging a grading run: the executed cells and their outputs
    try:
        asyncio.run(bounded())
    except DeadKernelError:
        if os.environ.get("WANTED_GRADING_DEBUG"):
            import traceback
            traceback.print_exc()
        flags.append("the kernel died (e.g. os._exit or a crash); answers up to then were kept")
    except Exception as exc:  # noqa: BLE001 — one broken submission must not stop the run
        flags.append(f"execution failed: {type(exc).__name__}: {str(exc)[:120]}")
    answers = exported()
    # After a restart, a name the new kernel never saw keeps the value exported before it.
    return {**carried, **{k: v for k, v in answers.items() if v != MISSING or k not in carried}}


def grade_one(student: str, exercise: str, path: str, keys: dict, cell_timeout: int = 20, total_timeout: int = 60,
              root: str | None = None) -> Result:
    """Grade one notebook. Never raises: problems become flags."""
    import nbformat

    start = time.monotonic()
    path = Path(path)
    result = Result(student, exercise, str(path))
    if exercise not in keys:
        result.flags.append(f"file name does not name an exercise ({', '.join(keys)})")
        return result
    specs, key = keys[exercise]
    for spec in specs:
        result.max_points[spec["task"]] = spec.get("points", 1)
        result.points[spec["task"]] = 0
    before = _sha256(path)
    try:
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            raise ValueError("the file is empty")
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 — any unreadable file is a flag, not a crash
        result.flags.append(f"not a readable notebook ({type(exc).__name__}: {str(exc)[:80]})")
        result.seconds = round(time.monotonic() - start, 2)
        return result

    for cell in nb.cells:  # written answers are read from the file, not from the kernel
        meta = cell.metadata.get("wanted", {})
        if cell.cell_type == "markdown" and meta.get("kind") == "written":
            answer = cell.source.replace("*Write your answer here, replacing this line.*", "").strip()
            result.written[meta["task"]] = answer
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for pattern, flag in [(r"solutions", "mentions solutions/"), (r"addaudithook|sys\.modules|builtins", "tampers with the interpreter"),
                          (r"\bdef\s+check\b|\bcheck\s*=", "redefines check()")]:
        if re.search(pattern, source):
            result.flags.append(flag)

    sandbox = Path(tempfile.mkdtemp(prefix="wanted-grade-"))
    try:
        shutil.copy2(path, sandbox / "submission.ipynb")
        export_path = sandbox / f".answers-{secrets.token_hex(8)}.json"
        names = [s["variable"] for s in specs if s["kind"] != "written"]
        answers = _run(nb, sandbox, export_path, names, cell_timeout, total_timeout, result.flags,
                       Path(root or paths.ROOT))
        if not answers and names:
            result.flags.append("no answers were exported")
        for spec in specs:
            task = spec["task"]
            if spec["kind"] == "written":
                result.points[task] = 0
                result.messages[task] = "written answer: to be graded by the instructor with the rubric"
                if result.written.get(task):
                    result.flags.append(f"{task}: written answer to grade")
                continue
            plain = answers.get(spec["variable"], {"missing": True})
            verdict = judge(spec, plain, key_summary(spec, key[task]))
            result.points[task] = round(spec.get("points", 1) * (1.0 if verdict.ok else verdict.fraction), 2)
            result.messages[task] = verdict.message
    finally:
        shutil.rmtree(sandbox, ignore_errors=True)
    if _sha256(path) != before:
        result.flags.append("the submitted file changed during grading")
    result.seconds = round(time.monotonic() - start, 2)
    return result


def _safe(name: str) -> str:
    """A file-name-safe version of a student or exercise name (no path tricks)."""
    return re.sub(r"[^\w.-]", "_", name).lstrip(".") or "_"


def write_gradebook(results: list[Result], out: Path) -> Path:
    """``grades.csv`` (one row per student × exercise) and ``feedback/<student>/<exercise>.md``."""
    out.mkdir(parents=True, exist_ok=True)
    tasks = sorted({t for r in results for t in r.max_points})
    written = sorted({t for r in results for t in r.written})
    gradebook = out / "grades.csv"
    tmp = gradebook.with_suffix(".csv.tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["student", "exercise", *tasks, "total", "max", "flags", *[f"{t} (text)" for t in written]])
        for r in sorted(results, key=lambda r: (r.student, r.exercise)):
            w.writerow([r.student, r.exercise, *[r.points.get(t, "") for t in tasks], r.total, r.maximum,
                        "; ".join(r.flags), *[r.written.get(t, "") for t in written]])
    os.replace(tmp, gradebook)
    for r in results:
        folder = out / "feedback" / _safe(r.student)
        folder.mkdir(parents=True, exist_ok=True)
        lines = [f"# Feedback: {r.exercise} — {r.student}", "", f"**Total: {r.total} of {r.maximum} points** "
                 "(written answers are graded separately by your instructor).", ""]
        for task in r.max_points:
            lines.append(f"- **{task}** ({r.points.get(task, 0)} of {r.max_points[task]}): {r.messages.get(task, 'not graded')}")
        if r.flags:
            lines += ["", "Notes from the grader:", *[f"- {f}" for f in r.flags]]
        (folder / f"{_safe(r.exercise)}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return gradebook


def grade(folder, out=None, workers: int = 2, cell_timeout: int = 20, total_timeout: int = 60, progress=print,
          root=None) -> list[Result]:
    """Grade every submission in ``folder`` with a process pool; write the gradebook to ``out``."""
    root = Path(root or paths.ROOT)
    keys = answer_keys(root)
    subs = find_submissions(Path(folder), list(keys))
    out = Path(out) if out else Path(folder).resolve().parent / "graded"
    results = []
    # "spawn", not fork: the caller may be a threaded process (a pytest worker, a Jupyter kernel), and a
    # forked child inherits its locks and ZeroMQ state half-held.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(grade_one, s, e, str(p), keys, cell_timeout, total_timeout, str(root)): (s, e, p) for s, e, p in subs}
        for n, fut in enumerate(as_completed(futures), 1):
            s, e, p = futures[fut]
            try:
                r = fut.result()
            except Exception as exc:  # noqa: BLE001 — a crashed worker is one flagged row
                r = Result(s, e, str(p), flags=[f"grader error: {type(exc).__name__}: {exc}"])
            results.append(r)
            progress(f"[{n}/{len(subs)}] {s} {e}: {r.total}/{r.maximum}" + (f"  ({'; '.join(r.flags)})" if r.flags else ""))
    book = write_gradebook(results, out)
    progress(f"wrote {book} and {out / 'feedback'}/")
    return results


def register_cli(sub):
    def run(args):
        try:
            grade(args.folder, args.out, args.workers, args.cell_timeout, args.timeout)
        except GradingError as exc:
            print(f"grade: {exc}", file=sys.stderr)
            return 2
        return 0

    p = sub.add_parser("grade", help="grade a folder of submitted exercise notebooks")
    p.add_argument("folder")
    p.add_argument("--out", default=None, help="where grades.csv and feedback/ go (default: <folder>/../graded)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--cell-timeout", type=int, default=20)
    p.add_argument("--timeout", type=int, default=60, help="time limit per notebook, seconds")
    p.set_defaults(func=run)
