#!/bin/sh
# The README's main-job command: install, build, then on the bundled sample
# data (samples/):
#   1. which of the seeds' sample triggers match which alert (riposte match);
#   2. the predefined playbooks P001-P003 (samples/playbooks/) matched by
#      their triggers and run in dry-run on every alert (or incident) they
#      match (riposte run --bindings dry-run), with the calls they would make;
#   3. the whole pipeline as a batch job: `riposte process` ingests the sample
#      alerts into a fresh SQLite store, matches every playbook of
#      samples/playbooks/ (P001-P003 and the custom C001-C005), launches and
#      runs the instances (dry-run) and prints a summary; a second run over the
#      same store must replay every alert (nothing stored, launched or called
#      twice) and print the same matches, instances and calls;
#   4. the engine as a service: `riposte serve` on a fresh SQLite store, the
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

echo "== the whole pipeline on a store (riposte process), first run"
"$R" process --alerts samples/alerts.jsonl --playbooks samples/playbooks --db "$TMP/process.db" >"$TMP/process1.json"
cat "$TMP/process1.json"
echo "== riposte process again over the same store: every alert replayed, nothing run twice"
"$R" process --alerts samples/alerts.jsonl --playbooks samples/playbooks --db "$TMP/process.db" >"$TMP/process2.json"
cat "$TMP/process2.json"
"$R" jq -e -n --slurpfile a "$TMP/process1.json" --slurpfile b "$TMP/process2.json" '
  $a[0] as $a | $b[0] as $b
  | $a.alerts.read > 0 and $a.alerts.stored == $a.alerts.read and $a.alerts.replayed == 0
    and $b.alerts.read == $a.alerts.read and $b.alerts.stored == 0 and $b.alerts.replayed == $a.alerts.read
    and ($b | del(.alerts)) == ($a | del(.alerts))' >/dev/null \
  || { echo "main-job: the second riposte process run differs from the first (see the two summaries above)" >&2; exit 1; }
echo "second run: 0 alerts stored, all replayed, the same matches, instances and calls"

echo "== the engine as a service: riposte serve on an embedded SQLite store (scripts/engine_demo.py)"
python3 scripts/engine_demo.py --riposte "$R"
