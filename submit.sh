#!/usr/bin/env bash
# Runs the PPO job: ./submit.sh [spark options] [job arguments]
#   Spark options (--master, --conf, --properties-file, --deploy-mode, --driver-memory, --executor-memory,
#   --executor-cores, --total-executor-cores, --num-executors, --name, --jars, --packages, --repositories,
#   --exclude-packages, --files, --verbose) pass through to spark-submit; everything else goes to the job
#   (see: ./submit.sh --help).
# Builds job/target/spark-ppo.jar if it is missing or older than a POM or a main source file (after an edit or
# a git pull, so a run never uses a stale jar). Uses $SPARK_HOME/bin/spark-submit when SPARK_HOME is
# set, otherwise Spark's own SparkSubmit launcher on the Maven-resolved Spark jars (no Spark install needed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/job/target/spark-ppo.jar"
spark_jars="$here/job/target/spark-jars"
main_class="org.sparkppo.cli.PpoMain"

# The first POM or main source file newer than the jar, if any.
newer_source() {
  find "$here/pom.xml" "$here/job" "$here/env-partitions" \( -name target -o -name test \) -prune \
    -o -type f \( -name pom.xml -o -path '*/src/main/*' \) -newer "$jar" -print -quit
}

if [[ ! -f "$jar" || ! -d "$spark_jars" ]]; then
  echo "building $jar ..." >&2
  mvn -B -q -Dstyle.color=never -f "$here/pom.xml" -DskipTests package >&2
elif changed="$(newer_source)" && [[ -n "$changed" ]]; then
  echo "rebuilding $jar (${changed#"$here"/} is newer) ..." >&2
  mvn -B -q -Dstyle.color=never -f "$here/pom.xml" -DskipTests package >&2
fi

master="local[*]"
properties="$here/conf/spark/local.properties"
spark_args=()
job_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --master) master="$2"; shift 2 ;;
    --master=*) master="${1#*=}"; shift ;;
    --properties-file) properties="$2"; shift 2 ;;
    --properties-file=*) properties="${1#*=}"; shift ;;
    --conf|--deploy-mode|--driver-memory|--executor-memory|--executor-cores|--total-executor-cores|\
    --num-executors|--name|--jars|--packages|--repositories|--exclude-packages|--files|--driver-java-options|\
    --driver-class-path)
      spark_args+=("$1" "$2"); shift 2 ;;
    --verbose|--supervise) spark_args+=("$1"); shift ;;
    *) job_args+=("$1"); shift ;;
  esac
done

# A bare training run (no subcommand, no --config, no env.id) trains the tuned CartPole config, not the
# generic defaults: it is what a newcomer types first.
if [[ ${#job_args[@]} -eq 0 || "${job_args[0]}" == -* ]] && [[ " ${job_args[*]-} " != *" --config "* \
      && " ${job_args[*]-} " != *"--config="* && " ${job_args[*]-} " != *"env.id="* \
      && " ${job_args[*]-} " != *" --help "* && " ${job_args[*]-} " != *" -h "* ]]; then
  echo "no --config and no env.id given: training $here/conf/ppo/cartpole.conf" >&2
  job_args=(--config "$here/conf/ppo/cartpole.conf" "${job_args[@]}")
fi

export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
if [[ "$master" == local* ]]; then
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
fi

# Reads one key of the properties file (the last occurrence wins, as in Spark).
property() { sed -n "s/^$1=//p" "$properties" | tail -n 1; }
read -r -a driver_opts <<< "$(property 'spark\.driver\.extraJavaOptions')"
driver_opts+=("-Dlog4j.configurationFile=file:$here/conf/log4j2.properties")

if [[ -n "${SPARK_HOME:-}" ]]; then
  exec "$SPARK_HOME/bin/spark-submit" --master "$master" --properties-file "$properties" \
    --driver-java-options "${driver_opts[*]}" --class "$main_class" "${spark_args[@]}" "$jar" "${job_args[@]}"
fi

# Without SPARK_HOME this JVM is the driver, started here with the driver options of the properties file.
# Class-data sharing: the first run on a jar records the classes it loaded into an archive when it exits,
# later runs map that archive instead of loading and verifying those classes again (measured: about 2 s
# less from start to the first iteration). The archive is named after the jar's time and size, so a rebuilt
# jar records a new one. The JVM writes an archive's header last and refuses an archive without one, so a
# run killed while recording leaves nothing that a later run would map. Only a command that trains records
# (one that prints help or the config, or one that does not start Spark, would archive too few classes to
# help the next training run). SPARK_PPO_CDS=false turns it off.
trains=true
case "${job_args[0]-}" in report|evaluate|export|check-env) trains=false ;; esac
for arg in "${job_args[@]-}"; do
  case "$arg" in -h|--help|-V|--version|--print-config) trains=false ;; esac
done
cds_opts=()
if [[ "${SPARK_PPO_CDS:-true}" == true ]]; then
  cds_dir="$here/job/target/cds"
  archive="$cds_dir/spark-ppo-$(stat -c %Y-%s "$jar").jsa"
  cds_opts=(-XX:+IgnoreUnrecognizedVMOptions -Xlog:cds=off -Xlog:cds+dynamic=off)
  if [[ -s "$archive" ]]; then
    cds_opts+=("-XX:SharedArchiveFile=$archive")
  elif [[ "$trains" == true ]] && mkdir -p "$cds_dir" 2>/dev/null && [[ -w "$cds_dir" ]]; then
    find "$cds_dir" -name 'spark-ppo-*.jsa' ! -name "${archive##*/}" -delete
    cds_opts+=("-XX:ArchiveClassesAtExit=$archive")
  fi
fi
driver_memory="$(property 'spark\.driver\.memory')"
exec java "${cds_opts[@]}" "${driver_opts[@]}" "-Xmx${driver_memory:-4g}" -cp "$spark_jars/*" org.apache.spark.deploy.SparkSubmit \
  --master "$master" --properties-file "$properties" --class "$main_class" "${spark_args[@]}" "$jar" "${job_args[@]}"
