// Helpers for tests: hex literals and test data files.

#ifndef CLUSPROP_INTERNAL_TEST_UTIL_H_
#define CLUSPROP_INTERNAL_TEST_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"

namespace clusprop {
namespace testing {

// Sets an environment variable for the rest of the process; a null value removes it.
inline void SetEnv(const char* name, const char* value) {
#if defined(_WIN32)
  _putenv_s(name, value == nullptr ? "" : value);  // "" removes the variable
#else
  if (value == nullptr) {
    unsetenv(name);
  } else {
    setenv(name, value, 1);
  }
#endif
}

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

// The golden vectors of testdata/golden/, by name without extension ("vm_save"): the property
// lists, or (value_lists) the value lists ("disk_info.vlist"). Sorted.
inline std::vector<std::string> GoldenVectors(bool value_lists = false) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator("testdata/golden")) {
    std::string file = entry.path().filename().string();
    if (file.size() < 4 || file.compare(file.size() - 4, 4, ".bin") != 0) continue;
    std::string name = file.substr(0, file.size() - 4);
    bool is_value_list = name.size() > 6 && name.compare(name.size() - 6, 6, ".vlist") == 0;
    if (is_value_list == value_lists) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace testing
}  // namespace clusprop

#endif  // CLUSPROP_INTERNAL_TEST_UTIL_H_
