#!/usr/bin/env python3
"""Mutation testing of the library's own sources against its unit tests.

usage: tools/mutate.py [options] [PATH[:LINE]...]      (or: ./dev mutate ...)

Each PATH is a .cc file or a directory (its .cc files, recursively; *_test.cc excluded); the
default is the core: clusprop/*.cc, clusprop/internal/*.cc, offline/*.cc and resutil/*.cc (the
ResUtil layer). PATH:LINE keeps only the mutants that start on that line.

For every mutant, in a fixed order: the mutant is written into the source file; the unit tests
of the file's package are rebuilt incrementally in build/mutate (CMake, Ninja, -O0, no
sanitizers), one test binary at a time, and run until one fails; the source file is then
restored, also on Ctrl-C, SIGTERM, SIGHUP or an error (and, after a SIGKILL, by the next run,
from build/mutate/mutate-journal.json). The unit tests of a package are the GoogleTest binaries
its CMakeLists.txt registers with clusprop_test() (cmake/CluspropHelpers.cmake): not the fuzz
corpus replays, not the tests that run the command-line tool or scripts.

A mutant is
  killed          when a unit test fails, crashes or runs past its time limit ("timeout");
  survived        when every unit test passes;
  equivalent      when it survived and tools/mutate_equivalent.txt lists it, with a reason;
  compile-failed  when it does not build (left out of the score).
score = killed / (mutants - equivalent - compile-failed).

Mutation rules (docs: TESTING.md):
  relational  < <= > >= flipped across the boundary and negated; == and != swapped
  logical     && and || swapped; a negation `!` removed
  constant    an integer literal +1 and -1; a character literal ('Z') likewise
  mask        binary & and | swapped (also &= |=), `~` removed, a hexadecimal literal next to a
              bitwise operator with its lowest set bit cleared or the bit below it added
  condition   the condition of an `if` or `while` replaced by true and by false
  statement   `if (...) return ...;` removed (whole), `return <error>;` removed, a
              RETURN_IF_ERROR(...) removed

Every build and test runs under `nice -n 15` (--nice) with one job (--jobs).
"""

import argparse
import base64
import bisect
import dataclasses
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
BUILD_DIR = os.path.join("build", "mutate")
EQUIVALENT_FILE = os.path.join("tools", "mutate_equivalent.txt")
# The core: the .cc files directly in these directories.
DEFAULT_DIRS = ["clusprop", "clusprop/internal", "offline", "resutil"]
THRESHOLD = 95.0
# What makes a `return` an error return: the returned expression (string literals and comments
# blanked out) is an error: Win32Error(...), Fail(...), Reject(...), x.status(), status,
# std::nullopt, nullptr, false, -1 or kInvalid...
ERROR_RETURN = re.compile(r"^\s*((\w+::)*\w*(Error|Fail\w*|Reject)\s*\(|\S*\.status\(\)\s*$|"
                          r"(std::)?nullopt\s*$|nullptr\s*$|false\s*$|-1\s*$|kInvalid\w*\s*$|"
                          r"\w*[Ss]tatus\s*$)")


class Interrupted(Exception):
    pass


def fail(message, code=2):
    print(f"mutate: {message}", file=sys.stderr)
    sys.exit(code)


# ---------------------------------------------------------------------------------------------
# Source text: comments, literals and preprocessor lines blanked out (same length, same lines).


def mask_source(text, char_literals=None):
    """`text` with comments, literals and preprocessor lines blanked; the spans of plain
    character literals ('A', not escapes) are appended to `char_literals`."""
    out = list(text)
    i, n = 0, len(text)
    at_line_start = True

    def blank(a, b, keep_quotes=False):
        for k in range(a, b):
            if out[k] != "\n" and not (keep_quotes and k in (a, b - 1)):
                out[k] = " "

    while i < n:
        c = text[i]
        if at_line_start and c in " \t":
            i += 1
            continue
        if at_line_start and c == "#":  # preprocessor line, with its continuations
            j = i
            while j < n:
                e = text.find("\n", j)
                if e < 0:
                    e = n
                if e > 0 and text[e - 1] == "\\":
                    j = e + 1
                    continue
                break
            blank(i, e)
            i = e
            continue
        at_line_start = False
        if c == "\n":
            at_line_start = True
            i += 1
        elif text.startswith("//", i):
            e = text.find("\n", i)
            e = n if e < 0 else e
            blank(i, e)
            i = e
        elif text.startswith("/*", i):
            e = text.find("*/", i + 2)
            e = n if e < 0 else e + 2
            blank(i, e)
            i = e
        elif c == "R" and text.startswith('"', i + 1) and (i == 0 or not (text[i - 1].isalnum() or
                                                                           text[i - 1] == "_")):
            m = re.match(r'R"([^()\\\s]{0,16})\(', text[i:])
            if not m:
                i += 1
                continue
            close = ")" + m.group(1) + '"'
            e = text.find(close, i + m.end())
            e = n if e < 0 else e + len(close)
            blank(i + 1, e, keep_quotes=True)
            i = e
        elif c in "\"'":
            # A digit separator (1'000) is not a character literal.
            if c == "'" and i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum():
                token = re.search(r"[\w']*$", text[max(0, i - 40):i]).group()
                if token[:1].isdigit():
                    i += 1
                    continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            e = min(j + 1, n)
            if c == "'" and char_literals is not None and e - i == 3 and text[e - 1] == "'":
                char_literals.append((i, e))
            blank(i, e, keep_quotes=True)
            i = e
        else:
            i += 1
    return "".join(out)


def matching(masked, open_pos):
    """Index of the bracket closing the one at open_pos, or -1."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack = []
    for k in range(open_pos, len(masked)):
        ch = masked[k]
        if ch in pairs:
            stack.append(pairs[ch])
        elif ch in ")]}":
            if not stack or stack.pop() != ch:
                return -1
            if not stack:
                return k
    return -1


def statement_end(masked, pos):
    """Index of the `;` ending the statement that starts at pos (brackets skipped), or -1."""
    k = pos
    while k < len(masked):
        ch = masked[k]
        if ch in "([{":
            k = matching(masked, k)
            if k < 0:
                return -1
        elif ch in ")]}":
            return -1
        elif ch == ";":
            return k
        k += 1
    return -1


# ---------------------------------------------------------------------------------------------
# Mutants.


@dataclasses.dataclass
class Mutant:
    path: str
    start: int
    end: int
    replacement: str
    kind: str
    change: str
    line: int = 0
    end_line: int = 0
    mid: str = ""
    status: str = ""  # killed | timeout | survived | equivalent | compile-failed
    detail: str = ""


def hex_like(original, value):
    m = re.match(r"(0[xX])([0-9a-fA-F']+)$", original)
    digits = m.group(2).replace("'", "")
    width = len(digits)
    text = format(value, "x" if any(ch.islower() for ch in digits) else "X").zfill(width)
    return m.group(1) + text


def generate_mutants(path, text):
    char_literals = []
    masked = mask_source(text, char_literals)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    mutants = []

    def add(start, end, replacement, kind, change):
        mutants.append(Mutant(path, start, end, replacement, kind, change))

    def ws(k):
        return 0 <= k < len(masked) and masked[k] in " \t\n"

    def after_operator_keyword(k):
        return re.search(r"\boperator\s*$", masked[max(0, k - 12):k]) is not None

    # Operators (relational, logical, mask).
    op_re = re.compile(r"<<=|>>=|<=>|<<|>>|->|<=|>=|==|!=|&&|\|\||&=|\|=|\^=|[<>&|^~!]")
    flips = {"<": ["<=", ">="], "<=": ["<", ">"], ">": [">=", "<="], ">=": [">", "<"]}
    for m in op_re.finditer(masked):
        op, a, b = m.group(), m.start(), m.end()
        if after_operator_keyword(a):
            continue
        spaced = ws(a - 1) and ws(b)
        if op in ("==", "!="):
            add(a, b, "!=" if op == "==" else "==", "relational", f"`{op}` -> "
                f"`{'!=' if op == '==' else '=='}`")
        elif op in flips and spaced:
            for r in flips[op]:
                add(a, b, r, "relational", f"`{op}` -> `{r}`")
        elif op in ("&&", "||") and spaced:
            r = "||" if op == "&&" else "&&"
            add(a, b, r, "logical", f"`{op}` -> `{r}`")
        elif op == "!" and (a == 0 or masked[a - 1] in " \t\n(!&|,"):
            add(a, b, "", "logical", "`!` removed")
        elif op in ("&", "|") and spaced:
            r = "|" if op == "&" else "&"
            add(a, b, r, "mask", f"`{op}` -> `{r}`")
        elif op in ("&=", "|=") and spaced:
            r = "|=" if op == "&=" else "&="
            add(a, b, r, "mask", f"`{op}` -> `{r}`")
        elif op == "~" and not re.match(r"\s*[A-Z_a-z]\w*\s*\(\s*\)\s*(override\s*)?[{;=]",
                                        masked[b:b + 80]) and (a == 0 or masked[a - 1] in
                                                               " \t\n(!&|,"):
            add(a, b, "", "mask", "`~` removed")

    # Integer literals, and hexadecimal masks.
    num_re = re.compile(r"(?<![\w.'])(0[xX][0-9a-fA-F']+|0[bB][01']+|\d[\d']*)([uUlLzZ]*)"
                        r"(?![\w.'])")
    for m in num_re.finditer(masked):
        lit, a, b = m.group(1), m.start(1), m.end(1)
        if lit[:2] in ("0b", "0B"):
            value = int(lit[2:].replace("'", ""), 2)
            fmt = lambda v: "0b" + format(v, "b")
        elif lit[:2] in ("0x", "0X"):
            value = int(lit[2:].replace("'", ""), 16)
            fmt = lambda v, lit=lit: hex_like(lit, v)
        elif len(lit) > 1 and lit[0] == "0":
            value = int(lit.replace("'", ""), 8)
            fmt = lambda v: "0" + format(v, "o") if v else "0"
        else:
            value = int(lit.replace("'", ""))
            fmt = str
        done = set()
        for v in (value + 1, value - 1):
            r = fmt(v) if v >= 0 else str(v)
            if r not in done:
                done.add(r)
                add(a, b, r, "constant", f"`{lit}` -> `{r}`")
        if lit[:2] in ("0x", "0X") and value:
            before = masked[max(0, a - 6):a]
            after = masked[m.end():m.end() + 6]
            if (re.search(r"(?:^|[^&|])[&|^~]=?\s*\(?$", before) or
                    re.match(r"\)?\s*[&|^](?![&|])", after)):
                low = value & -value
                for v, why in ((value & ~low, "lowest set bit cleared"),
                               (value | (low >> 1), "bit below the lowest set bit added")):
                    r = hex_like(lit, v)
                    if v != value and v != 0 and r not in done:
                        done.add(r)
                        add(a, b, r, "mask", f"`{lit}` -> `{r}` ({why})")

    # Character literals are integer constants too ('Z' -> 'Y' and '[').
    for a, b in char_literals:
        lit = text[a:b]
        for v in (ord(lit[1]) + 1, ord(lit[1]) - 1):
            if 0x20 <= v < 0x7F:
                r = "'\\''" if chr(v) == "'" else "'\\\\'" if chr(v) == "\\" else f"'{chr(v)}'"
                add(a, b, r, "constant", f"`{lit}` -> `{r}`")

    # if/while conditions, and `if (...) return ...;` statements.
    if_return_spans = set()
    decl_re = re.compile(r"^\s*(const\s+)?[A-Za-z_][\w:<>,]*(\s*[&*]+\s*|\s+)[A-Za-z_]\w*\s*=[^=]")
    for m in re.finditer(r"\b(if|while)\s*(constexpr\s*)?\(", masked):
        if m.group(2):
            continue
        keyword = m.group(1)
        open_pos = m.end() - 1
        close = matching(masked, open_pos)
        if close < 0:
            continue
        inner_start = open_pos + 1
        # An init-statement (`if (auto x = f(); x > 0)`): only the condition after it.
        depth, last_semi = 0, -1
        for k in range(inner_start, close):
            ch = masked[k]
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth -= 1
            elif ch == ";" and depth == 0:
                last_semi = k
        if last_semi >= 0:
            inner_start = last_semi + 1
        cond = masked[inner_start:close]
        cond_stripped = cond.strip()
        lead = len(cond) - len(cond.lstrip())
        cstart, cend = inner_start + lead, inner_start + lead + len(cond_stripped)
        is_decl = bool(decl_re.match(cond))
        # The body: `return ...;` alone, braced or not?
        k = close + 1
        while ws(k):
            k += 1
        body_return = None
        if (keyword == "if" and masked.startswith("return", k) and
                not re.match(r"\w", masked[k + 6:k + 7])):
            semi = statement_end(masked, k)
            if semi > 0:
                body_return = (k, semi + 1, semi + 1)
        elif keyword == "if" and k < len(masked) and masked[k] == "{":
            rbrace = matching(masked, k)
            if rbrace > 0:
                j = k + 1
                while ws(j):
                    j += 1
                if masked.startswith("return", j) and not re.match(r"\w", masked[j + 6:j + 7]):
                    semi = statement_end(masked, j)
                    if semi > 0 and masked[semi + 1:rbrace].strip() == "":
                        body_return = (j, semi + 1, rbrace + 1)
        followed_by_else = False
        preceded_by_else = re.search(r"\belse\s*$", masked[max(0, m.start() - 10):m.start()])
        if body_return:
            e = body_return[2]
            while ws(e):
                e += 1
            followed_by_else = masked.startswith("else", e)
        removable = body_return and not followed_by_else and not preceded_by_else
        if not is_decl and cond_stripped not in ("true", "false"):
            add(cstart, cend, "true", "condition", f"`{keyword} (...)` -> `{keyword} (true)`")
            if not removable:
                add(cstart, cend, "false", "condition", f"`{keyword} (...)` -> `{keyword} (false)`")
        if removable:
            stmt_end = body_return[2]
            if_return_spans.add((body_return[0], body_return[1]))
            removed = text[m.start():stmt_end]
            add(m.start(), stmt_end, "\n" * removed.count("\n"), "statement",
                "removed `if (...) return ...;`")
        elif body_return:
            if_return_spans.add((body_return[0], body_return[1]))  # covered by the conditions

    # `return <error>;` and RETURN_IF_ERROR(...); not the last statement of a function, whose
    # removal would not compile (-Werror=return-type).
    openers = {}
    for k, ch in enumerate(masked):
        if ch in "({":
            close_k = matching(masked, k)
            if close_k > 0:
                openers[close_k] = k

    def ends_function(semi):
        k = semi + 1
        while ws(k):
            k += 1
        if k >= len(masked) or masked[k] != "}" or k not in openers:
            return False
        before = masked[:openers[k]].rstrip()
        if re.search(r"\b(const|override|noexcept|mutable|final)$", before):
            return True
        if not before.endswith(")") or len(before) - 1 not in openers:
            return False
        head = masked[:openers[len(before) - 1]].rstrip()
        return not re.search(r"\b(if|while|for|switch|catch)$", head)

    for m in re.finditer(r"\breturn\b", masked):
        semi = statement_end(masked, m.end())
        if semi < 0 or (m.start(), semi + 1) in if_return_spans or ends_function(semi):
            continue
        expression = masked[m.end():semi]
        if ERROR_RETURN.search(expression) and not expression.strip().startswith("["):
            add(m.start(), semi + 1, "", "statement", "removed `return <error>;`")
    for m in re.finditer(r"\bRETURN_IF_ERROR\s*\(", masked):
        semi = statement_end(masked, m.start())
        if semi > 0:
            removed = text[m.start():semi + 1]
            add(m.start(), semi + 1, "\n" * removed.count("\n"), "statement",
                "removed `RETURN_IF_ERROR(...);`")

    # Lines, stable ids, order.
    kinds = ["relational", "logical", "constant", "mask", "condition", "statement"]
    mutants.sort(key=lambda mu: (mu.start, kinds.index(mu.kind), mu.end, mu.replacement))
    unique, seen_spans = [], set()
    for mu in mutants:
        span = (mu.start, mu.end, mu.replacement)
        if span in seen_spans:
            continue
        seen_spans.add(span)
        unique.append(mu)
    seen_ids = {}
    for mu in unique:
        mu.line = bisect.bisect_right(line_starts, mu.start)
        mu.end_line = bisect.bisect_right(line_starts, max(mu.start, mu.end - 1))
        lines = text.split("\n")[mu.line - 1:mu.end_line]
        line_text = " \\n ".join(l.strip() for l in lines)
        first = lines[0]
        column = mu.start - line_starts[mu.line - 1] - (len(first) - len(first.lstrip()))
        key = "\0".join([path, mu.kind, line_text, str(column), text[mu.start:mu.end],
                         mu.replacement.strip("\n")])
        base = hashlib.sha1(key.encode()).hexdigest()[:10]
        seen_ids[base] = seen_ids.get(base, 0) + 1
        mu.mid = base if seen_ids[base] == 1 else f"{base}-{seen_ids[base]}"
    return unique


def mutated_text(text, mu):
    return text[:mu.start] + mu.replacement + text[mu.end:]


def show_change(text, mu, indent="      "):
    """The lines the mutant changes, before (-) and after (+)."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    a = line_starts[mu.line - 1]
    b = text.find("\n", mu.end)
    b = len(text) if b < 0 else b
    before = text[a:b].split("\n")
    after = (text[a:mu.start] + mu.replacement + text[mu.end:b]).split("\n")
    out = []
    if mu.kind == "statement":
        for l in before[:3]:
            out.append(f"{indent}- {l}")
        if len(before) > 3:
            out.append(f"{indent}  ...")
        return "\n".join(out)
    for l in before:
        out.append(f"{indent}- {l}")
    for l in after:
        out.append(f"{indent}+ {l}")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Equivalent mutants: tools/mutate_equivalent.txt.


@dataclasses.dataclass
class EquivalentEntry:
    path: str
    mid: str
    header: str
    reason: str
    line_no: int
    used: bool = False


def read_equivalents(filename):
    entries = {}
    if not os.path.exists(filename):
        return entries
    current = None
    with open(filename, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line[0] in " \t":
                if current is None:
                    fail(f"{filename}:{n}: a reason without an entry")
                current.reason = (current.reason + " " + line.strip()).strip()
                continue
            m = re.match(r"(\S+)\s+([0-9a-f]{10}(?:-\d+)?)\b\s*(.*)$", line)
            if not m:
                fail(f"{filename}:{n}: expected `FILE ID CHANGE`, then the reason on indented "
                     "lines")
            current = EquivalentEntry(m.group(1), m.group(2), m.group(3), "", n)
            key = (current.path, current.mid)
            if key in entries:
                fail(f"{filename}:{n}: {current.path} {current.mid} is listed twice")
            entries[key] = current
    for e in entries.values():
        if not e.reason:
            fail(f"{filename}:{e.line_no}: {e.path} {e.mid} has no reason")
    return entries


# ---------------------------------------------------------------------------------------------
# Running children: niced, in their own process group, killed on timeout or interruption.

CURRENT_CHILD = None


def run_child(cmd, cwd, timeout=None, nice=15, env=None):
    """(returncode, output, timed_out)."""
    global CURRENT_CHILD
    full = (["nice", "-n", str(nice)] if nice else []) + cmd
    proc = subprocess.Popen(full, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True, env=env)
    CURRENT_CHILD = proc
    try:
        out, _ = proc.communicate(timeout=timeout)
        return proc.returncode, out.decode(errors="replace"), False
    except subprocess.TimeoutExpired:
        kill_child(proc)
        out, _ = proc.communicate()
        return -1, out.decode(errors="replace"), True
    finally:
        if proc.poll() is None:
            kill_child(proc)
        CURRENT_CHILD = None


def kill_child(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


# ---------------------------------------------------------------------------------------------
# The CMake build in build/mutate.


class Build:
    def __init__(self, args):
        self.args = args
        self.dir = os.path.join(ROOT, BUILD_DIR)
        self.tests = None  # package dir -> [(name, command, cwd)]
        self.sources = None

    def configure(self):
        flags = "-O0 -Werror=return-type"
        options = ["-DCMAKE_BUILD_TYPE=", f"-DCMAKE_CXX_FLAGS={flags}", "-DCLUSPROP_INSTALL=OFF",
                   "-DCLUSPROP_BUILD_TESTS=ON", "-DCLUSPROP_BUILD_BENCHMARKS=OFF",
                   "-DCLUSPROP_BUILD_FUZZERS=OFF", "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"]
        if shutil.which("ld.lld"):
            options.append("-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld")
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        stamp = os.path.join(self.dir, "mutate-config.txt")
        wanted = " ".join(generator + options)
        cache = os.path.join(self.dir, "CMakeCache.txt")
        if os.path.exists(cache) and os.path.exists(stamp) and open(stamp).read() == wanted:
            # The same configuration: regenerate, so that tests added to a CMakeLists.txt since
            # the last run are known before the list of unit tests is read.
            rc, out, _ = run_child(["cmake", self.dir], ROOT, nice=self.args.nice)
            if rc != 0:
                print(out)
                fail("cmake configuration failed", 1)
            return
        if os.path.exists(cache):  # another configuration: start afresh
            shutil.rmtree(self.dir)
        print(f"mutate: configuring {BUILD_DIR} ({flags}, no sanitizers)", flush=True)
        rc, out, _ = run_child(["cmake", "-S", ROOT, "-B", self.dir] + generator + options, ROOT,
                               nice=self.args.nice)
        if rc != 0:
            print(out)
            fail("cmake configuration failed", 1)
        with open(stamp, "w") as f:
            f.write(wanted)

    def compiled_sources(self):
        if self.sources is None:
            with open(os.path.join(self.dir, "compile_commands.json")) as f:
                self.sources = {os.path.realpath(e["file"]) for e in json.load(f)}
        return self.sources

    def unit_tests(self, package):
        """The tests clusprop_test() registers in PACKAGE/CMakeLists.txt: (name, command, cwd)."""
        if self.tests is None:
            rc, out, _ = run_child(["ctest", "--show-only=json-v1"], self.dir, nice=0)
            if rc != 0:
                fail("ctest --show-only=json-v1 failed:\n" + out, 1)
            data = json.loads(out)
            graph = data["backtraceGraph"]
            self.tests = {}
            for test in data["tests"]:
                node = test.get("backtrace")
                registered_in = None
                while node is not None:
                    entry = graph["nodes"][node]
                    command = entry.get("command")
                    if command is not None and graph["commands"][command] == "clusprop_test":
                        registered_in = os.path.dirname(
                            os.path.realpath(graph["files"][entry["file"]]))
                        break
                    node = entry.get("parent")
                if registered_in is None:
                    continue
                cwd = ROOT
                for prop in test.get("properties", []):
                    if prop["name"] == "WORKING_DIRECTORY":
                        cwd = prop["value"]
                self.tests.setdefault(registered_in, []).append(
                    (test["name"], test.get("command"), cwd))
        return self.tests.get(os.path.realpath(os.path.join(ROOT, package)), [])

    def build(self, targets, timeout=None):
        cmd = ["cmake", "--build", self.dir, "--parallel", str(self.args.jobs), "--target"]
        cmd += targets
        return run_child(cmd, ROOT, timeout=timeout, nice=self.args.nice)


def package_of(path):
    d = os.path.dirname(path)
    while d and not os.path.exists(os.path.join(ROOT, d, "CMakeLists.txt")):
        d = os.path.dirname(d)
    return d or "."


# ---------------------------------------------------------------------------------------------
# Restoring sources: in a finally block with signals held off, and a journal in build/mutate for
# a run that was killed outright (SIGKILL, power loss).


JOURNAL = os.path.join(ROOT, BUILD_DIR, "mutate-journal.json")
HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def write_file(path, data):
    with open(path, "wb") as f:
        f.write(data)


def recover_journal():
    if not os.path.exists(JOURNAL):
        return
    with open(JOURNAL) as f:
        j = json.load(f)
    path = os.path.join(ROOT, j["path"])
    original = base64.b64decode(j["original"])
    mutant = base64.b64decode(j["mutant"])
    current = open(path, "rb").read() if os.path.exists(path) else None
    if current == mutant:
        write_file(path, original)
        print(f"mutate: restored {j['path']}, left mutated by an interrupted run", flush=True)
    elif current != original:
        print(f"mutate: warning: {j['path']} changed since an interrupted run; left as it is",
              file=sys.stderr)
    os.remove(JOURNAL)


class Mutation:
    """Writes one mutant into its file; restores the original when leaving, whatever happens."""

    def __init__(self, path, original, mutant):
        self.path, self.original, self.mutant = path, original, mutant

    def __enter__(self):
        signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
        try:
            os.makedirs(os.path.dirname(JOURNAL), exist_ok=True)
            with open(JOURNAL + ".tmp", "w") as f:
                json.dump({"path": self.path,
                           "original": base64.b64encode(self.original).decode(),
                           "mutant": base64.b64encode(self.mutant).decode()}, f)
            os.replace(JOURNAL + ".tmp", JOURNAL)
            write_file(os.path.join(ROOT, self.path), self.mutant)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)
        return self

    def __exit__(self, *exc):
        signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
        try:
            write_file(os.path.join(ROOT, self.path), self.original)
            os.remove(JOURNAL)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)
        return False


def on_signal(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


# ---------------------------------------------------------------------------------------------
# Main.


def expand_paths(specs):
    files, lines = [], {}

    def add(f, line=None):
        if f not in files:
            files.append(f)
        if line is not None:
            lines.setdefault(f, set()).add(line)

    if not specs:
        for d in DEFAULT_DIRS:
            for name in sorted(os.listdir(os.path.join(ROOT, d))):
                if name.endswith(".cc") and not name.endswith("_test.cc"):
                    add(os.path.join(d, name))
        return files, lines
    for spec in specs:
        m = re.match(r"(.*):(\d+)$", spec)
        path, line = (m.group(1), int(m.group(2))) if m else (spec, None)
        full = os.path.realpath(path)
        if not full.startswith(ROOT + os.sep):
            fail(f"{spec}: not inside {ROOT}")
        rel = os.path.relpath(full, ROOT)
        if os.path.isdir(full):
            for d, _, names in sorted(os.walk(full)):
                for name in sorted(names):
                    if name.endswith(".cc") and not name.endswith("_test.cc"):
                        add(os.path.relpath(os.path.join(d, name), ROOT))
        elif os.path.isfile(full):
            add(rel, line)
        else:
            fail(f"{spec}: no such file or directory")
    return files, lines


def git_status(files):
    if not os.path.exists(os.path.join(ROOT, ".git")):
        return None
    try:
        return subprocess.run(["git", "status", "--porcelain", "--"] + files, cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def main():
    parser = argparse.ArgumentParser(
        prog="./dev mutate", description=__doc__.split("\n\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Details: TESTING.md. Equivalent mutants: " + EQUIVALENT_FILE)
    parser.add_argument("paths", nargs="*", metavar="PATH[:LINE]",
                        help="a .cc file or a directory; default: the core")
    parser.add_argument("--check", action="store_true",
                        help=f"exit 1 when a file scores below --threshold, or when an entry of "
                             f"{EQUIVALENT_FILE} is stale or names a killed mutant")
    parser.add_argument("--threshold", type=float, default=THRESHOLD, help="percent (default 95)")
    parser.add_argument("--list", action="store_true", help="list the mutants; build nothing")
    parser.add_argument("--mutant", action="append", default=[], metavar="ID",
                        help="run only this mutant (repeatable)")
    parser.add_argument("--timeout", type=float, default=0,
                        help="seconds a test binary may run (default: 10 x its unmutated time, "
                             "at least 10)")
    parser.add_argument("--jobs", type=int, default=1, help="build jobs (default 1)")
    parser.add_argument("--nice", type=int, default=15, help="niceness of builds and tests")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every mutant's result")
    args = parser.parse_args()

    os.chdir(ROOT)
    # One run at a time in a tree: another run's mutant sits in a source file, and its journal
    # would be taken for that of a killed run. The lock goes with the process, however it ends.
    os.makedirs(BUILD_DIR, exist_ok=True)
    lock = open(os.path.join(BUILD_DIR, "mutate.lock"), "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fail("another ./dev mutate is running in this tree; wait for it to end")
    recover_journal()  # before anything reads a source
    files, line_filter = expand_paths(args.paths)
    equivalents = read_equivalents(os.path.join(ROOT, EQUIVALENT_FILE))

    originals = {f: open(os.path.join(ROOT, f), "rb").read() for f in files}
    plan = []
    for f in files:
        text = originals[f].decode("utf-8")
        mutants = generate_mutants(f, text)
        if f in line_filter:
            mutants = [mu for mu in mutants if mu.line in line_filter[f]]
        if args.mutant:
            mutants = [mu for mu in mutants if mu.mid in args.mutant]
        plan.append((f, text, mutants))

    if args.list:
        for f, text, mutants in plan:
            for mu in mutants:
                print(f"{f}:{mu.line}: {mu.mid} {mu.kind} {mu.change}")
                print(show_change(text, mu))
        return 0

    for sig in HELD_SIGNALS:
        signal.signal(sig, on_signal)
    status_before = git_status(files)
    started = time.monotonic()
    build = Build(args)
    results = []  # (file, mutants, seconds, note)
    interrupted = None
    try:
        build.configure()
        sources = build.compiled_sources()
        baselines = {}
        for f, text, mutants in plan:
            if os.path.realpath(os.path.join(ROOT, f)) not in sources:
                results.append((f, [], 0.0, "skipped: not compiled by the CMake build"))
                continue
            package = package_of(f)
            tests = build.unit_tests(package)
            if not tests:
                results.append((f, [], 0.0, f"skipped: {package}/ registers no unit tests"))
                continue
            targets = [name for name, _, _ in tests]
            if package not in baselines:
                print(f"mutate: building and running the unit tests of {package}/: "
                      f"{' '.join(targets)}", flush=True)
                rc, out, _ = build.build(targets)
                if rc != 0:
                    print(out)
                    fail(f"the unit tests of {package}/ do not build on the unmodified tree", 1)
                build.tests = None  # commands are known once the binaries exist
                tests = build.unit_tests(package)
                times = {}
                for name, command, cwd in tests:
                    t0 = time.monotonic()
                    rc, out, _ = run_child(command, cwd, nice=args.nice)
                    times[name] = time.monotonic() - t0
                    if rc != 0:
                        print(out[-4000:])
                        fail(f"{name} fails on the unmodified tree", 1)
                baselines[package] = times
            times = baselines[package]
            tests = build.unit_tests(package)
            stem = os.path.splitext(os.path.basename(f))[0]
            order = sorted(tests, key=lambda t: (not t[0].startswith(stem), t[0]))
            print(f"mutate: {f}: {len(mutants)} mutants, unit tests: "
                  f"{' '.join(t[0] for t in order)}", flush=True)
            t_file = time.monotonic()
            env = dict(os.environ, GTEST_FAIL_FAST="1", GTEST_BRIEF="1")
            original = originals[f]
            for i, mu in enumerate(mutants, 1):
                mutant = mutated_text(text, mu).encode("utf-8")
                with Mutation(f, original, mutant):
                    # One test binary at a time, built just before it runs: most mutants die in
                    # the first, and the others need not be linked for them.
                    mu.status = "survived"
                    for test in order:
                        name, command, cwd = test
                        rc, out, _ = build.build([name], timeout=600)
                        if rc != 0:
                            mu.status, mu.detail = "compile-failed", name
                            break
                        limit = args.timeout or max(10.0, 10 * times[name])
                        rc, out, timed_out = run_child(command, cwd, timeout=limit,
                                                       nice=args.nice, env=env)
                        if timed_out or rc != 0:
                            mu.status = "timeout" if timed_out else "killed"
                            mu.detail = f"{name} ran past {limit:.3g} s" if timed_out else name
                            order.remove(test)
                            order.insert(0, test)  # the last test that killed runs first
                            break
                entry = equivalents.get((f, mu.mid))
                if entry:
                    entry.used = True
                    if mu.status == "survived":
                        mu.status, mu.detail = "equivalent", entry.reason
                if args.verbose:
                    print(f"  [{i}/{len(mutants)}] {f}:{mu.line} {mu.mid} {mu.kind} {mu.change}: "
                          f"{mu.status}{' (' + mu.detail + ')' if mu.detail else ''}", flush=True)
                elif sys.stdout.isatty():
                    print(f"\r  {i}/{len(mutants)}", end="", flush=True)
            if sys.stdout.isatty() and not args.verbose:
                print("\r", end="")
            results.append((f, mutants, time.monotonic() - t_file, ""))
    except Interrupted as e:
        interrupted = str(e)
    finally:
        if CURRENT_CHILD is not None:
            kill_child(CURRENT_CHILD)
        for f, data in originals.items():
            if open(os.path.join(ROOT, f), "rb").read() != data:
                write_file(os.path.join(ROOT, f), data)
                print(f"mutate: restored {f}", file=sys.stderr)
        status_after = git_status(files)
        if status_before is not None and status_after != status_before:
            print("mutate: error: `git status` of the mutated files differs from before the run:\n"
                  + status_after, file=sys.stderr)
            sys.exit(1)

    if interrupted:
        print(f"\nmutate: interrupted ({interrupted}); every source file is restored",
              file=sys.stderr)
        return 130
    return report(args, plan, results, equivalents, time.monotonic() - started,
                  status_before is not None)


def report(args, plan, results, equivalents, seconds, checked_git):
    texts = {f: text for f, text, _ in plan}
    rows, below, problems = [], [], []
    for f, mutants, secs, note in results:
        count = {s: sum(1 for mu in mutants if mu.status == s)
                 for s in ("killed", "timeout", "survived", "equivalent", "compile-failed")}
        killed = count["killed"] + count["timeout"]
        scored = killed + count["survived"]
        score = 100.0 * killed / scored if scored else 100.0
        rows.append((f, len(mutants), killed, count["timeout"], count["survived"],
                     count["equivalent"], count["compile-failed"], score, secs, note))
        if not note and score < args.threshold:
            below.append(f)
    ran_ids = {(f, mu.mid) for f, mutants, _, _ in results for mu in mutants}
    ran_files = {f for f, mutants, _, note in results if not note}
    full_files = {f for f, _, _ in plan}
    if args.mutant or any(":" in p and re.search(r":\d+$", p) for p in args.paths):
        full_files = set()  # a partial run cannot tell a stale entry
    for e in equivalents.values():
        if e.path in ran_files and e.path in full_files and (e.path, e.mid) not in ran_ids:
            problems.append(f"{EQUIVALENT_FILE}:{e.line_no}: {e.path} {e.mid}: no such mutant "
                            f"(stale entry: the code changed)")
    for f, mutants, _, _ in results:
        for mu in mutants:
            e = equivalents.get((f, mu.mid))
            if e and mu.status in ("killed", "timeout"):
                problems.append(f"{EQUIVALENT_FILE}:{e.line_no}: {f} {mu.mid} is listed as "
                                f"equivalent but a test kills it ({mu.detail})")

    for f, mutants, _, _ in results:
        survivors = [mu for mu in mutants if mu.status == "survived"]
        timeouts = [mu for mu in mutants if mu.status == "timeout"]
        if survivors:
            print(f"\nsurvivors in {f}:")
            for mu in survivors:
                print(f"  {f}:{mu.line}: {mu.kind} {mu.change}   [{f} {mu.mid}]")
                print(show_change(texts[f], mu))
        if timeouts:
            print(f"\nkilled by a timeout in {f} (the mutant hangs or runs too long):")
            for mu in timeouts:
                print(f"  {f}:{mu.line}: {mu.kind} {mu.change}: {mu.detail}")
        broken = [mu for mu in mutants if mu.status == "compile-failed"]
        if broken:
            print(f"\ndid not compile in {f} (left out of the score):")
            for mu in broken:
                print(f"  {f}:{mu.line}: {mu.kind} {mu.change}   [{f} {mu.mid}]")
        equivalent = [mu for mu in mutants if mu.status == "equivalent"]
        if equivalent:
            print(f"\nequivalent mutants in {f} ({EQUIVALENT_FILE}):")
            for mu in equivalent:
                print(f"  {f}:{mu.line}: {mu.kind} {mu.change}   [{f} {mu.mid}]")
                print(f"      {mu.detail}")

    print()
    header = ["file", "mutants", "killed", "(timeouts)", "survived", "equivalent",
              "compile-failed", "score"]
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|---|" + "---:|" * (len(header) - 1))
    else:
        print(f"{header[0]:<32}" + "".join(f"{h:>15}" for h in header[1:]) + f"{'seconds':>9}")
    totals = [0] * 6
    for f, n, killed, timeouts, survived, equivalent, compile_failed, score, secs, note in rows:
        if note:
            print(f"| `{f}` | {note} |" if args.markdown else f"{f:<32}  {note}")
            continue
        values = [n, killed, timeouts, survived, equivalent, compile_failed]
        totals = [a + b for a, b in zip(totals, values)]
        if args.markdown:
            print(f"| `{f}` | " + " | ".join(str(v) for v in values) + f" | {score:.1f}% |")
        else:
            print(f"{f:<32}" + "".join(f"{v:>15}" for v in values) + f"{score:>14.1f}%"
                  + f"{secs:>9.0f}")
    scored = totals[1] + totals[3]
    total_score = 100.0 * totals[1] / scored if scored else 100.0
    if len(rows) > 1:
        if args.markdown:
            print("| total | " + " | ".join(str(v) for v in totals) + f" | {total_score:.1f}% |")
        else:
            print(f"{'total':<32}" + "".join(f"{v:>15}" for v in totals) + f"{total_score:>14.1f}%")
    print(f"\n{seconds:.0f} s; score = killed / (mutants - equivalent - compile-failed); "
          f"threshold {args.threshold:g}%"
          + ("; sources restored, `git status` unchanged" if checked_git else "; sources restored"))
    for p in problems:
        print(f"mutate: {p}", file=sys.stderr)
    if below:
        print(f"mutate: below {args.threshold:g}%: {' '.join(below)}", file=sys.stderr)
    if args.check and (below or problems):
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `./dev mutate --list | head`
        sys.exit(0)
