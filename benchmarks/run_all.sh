#!/usr/bin/env bash
# Run every benchmark script in this directory and keep the figures in benchmarks/results-<date>.txt
# (BENCH_SCRIPTS="bench_classify.py bench_distance.py" runs only those), then print issue 14's goals.
# Not part of the test run. Takes several minutes (the 20-million-point memory run dominates);
# run it on an otherwise idle machine: the scripts time wall clocks (ratios are measured within
# one run, so they hold up better than the absolute figures on a busy machine).
set -euo pipefail
cd "$(dirname "$0")/.."
out="benchmarks/results-$(date +%Y-%m-%d).txt"
: > "$out"
all="bench_classify.py bench_distance.py bench_point_cli.py bench_batch_memory.py bench_impact.py \
     bench_zone_cache.py bench_bundled_load.py bench_maps.py bench_calibration.py"
for script in ${BENCH_SCRIPTS:-$all}; do
  [ -f "benchmarks/$script" ] || continue
  echo "### $script" | tee -a "$out"
  python "benchmarks/$script" 2>&1 | tee -a "$out"
  echo | tee -a "$out"
done
echo "### goals of issue 14 (each with its ratio and the baseline measured in the same run)" | tee -a "$out"
goals=$(grep -h "^goal (14\|^baseline" "$out" || true)
echo "$goals" | tee -a "$out"
echo "figures written to $out"
