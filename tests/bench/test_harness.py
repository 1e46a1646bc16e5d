"""The benchmark harness: wrk 4.1 summaries, the report table, the view-count check."""

import pytest

from bench.run import BARE, FLOOR, PAGES, Row, _count_check, format_report
from bench.wrk import WrkOutputError, parse_wrk_output

BUSY = """Running 10s test @ http://127.0.0.1:8108/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.41ms    8.02ms 150.33ms   90.12%
    Req/Sec     1.32k   210.50     1.80k    71.00%
  Latency Distribution
     50%   10.87ms
     75%   14.02ms
     90%   19.55ms
     99%   48.20ms
  26321 requests in 10.01s, 226.60MB read
  Socket errors: connect 0, read 2, write 0, timeout 7
  Non-2xx or 3xx responses: 15
Requests/sec:   2629.47
Transfer/sec:     22.64MB
"""

SLOW = """Running 10s test @ http://127.0.0.1:8108/search/
  2 threads and 32 connections
  Latency Distribution
     50%  850.00us
     75%    1.20s
     90%    1.50s
     99%    2.01s
  312 requests in 1.00m, 2.60MB read
Requests/sec:     31.20
Transfer/sec:    265.50KB
"""


def test_parses_rate_percentiles_and_errors():
    result = parse_wrk_output(BUSY)
    assert result.requests == 26321
    assert result.seconds == pytest.approx(10.01)
    assert result.requests_per_second == pytest.approx(2629.47)
    assert (result.p50_ms, result.p99_ms) == (pytest.approx(10.87), pytest.approx(48.2))
    assert result.non_2xx_3xx == 15
    assert (result.socket_errors, result.timeouts) == (9, 7)
    assert result.acknowledged == 26321 - 15


def test_converts_every_time_unit_to_milliseconds():
    result = parse_wrk_output(SLOW)
    assert result.p50_ms == pytest.approx(0.85)
    assert result.p99_ms == pytest.approx(2010)
    assert result.seconds == pytest.approx(60)
    assert (result.non_2xx_3xx, result.socket_errors) == (0, 0)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "unable to connect to 127.0.0.1:8108 Connection refused",
        BUSY.replace("Requests/sec:   2629.47\n", ""),
        BUSY.replace("     99%   48.20ms\n", ""),  # run without --latency
    ],
)
def test_refuses_output_that_is_not_a_summary(text):
    with pytest.raises(WrkOutputError):
        parse_wrk_output(text)


def test_report_gives_each_page_its_ratio_to_both_floors():
    bare = Row(BARE, "/", parse_wrk_output(BUSY))
    floor = Row(FLOOR, "/", parse_wrk_output(BUSY))
    home = Row(PAGES[0], "/", parse_wrk_output(SLOW))
    missing = Row(PAGES[-1], "/x", note="not available (404)")
    report = format_report([bare, floor, home, missing], server="granian")
    lines = report.splitlines()
    assert (
        "| bare Django hello-world view, same bytes | 32 | 2,629 | 10.9 ms " in lines[4]
    )
    assert (
        "| floor: hello-world view, our settings and middleware | 32 | 2,629 "
        in (lines[5])
    )
    assert "| 100% | 100% | 15 (+9 socket errors) |" in lines[5]
    assert lines[6] == "| home | 32 | 31 | 0.8 ms | 2010.0 ms | 1% | 1% | 0 |"
    assert "not available (404)" in lines[7]


GRANIAN_LOG = """[2026-11-25 00:14:57 +0300] 127.0.0.1 - "POST /api/v1/articles/7/views HTTP/1.1" 200 3.1
[2026-11-25 00:14:57 +0300] 127.0.0.1 - "POST /api/v1/articles/7/views HTTP/1.1" 429 1.0
[2026-11-25 00:14:57 +0300] 127.0.0.1 - "POST /api/v1/articles/8/views HTTP/1.1" 200 1.0
[2026-11-25 00:14:57 +0300] 127.0.0.1 - "GET /api/v1/articles/7/views HTTP/1.1" 200 1.0
"""
GUNICORN_LOG = (
    '127.0.0.1 - - [24/Nov/2026:21:14:57 +0000] "POST /api/v1/articles/7/views '
    'HTTP/1.1" 201 2 "-" "Mozilla/5.0"\n'
)


@pytest.mark.parametrize(
    ("stored_after", "verdict"), [(102, "exact"), (103, "MISMATCH"), (101, "MISMATCH")]
)
def test_count_check_compares_stored_views_with_the_answers_the_server_logged(
    stored_after, verdict
):
    row = Row(PAGES[-1], "/api/v1/articles/7/views", parse_wrk_output(BUSY))
    note = _count_check(row, 100, stored_after, GRANIAN_LOG + GUNICORN_LOG)
    assert note.startswith(f"{verdict}: stored +{stored_after - 100}, ")
    assert "server answered 2xx 2," in note
    assert note.endswith(f"wrk received 2xx/3xx {26321 - 15}")


def test_ratios_use_the_mean_of_a_floors_first_and_last_measurement():
    from bench.run import _again

    first = Row(FLOOR, "/", parse_wrk_output(BUSY))  # 2,629.47 req/s
    last = Row(_again(FLOOR), "/", parse_wrk_output(SLOW))  # 31 req/s
    page = Row(PAGES[1], "/", parse_wrk_output(BUSY))
    report = format_report([first, page, last], server="granian")
    mean = (2629.47 + parse_wrk_output(SLOW).requests_per_second) / 2
    assert f"| {2629.47 / mean:.0%} | - |" in report
    assert "(again, last)" in report


def _rows_for_targets(cached: str, uncached: str, cold: str | None = None) -> list:
    by_label = {page.label: page for page in PAGES}
    rows = [
        Row(BARE, "/", parse_wrk_output(BUSY)),
        Row(by_label["article (cached)"], "/a", parse_wrk_output(cached)),
        Row(by_label["article (uncached)"], "/a", parse_wrk_output(uncached)),
    ]
    if cold is not None:
        rows.append(Row(by_label["article (cold)"], "/a", parse_wrk_output(cold)))
    return rows


def test_report_states_issue_8s_targets_against_the_runs_own_floor():
    fast = BUSY.replace("99%   48.20ms", "99%   20.00ms")  # 100 % of bare, p99 20 ms
    report = format_report(_rows_for_targets(fast, SLOW), server="granian")
    assert "Issue 8's targets against this run's bare Django (2,629/s):" in report
    assert "- article (cached): 100% of bare, p99 20.0 ms (60 % and 30 ms): met" in (
        report
    )
    assert (
        "- article (uncached): 31/s against 400/s absolute and 263/s on the issue's "
        "scale (a tenth of bare Django): MISSED" in report
    )


def test_report_gives_the_cold_article_beside_the_uncached_target():
    report = format_report(_rows_for_targets(BUSY, SLOW, cold=SLOW), server="granian")
    assert (
        "- article (cold, for reference: nothing kept, as after an edit): 31/s, 1% of "
        "bare" in report
    )


def test_a_slow_tail_misses_the_cached_target():
    report = format_report(_rows_for_targets(BUSY, SLOW), server="granian")
    assert "p99 48.2 ms (60 % and 30 ms): MISSED" in report
