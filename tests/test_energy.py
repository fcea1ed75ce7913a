"""wanted.energy: every chart draws exactly what the tables hold, and the widgets' logic works.

The expected values are recomputed here directly from data/ with pandas, never
copied from the module, so a bug in a helper cannot hide behind itself.
"""

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from wanted import data, energy  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def owid(country="Mongolia"):
    t = data.load("mongolia_energy")
    return t[t["country"] == country].set_index("year")


def nso():
    return data.load("electricity_balance").set_index("year")


# --------------------------------------------------------------------------- electricity share


def test_import_share_equals_table():
    m = owid()["net_elec_imports_share_demand"].dropna()
    s = energy.import_share(2000, 2025).set_index("year")["share"]
    assert list(s.index) == [int(y) for y in m.loc[2000:2025].index]
    np.testing.assert_allclose(s.to_numpy(), m.loc[2000:2025].to_numpy())


def test_import_share_chart_draws_table_values_and_marks_provisional():
    fig, table = energy.import_share_figure()
    ax = fig.axes[0]
    main = ax.lines[0]
    m = owid()
    final = m[(~m["provisional"].astype(bool)) & m["net_elec_imports_share_demand"].notna()].loc[2000:2025]
    np.testing.assert_allclose(main.get_ydata(), final["net_elec_imports_share_demand"].to_numpy())
    # The provisional year is a separate hollow marker, not part of the solid line.
    prov = m[m["provisional"].astype(bool)]
    assert len(prov) == 1
    hollow = [ln for ln in ax.lines if ln.get_markerfacecolor() == "white"]
    assert len(hollow) == 1
    assert hollow[0].get_xdata()[0] == prov.index[0]
    assert hollow[0].get_ydata()[0] == pytest.approx(prov["net_elec_imports_share_demand"].iloc[0])
    # The government's "over 20 %" reference line is drawn and attributed.
    assert any(np.allclose(ln.get_ydata(), 20) for ln in ax.lines)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "POLITICO" in texts and "3 Sep 2024" in texts
    assert "Oyu Tolgoi" in texts


def test_step_year_is_2013():
    m = owid()["net_elec_imports_share_demand"].dropna()
    jump = m.diff()
    assert energy.step_year() == int(jump[jump > 10].index[0]) == 2013


def test_share_summary_prints_table_values():
    text = energy.share_summary()
    m = owid()["net_elec_imports_share_demand"]
    for year in (2022, 2023, 2024):
        assert f"{year}: {m[year]:.1f} %" in text
    assert f"2025: {m[2025]:.1f} % (provisional)" in text


def test_demand_is_generation_plus_net_imports():
    t = data.load("mongolia_energy").dropna(subset=["electricity_demand", "electricity_generation", "net_elec_imports"])
    assert len(t) > 40
    assert energy.demand_identity() < 1e-9


def test_denominators_recomputed_from_both_tables():
    d = energy.denominators(2024)
    m, b = owid().loc[2024], nso().loc[2024]
    assert d.loc["Net imports ÷ demand", "computed %"] == pytest.approx(
        100 * m["net_elec_imports"] / m["electricity_demand"], abs=0.005)
    assert d.loc["Imports ÷ total supply", "computed %"] == pytest.approx(
        100 * b["imports_gwh"] / b["total_supply_gwh"], abs=0.005)
    assert d.loc["Imports ÷ final consumption", "computed %"] == pytest.approx(
        100 * b["imports_gwh"] / b["final_consumption_gwh"], abs=0.005)
    # What we compute agrees with what the tables state.
    assert (d["computed %"] - d["in table %"]).abs().max() < 0.06
    # The smallest denominator gives the largest share.
    assert d["computed %"].idxmax() == "Imports ÷ final consumption"


def test_denominators_chart_lines_equal_tables():
    fig, table = energy.denominators_figure(2000, 2024)
    lines = {ln.get_label(): ln for ln in fig.axes[0].lines}
    b = nso().loc[2000:2024]
    np.testing.assert_allclose(lines["NSO: imports ÷ final consumption"].get_ydata(),
                               b["imports_pct_of_final_consumption"].to_numpy())
    np.testing.assert_allclose(lines["NSO: imports ÷ total supply"].get_ydata(), b["imports_pct_of_total_supply"].to_numpy())
    np.testing.assert_allclose(lines["OWID/Ember: net imports ÷ demand"].get_ydata(),
                               owid()["net_elec_imports_share_demand"].loc[2000:2024].to_numpy())


# --------------------------------------------------------------------------- partners and fuel


def test_partner_bars_equal_tables():
    fig, t = energy.partner_figure()
    p = data.load("electricity_imports_by_partner")
    widths = sorted(round(b.get_width(), 6) for b in fig.axes[0].patches)
    expected = sorted([round(float(v), 6) for v in p["value_twh"]] + [round(nso().loc[2021, "imports_gwh"] / 1000, 6)])
    assert widths == expected
    # China's figure is larger than Russia's: most imported electricity comes from China.
    by = p.set_index("partner")["value_twh"]
    assert by["China"] > by["Russia"]


def test_fuel_volumes_exclude_incomplete_years_and_equal_table():
    f = data.load("fuel_imports")
    v = energy.fuel_volumes()
    incomplete = set(f.loc[~f["complete_year"], "year"].astype(int))
    assert incomplete and not incomplete & set(v.index)
    totals = f[(f["product_group"] == "all_products") & f["complete_year"]].set_index("year")["imports_kt"]
    np.testing.assert_allclose(v["total"].to_numpy(), totals.sort_index().to_numpy())
    # The product groups add up to the reported total (rounding only).
    parts = v[["gasoline", "diesel", "jet_fuel", "lpg", "other"]].sum(axis=1)
    assert (parts - v["total"]).abs().max() < 0.5


def test_fuel_chart_stacks_equal_table():
    fig, v = energy.fuel_figure()
    heights = {}
    for container in fig.axes[0].containers:
        heights[container.get_label()] = [round(b.get_height(), 6) for b in container]
    assert heights["Diesel"] == [round(x, 6) for x in v["diesel"]]
    assert heights["Gasoline"] == [round(x, 6) for x in v["gasoline"]]
    assert "2026" not in " ".join(t.get_text() for t in fig.axes[0].get_xticklabels())


def test_statement_scopes():
    t = energy.statements().set_index("stmt_id")
    assert t.loc["R08", "scope"] == "neighbourhood"       # the POLITICO quote names no country
    assert t.loc["R13", "scope"] == t.loc["R14", "scope"] == "company"
    assert t.loc["R12", "scope"] == "expected"
    assert t.loc["R06", "scope"] == "products"             # AI-92 gasoline only
    assert t.loc["R10", "scope"] == "all"
    assert "E01" not in t.index and "E07" not in t.index   # electricity statements are not fuel


def test_statements_chart_plots_every_fuel_statement_once():
    fig, t = energy.statements_figure()
    points = []
    for coll in fig.axes[0].collections:
        points += [tuple(np.round(o, 6)) for o in coll.get_offsets()]
    assert len(points) == len(t)
    raw = data.load("fuel_imports_from_russia")
    fuel = raw[raw["product_scope"] != "electricity"].dropna(subset=["year"])
    assert sorted(y for _, y in points) == sorted(fuel["share_low"].astype(float))


def test_russia_share_range_from_statements():
    raw = data.load("fuel_imports_from_russia")
    national = raw[raw["partner"].str.startswith("Russia") & ~raw["stmt_id"].isin(["R12", "R13", "R14"])
                   & (raw["product_scope"] != "electricity")]
    low, high = energy.russia_share_range()
    assert low == national["share_low"].min()
    assert high == national["share_high"].fillna(national["share_low"]).max()


# --------------------------------------------------------------------------- missing values and the paradox


def test_coverage_reports_empty_oil_column():
    c = energy.coverage()
    m = owid()
    assert c.loc["oil_consumption", "years with a value"] == 0 == int(m["oil_consumption"].notna().sum())
    assert c.loc["coal_production", "years missing"] == int(m["coal_production"].isna().sum())


def test_paradox_table_equals_owid():
    p = energy.paradox_table()
    m = owid().dropna(subset=["coal_production", "primary_energy_consumption"])
    last = m.index.max()
    assert p.loc["Mongolia", "year"] == last
    assert p.loc["Mongolia", "production ÷ use"] == pytest.approx(
        m.loc[last, "coal_production"] / m.loc[last, "primary_energy_consumption"])
    assert p.loc["Mongolia", "production ÷ use"] > 1 > p.loc["Kyrgyzstan", "production ÷ use"]


def test_paradox_chart_never_draws_missing_as_zero():
    fig, _ = energy.paradox_figure()
    for ax in fig.axes:
        for ln in ax.lines:
            y = np.asarray(ln.get_ydata(), dtype=float)
            assert not np.isnan(y).any()
    k = owid("Kyrgyzstan")["coal_production"].dropna().loc[2000:2025]
    coal_line = [ln for ln in fig.axes[1].lines if ln.get_label() == "Coal production"][0]
    np.testing.assert_allclose(coal_line.get_ydata(), k.to_numpy())


def test_paradox_chart_shows_the_import_side_in_its_own_units():
    fig, tables = energy.paradox_figure()
    low_left, low_right = fig.axes[2], fig.axes[3]
    # Net electricity imports, TWh, straight from the OWID table (final years as lines, provisional hollow).
    for country in ("Mongolia", "Kyrgyzstan"):
        o = owid(country)
        final = o[~o["provisional"].astype(bool)]["net_elec_imports"].dropna().loc[2000:2025]
        line = [ln for ln in low_left.lines if ln.get_label() == country][0]
        np.testing.assert_allclose(line.get_xdata(), final.index.to_numpy())
        np.testing.assert_allclose(line.get_ydata(), final.to_numpy())
    assert "TWh" in low_left.get_ylabel()
    # Petroleum products in thousand tonnes, complete years only, never converted into TWh.
    f = data.load("fuel_imports")
    full = f[(f["product_group"] == "all_products") & f["complete_year"]].set_index("year")["imports_kt"]
    heights = [p.get_height() for p in low_right.patches]
    np.testing.assert_allclose(heights, full.sort_index().to_numpy())
    np.testing.assert_allclose(tables["fuel_kt"].to_numpy(), full.sort_index().to_numpy())
    assert "kt" in low_right.get_ylabel() and "not TWh" in low_right.get_ylabel()
    assert low_right.get_ylim()[0] == 0, "bars start at zero"
    source = " ".join(t.get_text() for t in fig.texts)
    assert "MRPAM" in source and "Our World in Data" in source and "not converted" in source
    assert "imports" in fig._suptitle.get_text()


def test_paradox_alt_text_names_both_units_and_the_import_numbers():
    alt = energy.paradox_alt()
    full = energy.fuel_volumes()["total"]
    m = owid()
    last_final = m[~m["provisional"].astype(bool)]["net_elec_imports"].dropna()
    assert f"{full.iloc[-1]:,.0f} kt" in alt and f"{full.iloc[0]:,.0f} kt" in alt
    assert f"{last_final.iloc[-1]:.2f} TWh in {last_final.index[-1]}" in alt
    assert "terawatt-hours" in alt and "thousand tonnes" in alt and "not converted" in alt


# --------------------------------------------------------------------------- widgets


def test_measure_series_and_description():
    s = energy.measure_series(energy.DEFAULT_MEASURE, 2010, 2015)
    assert set(s["country"]) == {"Mongolia", "Kyrgyzstan"}
    mng = s[s["country"] == "Mongolia"].set_index("year")["value"]
    np.testing.assert_allclose(mng.to_numpy(), owid()["net_elec_imports_share_demand"].loc[2010:2015].to_numpy())
    text = energy.describe_measure(energy.DEFAULT_MEASURE, 2010, 2015)
    assert "2010" in text and "2015" in text and f"{owid().loc[2015, 'net_elec_imports_share_demand']:.1f} %" in text
    # Reversed ranges are read the right way round.
    assert energy.describe_measure(energy.DEFAULT_MEASURE, 2015, 2010) == text


def test_empty_measure_is_not_zero():
    label = "Oil consumption, TWh (OWID)"
    assert energy.measure_series(label).empty
    fig, _ = energy.measure_figure(label)
    assert fig is None
    assert "not zero" in energy.describe_measure(label)


def test_unknown_measure_names_the_options():
    with pytest.raises(KeyError, match="choose one of"):
        energy.measure_series("Nuclear power")


def test_explorer_redraws_on_change():
    w = energy.explorer()
    first_text, first_png = w.words.value, w.image.value
    w.dropdown.value = "Electricity imports, % of final consumption (NSO, Mongolia only)"
    assert w.words.value != first_text and w.image.value != first_png
    assert "final consumption" in w.words.value
    w.slider.value = (2013, 2020)
    assert "2013–2020" in w.words.value
    w.dropdown.value = "Oil consumption, TWh (OWID)"
    assert "not zero" in w.words.value and w.image.layout.display == "none" and w.image.value == ""


def _img_alt(value):
    import html as html_lib
    import re

    found = re.fullmatch(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"]*)" style="[^"]*">', value)
    assert found, "the explorer's image is one <img> with a PNG data URI and an alt attribute"
    return html_lib.unescape(found.group(1))


def test_explorer_image_carries_alt_text_that_follows_the_choice():
    w = energy.explorer()
    alt = _img_alt(w.image.value)
    assert alt == energy.measure_alt(energy.DEFAULT_MEASURE, 2000, 2025)
    assert energy.describe_measure(energy.DEFAULT_MEASURE, 2000, 2025) in alt and "Source: " in alt
    w.dropdown.value = "Electricity imports, GWh (NSO, Mongolia only)"
    alt = _img_alt(w.image.value)
    assert "National Statistics Office" in alt and "GWh" in alt
    # Quotes and angle brackets in a description cannot break out of the attribute.
    tricky = energy.image_html(b"\x89PNG", 'a "quoted" <b>alt</b> & more')
    assert _img_alt(tricky) == 'a "quoted" <b>alt</b> & more'


@pytest.mark.parametrize("measure", list(energy.MEASURES))
def test_every_explorer_chart_states_its_source_and_unit(measure):
    line = energy.measure_source(measure)
    unit = energy.MEASURES[measure][2]
    assert line.startswith("Source: ") and f"Unit: {energy.UNIT_WORDS[unit]}" in line
    assert ("Our World in Data" in line) == (energy.MEASURES[measure][0] == "mongolia_energy")
    assert ("National Statistics Office" in line) == (energy.MEASURES[measure][0] == "electricity_balance")
    fig, series = energy.measure_figure(measure)
    if fig is None:  # an empty column: nothing drawn, and the static copy still names the source
        assert series.empty
        return
    shown = " ".join(t.get_text() for t in fig.texts).replace("\n", " ")
    assert "Source: " in shown and "Unit: " in shown
    assert unit in fig.axes[0].get_ylabel()
    provisional = sorted(series.loc[series["provisional"], "year"].unique())
    assert all(f"{y}: provisional" in line for y in provisional)


def test_source_line_leaves_out_provisional_when_the_range_does():
    assert "provisional" in energy.measure_source(energy.DEFAULT_MEASURE, 2000, 2025)
    assert "provisional" not in energy.measure_source(energy.DEFAULT_MEASURE, 2000, 2024)
    with pytest.raises(KeyError, match="choose one of"):
        energy.measure_source("Nuclear power")


def test_explorer_display_has_fixed_plain_text_and_static_copy():
    bundle = energy.explorer()._repr_mimebundle_()
    assert bundle["text/plain"] == energy.Explorer.plain
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "Static copy" in bundle["text/html"] and "<table>" in bundle["text/html"]
    assert "Source: " in bundle["text/html"] and "data:image" not in bundle["text/html"]


def test_what_if_arithmetic():
    f = data.load("fuel_imports")
    full = f[(f["product_group"] == "all_products") & f["complete_year"]]
    year = int(full["year"].max())
    total = float(full.set_index("year").loc[year, "imports_kt"])
    n = energy.what_if_numbers(20)
    assert n["year"] == year and n["total_kt"] == pytest.approx(total)
    assert n["russia_kt"] == pytest.approx(total * 0.8)
    assert n["russia_kt"] + n["other_kt"] == pytest.approx(total)
    assert energy.what_if_numbers(-5)["other_pct"] == 0 and energy.what_if_numbers(500)["other_pct"] == 100


def test_what_if_says_it_is_not_a_forecast_and_reacts():
    w = energy.what_if(5)
    before = w.words.value
    assert "NOT A FORECAST" in before
    w.slider.value = 30
    assert w.words.value != before and "If 30 %" in w.words.value
    bundle = w._repr_mimebundle_()
    assert bundle["text/plain"] == energy.WhatIf.plain and "NOT A FORECAST" in bundle["text/html"]


def test_what_if_compares_with_statements_about_all_fuel_only():
    # A gasoline share is not a share of all petroleum products: the tonnage comparison must not use it.
    t = energy.statements()
    russia = t[t["partner"].str.startswith("Russia")]
    all_fuel = russia[russia["scope"] == "all"]
    one_product = russia[russia["scope"] == "products"]
    n = energy.what_if_numbers(5)
    assert n["stated_high_pct"] == all_fuel["share_high"].fillna(all_fuel["share_low"]).max()
    assert n["stated_high_pct"] < one_product["share_high"].max()
    assert n["high_is_lower_bound"] == bool(all_fuel["lower_bound_only"][all_fuel["share_low"] == n["stated_high_pct"]].any())
    assert ("more than" in energy.what_if_text(5)) == n["high_is_lower_bound"]
