#!/usr/bin/env bash
# A throw-away FerretDB (MongoDB wire protocol over SQLite) for the Mongo store's contract tests.
#   test/ferretdb/ferretdb.sh start   builds if needed, starts it, prints MONGODB_URI=...
#   test/ferretdb/ferretdb.sh stop    stops it and deletes its data
#   test/ferretdb/ferretdb.sh build   only builds test/ferretdb/bin/ferretdb
# FerretDB is pinned in go.mod as a Go tool dependency (v1.24.2).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$here/bin/ferretdb"
run="$here/run" # pid, uri, log and data dir of the running instance
version="v1.24.2"

build() {
  [[ -x "$bin" ]] && "$bin" --version 2>/dev/null | grep -qx "version: $version" && return 0
  echo "building FerretDB $version (first time: a few minutes)..." >&2
  cd "$here"
  # FerretDB panics at start unless build/version/version.txt is embedded, and the module cache is
  # read-only (and `go build -overlay` refuses files under it), so build from a generated vendor dir.
  go mod vendor
  echo "$version" >vendor/github.com/FerretDB/FerretDB/build/version/version.txt
  GOBIN="$here/bin" go install -mod=vendor tool
  rm -rf vendor # 240 MB, regenerated from the module cache in seconds
}

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  build
  if [[ -f "$run/pid" ]] && kill -0 "$(cat "$run/pid")" 2>/dev/null; then
    echo "MONGODB_URI=$(cat "$run/uri")"
    return 0
  fi
  rm -rf "$run"
  mkdir -p "$run/data"
  local port
  port="$(free_port)"
  "$bin" --handler=sqlite --sqlite-url="file:$run/data/" --listen-addr="127.0.0.1:$port" \
    --state-dir="$run" --debug-addr=- --telemetry=disable --log-level=WARN >"$run/ferretdb.log" 2>&1 &
  echo $! >"$run/pid"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "mongodb://127.0.0.1:$port/" >"$run/uri"
      echo "MONGODB_URI=$(cat "$run/uri")"
      return 0
    fi
    kill -0 "$(cat "$run/pid")" 2>/dev/null || break
    sleep 0.1
  done
  echo "FerretDB did not start; its log:" >&2
  cat "$run/ferretdb.log" >&2
  stop
  return 1
}

stop() {
  if [[ -f "$run/pid" ]]; then
    local pid
    pid="$(cat "$run/pid")"
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
  rm -rf "$run"
}

case "${1:-}" in
  build) build ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop|build" >&2; exit 2 ;;
esac
