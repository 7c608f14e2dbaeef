#!/usr/bin/env python3
"""Writes bench/RESULTS.md from one Google Benchmark JSON run (medians of repetitions).

usage: bench/make_results.py RUN.json COMMAND > bench/RESULTS.md
"""
import json
import platform
import sys


def main():
    run = json.load(open(sys.argv[1]))
    command = sys.argv[2]
    medians = {}
    for b in run["benchmarks"]:
        if b.get("aggregate_name") == "median":
            medians[b["run_name"]] = b
    ns = {name: b["real_time"] for name, b in medians.items()}  # time_unit is ns

    ctx = run["context"]
    out = ["# Benchmark results", ""]
    out.append("Measured with:")
    out.append("")
    out.append("```sh")
    out.append(command)
    out.append("```")
    out.append("")
    out.append(f"- date: {ctx['date']}")
    out.append(f"- machine: {ctx['num_cpus']} CPUs at {ctx['mhz_per_cpu']} MHz, "
               f"{platform.system()} {platform.release()}")
    out.append("- the code measured is built with `-c opt`; the Google Benchmark library itself "
               f"(Debian's package) reports build type {ctx.get('library_build_type', '?')}")
    out.append("- figures are medians of the repetitions; ratios are of medians from this one run")
    out.append("- on a shared virtual machine the same binary's medians move from one process to the "
               "next (ValidateIterate/1000 has measured 5.5 to 6.8 µs), so a ratio near its goal "
               "can pass in one run and fail in the next")
    out.append("")
    out.append("## Medians")
    out.append("")
    out.append("| benchmark | time | throughput | items/s |")
    out.append("|---|---:|---:|---:|")
    for name, b in medians.items():
        t = b["real_time"]
        time = f"{t / 1000:.1f} µs" if t >= 1000 else f"{t:.1f} ns"
        bps = b.get("bytes_per_second")
        ips = b.get("items_per_second")
        out.append(f"| `{name}` | {time} | "
                   f"{bps / 2**20:,.0f} MiB/s | " if bps else f"| `{name}` | {time} | | ")
        out[-1] += f"{ips / 1e6:,.2f} M |" if ips else " |"
    out.append("")

    out.append("## Targets (N = 1000 unless named)")
    out.append("")
    out.append("| target | measured | goal | result |")
    out.append("|---|---:|---:|---|")

    def ratio(a, b):
        return ns[a] / ns[b]

    rows = [
        ("ValidateIterate / BareWalk (time)", ratio("BM_CluspropValidateIterate/1000", "BM_BareWalk/1000"), "≤ 1.3", lambda x: x <= 1.3),
        ("FlatBuffersVerifyRead / ValidateIterate", ratio("BM_FlatBuffersVerifyRead/1000", "BM_CluspropValidateIterate/1000"), "≥ 2", lambda x: x >= 2),
        ("MnlParseValidate / ValidateIterate", ratio("BM_MnlParseValidate/1000", "BM_CluspropValidateIterate/1000"), "≥ 10", lambda x: x >= 10),
        ("ProtobufParse / ValidateIterate", ratio("BM_ProtobufParse/1000", "BM_CluspropValidateIterate/1000"), "≥ 5", lambda x: x >= 5),
        ("SimdjsonParse / StrictValidate", ratio("BM_SimdjsonParse/1000", "BM_CluspropStrictValidate/1000"), "≥ 1.5", lambda x: x >= 1.5),
        ("FindByUtf8Conversion / Find", ratio("BM_FindByUtf8Conversion/1000", "BM_CluspropFind/1000"), "≥ 3", lambda x: x >= 3),
        ("WriteLarge throughput / memcpy throughput", ratio("BM_Memcpy", "BM_CluspropWriteLarge"), "≥ 0.8", lambda x: x >= 0.8),
        ("OfflineCheck (million per second)", 1e3 / ns["BM_OfflineCheck"], "≥ 5", lambda x: x >= 5),
    ]
    for label, value, goal, ok in rows:
        out.append(f"| {label} | {value:.2f} | {goal} | {'pass' if ok(value) else 'FAIL'} |")
    out.append("")
    out.append("Allocation: `BM_CluspropFind` allocates nothing — proved by "
               "`clusprop/no_allocation_test.cc`, which counts every operator new.")
    out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
