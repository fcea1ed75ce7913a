"""Lesson 5 — Mongolia's energy dependence: the charts and widgets.

Every number here is computed from the tables in ``data/`` (loaded with
:func:`wanted.data.load`); nothing is typed in. A lesson cell calls one function:

* **electricity imports**: :func:`share_summary` (the key shares, printed),
  :func:`import_share_chart` (net imports as a share of demand, OWID/Ember,
  with the government's "over 20 %" line, the 2013 step and the provisional 2025
  value), :func:`denominators` and :func:`denominators_chart` (the same imports
  over three denominators, OWID vs the official NSO balance);
* **where imports come from**: :func:`partner_chart` (electricity, around 2021,
  approximate) and :func:`statements_chart` (sourced statements of Russia's share
  of fuel imports, conflicts kept, scope as marker shape and colour);
* **petroleum volumes**: :func:`fuel_summary`, :func:`fuel_chart` (official MRPAM
  tonnages by product group; incomplete years left out and said so);
* **the paradox**: :func:`paradox_summary`, :func:`paradox_chart` (coal production
  vs energy use, Mongolia and Kyrgyzstan, and the import side: net electricity imports
  in TWh and Mongolia's petroleum-product imports in kt, in a panel of their own) and
  :func:`coverage` (which columns are empty: missing is never zero);
* **widgets**: :func:`explorer` (measure + year range → chart with its source line and
  unit, alt text on the image, and a sentence) and
  :func:`what_if` (an ILLUSTRATIVE "what if" slider, never a forecast).

Each chart has a ``*_figure`` function returning ``(fig, table)``: the table is
exactly what is drawn, so ``tests/test_energy.py`` can check it against the data.
Widget callbacks do not run under nbval; their logic is in plain functions
(:func:`describe_measure`, :func:`what_if_text`, …) that the tests call.
"""

from __future__ import annotations

import base64
import html
import textwrap

import pandas as pd

from wanted import charts, data

#: Latest year OWID marks as provisional is read from the table's ``provisional`` column.
GOVERNMENT_ELECTRICITY_LINE = 20  # "over 20% of electricity", POLITICO, 3 Sep 2024 (stmt E01)
GOVERNMENT_STATEMENT_ID = "E01"

# --------------------------------------------------------------------------- tables


def energy_table() -> pd.DataFrame:
    """OWID/Ember rows for Mongolia and Kyrgyzstan (``data/mongolia_energy.csv``)."""
    return data.load("mongolia_energy")


def mongolia() -> pd.DataFrame:
    """The Mongolia rows of :func:`energy_table`, indexed by year."""
    t = energy_table()
    return t[t["country"] == "Mongolia"].set_index("year").sort_index()


def balance() -> pd.DataFrame:
    """The official NSO electricity balance (``data/electricity_balance.csv``), indexed by year."""
    return data.load("electricity_balance").set_index("year").sort_index()


def _fmt(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


# --------------------------------------------------------------------------- electricity: the share


def import_share(start: int = 2000, end: int = 2025, country: str = "Mongolia") -> pd.DataFrame:
    """Net electricity imports as a % of demand (OWID/Ember): year, share, provisional.

    Years without a value are dropped (a gap, never a zero).
    """
    t = energy_table()
    t = t[(t["country"] == country) & t["year"].between(start, end)]
    t = t[t["net_elec_imports_share_demand"].notna()]
    out = pd.DataFrame({
        "year": t["year"].astype(int).to_numpy(),
        "share": t["net_elec_imports_share_demand"].astype(float).to_numpy(),
        "provisional": t["provisional"].astype(bool).to_numpy(),
    })
    return out.sort_values("year").reset_index(drop=True)


def step_year(threshold: float = 10.0) -> int:
    """The first year in which Mongolia's net-import share rose by more than ``threshold`` points."""
    s = import_share().set_index("year")["share"]
    jumps = s.diff()
    return int(jumps[jumps > threshold].index[0])


def share_summary(years=(2022, 2023, 2024)) -> str:
    """The key shares in words, computed from the table (print it)."""
    s = import_share()
    by_year = s.set_index("year")
    step = step_year()
    before = s[s["year"] < step]["share"]
    after = s[(s["year"] >= step) & ~s["provisional"]]["share"]
    lines = ["Net electricity imports as a share of demand, Mongolia (OWID/Ember):"]
    for y in years:
        lines.append(f"  {y}: {by_year.loc[y, 'share']:.1f} %")
    prov = s[s["provisional"]]
    for _, r in prov.iterrows():
        lines.append(f"  {int(r['year'])}: {r['share']:.1f} % (provisional)")
    lines.append(f"Before {step}: between {before.min():.1f} % and {before.max():.1f} % "
                 f"({int(s['year'].min())}–{step - 1}).")
    lines.append(f"From {step} (final years only): between {after.min():.1f} % and {after.max():.1f} % "
                 f"({step}–{int(s[~s['provisional']]['year'].max())}).")
    return "\n".join(lines)


def demand_identity() -> float:
    """Largest |demand − (generation + net imports)| in the OWID table, TWh.

    Close to zero: in this table, *demand* is generation plus net imports.
    """
    t = energy_table().dropna(subset=["electricity_demand", "electricity_generation", "net_elec_imports"])
    gap = t["electricity_demand"] - (t["electricity_generation"] + t["net_elec_imports"])
    return float(gap.abs().max())


def import_share_figure(start: int = 2000, end: int = 2025):
    """The net-import share chart and the rows it draws."""
    s = import_share(start, end)
    final = s[~s["provisional"]]
    prov = s[s["provisional"]]
    fig, ax = charts.new(figsize=(9, 4.8))
    ax.plot(final["year"], final["share"], marker="o", color=charts.PALETTE["blue"],
            label="Net imports, % of demand (OWID/Ember)")
    if len(prov) and len(final):
        last = final.iloc[-1]
        ax.plot([last["year"], prov["year"].iloc[0]], [last["share"], prov["share"].iloc[0]],
                linestyle="--", color=charts.PALETTE["blue"])
    for _, r in prov.iterrows():
        ax.plot([r["year"]], [r["share"]], marker="o", markersize=9, markerfacecolor="white",
                markeredgewidth=2, color=charts.PALETTE["blue"], linestyle="none",
                label="Provisional value (hollow marker)")
        ax.annotate(f"{int(r['year'])}: {r['share']:.1f} %\n(provisional)", (r["year"], r["share"]),
                    xytext=(10, 0), textcoords="offset points", ha="left", va="center", fontsize=9)
    ax.axhline(GOVERNMENT_ELECTRICITY_LINE, color=charts.PALETTE["vermillion"], linestyle=":", linewidth=2)
    ax.text(start + 0.2, GOVERNMENT_ELECTRICITY_LINE + 0.6,
            '"over 20 %" from "our immediate neighborhood":\ngovernment spokesperson to POLITICO, 3 Sep 2024',
            color=charts.PALETTE["vermillion"], fontsize=8.5, va="bottom")
    step = step_year()
    if start <= step <= end:
        y = float(s.set_index("year").loc[step, "share"])
        ax.annotate(f"{step}: step up; coincides with the Oyu Tolgoi\nmine importing power from China",
                    (step, y), xytext=(step + 1.5, 11), textcoords="data", fontsize=9,
                    arrowprops={"arrowstyle": "->", "color": "#333333"})
    ax.set_ylim(0, max(30, float(s["share"].max()) + 4))
    ax.set_xlim(start - 0.5, end + (3 if len(prov) else 0.5))  # room for the provisional label
    ax.set_xlabel("Year")
    ax.set_ylabel("Net imports, % of electricity demand")
    ax.set_title("Mongolia: net electricity imports as a share of demand")
    ax.legend(loc="lower right", fontsize=9)
    fig.text(0.01, -0.02, "Source: Our World in Data energy dataset (from Ember). Demand = generation + net imports. "
             "2025 provisional.", fontsize=8.5, color="#444444")
    return fig, s


def import_share_alt(start: int = 2000, end: int = 2025) -> str:
    s = import_share(start, end)
    by = s.set_index("year")["share"]
    step = step_year()
    final = s[~s["provisional"]]
    last = final.iloc[-1]
    text = (f"Line chart of Mongolia's net electricity imports as a percentage of demand, {int(s['year'].min())} to "
            f"{int(s['year'].max())}. The share stays between {by[by.index < step].min():.1f} and "
            f"{by[by.index < step].max():.1f} % until {step - 1}, jumps to {by[step]:.1f} % in {step}, and reaches "
            f"{last['share']:.1f} % in {int(last['year'])}.")
    for _, r in s[s["provisional"]].iterrows():
        text += f" The provisional {int(r['year'])} value, {r['share']:.1f} %, is drawn as a hollow marker."
    text += " A dotted horizontal line at 20 % marks the government's 'over 20 %' statement of 3 September 2024."
    return text


def import_share_chart(start: int = 2000, end: int = 2025) -> None:
    """Show the net-import share chart (with alt text)."""
    fig, _ = import_share_figure(start, end)
    charts.show(fig, import_share_alt(start, end))


# --------------------------------------------------------------------------- electricity: denominators


def denominators(year: int = 2024) -> pd.DataFrame:
    """The same year's imports over three denominators (OWID vs NSO), computed from the tables."""
    m = mongolia().loc[year]
    b = balance().loc[year]
    own_use_losses = b["total_supply_gwh"] - b["exports_gwh"] - b["final_consumption_gwh"]
    rows = [
        ("Net imports ÷ demand", "OWID/Ember",
         f"net imports {m['net_elec_imports']:.2f} TWh", f"demand {m['electricity_demand']:.2f} TWh "
         "(generation + net imports)", 100 * m["net_elec_imports"] / m["electricity_demand"],
         m["net_elec_imports_share_demand"]),
        ("Imports ÷ total supply", "NSO balance",
         f"imports {_fmt(b['imports_gwh'])} GWh", f"total supply {_fmt(b['total_supply_gwh'])} GWh "
         "(generation + imports)", 100 * b["imports_gwh"] / b["total_supply_gwh"], b["imports_pct_of_total_supply"]),
        ("Imports ÷ final consumption", "NSO balance",
         f"imports {_fmt(b['imports_gwh'])} GWh", f"final consumption {_fmt(b['final_consumption_gwh'])} GWh "
         f"(supply minus exports, power stations' own use and losses: {_fmt(own_use_losses)} GWh)",
         100 * b["imports_gwh"] / b["final_consumption_gwh"], b["imports_pct_of_final_consumption"]),
    ]
    out = pd.DataFrame(rows, columns=["measure", "source", "numerator", "denominator", "computed %", "in table %"])
    # Two decimals: the NSO shares are stored with two, and rounding 30.15 to one decimal hides that.
    out["computed %"] = out["computed %"].astype(float).round(2)
    out["in table %"] = out["in table %"].astype(float).round(2)
    return out.set_index("measure")


def denominators_figure(start: int = 2000, end: int = 2024):
    """Three lines: OWID share of demand, NSO imports % of total supply, NSO imports % of final consumption."""
    s = import_share(start, end)
    s = s[~s["provisional"]]
    b = balance().loc[start:end]
    table = pd.DataFrame({
        "year": s["year"].to_numpy(),
        "owid_share_of_demand": s["share"].to_numpy(),
    }).merge(pd.DataFrame({
        "year": b.index.astype(int),
        "nso_pct_of_total_supply": b["imports_pct_of_total_supply"].astype(float).to_numpy(),
        "nso_pct_of_final_consumption": b["imports_pct_of_final_consumption"].astype(float).to_numpy(),
    }), on="year", how="outer").sort_values("year").reset_index(drop=True)
    series = [  # column, label, colour, marker, line style, vertical offset of the end label (points)
        ("nso_pct_of_final_consumption", "NSO: imports ÷ final consumption", charts.PALETTE["orange"], "s", "--", 0),
        ("nso_pct_of_total_supply", "NSO: imports ÷ total supply", charts.PALETTE["green"], "^", ":", 7),
        ("owid_share_of_demand", "OWID/Ember: net imports ÷ demand", charts.PALETTE["blue"], "o", "-", -7),
    ]
    fig, ax = charts.new(figsize=(9, 4.8))
    for col, label, colour, marker, style, dy in series:
        part = table.dropna(subset=[col])
        ax.plot(part["year"], part[col], marker=marker, linestyle=style, color=colour, label=label, markersize=5)
        last = part.iloc[-1]
        ax.annotate(f"{last[col]:.2f} %", (last["year"], last[col]), xytext=(6, dy), textcoords="offset points",
                    va="center", fontsize=9, color=colour)
    ax.set_ylim(0, max(35, float(table[[c for c, *_ in series]].max().max()) + 3))
    ax.set_xlim(start - 0.5, end + 2.5)
    ax.set_xlabel("Year")
    ax.set_ylabel("Electricity imports, %")
    ax.set_title("Same imports, three denominators")
    ax.legend(loc="upper left", fontsize=9)
    fig.text(0.01, -0.02, "Sources: NSO electricity balance (table DT_NSO_1100_009V1, via Data.mn); "
             "Our World in Data (Ember).", fontsize=8.5, color="#444444")
    return fig, table


def denominators_chart(start: int = 2000, end: int = 2024) -> None:
    """Show the three-denominator chart (with alt text)."""
    fig, t = denominators_figure(start, end)
    last = t.iloc[-1]
    alt = (f"Line chart of Mongolia's electricity imports as a percentage, {start} to {end}, measured three ways. "
           f"In {int(last['year'])}: imports are {last['nso_pct_of_final_consumption']:.2f} % of final consumption "
           f"and {last['nso_pct_of_total_supply']:.2f} % of total supply (NSO), and net imports are "
           f"{last['owid_share_of_demand']:.2f} % of demand (OWID/Ember). All three lines jump in 2013; the "
           "final-consumption line is always the highest because its denominator is the smallest.")
    charts.show(fig, alt)


# --------------------------------------------------------------------------- where electricity comes from


def partners() -> pd.DataFrame:
    """Electricity imports around 2021 by partner (approximate) plus NSO's gross imports for 2021, TWh."""
    p = data.load("electricity_imports_by_partner")
    labels = {
        "Russia": "Russia: Inter RAO's gross supply, 2021",
        "China": "China: Oyu Tolgoi mine only, stated yearly average",
        "All partners (net)": "All partners, net imports, 2021 (OWID/Ember)",
    }
    rows = [(labels.get(r["partner"], r["partner"]), float(r["value_twh"]), r["source_ids"]) for _, r in p.iterrows()]
    year = int(p.loc[p["partner"] == "Russia", "year"].iloc[0])
    rows.append((f"All partners, gross imports, {year} (NSO balance)", float(balance().loc[year, "imports_gwh"]) / 1000,
                 "nso-electricity-balance-datamn"))
    return pd.DataFrame(rows, columns=["label", "twh", "source_ids"])


def partner_figure():
    t = partners()
    fig, ax = charts.new(figsize=(9, 3.8))
    colours = [charts.PALETTE["vermillion"], charts.PALETTE["orange"], charts.PALETTE["blue"], charts.PALETTE["sky"]]
    hatches = ["//", "..", "", "xx"]
    y = list(range(len(t)))[::-1]
    for yi, (_, r), c, h in zip(y, t.iterrows(), colours, hatches):
        ax.barh(yi, r["twh"], color=c, hatch=h, edgecolor="#333333")
        ax.text(r["twh"] + 0.03, yi, f"≈ {r['twh']:.2f} TWh", va="center", fontsize=10)
    ax.set_yticks(y)
    ax.set_yticklabels(t["label"])
    ax.set_xlim(0, float(t["twh"].max()) * 1.25)
    ax.set_xlabel("Electricity, TWh (bars start at zero)")
    ax.set_title("Where imported electricity came from, around 2021 (approximate)")
    ax.grid(axis="y", visible=False)
    fig.text(0.01, -0.08, "Four figures from different sources and definitions: do not add them up.\nRussia: RIA "
             "Novosti on Inter RAO; China: Minister of Energy via MONTSAME, 2022; OWID/Ember; NSO balance.",
             fontsize=8.5, color="#444444")
    return fig, t


def partner_chart() -> None:
    fig, t = partner_figure()
    parts = "; ".join(f"{r['label']}: about {r['twh']:.2f} TWh" for _, r in t.iterrows())
    charts.show(fig, "Horizontal bar chart of Mongolia's electricity imports around 2021, approximate. " + parts +
                ". The China bar is more than twice the Russia bar.")


# --------------------------------------------------------------------------- fuel: volumes


def fuel_volumes(complete_only: bool = True) -> pd.DataFrame:
    """MRPAM petroleum-product imports, kt: one row per year, one column per product group, plus ``total``."""
    f = data.load("fuel_imports")
    if complete_only:
        f = f[f["complete_year"]]
    wide = f.pivot_table(index="year", columns="product_group", values="imports_kt", aggfunc="sum")
    wide = wide.rename(columns={"all_products": "total"})
    wide.index = wide.index.astype(int)
    return wide[["gasoline", "diesel", "jet_fuel", "lpg", "other", "total"]]


def incomplete_years() -> list[int]:
    f = data.load("fuel_imports")
    return sorted(int(y) for y in f.loc[~f["complete_year"], "year"].unique())


def fuel_summary() -> str:
    v = fuel_volumes()
    lines = ["Imports of petroleum products (MRPAM), thousand tonnes (kt), complete years:"]
    for y, r in v.iterrows():
        lines.append(f"  {y}: {r['total']:,.0f} kt (diesel {100 * r['diesel'] / r['total']:.0f} %)")
    first, last = v.index.min(), v.index.max()
    growth = 100 * (v.loc[last, "total"] / v.loc[first, "total"] - 1)
    lines.append(f"Change {first}–{last}: {growth:+.0f} %.")
    inc = incomplete_years()
    if inc:
        lines.append(f"Left out: {', '.join(map(str, inc))} (incomplete year in the table: not comparable).")
    lines.append("The table has no country of origin: Russia's share comes from statements, not from MRPAM.")
    return "\n".join(lines)


FUEL_GROUPS = [
    ("diesel", "Diesel", charts.PALETTE["blue"], ""),
    ("gasoline", "Gasoline", charts.PALETTE["orange"], "//"),
    ("jet_fuel", "Jet fuel", charts.PALETTE["green"], ".."),
    ("lpg", "LPG", charts.PALETTE["purple"], "xx"),
    ("other", "Other (unspecified)", "#999999", "\\\\"),
]


def fuel_figure():
    v = fuel_volumes()
    fig, ax = charts.new(figsize=(9, 4.6))
    bottom = pd.Series(0.0, index=v.index)
    for col, label, colour, hatch in FUEL_GROUPS:
        ax.bar(v.index, v[col], bottom=bottom, color=colour, hatch=hatch, edgecolor="#333333", label=label, width=0.6)
        bottom = bottom + v[col]
    for y, total in v["total"].items():
        ax.text(y, total + 40, f"{total:,.0f} kt", ha="center", fontsize=10)
    ax.set_xticks(list(v.index))
    ax.set_ylim(0, float(v["total"].max()) * 1.15)
    ax.set_xlabel("Year")
    ax.set_ylabel("Imports, thousand tonnes (kt)")
    ax.set_title("Mongolia's imports of petroleum products by product")
    ax.legend(loc="upper left", fontsize=9, ncol=2)
    inc = incomplete_years()
    note = f" {', '.join(map(str, inc))} left out: incomplete year." if inc else ""
    fig.text(0.01, -0.02, "Source: MRPAM monthly report, Table 4.3 (via Data.mn). No country of origin in this "
             "series." + note, fontsize=8.5, color="#444444")
    return fig, v


def fuel_chart() -> None:
    fig, v = fuel_figure()
    first, last = v.index.min(), v.index.max()
    alt = (f"Stacked bar chart of Mongolia's petroleum-product imports by product, {first} to {last}, in thousand "
           f"tonnes. The total rises from {v.loc[first, 'total']:,.0f} kt to {v.loc[last, 'total']:,.0f} kt; diesel "
           f"is the largest part every year, then gasoline.")
    charts.show(fig, alt)


# --------------------------------------------------------------------------- fuel: Russia's share (statements)

#: Scope groups of the statements: label, colour, marker. Colour AND shape differ.
SCOPES = {
    "all": ("All imported fuel / petroleum products", charts.PALETTE["blue"], "o"),
    "products": ("Specific products only (gasoline; or gasoline, diesel, jet fuel)", charts.PALETTE["orange"], "s"),
    "neighbourhood": ("'Our immediate neighborhood' (no country named)", charts.PALETTE["vermillion"], "*"),
    "company": ("One company's share (Rosneft)", charts.PALETTE["purple"], "v"),
    "expected": ("Expected share, not measured", charts.PALETTE["green"], "D"),
}


def scope_group(row) -> str | None:
    """Which :data:`SCOPES` group a statement belongs to; ``None`` for electricity statements."""
    scope = str(row["product_scope"]).lower()
    partner = str(row["partner"]).lower()
    if scope == "electricity":
        return None
    if "expected" in str(row["share_text"]).lower():
        return "expected"
    if partner.startswith("immediate"):
        return "neighbourhood"
    if "company" in scope or "railway" in scope:
        return "company"
    if "gasoline" in scope and "all" not in scope:
        return "products"
    return "all"


def statements() -> pd.DataFrame:
    """Fuel statements with a year and a scope group (electricity statements left out)."""
    t = data.load("fuel_imports_from_russia").copy()
    t["scope"] = [scope_group(r) for _, r in t.iterrows()]
    t = t[t["scope"].notna() & t["year"].notna()].copy()
    t["year"] = t["year"].astype(int)
    t["lower_bound_only"] = t["share_high"].isna()
    return t.reset_index(drop=True)


def russia_share_range(scopes=("all", "products")) -> tuple[float, float]:
    """Lowest and highest share stated for Russia, national scope, measured (not expected, not one company).

    ``scopes``: "all" (all imported fuel) and/or "products" (one product, e.g. gasoline). A share of gasoline is
    not a share of all petroleum products, so a computation on total tonnage uses ``("all",)`` only.
    """
    t = _russia_statements(scopes)
    high = t["share_high"].fillna(t["share_low"])
    return float(t["share_low"].min()), float(high.max())


def _russia_statements(scopes):
    t = statements()
    return t[t["scope"].isin(list(scopes)) & t["partner"].str.startswith("Russia")]


def high_is_lower_bound(scopes=("all", "products")) -> bool:
    """True if the highest stated share is a "more than" figure (the real share may be higher)."""
    t = _russia_statements(scopes)
    _, high = russia_share_range(scopes)
    return bool((t["lower_bound_only"] & (t["share_low"] == high)).any())


def statements_figure():
    t = statements()
    fig, ax = charts.new(figsize=(11, 5.4))
    # Deterministic horizontal offsets so statements of the same year do not hide each other.
    t["x"] = t["year"].astype(float)
    for year, idx in t.groupby("year").groups.items():
        n = len(idx)
        for k, i in enumerate(sorted(idx)):
            t.loc[i, "x"] = year + (k - (n - 1) / 2) * 0.42
    for key, (label, colour, marker) in SCOPES.items():
        part = t[t["scope"] == key]
        if part.empty:
            continue
        size = 160 if marker == "*" else 60
        # Filled = V or S; hollow = U. Only the first drawn group carries the legend label.
        for conf_u, rows in ((False, part[part["confidence"] != "U"]), (True, part[part["confidence"] == "U"])):
            if rows.empty:
                continue
            ax.scatter(rows["x"], rows["share_low"], marker=marker, s=size, zorder=3,
                       facecolor="white" if conf_u else colour, edgecolor=colour if conf_u else "#222222",
                       linewidth=1.8 if conf_u else 0.8, label=label)
            label = None
        for _, r in part[part["lower_bound_only"]].iterrows():
            ax.annotate("", (r["x"], 100), (r["x"], r["share_low"]),
                        arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 1.4})
        for _, r in part.iterrows():
            # R13's year is a midpoint guess for charting (see the table's note): say so on the chart.
            label_text = r["stmt_id"].split("-")[0] + (" (year?)" if r["stmt_id"] == "R13" else "")
            ax.text(r["x"], r["share_low"] - 1.6, label_text, fontsize=7.5, color="#333333",
                    ha="center", va="top")
    ax.scatter([], [], marker="o", s=60, facecolor="white", edgecolor="#555555", linewidth=1.8,
               label="Hollow marker: unverified (U)")
    ax.plot([], [], color="#555555", marker=">", label="Arrow up: 'more than' (lower bound only)")
    ax.set_ylim(75, 102)
    ax.set_xlim(t["year"].min() - 1, t["year"].max() + 1)
    ax.set_xlabel("Year the statement refers to (some inferred)")
    ax.set_ylabel("Stated share, % (axis starts at 75 %)")
    ax.set_title("Russia's share of Mongolia's fuel imports (and the government's 'neighborhood' figure):\n"
                 "statements, not a series")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5, frameon=False)
    fig.text(0.01, -0.04, "Source: sourced statements in data/fuel_imports_from_russia.csv (ids under the points). "
             "Scopes, speakers and years differ;\nnone says whether the share is by volume or by value.",
             fontsize=8.5, color="#444444")
    return fig, t


def statements_chart() -> None:
    fig, t = statements_figure()
    low, high = russia_share_range()
    n_statements = t["stmt_id"].str.split("-").str[0].nunique()
    alt = (f"Scatter chart of {len(t)} stated shares from {n_statements} statements, {t['year'].min()} to "
           f"{t['year'].max()} (some years inferred; R13's year is unknown and it is drawn at {int(t.loc[t['stmt_id'] == 'R13', 'year'].iloc[0])}): "
           f"{len(t) - 1} about Russia's share of Mongolia's fuel imports, plus the government's 2024 figure, which "
           "names no country. Statements naming Russia for all fuel or for specific products "
           f"range from {low:.0f} to {high:.0f} %; two statements about one company (Rosneft) give 80 %; the "
           "government's 2024 statement (95 % from the 'immediate neighborhood') is a star; a 2026 statement "
           "expects 100 %. Marker shape and colour show the scope; hollow markers are unverified.")
    charts.show(fig, alt)


# --------------------------------------------------------------------------- the paradox


def coverage(country: str = "Mongolia") -> pd.DataFrame:
    """For each numeric OWID column: years with a value, first and last such year (empty = never)."""
    t = energy_table()
    t = t[t["country"] == country]
    rows = []
    for col in ["electricity_demand", "net_elec_imports_share_demand", "coal_production",
                "primary_energy_consumption", "oil_consumption"]:
        have = t.loc[t[col].notna(), "year"]
        rows.append((col, int(t[col].notna().sum()), int(t[col].isna().sum()),
                     str(int(have.min())) if len(have) else "—", str(int(have.max())) if len(have) else "—"))
    return pd.DataFrame(rows, columns=["column", "years with a value", "years missing", "first", "last"]).set_index("column")


PARADOX_SERIES = [
    ("coal_production", "Coal production", charts.PALETTE["black"], "o", "-"),
    ("primary_energy_consumption", "Primary energy use (all fuels)", charts.PALETTE["orange"], "s", "--"),
    ("electricity_demand", "Electricity demand", charts.PALETTE["blue"], "^", ":"),
]
#: The import side (lower left panel): net electricity imports in TWh, one line per country.
PARADOX_IMPORT_SERIES = [
    ("Mongolia", "Mongolia", charts.PALETTE["vermillion"], "o", "-"),
    ("Kyrgyzstan", "Kyrgyzstan", charts.PALETTE["purple"], "s", "--"),
]


def paradox_imports(start: int = 2000, end: int = 2025) -> pd.DataFrame:
    """Net electricity imports, TWh (OWID/Ember): country, year, twh, provisional; gaps dropped, never zero."""
    t = energy_table()
    t = t[t["year"].between(start, end) & t["net_elec_imports"].notna()]
    out = pd.DataFrame({
        "country": t["country"].astype(str).to_numpy(),
        "year": t["year"].astype(int).to_numpy(),
        "twh": t["net_elec_imports"].astype(float).to_numpy(),
        "provisional": t["provisional"].astype(bool).to_numpy(),
    })
    return out.sort_values(["country", "year"], ascending=[False, True]).reset_index(drop=True)


def paradox_table() -> pd.DataFrame:
    """Per country: latest year with both coal production and primary energy, the two values and their ratio,
    and the latest final (not provisional) year's net electricity imports in TWh and as a share of demand."""
    t = energy_table()
    rows = []
    for country in ["Mongolia", "Kyrgyzstan"]:
        c = t[(t["country"] == country)].dropna(subset=["coal_production", "primary_energy_consumption"])
        r = c.sort_values("year").iloc[-1]
        e = t[(t["country"] == country) & (t["year"] == 2024)].iloc[0]
        rows.append((country, int(r["year"]), float(r["coal_production"]), float(r["primary_energy_consumption"]),
                     float(r["coal_production"] / r["primary_energy_consumption"]),
                     float(e["net_elec_imports"]), float(e["net_elec_imports_share_demand"])))
    return pd.DataFrame(rows, columns=["country", "year", "coal production (TWh)", "primary energy use (TWh)",
                                       "production ÷ use", "net electricity imports 2024 (TWh)",
                                       "net electricity imports 2024 (% of demand)"]).set_index("country")


def paradox_summary() -> str:
    p = paradox_table()
    lines = []
    for country, r in p.iterrows():
        lines.append(f"{country}, {int(r['year'])}: coal production {r['coal production (TWh)']:.1f} TWh vs primary energy "
                     f"use {r['primary energy use (TWh)']:.1f} TWh (ratio {r['production ÷ use']:.2f}); "
                     f"net electricity imports in 2024: {r['net electricity imports 2024 (TWh)']:.2f} TWh, "
                     f"{r['net electricity imports 2024 (% of demand)']:.1f} % of demand.")
    v = fuel_volumes()
    first, last = int(v.index.min()), int(v.index.max())
    lines.append(f"Mongolia also imports petroleum products: {v.loc[first, 'total']:,.0f} kt in {first}, "
                 f"{v.loc[last, 'total']:,.0f} kt in {last} (MRPAM, thousand tonnes; complete years). Tonnes are "
                 "not converted into TWh here: no sourced conversion factor is used.")
    return "\n".join(lines)


def paradox_figure(start: int = 2000, end: int = 2025):
    """Four panels: production and use for each country (TWh, top), then the import side (bottom):
    net electricity imports of both countries (TWh) and Mongolia's petroleum-product imports (kt, own unit).

    Returns ``(fig, tables)``: ``tables`` holds exactly what is drawn (``owid``, ``electricity_imports``,
    ``fuel_kt``).
    """
    t = energy_table()
    t = t[t["year"].between(start, end)]
    imports = paradox_imports(start, end)
    fuel = fuel_volumes()
    fuel = fuel[(fuel.index >= start) & (fuel.index <= end)]
    fig, axes = charts.new(2, 2, figsize=(11, 8.6))
    for ax, country in zip(axes[0], ["Mongolia", "Kyrgyzstan"]):
        c = t[t["country"] == country].sort_values("year")
        for col, label, colour, marker, style in PARADOX_SERIES:
            part = c.dropna(subset=[col])
            ax.plot(part["year"], part[col], marker=marker, markersize=4, linestyle=style, color=colour, label=label)
        ax.set_ylim(0, None)
        ax.set_title(f"{country}: production and use", fontsize=11.5)
        ax.set_xlabel("Year")
        ax.set_ylabel("TWh (own scale for each country)")
    axes[0][0].legend(loc="upper left", fontsize=9)
    p = paradox_table().loc["Mongolia"]
    axes[0][0].annotate(f"{int(p['year'])}: coal production ≈ {p['production ÷ use']:.1f} ×\nprimary energy use",
                        (p["year"], p["coal production (TWh)"]), xytext=(p["year"] - 14, 330), fontsize=8.5,
                        arrowprops={"arrowstyle": "->", "color": "#333333"})
    last_k = t[(t["country"] == "Kyrgyzstan")].dropna(subset=["coal_production"])["year"].max()
    axes[0][1].annotate(f"coal production: no data\nafter {int(last_k)} (gap, not zero)",
                        (last_k, float(t[(t["country"] == "Kyrgyzstan") & (t["year"] == last_k)]["coal_production"].iloc[0])),
                        xytext=(last_k - 2, 25), fontsize=8.5, arrowprops={"arrowstyle": "->", "color": "#333333"})
    # Lower left: the import side of electricity, same unit (TWh) but its own, much smaller scale.
    ax = axes[1][0]
    ax.axhline(0, color="#333333", linewidth=0.8)
    for country, label, colour, marker, style in PARADOX_IMPORT_SERIES:
        c = imports[imports["country"] == country]
        final, prov = c[~c["provisional"]], c[c["provisional"]]
        ax.plot(final["year"], final["twh"], marker=marker, markersize=4, linestyle=style, color=colour, label=label)
        if len(prov) and len(final):
            ax.plot([final["year"].iloc[-1], prov["year"].iloc[0]], [final["twh"].iloc[-1], prov["twh"].iloc[0]],
                    linestyle=":", color=colour)
        ax.scatter(prov["year"], prov["twh"], s=45, marker=marker, facecolor="white", edgecolor=colour,
                   linewidth=1.8, zorder=3, label=f"{label}: provisional (hollow)" if len(prov) else None)
    ax.set_title("Net electricity imports (below 0 = net exports)", fontsize=11.5)
    ax.set_xlabel("Year")
    ax.set_ylabel("TWh (a much smaller scale than above)")
    ax.legend(loc="upper left", fontsize=8.5)
    # Lower right: petroleum products, in tonnes: a different unit, so a separate panel and no conversion.
    ax = axes[1][1]
    bars = ax.bar(fuel.index, fuel["total"], width=0.6, color=charts.PALETTE["sky"], hatch="//",
                  edgecolor="#333333", label="All petroleum products (MRPAM)")
    for bar, total in zip(bars, fuel["total"]):
        ax.text(bar.get_x() + bar.get_width() / 2, total + 40, f"{total:,.0f}", ha="center", fontsize=9)
    ax.set_xticks(list(fuel.index))
    ax.set_ylim(0, float(fuel["total"].max()) * 1.18)
    ax.set_title("Mongolia: imports of petroleum products", fontsize=11.5)
    ax.set_xlabel("Year (complete years only)")
    ax.set_ylabel("Thousand tonnes (kt), not TWh")
    ax.grid(axis="x", visible=False)
    fig.suptitle("A net energy exporter that still imports: Mongolia vs Kyrgyzstan", fontweight="bold")
    inc = incomplete_years()
    note = f" {', '.join(map(str, inc))} left out (incomplete year)." if inc else ""
    fig.text(0.01, -0.06, "Sources: top and lower left: Our World in Data energy dataset, in terawatt-hours (TWh); coal: Energy "
             "Institute / Shift Dataportal;\nprimary energy: U.S. EIA / Energy Institute; electricity: Ember (2025 "
             "provisional). Lower right: MRPAM monthly report, Table 4.3 (via Data.mn),\nin thousand tonnes (kt);"
             f"{note} Tonnes are not converted into TWh: no sourced conversion factor is used.",
             fontsize=8.5, color="#444444")
    fig.tight_layout()
    return fig, {"owid": t, "electricity_imports": imports, "fuel_kt": fuel["total"]}


def paradox_alt(start: int = 2000, end: int = 2025) -> str:
    """The paradox chart in words, every number computed from the tables."""
    p = paradox_table()
    m, k = p.loc["Mongolia"], p.loc["Kyrgyzstan"]
    coal = energy_table()
    coal = coal[(coal["country"] == "Mongolia") & coal["year"].between(start, end)].dropna(subset=["coal_production"])
    peak = coal.loc[coal["coal_production"].idxmax()]
    imports = paradox_imports(start, end)
    final = imports[~imports["provisional"]]
    mi = final[final["country"] == "Mongolia"].set_index("year")["twh"]
    ki = final[final["country"] == "Kyrgyzstan"].set_index("year")["twh"]
    k_exports = ki[ki < 0]
    fuel = fuel_volumes()
    first, last = int(fuel.index.min()), int(fuel.index.max())
    text = (f"Four panels. Top, in terawatt-hours: Mongolia's coal production rises to {peak['coal_production']:.0f} TWh "
            f"in {int(peak['year'])}; in {int(m['year'])}, the last year with both series, it was about "
            f"{m['production ÷ use']:.1f} times the primary energy use of {m['primary energy use (TWh)']:.0f} TWh; "
            "electricity demand is far smaller. Kyrgyzstan's coal production "
            f"({k['coal production (TWh)']:.0f} TWh in {int(k['year'])}, the last year with data) is a fraction of its "
            f"energy use ({k['primary energy use (TWh)']:.0f} TWh). Lower left, net electricity imports in TWh on a much "
            f"smaller scale: Mongolia {'is a net importer in every year' if (mi > 0).all() else 'imports'}, from "
            f"{mi.iloc[0]:.2f} TWh in {int(mi.index[0])} to {mi.iloc[-1]:.2f} TWh in {int(mi.index[-1])}, with a step "
            f"up in {step_year()}; ")
    if len(k_exports):
        text += (f"Kyrgyzstan was a net exporter (below zero) in {len(k_exports)} years between "
                 f"{int(k_exports.index.min())} and {int(k_exports.index.max())}, and imported {ki.iloc[-1]:.2f} TWh "
                 f"in {int(ki.index[-1])}. ")
    else:
        text += f"Kyrgyzstan imported {ki.iloc[-1]:.2f} TWh in {int(ki.index[-1])}. "
    text += ("The 2025 values are provisional, drawn as hollow markers. Lower right, in thousand tonnes (a different "
             f"unit, not converted): Mongolia's petroleum-product imports rise from {fuel.loc[first, 'total']:,.0f} kt in "
             f"{first} to {fuel.loc[last, 'total']:,.0f} kt in {last}.")
    return text


def paradox_chart(start: int = 2000, end: int = 2025) -> None:
    fig, _ = paradox_figure(start, end)
    charts.show(fig, paradox_alt(start, end))


# --------------------------------------------------------------------------- widget 1: explorer

#: label -> (table, column, unit, countries). OWID measures show both countries; NSO ones Mongolia only.
MEASURES = {
    "Net electricity imports, % of demand (OWID/Ember)": ("mongolia_energy", "net_elec_imports_share_demand", "%"),
    "Net electricity imports, TWh (OWID/Ember)": ("mongolia_energy", "net_elec_imports", "TWh"),
    "Electricity demand, TWh (OWID/Ember)": ("mongolia_energy", "electricity_demand", "TWh"),
    "Coal production, TWh (OWID)": ("mongolia_energy", "coal_production", "TWh"),
    "Primary energy use, TWh (OWID)": ("mongolia_energy", "primary_energy_consumption", "TWh"),
    "Oil consumption, TWh (OWID)": ("mongolia_energy", "oil_consumption", "TWh"),
    "Electricity imports, % of final consumption (NSO, Mongolia only)": ("electricity_balance",
                                                                         "imports_pct_of_final_consumption", "%"),
    "Electricity imports, % of total supply (NSO, Mongolia only)": ("electricity_balance",
                                                                    "imports_pct_of_total_supply", "%"),
    "Electricity imports, GWh (NSO, Mongolia only)": ("electricity_balance", "imports_gwh", "GWh"),
}
DEFAULT_MEASURE = "Net electricity imports, % of demand (OWID/Ember)"
YEAR_MIN, YEAR_MAX = 1990, 2025

_OWID = "Our World in Data energy dataset (owid/energy-data)"
_NSO = "National Statistics Office of Mongolia, electricity balance (table DT_NSO_1100_009V1, via Data.mn)"
#: Where each measure of :data:`MEASURES` comes from, as the chart's source line says it.
MEASURE_SOURCES = {
    "Net electricity imports, % of demand (OWID/Ember)": f"{_OWID}, from Ember; net imports ÷ demand",
    "Net electricity imports, TWh (OWID/Ember)": f"{_OWID}, from Ember; imports minus exports",
    "Electricity demand, TWh (OWID/Ember)": f"{_OWID}, from Ember; demand = generation + net imports",
    "Coal production, TWh (OWID)": f"{_OWID}, from the Energy Institute and The Shift Dataportal",
    "Primary energy use, TWh (OWID)": f"{_OWID}, from the U.S. EIA and the Energy Institute",
    "Oil consumption, TWh (OWID)": f"{_OWID}, from the Energy Institute (no values for Mongolia)",
    "Electricity imports, % of final consumption (NSO, Mongolia only)": f"{_NSO}; gross imports ÷ final consumption",
    "Electricity imports, % of total supply (NSO, Mongolia only)": f"{_NSO}; gross imports ÷ total supply",
    "Electricity imports, GWh (NSO, Mongolia only)": f"{_NSO}; gross imports",
}
#: Units in words, for axis labels and source lines.
UNIT_WORDS = {"%": "per cent (%)", "TWh": "terawatt-hours (TWh)", "GWh": "gigawatt-hours (GWh; 1 TWh = 1,000 GWh)"}
_AXIS_UNITS = {"%": "Per cent (%)", "TWh": "Terawatt-hours (TWh)", "GWh": "Gigawatt-hours (GWh)"}


def measure_source(measure: str, start: int = 2000, end: int = 2025) -> str:
    """The source line of the explorer's chart for ``measure``: where the numbers come from, and their unit."""
    s = measure_series(measure, start, end)  # raises KeyError for an unknown measure
    unit = MEASURES[measure][2]
    prov = sorted(set(s.loc[s["provisional"], "year"]))
    note = f" {', '.join(map(str, prov))}: provisional (hollow marker)." if prov else ""
    return f"Source: {MEASURE_SOURCES[measure]}. Unit: {UNIT_WORDS.get(unit, unit)}.{note}"


def measure_series(measure: str, start: int = 2000, end: int = 2025) -> pd.DataFrame:
    """country, year, value, provisional for one measure of :data:`MEASURES`; missing values dropped."""
    if measure not in MEASURES:
        raise KeyError(f"Unknown measure {measure!r}; choose one of: {', '.join(MEASURES)}")
    start, end = min(start, end), max(start, end)
    table, column, _ = MEASURES[measure]
    t = data.load(table)
    if table == "electricity_balance":
        t = t.assign(country="Mongolia", provisional=False)
    t = t[t["year"].between(start, end) & t[column].notna()]
    out = pd.DataFrame({
        "country": t["country"].astype(str).to_numpy(),
        "year": t["year"].astype(int).to_numpy(),
        "value": t[column].astype(float).to_numpy(),
        "provisional": t["provisional"].astype(bool).to_numpy(),
    })
    return out.sort_values(["country", "year"], ascending=[False, True]).reset_index(drop=True)


def _unit_text(value: float, unit: str) -> str:
    return f"{value:,.1f} %" if unit == "%" else f"{value:,.1f} {unit}"


def describe_measure(measure: str, start: int = 2000, end: int = 2025) -> str:
    """The chart of the explorer in words (what a screen-reader user or the static copy gets)."""
    start, end = min(start, end), max(start, end)
    s = measure_series(measure, start, end)
    unit = MEASURES[measure][2]
    if s.empty:
        return (f"{measure}, {start}–{end}: no values at all: every cell of this column is empty in the table. "
                "Nothing is drawn, because an empty cell is missing data, not zero.")
    parts = []
    for country, c in s.groupby("country", sort=False):
        first, last = c.iloc[0], c.iloc[-1]
        hi = c.loc[c["value"].idxmax()]
        text = (f"{country}: {_unit_text(first['value'], unit)} in {first['year']} → {_unit_text(last['value'], unit)} "
                f"in {last['year']}{' (provisional)' if last['provisional'] else ''}; highest "
                f"{_unit_text(hi['value'], unit)} in {hi['year']}")
        span = end - start + 1
        if len(c) < span:
            missing = span - len(c)
            text += f"; {missing} of the {span} years {'has' if missing == 1 else 'have'} no value (left as gaps)"
        parts.append(text + ".")
    return f"{measure}, {start}–{end}. " + " ".join(parts)


def measure_figure(measure: str, start: int = 2000, end: int = 2025):
    """The explorer's chart, or ``(None, empty table)`` when the measure has no values."""
    start, end = min(start, end), max(start, end)
    s = measure_series(measure, start, end)
    if s.empty:
        return None, s
    unit = MEASURES[measure][2]
    fig, ax = charts.new(figsize=(8, 4))
    styles = {"Mongolia": (charts.PALETTE["blue"], "o", "-"), "Kyrgyzstan": (charts.PALETTE["orange"], "s", "--")}
    for country, c in s.groupby("country", sort=False):
        colour, marker, style = styles.get(country, ("#555555", "D", ":"))
        ax.plot(c["year"], c["value"], marker=marker, markersize=4, linestyle=style, color=colour, label=country)
        prov = c[c["provisional"]]
        ax.scatter(prov["year"], prov["value"], s=70, facecolor="white", edgecolor=colour, linewidth=2, zorder=3,
                   label=f"{country}: provisional" if len(prov) else None)
    low = float(s["value"].min())
    if low >= 0:
        ax.set_ylim(0, None)
    else:
        ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xlim(start - 0.5, end + 0.5)
    ax.set_title(measure, fontsize=11)
    ax.set_xlabel("Year")
    ax.set_ylabel(_AXIS_UNITS.get(unit, unit))
    ax.legend(fontsize=9)
    fig.text(0.01, -0.03, textwrap.fill(measure_source(measure, start, end), 120), fontsize=8.5, color="#444444", va="top")
    return fig, s


def measure_alt(measure: str, start: int = 2000, end: int = 2025) -> str:
    """Alt text of the explorer's chart: the chart type, the description of the data, and the source line."""
    start, end = min(start, end), max(start, end)
    return (f"Line chart, one line per country, years on the horizontal axis. {describe_measure(measure, start, end)} "
            f"{measure_source(measure, start, end)}")


def image_html(png: bytes, alt: str) -> str:
    """An ``<img>`` with its alt text, as HTML: ipywidgets' Image widget has no alt attribute, an HTML widget does."""
    data64 = base64.b64encode(png).decode("ascii")
    return (f'<img src="data:image/png;base64,{data64}" alt="{html.escape(alt, quote=True)}" '
            'style="max-width:100%;height:auto">')


class _Widget:
    """Shared display logic: the live widget, a fixed text/plain and a static HTML copy."""

    plain = ""

    def _repr_html_(self) -> str:  # pragma: no cover - overridden
        return ""

    def __repr__(self) -> str:
        return self.plain

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = self.plain
        bundle["text/html"] = self._repr_html_()
        return bundle


def _table_html(s: pd.DataFrame, unit: str) -> str:
    if s.empty:
        return ""
    wide = s.pivot(index="year", columns="country", values="value")
    head = "".join(f"<th>{html.escape(c)} ({html.escape(unit)})</th>" for c in wide.columns)
    body = "".join(
        f"<tr><td>{y}</td>" + "".join("<td>—</td>" if pd.isna(v) else f"<td>{v:,.1f}</td>" for v in r) + "</tr>"
        for y, r in wide.iterrows())
    return f'<table><thead><tr><th>year</th>{head}</tr></thead><tbody>{body}</tbody></table>'


class Explorer(_Widget):
    """Choose a measure and a year range; the chart and its description are redrawn."""

    plain = "Energy explorer: choose a measure and a year range. Run this cell in Jupyter to use it."

    def __init__(self, measure: str = DEFAULT_MEASURE, years=(2000, 2025)):
        import ipywidgets as widgets

        self.measure = measure
        self.years = tuple(years)
        style = {"description_width": "initial"}
        self.dropdown = widgets.Dropdown(options=list(MEASURES), value=measure, description="Measure:", style=style,
                                         layout=widgets.Layout(width="95%"))
        self.slider = widgets.IntRangeSlider(value=self.years, min=YEAR_MIN, max=YEAR_MAX, step=1,
                                             description="Years:", style=style, continuous_update=False,
                                             layout=widgets.Layout(width="95%"))
        self.words = widgets.HTML()
        # An HTML widget holding <img alt="…">: ipywidgets' Image widget cannot carry alt text.
        self.image = widgets.HTML(layout=widgets.Layout(max_width="800px"))
        self.dropdown.observe(self._changed, names="value")
        self.slider.observe(self._changed, names="value")
        self.widget = widgets.VBox([self.dropdown, self.slider, self.words, self.image])
        self.update(measure, self.years)

    def update(self, measure: str, years) -> str:
        """Redraw for ``measure`` and ``years``; return the description shown."""
        self.measure, self.years = measure, (min(years), max(years))
        text = describe_measure(measure, *self.years)
        fig, _ = measure_figure(measure, *self.years)
        self.words.value = f'<p role="status">{html.escape(text)}</p>'
        if fig is None:
            self.image.value = ""
            self.image.layout.display = "none"
        else:
            chart = charts.render(fig, measure_alt(measure, *self.years))
            self.image.value = image_html(chart.png, chart.alt)
            self.image.layout.display = None
        return text

    def _changed(self, _change) -> None:
        self.update(self.dropdown.value, self.slider.value)

    def _repr_html_(self) -> str:
        s = measure_series(self.measure, *self.years)
        return ("<p><em>Static copy: run this cell in Jupyter to choose a measure and years. Default view:</em></p>"
                f"<p>{html.escape(describe_measure(self.measure, *self.years))}</p>"
                + _table_html(s, MEASURES[self.measure][2])
                + f"<p><small>{html.escape(measure_source(self.measure, *self.years))}</small></p>")


def explorer(measure: str = DEFAULT_MEASURE, years=(2000, 2025)) -> Explorer:
    """The energy explorer widget (last line of a cell)."""
    return Explorer(measure, years)


# --------------------------------------------------------------------------- widget 2: what if

ILLUSTRATIVE = ("ILLUSTRATIVE ARITHMETIC, NOT A FORECAST: it assumes the volume of the base year stays the same and "
                "says nothing about whether any other supplier could or would deliver.")


def latest_complete_fuel_year() -> tuple[int, float]:
    """(year, total kt) of the latest complete year of MRPAM imports."""
    v = fuel_volumes()
    year = int(v.index.max())
    return year, float(v.loc[year, "total"])


def what_if_numbers(other_share_pct: float) -> dict:
    """Tonnages if ``other_share_pct`` % of imports came from suppliers other than Russia (base: latest full year)."""
    other = min(max(float(other_share_pct), 0.0), 100.0)
    year, total = latest_complete_fuel_year()
    low, high = russia_share_range(scopes=("all",))
    return {
        "year": year, "total_kt": total, "other_pct": other, "high_is_lower_bound": high_is_lower_bound(("all",)),
        "russia_kt": total * (100 - other) / 100, "other_kt": total * other / 100,
        "stated_low_pct": low, "stated_high_pct": high,
        "stated_low_kt": total * low / 100, "stated_high_kt": total * high / 100,
    }


def what_if_text(other_share_pct: float) -> str:
    """The what-if result in words (the widget shows this; tests call it)."""
    n = what_if_numbers(other_share_pct)
    return (f"{ILLUSTRATIVE} Base: {n['total_kt']:,.0f} kt of petroleum products imported in {n['year']} (MRPAM, "
            f"latest complete year). If {n['other_pct']:.0f} % came from suppliers other than Russia, about "
            f"{n['russia_kt']:,.0f} kt would still come from Russia and {n['other_kt']:,.0f} kt from others. "
            f"For comparison, the statements in this lesson about all imported fuel put Russia's share at "
            f"{n['stated_low_pct']:.0f} % to {'more than ' if n['high_is_lower_bound'] else ''}"
            f"{n['stated_high_pct']:.0f} %, that is about {n['stated_low_kt']:,.0f}–{n['stated_high_kt']:,.0f} kt of "
            f"the {n['year']} volume (statements about gasoline alone reach 99 %, but they are not shares of all "
            "products).")


class WhatIf(_Widget):
    """A slider for the share of petroleum imports from suppliers other than Russia; the result in words."""

    plain = ("What-if slider (illustrative, not a forecast): choose the share of petroleum imports from suppliers "
             "other than Russia. Run this cell in Jupyter to use it.")

    def __init__(self, other_share_pct: int = 5):
        import ipywidgets as widgets

        self.value = other_share_pct
        self.slider = widgets.IntSlider(value=other_share_pct, min=0, max=50, step=1,
                                        description="Share from suppliers other than Russia (%):",
                                        style={"description_width": "initial"}, continuous_update=False,
                                        layout=widgets.Layout(width="95%"))
        self.words = widgets.HTML()
        self.slider.observe(lambda change: self.update(change["new"]), names="value")
        self.widget = widgets.VBox([self.slider, self.words])
        self.update(other_share_pct)

    def update(self, other_share_pct: int) -> str:
        self.value = other_share_pct
        text = what_if_text(other_share_pct)
        self.words.value = f'<p role="status">{html.escape(text)}</p>'
        return text

    def _repr_html_(self) -> str:
        return ("<p><em>Static copy: run this cell in Jupyter to move the slider. Default view "
                f"({self.value} % from other suppliers):</em></p><p>{html.escape(what_if_text(self.value))}</p>")


def what_if(other_share_pct: int = 5) -> WhatIf:
    """The what-if widget (last line of a cell)."""
    return WhatIf(other_share_pct)
