#!/usr/bin/env bash
# Start a Request Tracker 5 test server on loopback, for the RT backend tests and benchmarks.
#
#   scripts/rt/start.sh            install RT if missing, configure, init + seed the DB, start, wait
#   . "$RT_STATE/env"              RT_URL, RT_ADMIN_USER/PASSWORD, RT_CUSTOMER_USER/PASSWORD/EMAIL
#   scripts/rt/stop.sh             stop it
#
# Idempotent: a second run reuses the running server and does not seed twice. Works as root on a
# fresh Debian 12 machine (CI: no stdin) and where RT is already installed.
#
# Environment: RT_STATE (default /tmp/ticket-rt) holds the SQLite database, the pid, the log and
# the env file; RT_PORT forces the port (default: the previous one if free, else a free one);
# RT_START_TIMEOUT bounds the wait for the server (seconds, default 120).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${RT_STATE:-/tmp/ticket-rt}"
TIMEOUT="${RT_START_TIMEOUT:-120}"
RT_LIB=/usr/share/request-tracker5
SERVER="$RT_LIB/libexec/rt-server"
SETUP_DB=/usr/sbin/rt-setup-database
CONF_FILE=/etc/request-tracker5/RT_SiteConfig.d/99-ticket-test.pm
ADMIN_USER=root
ADMIN_PASSWORD=password
CUSTOMER_USER=customer
CUSTOMER_PASSWORD=customer-password
CUSTOMER_EMAIL=customer@example.com

log() { echo "rt-start: $*" >&2; }
die() { echo "rt-start: error: $*" >&2; exit 1; }

mkdir -p "$STATE"
chmod 700 "$STATE"

# 1. Install RT from Debian if missing.
if [ ! -x "$SERVER" ] || [ ! -x "$SETUP_DB" ] || ! command -v rt >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || die "RT is not installed and this is not root: run 'apt-get install request-tracker5 rt5-db-sqlite rt5-clients rt5-standalone' as root."
  log "installing request-tracker5 from Debian (takes a few minutes)"
  export DEBIAN_FRONTEND=noninteractive
  # Our database lives in $STATE; do not let dbconfig-common ask about one.
  echo "request-tracker5 request-tracker5/dbconfig-install boolean false" | debconf-set-selections 2>/dev/null || true
  apt-get update -qq </dev/null >"$STATE/apt.log" 2>&1 || true
  apt-get install -y -qq request-tracker5 rt5-db-sqlite rt5-clients rt5-standalone </dev/null >>"$STATE/apt.log" 2>&1 \
    || { tail -20 "$STATE/apt.log" >&2; die "apt-get install failed (log: $STATE/apt.log)"; }
fi

url_ok() { # $1 = base URL: does REST 2.0 answer (401 without credentials counts)?
  local code
  if command -v curl >/dev/null 2>&1; then
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1/REST/2.0/rt" 2>/dev/null || true)
  else # perl is always there with RT; HTTP::Tiny is core
    code=$(perl -MHTTP::Tiny -e 'print HTTP::Tiny->new(timeout => 5)->get($ARGV[0])->{status}' "$1/REST/2.0/rt" 2>/dev/null || true)
  fi
  [ "$code" = 200 ] || [ "$code" = 401 ]
}

write_env() {
  umask 077
  cat >"$STATE/env" <<EOF
RT_URL=http://127.0.0.1:$PORT
RT_ADMIN_USER=$ADMIN_USER
RT_ADMIN_PASSWORD=$ADMIN_PASSWORD
RT_CUSTOMER_USER=$CUSTOMER_USER
RT_CUSTOMER_PASSWORD=$CUSTOMER_PASSWORD
RT_CUSTOMER_EMAIL=$CUSTOMER_EMAIL
RT_CUSTOMER_TOKEN=$(cat "$STATE/customer-token" 2>/dev/null || true)
RT_STATE=$STATE
EOF
  cat "$STATE/env"
}

write_config() { # the site config, loaded after Debian's own files so it wins; needs $PORT
  if [ ! -x "$STATE/sendmail" ]; then # the server may be running it: write it once
    printf '#!/bin/sh\n# Test server: outgoing mail is discarded.\ncat >/dev/null\n' >"$STATE/sendmail"
    chmod 755 "$STATE/sendmail"
  fi
  cat >"$CONF_FILE" <<EOF
# Written by ticket's scripts/rt/start.sh for the local test server. Safe to delete.
Set(\$rtname, 'ticket-test');
Set(\$Organization, 'ticket.test');
Set(\$CorrespondAddress, 'rt\@ticket.test');
Set(\$CommentAddress, 'rt-comment\@ticket.test');
Set(\$Timezone, 'UTC');
Set(\$WebDomain, '127.0.0.1');
Set(\$WebPort, $PORT);
Set(\$WebPath, '');
Set(\$WebBaseURL, 'http://127.0.0.1:$PORT');
Set(\$CanonicalizeRedirectURLs, 0);
Set(\$RestrictReferrer, 0);
Set(\$DatabaseType, 'SQLite');
Set(\$DatabaseName, '$STATE/rt.sqlite');
Set(\$LogToSyslog, undef);
Set(\$LogToFile, undef);
Set(\$LogToSTDERR, 'warning');
Set(\$MailCommand, 'sendmailpipe');
Set(\$SendmailPath, '$STATE/sendmail');
Set(\$SendmailArguments, '');
Set(%FullTextSearch, Enable => 1, Indexed => 0);
1;
EOF
}

seed() { # idempotent: adds only what is missing (and the customer's auth token once)
  log "seeding"
  RT_TOKEN_FILE="$STATE/customer-token" "$SETUP_DB" --action insert --skip-create --datafile "$HERE/seed.pl" </dev/null >"$STATE/seed.log" 2>&1 \
    || { tail -20 "$STATE/seed.log" >&2; die "seeding failed (log: $STATE/seed.log)"; }
  grep "SEED:" "$STATE/seed.log" >&2 || true
}

# 2. Already running? Reuse it (seeding again adds only what is missing).
if [ -f "$STATE/pid" ] && kill -0 "$(cat "$STATE/pid")" 2>/dev/null && [ -f "$STATE/port" ]; then
  PORT=$(cat "$STATE/port")
  if url_ok "http://127.0.0.1:$PORT"; then
    log "already running on port $PORT (pid $(cat "$STATE/pid"))"
    write_config
    seed
    write_env
    exit 0
  fi
fi

port_free() { ! (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -n "${RT_PORT:-}" ]; then
  PORT=$RT_PORT
elif [ -f "$STATE/port" ] && port_free "$(cat "$STATE/port")"; then
  PORT=$(cat "$STATE/port")
else
  PORT=$(perl -MIO::Socket::INET -e 'my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => 0, ReuseAddr => 1) or die; print $s->sockport')
fi
port_free "$PORT" || die "port $PORT on 127.0.0.1 is already in use"
echo "$PORT" >"$STATE/port"

# 3. Site config.
write_config

# 4. Database: create and initialise once, then seed (the datafile skips what exists).
if [ ! -s "$STATE/rt.sqlite" ]; then
  log "initialising the database in $STATE/rt.sqlite"
  "$SETUP_DB" --action init </dev/null >"$STATE/setup.log" 2>&1 \
    || { rm -f "$STATE/rt.sqlite"; tail -20 "$STATE/setup.log" >&2; die "rt-setup-database --action init failed"; }
fi
seed

# 5. Start the server, detached from this shell, and wait until REST 2.0 answers.
log "starting rt-server on 127.0.0.1:$PORT"
setsid nohup "$SERVER" --host 127.0.0.1 --port "$PORT" --max-workers 4 </dev/null >"$STATE/server.log" 2>&1 &
echo $! >"$STATE/pid"
deadline=$(( $(date +%s) + TIMEOUT ))
until url_ok "http://127.0.0.1:$PORT"; do
  if ! kill -0 "$(cat "$STATE/pid")" 2>/dev/null; then
    tail -30 "$STATE/server.log" >&2
    die "rt-server exited during start-up (log: $STATE/server.log)"
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    tail -30 "$STATE/server.log" >&2
    die "rt-server did not answer GET /REST/2.0/rt within ${TIMEOUT}s (log: $STATE/server.log)"
  fi
  sleep 0.5
done
log "ready: http://127.0.0.1:$PORT (pid $(cat "$STATE/pid"))"
write_env
