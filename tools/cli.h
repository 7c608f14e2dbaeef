// The `clusprop` command-line tool, as a function so that tests and fuzz targets drive it
// in-process with I/O of their own.
//
// RunCli() takes the arguments after the program name and returns the exit status:
//   0  success
//   1  invalid input, a rejected request, input that cannot be read, or out of memory: one line
//      on `err` ("error: ERROR_INVALID_DATA (13) at offset 16: <what>") and nothing on
//      standard output, because every input is read whole and checked before the first byte
//      of output is written (except out of memory once output has begun: what was written
//      before it stays, as for status 3)
//   2  a usage error: the problem and the usage text on `err`, nothing on standard output
//   3  standard output could not be written (a full disk, a closed or broken pipe): one line on
//      `err` ("error: ERROR_WRITE_FAULT (29): ..."); what was written before the failure stays
// Output is produced and written as it goes, in chunks of at most about 64 KiB, so memory stays
// at the input's size plus a constant. No exception leaves RunCli().

#ifndef CLUSPROP_TOOLS_CLI_H_
#define CLUSPROP_TOOLS_CLI_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace clusprop {
namespace cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitWriteError = 3;

// Inputs larger than this are refused unless --max-input-size says otherwise.
inline constexpr uint64_t kDefaultMaxInputSize = uint64_t{1} << 30;

struct Io {
  // Reads all of `path` ("-" is standard input) into *data, refusing more than `max_size`
  // bytes with ERROR_FILE_TOO_LARGE; any other failure is the Win32 error that fits (see
  // tools/file_io.h). Required.
  std::function<absl::Status(const std::string& path, uint64_t max_size, std::string* data)> read;
  // Writes one chunk of standard output; an error status is a write error. When unset, output
  // is appended to `out`.
  std::function<absl::Status(std::string_view chunk)> write;
  std::string out;
  std::string err;  // standard error
};

int RunCli(const std::vector<std::string>& args, Io* io);

}  // namespace cli
}  // namespace clusprop

#endif  // CLUSPROP_TOOLS_CLI_H_
