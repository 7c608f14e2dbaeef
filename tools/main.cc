// clusprop: decode, encode, validate and inspect CLUSPROP buffers. See tools/cli.h.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "tools/cli.h"

#if defined(_WIN32)
#include <fcntl.h>
#include <io.h>
#endif

namespace {

// Lists pass through standard input and output byte for byte. On Windows both are text streams
// until told otherwise: LF would become CRLF on the way out, and a 0x1A byte would end the input.
void UseBinaryStandardStreams() {
#if defined(_WIN32)
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
#endif
}

bool ReadAll(const std::string& path, std::string* data) {
  if (path == "-") {
    data->assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return !std::cin.bad();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  data->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
  UseBinaryStandardStreams();
  clusprop::cli::Io io;
  io.read = ReadAll;
  int status = clusprop::cli::RunCli(std::vector<std::string>(argv + 1, argv + argc), &io);
  std::fwrite(io.err.data(), 1, io.err.size(), stderr);
  if (std::fwrite(io.out.data(), 1, io.out.size(), stdout) != io.out.size() ||
      std::fflush(stdout) != 0) {
    return 1;
  }
  return status;
}
