"""lessons/sources.md is generated from data/sources.csv and must be up to date."""

from conftest import ROOT
from wanted import bibliography


def test_bibliography_is_up_to_date():
    expected = bibliography.render(bibliography.rows())
    actual = (ROOT / "lessons" / "sources.md").read_text(encoding="utf-8")
    assert actual == expected, "lessons/sources.md is out of date: run 'make bibliography' and commit it"


def test_every_source_is_listed():
    text = (ROOT / "lessons" / "sources.md").read_text(encoding="utf-8")
    for row in bibliography.rows():
        assert f'id="{row["source_id"]}"' in text, f"{row['source_id']} missing from lessons/sources.md"


def test_render_groups_by_kind():
    md = bibliography.render([
        {"source_id": "a", "title": "T1", "outlet": "O", "url": "https://x", "published": "2024", "kind": "news",
         "access_note": "", "licence": ""},
        {"source_id": "b", "title": "T2", "outlet": "P", "url": "https://y", "published": "", "kind": "court",
         "access_note": "read", "licence": "public"},
    ])
    assert md.index("Court decisions") < md.index("News reports")
    assert "**T2** — P. <https://y> `b`. read. Licence: public." in md


def test_source_without_url_says_so():
    md = bibliography.render([{"source_id": "s", "title": "Seed", "outlet": "O", "url": "", "published": "2024",
                               "kind": "news", "access_note": "stored text", "licence": ""}])
    assert "<>" not in md
    assert "**Seed** — O, 2024. (no link) `s`. stored text." in md
