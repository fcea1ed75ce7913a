"""Lesson 6 — consequences and debate: what followed, the role cards, the weighing tool.

Three things a lesson cell calls, each in one line:

* **Putin's later trips** from ``data/putin_trips.csv``: :func:`trips_by_year`
  (the numbers), :func:`trips_summary` (the same in words), :func:`show_trips`
  (the chart, through :func:`wanted.charts.show`). Only rows with
  ``status == "took_place"`` count; announced trips are never charted as trips.
* **Role cards** from ``data/role_cards.csv``: one card per actor, each point
  with the actor's own words, who said them, where and when, and a source id.
  :func:`card_html` renders one card; :func:`role_explorer` is the widget
  (a dropdown of roles → the card).
* **The weighing tool** from ``data/decision_scores.csv``: each option has a
  0–10 score per factor with a one-line rationale and a source. The scores are a
  teaching device (the course authors' judgement), not a finding.
  :func:`weigh` ranks the options for a set of weights (weighted sum),
  :func:`verdict` says the result in words (ties included), :func:`explain`
  does both and turns bad weights into a message instead of a traceback, and
  :func:`weighing_tool` is the widget (three labelled sliders and a text box).

Widget callbacks do not run under nbval, so their logic lives in the plain
functions above, which ``tests/test_debate.py`` exercises. The widgets are
returned wrapped (:class:`RoleExplorer`, :class:`WeighingTool`) with a fixed
``text/plain`` and a static ``text/html`` copy, so stored outputs do not change
between ipywidgets versions.
"""

from __future__ import annotations

import html
import math
import numbers

import pandas as pd

from wanted import charts
from wanted.errors import CourseError

# --------------------------------------------------------------------------- trips

#: Host ICC status, in the order the chart and the tables use, with plain labels.
STATUS_ORDER = ("state_party", "signatory_not_party", "non_party")
STATUS_LABELS = {
    "state_party": "ICC state party",
    "signatory_not_party": "signed the Rome Statute, never ratified",
    "non_party": "never signed the Rome Statute",
}
#: Colour, hatch and marker per status, so the chart never relies on colour alone.
STATUS_STYLE = {
    "state_party": {"colour": charts.PALETTE["vermillion"], "hatch": "xx"},
    "signatory_not_party": {"colour": charts.PALETTE["orange"], "hatch": "//"},
    "non_party": {"colour": charts.PALETTE["blue"], "hatch": ""},
}


def _load(name: str) -> pd.DataFrame:
    from wanted import data  # lazy: keeps `import wanted.debate` cheap

    return data.load(name)


def trips_taken(trips: pd.DataFrame | None = None) -> pd.DataFrame:
    """The visits that took place (``status == "took_place"``), earliest first.

    Announced trips (``status == "announced"``, confidence U) are left out: their
    dates are an announced window, and no report that they happened was found.
    """
    trips = _load("putin_trips") if trips is None else trips
    taken = trips[trips["status"] == "took_place"].copy()
    taken["start_date"] = pd.to_datetime(taken["start_date"])
    return taken.sort_values(["start_date", "country"]).reset_index(drop=True)


def trips_by_year(trips: pd.DataFrame | None = None) -> pd.DataFrame:
    """Visits that took place, counted by calendar year (rows) and host ICC status (columns).

    A multi-country trip counts once per country (e.g. UAE + Saudi Arabia on
    6 Dec 2023 are two visits). Statuses with no visit in a year get 0, because
    the table covers every year in full up to its last verified visit: a zero
    here means "no visit found", not a missing value.
    """
    taken = trips_taken(trips)
    counts = (taken.assign(year=taken["start_date"].dt.year)
              .groupby(["year", "host_icc_status"]).size()
              .unstack(fill_value=0)
              .reindex(columns=list(STATUS_ORDER), fill_value=0))
    counts.index.name = "year"
    counts.columns.name = None
    return counts.astype(int)


def announced_only(trips: pd.DataFrame | None = None) -> pd.DataFrame:
    """The announced trips that are *not* counted (no report that they took place)."""
    trips = _load("putin_trips") if trips is None else trips
    return trips[trips["status"] == "announced"].reset_index(drop=True)


#: The day Pre-Trial Chamber II issued the warrant for Putin (timeline event ``warrants-issued``).
WARRANT_DATE = "2023-03-17"


def _visits(n: int) -> str:
    return f"{n} visit{'s' if n != 1 else ''}"


def _date(value) -> str:
    ts = pd.Timestamp(value)
    return f"{ts.day} {ts:%B %Y}"


def _window(start, end) -> str:
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B %Y}"
    return f"{start:%B}–{end:%B %Y}"


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def trips_summary(trips: pd.DataFrame | None = None) -> str:
    """The trip counts in words, computed from the table (print it in a lesson cell)."""
    trips = _load("putin_trips") if trips is None else trips
    taken = trips_taken(trips)
    by_status = taken["host_icc_status"].value_counts().reindex(list(STATUS_ORDER), fill_value=0)
    parties = taken[taken["host_icc_status"] == "state_party"]
    party_visits = _join([f"{r.country} ({r.start_date:%B %Y})" for r in parties.itertuples()])
    announced = announced_only(trips)
    last = taken["start_date"].max()
    lines = [
        f"Visits abroad that took place, from the first one ({_date(taken['start_date'].min())}) "
        f"to the last one in the table ({_date(last)}): {len(taken)}.",
        "(A trip to two countries counts as two visits.)",
        f"- to ICC states parties: {by_status['state_party']} ({party_visits})",
        f"- to states that signed the Rome Statute but never ratified it: {by_status['signatory_not_party']}",
        f"- to states that never signed it: {by_status['non_party']}",
        f"Not counted: {len(announced)} announced trips with no report that they took place "
        f"({'; '.join(f'{r.country}, {_window(r.start_date, r.end_date)}' for r in announced.itertuples())}).",
    ]
    return "\n".join(lines)


def trips_figure(trips: pd.DataFrame | None = None):
    """``(fig, alt)``: grouped bars of visits per year by host ICC status, with counts on the bars."""
    counts = trips_by_year(trips)
    taken = trips_taken(trips)
    last = taken["start_date"].max()
    fig, ax = charts.new(figsize=(8.5, 4.4))
    years = list(counts.index)
    width = 0.26
    for k, status in enumerate(STATUS_ORDER):
        style = STATUS_STYLE[status]
        xs = [i + (k - 1) * width for i in range(len(years))]
        values = counts[status].tolist()
        bars = ax.bar(xs, values, width=width, color=style["colour"], hatch=style["hatch"],
                      edgecolor="white" if not style["hatch"] else "black", linewidth=0.6,
                      label=STATUS_LABELS[status])
        for bar, v in zip(bars, values):
            ax.annotate(str(v), (bar.get_x() + bar.get_width() / 2, v), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=10)
    start = pd.Timestamp(WARRANT_DATE)
    labels = []
    for y in years:
        label = str(y)
        if y == start.year:
            label += f"\n(from {start:%b})"
        elif y == last.year:
            label += f"\n(to {last:%b})"
        # Name the states parties under their year: they are the point of the chart.
        hosts = taken[(taken["host_icc_status"] == "state_party") & (taken["start_date"].dt.year == y)]
        if len(hosts):
            label += "\nstate party:\n" + ", ".join(hosts["country"])
        labels.append(label)
    ax.set_xticks(range(len(years)), labels)
    ax.set_ylabel("visits (one per country)")
    ax.set_ylim(0, max(counts.max().max() + 1.5, 4))
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x", visible=False)
    ax.set_title("Putin's visits abroad since the ICC warrant, by host's ICC status")
    ax.legend(title="Host at the time of the visit", frameon=False, loc="upper right", fontsize=9,
              title_fontsize=9)
    ax.text(0, -0.3, "Source: data/putin_trips.csv (visits that took place; announced trips not counted).",
            transform=ax.transAxes, fontsize=8, color="#444444")
    total = counts.sum()
    per_year = "; ".join(
        f"{y}: {_visits(counts.loc[y].sum())} ({counts.loc[y, 'state_party']} to states parties, "
        f"{counts.loc[y, 'signatory_not_party']} to signatories, {counts.loc[y, 'non_party']} to non-signatories)"
        for y in years)
    alt = (f"Grouped bar chart of Putin's foreign visits per year since the ICC warrant of {_date(start)}, by the "
           f"host's ICC status. In total {_visits(int(total.sum()))} up to {_date(last)}: {total['state_party']} to ICC "
           f"states parties, {total['signatory_not_party']} to states that signed but never ratified the "
           f"Rome Statute, {total['non_party']} to states that never signed it. The state-party visits were "
           f"{_join([f'{r.country} ({r.start_date:%B %Y})' for r in taken[taken['host_icc_status'] == 'state_party'].itertuples()])}. "
           f"By year: {per_year}.")
    return fig, alt


def show_trips(trips: pd.DataFrame | None = None) -> None:
    """Display :func:`trips_figure` with its alt text."""
    fig, alt = trips_figure(trips)
    charts.show(fig, alt)


# --------------------------------------------------------------------------- what followed

_CONFIDENCE_WORDS = {"V": "verified", "S": "secondary source only", "U": "unverified / not found"}


def _when(date, precision, end=None) -> str:
    """A timeline date at its precision ("Dec 2024"), or a span ("2–6 Dec 2024")."""
    ts = pd.Timestamp(date)
    if precision == "year":
        return f"{ts.year}"
    if precision == "month":
        return f"{ts:%b %Y}"
    if end is None or pd.isna(end) or pd.Timestamp(end) == ts:
        return f"{ts.day} {ts:%b %Y}"
    te = pd.Timestamp(end)
    if (te.year, te.month) == (ts.year, ts.month):
        return f"{ts.day}–{te.day} {ts:%b %Y}"
    return f"{ts.day} {ts:%b} – {te.day} {te:%b %Y}" if te.year == ts.year else f"{_when(ts, 'day')} – {_when(te, 'day')}"


class EventTable:
    """Rows of the timeline as a small table: HTML with source links, and plain text."""

    def __init__(self, rows: pd.DataFrame, caption: str):
        self.rows = rows.reset_index(drop=True)
        self.caption = caption

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        lines = [self.caption]
        for r in self.rows.itertuples():
            lines.append(f"{_when(r.date, r.date_precision, r.end_date):>13}  [{r.confidence}]  {r.event}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        body = "".join(
            f"<tr><td>{esc(_when(r.date, r.date_precision, r.end_date))}</td><td>{esc(r.event)}</td>"
            f"<td>{esc(r.confidence)} ({esc(_CONFIDENCE_WORDS.get(r.confidence, ''))})</td>"
            f"<td>{_source_links(r.source_ids)}</td></tr>"
            for r in self.rows.itertuples())
        return (f"<table><caption>{esc(self.caption)}</caption><thead><tr><th>when</th><th>what happened</th>"
                f"<th>confidence</th><th>sources</th></tr></thead><tbody>{body}</tbody></table>")


def timeline_rows(start=None, end=None, categories=None, event_ids=None,
                  timeline: pd.DataFrame | None = None) -> EventTable:
    """Timeline events between ``start`` and ``end`` (inclusive), optionally of some categories or ids.

    Shown as a table of date, event, confidence and sources (last line of a cell).
    """
    tl = _load("timeline") if timeline is None else timeline
    mask = pd.Series(True, index=tl.index)
    if start is not None:
        mask &= tl["date"] >= pd.Timestamp(start)
    if end is not None:
        mask &= tl["date"] <= pd.Timestamp(end)
    if categories is not None:
        mask &= tl["category"].isin(list(categories))
    if event_ids is not None:
        mask &= tl["event_id"].isin(list(event_ids))
    rows = tl[mask].sort_values(["date", "event_id"])
    what = ", ".join(categories) if categories is not None else "all categories"
    caption = f"From data/timeline.csv ({len(rows)} events; {what})."
    return EventTable(rows, caption)


# --------------------------------------------------------------------------- role cards

#: The roles, in the order of the dropdown (the table's ``role`` values).
ROLES = (
    "Mongolia's government",
    "The ICC Prosecutor",
    "Ukraine's foreign ministry",
    "A legal scholar",
    "An energy planner",
    "The ICC (Court and spokesperson)",  # the sixth, optional card: the judges have already spoken
)
#: How each kind of point is labelled on a card (words, not colours).
KIND_LABELS = {
    "argument": "Argument",
    "critique": "Critique of the Chamber's reasoning",
    "defence": "Defence of the Chamber's reasoning",
    "caveat": "Note on the sources",
}


def role_cards(cards: pd.DataFrame | None = None) -> pd.DataFrame:
    """The role-card table, ordered by role (as in :data:`ROLES`) and point order."""
    cards = _load("role_cards") if cards is None else cards
    rank = {r: i for i, r in enumerate(ROLES)}
    return (cards.assign(_r=cards["role"].map(rank).fillna(len(ROLES)))
            .sort_values(["_r", "order"]).drop(columns="_r").reset_index(drop=True))


def roles(cards: pd.DataFrame | None = None) -> list[str]:
    """Role names present in the table, in dropdown order."""
    return list(dict.fromkeys(role_cards(cards)["role"]))


def _source_links(source_ids: str) -> str:
    from wanted.quiz import source_html  # one way to turn a source id into a link

    ids = [s.strip() for s in str(source_ids or "").split(";") if s.strip()]
    return "; ".join(source_html(s) for s in ids)


def _text(value) -> str:
    """A cell as text; missing cells (None, NaN, pd.NA) become ""."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def card_html(role: str, cards: pd.DataFrame | None = None) -> str:
    """One role card as HTML: each point, the exact quotation, who said it, where, when, the source."""
    table = role_cards(cards)
    rows = table[table["role"] == role]
    if rows.empty:
        known = ", ".join(roles(table))
        return f"<p>No card for {html.escape(str(role))!s}. Roles: {html.escape(known)}.</p>"
    esc = html.escape
    parts = [f'<div class="wanted-role-card"><h4>Role card: {esc(role)}</h4><ol>']
    for r in rows.itertuples():
        label = KIND_LABELS.get(r.kind, r.kind)
        parts.append(f"<li><p><strong>{esc(label)}:</strong> {esc(_text(r.point))}</p>")
        quote = _text(r.quote)
        if quote:
            parts.append(f"<blockquote><p>“{esc(quote)}”</p></blockquote>")
        who = ", ".join(x for x in (_text(r.speaker), _text(r.said)) if x)
        conf = {"V": "verified", "S": "secondary source only", "U": "unverified"}.get(_text(r.confidence), "")
        meta = [f"— {esc(who)}" if who else "", f"Source: {_source_links(r.source_ids)}",
                f"Confidence: {esc(conf)}" if conf else ""]
        parts.append(f"<p><small>{' · '.join(m for m in meta if m)}</small></p></li>")
    parts.append("</ol></div>")
    return "".join(parts)


def card_text(role: str, cards: pd.DataFrame | None = None) -> str:
    """One role card as plain text (for printing or for a test)."""
    table = role_cards(cards)
    rows = table[table["role"] == role]
    lines = [f"Role card: {role}"]
    for n, r in enumerate(rows.itertuples(), 1):
        lines.append(f"{n}. {KIND_LABELS.get(r.kind, r.kind)}: {_text(r.point)}")
        if _text(r.quote):
            lines.append(f"   “{_text(r.quote)}” — {_text(r.speaker)}, {_text(r.said)}")
    return "\n".join(lines)


class RoleExplorer:
    """A dropdown of roles and the chosen card; a fixed text line and a static copy elsewhere."""

    def __init__(self, role: str | None = None, cards: pd.DataFrame | None = None):
        import ipywidgets as widgets

        self.cards = role_cards(cards)
        options = roles(self.cards)
        self.role = role if role in options else options[0]
        self.dropdown = widgets.Dropdown(options=options, value=self.role, description="Your role:",
                                         style={"description_width": "initial"})
        self.card = widgets.HTML(card_html(self.role, self.cards))
        self.dropdown.observe(self._on_change, names="value")
        self.widget = widgets.VBox([self.dropdown, self.card])

    def select(self, role: str) -> str:
        """Show the card for ``role`` (the dropdown's callback); return its HTML."""
        self.role = role
        self.card.value = card_html(role, self.cards)
        return self.card.value

    def _on_change(self, change) -> None:
        self.select(change["new"])

    def __repr__(self) -> str:
        return "Role cards: choose a role in the dropdown to see its card. Run this cell in Jupyter to use it."

    def _repr_html_(self) -> str:
        others = ", ".join(r for r in roles(self.cards) if r != self.role)
        return (f"<p><em>Static copy: run this cell in Jupyter to choose a role. Other roles: "
                f"{html.escape(others)}.</em></p>" + card_html(self.role, self.cards))

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = repr(self)
        bundle["text/html"] = self._repr_html_()
        return bundle


def role_explorer(role: str | None = None, cards: pd.DataFrame | None = None) -> RoleExplorer:
    """The role-card widget (last line of a cell). ``role`` picks the card shown first."""
    return RoleExplorer(role, cards)


# --------------------------------------------------------------------------- weighing

#: The factors, in slider order, with their slider labels.
FACTORS = ("legal", "political", "economic")
FACTOR_LABELS = {
    "legal": "Legal obligation (0–10)",
    "political": "Political relations (0–10)",
    "economic": "Economic security (0–10)",
}
#: The options, in table order (ties are listed in this order).
OPTIONS = ("Arrest and surrender", "Ask Putin not to come, or postpone", "Host him and accept a finding")
WEIGHT_MAX = 10


class WeightError(CourseError, ValueError):
    """The weights given to :func:`weigh` cannot be used (the message says why and how to fix it)."""


def check_weights(weights) -> dict[str, float]:
    """Return ``weights`` as ``{factor: float}`` or raise :class:`WeightError` saying what is wrong.

    Accepts a dict with the keys of :data:`FACTORS` or a sequence of three numbers
    (in that order). Each weight is a number from 0 to 10; at least one must be
    above 0.
    """
    how = ("Give each factor a weight from 0 (ignore it) to 10 (it matters most), e.g. "
           "{'legal': 5, 'political': 5, 'economic': 5}.")
    if isinstance(weights, dict):
        unknown = [k for k in weights if k not in FACTORS]
        missing = [f for f in FACTORS if f not in weights]
        if unknown or missing:
            bits = []
            if missing:
                bits.append(f"missing: {', '.join(missing)}")
            if unknown:
                bits.append(f"not a factor: {', '.join(repr(k)[:40] for k in unknown)}")
            raise WeightError(f"The weights need exactly the factors {', '.join(FACTORS)} ({'; '.join(bits)}). {how}")
        values = [weights[f] for f in FACTORS]
    elif isinstance(weights, (list, tuple)) and len(weights) == len(FACTORS):
        values = list(weights)
    else:
        raise WeightError(f"Weights must be a dict of the three factors or three numbers, "
                          f"not {type(weights).__name__}. {how}")
    out = {}
    for factor, value in zip(FACTORS, values):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise WeightError(f"The weight for {factor} is {repr(value)[:40]}, not a number. {how}")
        value = float(value)
        if math.isnan(value) or math.isinf(value):
            raise WeightError(f"The weight for {factor} is {value}, which is not a usable number. {how}")
        if value < 0:
            raise WeightError(f"The weight for {factor} is negative ({value:g}). A weight says how much a "
                              f"factor counts, so it runs from 0 to {WEIGHT_MAX}. {how}")
        if value > WEIGHT_MAX:
            raise WeightError(f"The weight for {factor} is {value:g}, above the scale's top of {WEIGHT_MAX}. {how}")
        out[factor] = value
    if sum(out.values()) == 0:
        raise WeightError("All three weights are 0, so no option can be preferred: every option scores 0. "
                          f"Give at least one factor a weight above 0. {how}")
    return out


def decision_scores(scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """The scores table (long form: option, factor, score, rationale, source_ids), in a fixed order."""
    scores = _load("decision_scores") if scores is None else scores
    orank = {o: i for i, o in enumerate(OPTIONS)}
    frank = {f: i for i, f in enumerate(FACTORS)}
    return (scores.assign(_o=scores["option"].map(orank), _f=scores["factor"].map(frank))
            .sort_values(["_o", "_f"]).drop(columns=["_o", "_f"]).reset_index(drop=True))


def score_matrix(scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """Scores as a matrix: one row per option (in :data:`OPTIONS` order), one column per factor."""
    long = decision_scores(scores)
    wide = long.pivot(index="option", columns="factor", values="score")
    present = [o for o in OPTIONS if o in wide.index] + [o for o in wide.index if o not in OPTIONS]
    wide = wide.reindex(index=present, columns=list(FACTORS))
    wide.index.name = "option"
    wide.columns.name = None
    return wide


def weigh(weights, options: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rank the options by the weighted sum of their factor scores.

    ``weights``: see :func:`check_weights` (bad weights raise :class:`WeightError`).
    ``options``: the long scores table (default: ``data/decision_scores.csv``).

    Returns one row per option, best first: the three scores, ``weighted_sum``
    (Σ weight × score), ``out_of_10`` (the weighted sum divided by the sum of the
    weights, i.e. a weighted average on the 0–10 scale) and ``rank`` (1 = best;
    tied options share a rank).
    """
    w = check_weights(weights)
    matrix = score_matrix(options)
    if matrix.isna().any().any():
        gaps = [f"{o} / {f}" for o in matrix.index for f in FACTORS if pd.isna(matrix.loc[o, f])]
        raise WeightError(f"The scores table has no score for: {', '.join(gaps)}. Add the missing rows to "
                          "data/decision_scores.csv.")
    table = matrix.reset_index()
    table["weighted_sum"] = sum(table[f] * w[f] for f in FACTORS)
    table["out_of_10"] = table["weighted_sum"] / sum(w.values())
    # Round before ranking so that float noise (0.1 + 0.2) cannot split a real tie.
    key = table["weighted_sum"].round(9)
    table["rank"] = key.rank(method="min", ascending=False).astype(int)
    order = {o: i for i, o in enumerate(table["option"])}
    table = table.assign(_o=table["option"].map(order)).sort_values(["rank", "_o"]).drop(columns="_o")
    return table.reset_index(drop=True)


_PLACES = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def verdict(ranked: pd.DataFrame) -> str:
    """What a :func:`weigh` table means, in one or two sentences (ties said in words)."""
    groups = [g for _, g in ranked.groupby("rank", sort=True)]
    first = groups[0]
    score = f"{first['out_of_10'].iloc[0]:.1f} out of 10"
    if len(first) == 1:
        lead = f"These weights favour “{first['option'].iloc[0]}” ({score})."
    else:
        lead = (f"These weights do not decide: {_join([f'“{o}”' for o in first['option']])} "
                f"tie for first place ({score} each).")
    rest = []
    for g in groups[1:]:
        place = _PLACES.get(int(g["rank"].iloc[0]), f"#{int(g['rank'].iloc[0])}")
        names = _join([f"“{o}”" for o in g["option"]])
        value = f"{g['out_of_10'].iloc[0]:.1f}"
        rest.append(f"{names} {'tie for' if len(g) > 1 else 'comes'} {place} ({value}{' each' if len(g) > 1 else ''})")
    return lead + (f" Then {'; '.join(rest)}." if rest else "")


def explain(weights, options: pd.DataFrame | None = None) -> str:
    """:func:`verdict` for ``weights``, or the message of a :class:`WeightError` (never a traceback)."""
    try:
        return verdict(weigh(weights, options))
    except WeightError as exc:
        return f"Cannot weigh the options: {exc}"


def first_place_conditions(option: str = "Arrest and surrender",
                           scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """When ``option`` beats each rival, read off the scores table.

    ``option`` beats a rival when Σ weight × (its score − the rival's score) > 0.
    When it is ahead on the legal factor and not ahead on the other two, that is
    ``legal > political_coef × political + economic_coef × economic``. One row per
    rival: ``rival``, the three score differences, and the two coefficients (NaN
    when the condition cannot be written that way).
    """
    matrix = score_matrix(scores)
    if option not in matrix.index:
        raise WeightError(f"No option called {str(option)[:60]!r}; the options are: {', '.join(matrix.index)}.")
    rows = []
    for rival in matrix.index:
        if rival == option:
            continue
        d = {f: float(matrix.loc[option, f] - matrix.loc[rival, f]) for f in FACTORS}
        simple = d["legal"] > 0 and d["political"] <= 0 and d["economic"] <= 0
        rows.append({"rival": rival, **{f"diff_{f}": d[f] for f in FACTORS},
                     "political_coef": -d["political"] / d["legal"] if simple else math.nan,
                     "economic_coef": -d["economic"] / d["legal"] if simple else math.nan})
    return pd.DataFrame(rows)


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def first_place_rule(option: str = "Arrest and surrender", scores: pd.DataFrame | None = None,
                     examples=({"legal": 6, "political": 1, "economic": 1},
                               {"legal": 8, "political": 4, "economic": 6})) -> str:
    """The exact rule, in words, for weights under which ``option`` ranks first on its own.

    Computed from the scores table (see :func:`first_place_conditions`), with the
    ``examples`` checked against :func:`weigh`, so the sentence cannot drift from the code.
    """
    cond = first_place_conditions(option, scores)
    if cond[["political_coef", "economic_coef"]].isna().any().any():
        parts = [f"{_num(r.diff_legal)} × legal + {_num(r.diff_political)} × political + "
                 f"{_num(r.diff_economic)} × economic > 0 (against “{r.rival}”)" for r in cond.itertuples()]
        return f"“{option}” ranks first on its own exactly when " + " and ".join(parts) + "."
    # The rival with the largest coefficients on both factors sets the binding condition, if there is one.
    top = cond[(cond["political_coef"] >= cond["political_coef"].max())
               & (cond["economic_coef"] >= cond["economic_coef"].max())]
    if top.empty:
        parts = [f"legal > {_num(r.political_coef)} × political + {_num(r.economic_coef)} × economic "
                 f"(against “{r.rival}”)" for r in cond.itertuples()]
        return f"“{option}” ranks first on its own exactly when " + " and ".join(parts) + "."
    b = top.iloc[0]
    a_p, a_e = float(b["political_coef"]), float(b["economic_coef"])
    text = (f"With these scores, “{option}” ranks first on its own exactly when the legal weight is greater than "
            f"{_num(a_p)} × the political weight + {_num(a_e)} × the economic weight; if the two sides are equal, it "
            f"ties with “{b['rival']}”.")
    others = cond[cond["rival"] != b["rival"]]
    for r in others.itertuples():
        text += (f" (Against “{r.rival}” alone it would need less: legal > {_num(r.political_coef)} × political + "
                 f"{_num(r.economic_coef)} × economic.)")
    for w in examples:
        w = check_weights(w)
        need = a_p * w["political"] + a_e * w["economic"]
        first = weigh(w, scores)
        wins = bool(first["option"].iloc[0] == option and (first["rank"] == 1).sum() == 1)
        assert wins == (w["legal"] > need), "the rule and weigh() disagree"  # guards the sentence against the code
        shown = ", ".join(f"{f} {w[f]:g}" for f in FACTORS)
        if wins:
            text += f" Example: {shown} puts it first ({w['legal']:g} > {_num(need)})."
        elif need < WEIGHT_MAX:
            text += f" Example: {shown} does not ({w['legal']:g} is not above {_num(need)})."
        else:
            text += (f" Example: with {shown} it would need a legal weight above {_num(need)}, beyond the scale's "
                     f"top of {WEIGHT_MAX}.")
    return text


def ranking_html(ranked: pd.DataFrame) -> str:
    """A :func:`weigh` table as a small HTML table (rank, option, scores, weighted sum, out of 10)."""
    esc = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in
                   ["rank", "option", "legal", "political", "economic", "weighted sum", "out of 10"])
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(str(v))}</td>" for v in (
            r.rank, r.option, f"{r.legal:g}", f"{r.political:g}", f"{r.economic:g}",
            f"{r.weighted_sum:g}", f"{r.out_of_10:.1f}")) + "</tr>"
        for r in ranked.itertuples())
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class ScoresTable:
    """The scores with their rationales and sources, as an HTML table (and a short text line)."""

    def __init__(self, scores: pd.DataFrame | None = None):
        self.scores = decision_scores(scores)

    def __repr__(self) -> str:
        return (f"Scores table: {self.scores['option'].nunique()} options × {self.scores['factor'].nunique()} "
                "factors, each with a rationale and a source (see the HTML view).")

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><td>{esc(r.option)}</td><td>{esc(r.factor)}</td><td>{r.score:g}</td>"
            f"<td>{esc(_text(r.rationale))}</td><td>{_source_links(r.source_ids)}</td></tr>"
            for r in self.scores.itertuples())
        return ("<table><thead><tr><th>option</th><th>factor</th><th>score (0–10)</th><th>why this score</th>"
                f"<th>source</th></tr></thead><tbody>{rows}</tbody></table>")


def scores_table(scores: pd.DataFrame | None = None) -> ScoresTable:
    """Show the scores, rationales and sources (last line of a cell)."""
    return ScoresTable(scores)


JUSTIFY_NOTE = ("Your text stays only in this box while the notebook is open: it is not saved to your "
                "progress file, and running this cell again starts with an empty box. Copy it into your "
                "exercise notebook. The tool writes nothing to disk and overwrites nothing.")


class WeighingTool:
    """Three labelled sliders, the ranking and its verdict in words, and a box for the justification."""

    def __init__(self, weights=None, scores: pd.DataFrame | None = None):
        import ipywidgets as widgets

        self.scores = decision_scores(scores)
        start = check_weights(weights) if weights is not None else {f: 5.0 for f in FACTORS}
        style = {"description_width": "initial"}
        self.sliders = {
            f: widgets.IntSlider(value=int(round(start[f])), min=0, max=WEIGHT_MAX, step=1,
                                 description=FACTOR_LABELS[f], style=style, continuous_update=False)
            for f in FACTORS}
        self.result = widgets.HTML(self.result_html(self.weights()))
        self.justification = widgets.Textarea(
            value="", description="Justify your weights:", style=style, rows=6,
            placeholder="Why does each factor get the weight you gave it? Name the legal basis, the "
                        "constraint, and the strongest counter-argument.",
            layout=widgets.Layout(width="95%"))
        note = widgets.HTML(f"<p><small>{html.escape(JUSTIFY_NOTE)}</small></p>")
        for s in self.sliders.values():
            s.observe(self._on_change, names="value")
        self.widget = widgets.VBox([*self.sliders.values(), self.result, self.justification, note])

    def weights(self) -> dict[str, int]:
        """The sliders' current values."""
        return {f: s.value for f, s in self.sliders.items()}

    def result_html(self, weights) -> str:
        """The verdict in words plus the ranking table (or the message for unusable weights)."""
        try:
            ranked = weigh(weights, self.scores)
        except WeightError as exc:
            return f'<p role="alert"><strong>⚠ Cannot weigh the options:</strong> {html.escape(str(exc))}</p>'
        return f"<p><strong>Result:</strong> {html.escape(verdict(ranked))}</p>" + ranking_html(ranked)

    def update(self) -> str:
        """Recompute the result from the sliders (the sliders' callback); return its HTML."""
        self.result.value = self.result_html(self.weights())
        return self.result.value

    def _on_change(self, change) -> None:
        self.update()

    def __repr__(self) -> str:
        return ("Weighing tool: set a weight from 0 to 10 for the legal, political and economic factors to see "
                "which option they favour. Run this cell in Jupyter to use it.")

    def _repr_html_(self) -> str:
        w = self.weights()
        shown = ", ".join(f"{f} {w[f]}" for f in FACTORS)
        return (f"<p><em>Static copy with the starting weights ({html.escape(shown)}): run this cell in "
                "Jupyter to move the sliders and write your justification.</em></p>"
                + self.result_html(w) + f"<p><small>{html.escape(JUSTIFY_NOTE)}</small></p>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = repr(self)
        bundle["text/html"] = self._repr_html_()
        return bundle


def weighing_tool(weights=None, scores: pd.DataFrame | None = None) -> WeighingTool:
    """The decision-weighing widget (last line of a cell); ``weights`` sets the starting sliders."""
    return WeighingTool(weights, scores)
