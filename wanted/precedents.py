"""Lesson 4 — precedents: who was arrested, who was not, and what the Court did.

Two tables of ``data/`` feed everything here:

* ``noncompliance_findings`` — every ICC decision in the sources on a state's
  failure to arrest or surrender (findings, "informings", decisions without a
  finding, the 2019 appeal, and rows marking what was *not* found):
  :func:`findings_frame` / :func:`findings_table` (the table as HTML),
  :func:`finding_counts` / :func:`counts_summary` (the numbers the prose uses),
  :func:`findings_chart` (a state × year timeline, marker shape *and* colour by
  where the matter was sent) and :func:`left_out` (what is not charted, and why);
* ``precedents`` — ten cases compared on the same dimensions:
  :func:`compare` (a DataFrame), :func:`comparison_html` (a side-by-side card),
  :func:`comparison` (two labelled dropdowns and the card) and
  :func:`pattern_table` (office at the time of the outcome vs the outcome).

Rows marked U (unverified) are never charted or counted: the Chad "finding" of
26 Mar 2013 and a Tajikistan decision were not found in the sources, and the
lesson says so. Widget callbacks do not run under nbval, so the widget only
calls :func:`comparison_html`; ``tests/test_precedents.py`` tests both.
"""

from __future__ import annotations

import html
import unicodedata

import ipywidgets as widgets
import pandas as pd

from wanted import charts, data

FINDINGS = "noncompliance_findings"
PRECEDENTS = "precedents"

#: How each decision is drawn and named. Colour AND marker shape AND words, so the
#: chart never relies on colour alone. Keys are returned by :func:`category`.
CATEGORIES = {
    "both": ("Finding, referred to the UN Security Council and the ASP", charts.PALETTE["vermillion"], "o"),
    "unsc": ("Finding, referred to the UN Security Council only", charts.PALETTE["green"], "^"),
    "asp": ("Finding, referred to the Assembly of States Parties (ASP) only", charts.PALETTE["blue"], "s"),
    "none": ("Finding, not referred", charts.PALETTE["orange"], "D"),
    "appeal": ("Appeal: finding upheld, referral reversed", charts.PALETTE["purple"], "P"),
    "informed": ("No finding: Security Council and ASP 'informed'", charts.PALETTE["sky"], "v"),
    "no_finding": ("No formal finding (explanation asked for, or finding declined)", charts.PALETTE["black"], "X"),
}

_DECISION_WORDS = {
    "finding": "non-compliance finding",
    "informed": "Council and ASP informed (not a finding)",
    "no finding": "no finding",
    "explanation requested": "explanation requested",
    "finding upheld; referral reversed": "appeal: finding upheld, referral reversed",
}
_REFERRAL_WORDS = {
    "ASP and UNSC": "UN Security Council and ASP",
    "ASP": "ASP",
    "UNSC": "UN Security Council",
    "none": "not referred",
}

#: Short names for the dropdowns and the card's column heads.
CASE_LABELS = {
    "al-bashir": "Al Bashir — travels 2010–2017 (ICC)",
    "kenyatta": "Kenyatta — Kenya (ICC)",
    "saif-gaddafi": "Saif Al-Islam Gaddafi — Libya (ICC)",
    "milosevic": "Milošević — Serbia 2001 (ICTY)",
    "taylor": "Taylor — Nigeria 2006 (Special Court for Sierra Leone)",
    "duterte": "Duterte — Philippines 2025 (ICC)",
    "netanyahu-hungary": "Netanyahu — Hungary 2025 (ICC)",
    "putin-south-africa": "Putin — South Africa 2023 (ICC)",
    "putin-mongolia": "Putin — Mongolia 2024 (ICC)",
    "putin-tajikistan": "Putin — Tajikistan 2025 (ICC)",
}
DEFAULT_PAIR = ("milosevic", "putin-mongolia")

#: The dimensions of the comparison card: (row label, column of ``precedents``).
DIMENSIONS = [
    ("Person", "person"),
    ("Court", "court"),
    ("Office when the warrant or indictment was issued", "office_at_warrant"),
    ("Office at the time of the outcome", "office_at_outcome"),
    ("Warrant or indictment", "warrant_date"),
    ("State(s) asked or expected to arrest", "state_concerned"),
    ("State that made the arrest or handover", "custodial_state"),
    ("The state's position (its dependence on, or alignment with, the suspect or outside powers)", "state_alignment"),
    ("Outcome", "outcome"),
    ("What made the difference (as the sources put it)", "what_made_the_difference"),
    ("Caveats", "note"),
    ("Confidence (V verified, S secondary, U unverified)", "confidence"),
    ("Sources", "source_ids"),
]

_LABEL_STYLE = {"description_width": "initial"}


# --------------------------------------------------------------------------- helpers


def _missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value, empty: str = "") -> str:
    return empty if _missing(value) or not str(value).strip() else str(value)


def fmt_date(value, empty: str = "no date") -> str:
    """``12 Dec 2011`` (no leading zero, no locale surprises); ``empty`` for a missing date."""
    if _missing(value):
        return empty
    day = pd.Timestamp(value)
    return f"{day.day} {day:%b %Y}"


def _sources_index():
    return data.sources().set_index("source_id")


def source_links(source_ids, html_links: bool = True) -> str:
    """The sources behind a ``; ``-separated list of source ids: HTML links, or plain names.

    A source is named by its outlet; where one outlet stands behind several
    sources (two ICTY pages), the title is added so the links can be told apart.
    """
    sources = _sources_index()
    ids = list(dict.fromkeys(s.strip() for s in _text(source_ids).split(data.SEPARATOR) if s.strip()))
    outlets = [str(sources.loc[sid, "outlet"]) if sid in sources.index else sid for sid in ids]
    parts = []
    for sid, outlet in zip(ids, outlets):
        if sid not in sources.index:
            parts.append(html.escape(sid) if html_links else sid)
            continue
        name = outlet if outlets.count(outlet) == 1 else f"{outlet}: {sources.loc[sid, 'title']}"
        url = _text(sources.loc[sid, "url"])
        if not html_links:
            parts.append(name)
        elif url:
            parts.append(f'<a href="{html.escape(url)}">{html.escape(name)}</a>')
        else:
            parts.append(html.escape(name))
    return "; ".join(parts)


# --------------------------------------------------------------------------- findings


def load_findings() -> pd.DataFrame:
    """The ``noncompliance_findings`` table, typed (see ``data/datapackage.json``)."""
    return data.load(FINDINGS)


def category(decision, referred_to) -> str:
    """The chart category (a key of :data:`CATEGORIES`) of one decision."""
    decision = _text(decision)
    if decision == "finding":
        return {"ASP and UNSC": "both", "UNSC": "unsc", "ASP": "asp", "none": "none"}.get(_text(referred_to), "none")
    if decision == "finding upheld; referral reversed":
        return "appeal"
    if decision == "informed":
        return "informed"
    return "no_finding"


def verified(df: pd.DataFrame) -> pd.DataFrame:
    """Rows that may be shown as facts: confidence V or S and a known date."""
    return df[df["confidence"].isin(["V", "S"]) & df["date"].notna()]


def findings_frame(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """The table the lesson shows: one row per decision (verified rows only), oldest first."""
    df = verified(load_findings() if df is None else df).sort_values(["date", "state"], kind="stable")
    return pd.DataFrame({
        "Date": [fmt_date(d) for d in df["date"]],
        "State": list(df["state"]),
        "Wanted person": list(df["suspect"]),
        "Visit or matter": list(df["visit_or_event"]),
        "Decision": [_DECISION_WORDS.get(d, d) for d in df["decision"]],
        "Sent to": [_REFERRAL_WORDS.get(_text(r), "not known") for r in df["referred_to"]],
        "Counted as a finding": ["yes" if c else "no" for c in df["counts_as_finding"]],
        "What followed (as far as the sources say)": list(df["consequence"]),
        "Confidence": list(df["confidence"]),
    })


class HtmlTable:
    """A table shown as HTML, with a short fixed plain-text line for other viewers."""

    def __init__(self, frame: pd.DataFrame, caption: str):
        self.frame = frame
        self.caption = caption

    def html(self) -> str:
        body = self.frame.to_html(index=False, escape=True, border=0, classes="wanted-table")
        return f'<div class="wanted-table-wrap"><p><strong>{html.escape(self.caption)}</strong></p>{body}</div>'

    def plain(self) -> str:
        return f"{self.caption} ({len(self.frame)} rows; open in Jupyter to see the table)."

    def __repr__(self) -> str:
        return self.plain()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.plain(), "text/html": self.html()}


def findings_table(df: pd.DataFrame | None = None) -> HtmlTable:
    """The findings table as HTML (last line of a cell)."""
    frame = findings_frame(df)
    return HtmlTable(frame, "ICC decisions on states that did not arrest or surrender a wanted person, "
                            "2010–2025 (data/noncompliance_findings.csv; unverified rows left out)")


def finding_counts(df: pd.DataFrame | None = None) -> dict:
    """The numbers the lesson quotes, computed from the table.

    ``findings``: formal art. 87(7) findings (``counts_as_finding``), each counted
    once; ``to_unsc``: of those, referred to the Security Council (alone or with
    the ASP, as first decided: Jordan's referral was reversed on appeal in 2019);
    ``asp_only``; ``not_referred``; ``informed``; ``no_finding`` (explanation
    requested or no finding); ``al_bashir_findings``; ``unverified`` (U rows).
    """
    df = load_findings() if df is None else df
    counted = df[df["counts_as_finding"]]
    return {
        "decisions": int(len(verified(df))),
        "findings": int(len(counted)),
        "to_unsc": int(counted["referred_to"].isin(["ASP and UNSC", "UNSC"]).sum()),
        "unsc_only": int((counted["referred_to"] == "UNSC").sum()),
        "asp_only": int((counted["referred_to"] == "ASP").sum()),
        "not_referred": int((counted["referred_to"] == "none").sum()),
        "informed": int((df["decision"] == "informed").sum()),
        "no_finding": int((verified(df)["decision"].isin(["no finding", "explanation requested"])).sum()),
        "al_bashir_findings": int((counted["suspect"] == "Omar Al Bashir").sum()),
        "states_found": int(counted["state"].nunique()),
        "unverified": int((df["confidence"] == "U").sum()),
    }


def counts_summary(df: pd.DataFrame | None = None) -> str:
    """The counts in sentences (printed by a lesson cell)."""
    c = finding_counts(df)
    return "\n".join([
        f"Decisions in the table (verified rows): {c['decisions']}",
        f"Formal non-compliance findings (art. 87(7)): {c['findings']}, against {c['states_found']} states; "
        f"{c['al_bashir_findings']} of them about Omar Al Bashir",
        f"  referred to the UN Security Council (alone or with the ASP): {c['to_unsc']} "
        f"(of which to the Council only: {c['unsc_only']})",
        f"  referred to the ASP only: {c['asp_only']}",
        f"  not referred: {c['not_referred']}",
        f"'Informings' of the Council and the ASP (not findings): {c['informed']}",
        f"Decisions without a formal finding (explanation requested, or no finding): {c['no_finding']}",
        f"Rows left out as unverified: {c['unverified']}",
    ])


def left_out(df: pd.DataFrame | None = None) -> str:
    """What the table and chart leave out (unverified or undated rows), in words."""
    df = load_findings() if df is None else df
    rows = df[~df.index.isin(verified(df).index)]
    lines = ["Left out of the table and the chart because the sources do not confirm them:"]
    for _, r in rows.iterrows():
        if _missing(r["date"]):
            what = f"{_text(r['consequence'])}; no decision date is known"
        else:
            what = f"a {r['decision']} dated {fmt_date(r['date'])} is not confirmed by the sources"
        lines.append(f"- {r['state']}, {r['visit_or_event']} ({r['suspect']}): {what}.")
    return "\n".join(lines)


def _state_order(df: pd.DataFrame) -> list[str]:
    """States top to bottom in the order of their first decision."""
    return list(dict.fromkeys(df.sort_values("date", kind="stable")["state"]))


def _short_state(state: str) -> str:
    return {"Democratic Republic of the Congo": "DR Congo"}.get(state, state)


def _names(rows: pd.DataFrame) -> str:
    """``"Malawi 2011, Chad 2011"``: state and year of each row, oldest first."""
    rows = rows.sort_values("date", kind="stable")
    return ", ".join(f"{_short_state(s)} {d.year}" for s, d in zip(rows["state"], rows["date"]))


def chart_alt(df: pd.DataFrame | None = None) -> str:
    """Alt text of :func:`findings_chart`, with the numbers and names computed from the table."""
    df = load_findings() if df is None else df
    shown = verified(df)
    cats = pd.Series([category(d, r) for d, r in zip(shown["decision"], shown["referred_to"])], index=shown.index)
    part = {k: shown[cats == k] for k in CATEGORIES}
    first, last = shown["date"].min().year, shown["date"].max().year
    findings = sum(len(part[k]) for k in ("both", "unsc", "asp", "none"))
    return (f"Timeline chart of {len(shown)} ICC decisions, {first}–{last}, one row per state "
            f"({shown['state'].nunique()} states), each decision a marker at its date. "
            f"{findings} are formal non-compliance findings: {len(part['both'])} referred to both the UN Security "
            f"Council and the ASP ({_names(part['both'])}), {len(part['unsc'])} to the Council only "
            f"({_names(part['unsc'])}), {len(part['asp'])} to the ASP only ({_names(part['asp'])}) and "
            f"{len(part['none'])} not referred ({_names(part['none'])}). The others are {len(part['informed'])} "
            f"'informings' ({_names(part['informed'])}), {len(part['no_finding'])} decisions without a formal "
            f"finding ({_names(part['no_finding'])}) and {len(part['appeal'])} appeal judgment "
            f"({_names(part['appeal'])}: finding upheld, referral reversed). Unverified items are not plotted.")


def findings_chart(df: pd.DataFrame | None = None):
    """``(fig, alt)``: the decisions as a state × year timeline; show with ``charts.show(fig, alt)``.

    Marker colour and shape both encode where the matter was sent; the legend
    says it in words. Decisions about someone other than Al Bashir are labelled.
    """
    df = load_findings() if df is None else df
    shown = verified(df).sort_values("date", kind="stable")
    states = _state_order(shown)
    ypos = {s: i for i, s in enumerate(states)}
    fig, ax = charts.new(figsize=(9.5, 6.2))
    for key, (label, colour, marker) in CATEGORIES.items():
        rows = shown[[category(d, r) == key for d, r in zip(shown["decision"], shown["referred_to"])]]
        if rows.empty:
            continue
        ax.scatter(rows["date"], [ypos[s] for s in rows["state"]], s=90, c=colour, marker=marker,
                   edgecolors="black", linewidths=0.6, label=f"{label} ({len(rows)})", zorder=3)
    for _, r in shown.iterrows():
        if r["suspect"] != "Omar Al Bashir":
            name = {"Saif Al-Islam Gaddafi": "Saif Gaddafi"}.get(r["suspect"], str(r["suspect"]).split()[-1])
            ax.annotate(name, (r["date"], ypos[r["state"]]), xytext=(8, 6), textcoords="offset points",
                        fontsize=9, color="#333333")
    ax.set_yticks(range(len(states)))
    ax.set_yticklabels([_short_state(s) for s in states])
    ax.invert_yaxis()
    ax.set_ylim(len(states) - 0.4, -0.8)
    years = range(shown["date"].min().year, shown["date"].max().year + 2)
    ax.set_xticks([pd.Timestamp(f"{y}-01-01") for y in years][::2])
    ax.set_xticklabels([str(y) for y in years][::2])
    ax.set_xlim(pd.Timestamp(f"{min(years)}-01-01"), pd.Timestamp(f"{max(years)}-01-01"))
    ax.set_xlabel("Date of the ICC decision (year)")
    ax.set_title("ICC decisions on states that did not arrest or surrender, 2010–2025")
    ax.text(0, -0.12, "Unlabelled markers concern Omar Al Bashir. Source: data/noncompliance_findings.csv\n"
            "(ICC press releases and copies, ASIL, IJ Monitor, Al Jazeera, WAFA and others).",
            transform=ax.transAxes, fontsize=8.5, color="#444444", va="top")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.23), ncol=2, fontsize=8.8, frameon=False,
              title="Marker = what the Chamber decided, and where it sent the matter (number of decisions)",
              title_fontsize=9)
    return fig, chart_alt(df)


# --------------------------------------------------------------------------- precedents


def load_cases() -> pd.DataFrame:
    """The ``precedents`` table, indexed by ``case_id``."""
    return data.load(PRECEDENTS).set_index("case_id", drop=False)


def case_ids() -> list[str]:
    """The case ids, in the table's order."""
    return list(load_cases().index)


def case_label(case_id: str) -> str:
    """The short name of a case, e.g. ``"Putin — Mongolia 2024 (ICC)"``."""
    if case_id in CASE_LABELS:
        return CASE_LABELS[case_id]
    return str(load_cases().loc[case_id, "person"])


def _fold(text: str) -> str:
    """Lower case without accents, so "Milosevic" finds "Milošević"."""
    norm = unicodedata.normalize("NFKD", str(text))
    return "".join(ch for ch in norm if not unicodedata.combining(ch)).lower().strip()


def find_case(name) -> str:
    """The case id for an id, a label or a person's name (case and accents ignored).

    Raises ``ValueError`` with the list of choices if nothing or several cases match.
    """
    cases = load_cases()
    choices = ", ".join(f"'{c}'" for c in cases.index)
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"Choose a case by its id, one of: {choices}.")
    key = _fold(name)
    for cid in cases.index:
        if key in (_fold(cid), _fold(case_label(cid))):
            return cid
    hits = [cid for cid in cases.index if key in _fold(cases.loc[cid, "person"]) or key in _fold(case_label(cid))]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise ValueError(f"'{name}' matches several cases ({', '.join(hits)}); use one of these ids.")
    raise ValueError(f"No case called '{name}'. Choose one of: {choices}.")


def _cell(row, column: str, html_links: bool) -> str:
    value = row[column]
    if column == "warrant_date":
        return fmt_date(value, empty="none (no arrest warrant)")
    if column == "outcome":
        when = fmt_date(row["outcome_date"], empty="")
        return f"{value} ({when})" if when else str(value)
    if column == "custodial_state":
        return _text(value, "none")
    if column == "source_ids":
        return source_links(value, html_links=html_links)
    return _text(value, "—")


def compare(case_a, case_b) -> pd.DataFrame:
    """Two cases side by side: one row per dimension (:data:`DIMENSIONS`), one column per case.

    Cases are given by id, label or name (see :func:`find_case`). Sources are
    given as outlet names here; :func:`comparison_html` makes them links.
    """
    cases = load_cases()
    ids = [find_case(case_a), find_case(case_b)]
    columns = {case_label(cid): [_cell(cases.loc[cid], col, html_links=False) for _, col in DIMENSIONS]
               for cid in dict.fromkeys(ids)}
    return pd.DataFrame(columns, index=[label for label, _ in DIMENSIONS])


def comparison_html(case_a, case_b) -> str:
    """The side-by-side card as HTML; bad input gives a card that says what is wrong."""
    try:
        ids = list(dict.fromkeys([find_case(case_a), find_case(case_b)]))
    except ValueError as exc:
        return f'<div class="wanted-compare" role="alert"><p><strong>⚠</strong> {html.escape(str(exc))}</p></div>'
    cases = load_cases()
    esc = html.escape
    head = "".join(f'<th scope="col">{esc(case_label(cid))}</th>' for cid in ids)
    rows = []
    for label, col in DIMENSIONS:
        cells = []
        for cid in ids:
            value = _cell(cases.loc[cid], col, html_links=True)
            cells.append(f"<td>{value if col == 'source_ids' else esc(value)}</td>")
        rows.append(f'<tr><th scope="row">{esc(label)}</th>{"".join(cells)}</tr>')
    note = ("" if len(ids) == 2 else
            "<p><em>You chose the same case twice; pick a different second case to compare.</em></p>")
    return ('<div class="wanted-compare">' + note +
            '<table class="wanted-table"><thead><tr><th scope="col">Dimension</th>' + head + "</tr></thead>"
            "<tbody>" + "".join(rows) + "</tbody></table></div>")


def comparison_text(case_a, case_b) -> str:
    """The comparison in plain text (two lines per dimension)."""
    try:
        frame = compare(case_a, case_b)
    except ValueError as exc:
        return f"⚠ {exc}"
    lines = []
    for label in frame.index:
        lines.append(f"{label}:")
        for col in frame.columns:
            lines.append(f"  {col}: {frame.loc[label, col]}")
    return "\n".join(lines)


class Comparison:
    """Two labelled dropdowns and a side-by-side card of the chosen cases."""

    def __init__(self, case_a: str = DEFAULT_PAIR[0], case_b: str = DEFAULT_PAIR[1]):
        options = [(case_label(cid), cid) for cid in case_ids()]
        self.first = widgets.Dropdown(options=options, value=find_case(case_a), description="First case:",
                                      style=_LABEL_STYLE, layout=widgets.Layout(width="max-content"))
        self.second = widgets.Dropdown(options=options, value=find_case(case_b), description="Second case:",
                                       style=_LABEL_STYLE, layout=widgets.Layout(width="max-content"))
        self.card = widgets.HTML(self._card())
        for dropdown in (self.first, self.second):
            dropdown.observe(self._on_change, names="value")
        intro = widgets.HTML("<p>Choose two cases; the card below compares them on the same dimensions "
                             "(keyboard: Tab to a list, then the arrow keys).</p>")
        self.widget = widgets.VBox([intro, widgets.HBox([self.first, self.second]), self.card])

    def _card(self) -> str:
        # role=status so a screen reader announces the new card when a choice changes
        return f'<div role="status" aria-live="polite">{comparison_html(self.first.value, self.second.value)}</div>'

    def _on_change(self, change) -> None:
        self.card.value = self._card()

    def select(self, case_a, case_b) -> None:
        """Choose two cases as if from the lists (what the callbacks do, for tests)."""
        self.first.value = find_case(case_a)
        self.second.value = find_case(case_b)

    def plain(self) -> str:
        return (f"Case comparison: {len(self.first.options)} cases. Run this cell in Jupyter and choose two "
                "cases to compare them side by side.")

    def static_html(self) -> str:
        """The default comparison, for viewers without a kernel (GitHub, a website)."""
        others = ", ".join(html.escape(label) for label, _ in self.first.options)
        return ('<div class="wanted-explorer"><p><strong>Case comparison</strong> (static copy: run the cell '
                f"in Jupyter to choose the cases). Shown: {html.escape(case_label(self.first.value))} and "
                f"{html.escape(case_label(self.second.value))}. Cases available: {others}.</p>"
                + comparison_html(self.first.value, self.second.value) + "</div>")

    def __repr__(self) -> str:
        return self.plain()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = self.plain()
        bundle["text/html"] = self.static_html()
        return bundle


def comparison(case_a: str = DEFAULT_PAIR[0], case_b: str = DEFAULT_PAIR[1]) -> Comparison:
    """The comparison widget (last line of a cell), opened on two cases."""
    return Comparison(case_a, case_b)


def in_office(office_at_outcome) -> str:
    """``"former"``, ``"not stated"`` or ``"in office"``, read from the ``office_at_outcome`` text.

    The rule is deliberately simple and visible: the sources' description starts
    with "former", or says "not stated"; anything else names an office then held.
    """
    text = _fold(_text(office_at_outcome))
    if text.startswith("former"):
        return "former"
    if not text or text.startswith("not stated"):
        return "not stated"
    return "in office"


def pattern_table() -> HtmlTable:
    """Each case: in office at the time of the outcome or not, the state concerned, the outcome."""
    cases = load_cases()
    frame = pd.DataFrame({
        "Case": [case_label(cid) for cid in cases.index],
        "In office at the time of the outcome?": [in_office(v) for v in cases["office_at_outcome"]],
        "State(s) asked or expected to arrest": list(cases["state_concerned"]),
        "Outcome": [_cell(cases.loc[cid], "outcome", html_links=False) for cid in cases.index],
    })
    return HtmlTable(frame, "Ten cases: office held at the time of the outcome, and the outcome "
                            "(data/precedents.csv)")
