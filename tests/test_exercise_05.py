"""Exercise 5: the answer key agrees with the data and with lesson 5; each mistake hint names a real mistake."""

import nbformat
import pytest

from conftest import ROOT
from wanted import data, energy
from wanted.exercises import _norm, stored_key, task_specs

STEM = "05_energy.ipynb"


def spec(solution, task):
    return next(s for s in task_specs(solution) if s["task"] == task)


def test_shares_are_owid_net_imports_over_demand_2010_2024(key):
    rows = dict(key["e5.t1"]["dataframe"]["rows"])
    assert sorted(rows) == list(range(2010, 2025)), "2010-2024: the provisional 2025 is left out"
    owid = data.load("mongolia_energy").query("country == 'Mongolia'").set_index("year")
    for year, share in rows.items():
        assert share == owid.loc[year, "net_elec_imports_share_demand"]
        # Computing the share from the TWh columns gives the same value to the task's decimals.
        computed = 100 * owid.loc[year, "net_elec_imports"] / owid.loc[year, "electricity_demand"]
        assert round(computed, 1) == round(share, 1)


def test_step_is_the_2013_jump_in_percentage_points(key):
    s = energy.import_share().set_index("year")["share"]
    assert energy.step_year() == 2013
    assert key["e5.t2"] == pytest.approx(s[2013] - s[2012])


def test_step_mistakes_are_what_their_messages_say(solution, key):
    b = data.load("electricity_balance").set_index("year")
    owid = data.load("mongolia_energy").query("country == 'Mongolia'").set_index("year")
    s = owid["net_elec_imports_share_demand"]
    expected = {
        "final consumption": b.loc[2013, "imports_pct_of_final_consumption"] - b.loc[2012, "imports_pct_of_final_consumption"],
        "total supply": b.loc[2013, "imports_pct_of_total_supply"] - b.loc[2012, "imports_pct_of_total_supply"],
        "relative change": 100 * (s[2013] / s[2012] - 1),
        "a ratio": s[2013] / s[2012],
        "in TWh": owid.loc[2013, "net_elec_imports"] - owid.loc[2012, "net_elec_imports"],
        "sign is reversed": s[2012] - s[2013],
    }
    sp = spec(solution, "e5.t2")
    for phrase, value in expected.items():
        mistake = next(m for m in sp["mistakes"] if phrase in m["message"])
        assert _norm(mistake["value"], sp) == _norm(value, sp), phrase


def test_latest_complete_fuel_year_leaves_out_the_incomplete_year(key):
    year, total = energy.latest_complete_fuel_year()
    assert key["e5.t4"] == total
    assert year not in energy.incomplete_years() and max(energy.incomplete_years()) > year
    products = data.load("fuel_imports").query("year == @year and product_group != 'all_products'")
    assert products["imports_kt"].sum() == pytest.approx(total, abs=0.01)


@pytest.mark.parametrize("task", ["e5.t2", "e5.t4"])
def test_mistake_values_are_really_wrong_and_distinct(solution, key, task):
    sp = spec(solution, task)
    normed = [_norm(m["value"], sp) for m in sp["mistakes"]]
    assert _norm(key[task], sp) not in normed
    assert len(set(normed)) == len(normed), "two mistakes round to the same value: only the first message would show"


def test_the_chosen_reading_is_what_the_quote_says(solution, key):
    quote = data.load("fuel_imports_from_russia").set_index("stmt_id").loc["R08", "exact_quote"]
    assert "95% of its petroleum products" in quote and "immediate neighborhood" in quote
    assert "Russia" not in quote
    assert "immediate neighborhood" in key["e5.t5"] and "Russia" not in key["e5.t5"]
    assert key["e5.t5"] in spec(solution, "e5.t5")["options"]
