"""clusprop_fuzzer: a libFuzzer target, and a regression test that replays its corpus."""

load("@rules_cc//cc:defs.bzl", "cc_binary", "cc_library", "cc_test")

def clusprop_fuzzer(name, srcs, deps, corpus):
    """Defines NAME (the fuzzer) and NAME_regression (a test over fuzz/corpus/CORPUS).

    With --config=fuzz, NAME links libFuzzer; otherwise it is the standalone replayer, so that
    the target builds with any compiler.
    """
    cc_library(
        name = name + "_lib",
        srcs = srcs,
        deps = deps + ["//fuzz:fuzz_helpers"],
        alwayslink = 1,
        testonly = 1,
    )
    cc_binary(
        name = name,
        deps = [":" + name + "_lib"] + select({
            "//fuzz:libfuzzer": [],
            "//conditions:default": ["//fuzz:standalone_main"],
        }),
        linkopts = select({
            "//fuzz:libfuzzer": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        testonly = 1,
    )
    cc_test(
        name = name + "_regression",
        size = "small",
        deps = [":" + name + "_lib", "//fuzz:standalone_main"],
        args = ["fuzz/corpus/" + corpus],
        data = native.glob(["corpus/" + corpus + "/**"]),
    )
