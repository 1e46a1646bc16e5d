import pytest

from bench.figures import BEGIN, END, MarkersMissing, figures_block, replace_figures

PAGE = f"""# Benchmark

How it works.

{BEGIN}
Benchmark 2026-11-25 11:15 UTC, old run.

| page | requests/s |
|---|---:|
| home | 1 |
{END}

## What each row means

Kept as it is.
"""


def test_replaces_only_what_lies_between_the_markers():
    new = replace_figures(PAGE, "Benchmark 2026-12-03 12:00 UTC\n\n| home | 2 |")
    before, _, rest = PAGE.partition(BEGIN)
    _, _, after = rest.partition(END)
    assert new.startswith(before + BEGIN + "\n")
    assert new.endswith(END + after)
    assert "old run" not in new and "| home | 1 |" not in new
    assert "| home | 2 |" in new


def test_a_second_run_replaces_the_first_rather_than_adding_to_it():
    once = replace_figures(PAGE, "first run")
    twice = replace_figures(once, "second run")
    assert "first run" not in twice
    assert twice.count(BEGIN) == twice.count(END) == 1
    assert twice == replace_figures(PAGE, "second run")


@pytest.mark.parametrize("page", ["no markers", f"{END}\n{BEGIN}\n", f"{BEGIN} only"])
def test_refuses_a_page_without_both_markers_in_order(page):
    with pytest.raises(MarkersMissing):
        replace_figures(page, "table")


def test_block_names_the_bare_floor_after_the_date_line():
    block = figures_block("Benchmark 2026-12-03 12:00 UTC.\n\n| t |", bare_floor=6345.2)
    lines = block.splitlines()
    assert lines[0] == "Benchmark 2026-12-03 12:00 UTC."
    assert "6,345 requests/s" in lines[2]
    assert lines[-1] == "| t |"
