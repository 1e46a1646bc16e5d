-- wrk script: POST the view beacon of one hot article from 64 connections.
-- For the last TAIL seconds it asks for /healthz instead, so that no view request is
-- still in flight when wrk stops: every view the server stored was acknowledged.
-- Args: <article id> <counting seconds>
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  article = args[1]
  counting = tonumber(args[2])
  started = os.time()
  acked, refused = 0, 0
  view = wrk.format("POST", "/engagement/view/" .. article, {
    ["Origin"] = "http://127.0.0.1:" .. wrk.port,
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    ["Content-Length"] = "0",
  })
  idle = wrk.format("GET", "/healthz")
end

function request()
  if os.time() - started < counting then
    return view
  end
  return idle
end

function response(status, headers, body)
  if body and body:find('"counted"', 1, true) then
    if status >= 200 and status < 300 then
      acked = acked + 1
    else
      refused = refused + 1
    end
  end
end

function done(summary, latency, requests)
  local total_acked, total_refused = 0, 0
  for _, thread in ipairs(threads) do
    total_acked = total_acked + thread:get("acked")
    total_refused = total_refused + thread:get("refused")
  end
  io.write(string.format("RESULT acked=%d refused=%d errors=%d p50_ms=%.1f p99_ms=%.1f\n",
    total_acked, total_refused,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
