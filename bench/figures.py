"""Writes a run's figures into docs/benchmark.md, between two marker lines.

One current table, never a history: everything between `<!-- bench:begin -->` and
`<!-- bench:end -->` is replaced, the rest of the page is kept as it is.
"""

from pathlib import Path

BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"
DOCS_PAGE = Path(__file__).resolve().parent.parent / "docs" / "benchmark.md"


class MarkersMissing(ValueError):
    """The page lacks the two marker lines, or has them in the wrong order."""


def replace_figures(page: str, figures: str) -> str:
    """The page with only what lies between the marker lines replaced by `figures`."""
    start = page.find(BEGIN)
    end = page.find(END, start + len(BEGIN)) if start != -1 else -1
    if start == -1 or end == -1:
        raise MarkersMissing(f"{BEGIN} … {END} not found")
    head = page[: start + len(BEGIN)]
    tail = page[end:]
    return f"{head}\n{figures.strip()}\n{tail}"


def figures_block(report: str, *, bare_floor: float | None) -> str:
    """The run's report (date and time first, then the table) and its bare floor."""
    floor = f"{bare_floor:,.0f} requests/s" if bare_floor else "not measured"
    lines = report.strip().splitlines()
    return "\n".join(
        [
            lines[0],
            "",
            f"Bare floor of this machine (bare Django): {floor}.",
            *lines[1:],
        ]
    )


def write_figures(report: str, *, bare_floor: float | None, page: Path = DOCS_PAGE):
    """Replace the figures in docs/benchmark.md with this run's."""
    text = page.read_text(encoding="utf-8")
    block = figures_block(report, bare_floor=bare_floor)
    page.write_text(replace_figures(text, block), encoding="utf-8")
