// The tool's real input and output: whole files and standard input read into memory, standard
// output written chunk by chunk, every failure a Win32 error with the reason.
//
// Read failures:
//   ERROR_FILE_NOT_FOUND (2)     no such file
//   ERROR_PATH_NOT_FOUND (3)     a directory on the way is missing or not a directory
//   ERROR_ACCESS_DENIED (5)      no permission
//   ERROR_INVALID_HANDLE (6)     standard input is closed
//   ERROR_READ_FAULT (30)        a directory, or the system failed the read (I/O error, ...)
//   ERROR_FILE_TOO_LARGE (223)   more than the allowed size: a regular file is refused before it
//                                is read, anything else as soon as it has delivered more
// Write failures are ERROR_WRITE_FAULT (29): a full disk, a closed or broken pipe, standard
// output closed.

#ifndef CLUSPROP_TOOLS_FILE_IO_H_
#define CLUSPROP_TOOLS_FILE_IO_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace clusprop {
namespace cli {

// Call first in main(): binary standard streams (Windows), unbuffered standard output (so that
// each write reports its own failure), SIGPIPE ignored (a broken pipe is an error to report, not
// a silent death), and standard streams that were closed when the program started remembered
// as closed (and their descriptors occupied, so that no file opened later takes their place).
void PrepareStandardStreams();

// Reads all of `path` ("-": standard input), at most `max_size` bytes, into *data (replaced).
// Memory: a regular file takes exactly its size; a stream at most twice what it delivered.
absl::Status ReadWholeFile(const std::string& path, uint64_t max_size, std::string* data);

// Writes all of `chunk` to standard output.
absl::Status WriteStandardOutput(std::string_view chunk);

// The Win32 error for the C library's `err` (an errno value) from reading or writing `what`.
absl::Status ReadErrorFromErrno(int err, std::string_view what);
absl::Status WriteErrorFromErrno(int err, std::string_view what);

}  // namespace cli
}  // namespace clusprop

#endif  // CLUSPROP_TOOLS_FILE_IO_H_
