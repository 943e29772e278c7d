#!/bin/sh
# The README's main-job command: install, build, then on the bundled sample
# data (samples/):
#   1. which of the seeds' sample triggers match which alert (riposte match);
#   2. the predefined playbooks P001-P003 (samples/playbooks/) matched by
#      their triggers and run in dry-run on every alert (or incident) they
#      match (riposte run --bindings dry-run), with the calls they would make;
#   3. the engine as a service: `riposte serve` on a fresh SQLite store, the
#      samples ingested and searched through the HTTP API (scripts/engine_demo.py).
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh "$@"
R="${BUILD_DIR:-build}/tools/riposte"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "== sample triggers x sample alerts (riposte match)"
"$R" match --triggers samples/triggers.jsonl --alerts samples/alerts.jsonl

for playbook in samples/playbooks/P*.json; do
  case "$playbook" in *.algorithm.json) continue ;; esac
  scope="$("$R" jq -r '.scope' "$playbook")"
  objects=samples/alerts.jsonl
  [ "$scope" = incident ] && objects=samples/incidents.jsonl
  "$R" jq -c '{id, trigger, scope}' "$playbook" > "$TMP/trigger.jsonl"
  echo "== $("$R" jq -r '.name' "$playbook") (scope $scope)"
  "$R" match --triggers "$TMP/trigger.jsonl" --alerts "$objects" \
    | "$R" jq -r 'select(.matched | length > 0) | .alert' > "$TMP/lines"
  while read -r n; do
    sed -n "$((n + 1))p" "$objects" > "$TMP/object.json"
    printf '%s %s: ' "$scope" "$n"
    "$R" run --playbook "$playbook" "--$scope" "$TMP/object.json" --bindings dry-run \
      | "$R" jq -c '{status, calls: [.calls[] | "\(.type)(\(.asset // "-"))" + (.params | if . == {} then "" else " \(tojson)" end)]}' \
      || true
  done < "$TMP/lines"
done

echo "== the engine as a service: riposte serve on an embedded SQLite store (scripts/engine_demo.py)"
python3 scripts/engine_demo.py --riposte "$R"
