#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each, one per core at a time, for
# SECONDS on a working copy of its seed corpus, with its dictionary. Any finding (crash,
# sanitizer report, FUZZ_CHECK) fails the run; the input that triggered it is left in
# build/fuzz/findings/.
# usage: fuzz/run_fuzzers.sh SECONDS [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: fuzz/run_fuzzers.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(property_list value_list round_trip json offline cli clusapi resutil)

bazel build --config=fuzz $(printf '//fuzz:%s_fuzzer ' "${targets[@]}") 2>&1 |
  grep -vE '^(INFO: |Loading|Analyzing|\[[0-9,]+ / [0-9,]+\])|Cannot export local symbol' || true

mkdir -p build/fuzz/findings

# Runs one target; its one-line result goes to build/fuzz/$target.result.
run_one() {
  local target=$1
  local corpus=build/fuzz/corpus/$target
  mkdir -p "$corpus"
  cp -n fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
  local dict=fuzz/clusprop.dict
  local extra=()
  [ "$target" = json ] && dict=fuzz/json.dict
  if [ "$target" = clusapi ]; then  # programs of C API calls; one op reads cluster descriptions
    dict=fuzz/clusapi.dict
    # The embedded cluster lives across inputs (handler histories, handle table, worker queue),
    # so inputs rarely free what they allocate and libFuzzer's per-input leak check would scan
    # the heap after most of them. Its many features make the entropic scheduler's bookkeeping
    # most of the time spent: the plain scheduler runs about 2.5 times as many inputs.
    extra=(-detect_leaks=0 -entropic=0)
  fi
  if [ "$target" = cli ]; then  # command lines carry both binary lists and JSON
    dict=build/fuzz/cli.dict
    cat fuzz/clusprop.dict fuzz/json.dict >"$dict"
  fi
  local log=build/fuzz/$target.log result=build/fuzz/$target.result
  if bazel-bin/fuzz/"$target"_fuzzer "$corpus" -dict="$dict" -max_total_time="$seconds" \
      -max_len=4096 -print_final_stats=1 -artifact_prefix=build/fuzz/findings/"$target"- \
      ${extra[@]+"${extra[@]}"} >"$log" 2>&1; then
    local runs cov
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    printf '%-14s %10s runs  %s  corpus %s  no findings\n' "$target" "$runs" "$cov" \
      "$(ls "$corpus" | wc -l)" >"$result"
  else
    { echo "$target: FINDING (log: $log)"
      grep -E 'ERROR|FUZZ_CHECK|SUMMARY|Test unit written' "$log" | head -5; } >"$result"
  fi
}

# One target per core, results in the order given.
jobs_at_once=$(nproc)
for target in "${targets[@]}"; do
  rm -f build/fuzz/"$target".result
  run_one "$target" &
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_at_once" ]; do wait -n || true; done
done
wait
status=0
for target in "${targets[@]}"; do
  cat build/fuzz/"$target".result
  grep -q FINDING build/fuzz/"$target".result && status=1
done
exit $status
