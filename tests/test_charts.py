"""wanted.charts: how every chart in the course is rendered and shown."""

import io

import pytest

from wanted import charts


def _figure(layout=None, tight=False):
    fig, ax = charts.new(figsize=(6, 3), **({"layout": layout} if layout else {}))
    ax.plot([2000, 2010, 2020], [1.0, 2.5, 2.0], marker="o", label="a series")
    ax.set_title("A title long enough to reach the edge of the figure on its right-hand side")
    ax.set_ylabel("TWh")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))  # outside the axes: only a tight box keeps it
    fig.text(0.01, -0.08, "Source: a note under the figure")
    if tight:
        fig.tight_layout()
    return fig


def _savefig_tight(fig) -> bytes:
    """What matplotlib itself renders with bbox_inches="tight": the box render() must reproduce."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None}, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


@pytest.mark.parametrize("kind", ["plain", "tight_layout", "constrained"])
def test_render_keeps_matplotlibs_tight_box(kind):
    # render() measures the tight box itself (and drops tight_layout's placeholder engine) to save drawing
    # passes; whatever it saves, the pixels must be matplotlib's own: a note or legend outside the axes kept,
    # and a constrained layout laid out before the box is measured.
    make = {"plain": lambda: _figure(), "tight_layout": lambda: _figure(tight=True),
            "constrained": lambda: _figure(layout="constrained")}[kind]
    assert charts.render(make(), "a test chart").png == _savefig_tight(make())


def test_render_is_byte_identical_each_time():
    first, second = (charts.render(_figure(tight=True), "a test chart").png for _ in range(2))
    assert first == second
    assert b"Software" not in first and b"matplotlib" not in first.lower()


def test_chart_carries_its_alt_text():
    chart = charts.render(_figure(), "  Two lines rise, then one falls.  ")
    data, metadata = chart._repr_mimebundle_()
    assert metadata == {"image/png": {"alt": "Two lines rise, then one falls."}}
    assert data["text/plain"] == "[Chart] Two lines rise, then one falls."
    assert data["image/png"].startswith(b"\x89PNG")


@pytest.mark.parametrize("alt", ["", "   ", None])
def test_render_refuses_a_chart_without_alt_text(alt):
    with pytest.raises(ValueError, match="alt text"):
        charts.render(_figure(), alt)
