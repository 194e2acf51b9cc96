"""Coverage's missing terms and cuts from wire copies in the JSON, HTML and terminal reports."""

from __future__ import annotations

import io
from dataclasses import replace

import jsonschema
from rich.console import Console

from newsprism.render.html import page_name, write_html
from newsprism.render.json import load_schema, report_to_dict
from newsprism.render.terminal import print_report
from tests._render_sample import sample_report

HOSTILE_TERM = "<script>alert(1)</script>"


def _report():
    report = sample_report()
    story = report.stories[0]
    lantern, wire = story.story.article_ids[:2]
    coverage = replace(
        story.coverage,
        missing_terms={"Northgate Herald": ("sluice gate", HOSTILE_TERM)},
        term_articles={"sluice gate": (lantern, wire), HOSTILE_TERM: (lantern,)},
        cut_from_copy={wire: ("c2",)},
    )
    return replace(report, stories=(replace(story, coverage=coverage), *report.stories[1:]))


def test_coverage_extensions_are_in_the_json_and_valid() -> None:
    data = report_to_dict(_report())
    coverage = data["stories"][0]["coverage"]
    assert coverage["missing_terms"]["Northgate Herald"] == ["sluice gate", HOSTILE_TERM]
    assert len(coverage["term_articles"]["sluice gate"]) == 2
    assert list(coverage["cut_from_copy"].values()) == [["c2"]]
    jsonschema.validate(data, load_schema())


def test_coverage_extensions_show_escaped_in_the_html_by_outlet_table(tmp_path) -> None:
    write_html(_report(), tmp_path)
    page = (tmp_path / page_name("story", "s1")).read_text(encoding="utf-8")
    table = page[page.index('class="by-outlet"') :]
    table = table[: table.index("</table>")]
    assert "sluice gate" in table and "Cut from its copy" in table
    assert HOSTILE_TERM not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in table


def test_coverage_extensions_show_in_the_terminal_differences() -> None:
    out = io.StringIO()
    print_report(_report(), console=Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    assert "Never mentioned by Northgate Herald: sluice gate" in text
    assert "from its wire copy:" in text
