#include "tools/file_io.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clusprop/win32_error.h"

#if defined(_WIN32)
#include <fcntl.h>
#include <io.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

namespace clusprop {
namespace cli {
namespace {

bool stdin_closed = false;
bool stdout_closed = false;

std::string Reason(int err) { return std::strerror(err); }

std::string Shown(const std::string& path) {
  return path == "-" ? "standard input" : PrintableText(path);
}

#if !defined(_WIN32)
// True when `fd` was closed; the descriptor is then taken by /dev/null so that it stays taken.
bool OccupyIfClosed(int fd) {
  if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) return false;
  int null = open("/dev/null", O_RDWR);
  if (null >= 0 && null != fd) {
    dup2(null, fd);
    close(null);
  }
  return true;
}
#endif

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

std::FILE* OpenForReading(const std::string& path) {
  std::filesystem::path native = std::filesystem::u8path(path);  // UTF-8 names on Windows too
#if defined(_WIN32)
  return _wfopen(native.c_str(), L"rb");
#else
  return std::fopen(native.c_str(), "rb");
#endif
}

// Reads to the end of `f`, at most `max_size` bytes. `expected` is the file's size when known
// (a regular file): read into storage of exactly that size, growing only if the file grew.
absl::Status ReadStream(std::FILE* f, const std::string& path, uint64_t max_size,
                        std::optional<uint64_t> expected, std::string* data) {
  constexpr size_t kChunk = 1 << 20;
  auto too_large = [&] {
    return Win32Error(kErrorFileTooLarge,
                      absl::StrCat(Shown(path), " is larger than the ", max_size, "-byte limit"));
  };
  data->clear();
  if (expected) {
    data->resize(static_cast<size_t>(*expected));
    size_t got = std::fread(data->data(), 1, data->size(), f);
    if (got < data->size()) {
      data->resize(got);
      if (std::ferror(f)) return ReadErrorFromErrno(errno, Shown(path));
      return absl::OkStatus();  // the file shrank
    }
  }
  // A stream (or a file that grew): chunks first, then one string, so that memory stays below
  // twice what was read.
  std::vector<std::unique_ptr<char[]>> chunks;
  size_t last = 0;  // bytes in the last chunk
  uint64_t total = data->size();
  for (;;) {
    auto chunk = std::make_unique<char[]>(kChunk);
    size_t got = std::fread(chunk.get(), 1, kChunk, f);  // short only at the end or on error
    if (std::ferror(f)) return ReadErrorFromErrno(errno, Shown(path));
    total += got;
    if (total > max_size) return too_large();
    if (got > 0) {
      chunks.push_back(std::move(chunk));
      last = got;
    }
    if (got < kChunk) break;
  }
  size_t base = data->size();
  data->resize(base + (chunks.empty() ? 0 : (chunks.size() - 1) * kChunk + last));
  for (size_t i = 0; i < chunks.size(); ++i) {
    std::memcpy(data->data() + base + i * kChunk, chunks[i].get(),
                i + 1 == chunks.size() ? last : kChunk);
  }
  return absl::OkStatus();
}

}  // namespace

void PrepareStandardStreams() {
#if defined(_WIN32)
  // Both are text streams until told otherwise: LF would become CRLF on the way out, and a 0x1A
  // byte would end the input.
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
#else
  stdin_closed = OccupyIfClosed(0);
  stdout_closed = OccupyIfClosed(1);
  OccupyIfClosed(2);
  std::signal(SIGPIPE, SIG_IGN);
#endif
  std::setvbuf(stdout, nullptr, _IONBF, 0);
}

absl::Status ReadErrorFromErrno(int err, std::string_view what) {
  std::string message =
      absl::StrCat("cannot read ", absl::string_view(what.data(), what.size()), ": ", Reason(err));
  switch (err) {
    case ENOENT:
      return Win32Error(kErrorFileNotFound, message);
    case ENOTDIR:
    case ENAMETOOLONG:
      return Win32Error(kErrorPathNotFound, message);
    case EACCES:
    case EPERM:
      return Win32Error(kErrorAccessDenied, message);
    case EBADF:
      return Win32Error(kErrorInvalidHandle, message);
    case ENOMEM:
      return Win32Error(kErrorNotEnoughMemory, message);
    case EFBIG:
    case EOVERFLOW:
      return Win32Error(kErrorFileTooLarge, message);
    default:  // EISDIR, EIO, ...
      return Win32Error(kErrorReadFault, message);
  }
}

absl::Status WriteErrorFromErrno(int err, std::string_view what) {
  return Win32Error(kErrorWriteFault,
                    absl::StrCat("cannot write ", absl::string_view(what.data(), what.size()), ": ",
                                 Reason(err)));
}

absl::Status ReadWholeFile(const std::string& path, uint64_t max_size, std::string* data) {
  std::FILE* f = nullptr;
  std::unique_ptr<std::FILE, FileCloser> owned;
  if (path == "-") {
    if (stdin_closed) {
      return Win32Error(kErrorInvalidHandle, "cannot read standard input: it is closed");
    }
    f = stdin;
  } else {
    errno = 0;
    owned.reset(OpenForReading(path));
    if (!owned) return ReadErrorFromErrno(errno, Shown(path));
    f = owned.get();
  }
#if defined(_WIN32)
  struct _stat64 info;
  bool stat_ok = _fstat64(_fileno(f), &info) == 0;
#else
  struct stat info;
  bool stat_ok = fstat(fileno(f), &info) == 0;
#endif
  if (!stat_ok) return ReadErrorFromErrno(errno, Shown(path));
  if (S_ISDIR(info.st_mode)) return ReadErrorFromErrno(EISDIR, Shown(path));
  std::optional<uint64_t> expected;
  if (S_ISREG(info.st_mode)) {
    uint64_t size = static_cast<uint64_t>(info.st_size);
    if (size > max_size) {
      return Win32Error(kErrorFileTooLarge,
                        absl::StrCat(Shown(path), " is larger than the ", max_size, "-byte limit (",
                                     size, " bytes)"));
    }
    expected = size;
  }
  return ReadStream(f, path, max_size, expected, data);
}

absl::Status WriteStandardOutput(std::string_view chunk) {
  if (stdout_closed) {
    return Win32Error(kErrorWriteFault, "cannot write standard output: it is closed");
  }
  errno = 0;
  if (std::fwrite(chunk.data(), 1, chunk.size(), stdout) != chunk.size() ||
      std::fflush(stdout) != 0) {
    int err = errno;
    std::clearerr(stdout);
    return WriteErrorFromErrno(err != 0 ? err : EIO, "standard output");
  }
  return absl::OkStatus();
}

}  // namespace cli
}  // namespace clusprop
