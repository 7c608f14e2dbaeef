#!/usr/bin/env python3
"""Peak memory of `clusprop decode`, `dump` and `find` on large inputs.

The tool reads its input whole and writes its output as it produces it, so its peak resident
set must stay within twice the input plus a constant. This generates the inputs, runs each
command with standard output to /dev/null, takes the child's peak RSS from wait4(), prints a
table, and fails when a run exceeds 2 x input + the constant (the tool's own peak on a tiny input
plus 16 MiB).

usage: tools/peak_memory.py CLUSPROP [WORKDIR]
"""
import os
import struct
import subprocess
import sys
import tempfile

MIB = 1 << 20
NAME, ENDMARK = 0x00040003, 0
BINARY, DWORD, MULTI_SZ, PROPERTY_LIST = 0x00010001, 0x00010002, 0x00010005, 0x00010009


def entry(syntax, data):
    pad = (-len(data)) % 4
    return struct.pack("<II", syntax, len(data)) + data + b"\0" * pad


def prop(name, *values):
    return entry(NAME, (name + "\0").encode("utf-16-le")) + b"".join(values) + struct.pack("<I", ENDMARK)


def plist(*properties):
    return struct.pack("<I", len(properties)) + b"".join(properties) + struct.pack("<I", ENDMARK)


def inputs():
    empty_value = entry(BINARY, b"")
    yield "3,000,000 empty values", ["--value-list"], None, empty_value * 3_000_000 + b"\0" * 4
    tiny = prop("a", entry(DWORD, struct.pack("<I", 7)))
    yield "1,000,000 tiny properties", [], "a", struct.pack("<I", 1_000_000) + tiny * 1_000_000 + b"\0" * 4
    strings = ("abcdefghi\0" * (2 * MIB)).encode("utf-16-le") + b"\0\0"  # 40 MiB + 2 bytes
    yield "one 40 MB MULTI_SZ", [], "m", plist(prop("m", entry(MULTI_SZ, strings)))
    nested = plist(prop("leaf", entry(BINARY, b"\x5a" * (8 * MIB))))
    for _ in range(15):
        nested = plist(prop("n", entry(PROPERTY_LIST, nested)))
    yield "16-level nested list (8 MiB inside)", [], "n", nested


# A process's peak RSS counts what it held before exec(), so the tool is started by a fresh,
# small interpreter (not by this one, which holds the inputs) that reports the peak from wait4().
MEASURE = """
import os, sys
pid = os.fork()
if pid == 0:
    fd = os.open(os.devnull, os.O_WRONLY)
    os.dup2(fd, 1)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def peak_kib(command):
    result = subprocess.run([sys.executable, "-c", MEASURE] + command, capture_output=True,
                            text=True, check=True)
    code, peak = result.stdout.split()
    if code != "0":
        sys.exit(f"{' '.join(command)} failed ({code}): {result.stderr}")
    return int(peak)


def main():
    tool = sys.argv[1]
    work = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="clusprop-memory-")
    tiny = os.path.join(work, "tiny.bin")
    with open(tiny, "wb") as f:
        f.write(plist(prop("a", entry(DWORD, b"\1\0\0\0"))))
    base = max(peak_kib([tool, command, tiny]) for command in ("decode", "dump"))
    constant = base * 1024 + 16 * MIB
    print(f"constant: the tool's peak on a tiny input ({base / 1024:.1f} MiB) + 16 MiB")
    print(f"{'input':38} {'size':>9}  {'command':8} {'peak RSS':>9}  {'bound':>9}")
    failed = False
    for label, flags, name, data in inputs():
        path = os.path.join(work, "input.bin")
        with open(path, "wb") as f:
            f.write(data)
        commands = [["decode"], ["dump"]] + ([["find", name]] if name else [])
        for command in commands:
            peak = peak_kib([tool] + command + flags + [path]) * 1024
            bound = 2 * len(data) + constant
            ok = peak <= bound
            failed |= not ok
            print(f"{label:38} {len(data) / MIB:7.1f} MiB  {command[0]:8} {peak / MIB:7.1f} MiB"
                  f"  {bound / MIB:7.1f} MiB{'' if ok else '  EXCEEDED'}")
        os.remove(path)
        del data
    os.remove(tiny)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
