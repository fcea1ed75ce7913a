"""``make bench``: what a student and CI wait for. Prints one table, writes bench/results.md.

Measured in one run, on this machine:
* each notebook's execution time in a fresh kernel, and its ratio to the floor
  (executing an empty notebook: kernel start + shutdown), beside the lower bound of any lesson:
  a notebook that only imports what every lesson needs (pandas and matplotlib, through the course package);
* peak memory (max RSS) of a lesson's kernel;
* two references, so that runs on different days or machines can be compared: a fixed Python loop (CPU)
  and a bare interpreter's start (processes, page faults, files);
* the quiz module's import time and its check-function time per question type;
* grading throughput (100 submissions, solved and blank notebooks in turn; 2 workers);
* nbval alone, `-n 2 --dist loadscope` vs serial, and the whole `make test` (wall time, and the
  machine's busy CPU-seconds meanwhile);
* in the browser: "run all" → kernel idle per lesson, and Check → feedback.

``python bench/run.py --quick`` skips the slow parts (make test, serial nbval, grading 100).
Targets: lessons within 1.5× the floor; feedback within 100 ms; make test under 90 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from wanted.notebooks import execute, notebooks  # noqa: E402

PY = sys.executable


#: The first line of a lesson, and all it does: import the course package, hence pandas and matplotlib.
IMPORTS_ONLY = "from wanted import data, charts"


def time_execution(path: Path | str | None, repeats: int = 2) -> float:
    """Best of ``repeats`` wall-clock seconds to execute ``path`` in a fresh kernel.

    None: an empty notebook (the floor); a string: a notebook with that one cell.
    """
    best = float("inf")
    for _ in range(repeats):
        if path is None or isinstance(path, str):
            cell = nbformat.v4.new_code_cell("1" if path is None else path)
            nb, cwd = nbformat.v4.new_notebook(cells=[cell]), ROOT / "lessons"
        else:
            nb, cwd = nbformat.read(path, as_version=4), path.parent
        start = time.perf_counter()
        execute(nb, cwd)
        best = min(best, time.perf_counter() - start)
    return best


def kernel_peak_memory(path: Path) -> float:
    """Max RSS (MB) of the kernel after running ``path``."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"))
    execute(nb, path.parent)
    return int(nb.cells[-1].outputs[0]["text"].strip()) / 1024


def _quiz_samples(q: dict) -> list:
    """Right, wrong and bad responses for one question: the worst of them is what a student may wait for."""
    long_text = "x" * 10_000
    common = [None, "", long_text, "NaN", object()]
    kind = q["type"]
    if kind == "multiple_choice":
        return common + list(range(len(q["answers"]))) + [q["answers"][0]["answer"]]
    if kind == "many_choice":
        return common + [[], list(range(len(q["answers"]))), [a["answer"] for a in q["answers"]]]
    if kind == "numeric":
        return common + ["95", "95 %", "95,0", "1e2", "1,000", "inf", "-987654", "12 days"]
    if kind == "ordering":
        items = list(q["items"])
        return common + [items, items[::-1], [items[0]] * len(items), items[:-1]]
    rights = [p["right"] for p in q["pairs"]]
    return common + [rights, rights[::-1], [rights[0]] * len(rights), {p["left"]: rights[0] for p in q["pairs"]}]


def quiz_check_times() -> dict:
    """Per question type, the slowest check over every question in every bank and every sample response."""
    import timeit

    from wanted import checking
    from wanted.quiz import available_banks, load_bank

    per_type: dict[str, float] = {}
    for bank_id in available_banks():
        for q in load_bank(bank_id)["questions"]:
            for sample in _quiz_samples(q):
                n = 200
                t = min(timeit.repeat(lambda: checking.check(q, sample), number=n, repeat=3)) / n
                per_type[q["type"]] = max(per_type.get(q["type"], 0.0), t)
    return {k: v * 1e6 for k, v in per_type.items()}


def cpu_reference() -> float:
    """Seconds for ten million pure-Python loop steps in a fresh interpreter: how fast this machine is today.

    The same code on another machine, or on this one another day, shows how far the other rows can be compared.
    """
    code = "import time\nt = time.perf_counter()\ni = 0\nfor _ in range(10_000_000):\n    i += 1\nprint(time.perf_counter() - t)"
    return min(float(subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout)
               for _ in range(2))


def startup_reference() -> float:
    """Best of 5: seconds to start and end a bare interpreter (``python -I -c pass``).

    Process creation, page faults and file-system calls: what kernel starts and forks spend their time on. On a
    virtual machine these can slow down while the loop above does not, so the two references are reported apart.
    """
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([PY, "-I", "-c", "pass"], check=True)
        best = min(best, time.perf_counter() - start)
    return best


def quiz_import_time() -> float:
    """Best of 3: seconds for a lesson's ``from wanted.quiz import quiz`` (ipywidgets already imported)."""
    code = "import time, ipywidgets; t = time.perf_counter(); import wanted.quiz; print(time.perf_counter() - t)"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # cached bytecode, as in a lesson
    runs = [subprocess.run([PY, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
            for _ in range(4)]
    return min(float(r.stdout) for r in runs[1:])  # the first run may still be writing bytecode


def grading_throughput(n: int = 100) -> tuple[float, int, int]:
    from wanted import grading

    subs = Path(tempfile.mkdtemp(prefix="wanted-bench-subs-"))
    sources = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")) + sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))
    if not sources:
        return float("nan"), 0, 0
    import nbformat

    for i in range(n):
        src = sources[i % len(sources)]
        (subs / f"student{i:03d}").mkdir()
        # A solved notebook as a student would hand it in: without the solution-only cell that writes the
        # answer key (it re-reads the notebook with nbformat: about a second that no student's notebook costs).
        nb = nbformat.read(src, as_version=4)
        nb.cells = [c for c in nb.cells if not (c.cell_type == "code" and "export_key(" in c.source)]
        nbformat.write(nb, subs / f"student{i:03d}" / src.name)
    start = time.perf_counter()
    results = grading.grade(subs, out=subs.parent / (subs.name + "-graded"), workers=2, progress=lambda m: None)
    seconds = time.perf_counter() - start
    shutil.rmtree(subs, ignore_errors=True)
    # A fast run in which kernels failed or timed out is no result: count those notebooks.
    trouble = sum(1 for r in results if any(word in flag for flag in r.flags for word in (
        "ran over", "kernel", "time limit", "no answers", "preamble", "grader error")))
    return seconds, n, trouble


def busy_cpu_seconds() -> float | None:
    """CPU-seconds the whole machine has spent busy since boot (``/proc/stat``), or None where there is none."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq = (int(f) for f in fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def wall(cmd: list[str], env=None) -> str:
    """Wall-clock seconds of ``cmd`` and the machine's busy CPU-seconds meanwhile; marked when it failed.

    Wall time on two cores depends on how the work was scheduled; CPU-seconds show what the work itself cost.
    The time of a failing run is not comparable.
    """
    cpu0, start = busy_cpu_seconds(), time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    seconds = f"{time.perf_counter() - start:.0f} s"
    cpu1 = busy_cpu_seconds()
    if cpu0 is not None and cpu1 is not None:
        seconds += f" ({cpu1 - cpu0:.0f} CPU-s)"
    return seconds if done.returncode == 0 else f"{seconds} (FAILED, exit {done.returncode})"


def browser_timings() -> dict:
    shots = Path(tempfile.mkdtemp(prefix="wanted-bench-shots-"))
    env = dict(os.environ, WANTED_SCREENSHOTS=str(shots))
    subprocess.run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/browser"], cwd=ROOT, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    path = shots / "timings.json"
    return json.loads(path.read_text()) if path.exists() else {}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="skip make test, serial nbval and grading 100")
    args = ap.parse_args()
    rows = [("CPU reference: 10 million Python loop steps (compare runs by it)", f"{cpu_reference():.2f} s", "", ""),
            ("process reference: start and end a bare Python (best of 5)", f"{startup_reference():.2f} s", "", "")]
    floor = time_execution(None, repeats=3)
    rows.append(("kernel-start floor (empty notebook)", f"{floor:.2f} s", "1.00×", ""))
    # What no lesson can go below: it must import pandas and matplotlib before it loads a table or draws a chart.
    bound = time_execution(IMPORTS_ONLY, repeats=3)
    rows.append((f"lower bound of any lesson: a notebook of one cell, `{IMPORTS_ONLY}` (pandas, matplotlib)",
                 f"{bound:.2f} s", f"{bound / floor:.2f}×", ""))
    for path in notebooks(ROOT):
        t = time_execution(path)
        target = "≤ 1.5×" if path.parent.name == "lessons" else ""
        rows.append((f"execute {path.relative_to(ROOT)}", f"{t:.2f} s", f"{t / floor:.2f}×", target))
    lesson = ROOT / "lessons" / "05_energy.ipynb"
    if lesson.exists():
        rows.append(("peak memory of a lesson's kernel (05_energy)", f"{kernel_peak_memory(lesson):.0f} MB", "", ""))
    rows.append(("import wanted.quiz (a lesson's first line)", f"{quiz_import_time():.2f} s", "", "< 0.3 s"))
    for kind, micro in sorted(quiz_check_times().items()):
        rows.append((f"quiz check, {kind} (slowest question × response, bad input included)", f"{micro:.0f} µs",
                     "", "< 1 ms"))
    if not args.quick:
        seconds, n, trouble = grading_throughput()
        value = f"{seconds:.0f} s" + (f" ({trouble} with kernel or time-limit flags)" if trouble else "")
        rows.append((f"grade {n} submissions, 2 workers", value, f"{n / seconds:.2f} /s" if seconds else "", "< 180 s"))
        # tests/conftest.py is not collected with notebook paths alone; load it as a plugin so nbval gets the
        # same (forked, Unix-socket) kernels as under make test.
        nbval = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "conftest", "--nbval", "--nbval-current-env",
                 "--nbval-sanitize-with", "tests/sanitize.cfg", "lessons", "solutions", "exercises"]
        env = dict(os.environ, PYTHONPATH=str(ROOT / "tests"))
        rows.append(("nbval, -n 2 --dist loadscope", wall(nbval + ['-n', '2', '--dist', 'loadscope'], env), "", ""))
        rows.append(("nbval, serial", wall(nbval, env), "", ""))
        rows.append(("make test (whole suite, after install)", wall(['make', 'test']), "", "< 90 s"))
    timings = browser_timings()
    for lesson_name, t in sorted(timings.items()):
        rows.append((f"browser: run all → idle, {lesson_name}", f"{t['run_all_to_idle_s']:.1f} s", "", ""))
    if timings:
        fb = [t["check_to_feedback_ms"] for t in timings.values()]
        rows.append(("browser: Check → feedback (median of lessons)", f"{statistics.median(fb):.0f} ms", "", "< 100 ms"))

    header = "| measure | value | ratio | target |\n|---|---|---|---|\n"
    table = header + "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)
    text = (f"# Benchmark results\n\nMachine: {os.cpu_count()} cores; Python {sys.version.split()[0]}. "
            f"Produced by `make bench`{' --quick' if args.quick else ''}.\n\n{table}\n")
    print(table)
    (ROOT / "bench" / "results.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
