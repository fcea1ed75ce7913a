"""The course's data tables, typed and checked against ``data/datapackage.json``.

A lesson loads a table in one line::

    from wanted import data
    timeline = data.load("timeline")
    data.cite("politico-2024-09-03")   # -> "[title (outlet, date)](url)"

``load`` checks the file against its Table Schema (header, required cells, types,
enum/pattern/min/max/unique constraints, primary key, and that every id in a
``source_ids`` cell exists in ``sources.csv``) and returns a typed DataFrame:
dates as ``datetime64``, integers as nullable ``Int64``, numbers as ``float``,
booleans as ``bool`` (``boolean`` where cells may be empty), text as ``string``.

Any problem raises :class:`wanted.errors.DataError` with one message that names
the file, the line (header = line 1) and the column, says what is wrong and how
to fix it. No pandas or csv traceback escapes.

Parsed tables are cached per process, keyed on the files' paths, sizes and
modification times, so notebooks can call ``load`` as often as they like; a
changed file is re-read and re-checked.
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import functools
import hashlib
import io
import json
import re
from pathlib import Path

import pandas as pd

from wanted import paths
from wanted.errors import DataError

__all__ = ["load", "tables", "schema", "sources", "cite", "source_url", "SEPARATOR"]

#: Separator of multi-valued cells (e.g. ``source_ids``).
SEPARATOR = "; "

_PACKAGE = "datapackage.json"
_SOURCES = "sources"
_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}
_INT = re.compile(r"[+-]?\d+")
_NUM = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --------------------------------------------------------------------------- public API

def load(name: str, root=None) -> pd.DataFrame:
    """Return table ``name`` (a file stem in ``data/``) as a typed, validated DataFrame.

    ``root`` is the data folder to read (default :data:`wanted.paths.DATA`); tests
    and graders pass a copy. Raises :class:`DataError` if the file is missing,
    corrupt, or does not match its schema.
    """
    folder = _folder(root)
    frame = _load_cached(*_cache_key(folder, name))
    return frame.copy()


def tables(root=None) -> list:
    """Names of the tables in the data package, in package order."""
    return [res["name"] for res in _package(_folder(root))["resources"]]


def schema(name: str, root=None) -> dict:
    """The Table Schema of table ``name`` (a copy: changing it changes nothing)."""
    return json.loads(json.dumps(_resource(_folder(root), name)["schema"]))


def sources(root=None) -> pd.DataFrame:
    """The sources table (one row per source; ``source_id`` is its key)."""
    return load(_SOURCES, root)


def cite(source_id: str, root=None) -> str:
    """Markdown citation ``[title (outlet, date)](url)`` for ``source_id``.

    A source the shared material gives no URL for is cited as plain text.
    """
    row = _source_row(source_id, root)
    date = row["published"]
    details = f"{row['outlet']}, {date}" if date else row["outlet"]
    label = f"{row['title']} ({details})".replace("[", "(").replace("]", ")")
    return f"[{label}]({row['url']})" if row["url"] else label


def source_url(source_id: str, root=None) -> str:
    """The URL of ``source_id``; :class:`DataError` if the sources give none."""
    row = _source_row(source_id, root)
    if not row["url"]:
        raise DataError(
            f"Source '{source_id}' has no URL in data/sources.csv ({row['access_note']}). "
            "Cite it with wanted.data.cite(), which prints it as plain text.")
    return row["url"]


# --------------------------------------------------------------------------- locating files

def _folder(root) -> Path:
    # paths.DATA is read at call time so tests can monkeypatch it.
    return Path(root) if root is not None else Path(paths.DATA)


def _display(path: Path) -> str:
    """How a file is named in messages: relative to the repository where possible."""
    try:
        return Path(path).resolve().relative_to(Path(paths.ROOT).resolve()).as_posix()
    except ValueError:
        return str(path)


def _restore(path: Path) -> str:
    return f"Restore it with: git checkout -- data/{Path(path).name}"


def _stat(path: Path):
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DataError(f"{_display(path)} is missing. {_restore(path)}") from None
    except OSError as exc:
        raise DataError(f"{_display(path)} cannot be read ({exc.strerror}). {_restore(path)}") from None
    if not path.is_file():
        raise DataError(f"{_display(path)} is not a file. {_restore(path)}")
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _cache_key(folder: Path, name: str):
    """Everything the parsed table depends on: the table, the package and sources.csv."""
    res = _resource(folder, name)
    table = folder / res["path"]
    key = [str(folder), name, _stat(folder / _PACKAGE), _stat(table)]
    if res.get("x-source-ids") or res["schema"].get("x-source-ids") or res["schema"].get("foreignKeys"):
        key.append(_stat(folder / _resource(folder, _SOURCES)["path"]))
    return tuple(key)


# --------------------------------------------------------------------------- the package

def _package(folder: Path) -> dict:
    path = folder / _PACKAGE
    return _read_package(str(path), _stat(path))


@functools.lru_cache(maxsize=16)
def _read_package(path: str, _key) -> dict:
    path = Path(path)
    try:
        pkg = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise DataError(f"{_display(path)} is not UTF-8 text: it looks corrupted. {_restore(path)}") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{_display(path)}, line {exc.lineno}: not valid JSON ({exc.msg}). {_restore(path)}") from None
    if not isinstance(pkg, dict) or not isinstance(pkg.get("resources"), list):
        raise DataError(f"{_display(path)} has no list of 'resources'. {_restore(path)}")
    for res in pkg["resources"]:
        if not (isinstance(res, dict) and "name" in res and "path" in res
                and isinstance(res.get("schema"), dict) and isinstance(res["schema"].get("fields"), list)):
            raise DataError(f"{_display(path)}: a resource lacks name, path or schema.fields. {_restore(path)}")
    return pkg


def _resource(folder: Path, name: str) -> dict:
    pkg = _package(folder)
    for res in pkg["resources"]:
        if res["name"] == name:
            return res
    names = [r["name"] for r in pkg["resources"]]
    hint = difflib.get_close_matches(str(name), names, n=1)
    maybe = f" Did you mean '{hint[0]}'?" if hint else ""
    raise DataError(f"There is no table named {name!r} in data/{_PACKAGE}.{maybe} "
                    f"Tables: {', '.join(names)}.")


# --------------------------------------------------------------------------- parsing and checking

@functools.lru_cache(maxsize=64)
def _load_cached(folder: str, name: str, *_stats) -> pd.DataFrame:
    folder = Path(folder)
    res = _resource(folder, name)
    path = folder / res["path"]
    try:
        return _Table(folder, res, path).frame()
    except DataError:
        raise
    except Exception as exc:  # never let a bare pandas/csv error reach a notebook
        raise DataError(f"{_display(path)} could not be read ({type(exc).__name__}: {exc}). "
                        f"{_restore(path)}") from None


class _Table:
    """One CSV file checked against its Table Schema."""

    def __init__(self, folder: Path, res: dict, path: Path):
        self.folder, self.res, self.path = folder, res, path
        self.fields = res["schema"]["fields"]
        self.name = _display(path)

    # -- messages
    def fail(self, what: str, line=None, column=None, fix=None):
        where = self.name
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        fix = fix or "Correct the cell, or " + _restore(self.path)[0].lower() + _restore(self.path)[1:]
        raise DataError(f"{where}: {what}. {fix}")

    # -- reading
    def rows(self):
        raw = self.path.read_bytes()
        if not raw.strip():
            self.fail("the file is empty", fix=_restore(self.path))
        if b"\x00" in raw:
            self.fail("the file contains binary data (NUL bytes), not CSV text", fix=_restore(self.path))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count(b"\n") + 1
            self.fail(f"not UTF-8 text (invalid byte at position {exc.start}): the file looks corrupted",
                      line=line, fix=_restore(self.path))
        if not text.endswith(("\n", "\r")):
            last = text.count("\n") + 1
            self.fail("the file ends in the middle of a row (no line break after the last line): "
                      "it looks truncated", line=last, fix=_restore(self.path))
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        out, start = [], 1
        try:
            for record in reader:
                if record:  # a blank line carries no data
                    out.append((start, record))
                start = reader.line_num + 1
        except csv.Error as exc:
            self.fail(f"not valid CSV ({exc}); a quote may be unclosed", line=start, fix=_restore(self.path))
        if not out:
            self.fail("the file has no header row", fix=_restore(self.path))
        return out

    def header(self, record):
        want = [f["name"] for f in self.fields]
        dup = sorted({c for c in record if record.count(c) > 1})
        if dup:
            self.fail(f"duplicate column(s) in the header: {', '.join(dup)}", line=1, fix=_restore(self.path))
        missing = [c for c in want if c not in record]
        extra = [c for c in record if c not in want]
        if missing or extra:
            parts = []
            if missing:
                parts.append("missing column(s): " + ", ".join(repr(c) for c in missing))
            if extra:
                parts.append("unexpected column(s): " + ", ".join(repr(c) for c in extra))
            self.fail("the header does not match the schema in data/datapackage.json ("
                      + "; ".join(parts) + ")", line=1, fix=_restore(self.path))
        return [record.index(c) for c in want]

    # -- converting one cell
    def convert(self, field, value, line):
        col, kind = field["name"], field.get("type", "string")
        cons = field.get("constraints", {})
        if value == "":
            if cons.get("required"):
                self.fail("the cell is empty but this column is required", line, col)
            return None
        if kind == "integer":
            if not _INT.fullmatch(value):
                self.fail(f"{value!r} is not a whole number", line, col)
            out = int(value)
        elif kind == "number":
            if not _NUM.fullmatch(value):
                self.fail(f"{value!r} is not a number (use a dot for decimals, no units or %)", line, col)
            out = float(value)
        elif kind == "boolean":
            if value in _TRUE:
                out = True
            elif value in _FALSE:
                out = False
            else:
                self.fail(f"{value!r} is not true or false", line, col)
        elif kind == "date":
            try:
                if not _DATE.fullmatch(value):
                    raise ValueError
                out = _dt.date.fromisoformat(value)
            except ValueError:
                self.fail(f"{value!r} is not a valid date (expected YYYY-MM-DD, e.g. 2024-09-02)", line, col)
        else:
            out = value
        if "enum" in cons and value not in cons["enum"] and out not in cons["enum"]:
            allowed = ", ".join(repr(v) for v in cons["enum"])
            self.fail(f"{value!r} is not an allowed value (allowed: {allowed})", line, col)
        if "pattern" in cons and not re.fullmatch(cons["pattern"], value):
            self.fail(f"{value!r} does not have the expected form (pattern {cons['pattern']})", line, col)
        for bound, bad in (("minimum", lambda a, b: a < b), ("maximum", lambda a, b: a > b)):
            if bound in cons:
                limit = cons[bound]
                if kind == "date":
                    limit = _dt.date.fromisoformat(limit)
                if bad(out, limit):
                    self.fail(f"{value!r} is out of range ({bound} {cons[bound]})", line, col)
        return out

    # -- the whole table
    def frame(self) -> pd.DataFrame:
        records = self.rows()
        order = self.header(records[0][1])
        width = len(records[0][1])
        columns = {f["name"]: [] for f in self.fields}
        lines = []
        for line, record in records[1:]:
            if len(record) != width:
                self.fail(f"the row has {len(record)} fields but the header has {width} "
                          "(a comma, quote or line break may be missing or extra)", line)
            lines.append(line)
            for field, idx in zip(self.fields, order):
                columns[field["name"]].append(self.convert(field, record[idx], line))
        self.check_unique(columns, lines)
        self.check_references(columns, lines)
        return pd.DataFrame({f["name"]: _series(f, columns[f["name"]]) for f in self.fields})

    def check_unique(self, columns, lines):
        keys = [f["name"] for f in self.fields if f.get("constraints", {}).get("unique")]
        single = [[k] for k in keys]
        pk = self.res["schema"].get("primaryKey")
        if pk:
            single.append([pk] if isinstance(pk, str) else list(pk))
        for cols in single:
            seen = {}
            for i, line in enumerate(lines):
                value = tuple(columns[c][i] for c in cols)
                if value in seen:
                    shown = ", ".join(str(v) for v in value)
                    self.fail(f"{shown!r} repeats line {seen[value]} but must be unique "
                              f"(key: {', '.join(cols)})", line, cols[0])
                seen[value] = line

    def check_references(self, columns, lines):
        checks = []
        list_col = self.res.get("x-source-ids") or self.res["schema"].get("x-source-ids")
        if list_col:
            checks.append((list_col, True))
        for fk in self.res["schema"].get("foreignKeys", []):
            if fk.get("reference", {}).get("resource") == _SOURCES:
                checks.append((fk["fields"] if isinstance(fk["fields"], str) else fk["fields"][0], False))
        if not checks:
            return
        known = set(columns["source_id"]) if self.res["name"] == _SOURCES else _source_ids(self.folder)
        for col, many in checks:
            for value, line in zip(columns[col], lines):
                if value is None:
                    continue
                for ref in (value.split(SEPARATOR) if many else [value]):
                    if ref not in known:
                        hint = difflib.get_close_matches(ref, sorted(known), n=1)
                        maybe = f" (did you mean '{hint[0]}'?)" if hint else ""
                        self.fail(f"unknown source id {ref!r}: it is not in data/sources.csv{maybe}",
                                  line, col,
                                  fix="Use an existing source_id, add the source to data/sources.csv, or "
                                      + _restore(self.path)[0].lower() + _restore(self.path)[1:])


def _source_ids(folder: Path) -> frozenset:
    """The valid source ids: sources.csv loaded (and so checked) once per distinct content.

    Keyed on the bytes rather than the path, so copies of the same file (a grader's
    or a test's folder) do not parse it again.
    """
    path = folder / _resource(folder, _SOURCES)["path"]
    _stat(path)
    raw = path.read_bytes()
    key = hashlib.sha1(raw).hexdigest()
    if key not in _SOURCE_IDS:
        _SOURCE_IDS[key] = frozenset(load(_SOURCES, folder)["source_id"])
    return _SOURCE_IDS[key]


_SOURCE_IDS: dict = {}


def _series(field: dict, values: list) -> pd.Series:
    kind = field.get("type", "string")
    if kind == "integer":
        return pd.Series(pd.array(values, dtype="Int64"))
    if kind == "number":
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    if kind == "boolean":
        if any(v is None for v in values):
            return pd.Series(pd.array(values, dtype="boolean"))
        return pd.Series(values, dtype="bool")
    if kind == "date":
        return pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")
    return pd.Series(pd.array(values, dtype="string"))


# --------------------------------------------------------------------------- sources

def _source_row(source_id: str, root) -> dict:
    frame = _sources_index(_folder(root))
    if source_id not in frame:
        hint = difflib.get_close_matches(str(source_id), sorted(frame), n=1)
        maybe = f" Did you mean '{hint[0]}'?" if hint else ""
        raise DataError(f"Unknown source id {source_id!r}: it is not in data/sources.csv.{maybe}")
    return frame[source_id]


def _sources_index(folder: Path) -> dict:
    return _sources_index_cached(*_cache_key(folder, _SOURCES))


@functools.lru_cache(maxsize=8)
def _sources_index_cached(folder: str, name: str, *_stats) -> dict:
    table = _load_cached(folder, name, *_stats)
    table = table.astype(object).where(table.notna(), "")
    return {row["source_id"]: row for row in table.to_dict("records")}
