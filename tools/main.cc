// clusprop: decode, encode, validate and inspect CLUSPROP buffers. See tools/cli.h.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "tools/cli.h"
#include "tools/file_io.h"

#if defined(_WIN32)
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
// shellapi.h needs windows.h first.
// clang-format off
#include <windows.h>
#include <shellapi.h>
// clang-format on
#endif

namespace {

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

// The last resort when an exception meets code that cannot let it through (a destructor, a
// noexcept function, a library built without unwinding): one error line and exit status 1, as
// RunCli() reports failures it catches, never an abort. Nothing here allocates.
[[noreturn]] void ReportTermination() {
  const char* message = "error: ERROR_INTERNAL_ERROR (1359): unexpected failure\n";
  if (std::exception_ptr exception = std::current_exception()) {
    try {
      std::rethrow_exception(exception);
    } catch (const std::bad_alloc&) {
      message = "error: ERROR_NOT_ENOUGH_MEMORY (8): out of memory\n";
    } catch (...) {
    }
  }
  std::fputs(message, stderr);
  std::_Exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  std::set_terminate(ReportTermination);
  clusprop::cli::PrepareStandardStreams();
  clusprop::cli::Io io;
  io.read = clusprop::cli::ReadWholeFile;
  io.write = clusprop::cli::WriteStandardOutput;
  int status = clusprop::cli::RunCli(Utf8Arguments(argc, argv), &io);
  std::fwrite(io.err.data(), 1, io.err.size(), stderr);
  return status;
}
