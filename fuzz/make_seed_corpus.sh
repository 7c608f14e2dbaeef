#!/usr/bin/env bash
# Writes the seed corpora of the fuzz targets into OUT/<target>/ from testdata/: the golden
# vectors, every buffer of testdata/malformed/, and (for the offline target) request headers
# combined with the golden buffers.
# usage: fuzz/make_seed_corpus.sh OUT
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: fuzz/make_seed_corpus.sh OUT}

unhex() { printf '%b' "$(printf '%s' "$1" | sed 's/../\\x&/g')"; }

for target in property_list value_list round_trip json offline cli; do mkdir -p "$out/$target"; done

for f in testdata/golden/*.bin; do
  name=$(basename "$f" .bin)
  for target in property_list value_list round_trip; do cp "$f" "$out/$target/golden_$name"; done
done
for f in testdata/golden/*.json; do cp "$f" "$out/json/$(basename "$f")"; done

for f in testdata/malformed/*.bin; do
  name=$(basename "$f" .bin)
  for target in property_list value_list round_trip; do cp "$f" "$out/$target/malformed_$name"; done
done

# Offline requests: flags, reason, facts, choices, then a buffer.
i=0
for header in 00000000000000000301 01000000000000000301 02000000000000000301 \
              00000000080000000301 00000000020000004301 00000000020000000303 \
              00000000000000001301 00000000000000000401 00000000000000000501; do
  for f in testdata/golden/vm_save.bin testdata/golden/windows_shape.bin; do
    { unhex "$header"; cat "$f"; } >"$out/offline/request_$i"
    i=$((i + 1))
  done
done
unhex 0100000000000000030d >"$out/offline/no_buffer"

# Command lines (fuzz/cli_fuzzer.cc): command, shape, [option bytes], failures, then the input.
for f in testdata/golden/*.bin; do
  name=$(basename "$f" .bin)
  { unhex 000000; cat "$f"; } >"$out/cli/decode_$name"
  { unhex 020100; cat "$f"; } >"$out/cli/validate_value_list_$name"
  { unhex 03000010; cat "$f"; } >"$out/cli/dump_write_fails_$name"
done
for f in testdata/golden/*.json; do
  { unhex 010000; cat "$f"; } >"$out/cli/encode_$(basename "$f" .json)"
done
{ unhex 0400000000; cat testdata/golden/vm_save.bin; } >"$out/cli/find"
{ unhex 05000200; cat testdata/golden/vm_save.bin; } >"$out/cli/offline_check"
{ unhex 050000000704; cat testdata/golden/vm_save.bin; } >"$out/cli/offline_check_read_fails"
{ unhex 0008040000; cat testdata/golden/windows_shape.bin; } >"$out/cli/decode_too_large"
# Control codes (command 08; decode's shape bit 0x80): the code's index in kControlCodes (0f: the
# next four bytes), for decode the direction, then failures and the input.
unhex 08000000 >"$out/cli/control"
unhex 08000f0160001400 >"$out/cli/control_raw_vm_set_next_offline_action"
{ unhex 0080010000; cat testdata/golden/vm_save.bin; } >"$out/cli/decode_control_get_private"
unhex 0080020000010000000300040004000000410000000b00010002000000050000000000000000000000 \
  >"$out/cli/decode_control_property_fmts"
unhex 0080030000410062000000430000000000 >"$out/cli/decode_control_enum_names"
unhex 008005000056004d0031000000 >"$out/cli/decode_control_get_name"
unhex 00800600000100000000000040 >"$out/cli/decode_control_class_info"
unhex 008007010001000000 >"$out/cli/decode_control_input_dword"
# Through the real file reader: a file holding the input, a directory, a missing file.
for source in 00 01 02; do
  { unhex "000008$source"; cat testdata/golden/every_format.bin; } >"$out/cli/decode_real_file_$source"
done
