#!/usr/bin/env bash
# Load benchmark for view counting: `make serve` (gunicorn, DEBUG off) on PostgreSQL,
# wrk drives the view beacon of one hot article with 64 connections, then the stored
# count must equal the acknowledged (2xx) requests exactly.
#   DATABASE_URL=postgres://... PORT=8105 DURATION=20 bench/views.sh
# SERVERS=2 starts a second `make serve` on PORT2 (8115) and splits the connections
# between both: two app processes against one PostgreSQL must count exactly as one.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_engagement}
export PORT=${PORT:-8105}
export HOST=127.0.0.1
DURATION=${DURATION:-20}      # seconds of view requests
TAIL=3                        # then /healthz only, so no view is in flight at the end
CONNECTIONS=${CONNECTIONS:-64}
SERVERS=${SERVERS:-1}
PORT2=${PORT2:-8115}
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-bench-$(head -c 60 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9' | head -c 60)}
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_SECURE_COOKIES=0
export DJANGO_LOG_LEVEL=WARNING
# Every wrk connection comes from 127.0.0.1: the per-IP flood limit would refuse them.
export PORTAL_ENGAGEMENT_VIEW_RATE=0

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
case "$DATABASE_URL" in postgres*) ;; *) echo "DATABASE_URL must be PostgreSQL" >&2; exit 2;; esac

.venv/bin/python manage.py migrate --noinput -v0
read -r ARTICLE BEFORE < <(.venv/bin/python manage.py shell -v0 -c "exec(open('bench/hot_article.py').read())")

PIDS=()
LOGS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  rm -f "${LOGS[@]}"
}
trap cleanup EXIT
start_server() {  # port
  local log
  log=$(mktemp)
  LOGS+=("$log")
  PORT=$1 setsid make serve >"$log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0
    sleep 1
  done
  cat "$log"
  return 1
}
PORTS=("$PORT")
[ "$SERVERS" = 2 ] && PORTS+=("$PORT2")
for port in "${PORTS[@]}"; do start_server "$port"; done

PER_SERVER=$((CONNECTIONS / ${#PORTS[@]}))
echo "hot article $ARTICLE, $BEFORE views before; $CONNECTIONS connections for" \
  "${DURATION}s on ${#PORTS[@]} server(s): ${PORTS[*]}"
OUTS=()
WRKS=()
for port in "${PORTS[@]}"; do
  out=$(mktemp)
  LOGS+=("$out")
  OUTS+=("$out")
  wrk -t2 -c"$PER_SERVER" -d"$((DURATION + TAIL))s" --latency \
    -s bench/view_beacon.lua "http://127.0.0.1:$port" -- "$ARTICLE" "$DURATION" >"$out" &
  WRKS+=($!)
done
wait "${WRKS[@]}"
ACKED=0
ERRORS=0
P50=""
P99=""
for out in "${OUTS[@]}"; do
  grep -E "Requests/sec|requests in" "$out" || true
  RESULT=$(grep '^RESULT' "$out")
  ACKED=$((ACKED + $(echo "$RESULT" | sed -E 's/.*acked=([0-9]+).*/\1/')))
  ERRORS=$((ERRORS + $(echo "$RESULT" | sed -E 's/.*errors=([0-9]+).*/\1/')))
  P50="$P50 $(echo "$RESULT" | sed -E 's/.*p50_ms=([0-9.]+).*/\1/')"
  P99="$P99 $(echo "$RESULT" | sed -E 's/.*p99_ms=([0-9.]+).*/\1/')"
done

read -r _ AFTER < <(.venv/bin/python manage.py shell -v0 -c "exec(open('bench/hot_article.py').read())")
STORED=$((AFTER - BEFORE))
echo; printf '%-28s %s\n' "views acknowledged (2xx)" "$ACKED" "views stored" "$STORED" \
  "views/s" "$(python3 -c "print(round($ACKED / $DURATION))")" \
  "latency p50 / p99 (ms)" "${P50# } / ${P99# } (per server)" \
  "socket/status errors" "$ERRORS"
if [ "$STORED" -ne "$ACKED" ]; then
  echo "MISMATCH: stored $STORED != acknowledged $ACKED" >&2
  exit 1
fi
echo "OK: every acknowledged view is stored, none twice"
