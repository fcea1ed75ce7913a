"""Lesson 2 — the warrant and the law: the article explorer and the map of articles.

Everything here reads ``data/rome_statute_articles.csv`` (one row per article or
paragraph: summary, exact quotation and its source, role in the case, stage):

* :func:`article_card` — the HTML card of one article (summary, the Statute's
  words with their source, where it bites in this case, sources);
  :func:`show_article` displays it in a lesson cell;
* :func:`explorer` — a labelled dropdown of the articles with the card below it,
  plus a fixed ``text/plain`` line and a static HTML copy of every card for
  viewers without a kernel;
* :func:`stage_table` and :func:`articles_by_stage_chart` — which articles the
  case relies on at each stage (jurisdiction, charges, warrant and arrest,
  duty to cooperate, immunity, enforcement), as a diagram with alt text.

A widget callback does not run under nbval, so the explorer's callback only
calls :func:`article_card`; ``tests/test_law.py`` tests both.
"""

from __future__ import annotations

import html
import re
import textwrap

import ipywidgets as widgets

from wanted import charts, data
from wanted.errors import DataError

TABLE = "rome_statute_articles"

#: The stages of the case, in order, with the label the lesson and chart use.
#: The keys are the values allowed in the table's ``stage`` column.
STAGES = {
    "jurisdiction": "Jurisdiction",
    "charges": "Charges",
    "warrant": "Warrant and arrest",
    "cooperation": "Duty to cooperate",
    "immunity": "Immunity",
    "enforcement": "Enforcement after a failure",
}

_LABEL_STYLE = {"description_width": "initial"}
_PREFIX = re.compile(r"^\s*(art(icle)?s?\.?)\s*", re.I)


# --------------------------------------------------------------------------- the table


def articles():
    """The articles table, ordered by article number (``sort_key``)."""
    return data.load(TABLE).sort_values("sort_key").reset_index(drop=True)


def article_ids() -> list[str]:
    """The article labels as written in the table (e.g. ``"87(7)"``), in order."""
    return [str(a) for a in articles()["article"]]


def find_article(article_id) -> str:
    """The table's label for ``article_id``, accepting ``97``, ``"97"``, ``"Art. 97"``, ``"87 (7)"``.

    A bare number that names only one paragraph in the table (``"87"`` → ``"87(7)"``)
    is accepted. Raises :class:`ValueError` with a message that lists the choices
    when the input is empty, unknown or ambiguous (``"98"``: 98(1) or 98(2)).
    """
    ids = article_ids()
    text = _PREFIX.sub("", str(article_id if article_id is not None else "")).replace(" ", "")
    if len(text) > 40:
        text = text[:40] + "…"
    if not text:
        raise ValueError(f"Give an article number, e.g. \"97\". Choices: {', '.join(ids)}.")
    if text in ids:
        return text
    candidates = [a for a in ids if a.startswith(text + "(")]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise ValueError(f"Article {text} has several paragraphs in the table: {', '.join(candidates)}. "
                         "Say which one, e.g. \"" + candidates[0] + "\".")
    raise ValueError(f"There is no article \"{text}\" in the course's table. Choices: {', '.join(ids)}.")


def _row(article_id) -> dict:
    label = find_article(article_id)
    frame = articles()
    row = frame[frame["article"] == label].iloc[0]
    return {k: ("" if _missing(v) else str(v)) for k, v in row.items()}


def _missing(value) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _source_links(source_ids: str) -> str:
    """HTML links for a ``; ``-separated list of source ids (plain text where there is no URL)."""
    sources = data.sources().set_index("source_id")
    parts = []
    for sid in [s.strip() for s in source_ids.split(data.SEPARATOR) if s.strip()]:
        if sid not in sources.index:
            parts.append(html.escape(sid))
            continue
        src = sources.loc[sid]
        label = html.escape(str(src["outlet"]))
        url = "" if _missing(src["url"]) else str(src["url"])
        parts.append(f'<a href="{html.escape(url)}">{label}</a>' if url else label)
    return "; ".join(parts)


# --------------------------------------------------------------------------- one article


def article_card(article_id) -> str:
    """HTML card of one article: title, plain-language summary, the Statute's words
    (with the copy they come from), where the article bites in this case, sources.

    Bad input (unknown, empty or ambiguous article) gives a card that says what is
    wrong and lists the choices, never a traceback.
    """
    try:
        row = _row(article_id)
    except (ValueError, DataError) as exc:
        return f'<div class="wanted-article" role="alert"><p><strong>⚠</strong> {html.escape(str(exc))}</p></div>'
    esc = html.escape
    parts = [f'<div class="wanted-article">',
             f"<h4>Article {esc(row['article'])} — {esc(row['title'])}</h4>",
             f"<p><strong>In plain words:</strong> {esc(row['summary'])}</p>"]
    if row["quotation"]:
        parts.append("<p><strong>The Statute's words</strong> (an exact excerpt):</p>"
                     f"<blockquote>“{esc(row['quotation'])}”</blockquote>"
                     f"<p><em>Quoted from:</em> {_source_links(row['quotation_source'])}</p>")
    else:
        parts.append("<p><strong>The Statute's words:</strong> not quoted here: the checked excerpts "
                     "the course quotes from do not include this provision, so only a summary is given.</p>")
    parts.append(f"<p><strong>Where it bites in this case:</strong> {esc(row['role_in_case'])}</p>")
    if row["note"]:
        parts.append(f"<p><em>Note:</em> {esc(row['note'])}</p>")
    parts.append(f"<p><small>Sources: {_source_links(row['source_ids'])}</small></p></div>")
    return "".join(parts)


def article_text(article_id) -> str:
    """The same card as plain text (what a reader without HTML sees)."""
    try:
        row = _row(article_id)
    except (ValueError, DataError) as exc:
        return f"⚠ {exc}"
    lines = [f"Article {row['article']} — {row['title']}", f"In plain words: {row['summary']}"]
    if row["quotation"]:
        lines.append(f"The Statute's words: “{row['quotation']}”")
    else:
        lines.append("The Statute's words: not quoted (not in the checked excerpts).")
    lines.append(f"Where it bites in this case: {row['role_in_case']}")
    return "\n".join(lines)


class ArticleCard:
    """A displayed card: HTML in Jupyter, plain text elsewhere."""

    def __init__(self, article_id):
        self.article_id = article_id

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": article_text(self.article_id), "text/html": article_card(self.article_id)}

    def __repr__(self) -> str:
        return article_text(self.article_id)


def show_article(article_id) -> ArticleCard:
    """One article's card, as the last line of a cell: ``show_article("97")``."""
    return ArticleCard(article_id)


# --------------------------------------------------------------------------- the explorer


def option_label(row) -> str:
    """The dropdown text of one article, e.g. ``"Art. 97 — Consultations"``."""
    return f"Art. {row['article']} — {row['title']}"


class Explorer:
    """The article explorer: a labelled dropdown; the chosen article's card below it."""

    def __init__(self, start: str = "27"):
        frame = articles()
        options = [(option_label(r), str(r["article"])) for _, r in frame.iterrows()]
        start = find_article(start)
        self.dropdown = widgets.Dropdown(options=options, value=start, description="Article:",
                                         style=_LABEL_STYLE, layout=widgets.Layout(width="max-content"))
        self.card = widgets.HTML(self._card_html(start))
        self.dropdown.observe(self._on_change, names="value")
        intro = widgets.HTML("<p>Choose an article; its card appears below (keyboard: Tab to the list, "
                             "then the arrow keys).</p>")
        self.widget = widgets.VBox([intro, self.dropdown, self.card])

    @staticmethod
    def _card_html(article_id) -> str:
        # role=status marks the card as the result of the choice. ipywidgets rebuilds the card's element on
        # every change, and a status region that appears with its text is not reliably announced; the card
        # sits right after the list in reading order, where a screen-reader user finds it.
        return f'<div role="status" aria-live="polite">{article_card(article_id)}</div>'

    def _on_change(self, change) -> None:
        self.card.value = self._card_html(change["new"])

    def select(self, article_id) -> None:
        """Choose an article as if from the list (what the callback does, for tests)."""
        self.dropdown.value = find_article(article_id)

    def plain(self) -> str:
        return (f"Article explorer: {len(self.dropdown.options)} articles of the Rome Statute. "
                "Run this cell in Jupyter and choose an article to read its words, "
                "a plain-language summary and where it bites in this case.")

    def static_html(self) -> str:
        """Every article's card, for viewers without a kernel (GitHub, a website)."""
        cards = "".join(article_card(a) for _, a in self.dropdown.options)
        return ('<div class="wanted-explorer"><p><strong>Article explorer</strong> (static copy: run the '
                "cell in Jupyter to choose one article at a time). All articles:</p>" + cards + "</div>")

    def __repr__(self) -> str:
        return self.plain()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = self.plain()
        bundle["text/html"] = self.static_html()
        return bundle


def explorer(start: str = "27") -> Explorer:
    """The article explorer (last line of a cell), opened at article ``start``."""
    return Explorer(start)


# --------------------------------------------------------------------------- by stage


def stage_table():
    """One row per stage, in the order of :data:`STAGES`: label, number of articles, the articles,
    and how many of them the table quotes word for word."""
    import pandas as pd

    frame = articles()
    unknown = sorted(set(frame["stage"].astype(str)) - set(STAGES))
    if unknown:
        raise DataError(f"data/rome_statute_articles.csv: unknown stage(s) {unknown}; "
                        f"use one of {list(STAGES)}.")
    rows = []
    for key, label in STAGES.items():
        part = frame[frame["stage"] == key]
        rows.append({"stage": key, "label": label, "articles": len(part),
                     "quoted": int(part["quotation"].notna().sum()),
                     "list": ", ".join(str(a) for a in part["article"])})
    return pd.DataFrame(rows)


def _short(title: str, width: int = 20, lines: int = 3) -> str:
    wrapped = textwrap.wrap(title, width)
    if len(wrapped) > lines:  # say that text was cut rather than end mid-phrase
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(" ,:;") + "…"
    return "\n".join(wrapped)


def stage_figure():
    """The diagram (a matplotlib figure) and its alt text: one column per stage, left to right,
    one box per article; solid boxes are quoted word for word in the table, dashed ones are not."""
    import matplotlib.colors as mcolors
    import matplotlib.patches as mpatches

    frame = articles()
    table = stage_table()
    n_cols = len(STAGES)
    n_rows = max(int(table["articles"].max()), 1)
    fig, ax = charts.new(figsize=(13, 1.35 * n_rows + 1.6))
    ax.set_xlim(0, n_cols)
    ax.set_ylim(-0.8, n_rows + 0.9)
    ax.axis("off")
    colours = list(charts.PALETTE.values())
    for col, (key, label) in enumerate(STAGES.items()):
        colour = colours[col % len(colours)]
        ax.text(col + 0.5, n_rows + 0.55, _short(label, 16), ha="center", va="center",
                fontsize=11, fontweight="bold")
        part = frame[frame["stage"] == key]
        for i, (_, r) in enumerate(part.iterrows()):
            y = n_rows - 0.5 - i
            quoted = not _missing(r["quotation"])
            # face lightly tinted, edge at full strength so solid vs dashed is easy to see
            box = mpatches.FancyBboxPatch((col + 0.06, y - 0.44), 0.88, 0.88, boxstyle="round,pad=0.01",
                                          facecolor=mcolors.to_rgba(colour, 0.15), edgecolor=colour,
                                          linewidth=2.0, linestyle="-" if quoted else (0, (4, 3)))
            ax.add_patch(box)
            ax.text(col + 0.5, y + 0.30, f"Art. {r['article']}", ha="center", va="center",
                    fontsize=10.5, fontweight="bold")
            ax.text(col + 0.5, y - 0.12, _short(str(r["title"]), 24, 4), ha="center", va="center",
                    fontsize=8, linespacing=1.1)
        if col < n_cols - 1:
            ax.annotate("", xy=(col + 1.04, n_rows + 0.55), xytext=(col + 0.96, n_rows + 0.55),
                        arrowprops={"arrowstyle": "->", "color": "#444444"})
    ax.text(0.0, -0.45, "Solid box: the table quotes the Statute's words.  Dashed box: summary only "
            "(the text is not in the checked excerpts).  Source: data/rome_statute_articles.csv",
            ha="left", va="center", fontsize=9)
    stages_text = "; ".join(f"{r['label']}: {r['articles']} (arts {r['list']})" for _, r in table.iterrows())
    unquoted = int((table["articles"] - table["quoted"]).sum())
    alt = (f"Diagram of the {int(table['articles'].sum())} Rome Statute articles in the course's articles table, "
           f"arranged by stage of the case from left to right. {stages_text}. "
           f"Dashed boxes mark the {unquoted} articles whose words the table does not quote.")
    return fig, alt


def articles_by_stage_chart() -> None:
    """Display the diagram of articles by stage (with alt text) — one line in a lesson."""
    fig, alt = stage_figure()
    charts.show(fig, alt)


def stage_summary() -> str:
    """The stages in words, one line each, e.g. ``"Immunity: 3 articles (27, 98(1), 98(2)), 3 quoted"``."""
    table = stage_table()
    lines = [f"{r['label']}: {r['articles']} articles ({r['list']}), {r['quoted']} quoted word for word"
             for _, r in table.iterrows()]
    total, quoted = int(table["articles"].sum()), int(table["quoted"].sum())
    lines.append(f"In all: {total} articles, {quoted} quoted word for word, {total - quoted} summarised only.")
    return "\n".join(lines)
