"""`make lab` gives JupyterLab the course's defaults: no popup asking to fetch Jupyter news, no update check.

The defaults are JupyterLab's own ``overrides.json`` in the venv, copied from one file in the package by the
repository's Makefile and by the student bundle's.
"""

import json
import subprocess

import pytest

from conftest import ROOT

OVERRIDES = ROOT / "wanted" / "jupyterlab_overrides.json"


def test_overrides_turn_off_news_and_update_checks():
    settings = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    # fetchNews is a string in JupyterLab's schema ("true", "false", "none"); checkForUpdates a boolean.
    assert settings == {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                                          "checkForUpdates": False}}


@pytest.mark.parametrize("makefile", ["repository", "student bundle"])
def test_make_lab_puts_them_in_the_venv(makefile, bundle, tmp_path):
    folder = ROOT if makefile == "repository" else bundle
    venv = tmp_path / "venv"
    # -n: print the commands, run none; a venv that does not exist yet, as on a student's first run.
    planned = subprocess.run(["make", "-n", "lab", f"VENV={venv}"], cwd=folder, capture_output=True, text=True,
                             check=True).stdout
    copy = f"cp wanted/jupyterlab_overrides.json {venv}/share/jupyter/lab/settings/overrides.json"
    assert copy in planned, f"{makefile}: make lab does not install JupyterLab's overrides:\n{planned}"
    assert planned.index(copy) < planned.index("jupyter lab"), "the overrides must be in place before JupyterLab starts"
