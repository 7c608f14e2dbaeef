#!/usr/bin/env bash
# Line coverage of clusprop/, offline/, cluster/ and tools/ with clang's source-based coverage
# (llvm-cov):
#  1. by the unit tests (every ctest test except the fuzz corpus replays);
#  2. by the fuzz seed corpora (the corpus replays alone: fuzz/corpus/clusapi reaches the C API,
#     the embedded cluster and the cluster description parser, cluster/*.cc).
# usage: tools/coverage.sh    (build tree: build/coverage)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build/coverage
flags="-fprofile-instr-generate -fcoverage-mapping"
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang-14 \
  -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
  -DCLUSPROP_INSTALL=OFF >/dev/null
cmake --build "$dir" -j"$(nproc)" -- --no-print-directory >/dev/null

report() {  # report NAME CTEST_ARGS...
  local name=$1
  shift
  rm -rf "$dir/profiles/$name"
  mkdir -p "$dir/profiles/$name"
  (cd "$dir" && LLVM_PROFILE_FILE="$PWD/profiles/$name/%p.profraw" ctest "$@" >/dev/null)
  llvm-profdata-14 merge -sparse "$dir"/profiles/"$name"/*.profraw -o "$dir/$name.profdata"
  local objects=()
  for binary in $(find "$dir" -type f -perm -u+x \( -name '*_test' -o -name '*_regression' \)); do
    objects+=(-object "$binary")
  done
  echo "== line coverage of clusprop/, offline/, cluster/ and tools/ by $name"
  llvm-cov-14 report "${objects[@]:1}" -instr-profile="$dir/$name.profdata" \
    -ignore-filename-regex='(_test\.cc|test_util|status_matchers|/usr/)' \
    "$PWD/clusprop" "$PWD/offline" "$PWD/cluster" "$PWD/tools" | sed 's|'"$PWD"'/||'
}

report "unit tests" -E _regression
report "fuzz corpora" -R _regression
