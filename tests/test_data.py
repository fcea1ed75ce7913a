"""The data package: every table loads, is typed as declared, traces to sources.csv,
says the right things, and fails loudly and helpfully when a file is damaged."""

import csv
import io
import json
import re
import shutil
import tempfile
from pathlib import Path

import fastjsonschema  # nbformat's validator: imports in ~0.3 s, jsonschema (with rfc3987-syntax) in ~10 s here
import pandas as pd
import pytest

from wanted import data, paths
from wanted.errors import DataError

DATA = Path(paths.DATA)
SHARED = Path(paths.ROOT).parent / "shared" / "sources"  # beside the repo in CI; absent in a student bundle
PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}
TABLES = list(RESOURCES)
SEP = "; "


def rows(name, folder=DATA):
    """A table read with the csv module only, so these checks do not depend on the loader."""
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def fields(name):
    return RESOURCES[name]["schema"]["fields"]


def needs_shared():
    if not SHARED.is_dir():
        pytest.skip("../shared/sources is not beside the repository (student bundle)")


# --------------------------------------------------------------------------- the package itself

FIELD_SCHEMA = {
    "type": "object",
    "required": ["name", "type", "description"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$"},
        "type": {"enum": ["string", "integer", "number", "boolean", "date"]},
        "format": {"const": "%Y-%m-%d"},
        "description": {"type": "string", "minLength": 3},
        "constraints": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "required": {"type": "boolean"},
                "unique": {"type": "boolean"},
                "enum": {"type": "array", "minItems": 1},
                "pattern": {"type": "string"},
                "minimum": {"type": ["number", "string"]},
                "maximum": {"type": ["number", "string"]},
            },
        },
    },
}
PACKAGE_SCHEMA = {
    "type": "object",
    "required": ["name", "title", "licenses", "sources", "resources"],
    "properties": {
        "name": {"const": "wanted-but-welcome-data"},
        "title": {"type": "string", "minLength": 5},
        "licenses": {"type": "array", "minItems": 1, "contains": {
            "type": "object", "required": ["name"], "properties": {"name": {"const": "CC-BY-4.0"}}}},
        "sources": {"type": "array", "minItems": 1,
                    "items": {"type": "object", "required": ["title"]}},
        "resources": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["name", "path", "format", "encoding", "schema"],
            "properties": {
                "name": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$"},
                "format": {"const": "csv"},
                "encoding": {"const": "utf-8"},
                "x-source-ids": {"type": "string"},
                "schema": {
                    "type": "object",
                    "required": ["fields", "primaryKey"],
                    "properties": {
                        "fields": {"type": "array", "minItems": 2, "items": FIELD_SCHEMA},
                        "primaryKey": {"anyOf": [{"type": "string"},
                                                 {"type": "array", "items": {"type": "string"}, "minItems": 1}]},
                    },
                },
            },
        }},
    },
}


def test_datapackage_matches_its_structure():
    fastjsonschema.compile(PACKAGE_SCHEMA)(PACKAGE)


@pytest.mark.parametrize("name", TABLES)
def test_schema_is_consistent(name):
    res = RESOURCES[name]
    names = [f["name"] for f in fields(name)]
    assert res["path"] == f"{name}.csv"
    assert len(names) == len(set(names))
    pk = res["schema"]["primaryKey"]
    assert set([pk] if isinstance(pk, str) else pk) <= set(names)
    if "x-source-ids" in res:
        assert res["x-source-ids"] in names
    for f in fields(name):
        for key in ("minimum", "maximum"):
            if key in f.get("constraints", {}):
                assert f["type"] in ("integer", "number", "date"), f
        if "pattern" in f.get("constraints", {}):
            re.compile(f["constraints"]["pattern"])


def test_package_lists_exactly_the_csv_files():
    on_disk = {p.stem for p in DATA.glob("*.csv")}
    assert on_disk == set(TABLES)
    assert not any("quiz" in r["path"] for r in PACKAGE["resources"])


def test_every_table_except_sources_traces_to_sources():
    for name in TABLES:
        if name != "sources":
            assert RESOURCES[name].get("x-source-ids") == "source_ids", name


# --------------------------------------------------------------------------- loading and types

DTYPES = {"string": "string", "integer": "Int64", "number": "float64", "date": "datetime64[ns]"}


@pytest.mark.parametrize("name", TABLES)
def test_table_loads_with_declared_types(name):
    frame = data.load(name)
    assert list(frame.columns) == [f["name"] for f in fields(name)]
    assert len(frame) == len(rows(name)) > 0
    for f in fields(name):
        dtype = str(frame[f["name"]].dtype)
        if f["type"] == "boolean":
            assert dtype in ("bool", "boolean"), (f["name"], dtype)
        else:
            assert dtype == DTYPES[f["type"]], (f["name"], dtype)


@pytest.mark.parametrize("name", TABLES)
def test_primary_key_is_unique(name):
    pk = RESOURCES[name]["schema"]["primaryKey"]
    pk = [pk] if isinstance(pk, str) else pk
    keys = [tuple(r[c] for c in pk) for r in rows(name)]
    assert len(keys) == len(set(keys))


def test_sources_ids_are_unique_slugs_and_urls_are_http():
    src = rows("sources")
    ids = [r["source_id"] for r in src]
    assert len(ids) == len(set(ids))
    for r in src:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", r["source_id"]), r["source_id"]
        if r["url"]:
            assert re.fullmatch(r"https?://\S+", r["url"]), r["url"]
        else:  # a source without URL must say why
            assert "no URL" in r["access_note"], r["source_id"]


@pytest.mark.parametrize("name", [n for n in TABLES if n != "sources"])
def test_every_source_id_resolves(name):
    known = {r["source_id"] for r in rows("sources")}
    for i, r in enumerate(rows(name), start=2):
        refs = r["source_ids"].split(SEP)
        assert refs and all(refs), (name, i)
        assert set(refs) <= known, (name, i, set(refs) - known)


def test_cite_and_source_url():
    link = data.cite("politico-2024-09-03")
    assert link.startswith("[") and link.endswith(
        "(https://www.politico.eu/article/mongolia-failure-arrest-vladimir-putin-international-warrant-international-criminal-court/)")
    assert "POLITICO Europe, 2024-09-03" in link
    assert data.source_url("owid-energy") == "https://github.com/owid/energy-data"
    assert "](" not in data.cite("meduza-2024-09-explainer")  # no URL: plain text
    with pytest.raises(DataError, match="did you mean|Did you mean"):
        data.cite("politico-2024-09-30")
    with pytest.raises(DataError, match="no URL"):
        data.source_url("meduza-2024-09-explainer")


def test_unknown_table_is_a_clear_error():
    with pytest.raises(DataError, match="Did you mean 'timeline'"):
        data.load("timelines")


def test_cache_returns_copies_and_sees_changes(tmp_path):
    folder = copy_data(tmp_path)
    first = data.load("warrant_counts", root=folder)
    first.loc[0, "unit"] = "changed"  # a caller's edit must not leak into the cache
    assert data.load("warrant_counts", root=folder).loc[0, "unit"] == "warrants"
    path = folder / "warrant_counts.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")  # drop the last row
    assert len(data.load("warrant_counts", root=folder)) == len(first) - 1


# --------------------------------------------------------------------------- the fault matrix

def copy_data(tmp_path, only=None):
    """A copy of data/ (or of the files named in ``only``) to damage freely."""
    folder = tmp_path / "data"
    folder.mkdir()
    for p in DATA.iterdir():
        if p.is_file() and (only is None or p.name in only):
            shutil.copyfile(p, folder / p.name)
    return folder


def read_table(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_table(path, table):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(table)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(path, column, value, row=1):
    table = read_table(path)
    table[row][table[0].index(column)] = value
    write_table(path, table)


def bad_type_target(name):
    """A (column, value) that breaks a date (or, failing that, a type or a date pattern)."""
    fs = fields(name)
    for f in fs:
        if f["type"] == "date":
            return f["name"], "2024-13-45"
    for f in fs:
        if "published" == f["name"]:
            return f["name"], "2024-13-45"
    for f in fs:
        if f["type"] in ("integer", "number"):
            return f["name"], "twelve"
    raise AssertionError(f"no date or typed field in {name}")


def bad_value_target(name):
    """A (column, value) that breaks an enum or a minimum/maximum."""
    for f in fields(name):
        if "enum" in f.get("constraints", {}):
            return f["name"], "not-an-allowed-value"
    for f in fields(name):
        cons = f.get("constraints", {})
        if "maximum" in cons:
            return f["name"], str(cons["maximum"] + 1000)
    raise AssertionError(f"no enum or range constraint in {name}")


def fault_missing(path, name):
    path.unlink()


def fault_empty(path, name):
    path.write_text("", encoding="utf-8")


def fault_truncated(path, name):
    text = path.read_text(encoding="utf-8")
    second = text.index("\n") + 1
    end = text.index("\n", second)
    path.write_text(text[: (second + end) // 2], encoding="utf-8")  # stops mid-way through row 1


def fault_binary(path, name):
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 3)


def fault_missing_column(path, name):
    table = read_table(path)
    drop = table[0].index(fields(name)[1]["name"])
    write_table(path, [r[:drop] + r[drop + 1:] for r in table])


def fault_bad_date(path, name):
    set_cell(path, *bad_type_target(name))


def fault_bad_value(path, name):
    set_cell(path, *bad_value_target(name))


def fault_unknown_source(path, name):
    if name == "sources":  # the referenced table itself: break its key instead
        table = read_table(path)
        table[2][0] = table[1][0]
        write_table(path, table)
    else:
        set_cell(path, "source_ids", "no-such-source-id")


FAULTS = {
    "missing": fault_missing,
    "empty": fault_empty,
    "truncated": fault_truncated,
    "binary": fault_binary,
    "missing_column": fault_missing_column,
    "bad_date": fault_bad_date,
    "bad_value": fault_bad_value,
    "unknown_source": fault_unknown_source,
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("name", TABLES)
def test_damaged_file_raises_a_clear_data_error(tmp_path, monkeypatch, name, fault):
    folder = copy_data(tmp_path, only=("datapackage.json", "sources.csv", f"{name}.csv"))
    monkeypatch.setattr(paths, "DATA", folder)
    FAULTS[fault](folder / f"{name}.csv", name)
    with pytest.raises(DataError) as info:
        data.load(name)  # reads paths.DATA, i.e. the damaged copy
    message = str(info.value)
    assert f"{name}.csv" in message
    assert f"git checkout -- data/{name}.csv" in message
    if fault in ("bad_date", "bad_value", "unknown_source"):
        assert "line 2" in message or (name == "sources" and "line 3" in message), message
    if fault == "missing_column":
        assert repr(fields(name)[1]["name"]) in message


def test_root_parameter_reads_another_folder(tmp_path):
    folder = copy_data(tmp_path)
    set_cell(folder / "timeline.csv", "confidence", "X")
    with pytest.raises(DataError, match="column 'confidence'"):
        data.load("timeline", root=folder)
    assert len(data.load("timeline")) > 0  # the real data is untouched


def test_missing_datapackage_is_a_clear_error(tmp_path):
    folder = copy_data(tmp_path)
    (folder / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match=r"datapackage\.json.*git checkout"):
        data.load("timeline", root=folder)


def test_any_bytes_give_a_frame_or_a_data_error():
    # Imported here: hypothesis costs seconds to import in every pytest worker, and only one runs this test.
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.binary(max_size=400))
    def load_bytes(blob):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for p in ("datapackage.json", "sources.csv"):
                shutil.copy2(DATA / p, folder / p)
            (folder / "warrant_counts.csv").write_bytes(blob)
            try:
                data.load("warrant_counts", root=folder)
            except DataError as exc:
                assert "warrant_counts.csv" in str(exc)

    load_bytes()


# --------------------------------------------------------------------------- what the data say

def test_mongolia_visit_is_dated_2_september_2024():
    tl = data.load("timeline").set_index("event_id")
    visit = tl.loc["putin-arrives-ulaanbaatar"]
    assert visit["date"] == pd.Timestamp("2024-09-02")
    assert visit["end_date"] == pd.Timestamp("2024-09-03")
    assert (visit["category"], visit["confidence"]) == ("visit", "V")


def test_mongolia_finding_24_october_2024_referred_to_asp():
    nc = data.load("noncompliance_findings").set_index("finding_id")
    row = nc.loc["mongolia-2024-finding"]
    assert row["date"] == pd.Timestamp("2024-10-24")
    assert (row["referred_to"], row["decision"], row["confidence"]) == ("ASP", "finding", "V")
    assert bool(row["counts_as_finding"]) is True


def test_counts_as_finding_excludes_informings_appeals_and_unverified():
    nc = data.load("noncompliance_findings")
    counted = nc[nc["counts_as_finding"]]
    assert set(counted["decision"]) == {"finding"}
    assert (counted["confidence"] == "V").all()
    assert not nc.loc[nc["decision"] == "informed", "counts_as_finding"].any()
    assert not counted.duplicated(["state", "visit_or_event"]).any()


def test_nothing_unverified_is_stated_as_fact():
    """The factsheet's 'Could NOT verify' list never appears as V or S."""
    tl = data.load("timeline")
    sure = tl[tl["confidence"].isin(["V", "S"])]
    after_finding = sure[sure["date"] > pd.Timestamp("2024-10-24")]
    asp_on_mongolia = after_finding["event"].str.contains("Assembly") & after_finding["event"].str.contains("Mongolia")
    assert not asp_on_mongolia.any(), "ASP action on Mongolia was not verified"
    tajik = sure["event"].str.contains("Tajikistan") & sure["event"].str.contains(r"finding|decision|found")
    assert not tajik.any(), "no ICC decision on Tajikistan was verified"
    energy_in_court = (sure["category"] == "court") & sure["event"].str.contains(r"energy|petroleum|electricity")
    assert not energy_in_court.any(), "energy dependence in Mongolia's filings was not verified"
    assert not sure["event"].str.contains(r"\b124\b").any()

    nc = data.load("noncompliance_findings")
    for mask in (nc["state"] == "Tajikistan", nc["date"] == pd.Timestamp("2013-03-26")):
        assert len(nc[mask]) >= 1
        assert (nc.loc[mask, "confidence"] == "U").all()
        assert not nc.loc[mask, "counts_as_finding"].any()
    for row in tl[tl["confidence"] == "U"].itertuples():
        assert "not" in (row.event + " " + str(row.note)).lower()  # a U row says what was not found


def test_energy_table_has_both_countries_and_flags_2025():
    en = data.load("mongolia_energy")
    assert set(en["country"]) == {"Mongolia", "Kyrgyzstan"}
    assert (en["provisional"] == (en["year"] == 2025)).all()
    assert en.loc[en["country"] == "Mongolia", "oil_consumption"].isna().all()
    mng = en[en["country"] == "Mongolia"].set_index("year")
    assert mng.loc[2023, "net_elec_imports_share_demand"] == pytest.approx(22.378)


def test_energy_values_are_copied_unchanged_from_owid():
    needs_shared()
    src = {(r["country"], r["year"]): r for r in rows("owid_energy_comparison_mng_kgz", SHARED / "data")}
    mng = {(r["country"], r["year"]): r for r in rows("owid_mongolia_energy", SHARED / "data")}
    assert src[("Mongolia", "2023")]["net_elec_imports_share_demand"] == "22.378"
    ours = rows("mongolia_energy")
    assert len(ours) == sum(1 for c, y in {**mng, **src} if c in ("Mongolia", "Kyrgyzstan") and 1990 <= int(y) <= 2025)
    for r in ours:
        orig = src.get((r["country"], r["year"])) or mng[(r["country"], r["year"])]
        for col in r:
            if col in orig:
                assert r[col] == orig[col], (r["country"], r["year"], col)


def test_official_series_are_copied_unchanged():
    needs_shared()
    official = SHARED / "data" / "mongolia_official"
    bal = {r["year"]: r for r in rows("electricity_balance_annual", official)}
    for r in rows("electricity_balance"):
        for col in r:
            if col != "source_ids":
                assert r[col] == bal[r["year"]][col], (r["year"], col)
    assert len(bal) == len(rows("electricity_balance"))
    fuel = {(r["year"], r["product_group"]): r for r in rows("fuel_imports_annual", official)}
    ours = rows("fuel_imports")
    assert len(ours) == len(fuel)
    for r in ours:
        orig = fuel[(r["year"], r["product_group"])]
        assert (r["imports_kt"], r["complete_year"], r["product"]) == (orig["imports_kt"], orig["complete_year"], orig["product"])


def test_fuel_2026_is_incomplete():
    fuel = data.load("fuel_imports")
    assert not fuel.loc[fuel["year"] == 2026, "complete_year"].any()
    assert fuel.loc[fuel["year"] < 2026, "complete_year"].all()


def test_russia_share_keeps_the_95_percent_caveat_and_conflicts():
    sh = data.load("fuel_imports_from_russia").set_index("stmt_id")
    r08 = sh.loc["R08"]
    assert r08["share_low"] == 95 and r08["share_high"] == 95 and r08["confidence"] == "V"
    assert "Russia not named" in r08["partner"] and "immediate neighborhood" in r08["exact_quote"]
    assert sh.loc["R03", "share_low"] == 96 and pd.isna(sh.loc["R03", "share_high"])  # "more than 96"
    assert {sh.loc["R06", "share_low"], sh.loc["P12-2023", "share_low"]} == {97, 90}  # conflict kept


def test_three_announced_trips_are_marked_announced():
    trips = data.load("putin_trips")
    announced = trips[trips["status"] == "announced"]
    assert len(announced) == 3
    assert (announced["confidence"] == "U").all()
    assert (trips.loc[trips["status"] == "took_place", "confidence"] == "V").all()
    parties = trips[(trips["host_icc_status"] == "state_party") & (trips["status"] == "took_place")]
    assert list(parties["country"]) == ["Mongolia", "Tajikistan"]


def test_warrant_counts_keep_the_disagreement():
    wc = data.load("warrant_counts")
    assert set(wc["unit"]) == {"warrants", "persons", "unsealed warrants"}
    icc = wc[wc["source_ids"] == "scribd-icc-2024-12-17-court-today"].iloc[0]
    assert (icc["warrants_total"], icc["implemented_or_detained"], icc["withdrawn_death"]) == (59, 21, 7)
    assert pd.isna(icc["outstanding_or_at_large"])  # the ICC states no such number


def test_statute_quotations_are_verbatim():
    arts = data.load("rome_statute_articles")
    quoted = arts[arts["quotation"].notna()]
    assert len(quoted) >= 15
    assert set(quoted["quotation_source"]) <= {"rome-statute-publiclaw", "rome-statute-bwb"}
    assert arts.loc[arts["quotation"].isna(), "note"].str.contains("No quotation|not in").all()
    excerpts = SHARED / "rome_statute_excerpts.md"
    if not excerpts.exists():
        pytest.skip("../shared/sources/rome_statute_excerpts.md not available")
    text = excerpts.read_text(encoding="utf-8")
    for row in quoted.itertuples():
        assert row.quotation in text, row.article
