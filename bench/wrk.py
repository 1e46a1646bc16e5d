"""Run wrk and read its summary (`wrk --latency`) into numbers."""

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_DURATION = r"([\d.]+)(us|ms|s|m|h)"
_TOTALS = re.compile(r"^\s*(\d+) requests in " + _DURATION, re.MULTILINE)
_PERCENTILE = re.compile(r"^\s*(50|75|90|99)(?:\.0+)?%\s+" + _DURATION, re.MULTILINE)
_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_NON_2XX = re.compile(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", re.MULTILINE)
_SOCKET = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
)
POST_SCRIPT = Path(__file__).with_name("post.lua")
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)


class WrkOutputError(ValueError):
    """wrk printed something that is not a summary (it failed, or a new format)."""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int
    socket_errors: int
    timeouts: int

    @property
    def acknowledged(self) -> int:
        """Responses received with a 2xx or 3xx status."""
        return self.requests - self.non_2xx_3xx


def _ms(value: str, unit: str) -> float:
    return float(value) * _UNIT_MS[unit]


def parse_wrk_output(text: str) -> WrkResult:
    """Numbers from wrk's summary; latencies in milliseconds."""
    totals, rate = _TOTALS.search(text), _RATE.search(text)
    percentiles = {m[1]: _ms(m[2], m[3]) for m in _PERCENTILE.finditer(text)}
    if not totals or not rate or not {"50", "99"} <= percentiles.keys():
        raise WrkOutputError(f"not a wrk --latency summary: {text[:300]!r}")
    non_2xx = _NON_2XX.search(text)
    socket = _SOCKET.search(text)
    connect, read, write, timeout = map(int, socket.groups()) if socket else (0,) * 4
    return WrkResult(
        requests=int(totals[1]),
        seconds=_ms(totals[2], totals[3]) / 1000,
        requests_per_second=float(rate[1]),
        p50_ms=percentiles["50"],
        p99_ms=percentiles["99"],
        non_2xx_3xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=connect + read + write + timeout,
        timeouts=timeout,
    )


def run_wrk(
    url: str,
    *,
    connections: int,
    seconds: int,
    threads: int = 2,
    method: str = "GET",
) -> tuple[WrkResult, str]:
    """Drive `url` with wrk; returns the parsed summary and the raw output."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise FileNotFoundError("wrk is not installed (apt-get install -y wrk)")
    command = [
        wrk,
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "5s",
        "-H",
        f"User-Agent: {USER_AGENT}",
        "-H",
        "Accept-Language: ar",
    ]
    if method == "POST":
        origin = "/".join(url.split("/")[:3])
        command += ["-s", str(POST_SCRIPT), "-H", f"Origin: {origin}"]
    elif method != "GET":
        raise ValueError(f"unsupported method {method}")
    done = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60
    )
    output = done.stdout + done.stderr
    return parse_wrk_output(output), output
