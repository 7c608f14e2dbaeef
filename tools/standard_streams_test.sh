#!/usr/bin/env bash
# The real clusprop binary with standard streams that are closed, unreadable or unwritable, and
# inputs that are directories or FIFOs: one error line with the Win32 code that fits, and the
# documented exit status (1 input, 3 output); never "no data" for a failed read.
# usage: tools/standard_streams_test.sh CLUSPROP GOLDEN_DIR
set -uo pipefail
tool=$1
golden=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# expect NAME STATUS STDERR -- COMMAND...: runs COMMAND (stdout to $work/out), checks both.
expect() {
  local name=$1 status=$2 err=$3
  shift 4
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" != "$status" ] || [ "$(cat "$work/err")" != "$err" ]; then
    echo "FAIL $name: exit $got (want $status), stderr: $(cat "$work/err") (want: $err)"
    failures=$((failures + 1))
  elif [ "$status" = 1 ] && [ -s "$work/out" ]; then
    echo "FAIL $name: output on standard output with exit 1"
    failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}

offline_check=("$tool" offline-check --type "Virtual Machine" --flags 0x2)

expect "FORCE_WITH_TERMINATION with the save instruction, from a file" 1 \
  "error: ERROR_INVALID_PARAMETER (87): FORCE_WITH_TERMINATION contradicts an orderly offline action" \
  -- "${offline_check[@]}" "$golden/vm_save.bin"
expect "closed standard input is a read error, not an empty buffer" 1 \
  "error: ERROR_INVALID_HANDLE (6): cannot read standard input: it is closed" \
  -- "${offline_check[@]}" -  <&-
expect "standard input from a directory" 1 \
  "error: ERROR_READ_FAULT (30): cannot read standard input: Is a directory" \
  -- "${offline_check[@]}" - </
expect "a directory as FILE" 1 "error: ERROR_READ_FAULT (30): cannot read /: Is a directory" \
  -- "$tool" decode /
expect "a missing FILE" 1 \
  "error: ERROR_FILE_NOT_FOUND (2): cannot read $work/missing: No such file or directory" \
  -- "$tool" validate "$work/missing"

mkfifo "$work/fifo"
(printf '\001\000' >"$work/fifo" &)
expect "a FIFO whose writer stops early: the bytes it gave are the input" 1 \
  "error: ERROR_INVALID_DATA (13) at offset 0: buffer too short for the property count" \
  -- "$tool" validate "$work/fifo"

expect "standard output on a full disk" 3 \
  "error: ERROR_WRITE_FAULT (29): cannot write standard output: No space left on device" \
  -- bash -c '"$0" decode "$1" >/dev/full' "$tool" "$golden/vm_save.bin"
expect "closed standard output" 3 \
  "error: ERROR_WRITE_FAULT (29): cannot write standard output: it is closed" \
  -- bash -c '"$0" decode "$1" >&-' "$tool" "$golden/vm_save.bin"

# A broken pipe: far more output than a pipe holds, and a reader that leaves after one byte.
python3 -c 'import sys; sys.stdout.buffer.write(b"\x01\x00\x01\x00\x00\x00\x00\x00" * 100000 + b"\0" * 4)' \
  >"$work/values.bin"
expect "a broken pipe" 3 "error: ERROR_WRITE_FAULT (29): cannot write standard output: Broken pipe" \
  -- bash -c '"$0" decode --value-list "$1" | head -c 1 >/dev/null; exit "${PIPESTATUS[0]}"' \
  "$tool" "$work/values.bin"

# Out of memory: under an address-space limit, encode either succeeds or fails with one line and
# exit 1; never an abort. (300,000 properties of JSON take far more memory than their text.)
python3 -c 'import json, sys; json.dump({"properties": [{"name": "p%d" % i, "values": [
  {"syntax": "LIST_VALUE_DWORD", "value": i}]} for i in range(300000)], "trailing_endmark": True},
  sys.stdout)' >"$work/big.json"
oom_seen=0
for limit in 30000 40000 50000 60000 80000 120000 200000 400000; do
  (ulimit -v "$limit" && exec "$tool" encode "$work/big.json") >"$work/out" 2>"$work/err"
  got=$?
  if [ "$got" = 1 ] && [ "$(cat "$work/err")" = "error: ERROR_NOT_ENOUGH_MEMORY (8): out of memory" ] &&
      [ ! -s "$work/out" ]; then
    oom_seen=$((oom_seen + 1))
  elif [ "$got" != 0 ]; then
    echo "FAIL encode under ulimit -v $limit: exit $got, stderr: $(head -c 300 "$work/err")"
    failures=$((failures + 1))
  fi
done
if [ "$oom_seen" = 0 ]; then
  echo "FAIL encode never ran out of memory under the limits tried"
  failures=$((failures + 1))
else
  echo "ok   out of memory in encode: ERROR_NOT_ENOUGH_MEMORY and exit 1 ($oom_seen limits)"
fi

[ "$failures" = 0 ] || { echo "$failures failed"; exit 1; }
