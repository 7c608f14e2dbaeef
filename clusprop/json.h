// JSON text → lists: the reading half of the JSON mapping that clusprop/json_output.h writes.
//
// ParseJson() is the one way JSON text is parsed (the tool and the fuzz targets use it): RFC 8259
// JSON without comments or NUL bytes, and also an error are a key repeated in an object, a
// number outside the range of a double (1e400, an integer literal of 400 digits), and nesting
// deeper than kMaxJsonDepth.
//
// PropertyListFromJson() / ValueListFromJson() accept exactly the JSON that WriteJson() writes,
// whatever its whitespace and member order, so that JSON → bytes → JSON is the identity:
// - only the mapping's keys; "properties" and "trailing_endmark" in every property list object
//   (nested ones too), "values" in every property and in a value list, "syntax" and one of
//   "value" / "hex" in every value, one of "name" / "name_hex" in every property;
// - "syntax" spelled as the mapping writes it (a name where the syntax has one, else "0x%08x"
//   with lowercase digits);
// - hex text (data, names, trailing bytes) in lowercase pairs of digits;
// - "value" exactly where the mapping writes "value" (see json_output.h), "hex" everywhere else;
//   "name" for a name that is well-formed and holds no NUL, "name_hex" for any other name;
// - "trailing_bytes" only when there are some, never in a nested list, and not starting with an
//   ENDMARK (00000000) when "trailing_endmark" is false (it would read back as the trailer);
// - a property has at least one value; nested lists at most kMaxNestingDepth deep.
// Integers must fit the value's format (DWORD 0..4294967295, LONG -2^31..2^31-1, and so on).
// The result is checked by encoding it and writing its JSON form again: anything that would not
// come back equal is rejected. Every error is ERROR_INVALID_DATA (13) with a message
// "<JSON path>: <what>", the path as in properties[1].values[0].value ("$" for the document; a
// key that is not a plain name of letters, digits and _ appears as ["key"], escaped).
//
// Requires nlohmann-json; the reader and writer do not.

#ifndef CLUSPROP_JSON_H_
#define CLUSPROP_JSON_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "clusprop/model.h"
#include "nlohmann/json.hpp"

namespace clusprop {

// Deepest nesting of JSON arrays and objects ParseJson() accepts: enough for kMaxNestingDepth
// nested lists (five levels each: list, "properties", property, "values", value) and no more.
inline constexpr int kMaxJsonDepth = 5 * kMaxNestingDepth + 1;

absl::StatusOr<nlohmann::json> ParseJson(std::string_view text);

// Empties `doc` (leaving an empty array or object, or the scalar) without allocating.
// nlohmann-json's destructor allocates a work list for a non-empty array or object, and an
// allocation that fails inside a destructor ends the program; where memory may run out, clear
// documents with this first. Documents deeper than kMaxJsonDepth (ParseJson never makes one)
// are cleared down to that depth, the rest by nlohmann-json.
void ClearWithoutAllocating(nlohmann::json* doc);

absl::StatusOr<PropertyList> PropertyListFromJson(const nlohmann::json& json);
absl::StatusOr<ValueList> ValueListFromJson(const nlohmann::json& json);

}  // namespace clusprop

#endif  // CLUSPROP_JSON_H_
