#!/bin/bash -eu
# Builds the fuzz targets the way OSS-Fuzz / ClusterFuzzLite does: only $CC $CXX $CFLAGS
# $CXXFLAGS $LIB_FUZZING_ENGINE $SRC $OUT $WORK are used. Each fuzzer goes to $OUT with its
# _seed_corpus.zip, dictionary and .options file.
#
# Locally (clang-14, ASan + UBSan):
#   CC=clang-14 CXX=clang++-14 CFLAGS="-fsanitize=address,undefined -fsanitize=fuzzer-no-link" \
#   CXXFLAGS="$CFLAGS" LIB_FUZZING_ENGINE=-fsanitize=fuzzer SRC=$PWD/.. OUT=/tmp/out \
#   WORK=/tmp/work bash .clusterfuzzlite/build.sh

project=$SRC/clusprop
[ -d "$project" ] || project=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$WORK/obj" "$OUT"

absl_libs=$(pkg-config --libs absl_status absl_statusor absl_strings absl_str_format absl_cord \
  absl_time)

compile() {  # compile SOURCE -> $WORK/obj/NAME.o
  local object=$WORK/obj/$(echo "$1" | tr '/' '_').o
  $CXX $CXXFLAGS -std=c++17 -I"$project" -c "$project/$1" -o "$object"
  echo "$object"
}

core=()
for source in clusprop/syntax.cc clusprop/win32_error.cc clusprop/utf16.cc \
              clusprop/control_code.cc clusprop/control_buffer.cc \
              clusprop/internal/validator.cc clusprop/reader.cc clusprop/writer.cc \
              clusprop/lookup.cc clusprop/model.cc clusprop/json.cc clusprop/json_output.cc \
              clusprop/text_output.cc tools/cli.cc tools/file_io.cc \
              offline/flags.cc offline/state.cc offline/instruction.cc offline/policy.cc \
              fuzz/fuzz_helpers.cc; do
  core+=("$(compile "$source")")
done

# The embedded cluster and the C API, for clusapi_fuzzer only (nlohmann-json is header-only).
cluster=()
for source in cluster/cluster.cc cluster/cluster_config.cc cluster/database.cc cluster/clusapi.cc; do
  cluster+=("$(compile "$source")")
done

# The ResUtil layer, for resutil_fuzzer only.
resutil=()
for source in resutil/database_properties.cc resutil/database_values.cc resutil/registry.cc resutil/find_property.cc resutil/get_property.cc resutil/internal.cc \
              resutil/local_alloc.cc resutil/property_table.cc; do
  resutil+=("$(compile "$source")")
done

(cd "$project" && bash fuzz/make_seed_corpus.sh "$WORK/corpus")
for target in clusapi resutil; do  # hand-made inputs and merged runs
  mkdir -p "$WORK/corpus/$target"
  cp "$project"/fuzz/corpus/$target/* "$WORK/corpus/$target/"
done

for target in property_list value_list round_trip json offline cli clusapi resutil; do
  fuzzer=${target}_fuzzer
  object=$(compile "fuzz/$fuzzer.cc")
  extra=()
  [ "$target" = clusapi ] && extra=("${cluster[@]}" -pthread)
  [ "$target" = resutil ] && extra=("${resutil[@]}" "${cluster[@]}" -pthread)  # clusapi.h: SetLastError
  $CXX $CXXFLAGS "$object" ${extra[@]+"${extra[@]}"} "${core[@]}" $LIB_FUZZING_ENGINE $absl_libs \
    -o "$OUT/$fuzzer"
  (cd "$WORK/corpus/$target" && zip -q -r "$OUT/${fuzzer}_seed_corpus.zip" .)
  cp "$project/fuzz/$fuzzer.options" "$OUT/"
done
cp "$project/fuzz/clusprop.dict" "$project/fuzz/json.dict" "$project/fuzz/clusapi.dict" "$OUT/"
cat "$project/fuzz/clusprop.dict" "$project/fuzz/json.dict" >"$OUT/cli.dict"
