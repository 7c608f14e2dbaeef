"""Exposes one of Debian's prebuilt Abseil libraries under its upstream Bazel label.

The headers come from /usr/include (the compiler's default search path); linkopts name the
shared objects in /usr/lib/x86_64-linux-gnu, which carry their own dependencies.
"""

def system_absl(name, libs = [], deps = []):
    native.cc_library(
        name = name,
        linkopts = ["-labsl_" + lib for lib in libs],
        deps = deps,
        visibility = ["//visibility:public"],
    )
