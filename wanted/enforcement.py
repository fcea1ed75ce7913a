"""Lesson 3 — how the ICC enforces its warrants, and where it can't.

Three things a lesson cell calls, each in one line:

* the **enforcement chain** (:data:`CHAIN`, :data:`VALVES`): request → arrest →
  surrender → finding → referral → measures, with what happened at each step for
  Mongolia in 2024 and where the chain has broken elsewhere;
  :func:`chain_figure` draws it and :func:`chain_walk` is a "what happens
  next?" step-through of it (:func:`step_html` is one card);
* **warrant counts** from ``data/warrant_counts.csv``: :func:`warrant_table`,
  :func:`outstanding`, :func:`warrant_summary`, :func:`warrant_chart`
  (``data/warrant_counts.csv`` holds the arithmetic in ``outstanding_computed``);
* **non-compliance findings** from ``data/noncompliance_findings.csv``:
  :func:`select_findings` (which rows a view counts, :data:`FILTERS`),
  :func:`findings_by_year` and :func:`findings_summary` (the numbers),
  :func:`findings_chart` (the chart) and
  :func:`findings_explorer` (a widget choosing which decisions count).

The data structures here are prose facts, each tied to a ``source_id`` of
``data/sources.csv``; the numbers come from the tables, never typed in.
Widget callbacks do not run under nbval, so all their logic lives in plain
functions that ``tests/test_enforcement.py`` exercises.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field

from wanted import charts

# --------------------------------------------------------------------------- the chain

#: How a step went. Each status has a colour, a line style and a word, so the
#: figure never relies on colour alone.
STATUS = {
    "held": {"word": "HELD", "symbol": "✓", "colour": charts.PALETTE["blue"], "style": "solid"},
    "broke": {"word": "BROKE", "symbol": "✗", "colour": charts.PALETTE["vermillion"], "style": "solid"},
    "late": {"word": "TOO LATE", "symbol": "!", "colour": charts.PALETTE["orange"], "style": "dashed"},
    "not_reached": {"word": "NOT REACHED", "symbol": "–", "colour": "#777777", "style": "dotted"},
    "unknown": {"word": "NOT FOUND", "symbol": "?", "colour": charts.PALETTE["purple"], "style": "dashdot"},
}


@dataclass(frozen=True)
class Step:
    """One link of the enforcement chain.

    ``mongolia`` is a status key of :data:`STATUS`; ``mongolia_note`` says what
    happened in 2024; ``elsewhere`` says where this link has held or broken in
    other cases. ``source_ids`` support the notes (``data/sources.csv``).
    """

    key: str
    title: str
    who: str
    article: str
    statute: str
    mongolia: str
    mongolia_note: str
    elsewhere: str
    source_ids: tuple = field(default_factory=tuple)


CHAIN = (
    Step("request", "1. Request", "the Court, to states where the person may be",
         "art. 89(1); art. 92 (provisional arrest)",
         "“The Court may transmit a request for the arrest and surrender of a person […] to any State "
         "on the territory of which that person may be found”",
         "held", "A request for Putin's provisional arrest was circulated to all states parties (2023).",
         "A warrant can be kept sealed until the arrest: Duterte's was issued on 7 March 2025 and he "
         "was arrested in Manila four days later.",
         ("ilm-weatherall-mongolia-finding", "gulfnews-2025-duterte-hearing")),
    Step("arrest", "2. Arrest", "the state where the person is",
         "art. 59(1)",
         "“A State Party which has received a request for provisional arrest or for arrest and "
         "surrender shall immediately take steps to arrest the person in question in accordance with "
         "its laws and the provisions of Part 9.”",
         "broke", "Putin visited on 2–3 September 2024 and left unarrested.",
         "The usual break: al-Bashir travelled to Chad, Kenya, Djibouti, Malawi, DR Congo, Uganda, "
         "South Africa and Jordan (2010–2017); Netanyahu visited Hungary (April 2025).",
         ("miragenews-2024-10-24-icc-pr-mongolia", "icc-2010-08-27-bashir-chad-kenya",
          "unnews-2011-05-djibouti", "africanews-2011-12-13-icc-pr-malawi",
          "diplomatmagazine-2014-04-13-drc", "diplomatmagazine-2016-07-13-uganda-djibouti",
          "asil-2017-south-africa", "icc-al-bashir-press-listing", "wafa-2025-07-24-hungary")),
    Step("surrender", "3. Surrender", "the same state, after its own court",
         "art. 89(1)",
         "“States Parties shall, in accordance with the provisions of this Part and the procedure "
         "under their national law, comply with requests for arrest and surrender.”",
         "not_reached", "Never reached: there was no arrest.",
         "Libya did not surrender Saif al-Islam Gaddafi (finding, 2014). It held for Duterte (12 March "
         "2025) and, at another tribunal, Milošević (2001).",
         ("aljazeera-2014-12-10-libya", "yomiuri-2025-03-13-reuters-duterte",
          "rferl-2001-06-milosevic-handover")),
    Step("finding", "4. Finding", "a Chamber of the Court",
         "art. 87(7)",
         "“Where a State Party fails to comply with a request to cooperate by the Court contrary to "
         "the provisions of this Statute, thereby preventing the Court from exercising its functions "
         "and powers under this Statute, the Court may make a finding to that effect […]”",
         "held", "Finding of 24 October 2024; leave to appeal refused on 29 November 2024.",
         "\"May\", not \"must\": after al-Bashir's visit to Nigeria (July 2013) no finding was made, "
         "according to Nigeria's foreign ministry.",
         ("miragenews-2024-10-24-icc-pr-mongolia", "newsaz-2024-11-icc-rejects-mongolia-appeal",
          "icc-2013-07-15-nigeria-request", "nigerianvoice-2013-09-nigeria-mfa")),
    Step("referral", "5. Referral", "the same Chamber",
         "art. 87(7)",
         "“[…] and refer the matter to the Assembly of States Parties or, where the Security Council "
         "referred the matter to the Court, to the Security Council.”",
         "held", "Referred to the Assembly (the Ukraine situation was not referred by the Council).",
         "South Africa (2017): finding, no referral. Kenya: referral refused (2014), made after an "
         "appeal (2016). Jordan: referral (2017) reversed on appeal (2019).",
         ("miragenews-2024-10-24-icc-pr-mongolia", "ejiltalk-repro-mongolia-critique",
          "asil-2017-south-africa", "ijrcenter-2014-12-09-kenyatta", "ijmonitor-2015-08-kenya-appeal",
          "justiceinconflict-2016-10-04-kenya", "asil-2019-jordan-appeal")),
    Step("measures", "6. Measures", "the Assembly of States Parties or the UN Security Council",
         "art. 112(2)(f)",
         "“The Assembly shall: […] (f) Consider pursuant to article 87, paragraphs 5 and 7, any "
         "question relating to non-cooperation;”",
         "unknown", "The Assembly met on 2–6 December 2024; what it did about Mongolia was not found.",
         "December 2011, ICC spokesperson: \"No measures have so far been adopted\" against any "
         "referred state.",
         ("icc-2024-12-06-asp23-concludes", "expatica-2011-12-chad-referral",
          "rome-statute-publiclaw")),
)

@dataclass(frozen=True)
class Valve:
    """A provision that lets a case pause or leave the chain (drawn under it)."""

    title: str
    text: str
    mongolia: str  # a STATUS key, or "" where the valve played no part for Mongolia
    source_ids: tuple = field(default_factory=tuple)


#: Exits and valves: provisions that let a case leave the chain or pause it.
VALVES = (
    Valve("art. 97 — consultations",
          "A state that sees a problem with a request must consult the Court \"without delay\". Mongolia "
          "asked on 30 August 2024; the Chamber: consultations must be \"timely\".",
          "late", ("rome-statute-publiclaw", "unn-2024-10-24-icc-mongolia-noncooperation",
                   "asil-2024-mongolia-finding")),
    Valve("art. 16 — deferral",
          "The Security Council can stop an investigation or prosecution for 12 months, renewable.",
          "", ("rome-statute-publiclaw",)),
    Valve("art. 127 — withdrawal",
          "A state can leave (effective one year after notice), but past duties stay. Hungary gave notice "
          "on 2 June 2025.",
          "", ("rome-statute-publiclaw", "icc-2025-asp-president-hungary-withdrawal")),
)


def chain_status(case: str = "mongolia") -> list[tuple[str, str]]:
    """``[(step key, status key), …]`` for the case drawn in the figure (only Mongolia so far)."""
    if case != "mongolia":
        raise ValueError(f"Unknown case {case!r}: the chain is annotated for 'mongolia' only.")
    return [(s.key, s.mongolia) for s in CHAIN]


def first_break(case: str = "mongolia") -> str:
    """The key of the first step whose status is ``broke`` (``""`` if none)."""
    for key, status in chain_status(case):
        if status == "broke":
            return key
    return ""


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False))


def chain_figure():
    """The enforcement chain as a flow diagram, marking how each step went for Mongolia.

    Returns ``(fig, alt)``; pass both to :func:`wanted.charts.show`.
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    n = len(CHAIN)
    row_h, gap, valves_h = 1.4, 0.3, 1.8
    # Layout from the top down (data units): headings, the six steps, the valves, the legend.
    height = 0.6 + n * (row_h + gap) + 0.6 + valves_h + 0.55
    fig, ax = charts.new(figsize=(12.5, height * 0.62))
    ax.set_xlim(0, 12.5)
    ax.set_ylim(0, height)
    ax.axis("off")
    ax.grid(False)

    col_step, col_mng, col_else = (0.1, 3.6), (3.95, 7.5), (7.85, 12.4)
    head_y = height - 0.1
    for (x0, x1), label in [(col_step, "Step  [Rome Statute article]"), (col_mng, "Mongolia, 2024"),
                            (col_else, "Where it has held or broken elsewhere")]:
        ax.text(x0, head_y, label, fontsize=11, fontweight="bold", va="top")

    y1 = height - 0.6
    for i, step in enumerate(CHAIN):
        y0 = y1 - row_h
        st = STATUS[step.mongolia]
        box = FancyBboxPatch((col_step[0], y0), col_step[1] - col_step[0], row_h,
                             boxstyle="round,pad=0.02,rounding_size=0.12",
                             facecolor="white", edgecolor=st["colour"], linewidth=2.6,
                             linestyle=st["style"])
        ax.add_patch(box)
        ax.text(col_step[0] + 0.12, y1 - 0.1, step.title, fontsize=10, fontweight="bold", va="top")
        ax.text(col_step[0] + 0.12, y1 - 0.42, step.article, fontsize=8.5, va="top")
        ax.text(col_step[0] + 0.12, y1 - 0.72, _wrap(step.who, 40), fontsize=8.5, va="top",
                style="italic")
        # Mongolia column: a status word with its symbol, then the note.
        ax.text(col_mng[0], y1 - 0.08, f"{st['symbol']} {st['word']}", fontsize=10,
                fontweight="bold", color=st["colour"], va="top")
        ax.text(col_mng[0], y1 - 0.42, _wrap(step.mongolia_note, 44), fontsize=8.5, va="top")
        ax.text(col_else[0], y1 - 0.08, _wrap(step.elsewhere, 58), fontsize=8.5, va="top")
        if i < n - 1:
            x = (col_step[0] + col_step[1]) / 2
            ax.add_patch(FancyArrowPatch((x, y0 - 0.02), (x, y0 - gap + 0.02), arrowstyle="-|>",
                                         mutation_scale=14, color="#333333", linewidth=1.4))
        y1 = y0 - gap

    # Valves and exits, in a row under the chain.
    ax.text(0.1, y1 - 0.1, "Valves and exits (outside the chain)", fontsize=11, fontweight="bold",
            va="top")
    vy1 = y1 - 0.55
    width = (12.4 - 0.1 - 2 * 0.25) / 3
    for k, valve in enumerate(VALVES):
        title, text = valve.title, valve.text
        x0 = 0.1 + k * (width + 0.25)
        late = valve.mongolia == "late"  # the one valve Mongolia tried, too late
        colour = STATUS["late"]["colour"] if late else "#555555"
        ax.add_patch(FancyBboxPatch((x0, vy1 - valves_h), width, valves_h,
                                    boxstyle="round,pad=0.02,rounding_size=0.12",
                                    facecolor="#F4F4F4", edgecolor=colour, linewidth=2.2 if late else 1.2,
                                    linestyle="dashed"))
        ax.text(x0 + 0.12, vy1 - 0.1, title, fontsize=9.5, fontweight="bold", va="top")
        if late:
            ax.text(x0 + width - 0.1, vy1 - 0.1, "! TOO LATE", fontsize=9.5, fontweight="bold",
                    color=colour, va="top", ha="right")
        ax.text(x0 + 0.12, vy1 - 0.42, _wrap(text, 47), fontsize=8.5, va="top")

    legend = "   ".join(f"{s['symbol']} {s['word'].lower()}" for s in STATUS.values())
    ax.text(0.1, 0.1, f"Box outline = what happened for Mongolia:   {legend}", fontsize=8.5,
            color="#333333")
    alt = ("Flow diagram of the ICC's enforcement chain in six steps, top to bottom: 1 request "
           "(art. 89(1), art. 92), 2 arrest by the state (art. 59), 3 surrender (art. 89(1)), 4 "
           "non-compliance finding (art. 87(7)), 5 referral to the Assembly of States Parties or the "
           "Security Council (art. 87(7)), 6 measures (art. 112(2)(f)). For Mongolia in 2024 the request "
           "held, the arrest broke (Putin visited on 2–3 September 2024 and left), surrender was never "
           "reached, the finding and the referral to the Assembly held, and what the Assembly did was not "
           "found. A second column notes where each step broke elsewhere (al-Bashir's travels 2010–2017, "
           "Hungary 2025, Libya 2014, South Africa 2017, Jordan 2019, no measures by December 2011). "
           "Below, three valves: art. 97 consultations, art. 16 deferral, art. 127 withdrawal.")
    return fig, alt


# --------------------------------------------------------------------------- shared display helpers


def _esc(text) -> str:
    return html.escape(str(text))


class Table:
    """A small table for a lesson cell: HTML in Jupyter, aligned text elsewhere (both deterministic)."""

    def __init__(self, frame, caption: str = ""):
        self.frame = frame
        self.caption = caption

    def __repr__(self) -> str:
        text = self.frame.to_string(index=False)
        return f"{self.caption}\n{text}" if self.caption else text

    def _repr_html_(self) -> str:
        body = self.frame.to_html(index=False, escape=True, na_rep="—", border=0)
        cap = f"<p><strong>{_esc(self.caption)}</strong></p>" if self.caption else ""
        return cap + body


class _WidgetDisplay:
    """Show an ipywidget with a fixed text line and a static HTML copy.

    ipywidgets' own ``text/plain`` changes between versions (and nbval compares
    it), so we replace it; ``text/html`` is what a static viewer shows.
    """

    def __init__(self, widget, plain: str, static_html: str):
        self.widget = widget
        self.plain = plain
        self.static_html = static_html

    def __repr__(self) -> str:
        return self.plain

    def _repr_html_(self) -> str:
        return self.static_html

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = self.plain
        bundle["text/html"] = self.static_html
        return bundle


# --------------------------------------------------------------------------- "what happens next?"


def step_html(index: int) -> str:
    """The card for step ``index`` (0-based) of :data:`CHAIN`: the Statute's words, Mongolia, elsewhere.

    An index outside the chain is clamped to the first or last step.
    """
    index = max(0, min(int(index), len(CHAIN) - 1))
    step = CHAIN[index]
    st = STATUS[step.mongolia]
    nxt = (f"Next: {CHAIN[index + 1].title.split('. ', 1)[1].lower()}." if index + 1 < len(CHAIN)
           else "This is the end of the chain: nothing in the Statute comes after it.")
    return (
        f'<div role="status" aria-live="polite">'
        f"<h4>Step {index + 1} of {len(CHAIN)}: {_esc(step.title.split('. ', 1)[1])} — "
        f"{_esc(step.article)}</h4>"
        f"<p><strong>Who acts:</strong> {_esc(step.who)}.</p>"
        f"<p><strong>The Statute:</strong> {_esc(step.statute)}</p>"
        f"<p><strong>Mongolia, 2024 — {st['symbol']} {st['word'].lower()}:</strong> "
        f"{_esc(step.mongolia_note)}</p>"
        f"<p><strong>Elsewhere:</strong> {_esc(step.elsewhere)}</p>"
        f"<p><em>{_esc(nxt)}</em></p></div>"
    )


class ChainWalk:
    """A step-through of the chain: ◀ Previous / Next ▶ buttons and a card in words."""

    def __init__(self):
        import ipywidgets as widgets

        self.index = 0
        self.card = widgets.HTML(step_html(0))
        self.back = widgets.Button(description="◀ Previous step", tooltip="Show the previous step")
        self.next = widgets.Button(description="Next step ▶", tooltip="What happens next?")
        self.back.on_click(lambda _b: self.go(self.index - 1))
        self.next.on_click(lambda _b: self.go(self.index + 1))
        self._sync_buttons()
        self.widget = widgets.VBox([widgets.HBox([self.back, self.next]), self.card])

    def go(self, index: int) -> None:
        """Move to step ``index`` (clamped) and redraw the card."""
        self.index = max(0, min(int(index), len(CHAIN) - 1))
        self.card.value = step_html(self.index)
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.back.disabled = self.index == 0
        self.next.disabled = self.index == len(CHAIN) - 1


def chain_walk():
    """The "what happens next?" step-through, ready to display as a cell's last value."""
    walk = ChainWalk()
    static = "".join(step_html(i) for i in range(len(CHAIN)))
    plain = (f"Step-through of the enforcement chain ({len(CHAIN)} steps, request to measures). "
             "Run this cell in Jupyter and press 'Next step' to use it.")
    return _WidgetDisplay(walk.widget, plain, static)


# --------------------------------------------------------------------------- warrant counts


def _source_label(source_id: str) -> str:
    from wanted import data

    src = data.sources().set_index("source_id")
    outlet = str(src.loc[source_id, "outlet"])
    # Shorten "International Criminal Court (copy on Scribd)" to the body that counted.
    return outlet.split(" (")[0]


def _as_of_text(row) -> str:
    date = row["as_of"]
    if row["as_of_precision"] == "day":
        return f"{date.day} {date:%B %Y}"
    return f"{date:%B %Y}"


def outstanding(row):
    """Warrants still to execute, computed: issued − implemented − withdrawn on death.

    ``None`` if the source does not give all three numbers (we never guess a part).
    """
    parts = [row["warrants_total"], row["implemented_or_detained"], row["withdrawn_death"]]
    if any(_missing(p) for p in parts):
        return None
    return int(parts[0]) - int(parts[1]) - int(parts[2])


def _missing(value) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def warrant_counts():
    """``data/warrant_counts.csv``, oldest first, with ``source`` (a short outlet name) added.

    The table's ``outstanding_computed`` column is the arithmetic of :func:`outstanding`
    (``tests/test_enforcement.py`` checks that the two agree).
    """
    from wanted import data

    frame = data.load("warrant_counts").sort_values("as_of", kind="stable").reset_index(drop=True)
    frame["source"] = [_source_label(s.split(";")[0].strip()) for s in frame["source_ids"]]
    return frame


def warrant_table() -> Table:
    """The four sources side by side, as the lesson shows them."""
    import pandas as pd

    frame = warrant_counts()

    def show(value):
        return "—" if _missing(value) else str(int(value))

    rows = []
    for _, r in frame.iterrows():
        rows.append({
            "Source": r["source"],
            "As of": _as_of_text(r),
            "Counts": r["unit"],
            "Issued": show(r["warrants_total"]),
            "Implemented / detained": show(r["implemented_or_detained"]),
            "Withdrawn (death)": show(r["withdrawn_death"]),
            "Outstanding, as stated": show(r["outstanding_or_at_large"]),
            "Outstanding, computed": show(r["outstanding_computed"]),
            "Confidence": r["confidence"],
        })
    return Table(pd.DataFrame(rows), "Arrest warrants: what four sources say (data/warrant_counts.csv)")


def warrant_summary() -> str:
    """The ICC's own count, the arithmetic, and the range across sources, in words."""
    frame = warrant_counts()
    icc = frame[frame["source"] == "International Criminal Court"].iloc[0]
    lines = [
        f"ICC factsheet, {_as_of_text(icc)}: {int(icc['warrants_total'])} warrants issued "
        f"− {int(icc['implemented_or_detained'])} implemented − {int(icc['withdrawn_death'])} withdrawn "
        f"after the suspect's death = {int(icc['outstanding_computed'])} outstanding "
        "(our arithmetic: the factsheet states no outstanding number).",
    ]
    share = 100 * int(icc["implemented_or_detained"]) / int(icc["warrants_total"])
    lines.append(f"Implemented: {int(icc['implemented_or_detained'])} of {int(icc['warrants_total'])} "
                 f"warrants ({share:.0f} %).")
    stated = frame.dropna(subset=["outstanding_or_at_large"])
    values = [int(v) for v in stated["outstanding_or_at_large"]] + [int(icc["outstanding_computed"])]
    lines.append(
        f"Still wanted, across the {len(frame)} sources: {min(values)} to {max(values)} — but in different "
        f"units: {', '.join(sorted(set(frame['unit'])))}."
    )
    for _, r in frame.iterrows():
        stated_v, computed = r["outstanding_or_at_large"], r["outstanding_computed"]
        if not _missing(stated_v) and not _missing(computed) and int(stated_v) != int(computed):
            lines.append(
                f"{r['source']} ({_as_of_text(r)}): its own numbers do not add up — "
                f"{int(r['warrants_total'])} − {int(r['implemented_or_detained'])} − "
                f"{int(r['withdrawn_death'])} = {int(computed)}, but it says {int(stated_v)} at large."
            )
    return "\n".join(lines)


def warrant_chart():
    """Grouped bars: each source's numbers side by side, the unit under its name.

    Numbers a source does not give are left out (not drawn as zero); the ICC's
    outstanding figure is hatched because it is computed, not stated.
    """
    import numpy as np

    frame = warrant_counts()
    measures = [
        ("warrants_total", "Issued", charts.PALETTE["sky"]),
        ("implemented_or_detained", "Implemented / detained", charts.PALETTE["blue"]),
        ("withdrawn_death", "Withdrawn (suspect died)", "#999999"),
        ("outstanding", "Outstanding / still wanted", charts.PALETTE["vermillion"]),
    ]
    fig, ax = charts.new(figsize=(10, 5))
    x = np.arange(len(frame))
    width = 0.2
    labelled = set()
    for k, (col, label, colour) in enumerate(measures):
        xs = x + (k - 1.5) * width
        for i, (_, r) in enumerate(frame.iterrows()):
            hatch = ""
            if col == "outstanding":
                value = r["outstanding_or_at_large"]
                if _missing(value):
                    value, hatch = r["outstanding_computed"], "///"
            else:
                value = r[col]
            if _missing(value):
                continue
            ax.bar(xs[i], int(value), width, color=colour, edgecolor="black", linewidth=0.6,
                   hatch=hatch, label=None if label in labelled else label)
            labelled.add(label)
            ax.text(xs[i], int(value) + 0.8, str(int(value)) + ("*" if hatch else ""), ha="center",
                    fontsize=9)
    ax.set_xticks(x, [f"{r['source']}\n{_as_of_text(r)}\nunit: {r['unit']}" for _, r in frame.iterrows()],
                  fontsize=9)
    ax.set_ylim(0, 80)
    ax.set_ylabel("Count (warrants or persons: see unit)")
    ax.set_title("ICC arrest warrants: four sources, three units")
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper center", ncol=4, fontsize=8.5, frameon=False)
    ax.text(0, -0.3, "* computed here: issued − implemented − withdrawn (the ICC factsheet gives no "
            "outstanding number).\nNo bar = the source does not give that number (not zero).",
            transform=ax.transAxes, fontsize=8.5, va="top")
    parts = []
    for _, r in frame.iterrows():
        known = [f"{lab.lower()} {int(r[c])}" for c, lab, _colour in measures[:3] if not _missing(r[c])]
        out = r["outstanding_or_at_large"]
        out_text = (f"outstanding {int(out)}" if not _missing(out)
                    else f"outstanding {int(r['outstanding_computed'])} (computed)")
        parts.append(f"{r['source']} ({_as_of_text(r)}, unit {r['unit']}): " + ", ".join(known + [out_text]))
    alt = ("Grouped bar chart of ICC arrest-warrant counts from four sources, with the unit of each: "
           + "; ".join(parts) + ". The outstanding numbers range from 30 to 32 but count different things.")
    return fig, alt


# --------------------------------------------------------------------------- non-compliance findings

#: Which rows of data/noncompliance_findings.csv a view counts, and how the lesson names the view.
FILTERS = {
    "formal": "Formal findings under art. 87(7) only",
    "informing": "Formal findings and 'informing' decisions",
    "all": "Every dated decision in the table (unverified rows left out)",
}
#: Stack order for referred_to (where the decision was sent): legend label, colour, hatch, words.
REFERRAL = {
    "ASP and UNSC": ("Assembly and Security Council", charts.PALETTE["blue"], "",
                     "the Assembly and the Security Council"),
    "UNSC": ("Security Council only", charts.PALETTE["orange"], "xx", "the Security Council only"),
    "ASP": ("Assembly (ASP) only", charts.PALETTE["green"], "//", "the Assembly only"),
    "none": ("Neither", "#BBBBBB", "..", "neither body"),
}


def select_findings(view: str = "formal"):
    """The rows of ``noncompliance_findings`` that the view counts (see :data:`FILTERS`).

    * ``formal``: rows with ``counts_as_finding`` true (one row per formal art. 87(7) finding;
      an appeal confirming a finding is not counted twice);
    * ``informing``: those plus decisions that only *informed* the Assembly and the Council (2010–2011);
    * ``all``: every row with a date, except unverified (U) rows, which are never charted.
    """
    from wanted import data

    if view not in FILTERS:
        raise ValueError(f"Unknown view {view!r}: choose one of {', '.join(FILTERS)}.")
    frame = data.load("noncompliance_findings")
    frame = frame[frame["date"].notna() & (frame["confidence"] != "U")]
    if view == "formal":
        frame = frame[frame["counts_as_finding"]]
    elif view == "informing":
        frame = frame[frame["counts_as_finding"] | (frame["decision"] == "informed")]
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def findings_by_year(view: str = "formal"):
    """Counts per year (rows) and referral body (columns, in :data:`REFERRAL` order).

    Years run from the first to the last year of the whole table, so a year with
    no decision in the table shows 0; years outside the table are not shown.
    """
    import pandas as pd
    from wanted import data

    rows = select_findings(view)
    table = data.load("noncompliance_findings")
    years_all = table["date"].dropna().dt.year
    years = range(int(years_all.min()), int(years_all.max()) + 1)
    unknown = set(rows["referred_to"]) - set(REFERRAL)
    if unknown:
        raise ValueError(f"noncompliance_findings: unexpected referred_to value(s) {sorted(unknown)}")
    counts = pd.crosstab(rows["date"].dt.year, rows["referred_to"])
    counts = counts.reindex(index=list(years), columns=list(REFERRAL), fill_value=0).fillna(0).astype(int)
    counts.index.name = "year"
    counts.columns.name = None
    return counts


def findings_summary(view: str = "formal") -> str:
    """The view in words: how many decisions, where they were sent, which years had none."""
    counts = findings_by_year(view)
    total = int(counts.values.sum())
    per_year = counts.sum(axis=1)
    peak = int(per_year.max())
    peak_years = [str(y) for y, v in per_year.items() if v == peak]
    sent = "; ".join(f"{REFERRAL[k][3]}: {int(counts[k].sum())}" for k in REFERRAL if counts[k].sum())
    empty = [str(y) for y, v in per_year.items() if v == 0]
    return (f"{FILTERS[view]}: {total} decisions in the table, which covers {counts.index.min()}–"
            f"{counts.index.max()}. Sent to {sent}. Busiest year{'s' if len(peak_years) > 1 else ''}: "
            f"{', '.join(peak_years)} ({peak}{' each' if len(peak_years) > 1 else ''}). Years with none in the table: "
            f"{', '.join(empty) if empty else 'none'}.")


def findings_chart(view: str = "formal"):
    """Stacked bars of decisions per year by referral body; returns ``(fig, alt)``."""
    counts = findings_by_year(view)
    fig, ax = charts.new(figsize=(10, 4.6))
    bottom = [0] * len(counts)
    years = list(counts.index)
    for key, (label, colour, hatch, _words) in REFERRAL.items():
        values = list(counts[key])
        if not any(values):
            continue
        ax.bar(years, values, 0.7, bottom=bottom, color=colour, hatch=hatch, edgecolor="black",
               linewidth=0.6, label=label)
        bottom = [b + v for b, v in zip(bottom, values)]
    for y, total in zip(years, bottom):
        if total:
            ax.text(y, total + 0.05, str(total), ha="center", va="bottom", fontsize=9)
    top = max(bottom) if bottom else 1
    ax.set_ylim(0, top + 1)
    ax.set_yticks(range(0, top + 2))
    ax.set_xticks(years, [str(y) for y in years], rotation=45, fontsize=9)
    ax.set_ylabel("Decisions (count)")
    ax.set_xlabel("Year of the decision")
    ax.set_title(FILTERS[view])
    ax.grid(axis="x", visible=False)
    ax.legend(title="Sent to", loc="upper right", fontsize=9, title_fontsize=9, frameon=False)
    per_year = counts.sum(axis=1)
    years_text = "; ".join(f"{y}: {int(v)}" for y, v in per_year.items() if v)
    alt = (f"Stacked bar chart, {FILTERS[view].lower()}, by year of decision from {years[0]} to {years[-1]}, "
           f"coloured and hatched by where the decision was sent. {findings_summary(view)} "
           f"Per year: {years_text}.")
    return fig, alt


def _png_html(fig, alt: str) -> str:
    import base64

    chart = charts.render(fig, alt)
    data = base64.b64encode(chart.png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{_esc(alt)}" style="max-width:100%">'


def findings_rows_html(view: str = "formal") -> str:
    """The selected rows as an HTML table (date, state, suspect, decision, sent to)."""
    rows = select_findings(view)
    frame = rows[["date", "state", "suspect", "decision", "referred_to"]].copy()
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    frame.columns = ["Date", "State", "Suspect", "Decision", "Sent to"]
    return frame.to_html(index=False, border=0)


class FindingsExplorer:
    """A dropdown choosing which decisions count; the chart and the sentence under it follow."""

    def __init__(self, view: str = "formal"):
        import ipywidgets as widgets

        self.choice = widgets.Dropdown(
            options=[(label, key) for key, label in FILTERS.items()], value=view,
            description="Which decisions count?", style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"))
        self.summary = widgets.HTML()
        self.chart = widgets.HTML()
        self.choice.observe(lambda change: self.show(change["new"]), names="value")
        self.show(view)
        self.widget = widgets.VBox([self.choice, self.summary, self.chart])

    def show(self, view: str) -> None:
        """Redraw for ``view`` (a key of :data:`FILTERS`)."""
        self.summary.value = (f'<p role="status" aria-live="polite">{_esc(findings_summary(view))}</p>')
        fig, alt = findings_chart(view)
        self.chart.value = _png_html(fig, alt)


def findings_explorer(view: str = "formal"):
    """The findings explorer, ready to display as a cell's last value."""
    explorer = FindingsExplorer(view)
    static = (f"<p><strong>{_esc(FILTERS[view])}</strong> (static copy; run the cell in Jupyter to "
              f"choose another view).</p><p>{_esc(findings_summary(view))}</p>" + findings_rows_html(view))
    plain = ("Findings explorer: choose which decisions count and the chart redraws. "
             "Run this cell in Jupyter to use it.")
    return _WidgetDisplay(explorer.widget, plain, static)
