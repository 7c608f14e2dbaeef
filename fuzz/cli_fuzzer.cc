// The clusprop tool, run in-process through its injected I/O: the first bytes choose a command
// line from the tool's grammar (commands, flags, option values, sizes, stray arguments) and how
// reading and writing fail; the rest is the input. Asserts the exit-status contract of
// tools/cli.h:
//   0  nothing on stderr;
//   1  exactly one line "error: ..." and nothing written to stdout;
//   2  "clusprop: ..." on stderr and nothing written to stdout;
//   3  exactly one line "error: ERROR_WRITE_FAULT (29)...", and only when a write failed;
// an injected read error is reported with its own code; reads through the real file reader
// (a file holding the input, a directory, a missing file) keep the same contract; what
// `decode` prints encodes back (with `encode`) to bytes that decode to the very same text;
// `control` prints one line; `decode --control` of a code that carries a property list prints
// what plain `decode` prints. Every input also checks the control-code layout on its first four
// bytes: they decode into fields that encode back to them, and a name found for them parses
// back to them.

#if !defined(_WIN32)
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clusprop/control_code.h"
#include "clusprop/internal/endian.h"
#include "clusprop/win32_error.h"
#include "fuzz/fuzz_helpers.h"
#include "tools/cli.h"
#include "tools/file_io.h"

namespace {

using clusprop::cli::Io;

// Draws choices from the front of the input; 0 once it is used up.
class Choices {
 public:
  Choices(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  template <typename T, size_t N>
  const T& Pick(const T (&options)[N]) {
    return options[Byte() % N];
  }
  std::string_view Rest() const {
    return std::string_view(reinterpret_cast<const char*>(data_ + pos_), size_ - pos_);
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

struct Outcome {
  int status;
  std::string out;
  std::string err;
  bool write_failed = false;
};

// Where the tool's reads go: the input in memory, or through the real file reader (the input
// written to a file, a directory, a missing file).
enum class Source { kMemory, kFile, kDirectory, kMissing };

// The real file reader's view of `source`, or "" for kMemory. The file is rewritten per input.
std::string RealPath(Source source, std::string_view input) {
#if defined(_WIN32)  // the replay on Windows reads from memory only
  (void)source;
  (void)input;
  return "";
#else
  static const std::string dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string d = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                    "/clusprop_cli_fuzzer." + std::to_string(getpid());
    mkdir(d.c_str(), 0700);
    return d;
  }();
  static const bool cleanup_registered = [] {
    return std::atexit([] {
             std::remove((dir + "/input").c_str());
             rmdir(dir.c_str());
           }) == 0;
  }();
  (void)cleanup_registered;
  switch (source) {
    case Source::kMemory:
      return "";
    case Source::kFile: {
      std::string path = dir + "/input";
      if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(input.data(), 1, input.size(), f);
        std::fclose(f);
      }
      return path;
    }
    case Source::kDirectory:
      return dir;
    case Source::kMissing:
      return dir + "/missing";
  }
  return "";
#endif
}

// Runs the tool on `input` ("-" and every file name read it, from memory or through the real
// file reader), with in-memory reads failing with `read_error` (0: they succeed) and writes
// failing from the `fail_write_at`-th on (0: never).
Outcome Run(const std::vector<std::string>& args, std::string_view input, uint32_t read_error,
            int fail_write_at, Source source = Source::kMemory) {
  Outcome outcome;
  Io io;
  std::string real_path = RealPath(source, input);
  io.read = [&](const std::string&, uint64_t max_size, std::string* data) -> absl::Status {
    if (!real_path.empty()) return clusprop::cli::ReadWholeFile(real_path, max_size, data);
    if (read_error != 0) return clusprop::Win32Error(read_error, "cannot read (injected)");
    if (input.size() > max_size) {
      return clusprop::Win32Error(clusprop::kErrorFileTooLarge, "larger than the limit");
    }
    data->assign(input.data(), input.size());
    return absl::OkStatus();
  };
  int writes = 0;
  io.write = [&](std::string_view chunk) -> absl::Status {
    if (fail_write_at != 0 && ++writes >= fail_write_at) {
      outcome.write_failed = true;
      return clusprop::Win32Error(clusprop::kErrorWriteFault, "cannot write (injected)");
    }
    outcome.out.append(chunk.data(), chunk.size());
    return absl::OkStatus();
  };
  outcome.status = clusprop::cli::RunCli(args, &io);
  outcome.err = io.err;
  return outcome;
}

bool OneLine(const std::string& text) {
  return !text.empty() && text.back() == '\n' && text.find('\n') == text.size() - 1;
}

void CheckContract(const Outcome& o, uint32_t read_error) {
  switch (o.status) {
    case clusprop::cli::kExitOk:
      FUZZ_CHECK(o.err.empty());
      FUZZ_CHECK(!o.write_failed);
      break;
    case clusprop::cli::kExitInvalid:
      FUZZ_CHECK(OneLine(o.err));
      FUZZ_CHECK(absl::StartsWith(o.err, "error: "));
      FUZZ_CHECK(o.out.empty());
      FUZZ_CHECK(!o.write_failed);
      if (read_error != 0) FUZZ_CHECK(absl::StrContains(o.err, absl::StrCat("(", read_error, ")")));
      break;
    case clusprop::cli::kExitUsage:
      FUZZ_CHECK(absl::StartsWith(o.err, "clusprop: "));
      FUZZ_CHECK(o.out.empty());
      break;
    case clusprop::cli::kExitWriteError:
      FUZZ_CHECK(o.write_failed);
      FUZZ_CHECK(OneLine(o.err));
      FUZZ_CHECK(absl::StartsWith(o.err, "error: ERROR_WRITE_FAULT (29)"));
      break;
    default:
      FUZZ_CHECK(false);
  }
  if (o.write_failed) FUZZ_CHECK(o.status == clusprop::cli::kExitWriteError);
}

// New commands go last, so that the committed seeds keep their commands as far as possible.
constexpr const char* kCommands[] = {"decode",        "encode", "validate", "dump",   "find",
                                     "offline-check", "help",   "bogus",    "control"};
constexpr const char* kFlags[] = {"--value-list", "--strict",  "--no-trailing-endmark",
                                  "--locked",     "--lenient", "--help",
                                  "--",           "-",         "--nope"};
constexpr const char* kSizes[] = {"0",
                                  "1",
                                  "16",
                                  "60",
                                  "4K",
                                  "1M",
                                  "1G",
                                  "0x40",
                                  "18446744073709551615",
                                  "18446744073709551616",
                                  "-1",
                                  "16T",
                                  "",
                                  "k"};
constexpr const char* kTypes[] = {"Virtual Machine", "dummy", "virtual machine", ""};
constexpr const char* kNumbers[] = {"0",   "1",   "2",          "3",          "4",
                                    "0x2", "0x8", "4294967295", "4294967296", "x"};
constexpr const char* kReasons[] = {"NONE", "MOVING", "BEING_DELETED", "1", "99", "sideways"};
constexpr const char* kStates[] = {"Online", "Offline", "Failed", "OfflinePending", "up"};
constexpr const char* kNames[] = {"Virtual Machine", "virtual machine", "a", "",
                                  "\xff\xfe",        "\xed\xa0\x80"};
// Control codes: numbers and names the tool knows, some it does not, and malformed ones; "raw"
// takes the next four bytes as the number.
constexpr const char* kControlCodes[] = {"0x01400086",
                                         "CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES",
                                         "CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTY_FMTS",
                                         "CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES",
                                         "0x01000005",
                                         "16777257",
                                         "CLUSCTL_RESOURCE_GET_CLASS_INFO",
                                         "CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION",
                                         "CLUSCTL_RESOURCE_GET_DNS_NAME",
                                         "0x01000ffd",
                                         "0",
                                         "4294967295",
                                         "4294967296",
                                         "clusctl_resource_get_flags",
                                         "",
                                         "raw"};

constexpr uint32_t kReadErrors[] = {clusprop::kErrorFileNotFound, clusprop::kErrorPathNotFound,
                                    clusprop::kErrorAccessDenied, clusprop::kErrorInvalidHandle,
                                    clusprop::kErrorReadFault,    clusprop::kErrorFileTooLarge};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Choices choose(data, size);
  std::string command = choose.Pick(kCommands);
  std::vector<std::string> args = {command};
  uint8_t shape = choose.Byte();
  for (int bit = 0; bit < 3; ++bit) {  // up to three flags
    if (shape & (1 << bit)) args.push_back(choose.Pick(kFlags));
  }
  if (shape & 0x08) args.push_back(absl::StrCat("--max-input-size=", choose.Pick(kSizes)));
  if (command == "find" || (shape & 0x10)) args.push_back(choose.Pick(kNames));
  // A control code: `control`'s operand, or decode's --control and its direction.
  auto control_code = [&choose]() -> std::string {
    std::string code = choose.Pick(kControlCodes);
    if (code != "raw") return code;
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value = (value << 8) | choose.Byte();
    return std::to_string(value);
  };
  std::string control;  // decode's --control
  if (command == "control") args.push_back(control_code());
  if (command == "decode" && (shape & 0x80)) {
    control = control_code();
    args.insert(args.end(), {"--control", control});
    const uint8_t direction = choose.Byte();
    if (direction & 0x01) args.push_back("--input");
    if (direction & 0x02) args.push_back("--output");
  }
  if (command == "offline-check") {
    uint8_t options = choose.Byte();
    if (!(options & 0x01)) args.insert(args.end(), {"--type", choose.Pick(kTypes)});
    if (options & 0x02) args.insert(args.end(), {"--flags", choose.Pick(kNumbers)});
    if (options & 0x04) args.insert(args.end(), {"--reason", choose.Pick(kReasons)});
    if (options & 0x08) args.insert(args.end(), {"--state", choose.Pick(kStates)});
    if (options & 0x10) args.insert(args.end(), {"--access", (options & 0x20) ? "read" : "all"});
    if (options & 0x40) args.insert(args.end(), {"--destination", "node2"});
    if (options & 0x80) {
      uint8_t defaults = choose.Byte();
      if (defaults & 0x01) args.insert(args.end(), {"--offline-action", choose.Pick(kNumbers)});
      if (defaults & 0x02) args.insert(args.end(), {"--next-action", choose.Pick(kNumbers)});
    }
  }
  if (shape & 0x20) args.push_back("in.bin");
  if (shape & 0x40) args.push_back("extra");
  uint8_t failures = choose.Byte();
  uint32_t read_error = (failures & 0x07) == 7 ? choose.Pick(kReadErrors) : 0;
  Source source = (failures & 0x08) ? static_cast<Source>(1 + choose.Byte() % 3) : Source::kMemory;
  if (source != Source::kMemory) read_error = 0;
  int fail_write_at = (failures >> 4) % 4;  // 0: never; else from the 1st, 2nd or 3rd chunk on
  std::string_view input = choose.Rest();

  // The control-code layout, on the first four bytes.
  const uint32_t code = size >= 4 ? clusprop::internal::LoadLE32(data) : 0;
  FUZZ_CHECK(clusprop::EncodeControlCode(clusprop::DecodeControlCode(code)) == code);
  if (std::optional<std::string> name = clusprop::ControlCodeName(code)) {
    FUZZ_CHECK(clusprop::ControlCodeFromName(*name) == code);
  }

  Outcome outcome = Run(args, input, read_error, fail_write_at, source);
  CheckContract(outcome, read_error);

  // `--help` or `-h` before any `--` prints the command's usage instead.
  const auto end_of_options = std::find(args.begin(), args.end(), "--");
  const bool asked_for_help = std::find(args.begin(), end_of_options, "--help") != end_of_options ||
                              std::find(args.begin(), end_of_options, "-h") != end_of_options;
  if (command == "control" && outcome.status == clusprop::cli::kExitOk && !asked_for_help) {
    FUZZ_CHECK(OneLine(outcome.out));
    FUZZ_CHECK(absl::EndsWith(outcome.out, ")\n"));
  }
  // A property list read for a control code reads as the plain command reads it.
  if (!control.empty() && outcome.status == clusprop::cli::kExitOk &&
      absl::StartsWith(outcome.out, "{\n  \"properties\"")) {
    Outcome plain = Run({"decode"}, input, 0, 0);
    FUZZ_CHECK(plain.status == clusprop::cli::kExitOk);
    FUZZ_CHECK(plain.out == outcome.out);
  }

  // What decode prints, encode takes back, and those bytes decode to the same text.
  if (command == "decode" && outcome.status == clusprop::cli::kExitOk && args.size() == 1) {
    Outcome encoded = Run({"encode"}, outcome.out, 0, 0);
    FUZZ_CHECK(encoded.status == clusprop::cli::kExitOk);
    Outcome again = Run({"decode"}, encoded.out, 0, 0);
    FUZZ_CHECK(again.status == clusprop::cli::kExitOk);
    FUZZ_CHECK(again.out == outcome.out);
  }
  return 0;
}
