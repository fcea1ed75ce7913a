"""One JupyterLab server and one headless Chromium, shared by every browser test.

The server runs from the project's venv on a free loopback port, token off,
announcements off, on a temporary copy of the notebooks (nothing in the repo is
modified); it is stopped by its PID at the end, always. Chromium is Debian's
(`/usr/bin/chromium`), driven by the `playwright` package. Without it the tests
skip with one line — except in CI (WANTED_REQUIRE_BROWSER=1), where they fail.
"""

import contextlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("WANTED_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = Path(os.environ.get("WANTED_SCREENSHOTS", Path(tempfile.gettempdir()) / "wanted-screenshots"))


def _require_browser():
    if Path(CHROMIUM).exists():
        return
    message = f"browser tests need Chromium at {CHROMIUM}: sudo apt-get update && sudo apt-get install chromium"
    if os.environ.get("WANTED_REQUIRE_BROWSER") == "1":
        pytest.fail("CI requires the browser tests, but " + message, pytrace=False)
    pytest.skip(message)


def _server_info(runtime: Path, pid: int):
    """The server's own record of where it listens (``jpserver-<pid>.json``), or None before it has bound."""
    try:
        info = json.loads((runtime / f"jpserver-{pid}.json").read_text())
    except (OSError, ValueError):
        return None
    return info if info.get("port") else None


def _strip_outputs(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    nb["metadata"].pop("widgets", None)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def lab():
    """(base URL, workspace folder) of a JupyterLab server on a copy of the notebooks."""
    _require_browser()
    with lab_server() as server:
        yield server


@contextlib.contextmanager
def lab_server():
    """Start JupyterLab on a temporary copy of the notebooks; stop it by its PID on exit."""
    work = Path(tempfile.mkdtemp(prefix="wanted-lab-"))
    for folder in ("lessons", "exercises"):
        shutil.copytree(ROOT / folder, work / folder)
        # Every test clears outputs and runs all cells: stored outputs would only slow the opening down.
        for path in (work / folder).glob("*.ipynb"):
            _strip_outputs(path)
    settings = work / ".settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # The same notification defaults as make lab installs (no news popup, no update check), from the one file.
    overrides = json.loads((ROOT / "wanted" / "jupyterlab_overrides.json").read_text(encoding="utf-8"))
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps(overrides["@jupyterlab/apputils-extension:notification"]))
    # The notebook's windowing mode is JupyterLab's default, as students have it ("contentVisibility": every
    # cell in the DOM, offscreen ones not laid out until scrolled to). The suite used to force "none"; that
    # opened a lesson more slowly but ran it no slower, and the whole suite took the same time either way.
    runtime = work / ".runtime"
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(work / ".settings"), WANTED_PROGRESS=str(work / "progress.json"),
               JUPYTER_RUNTIME_DIR=str(runtime), MPLBACKEND="Agg",
               PYTHONPATH=os.pathsep.join(filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")])))
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           "--ServerApp.port=0", "--ServerApp.port_retries=0", "--IdentityProvider.token=",
           "--ServerApp.password=", f"--ServerApp.root_dir={work}", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--expose-app-in-browser",
           f"--LabApp.workspaces_dir={work / '.workspaces'}", "--ServerApp.disable_check_xsrf=True",
           # Kernels on Unix sockets: loopback ports race with the other kernels of the run (wanted/kernels.py).
           "--KernelManager.transport=ipc",
           # Forked from a zygote that has imported the libraries, as nbval's and the grader's are (lab_kernels.py).
           "--AsyncMappingKernelManager.kernel_manager_class=lab_kernels.ForkedServerKernelManager"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(work / "server.log", "w")
    proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        # Port 0: the server binds a free port itself and records it. Picking a port here and passing it
        # on raced with the nbval kernels, whose ZeroMQ sockets took the port in between (BadStatusLine).
        deadline = time.monotonic() + 90
        base = None
        while True:
            info = _server_info(runtime, proc.pid)
            if info:
                base = f"http://127.0.0.1:{info['port']}"
                try:
                    with urllib.request.urlopen(f"{base}/api/status", timeout=2) as r:
                        if r.status == 200 and "started" in json.loads(r.read()):
                            break
                except (OSError, ValueError, http.client.HTTPException):
                    pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("JupyterLab did not start:\n" + (work / "server.log").read_text()[-2000:])
            time.sleep(0.3)
        yield base, work
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def page(browser, lab):
    """One JupyterLab page for the whole session: notebooks are opened and closed in it, not reloaded."""
    base, _ = lab
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.goto(f"{base}/lab", wait_until="domcontentloaded", timeout=180_000)
    pg.wait_for_function("() => window.jupyterapp && window.jupyterapp.commands.hasCommand('docmanager:open')",
                         timeout=180_000)
    # Until the layout is restored, JupyterLab may still replace the main area and drop a notebook opened now.
    # (page.evaluate has no timeout of its own: the promise is bounded.)
    pg.evaluate("""async () => { await Promise.race([window.jupyterapp.restored,
                                                     new Promise(r => setTimeout(r, 120000))]); return true; }""")
    yield pg
    context.close()
