// clusprop: decode, encode, validate and inspect CLUSPROP buffers. See tools/cli.h.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "tools/cli.h"

namespace {

bool ReadAll(const std::string& path, std::string* data) {
  if (path == "-") {
    std::freopen(nullptr, "rb", stdin);
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
