"""requirements.txt and environment.yml must list the same packages at the same versions."""

import re

from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s#]+)")


def pins_from_requirements(text):
    pins = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = PIN.match(line)
        assert m, f"requirements.txt: '{line}' is not pinned with '=='"
        pins[m.group(1).lower()] = m.group(2)
    return pins


def pins_from_environment(text):
    pins = {}
    in_pip = False
    for line in text.splitlines():
        if re.match(r"^\s*-\s*pip:\s*$", line):
            in_pip = True
            continue
        if in_pip:
            m = re.match(r"^\s+-\s+(.+)$", line)
            if not m:
                break
            item = m.group(1).strip()
            if item.startswith("-e"):
                continue
            pm = PIN.match(item)
            assert pm, f"environment.yml: '{item}' is not pinned with '=='"
            pins[pm.group(1).lower()] = pm.group(2)
    return pins


def test_environment_yml_matches_requirements():
    req = pins_from_requirements((ROOT / "requirements.txt").read_text())
    env = pins_from_environment((ROOT / "environment.yml").read_text())
    assert req, "requirements.txt lists no packages"
    missing = sorted(set(req) - set(env))
    extra = sorted(set(env) - set(req))
    differ = sorted(f"{k}: requirements {req[k]} vs environment {env[k]}" for k in set(req) & set(env) if req[k] != env[k])
    assert not (missing or extra or differ), (
        f"environment.yml drifted from requirements.txt — missing {missing}, extra {extra}, versions {differ}"
    )


def test_environment_yml_python_311():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*-\s*python=3\.11\s*$", text, re.M), "environment.yml must pin python=3.11"


def test_named_packages_are_pinned():
    req = pins_from_requirements((ROOT / "requirements.txt").read_text())
    for name in ["jupyterlab", "ipywidgets", "matplotlib", "pandas", "nbval", "pytest", "pytest-xdist"]:
        assert name in req, f"{name} must be pinned in requirements.txt"


def test_drift_is_detected():
    """The comparison itself can fail: a changed version is reported."""
    req = pins_from_requirements("pandas==1.0\n")
    env = pins_from_environment("dependencies:\n  - pip:\n      - pandas==2.0\n")
    assert req != env
