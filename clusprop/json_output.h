// Bytes → JSON text: the JSON form of a validated property list or value list, produced from the
// reader's views and written out as it is produced (memory stays constant whatever the list's
// size). The mapping, which clusprop/json.h reads back:
//
//   {"properties": [
//      {"name": "FixQuorum", "values": [{"syntax": "LIST_VALUE_DWORD", "value": 0}]},
//      {"name": "Blob", "values": [{"syntax": "LIST_VALUE_BINARY", "hex": "010203"}]}],
//    "trailing_endmark": true}
//
// - A value has "syntax" (its name from clusprop/syntax.h, or "0x%08x" when it has none) and
//   either "value" or "hex" (the data bytes, lowercase, two digits per byte). "value" is written
//   exactly when writing that JSON value back gives the same data bytes, by this rule:
//     DWORD, LONG: cbLength 4.  WORD: cbLength 2.  ULARGE_INTEGER, LARGE_INTEGER, FILETIME:
//     cbLength 8 (integers; LONG and LARGE_INTEGER signed).  SZ, EXPAND_SZ, EXPANDED_SZ: what
//     ValueView::AsString accepts (a string).  MULTI_SZ: what AsMultiString accepts, the empty
//     list only as a single NUL (an array of strings).  PROPERTY_LIST: a nested list that
//     AsPropertyList accepts, at most kMaxNestingDepth deep, with all of its own padding zero
//     (a nested list object).  Everything else is "hex": every cbLength of 0, and every value
//     whose type (the syntax's high 16 bits) is neither named in clusapi.h nor USER or above.
// - A property has "name" (UTF-8) when its name is well-formed UTF-16 without a NUL, otherwise
//   "name_hex" (the UTF-16LE bytes without the terminating NUL), and "values".
// - A property list has "properties" and "trailing_endmark" (whether the optional ENDMARK after
//   the last property is present); a value list has "values". Either has "trailing_bytes" (hex)
//   when bytes follow the list, and only then.
// - Members are written in the order named here (syntax before value or hex; name before
//   values; properties, trailing_endmark, trailing_bytes; values, trailing_bytes), every number
//   as a decimal integer, strings with the escapes
//   \" \\ \b \f \n \r \t and \u00XX for the other control characters; other characters as UTF-8.
//   With an indent (2 by default) each member is on a line of its own; with kCompact there is
//   no whitespace at all.
//
// Padding contents of the outermost list are not part of the JSON form (they are zero when the
// JSON is encoded again); everything else is, so decode → encode is byte-exact for any list the
// lenient reader accepts, padding aside.
//
// Write errors are the TextOutput's: the functions here stop at nothing; check out->Flush().

#ifndef CLUSPROP_JSON_OUTPUT_H_
#define CLUSPROP_JSON_OUTPUT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "clusprop/reader.h"
#include "clusprop/text_output.h"

namespace clusprop {

inline constexpr int kCompact = -1;

void WriteJson(const PropertyListReader& list, TextOutput* out, int indent = 2);
void WriteJson(const ValueListReader& list, TextOutput* out, int indent = 2);
// One property as {"name": ..., "values": [...]}.
void WriteJson(PropertyView property, TextOutput* out, int indent = 2);

// Only the "value" form of one value (a number, string, array or list object), as above;
// false, having written nothing, when the value has none (it is shown as "hex"). `depth` is the
// nesting depth of the list holding the value (1 for the outermost).
bool WriteTypedValue(const ValueView& value, int depth, TextOutput* out, int indent = kCompact);

// A property name as the mapping shows it: a JSON string when it is text (well-formed, no NUL),
// otherwise its UTF-16LE bytes as a hex string (the "name_hex" form). Returns whether it was text.
bool WriteName(Utf16View name, TextOutput* out);

// Conveniences: open `bytes` with the lenient reader and return its JSON text (with a final
// newline), or the reader's error.
absl::StatusOr<std::string> PropertyListToJsonText(absl::Span<const uint8_t> bytes, int indent = 2);
absl::StatusOr<std::string> ValueListToJsonText(absl::Span<const uint8_t> bytes, int indent = 2);

}  // namespace clusprop

#endif  // CLUSPROP_JSON_OUTPUT_H_
