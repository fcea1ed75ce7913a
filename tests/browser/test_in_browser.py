"""The module as a student sees it: JupyterLab in headless Chromium.

For every lesson: open it, run all cells, wait for the kernel to be idle,
check that no error is shown, and answer one quiz question right and one wrong;
in the energy lesson, also pick another option in its explorer and see the
output change (while the lesson is open, rather than running it twice). For one
exercise: fill an answer, run its check, read the message. Timings go to
``$WANTED_SCREENSHOTS/timings.json`` for ``make bench``.
"""

import json
import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from .conftest import ROOT, SCREENSHOTS

pytestmark = pytest.mark.browser
LESSONS = sorted(p.name for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
QUIZ_CALL = re.compile(r"""quiz\(\s*["']([\w-]+)["']\s*\)""")
TIMINGS = {}

KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
}"""
ALL_EXECUTED = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session.kernel;
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  return k.status === 'idle' && cells.every(c => c.model.executionCount !== null);
}"""


def open_notebook(page, base, rel):
    """Close whatever is open (shutting its kernel down), open ``rel`` and wait for an idle kernel."""
    # page.evaluate has no timeout of its own: every promise awaited in it is bounded here.
    page.evaluate("""async () => {
        const app = window.jupyterapp;
        const bounded = (p) => Promise.race([p, new Promise(r => setTimeout(r, 20000))]);
        for (const w of Array.from(app.shell.widgets('main'))) {
            if (w.sessionContext) { await bounded(w.sessionContext.shutdown()); }
            if (w.context) { w.context.model.dirty = false; }
            w.dispose();
        }
        return true;
    }""")
    # The command resolves to the widget itself, which cannot cross to Python: return a plain value.
    # On a loaded machine an open request can be lost (seen once, on the first lesson): ask again, up to 3 times.
    for attempt in range(3):
        page.evaluate("(path) => { window.jupyterapp.commands.execute('docmanager:open', "
                      "{path, factory: 'Notebook'}); return true; }", rel)
        try:
            page.wait_for_function("(path) => { const w = window.jupyterapp.shell.currentWidget; "
                                   "return w && w.context && w.context.path === path "
                                   "&& w.content.widgets.length > 0; }", arg=rel, timeout=40_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    page.wait_for_function(KERNEL_IDLE, timeout=120_000)


def forked_kernels(folder: Path) -> list[int]:
    """Pids of kernels forked by a zygote (``wanted/_zygote.py``) and working in ``folder``."""
    def read(pid, name):
        try:
            return (Path("/proc") / str(pid) / name).read_bytes()
        except OSError:
            return b""

    pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]
    zygotes = {pid for pid in pids if b"wanted._zygote" in read(pid, "cmdline")}
    kernels = []
    for pid in zygotes:
        stat = read(pid, "stat").decode()
        ppid = int(stat.rsplit(")", 1)[1].split()[1]) if stat else -1
        try:
            cwd = Path(os.readlink(f"/proc/{pid}/cwd"))
        except OSError:
            continue
        if ppid in zygotes and cwd == folder:
            kernels.append(pid)
    return kernels


def run_all(page):
    """Clear outputs, run every cell, wait until each has run and the kernel is idle; return seconds."""
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs'); return true; }")
    page.wait_for_function("""() => window.jupyterapp.shell.currentWidget.content.widgets
        .filter(c => c.model.type === 'code').every(c => c.model.executionCount === null)""")
    start = time.perf_counter()
    # Not awaited: the command's promise settles only when every cell has run; the wait below is bounded.
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); return true; }")
    # Every 200 ms: each poll is a round trip through Playwright's driver, whose CPU the kernel and Chromium need.
    page.wait_for_function(ALL_EXECUTED, timeout=120_000, polling=200)
    return time.perf_counter() - start


def assert_no_errors(page, name):
    page.wait_for_timeout(300)  # let the last outputs render
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    texts = [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t]
    assert not texts, f"{name}: error output shown: {texts[0][:300]}"
    assert page.locator("text=Error displaying widget").count() == 0, f"{name}: a widget failed to display"


def question_box(page, number, question):
    prompt = f"{number}. {question['question']}"[:60]
    return page.locator(".widget-vbox").filter(has=page.locator(".widget-html", has_text=prompt)).last


def answer(page, box, question, right):
    """Answer a multiple_choice or numeric question right or wrong; return the feedback text and latency."""
    if question["type"] == "multiple_choice":
        options = [a for a in question["answers"] if a["correct"] == right]
        box.get_by_label(options[0]["answer"], exact=True).check()
    else:
        value = question["answer"].get("value", (question["answer"].get("range") or [0])[0])
        box.locator("input[type=text]").fill(str(value) if right else "-987654")
    expected = "Correct" if right else "Not quite"
    box.get_by_role("button", name="Check").scroll_into_view_if_needed()
    # Timed inside the page, from the click to the feedback text in the DOM: Playwright's own round trips
    # would otherwise be most of what is measured. The promise is bounded (page.evaluate has no timeout).
    elapsed_ms = box.evaluate("""(box, expected) => new Promise((resolve) => {
        const button = Array.from(box.querySelectorAll('button')).find(b => b.textContent.includes('Check'));
        const done = () => { const s = box.querySelector('[role=alert]'); return s && s.textContent.includes(expected); };
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
            if (done()) { observer.disconnect(); resolve(performance.now() - t0); }
        });
        observer.observe(box, {subtree: true, childList: true, characterData: true});
        setTimeout(() => { observer.disconnect(); resolve(-1); }, 30000);
        button.click();
    })""", expected)
    assert elapsed_ms >= 0, f"no '{expected}' feedback within 30 s of clicking Check"
    feedback = box.locator("[role=alert]")
    return feedback.inner_text(), elapsed_ms / 1000


def answer_with_keyboard(page, box, question):
    """Choose a wrong option and press Check with the keyboard only: Space on the option, Tab to Check, Enter.

    ipywidgets gives each radio button its own tab stop (no shared name, so no arrow keys within the group):
    from any option, Check is at most one Tab per remaining option away.
    """
    wrong = next(a for a in question["answers"] if not a["correct"])
    box.get_by_label(wrong["answer"], exact=True).focus()
    page.keyboard.press("Space")
    focused = ""
    for _ in range(len(question["answers"])):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement ? document.activeElement.textContent : ''")
        if "Check" in focused:
            break
    assert "Check" in focused, "Tab never reached the Check button from the options"
    page.keyboard.press("Enter")
    feedback = box.locator("[role=alert]")
    expect(feedback).to_contain_text("Not quite", timeout=10_000)
    return feedback.inner_text()


def explorer_changes_output(page):
    """Pick another option in the first dropdown shown in an output; True when that output area changes."""
    select = page.locator(".jp-OutputArea .widget-dropdown select").first
    if not select.count():
        return False
    area = page.locator(".jp-OutputArea").filter(has=page.locator(".widget-dropdown select")).first
    # Into view first: an offscreen cell is not laid out (JupyterLab's contentVisibility), and the text of
    # what is not laid out reads as empty. The options' text comes from the DOM, which has it either way.
    select.scroll_into_view_if_needed()
    before = area.inner_html()
    options = select.evaluate("s => Array.from(s.options, o => o.text)")
    current = select.evaluate("s => s.options[s.selectedIndex] ? s.options[s.selectedIndex].text : ''")
    other = next(o for o in options if o != current)
    select.select_option(label=other)
    page.wait_for_function("([el, before]) => el.innerHTML !== before", arg=[area.element_handle(), before],
                           timeout=30_000)
    return area.inner_html() != before


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_runs_and_quiz_answers(page, lab, lesson):
    base, work = lab
    open_notebook(page, base, f"lessons/{lesson}")
    if lesson.startswith("00_"):
        # JupyterLab's kernels are forked from the zygote, like nbval's (lab_kernels.py), not silently normal ones.
        assert forked_kernels((work / "lessons").resolve()), "the lesson's kernel was not forked from the zygote"
    seconds = run_all(page)
    assert_no_errors(page, lesson)
    nb = json.loads((ROOT / "lessons" / lesson).read_text(encoding="utf-8"))
    source = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    banks = QUIZ_CALL.findall(source)
    assert banks, f"{lesson}: no quiz cell"
    latencies = []
    for bank_id in banks:
        bank = json.loads((ROOT / "data" / "quizzes" / f"{bank_id}.json").read_text(encoding="utf-8"))
        usable = [(n, q) for n, q in enumerate(bank["questions"], 1) if q["type"] in ("multiple_choice", "numeric")]
        assert len(usable) >= 2, f"{bank_id}: needs two multiple-choice or numeric questions for the browser test"
        (n1, q1), (n2, q2) = usable[0], usable[1]
        text, t1 = answer(page, question_box(page, n1, q1), q1, right=True)
        assert "Correct" in text and "Source:" in text
        text, t2 = answer(page, question_box(page, n2, q2), q2, right=False)
        assert "Not quite" in text and "Try again" in text
        latencies += [t1, t2]
        # The score line is a separate widget update sent after the feedback: wait for it, bounded.
        score = page.locator(".widget-html", has_text="Score:").last
        expect(score).to_contain_text("2 of", timeout=10_000)
        expect(score).to_contain_text("1 correct", timeout=10_000)
    if lesson.startswith("00_"):
        # Keyboard only, on the question just answered right: the feedback must turn to "Not quite".
        assert q1["type"] == "multiple_choice", "the warm-up's first question is the keyboard test's"
        text = answer_with_keyboard(page, question_box(page, n1, q1), q1)
        assert "Try again" in text
    if lesson.startswith("05_"):
        assert explorer_changes_output(page), f"{lesson}: the explorer's dropdown did not change its output"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{Path(lesson).stem}.png"))
    TIMINGS[lesson] = {"run_all_to_idle_s": round(seconds, 2), "check_to_feedback_ms": round(1000 * min(latencies), 1)}
    (SCREENSHOTS / "timings.json").write_text(json.dumps(TIMINGS, indent=1))


def test_exercise_self_check_message(page, lab):
    base, work = lab
    name = sorted(p.name for p in (ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))[0]
    open_notebook(page, base, f"exercises/{name}")
    run_all(page)
    index = page.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets
        .findIndex(c => c.model.type === 'code' && /\\.\\.\\.\\s+#/.test(c.model.sharedModel.getSource())
                        && /check\\(/.test(c.model.sharedModel.getSource()))""")
    assert index >= 0, f"{name}: no answer cell with a placeholder and a check"
    source = page.evaluate(f"() => window.jupyterapp.shell.currentWidget.content.widgets[{index}].model.sharedModel.getSource()")
    wrong = re.sub(r"=\s*\.\.\.", "= 'my answer'", source, count=1)
    page.evaluate("""([i, src]) => {
        const nb = window.jupyterapp.shell.currentWidget.content;
        nb.widgets[i].model.sharedModel.setSource(src);
        nb.activeCellIndex = i;
    }""", [index, wrong])
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-cell'); return true; }")
    out = page.locator(".jp-Cell").nth(index).locator(".jp-OutputArea")
    out.filter(has_text="Not yet").wait_for()
    text = out.inner_text()
    assert "Expected" in text and "got a string" in text, text
