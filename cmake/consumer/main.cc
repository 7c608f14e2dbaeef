// Writes the "save the virtual machine" instruction and reads it back through the installed
// headers and library. Exit status 0 when both agree.
#include <cstdio>

#include "clusprop/reader.h"
#include "clusprop/syntax.h"
#include "clusprop/win32_error.h"
#include "clusprop/writer.h"

int main() {
  clusprop::PropertyListWriter writer(clusprop::WriteOptions{.trailing_endmark = false});
  writer.BeginProperty("Virtual Machine").AddDword(1);
  auto bytes = writer.Finish();
  if (!bytes.ok() || bytes->size() != 60) return 1;
  auto list = clusprop::PropertyListReader::Open(*bytes, {.strict = true});
  if (!list.ok()) {
    std::fprintf(stderr, "%s\n", clusprop::FormatError(list.status()).c_str());
    return 1;
  }
  auto action = (*list->begin()).first_value().AsDword();
  std::printf("consumer: %zu bytes, \"%s\" = %u\n", bytes->size(),
              (*list->begin()).name().ToUtf8().c_str(), action.value_or(99));
  return action.value_or(99) == 1 ? 0 : 1;
}
