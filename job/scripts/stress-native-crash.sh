#!/usr/bin/env bash
# Stress test for native crashes (not part of CI): runs N short trainings back to back, the command that
# once died with SIGSEGV in libnd4jcpu.so (issue 15), and counts how each run ended.
#   job/scripts/stress-native-crash.sh [N] [OUTDIR]     (N defaults to 100)
# A run that dies from a signal (exit status > 128) or leaves a JVM crash log (hs_err_pid*.log) counts as a
# native crash; every other non-zero exit as another failure. Prints one line per run and a summary.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=${1:-100}
out=${2:-$(mktemp -d)}
mkdir -p "$out"
ok=0; crashes=0; failures=0
for ((i = 1; i <= runs; i++)); do
  dir="$out/run-$i"
  mkdir -p "$dir"
  (cd "$dir" && "$here/submit.sh" --output-dir "$dir/runs" --run-id stress --set run.totalTimesteps=12288 \
      --set run.checkpointInterval=1 > "$dir/log" 2>&1)
  status=$?
  if [[ $status -gt 128 ]] || compgen -G "$dir/hs_err_pid*.log" > /dev/null; then
    crashes=$((crashes + 1)); verdict="NATIVE CRASH"
  elif [[ $status -ne 0 ]]; then
    failures=$((failures + 1)); verdict="failed"
  else
    ok=$((ok + 1)); verdict="ok"
    rm -rf "$dir/runs"
  fi
  echo "run $i: exit $status, $verdict"
done
echo "runs: $runs, ok: $ok, native crashes: $crashes, other failures: $failures (logs in $out)"
