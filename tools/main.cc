// clusprop: decode, encode, validate and inspect CLUSPROP buffers. See tools/cli.h.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "tools/cli.h"

#if defined(_WIN32)
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <fcntl.h>
#include <io.h>
// shellapi.h needs windows.h first.
// clang-format off
#include <windows.h>
#include <shellapi.h>
// clang-format on
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

// The arguments, in UTF-8. On Windows `argv` is in the ANSI code page, which cannot carry most
// of the names a property list may hold; the wide command line can.
std::vector<std::string> Utf8Arguments(int argc, char** argv) {
#if defined(_WIN32)
  int count = 0;
  if (wchar_t** wide = CommandLineToArgvW(GetCommandLineW(), &count)) {
    std::vector<std::string> args;
    for (int i = 1; i < count; ++i) {
      int size = WideCharToMultiByte(CP_UTF8, 0, wide[i], -1, nullptr, 0, nullptr, nullptr);
      std::string arg(size > 0 ? size : 1, '\0');
      WideCharToMultiByte(CP_UTF8, 0, wide[i], -1, arg.data(), size, nullptr, nullptr);
      arg.resize(arg.size() - 1);  // the NUL
      args.push_back(std::move(arg));
    }
    LocalFree(wide);
    return args;
  }
#endif
  return std::vector<std::string>(argv + 1, argv + argc);
}

bool ReadAll(const std::string& path, std::string* data) {
  if (path == "-") {
    data->assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return !std::cin.bad();
  }
  std::ifstream in(std::filesystem::u8path(path), std::ios::binary);  // UTF-8 names on Windows too
  if (!in) return false;
  data->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
  UseBinaryStandardStreams();
  clusprop::cli::Io io;
  io.read = ReadAll;
  int status = clusprop::cli::RunCli(Utf8Arguments(argc, argv), &io);
  std::fwrite(io.err.data(), 1, io.err.size(), stderr);
  if (std::fwrite(io.out.data(), 1, io.out.size(), stdout) != io.out.size() ||
      std::fflush(stdout) != 0) {
    return 1;
  }
  return status;
}
