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


def _by_outlet_table(report, folder) -> tuple[str, str]:
    """The story page of ``report`` written to ``folder``, and its by-outlet table."""
    write_html(report, folder)
    page = (folder / page_name("story", "s1")).read_text(encoding="utf-8")
    table = page[page.index('class="by-outlet"') :]
    return page, table[: table.index("</table>")]


def test_coverage_extensions_show_escaped_in_the_html_by_outlet_table(tmp_path) -> None:
    page, table = _by_outlet_table(_report(), tmp_path)
    assert "sluice gate" in table and "Cut from its copy" in table
    assert HOSTILE_TERM not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in table


def test_coverage_extensions_show_in_the_terminal_differences() -> None:
    out = io.StringIO()
    print_report(_report(), console=Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    assert "Never mentioned by Northgate Herald: sluice gate" in text
    assert "from its wire copy:" in text


def _one_source_report():
    """The Lantern and the wire it copies (one source) are the only ones with claim c2, and
    the hostile outlet alone has c4 together with Northgate Herald's copy of it."""
    report = sample_report()
    story = report.stories[0]
    evil = story.coverage.outlets[3]
    matrix = {**story.coverage.matrix, "c4": (evil, "Northgate Herald")}
    exclusive = {"The Daily Lantern": ("c2",), "Coastline Wire": ("c2",), evil: ("c4",), "Northgate Herald": ("c4",)}
    coverage = replace(story.coverage, matrix=matrix, exclusive=exclusive)
    return replace(report, stories=(replace(story, coverage=coverage), *report.stories[1:]))


def test_a_claim_of_one_source_carried_by_several_outlets_is_shown_once_with_its_carriers() -> None:
    out = io.StringIO()
    print_report(_one_source_report(), console=Console(file=out, width=300, color_system=None))
    lines = [line for line in out.getvalue().splitlines() if "Found only in" in line]
    assert len(lines) == 2  # one line per claim, not one per outlet
    assert any("Found only in one source, carried by The Daily Lantern, Coastline Wire:" in line for line in lines)
    assert not any(line.strip().startswith("Found only in The Daily Lantern") for line in lines)


def test_the_html_by_outlet_table_names_the_other_carriers_escaped(tmp_path) -> None:
    _, table = _by_outlet_table(_one_source_report(), tmp_path)
    assert "also carried by Coastline Wire" in table and "also carried by The Daily Lantern" in table
    assert "also carried by Northgate Herald" in table
    assert "also carried by Evil &lt;script&gt;alert(1)&lt;/script&gt; News" in table and "<script>" not in table
