"""Execute notebooks in place, reproducibly.

``make execute`` calls :func:`execute_in_place` on every notebook. The saved file
depends only on the notebook's code and the data, never on when or where it ran:

* nbclient runs with ``record_timing=False`` and ``store_widget_state=False``;
* what an earlier run stored is removed as well (per-cell ``execution`` timing,
  ``metadata.widgets``), because neither option removes it;
* widget views carry a fresh random ``model_id`` on every run. Widget state is
  not stored, so those ids point at nothing once the kernel is gone; we replace
  them with ids derived from the notebook name and the cell position;
* ``language_info`` keeps no Python patch version, so running on 3.11.7 or
  3.11.9 gives the same file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import nbformat

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
LANGUAGE_INFO = {
    "name": "python",
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}


def normalise(nb, name: str):
    """Strip run-dependent metadata from ``nb`` (in place) and return it."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = dict(LANGUAGE_INFO)
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        # Cell ids are random when a cell is created; deterministic ids keep diffs clean.
        cell["id"] = f"c{i:03d}"
        for j, out in enumerate(cell.get("outputs", [])):
            data = out.get("data", {})
            if WIDGET_VIEW in data:
                seed = f"{name}:{i}:{j}".encode()
                data[WIDGET_VIEW]["model_id"] = hashlib.sha256(seed).hexdigest()[:32]
    return nb


def execute(nb, cwd: Path, timeout: int = 120):
    """Run every cell of ``nb`` in a fresh ``python3`` kernel with ``cwd`` as working directory."""
    from nbclient import NotebookClient

    from .kernels import AsyncIPCKernelManager

    client = NotebookClient(
        nb,
        kernel_manager_class=AsyncIPCKernelManager,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
        record_timing=False,
        store_widget_state=False,
    )
    client.execute()
    return nb


def execute_in_place(path: Path, timeout: int = 120) -> bool:
    """Re-execute the notebook at ``path``; write it only if it changed. Return True if written."""
    path = Path(path)
    before = path.read_text(encoding="utf-8")
    nb = nbformat.reads(before, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    execute(nb, path.parent, timeout)
    normalise(nb, path.name)
    after = nbformat.writes(nb) + "\n"
    if after != before:
        path.write_text(after, encoding="utf-8")
        return True
    return False


def notebooks(root: Path) -> list[Path]:
    """Every course notebook under ``root``: lessons, solutions, exercises (sorted)."""
    found = []
    for folder in ("lessons", "solutions", "exercises"):
        found += sorted((root / folder).glob("*.ipynb"))
    return found
