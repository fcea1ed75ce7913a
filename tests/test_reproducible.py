"""`make execute` is idempotent: re-executing a stored notebook reproduces it byte for byte.

nbval compares text outputs; this compares the whole file (PNG bytes, metadata,
widget ids). .ci/run does the same for every notebook (`make execute` then
`git diff --exit-code`); here one notebook keeps `make test` fast.
"""

import nbformat

from conftest import ROOT
from wanted.notebooks import execute, normalise


def test_start_here_reexecutes_byte_for_byte():
    path = ROOT / "lessons" / "00_start_here.ipynb"
    stored = path.read_text(encoding="utf-8")
    nb = nbformat.reads(stored, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    execute(nb, path.parent)
    again = nbformat.writes(normalise(nb, path.name)) + "\n"
    assert again == stored, "lessons/00_start_here.ipynb changes when re-executed: run 'make execute' and look at git diff"


def test_normalise_removes_run_dependent_metadata():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": {"model_id": "random", "version_major": 2, "version_minor": 0},
        "text/plain": "w"})]
    nb.cells = [cell]
    nb.metadata["widgets"] = {"state": {}}
    out = normalise(nb, "x.ipynb")
    assert "widgets" not in out.metadata
    assert "execution" not in out.cells[0].metadata
    model_id = out.cells[0].outputs[0]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
    assert model_id != "random" and model_id == normalise(out, "x.ipynb").cells[0].outputs[0]["data"][
        "application/vnd.jupyter.widget-view+json"]["model_id"]
