"""Conventions every stored notebook must meet (lessons, solutions, exercises).

nbval re-executes the notebooks and compares outputs; these tests check what
nbval cannot: that the stored file is clean, accessible and reproducible.
"""

import json
import re

import nbformat
import pytest

from conftest import ROOT
from wanted.notebooks import WIDGET_VIEW, notebooks

NOTEBOOKS = notebooks(ROOT)
IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]

ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/work/|/home/|/root/|/tmp/|/usr/|/opt/|[A-Za-z]:\\\\)")
TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?")
MEMORY_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]{6,}")
FIGURE_REPR = re.compile(r"<Figure size \d+x\d+")
NETWORK_CODE = re.compile(r"https?://|\b(requests|urllib|httpx|socket|aiohttp)\b|read_(csv|json|html)\(\s*['\"]http")
REMOTE_ASSET = re.compile(r"<(script|link|img)[^>]+(src|href)=['\"]https?://", re.I)


def load(path):
    return nbformat.read(path, as_version=4)


def text_outputs(nb):
    """(cell index, text) for every textual output, for pattern checks."""
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                yield i, out.get("text", "")
            for mime, value in out.get("data", {}).items():
                if mime.startswith("text/") or mime.endswith("json"):
                    yield i, value if isinstance(value, str) else json.dumps(value)


def test_lesson_zero_exists():
    assert (ROOT / "lessons" / "00_start_here.ipynb").exists(), "lessons/00_start_here.ipynb is the module's entry point"


@pytest.fixture(params=NOTEBOOKS, ids=IDS)
def nb_path(request):
    return request.param


def test_valid_nbformat_and_kernel(nb_path):
    nb = load(nb_path)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", f"{nb_path.name}: kernel must be python3"
    assert "widgets" not in nb.metadata, f"{nb_path.name}: stale widget state stored; run make execute"


def test_first_cell_is_title_objectives_time(nb_path):
    first = load(nb_path).cells[0]
    assert first.cell_type == "markdown", f"{nb_path.name}: the first cell must be markdown"
    src = first.source
    assert src.lstrip().startswith("# "), f"{nb_path.name}: the first cell must start with a '# ' title"
    assert re.search(r"\*\*Estimated time:\*\*\s*\d+", src), f"{nb_path.name}: first cell needs '**Estimated time:** N minutes'"
    assert re.search(r"^#+\s*Objectives", src, re.M), f"{nb_path.name}: first cell needs an '## Objectives' section"


def test_executed_in_order_without_errors(nb_path):
    nb = load(nb_path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, f"{nb_path.name}: a notebook without code cells is not a lesson of this module"
    for k, cell in enumerate(code, start=1):
        assert cell.source.strip(), f"{nb_path.name}: code cell {k} is empty; delete it"
        assert cell.execution_count == k, (
            f"{nb_path.name}: code cell {k} has execution_count {cell.execution_count}; run make execute"
        )
        for out in cell.outputs:
            assert out.output_type != "error", f"{nb_path.name}: code cell {k} stores an error: {out.get('ename')}"
            if out.output_type == "stream":
                assert "Traceback" not in out.text, f"{nb_path.name}: code cell {k} printed a traceback"
        assert "execution" not in cell.metadata, f"{nb_path.name}: cell timing metadata stored; run make execute"


def test_every_image_has_alt_text(nb_path):
    nb = load(nb_path)
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            for mime in out.get("data", {}):
                if mime.startswith("image/"):
                    alt = out.get("metadata", {}).get(mime, {}).get("alt", "")
                    assert len(alt.strip()) >= 20, f"{nb_path.name} cell {i}: {mime} output without alt text"


def test_outputs_are_deterministic(nb_path):
    for i, text in text_outputs(load(nb_path)):
        for pattern, what in [(FIGURE_REPR, "a <Figure size …> line"), (MEMORY_ADDRESS, "a memory address"),
                              (TIMESTAMP, "a timestamp")]:
            assert not pattern.search(text), f"{nb_path.name} cell {i}: output contains {what}: {pattern.search(text)[0]!r}"


def test_widget_views_have_normalised_ids(nb_path):
    nb = load(nb_path)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view:
                assert "text/plain" in out["data"], f"{nb_path.name}: widget output without a text/plain fallback"


def test_no_absolute_paths(nb_path):
    nb = load(nb_path)
    for i, cell in enumerate(nb.cells):
        m = ABSOLUTE_PATH.search(cell.source)
        assert not m, f"{nb_path.name} cell {i}: absolute path {m[0]!r} in the source; use paths relative to the repo"
    for i, text in text_outputs(nb):
        m = ABSOLUTE_PATH.search(text)
        assert not m, f"{nb_path.name} cell {i}: absolute path {m[0]!r} in an output"


def test_no_network_needed(nb_path):
    nb = load(nb_path)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            m = NETWORK_CODE.search(cell.source)
            assert not m, f"{nb_path.name} cell {i}: code that may use the network ({m[0]!r}); load from data/ instead"
    for i, text in text_outputs(nb):
        m = REMOTE_ASSET.search(text)
        assert not m, f"{nb_path.name} cell {i}: output loads a remote asset ({m[0]!r})"


def test_checks_can_fail(tmp_path):
    """The conventions catch a bad notebook: an error output and an unexecuted cell."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("no title"), nbformat.v4.new_code_cell("1/0")]
    nb.cells[1].outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="", traceback=[])]
    path = tmp_path / "bad.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(AssertionError):
        test_first_cell_is_title_objectives_time(path)
    with pytest.raises(AssertionError):
        test_executed_in_order_without_errors(path)
