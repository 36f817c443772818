#!/usr/bin/env bash
# Benchmark: gatehoused against the peer (panva's oidc-provider, ../shared/peers/oidc-provider),
# one after the other in the same run, on loopback, with wrk. Prints for each: client_credentials
# tokens/s (RS256 and ES256), JWKS and discovery requests/s, p50/p99 latency, and the ratios; plus
# `openssl speed -multi 2 rsa2048` sign/s measured in the same run, gatehoused's idle RSS and its
# start-to-ready time. Not a test: it prints figures, it does not judge them (the targets are in
# the README so a reader can compare).
#
#   tests/bench/bench.sh                 (builds gatehoused with the `server` preset first)
#   DUR=10s CONN=32 THREADS=2 ROUNDS=3   wrk duration, connections, wrk threads, repetitions
#   PEER_DIR=...                         the peer (default: ../shared/peers/oidc-provider beside the repo)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
DUR=${DUR:-10s}; CONN=${CONN:-32}; THREADS=${THREADS:-2}; ROUNDS=${ROUNDS:-3}; WARMUP=${WARMUP:-3s}
PEER_DIR=${PEER_DIR:-$(cd "$root/.." && pwd)/shared/peers/oidc-provider}
OUR_PORT=${OUR_PORT:-4300}; PEER_PORT=${PEER_PORT:-4100}
PY=/usr/bin/python3
out=$(mktemp -d /tmp/gatehouse-bench.XXXXXX)
results="$out/results.tsv"; : >"$results"

"$root/installer/install-deps.sh"
cmake --preset server -S "$root" >/dev/null
cmake --build "$root/build/server" --target gatehoused >/dev/null
gatehoused="$root/build/server/server/gatehoused/gatehoused"

# --- helpers -------------------------------------------------------------------------------------
json() { $PY -c 'import json,sys; d=json.load(sys.stdin); print(eval("d"+sys.argv[1]))' "$1"; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"; }   # who what rps p50 p99
run_wrk() { # who what url [lua]
  local who=$1 what=$2 url=$3 lua=${4:-} file
  file="$out/wrk-$who-$what-$RANDOM.txt"
  wrk -t"$THREADS" -c"$CONN" -d"$DUR" --latency ${lua:+-s "$lua"} "$url" >"$file"
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$file")
  p50=$(awk '/^ +50%/ {print $2}' "$file"); p99=$(awk '/^ +99%/ {print $2}' "$file")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$file")
  [ -z "$non2xx" ] || { echo "!! $who $what: $non2xx non-2xx responses (see $file)"; }
  record "$who" "$what" "$rps" "$p50" "$p99"
  printf '   %-10s %-14s %10s req/s   p50 %8s   p99 %8s\n' "$who" "$what" "$rps" "$p50" "$p99"
}
token_lua() { # file path body basic
  cat >"$1" <<LUA
wrk.method = "POST"
wrk.path = "$2"
wrk.body = "$3"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $4"
LUA
}

# --- gatehoused: set up two tenants (RS256, ES256) with a client allowed an API --------------------
data="$out/gatehoused-data"
"$gatehoused" init --data-dir "$data" --listen "127.0.0.1:$OUR_PORT" --http --tenant bench --json >"$out/init.json" 2>/dev/null
base="http://127.0.0.1:$OUR_PORT"

our_pid=""; peer_pid=""
cleanup() {
  [ -n "$our_pid" ] && kill "$our_pid" 2>/dev/null
  [ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null
  true
}
trap cleanup EXIT
start_ours() {
  GATEHOUSE_LOG_ACCESS_LOG=off "$gatehoused" run --data-dir "$data" >"$out/gatehoused.log" 2>&1 &
  our_pid=$!
}
# Start-to-ready: from spawning the process to the first 200 from /health/ready, polled every
# millisecond; the median of 5 starts.
ready_ms=$(GATEHOUSE_LOG_ACCESS_LOG=off $PY - "$gatehoused" "$data" "$base/health/ready" <<'PY'
import subprocess, sys, time, urllib.request, statistics
samples = []
for _ in range(5):
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.argv[1], "run", "--data-dir", sys.argv[2]],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            if urllib.request.urlopen(sys.argv[3], timeout=1).status == 200: break
        except Exception: time.sleep(0.001)
        if time.monotonic() - t0 > 20: print("timeout"); sys.exit(1)
    samples.append((time.monotonic() - t0) * 1000)
    proc.terminate(); proc.wait()
print(round(statistics.median(samples)))
PY
)
start_ours
for _ in $(seq 1 200); do curl -sf -o /dev/null "$base/health/ready" && break; sleep 0.05; done
sleep 1
idle_rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$our_pid/status")

sys_id=$(json "['system_management_client']['client_id']" <"$out/init.json")
sys_secret=$(json "['system_management_client']['client_secret']" <"$out/init.json")
public_url=$(json "['public_url']" <"$out/init.json")
sys_issuer="$public_url/t/system/"
sys_token=$(curl -sf -u "$sys_id:$sys_secret" -d grant_type=client_credentials \
  --data-urlencode "audience=${sys_issuer}api/v2/" "$base/t/system/oauth/token" | json "['access_token']")
api() { curl -sf -H "Authorization: Bearer $sys_token" -H 'Content-Type: application/json' "$@"; }

setup_tenant() { # tenant alg -> prints basic-auth token
  local t=$1 alg=$2 client
  api -X POST "$base/t/system/api/v2/tenants" -d "{\"id\":\"$t\",\"signing_alg\":\"$alg\"}" >/dev/null
  api -X POST "$base/t/$t/api/v2/resource-servers" \
    -d '{"name":"bench","identifier":"https://api.bench","scopes":[{"value":"api:read"},{"value":"api:write"}]}' >/dev/null
  client=$(api -X POST "$base/t/$t/api/v2/clients" -d '{"name":"bench-client","app_type":"non_interactive","grant_types":["client_credentials"]}')
  local id secret
  id=$(json "['client_id']" <<<"$client"); secret=$(json "['client_secret']" <<<"$client")
  api -X POST "$base/t/$t/api/v2/client-grants" \
    -d "{\"client_id\":\"$id\",\"audience\":\"https://api.bench\",\"scope\":[\"api:read\",\"api:write\"]}" >/dev/null
  printf '%s' "$id:$secret" | base64 -w0
}
rs_basic=$(setup_tenant bench-rs RS256)
es_basic=$(setup_tenant bench-es ES256)
token_lua "$out/our-rs.lua" /t/bench-rs/oauth/token "grant_type=client_credentials&audience=https://api.bench" "$rs_basic"
token_lua "$out/our-es.lua" /t/bench-es/oauth/token "grant_type=client_credentials&audience=https://api.bench" "$es_basic"
# Functional check before measuring: a 200 with a three-part JWT.
for t in rs es; do
  basic=$([ $t = rs ] && echo "$rs_basic" || echo "$es_basic")
  curl -sf -H "Authorization: Basic $basic" -d 'grant_type=client_credentials&audience=https://api.bench' \
    "$base/t/bench-$t/oauth/token" | json "['access_token'].count('.')" | grep -qx 2 || { echo "token check failed"; exit 1; }
done
kill "$our_pid"; wait "$our_pid" 2>/dev/null || true

peer_start() { # alg
  (cd "$peer_copy" && NODE_ENV=production ALG="$1" PORT="$PEER_PORT" node server.mjs >"$out/peer-$1.log" 2>&1) &
  peer_pid=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PEER_PORT/.well-known/openid-configuration" && return; sleep 0.1; done
  echo "peer did not start"; cat "$out/peer-$1.log"; exit 1
}
peer_stop() { kill "$peer_pid" 2>/dev/null; wait "$peer_pid" 2>/dev/null || true; pkill -f "node server.mjs" 2>/dev/null || true; }
peer_copy="$out/peer"; cp -r "$PEER_DIR" "$peer_copy"; chmod -R u+w "$peer_copy"
(cd "$peer_copy" && [ -d node_modules/oidc-provider ] || npm ci --no-audit --no-fund >/dev/null)
cp "$PEER_DIR/wrk/token.lua" "$out/peer-token.lua"

echo "== $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t$THREADS -c$CONN -d$DUR, $ROUNDS rounds"
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  start_ours
  for _ in $(seq 1 200); do curl -sf -o /dev/null "$base/health/ready" && break; sleep 0.05; done
  wrk -t"$THREADS" -c"$CONN" -d"$WARMUP" -s "$out/our-rs.lua" "$base" >/dev/null
  run_wrk gatehoused token-RS256 "$base" "$out/our-rs.lua"
  run_wrk gatehoused token-ES256 "$base" "$out/our-es.lua"
  run_wrk gatehoused jwks "$base/t/bench-rs/.well-known/jwks.json"
  run_wrk gatehoused discovery "$base/t/bench-rs/.well-known/openid-configuration"
  loaded_rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$our_pid/status")
  kill "$our_pid"; wait "$our_pid" 2>/dev/null || true

  for alg in RS256 ES256; do
    peer_start "$alg"
    peer_url="http://127.0.0.1:$PEER_PORT"
    wrk -t"$THREADS" -c"$CONN" -d"$WARMUP" -s "$out/peer-token.lua" "$peer_url/token" >/dev/null
    run_wrk peer "token-$alg" "$peer_url/token" "$out/peer-token.lua"
    if [ "$alg" = RS256 ]; then
      run_wrk peer jwks "$peer_url/jwks"
      run_wrk peer discovery "$peer_url/.well-known/openid-configuration"
    fi
    peer_stop
  done
done

echo "== openssl speed -multi 2 rsa2048 (the 2-core RSA signing limit, same run)"
openssl speed -multi 2 -seconds 5 rsa2048 >"$out/openssl.txt" 2>/dev/null
rsa_sign=$(awk '/^rsa 2048 bits/ {print $(NF-1)}' "$out/openssl.txt" | tail -1)

$PY - "$results" "$rsa_sign" "$idle_rss_kb" "$loaded_rss_kb" "$ready_ms" <<'PY'
import sys, statistics
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
rsa, idle, loaded, ready = float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
def med(who, what, col=2):
    vals = [r[col] for r in rows if r[0] == who and r[1] == what]
    if col == 2: return statistics.median(float(v) for v in vals)
    return sorted(vals, key=lambda v: float(v.rstrip("msu")) * (1000 if v.endswith("ms") else 1 if v.endswith("us") else 1e6))[len(vals)//2]
print("\n== medians over rounds")
print(f"{'endpoint':<14}{'gatehoused':>12}{'peer':>10}{'ratio':>8}   p50/p99 gatehoused | peer        target")
targets = {"token-RS256": ("peer", 2.0), "token-ES256": ("peer", 8.0), "jwks": ("peer", 5.0), "discovery": ("peer", 5.0)}
for what, (_, target) in targets.items():
    ours, peer = med("gatehoused", what), med("peer", what)
    ratio = ours / peer
    print(f"{what:<14}{ours:>12.0f}{peer:>10.0f}{ratio:>7.1f}x   {med('gatehoused', what, 3)}/{med('gatehoused', what, 4)} | "
          f"{med('peer', what, 3)}/{med('peer', what, 4)}   >= {target:.0f}x {'ok' if ratio >= target else 'MISSED'}")
rs = med("gatehoused", "token-RS256")
print(f"RS256 tokens/s vs openssl speed -multi 2 rsa2048 ({rsa:.0f} sign/s): {100*rs/rsa:.0f} %   target >= 80 % {'ok' if rs >= 0.8*rsa else 'MISSED'}")
print(f"gatehoused idle RSS: {idle/1024:.1f} MB (after load: {loaded/1024:.1f} MB)   target <= 40 MB {'ok' if idle <= 40*1024 else 'MISSED'}")
print(f"gatehoused start to ready (SQLite): {ready} ms   target <= 300 ms {'ok' if ready != 'timeout' and int(ready) <= 300 else 'MISSED'}")
PY
echo "== raw outputs in $out"
