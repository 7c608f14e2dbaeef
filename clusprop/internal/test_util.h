// Helpers for tests: hex literals and test data files.

#ifndef CLUSPROP_INTERNAL_TEST_UTIL_H_
#define CLUSPROP_INTERNAL_TEST_UTIL_H_

#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"

namespace clusprop {
namespace testing {

// "01 00 00 00  03 00 04 00" -> bytes; whitespace is ignored.
inline std::vector<uint8_t> FromHex(std::string_view hex) {
  std::vector<uint8_t> out;
  int high = -1;
  for (char c : hex) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) continue;
    int digit = absl::ascii_isdigit(static_cast<unsigned char>(c))
                    ? c - '0'
                    : absl::ascii_tolower(static_cast<unsigned char>(c)) - 'a' + 10;
    if (digit < 0 || digit > 15) throw std::invalid_argument("bad hex digit");
    if (high < 0) {
      high = digit;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | digit));
      high = -1;
    }
  }
  if (high >= 0) throw std::invalid_argument("odd number of hex digits");
  return out;
}

// Reads a file of the source tree. Tests run with the workspace root as working directory
// (Bazel's runfiles root, and CMake's ctest WORKING_DIRECTORY).
inline std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open test file " + path);
  std::ostringstream data;
  data << in.rdbuf();
  return data.str();
}

inline std::vector<uint8_t> ReadTestBytes(const std::string& path) {
  std::string data = ReadTestFile(path);
  return std::vector<uint8_t>(data.begin(), data.end());
}

}  // namespace testing
}  // namespace clusprop

#endif  // CLUSPROP_INTERNAL_TEST_UTIL_H_
