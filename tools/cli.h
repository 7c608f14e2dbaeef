// The `clusprop` command-line tool (SPEC §3), as a function so that tests drive it in-process.
//
// RunCli() takes the arguments after the program name and the whole of standard input, and
// returns the exit status: 0 success, 1 invalid input or a rejected request (one line on
// `err`: "error: ERROR_INVALID_DATA (13) at offset 16: <what>"), 2 a usage error. `out`
// receives output only on success, in full: never a partial write.

#ifndef CLUSPROP_TOOLS_CLI_H_
#define CLUSPROP_TOOLS_CLI_H_

#include <functional>
#include <string>
#include <vector>

namespace clusprop {
namespace cli {

struct Io {
  // Reads a whole file ("-" is standard input); false when it cannot be read.
  std::function<bool(const std::string& path, std::string* data)> read;
  std::string out;  // standard output
  std::string err;  // standard error
};

int RunCli(const std::vector<std::string>& args, Io* io);

}  // namespace cli
}  // namespace clusprop

#endif  // CLUSPROP_TOOLS_CLI_H_
