#!/usr/bin/env bash
# The dashboard's figures (issue 4; README "Dashboard figures"). Not a test: it prints figures
# against the targets and does not fail on them. Per round, on the offscreen platform:
#   start to a usable window (process start -> the window's first complete paint)   <= 1 s
#   the Users page over USERS users: shown -> first page painted                      <= 500 ms
#   scrolled to the bottom -> the next page fetched and painted (on demand)
#   the dashboard's resident memory at the end                                        <= 200 MB
# The users are written straight into the server's SQLite database (copies of one user made
# through the API), since creating 100,000 through the API would hash 100,000 passwords.
# Medians over ROUNDS rounds. There is no peer dashboard to compare with.
#
#   tests/bench/dashboard-bench.sh          (builds with the default preset)
#   BUILD_DIR=build/x USERS=100000 ROUNDS=5
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
USERS=${USERS:-100000}; ROUNDS=${ROUNDS:-5}; PORT=${PORT:-4320}
PY=/usr/bin/python3
out=$(mktemp -d /tmp/gatehouse-dashboard-bench.XXXXXX)

if [ -z "${BUILD_DIR:-}" ]; then
  "$root/installer/install-deps.sh"
  cmake --preset default -S "$root" >/dev/null
  BUILD_DIR="$root/build/default"
fi
cmake --build "$BUILD_DIR" --target gatehoused dashboard_bench >/dev/null
gatehoused="$BUILD_DIR/server/gatehoused/gatehoused"
bench="$BUILD_DIR/tests/bench/dashboard_bench"
json() { $PY -c 'import json,sys; d=json.load(sys.stdin); print(eval("d"+sys.argv[1]))' "$1"; }

data="$out/data"
"$gatehoused" init --data-dir "$data" --listen "127.0.0.1:$PORT" --tenant bench --json >"$out/init.json" 2>/dev/null
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; true' EXIT
start() {
  GATEHOUSE_LOG_ACCESS_LOG=off "$gatehoused" run --data-dir "$data" >"$out/gatehoused.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do curl -skf -o /dev/null "https://127.0.0.1:$PORT/health/ready" && return; sleep 0.05; done
  echo "gatehoused did not start"; cat "$out/gatehoused.log"; exit 1
}
start
system_id=$(json "['system_management_client']['client_id']" <"$out/init.json")
system_secret=$(json "['system_management_client']['client_secret']" <"$out/init.json")
fingerprint=$(json "['tls_sha256_fingerprint']" <"$out/init.json")
public_url=$(json "['public_url']" <"$out/init.json")
token=$(curl -skf -u "$system_id:$system_secret" -d grant_type=client_credentials \
  --data-urlencode "audience=$public_url/t/system/api/v2/" "https://127.0.0.1:$PORT/t/system/oauth/token" | json "['access_token']")
curl -skf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"connection":"Username-Password-Authentication","email":"seed@example.com","password":"amber orchard signal 42","name":"Seed"}' \
  "https://127.0.0.1:$PORT/t/bench/api/v2/users" >/dev/null
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

# Copies of the seed user, each with its own id, e-mail, name and login count.
$PY - "$data/gatehouse.db" "$USERS" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); count = int(sys.argv[2])
db.row_factory = sqlite3.Row
seed = dict(db.execute("SELECT * FROM users WHERE email = 'seed@example.com'").fetchone())
columns = list(seed)
rows = []
for n in range(1, count):
    row = dict(seed)
    row["user_id"] = f"auth0|bench{n:06d}"
    row["email"] = f"user{n:06d}@example.com"
    row["name"] = f"User {n:06d}"
    if "username" in row and row["username"] is not None:
        row["username"] = f"user{n:06d}"
    if "logins_count" in row:
        row["logins_count"] = n % 97
    rows.append(tuple(row[c] for c in columns))
db.executemany(f"INSERT INTO users ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows)
db.commit()
print(f"== {db.execute('SELECT COUNT(*) FROM users WHERE tenant = ?', (seed['tenant'],)).fetchone()[0]} users in tenant {seed['tenant']}")
PY
start

results="$out/results.tsv"; : >"$results"
echo "== $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $ROUNDS rounds"
for round in $(seq 1 "$ROUNDS"); do
  QT_QPA_PLATFORM=offscreen "$bench" --url "https://127.0.0.1:$PORT" --fingerprint "$fingerprint" \
    --client-id "$system_id" --client-secret "$system_secret" --tenant bench >"$out/round-$round.json"
  echo "   round $round: $(cat "$out/round-$round.json")"
done
$PY - "$out" "$ROUNDS" <<'PY'
import json, statistics, sys
rounds = [json.load(open(f"{sys.argv[1]}/round-{r}.json")) for r in range(1, int(sys.argv[2]) + 1)]
med = lambda k: statistics.median(r[k] for r in rounds)
def line(label, key, target, unit="ms"):
    value = med(key)
    verdict = "" if target is None else ("ok" if value <= target else "MISSED")
    print(f"{label}: {value:.1f} {unit}" + ("" if target is None else f"   target <= {target} {unit} {verdict}"))
print("\n== medians over rounds")
line("start to a usable window", "start_ms", 1000)
line(f"Users page over {rounds[0]['users_total']} users: first page painted", "users_open_ms", 500)
line("scrolled to the bottom: next page fetched and painted", "users_next_ms", None)
line("client-credentials sign-in with permissions and tenants", "signin_ms", None)
line("dashboard resident memory", "rss_mb", 200, "MB")
PY
echo "== raw outputs in $out"
