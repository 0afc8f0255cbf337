#!/usr/bin/env bash
# Fuzzes the admin API with schemathesis (from PyPI, in a throw-away venv) against its own OpenAPI document:
# the service runs on loopback with the fixture rules and a token, and no generated request may get a 5xx.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check 'schemathesis>=4,<5'

port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
token="schemathesis-$(openssl rand -hex 16)"
base="http://127.0.0.1:$port"
# Its own embedded store, even when CI exports MONGODB_URI for the test suite; no dispatcher, so fuzzed
# credentials can never make it send anything anywhere.
env -u MONGODB_URI PORT="$port" HOST=127.0.0.1 OPTLINE_PUBLIC_URL="$base" OPTLINE_DATA="$work/data" \
  OPTLINE_RULES=test/fixtures/rules OPTLINE_ADMIN_TOKEN="$token" OPTLINE_SECRET_KEY="$(openssl rand -base64 32)" \
  OPTLINE_DISPATCH=off LOG_LEVEL=warn node dist/src/main.js >"$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/service.log"; exit 1; }
  sleep 0.2
done

set +e
# Run from the temp dir so its caches (.schemathesis/) go away with it.
(cd "$work" && "$work/venv/bin/schemathesis" run "$base/api/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-30}" \
  --seed 1 \
  --max-time "${SCHEMATHESIS_MAX_TIME:-100}" \
  --request-timeout 10 \
  --generation-database none)
status=$?
set -e
if [[ $status -ne 0 ]]; then
  echo "schemathesis failed; the service's log:" >&2
  tail -n 50 "$work/service.log" >&2
fi
exit "$status"
