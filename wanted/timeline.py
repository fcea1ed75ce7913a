"""Lesson 1 — the visit: the timeline chart, the timeline explorer and the claim sorter.

What a lesson cell calls, each in one line:

* :func:`filter_events` — the rows of ``data/timeline.csv`` for one actor, one
  kind of event and/or a date range;
* :func:`timeline_chart` — a chart of events on a date axis, one row per kind of
  event (each with its own marker shape *and* colour), numbered in date order,
  with a zoomed panel for the fortnight of the visit; :func:`chart_alt` writes
  its alt text from the same rows; :func:`events_html` lists the numbered events
  with their confidence label and source links;
* :func:`explorer` — a widget that filters by actor, kind of event and period,
  re-draws the chart and lists the events;
* :func:`claim_sorter` — the activity "verified, claimed, unverified or
  contradicted?"; the answer key is :data:`CLAIMS` and :func:`check_claims`
  grades answers as a plain function.

Widget callbacks do not run under nbval, so everything they do is a plain
function here, tested in ``tests/test_timeline.py``. The facts in :data:`CLAIMS`
are tied to ``source_id`` values of ``data/sources.csv``.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass

import pandas as pd

from wanted import charts, data
from wanted.errors import CourseError

# --------------------------------------------------------------------------- kinds of event

#: Kinds of event (the ``category`` column), top to bottom on the chart. Each has
#: a label, a colour and a marker shape, so no kind relies on colour alone.
CATEGORIES = {
    "context": ("Context", charts.PALETTE["black"], "o"),
    "warrant": ("Warrants", charts.PALETTE["vermillion"], "s"),
    "diplomacy": ("Diplomacy", charts.PALETTE["blue"], "^"),
    "statement": ("Official statements", charts.PALETTE["orange"], "D"),
    "visit": ("The visit", charts.PALETTE["purple"], "*"),
    "reaction": ("Reactions", charts.PALETTE["sky"], "v"),
    "court": ("Court steps", charts.PALETTE["green"], "P"),
    "assembly": ("Assembly of States Parties", "#7F7F7F", "X"),
    "precedent": ("Other cases", "#8C6D1F", "h"),
    "later-trip": ("Putin's trips", "#5B3A8C", "p"),
}

#: Confidence labels of the data package, in words (feedback never relies on a letter alone).
CONFIDENCE = {
    "V": "V · verified in the source's own text",
    "S": "S · secondary source only",
    "U": "U · unverified: looked for, not found",
}

#: Actor groups offered by the explorer. Each name matches actor entries that
#: contain one of its words (whole words, any case), because the table names
#: people as well as states: Peskov speaks for Russia, Tykhyi for Ukraine.
ACTOR_GROUPS = {
    "Mongolia": ("Mongolia", "Khurelsukh", "Damdin"),
    "Russia": ("Russia", "Putin", "Peskov", "Lavrov", "Lvova-Belova"),
    "Ukraine": ("Ukraine", "Tykhyi", "Kostin"),
    "ICC": ("ICC", "International Criminal Court"),
    "Assembly of States Parties": ("Assembly of States Parties",),
    "South Africa": ("South Africa",),
    "United States": ("United States",),
    "Human Rights Watch": ("Human Rights Watch",),
}

#: The periods the explorer offers. The lesson's story runs from the invasion to the
#: Court's finding; what followed belongs to lessons 2–6.
PERIODS = {
    "The case: Feb 2022 – Oct 2024": ("2022-02-24", "2024-10-24"),
    "The visit fortnight: 28 Aug – 14 Sep 2024": ("2024-08-28", "2024-09-14"),
    "What followed: Oct 2024 – Jun 2026": ("2024-10-24", "2026-12-31"),
    "Mongolia joins the ICC: 2000 – 2002": ("2000-01-01", "2002-12-31"),
}
DEFAULT_PERIOD = "The case: Feb 2022 – Oct 2024"
#: The window the chart's lower panel zooms into: the days around the visit.
VISIT_WINDOW = ("2024-08-28", "2024-09-14")

ALL = "All"


def load_events() -> pd.DataFrame:
    """The timeline table (``data/timeline.csv``), sorted by date."""
    return _sorted(data.load("timeline"))


#: Order of kinds on the same day: what happened before what was said about it.
_SAME_DAY_ORDER = {"context": 0, "warrant": 1, "visit": 2, "court": 3, "diplomacy": 4, "assembly": 5,
                   "statement": 6, "reaction": 7, "precedent": 8, "later-trip": 9}


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    """Sort by date; on the same day, acts before words (a warrant before the reaction to it)."""
    rank = df["category"].map(_SAME_DAY_ORDER).fillna(99)
    out = df.assign(_rank=rank).sort_values(["date", "_rank", "event_id"], kind="stable")
    return out.drop(columns="_rank").reset_index(drop=True)


def _parts(cell) -> list[str]:
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    return [p.strip() for p in str(cell).split(data.SEPARATOR) if p.strip()]


def _date(value, what: str):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return pd.Timestamp(value).normalize()
    except (ValueError, TypeError):
        raise CourseError(f"{what} {value!r} is not a date. Write it as 'YYYY-MM-DD', e.g. '2024-09-02'.") from None


def category_key(category) -> str | None:
    """The ``category`` value for a key or its label (``"Reactions"`` → ``"reaction"``); None for all."""
    if category is None:
        return None
    text = str(category).strip()
    if not text or text.lower() == ALL.lower():
        return None
    for key, (label, _, _) in CATEGORIES.items():
        if text.lower() in (key, label.lower()):
            return key
    choices = ", ".join(f"'{k}'" for k in CATEGORIES)
    raise CourseError(f"Unknown kind of event {category!r}. Choose one of {choices} (or None for all).")


def actor_matches(cell, actor: str) -> bool:
    """True if the ``actors`` cell names ``actor`` (a group of :data:`ACTOR_GROUPS` or any name)."""
    words = ACTOR_GROUPS.get(actor, (actor,))
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words), re.I)
    return any(pattern.search(part) for part in _parts(cell))


def filter_events(df: pd.DataFrame, actor=None, category=None, start=None, end=None) -> pd.DataFrame:
    """The events of ``df`` that match every filter given, sorted by date.

    ``actor``: a group of :data:`ACTOR_GROUPS` (``"Ukraine"`` also finds Tykhyi and
    Kostin) or any name, matched as whole words in the ``actors`` cell, any case.
    ``category``: a key or label of :data:`CATEGORIES`. ``start`` / ``end``: dates
    (``"2024-08-30"``); an event is kept if it overlaps ``[start, end]``. ``None``
    or ``"All"`` means no filter. An actor nobody matches gives an empty table.
    """
    if not isinstance(df, pd.DataFrame):
        raise CourseError("filter_events needs the timeline table first, e.g. filter_events(data.load('timeline'), actor='Ukraine').")
    out = df
    if actor is not None and str(actor).strip() and str(actor).strip().lower() != ALL.lower():
        name = str(actor).strip()
        out = out[out["actors"].map(lambda cell: actor_matches(cell, name)).astype(bool)]
    key = category_key(category)
    if key is not None:
        out = out[out["category"] == key]
    first, last = _date(start, "start"), _date(end, "end")
    if first is not None and last is not None and first > last:
        raise CourseError(f"start ({first:%Y-%m-%d}) is after end ({last:%Y-%m-%d}); swap them.")
    finish = out["end_date"].fillna(out["date"]) if "end_date" in out else out["date"]
    keep = pd.Series(True, index=out.index)
    if first is not None:
        keep &= finish >= first
    if last is not None:
        keep &= out["date"] <= last
    return _sorted(out[keep])


def case_events(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """The events of the lesson's default period (:data:`DEFAULT_PERIOD`)."""
    start, end = PERIODS[DEFAULT_PERIOD]
    return filter_events(load_events() if df is None else df, start=start, end=end)


# --------------------------------------------------------------------------- chart


def _fmt(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _day_month(day) -> str:
    return f"{day.day} {day:%b}"


def _in_window(df: pd.DataFrame, window) -> pd.Series:
    lo, hi = (pd.Timestamp(d) for d in window)
    return (df["date"] >= lo) & (df["date"] <= hi)


def _lanes(df: pd.DataFrame) -> list[str]:
    present = set(df["category"])
    return [key for key in CATEGORIES if key in present]


def clusters(dates: list, min_gap: float) -> list[list[int]]:
    """Group positions of sorted ``dates`` whose distance to the group's first date is below ``min_gap`` days."""
    groups: list[list[int]] = []
    for i, day in enumerate(dates):
        if groups and (day - dates[groups[-1][0]]).days < min_gap:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _draw(ax, df: pd.DataFrame, numbers: pd.Series, lanes: list[str], label: bool, min_gap: float,
          days_per_char: float = 0.0):
    """Markers for ``df`` on ``ax``, one lane per kind; labels (event numbers) where ``label`` is True.

    Events on the same day in the same lane are stacked a little upwards. Events
    of one lane closer than ``min_gap`` days share one label ("2, 4") above the
    cluster, so numbers never sit on top of each other.
    """
    y_of = {key: len(lanes) - 1 - i for i, key in enumerate(lanes)}
    for key in lanes:
        rows = df[df["category"] == key]
        if rows.empty:
            continue
        name, colour, marker = CATEGORIES[key]
        same_day = rows.groupby("date").cumcount()
        ys = y_of[key] + 0.2 * same_day
        ax.scatter(rows["date"], ys, marker=marker, s=90, color=colour, edgecolor="black",
                   linewidth=0.6, zorder=3, label=name)
        if not label:
            continue
        dates = list(rows["date"])
        right_edge = {0: None, 1: None}  # where the last label on each level ends (in days)
        for group in clusters(dates, min_gap):
            idx = [rows.index[i] for i in group]
            text = ", ".join(str(numbers[i]) for i in idx)
            x = dates[group[0]] + (dates[group[-1]] - dates[group[0]]) / 2
            half = pd.Timedelta(days=days_per_char * (len(text) + 1) / 2)
            # A label that would overlap the previous one on its level goes one level up.
            level = 0 if right_edge[0] is None or x - half > right_edge[0] else 1
            right_edge[level] = x + half
            top = max(ys[i] for i in idx)
            ax.annotate(text, (x, top), xytext=(0, 7 + 11 * level), textcoords="offset points",
                        ha="center", va="bottom", fontsize=9, fontweight="bold")
    ax.set_yticks(list(y_of.values()), [CATEGORIES[k][0] for k in y_of])
    ax.set_ylim(-0.6, len(lanes) - 0.1)
    ax.grid(axis="y", alpha=0.15)


def timeline_chart(df: pd.DataFrame, zoom=VISIT_WINDOW, title: str | None = None):
    """Chart ``df``'s events on a date axis, one row per kind of event; return the figure.

    Events are numbered in date order (the numbers of :func:`events_html`). If
    ``zoom`` (start, end) holds some of the events and others lie outside it, a
    lower panel repeats those days at a larger scale and the upper panel leaves
    them unnumbered (a shaded band marks them). Display with
    ``charts.show(fig, alt=chart_alt(df))``.
    """
    from matplotlib import dates as mdates
    from matplotlib.ticker import FuncFormatter

    df = _sorted(df)
    if df.empty:
        fig, ax = charts.new(figsize=(8, 1.6))
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No events match these filters.", ha="center", va="center", fontsize=12)
        return fig
    numbers = pd.Series(range(1, len(df) + 1), index=df.index)
    lanes = _lanes(df)
    inside = _in_window(df, zoom) if zoom else pd.Series(False, index=df.index)
    two_panels = bool(inside.any() and (~inside).any())
    height = 0.42 * len(lanes) + 1.3
    if two_panels:
        zoom_lanes = _lanes(df[inside])
        fig, (top, bottom) = charts.new(2, 1, figsize=(9, height + 0.42 * len(zoom_lanes) + 1.6),
                                        gridspec_kw={"height_ratios": [len(lanes) + 1.5, len(zoom_lanes) + 1.5]})
    else:
        fig, top = charts.new(figsize=(9, height))
        bottom = None
    span = max((df["date"].max() - df["date"].min()).days, 1)
    # About 6 points per bold 9-pt digit on an axis about 450 points wide.
    per_char = span * 1.1 * 6 / 450
    if not two_panels:
        _draw(top, df, numbers, lanes, label=True, min_gap=span / 40, days_per_char=per_char)
    else:
        # Upper panel: number only the events outside the zoomed days.
        _draw(top, df[~inside], numbers, lanes, label=True, min_gap=span / 40, days_per_char=per_char)
        _draw(top, df[inside], numbers, lanes, label=False, min_gap=0)
        lo, hi = (pd.Timestamp(d) for d in zoom)
        top.axvspan(lo, hi, color="#999999", alpha=0.25, zorder=1)
        top.annotate("zoomed below", (hi, len(lanes) - 0.5), xytext=(4, 0), textcoords="offset points",
                     fontsize=8, va="center", style="italic")
        zoomed = df[inside]
        _draw(bottom, zoomed, numbers, zoom_lanes, label=True, min_gap=0.5)
        bottom.set_xlim(lo - pd.Timedelta(days=0.5), hi + pd.Timedelta(days=0.5))
        bottom.xaxis.set_major_locator(mdates.DayLocator(interval=2))
        bottom.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: _day_month(mdates.num2date(x))))
        bottom.set_title(f"Zoom: {lo.day} {lo:%b} – {hi.day} {hi:%b %Y}", fontsize=11, loc="left")
        bottom.set_xlabel("Date (day month)")
    pad = pd.Timedelta(days=max(span // 30, 2))
    top.set_xlim(df["date"].min() - pad, df["date"].max() + pad)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    top.xaxis.set_major_locator(locator)
    top.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    top.set_xlabel("Date")
    first, last = df["date"].min(), df["date"].max()
    top.set_title(title or f"{len(df)} events, {_fmt(first)} – {_fmt(last)}", loc="left")
    fig.text(0.01, -0.01, "Numbers = event numbers in the list below the chart. Source: data/timeline.csv.",
             fontsize=8, ha="left", va="top")
    fig.tight_layout()
    return fig


def busiest_days(df: pd.DataFrame, n: int = 2) -> list[tuple[pd.Timestamp, int]]:
    """The ``n`` dates with most events (ties broken by the earlier date)."""
    counts = df.groupby("date").size().reset_index(name="n").sort_values(["n", "date"], ascending=[False, True])
    return [(row.date, int(row.n)) for row in counts.head(n).itertuples()]


def chart_alt(df: pd.DataFrame, zoom=VISIT_WINDOW) -> str:
    """Alt text for :func:`timeline_chart` of ``df``, computed from the same rows."""
    df = _sorted(df)
    if df.empty:
        return "An empty timeline chart: no events match these filters."
    kinds = ", ".join(f"{CATEGORIES[k][0]} ({int((df['category'] == k).sum())})" for k in _lanes(df))
    text = (f"Timeline chart of {len(df)} events from {_fmt(df['date'].min())} to {_fmt(df['date'].max())}, "
            f"one row per kind of event, each with its own marker shape: {kinds}. Events are numbered in date order.")
    busy = [f"{_fmt(d)} ({n} events)" for d, n in busiest_days(df) if n > 1]
    if busy:
        text += " The busiest days are " + " and ".join(busy) + "."
    inside = _in_window(df, zoom) if zoom else pd.Series(False, index=df.index)
    if inside.any() and (~inside).any():
        lo, hi = (pd.Timestamp(d) for d in zoom)
        text += f" A lower panel zooms in on {_fmt(lo)} to {_fmt(hi)}, which holds {int(inside.sum())} of the events."
    gap = longest_gap(df)
    if gap is not None:
        first, last = gap
        text += f" The longest stretch without events runs from {_fmt(first)} to {_fmt(last)} ({(last - first).days} days)."
    return text


def longest_gap(df: pd.DataFrame):
    """``(date, next date)`` of the longest interval between consecutive event dates, or None."""
    days = pd.Series(sorted(set(df["date"])))
    if len(days) < 2:
        return None
    i = int(days.diff().dt.days.iloc[1:].idxmax())
    return days[i - 1], days[i]


def summary(df: pd.DataFrame) -> str:
    """A few sentences about ``df``: how many events, over which dates, how well sourced."""
    df = _sorted(df)
    if df.empty:
        return "No events match these filters."
    conf = df["confidence"].value_counts()
    labels = ", ".join(f"{int(conf.get(k, 0))} {k} ({CONFIDENCE[k].split(' · ')[1]})" for k in CONFIDENCE)
    return (f"{len(df)} events from {_fmt(df['date'].min())} to {_fmt(df['date'].max())}. "
            f"Confidence: {labels}.")


def days_between(df: pd.DataFrame, first_id: str, second_id: str) -> int:
    """Days from event ``first_id`` to event ``second_id`` (both ``event_id`` values)."""
    dates = df.set_index("event_id")["date"]
    missing = [e for e in (first_id, second_id) if e not in dates.index]
    if missing:
        raise CourseError(f"No event {missing[0]!r} in the timeline; check the event_id column.")
    return int((dates[second_id] - dates[first_id]).days)


# --------------------------------------------------------------------------- event list


def _source_links(cell) -> str:
    table = data.sources().set_index("source_id")
    links = []
    for sid in _parts(cell):
        if sid not in table.index:
            links.append(html.escape(sid))
            continue
        row = table.loc[sid]
        label = html.escape(str(row["outlet"]))
        url = row["url"]
        links.append(f'<a href="{html.escape(str(url))}" target="_blank" rel="noopener">{label}</a>'
                     if isinstance(url, str) and url else label)
    return "; ".join(links)


_INTERNAL = [
    (re.compile(r"\s*\((?:factcheck\.md|factsheet)[^)]*\)"), ""),          # "(factcheck.md new fact 9)"
    (re.compile(r"(?:^|(?<=\. ))factcheck\.md:?\s*(?:label S\+|new fact \d+)\.?\s*"), ""),
    (re.compile(r"^factcheck\.md:\s*"), ""),
    (re.compile(r"\s*Seed 000 "), " One of the module's seed articles "),
    (re.compile(r"\(putin_trips README, citing "), "("),
    (re.compile(r"\s*\(its label S\+\)"), ""),
    (re.compile(r"README in shared/sources says "), ""),
    (re.compile(r"\s+"), " "),
]


def clean_note(note) -> str:
    """A table note for students: references to the project's working files removed."""
    if note is None or (not isinstance(note, str) and pd.isna(note)):
        return ""
    text = str(note)
    for pattern, repl in _INTERNAL:
        text = pattern.sub(repl, text)
    text = text.strip()
    return text[:1].upper() + text[1:] if text else ""


def events_html(df: pd.DataFrame, caption: str | None = None) -> str:
    """An HTML table of ``df``'s events, numbered as on the chart, with confidence in words and sources."""
    df = _sorted(df)
    if df.empty:
        return "<p><em>No events match these filters.</em></p>"
    rows = []
    for n, row in enumerate(df.itertuples(), 1):
        when = _fmt(row.date)
        if pd.notna(row.end_date) and row.end_date != row.date:
            when += f" – {_fmt(row.end_date)}"
        if row.date_precision == "month":
            when = f"{row.date:%B %Y}"
        cleaned = clean_note(row.note)
        note = f"<br><small>Note: {html.escape(cleaned)}</small>" if cleaned else ""
        rows.append(
            f"<tr><td>{n}</td><td>{when}</td><td>{html.escape(str(row.event))}{note}</td>"
            f"<td>{html.escape(str(row.actors))}</td><td>{CATEGORIES[row.category][0]}</td>"
            f"<td>{html.escape(CONFIDENCE[row.confidence])}</td><td>{_source_links(row.source_ids)}</td></tr>")
    head = ("<tr><th>#</th><th>Date</th><th>Event</th><th>Actors</th><th>Kind</th>"
            "<th>Confidence</th><th>Sources</th></tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<table class="wanted-timeline">{cap}<thead>{head}</thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


# --------------------------------------------------------------------------- explorer


def explorer_view(df: pd.DataFrame, actor=ALL, category=ALL, period=DEFAULT_PERIOD) -> dict:
    """Everything the explorer shows for one choice of filters (a plain function the widget calls).

    Returns ``{"events", "heading", "summary", "alt", "table"}``.
    """
    if period not in PERIODS:
        raise CourseError(f"Unknown period {period!r}. Choose one of: " + "; ".join(PERIODS) + ".")
    start, end = PERIODS[period]
    events = filter_events(df, actor=actor, category=category, start=start, end=end)
    who = "all actors" if actor in (None, ALL) else actor
    kind = "all kinds of event" if category in (None, ALL) else CATEGORIES[category_key(category)][0].lower()
    heading = f"Showing {who}, {kind}, period: {period}."
    return {"events": events, "heading": heading, "summary": summary(events),
            "alt": chart_alt(events), "table": events_html(events)}


class TimelineExplorer:
    """The timeline with three filters: the widget in Jupyter, its default view as static HTML elsewhere."""

    def __init__(self, df: pd.DataFrame | None = None):
        import ipywidgets as widgets

        self.df = load_events() if df is None else _sorted(df)
        style = {"description_width": "initial"}
        self.actor = widgets.Dropdown(options=[ALL, *ACTOR_GROUPS], value=ALL, description="Actor:", style=style)
        self.category = widgets.Dropdown(options=[(ALL, ALL)] + [(label, key) for key, (label, _, _) in CATEGORIES.items()],
                                         value=ALL, description="Kind of event:", style=style)
        self.period = widgets.Dropdown(options=list(PERIODS), value=DEFAULT_PERIOD, description="Period:",
                                       style=style, layout=widgets.Layout(width="max-content"))
        self.status = widgets.HTML()
        self.image = widgets.HTML()
        self.table = widgets.HTML()
        for control in (self.actor, self.category, self.period):
            control.observe(self._redraw, names="value")
        self._redraw()
        self.widget = widgets.VBox([widgets.HTML("<h4>Timeline explorer</h4>"),
                                    widgets.HBox([self.actor, self.category]), self.period,
                                    self.status, self.image, self.table])

    def view(self) -> dict:
        return explorer_view(self.df, self.actor.value, self.category.value, self.period.value)

    def _redraw(self, _change=None) -> None:
        view = self.view()
        # The status line is a live region, so screen readers announce the new count.
        self.status.value = (f'<p role="status" aria-live="polite"><strong>{html.escape(view["heading"])}</strong> '
                             f'{html.escape(view["summary"])}</p>')
        chart = charts.render(timeline_chart(view["events"]), view["alt"])
        png = base64.b64encode(chart.png).decode("ascii")
        self.image.value = (f'<img src="data:image/png;base64,{png}" alt="{html.escape(chart.alt)}" '
                            'style="max-width:100%">')
        self.table.value = view["table"]

    def __repr__(self) -> str:
        return "Timeline explorer: filter the events by actor, kind and period. Run this cell in Jupyter to use it."

    def static_html(self) -> str:
        view = explorer_view(self.df)
        return ('<div class="wanted-timeline-static"><p><strong>Timeline explorer</strong> (static copy: run the '
                f'cell in Jupyter to filter). {html.escape(view["heading"])} {html.escape(view["summary"])}</p>'
                f'{view["table"]}</div>')

    def _repr_html_(self) -> str:
        return self.static_html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = repr(self)
        bundle["text/html"] = self.static_html()
        return bundle


def explorer(df: pd.DataFrame | None = None) -> TimelineExplorer:
    """The timeline explorer (last line of a cell): filter by actor, kind of event and period."""
    return TimelineExplorer(df)


# --------------------------------------------------------------------------- claims activity

VERIFIED = "verified"
CLAIMED = "claimed by a party"
UNVERIFIED = "disputed or unverified"
CONTRADICTED = "contradicted by the sources"
#: The four boxes, in the order the activity offers them.
LABELS = (VERIFIED, CLAIMED, UNVERIFIED, CONTRADICTED)
CHOOSE = "— choose —"


@dataclass(frozen=True)
class Claim:
    """One statement to sort: its text, the right box, why, and how a reader could catch it."""

    key: str
    text: str
    label: str
    why: str
    check: str
    source_ids: tuple


#: The answer key of the activity. ``why`` cites the sources by outlet; the
#: ``source_ids`` are rows of data/sources.csv.
CLAIMS = (
    Claim("arrival", "Putin arrived in Ulaanbaatar on the evening of 2 September 2024.", VERIFIED,
          "Sources from opposite sides agree: the Kremlin announced the evening arrival through Russia's state "
          "agency TASS, and The Moscow Times (an independent outlet in exile) and CNBC reported that he landed "
          "that Monday evening. Nobody disputes it.",
          "Independent sources that would have reasons to disagree say the same thing.",
          ("tass-2024-09-putin-visit-mongolia", "moscowtimes-2024-09-02-putin-arrives-mongolia",
           "raskruti-2024-09-cnbc-copy")),
    Claim("warrants", "On 17 March 2023 ICC judges issued arrest warrants for Vladimir Putin and Maria Lvova-Belova.",
          VERIFIED,
          "The ICC's own press release (read in verbatim copies) says so, and the Coalition for the ICC reports "
          "the same; even the Kremlin's reply that day takes the warrants as a fact.",
          "The institution that acted says so in its own words.",
          ("icc-pr-2023-03-17-putin-warrants-copy-investorshub", "cicc-2023-04-05-ukraine-warrants")),
    Claim("prepared", "\"All aspects of the visit were carefully prepared.\"", CLAIMED,
          "That Kremlin spokesperson Dmitry Peskov said this on 30 August 2024 is verified (The Moscow Times, AFP); "
          "what the sentence asserts is Russia's own account, which no outsider can check. Note what it leaves "
          "open: it does not say whether Mongolia promised anything.",
          "Separate 'X said Y' (checkable) from 'Y' (the speaker's claim).",
          ("moscowtimes-2024-08-30-kremlin-unconcerned", "fmt-2024-08-30-kremlin-no-worries")),
    Claim("neutrality", "\"Mongolia has always maintained a policy of neutrality in all its diplomatic relations.\"",
          CLAIMED,
          "A Mongolian government spokesperson told POLITICO this on 3 September 2024 (also reported by Ukrinform). "
          "It is the government's description of its own policy, a party's claim, not a finding by anyone else.",
          "Ask who benefits from the statement and whether anyone independent confirms it.",
          ("politico-2024-09-03", "ukrinform-2024-09-mongolia-explains")),
    Claim("assurance", "Mongolia's authorities assured Putin in advance that they would not arrest him.", UNVERIFIED,
          "European Pravda writes only that Mongolia had 'reportedly' given such assurances and names no source. "
          "Peskov's 'carefully prepared' hints at it but does not say it. Plausible is not the same as verified.",
          "Words like 'reportedly' or 'sources say' with no named source mean: not verified.",
          ("pravda-ua-2024-09-12-demarche", "moscowtimes-2024-08-30-kremlin-unconcerned")),
    Claim("filings", "Mongolia told the Court that its energy dependence on Russia prevented the arrest.", UNVERIFIED,
          "Energy appears in the government's statement to POLITICO. The three summaries of Mongolia's submissions "
          "to the Court that we have (Jurist, ASIL, a Cambridge case note) mention its article 97 request and "
          "head-of-state immunity, not energy. Not found is not the same as not said: the filings themselves were not seen.",
          "Absence of evidence is not evidence of absence: say 'not found in the sources'.",
          ("jurist-2024-10-mongolia-finding", "asil-2024-mongolia-finding", "cambridge-note-mongolia-finding")),
    Claim("ninety_five", "Mongolia's government spokesperson said that Mongolia imports 95 % of its petroleum products "
          "from Russia.", CONTRADICTED,
          "The words POLITICO printed are 'from our immediate neighborhood': the spokesperson named no country, and "
          "China is a neighbour too. 'From Russia' is a re-report's wording. (Other sources do put Russia's share "
          "of Mongolia's fuel imports at 90–99 %: lesson 5.)",
          "Compare a quotation with its first publication; re-reports drift.",
          ("politico-2024-09-03",)),
    Claim("kostin", "Andriy Kostin, Ukraine's foreign minister, called on Mongolia to arrest Putin.", CONTRADICTED,
          "Kostin was Ukraine's Prosecutor General (AFP, as republished). One of the module's seed articles calls "
          "him foreign minister; the foreign ministry spoke through its spokesperson, Heorhii Tykhyi.",
          "Check a person's title against a second source before repeating it.",
          ("dailynewshub365-2024-09-kostin", "pravda-ua-2024-09-02-tykhyi")),
    Claim("brics_year", "A week before the visit, one article said Putin had skipped the BRICS summit in South Africa "
          "'earlier this year', that is, in 2024.", CONTRADICTED,
          "The Johannesburg summit took place on 22–24 August 2023, the year before (IOL, Daily Maverick). A "
          "relative date ('earlier this year') is only as good as the writer's sense of the calendar.",
          "Turn relative dates ('last year', 'next week') into calendar dates and check them.",
          ("iol-2023-08-lavrov-brics", "dailymaverick-2023-07-19-putin-skips-brics")),
)


@dataclass(frozen=True)
class ClaimResult:
    """The verdict on one claim: ``correct`` is True, False, or None (no answer given)."""

    key: str
    given: str | None
    correct: bool | None
    message: str


def _claim_index() -> dict:
    return {c.key: c for c in CLAIMS}


def _normalise_label(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    if not text or text == CHOOSE.lower():
        return None
    for label in LABELS:
        if text == label or text == label.split()[0]:
            return label
    return "?" + str(value)[:60]


#: Wrong attempts on one statement after which the feedback gives the answer and why.
REVEAL_AFTER = 2


def check_claims(answers, wrong_before=None) -> list[ClaimResult]:
    """Grade ``answers`` against :data:`CLAIMS`; never raises.

    ``answers`` is a dict ``{claim key: label}`` or a list of labels in the order of
    :data:`CLAIMS`. A label is one of :data:`LABELS` (its first word is enough,
    any case). Claims left out, or answered with :data:`CHOOSE`, get
    ``correct=None`` and a reminder; anything else that is not a label gets
    ``correct=None`` and says what the labels are. A wrong answer gets a hint;
    once ``wrong_before[key]`` (earlier wrong attempts) reaches
    :data:`REVEAL_AFTER` - 1, it also gets the answer and the reason.
    """
    wrong_before = wrong_before if isinstance(wrong_before, dict) else {}
    if isinstance(answers, dict):
        given = {str(k): v for k, v in answers.items()}
    elif isinstance(answers, (list, tuple)):
        given = {c.key: v for c, v in zip(CLAIMS, answers)}
    else:
        given = {}
    results = []
    for claim in CLAIMS:
        label = _normalise_label(given.get(claim.key))
        if label is None:
            results.append(ClaimResult(claim.key, None, None, "Not answered yet: choose a box for this statement."))
        elif label.startswith("?"):
            results.append(ClaimResult(claim.key, label[1:], None,
                                       f"'{label[1:]}' is not one of the boxes; choose one of: " + ", ".join(LABELS) + "."))
        elif label == claim.label:
            results.append(ClaimResult(claim.key, label, True, f"Right: {claim.label}. {claim.why}"))
        else:
            message = f"Not quite: this is not '{label}'. Hint: {claim.check}"
            if int(wrong_before.get(claim.key, 0) or 0) + 1 >= REVEAL_AFTER:
                message += f" The answer: {claim.label}. {claim.why}"
            results.append(ClaimResult(claim.key, label, False, message))
    return results


def claims_score(results: list[ClaimResult]) -> str:
    """``"6 of 9 right (2 not answered)"``."""
    right = sum(1 for r in results if r.correct is True)
    blank = sum(1 for r in results if r.correct is None)
    text = f"{right} of {len(results)} right"
    return text + (f" ({blank} not answered)" if blank else "")


_ICON = {True: "✔", False: "✘", None: "⚠"}


class ClaimSorter:
    """The activity: one dropdown per statement, a Check button, feedback in words per statement."""

    def __init__(self):
        import ipywidgets as widgets

        style = {"description_width": "initial"}
        self.dropdowns = {}
        self.feedback = {}
        self.wrong: dict[str, int] = {}
        rows = []
        for n, claim in enumerate(CLAIMS, 1):
            self.dropdowns[claim.key] = widgets.Dropdown(options=[CHOOSE, *LABELS], value=CHOOSE,
                                                         description=f"Statement {n} is:", style=style)
            self.feedback[claim.key] = widgets.HTML()
            rows.append(widgets.VBox([widgets.HTML(f"<p><strong>{n}.</strong> {html.escape(claim.text)}</p>"),
                                      self.dropdowns[claim.key], self.feedback[claim.key]]))
        self.button = widgets.Button(description="Check my sorting", button_style="",
                                     tooltip="Check all statements and show feedback")
        self.button.on_click(self.check)
        self.score = widgets.HTML()
        self.widget = widgets.VBox([widgets.HTML("<h4>Verified, claimed, unverified or contradicted?</h4>"),
                                    *rows, self.button, self.score])

    def answers(self) -> dict:
        return {key: dd.value for key, dd in self.dropdowns.items()}

    def check(self, _button=None) -> list[ClaimResult]:
        results = check_claims(self.answers(), self.wrong)
        for result in results:
            if result.correct is False:
                self.wrong[result.key] = self.wrong.get(result.key, 0) + 1
            self.feedback[result.key].value = (f"<p>{_ICON[result.correct]} {html.escape(result.message)}</p>")
        self.score.value = f'<p role="status"><strong>Score:</strong> {claims_score(results)}</p>'
        return results

    def __repr__(self) -> str:
        return (f"Claim sorter: {len(CLAIMS)} statements to sort into {len(LABELS)} boxes. "
                "Run this cell in Jupyter to use it.")

    def static_html(self) -> str:
        items = "".join(f"<li>{html.escape(c.text)}</li>" for c in CLAIMS)
        boxes = ", ".join(f"<em>{html.escape(label)}</em>" for label in LABELS)
        return (f'<div class="wanted-claims"><p><strong>Verified, claimed, unverified or contradicted?</strong> '
                f"(static copy: run the cell in Jupyter to sort and get feedback). Put each statement in one box: "
                f"{boxes}.</p><ol>{items}</ol></div>")

    def _repr_html_(self) -> str:
        return self.static_html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = repr(self)
        bundle["text/html"] = self.static_html()
        return bundle


def claim_sorter() -> ClaimSorter:
    """The claim-sorting activity (last line of a cell)."""
    return ClaimSorter()
