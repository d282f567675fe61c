#!/usr/bin/env bash
# Stop the RT test server started by scripts/rt/start.sh (its whole process group: Starlet workers).
set -euo pipefail
STATE="${RT_STATE:-/tmp/ticket-rt}"
[ -f "$STATE/pid" ] || { echo "rt-stop: not running (no $STATE/pid)" >&2; exit 0; }
PID=$(cat "$STATE/pid")
if kill -0 "$PID" 2>/dev/null; then
  # start.sh runs the server under setsid: its pid is the process group id.
  kill -TERM -- "-$PID" 2>/dev/null || kill -TERM "$PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$PID" 2>/dev/null; then kill -KILL -- "-$PID" 2>/dev/null || kill -KILL "$PID" 2>/dev/null || true; fi
  echo "rt-stop: stopped pid $PID" >&2
fi
rm -f "$STATE/pid"
