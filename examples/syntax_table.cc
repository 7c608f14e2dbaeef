// Prints every named CLUSPROP syntax with its value, format and type, from the library's table.
#include <cstdio>

#include "clusprop/syntax.h"

int main() {
  std::printf("%-32s %-10s %-20s %s\n", "syntax", "value", "format", "type");
  for (const clusprop::NamedSyntax& entry : clusprop::kNamedSyntaxes) {
    std::string_view format = clusprop::FormatName(clusprop::FormatOf(entry.value));
    std::string_view type = clusprop::TypeName(clusprop::TypeOf(entry.value));
    std::printf("%-32.*s 0x%08x %-20.*s %.*s\n", static_cast<int>(entry.name.size()),
                entry.name.data(), entry.value, static_cast<int>(format.size()), format.data(),
                static_cast<int>(type.size()), type.data());
  }
  return 0;
}
