// The JSON mapping of property lists and value lists (SPEC §3), both ways, with nlohmann-json.
//
//   {"properties": [
//      {"name": "FixQuorum", "values": [{"syntax": "LIST_VALUE_DWORD", "value": 0}]},
//      {"name": "Blob", "values": [{"syntax": "LIST_VALUE_BINARY", "hex": "010203"}]}],
//    "trailing_endmark": true}
//
// A value is written as "value" (integer, string, array of strings, or a nested list object)
// only when encoding that JSON value reproduces the data bytes exactly; otherwise it is written
// as "hex" (lowercase data bytes), so that decode → JSON → encode is byte-exact for every
// structurally valid buffer (padding contents aside). Names that are not well-formed UTF-16, or
// hold a NUL, are written as "name_hex" (the UTF-16LE code units, without the NUL). Bytes after
// the list appear as "trailing_bytes" (hex). A value list is {"values": [...]}.
//
// Reading JSON accepts syntax names and "0x%08x" text; unknown keys are ignored. Bad JSON is
// ERROR_INVALID_DATA with the JSON path in the message (e.g. "properties[1].values[0].value").
//
// Requires nlohmann-json; the reader and writer do not.

#ifndef CLUSPROP_JSON_H_
#define CLUSPROP_JSON_H_

#include "absl/status/statusor.h"
#include "clusprop/model.h"
#include "nlohmann/json.hpp"

namespace clusprop {

nlohmann::json ToJson(const PropertyList& list);
nlohmann::json ToJson(const ValueList& list);
nlohmann::json ToJson(const Property& property);
nlohmann::json ToJson(const Value& value);

absl::StatusOr<PropertyList> PropertyListFromJson(const nlohmann::json& json);
absl::StatusOr<ValueList> ValueListFromJson(const nlohmann::json& json);

}  // namespace clusprop

#endif  // CLUSPROP_JSON_H_
