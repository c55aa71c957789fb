#!/usr/bin/env bash
# Weak scaling on a real Spark standalone cluster on 127.0.0.1 (not part of CI): for W = 1 and 2 workers of
# one core each, trains CartPole-v1 with W partitions of a fixed per-partition load (CleanRL's per-env work:
# 2 envs x 128 steps, 4 epochs, 2 minibatches of 64 per partition) for the same number of iterations, and
# prints env steps/s of the training loop and the weak-scaling efficiency sps(W) / (W x sps(1)).
#   job/scripts/weak-scaling.sh [ITERATIONS] [SYNC] [OUTDIR]     (defaults: 150, gradient, a temp folder)
# Run it with the machine otherwise idle. Needs job/target/spark-jars (mvn package).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
iterations=${1:-150}
sync=${2:-gradient}
out=${3:-$(mktemp -d)}
mkdir -p "$out/spark-home"
ln -sfn "$here/job/target/spark-jars" "$out/spark-home/jars"
export SPARK_HOME="$out/spark-home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
stop_all() { for p in "${pids[@]}"; do pkill -TERM -P "$p" 2>/dev/null; kill "$p" 2>/dev/null; done; wait 2>/dev/null; pids=(); }
trap stop_all EXIT

run_with_workers() {  # W
  local w=$1 port; port=$(free_port)
  "$java_bin" -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
    --port "$port" --webui-port "$(free_port)" > "$out/master-$w.log" 2>&1 &
  pids+=($!)
  for ((i = 1; i <= w; i++)); do
    mkdir -p "$out/worker-$w-$i"
    "$java_bin" -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
      --cores 1 --memory 3g --webui-port "$(free_port)" --work-dir "$out/worker-$w-$i" \
      "spark://127.0.0.1:$port" > "$out/worker-$w-$i.log" 2>&1 &
    pids+=($!)
  done
  for _ in $(seq 1 120); do
    [[ $(grep -c "Registering worker" "$out/master-$w.log" 2>/dev/null) -ge $w ]] && break
    sleep 0.5
  done
  local steps=$((iterations * w * 256))
  (cd "$here" && env -u SPARK_HOME ./submit.sh --master "spark://127.0.0.1:$port" --properties-file conf/spark/cluster.properties \
      --conf spark.driver.host=127.0.0.1 --conf spark.executor.memory=2g --conf spark.cores.max="$w" \
      --output-dir "$out/runs" --run-id "workers-$w" \
      --set env.id=CartPole-v1 --set rollout.numPartitions="$w" --set rollout.envsPerPartition=2 \
      --set rollout.numSteps=128 --set training.numEpochs=4 --set training.minibatchSize=64 \
      --set training.learningRate=2.5e-4 --set training.annealLearningRate=true --set training.clipRange=0.2 \
      --set training.valueClipRange=0.2 --set training.entropyCoef=0.01 --set training.maxGradNorm=0.5 \
      --set training.sync="$sync" --set run.seed=1 --set run.totalTimesteps="$steps" > "$out/run-$w.log" 2>&1)
  local status=$?
  stop_all
  [[ $status -eq 0 ]] || { echo "run with $w workers failed (exit $status): $out/run-$w.log" >&2; exit 1; }
  python3 - "$out/runs/workers-$w/metrics.csv" "$w" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
last, first = rows[-1], rows[0]
steps, loop = float(last["time/total_timesteps"]), float(last["time/time_elapsed"])
warm = (steps - float(first["time/total_timesteps"])) / (loop - float(first["time/time_elapsed"]))
print(f"{sys.argv[2]} {steps:.0f} {loop:.2f} {steps / loop:.0f} {warm:.0f}")
PY
}

echo "| workers (1 core each) | env steps | training loop s | env steps/s | env steps/s after iteration 1 |"
echo "|---|---|---|---|---|"
results=()
for w in 1 2; do
  line=$(run_with_workers "$w") || exit 1
  results+=("$line")
  read -r ww st lp sps warm <<< "$line"
  echo "| $ww | $st | $lp | $sps | $warm |"
done
read -r _ _ _ s1 w1 <<< "${results[0]}"
read -r _ _ _ s2 w2 <<< "${results[1]}"
python3 -c "print('weak-scaling efficiency sps(2) / (2 x sps(1)): %.0f %% (after iteration 1: %.0f %%)' % (100 * $s2 / (2 * $s1), 100 * $w2 / (2 * $w1)))"
echo "(runs and logs in $out)"
