"""Command line: ``python -m wanted <command>``.

Commands: ``execute [NOTEBOOK …]``, ``lab`` (print how to start), and those
added by the exercises/grading modules (``exercises``, ``grade``, ``release``,
``bibliography``).
"""

import argparse
import sys
from pathlib import Path

from . import paths


def _execute(args) -> int:
    from concurrent.futures import ProcessPoolExecutor

    import os
    import tempfile

    from .notebooks import execute_in_place, notebooks

    # Stored outputs must not depend on who runs this: never read a real progress file.
    os.environ["WANTED_PROGRESS"] = str(Path(tempfile.mkdtemp(prefix="wanted-execute-")) / "progress.json")
    targets = [Path(p).resolve() for p in args.notebooks] or notebooks(paths.ROOT)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for path, changed in zip(targets, pool.map(execute_in_place, targets)):
            print(f"{'updated  ' if changed else 'unchanged'} {path.relative_to(paths.ROOT)}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wanted", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("execute", help="re-execute notebooks in place, reproducibly")
    ex.add_argument("notebooks", nargs="*", help="default: every notebook in lessons/, solutions/, exercises/")
    ex.add_argument("-j", "--jobs", type=int, default=2)
    ex.set_defaults(func=_execute)
    for register in _extensions():
        register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


def _extensions():
    """Sub-commands contributed by other modules (each defines ``register_cli(subparsers)``)."""
    import importlib
    import importlib.util

    for name in ("exercises", "grading", "release", "bibliography"):
        # Only skip modules that do not exist; a broken module must fail loudly.
        if importlib.util.find_spec(f"wanted.{name}") is None:
            continue
        module = importlib.import_module(f"wanted.{name}")
        if hasattr(module, "register_cli"):
            yield module.register_cli


if __name__ == "__main__":
    sys.exit(main())
