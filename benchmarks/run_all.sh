#!/usr/bin/env bash
# Run every benchmark script in this directory and keep the figures in benchmarks/results-<date>.txt.
# Not part of the test run. Takes several minutes (the 20-million-point memory run dominates);
# run it on an otherwise idle machine: the scripts time wall clocks.
set -euo pipefail
cd "$(dirname "$0")/.."
out="benchmarks/results-$(date +%Y-%m-%d).txt"
: > "$out"
for script in bench_classify.py bench_distance.py bench_point_cli.py bench_batch_memory.py \
              bench_impact.py bench_zone_cache.py bench_bundled_load.py bench_maps.py bench_calibration.py; do
  [ -f "benchmarks/$script" ] || continue
  echo "### $script" | tee -a "$out"
  python "benchmarks/$script" 2>&1 | tee -a "$out"
  echo | tee -a "$out"
done
echo "figures written to $out"
