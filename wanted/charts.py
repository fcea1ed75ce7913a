"""Charts that every lesson shares: one palette, one way to show a figure.

``show(fig, alt)`` is the only way a lesson displays a figure. It

* renders the figure to PNG bytes with no timestamp or version metadata, so
  re-executing a notebook gives byte-identical output;
* puts the alt text in the output's display metadata (``image/png.alt``), where
  nbconvert, nbsphinx and myst-nb read it, and in ``text/plain`` so a reader
  without images (and nbval) sees the description instead of ``<Figure …>``;
* closes the figure, so matplotlib's inline backend does not display it again.
"""

import io
import sys

import matplotlib

matplotlib.use("Agg")  # no GUI backend in a kernel or in CI; we display PNGs ourselves
# Figures are made from matplotlib.figure, not pyplot: importing pyplot costs about half a second per
# kernel on a 2-core machine, and a figure pyplot does not know about is never shown twice by the inline backend.
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.layout_engine import PlaceHolderLayoutEngine  # noqa: E402

#: Okabe & Ito (2008) colour-blind-safe palette, in the order charts use it.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
CYCLE = list(PALETTE.values())
#: Marker shapes to pair with colours, so no series relies on colour alone.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

_STYLE = {
    "figure.figsize": (8, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE),
    "svg.hashsalt": "wanted",  # deterministic ids if anyone saves SVG
}


# The course's look applies to every figure drawn in a lesson's kernel.
matplotlib.rcParams.update(_STYLE)


#: Keyword arguments of ``plt.subplots`` that shape the grid; every other one describes the figure.
_GRID_KEYS = {"sharex", "sharey", "squeeze", "width_ratios", "height_ratios", "subplot_kw", "gridspec_kw"}


def new(nrows=1, ncols=1, **kwargs):
    """Return ``(fig, ax)`` styled for the course (palette, font sizes, light grid).

    Takes the same arguments as ``matplotlib.pyplot.subplots`` (``figsize=(9, 5)``, ``sharex=True``, …).
    """
    grid = {k: kwargs.pop(k) for k in list(kwargs) if k in _GRID_KEYS}
    fig = Figure(**kwargs)
    FigureCanvasAgg(fig)
    ax = fig.subplots(nrows, ncols, **grid)
    return fig, ax


class Chart:
    """A rendered chart: PNG bytes plus the alt text that describes it."""

    def __init__(self, png: bytes, alt: str):
        self.png = png
        self.alt = alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/png": self.png, "text/plain": f"[Chart] {self.alt}"}
        metadata = {"image/png": {"alt": self.alt}}
        return data, metadata

    def __repr__(self):
        return f"[Chart] {self.alt}"


def render(fig, alt: str) -> Chart:
    """Render ``fig`` to a :class:`Chart` and close it. ``alt`` must describe the chart."""
    if not alt or not alt.strip():
        raise ValueError("Every chart needs alt text: say in a sentence what it shows.")
    # Kept on the figure so an exercise's chart can be graded for its alt text.
    fig._wanted_alt = alt.strip()
    buf = io.BytesIO()
    engine = fig.get_layout_engine()
    if isinstance(engine, PlaceHolderLayoutEngine):
        # fig.tight_layout() leaves this behind once it has laid the figure out. It lays nothing out itself,
        # but savefig draws any figure with a layout engine once more, without pixels, only to run it.
        fig.set_layout_engine(None)  # None, unless the rcParams ask for a layout engine
        engine = fig.get_layout_engine()
    if engine is None:
        # The tight box, measured here rather than by savefig(bbox_inches="tight"): savefig would first draw
        # the whole figure once without pixels only to lay it out, then measure, then draw it again; measuring
        # needs no such draw (ticks and titles are placed as they are measured): two passes, not three.
        bbox = fig.get_tightbbox(fig.canvas.get_renderer()).padded(matplotlib.rcParams["savefig.pad_inches"])
    else:
        # A real layout engine (a student's layout="constrained") moves things when the figure is drawn:
        # only savefig's own draw-then-measure gets that box right.
        bbox = "tight"
    # compress_level 1: faster than the default 6; for flat-colour charts the size is about the same.
    fig.savefig(buf, format="png", bbox_inches=bbox, metadata={"Software": None},
                pil_kwargs={"compress_level": 1})
    png = buf.getvalue()
    if "matplotlib.pyplot" in sys.modules:  # a figure a student made with pyplot: close it, or it shows twice
        sys.modules["matplotlib.pyplot"].close(fig)
    return Chart(png, alt.strip())


def show(fig, alt: str) -> None:
    """Display ``fig`` with alt text (see module docstring) and close it."""
    from IPython.display import display

    display(render(fig, alt))


class Table:
    """A DataFrame shown in full (no truncated cells), as HTML and as plain text, without an index."""

    def __init__(self, frame, caption: str = ""):
        self.frame, self.caption = frame, caption

    def _repr_html_(self):
        import html

        cap = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        body = self.frame.to_html(index=False, na_rep="—", border=0, escape=True)
        return body.replace("<thead>", cap + "<thead>", 1) if cap else body

    def __repr__(self):
        import pandas as pd

        with pd.option_context("display.max_colwidth", 80, "display.width", 160):
            text = self.frame.to_string(index=False, na_rep="—")
        return f"{self.caption}\n{text}" if self.caption else text


def table(frame, columns=None, caption: str = "") -> Table:
    """Show ``frame`` (or its ``columns``) as a readable table; dates as YYYY-MM-DD, missing values as —."""
    shown = frame[list(columns)] if columns else frame
    shown = shown.copy()
    for col in shown.columns:
        if str(shown[col].dtype).startswith("datetime"):
            shown[col] = shown[col].dt.strftime("%Y-%m-%d")
    return Table(shown, caption)
