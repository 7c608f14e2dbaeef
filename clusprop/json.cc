#include "clusprop/json.h"

#include <limits>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "clusprop/internal/endian.h"
#include "clusprop/status_macros.h"
#include "clusprop/utf16.h"
#include "clusprop/win32_error.h"

namespace clusprop {
namespace {

using nlohmann::json;

std::string Hex(absl::Span<const uint8_t> bytes) {
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

absl::Status JsonError(const std::string& path, std::string_view what) {
  return Win32Error(kErrorInvalidData,
                    absl::StrCat(path, ": ", absl::string_view(what.data(), what.size())));
}

// Encodes `value` alone as a value list and returns a reader over it, so that the typed
// accessors of ValueView interpret the model's bytes exactly as the wire reader does.
struct SingleValue {
  std::vector<uint8_t> bytes;
  ValueView view;
};
std::optional<SingleValue> ViewOf(const Value& value) {
  ValueListWriter writer;
  writer.AddRaw(value.syntax, value.data);
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  if (!bytes.ok()) return std::nullopt;
  SingleValue single{std::vector<uint8_t>(bytes->begin(), bytes->end()), ValueView()};
  absl::StatusOr<ValueListReader> reader = ValueListReader::Open(single.bytes);
  if (!reader.ok()) return std::nullopt;
  single.view = *reader->begin();
  return single;
}

std::optional<json> TypedJson(const Value& value);

// The JSON form of `value`'s data per its format, or nullopt when the data does not fit it.
std::optional<json> InterpretData(const ValueView& view, const Value& value) {
  switch (view.format()) {
    case Format::kDword:
      if (auto v = view.AsDword(); v.ok()) return json(*v);
      return std::nullopt;
    case Format::kWord:
      if (auto v = view.AsWord(); v.ok()) return json(*v);
      return std::nullopt;
    case Format::kULargeInteger:
      if (auto v = view.AsULargeInteger(); v.ok()) return json(*v);
      return std::nullopt;
    case Format::kFileTime:
      if (auto v = view.AsFileTime(); v.ok()) return json(*v);
      return std::nullopt;
    case Format::kLong:
      if (auto v = view.AsLong(); v.ok()) return json(*v);
      return std::nullopt;
    case Format::kLargeInteger:
      if (auto v = view.AsLargeInteger(); v.ok()) return json(*v);
      return std::nullopt;
    case Format::kSz:
    case Format::kExpandSz:
    case Format::kExpandedSz:
      if (auto v = view.AsString(); v.ok()) return json(v->ToUtf8());
      return std::nullopt;
    case Format::kMultiSz: {
      absl::StatusOr<MultiStringView> strings = view.AsMultiString();
      if (!strings.ok()) return std::nullopt;
      json array = json::array();
      for (Utf16View s : *strings) array.push_back(s.ToUtf8());
      return array;
    }
    case Format::kPropertyList: {
      absl::StatusOr<PropertyList> nested = DecodePropertyList(value.data);
      if (!nested.ok()) return std::nullopt;
      return ToJson(*nested);
    }
    default:
      return std::nullopt;
  }
}

absl::StatusOr<std::vector<uint8_t>> EncodeTyped(uint32_t syntax, const json& v,
                                                 const std::string& path, int depth);
absl::StatusOr<PropertyList> PropertyListFromJsonAt(const json& v, const std::string& prefix,
                                                    int depth);

std::optional<json> TypedJson(const Value& value) {
  if (value.data.empty()) return std::nullopt;  // cb 0 ("reset to default") stays hex
  std::optional<SingleValue> single = ViewOf(value);
  if (!single) return std::nullopt;
  std::optional<json> typed = InterpretData(single->view, value);
  if (!typed) return std::nullopt;
  // Only when the JSON value encodes back to the very same bytes.
  absl::StatusOr<std::vector<uint8_t>> again = EncodeTyped(value.syntax, *typed, "", 1);
  if (!again.ok() || *again != value.data) return std::nullopt;
  return typed;
}

template <typename T>
absl::StatusOr<T> IntegerFrom(const json& v, const std::string& path) {
  if (!v.is_number_integer()) return JsonError(path, "expected an integer");
  if (std::numeric_limits<T>::is_signed) {
    if (v.is_number_unsigned()) {
      uint64_t u = v.get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<T>::max())) {
        return JsonError(path, "integer out of range");
      }
      return static_cast<T>(u);
    }
    int64_t i = v.get<int64_t>();
    if (i < static_cast<int64_t>(std::numeric_limits<T>::min()) ||
        i > static_cast<int64_t>(std::numeric_limits<T>::max())) {
      return JsonError(path, "integer out of range");
    }
    return static_cast<T>(i);
  }
  if (!v.is_number_unsigned()) return JsonError(path, "expected an unsigned integer");
  uint64_t u = v.get<uint64_t>();
  if (u > static_cast<uint64_t>(std::numeric_limits<T>::max())) {
    return JsonError(path, "integer out of range");
  }
  return static_cast<T>(u);
}

absl::StatusOr<std::string> StringFrom(const json& v, const std::string& path) {
  if (!v.is_string()) return JsonError(path, "expected a string");
  return v.get<std::string>();
}

absl::StatusOr<std::vector<uint8_t>> BytesFromHex(const json& v, const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, StringFrom(v, path));
  if (text.size() % 2 != 0) return JsonError(path, "hex needs an even number of digits");
  for (char c : text) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) {
      return JsonError(path, "hex holds a character that is not a hex digit");
    }
  }
  std::string bytes = absl::HexStringToBytes(text);
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

// The data bytes of a typed JSON value, written by ValueListWriter. `depth` is the nesting
// depth of the list holding the value (1 for the outermost).
absl::StatusOr<std::vector<uint8_t>> EncodeTyped(uint32_t syntax, const json& v,
                                                 const std::string& path, int depth) {
  ValueListWriter writer;
  switch (FormatOf(syntax)) {
    case Format::kDword: {
      ASSIGN_OR_RETURN(uint32_t x, IntegerFrom<uint32_t>(v, path));
      writer.AddDword(x, syntax);
      break;
    }
    case Format::kWord: {
      ASSIGN_OR_RETURN(uint16_t x, IntegerFrom<uint16_t>(v, path));
      writer.AddWord(x, syntax);
      break;
    }
    case Format::kULargeInteger:
    case Format::kFileTime: {
      ASSIGN_OR_RETURN(uint64_t x, IntegerFrom<uint64_t>(v, path));
      writer.AddULargeInteger(x, syntax);
      break;
    }
    case Format::kLong: {
      ASSIGN_OR_RETURN(int32_t x, IntegerFrom<int32_t>(v, path));
      writer.AddLong(x, syntax);
      break;
    }
    case Format::kLargeInteger: {
      ASSIGN_OR_RETURN(int64_t x, IntegerFrom<int64_t>(v, path));
      writer.AddLargeInteger(x, syntax);
      break;
    }
    case Format::kSz:
    case Format::kExpandSz:
    case Format::kExpandedSz: {
      ASSIGN_OR_RETURN(std::string s, StringFrom(v, path));
      writer.AddString(s, syntax);
      break;
    }
    case Format::kMultiSz: {
      if (!v.is_array()) return JsonError(path, "expected an array of strings");
      std::vector<std::string> strings;
      for (size_t i = 0; i < v.size(); ++i) {
        ASSIGN_OR_RETURN(std::string s, StringFrom(v[i], absl::StrCat(path, "[", i, "]")));
        strings.push_back(std::move(s));
      }
      std::vector<std::string_view> views(strings.begin(), strings.end());
      writer.AddMultiString(views, syntax);
      break;
    }
    case Format::kPropertyList: {
      if (depth >= kMaxNestingDepth) return JsonError(path, "property lists nested too deeply");
      ASSIGN_OR_RETURN(PropertyList nested, PropertyListFromJsonAt(v, path + ".", depth + 1));
      ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, EncodePropertyList(nested));
      return bytes;
    }
    default:
      return JsonError(path, "this syntax takes \"hex\", not \"value\"");
  }
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  if (!bytes.ok()) return JsonError(path, ErrorWhat(bytes.status()));
  // One entry: syntax (4), cbLength (4), data, padding, then the ENDMARK.
  uint32_t length = internal::LoadLE32(bytes->data() + 4);
  return std::vector<uint8_t>(bytes->begin() + kValueHeaderSize,
                              bytes->begin() + kValueHeaderSize + length);
}

absl::StatusOr<Value> ValueFromJson(const json& v, const std::string& path, int depth) {
  if (!v.is_object()) return JsonError(path, "expected an object");
  auto syntax_it = v.find("syntax");
  if (syntax_it == v.end()) return JsonError(path, "missing \"syntax\"");
  ASSIGN_OR_RETURN(std::string syntax_text, StringFrom(*syntax_it, path + ".syntax"));
  std::optional<uint32_t> syntax = SyntaxFromString(syntax_text);
  if (!syntax) return JsonError(path + ".syntax", "unknown syntax name");
  if (*syntax == kSyntaxEndmark || *syntax == kSyntaxName) {
    return JsonError(path + ".syntax", "ENDMARK and NAME are not values");
  }
  auto hex = v.find("hex");
  auto value = v.find("value");
  if ((hex == v.end()) == (value == v.end())) {
    return JsonError(path, "needs exactly one of \"value\" and \"hex\"");
  }
  Value out{*syntax, {}};
  if (hex != v.end()) {
    ASSIGN_OR_RETURN(out.data, BytesFromHex(*hex, path + ".hex"));
  } else {
    ASSIGN_OR_RETURN(out.data, EncodeTyped(*syntax, *value, path + ".value", depth));
  }
  return out;
}

absl::StatusOr<std::vector<Value>> ValuesFromJson(const json& v, const std::string& path,
                                                  int depth) {
  if (!v.is_array()) return JsonError(path, "expected an array");
  std::vector<Value> values;
  for (size_t i = 0; i < v.size(); ++i) {
    ASSIGN_OR_RETURN(Value value, ValueFromJson(v[i], absl::StrCat(path, "[", i, "]"), depth));
    values.push_back(std::move(value));
  }
  return values;
}

absl::StatusOr<std::vector<uint8_t>> TrailingBytesFromJson(const json& v,
                                                           const std::string& prefix) {
  auto it = v.find("trailing_bytes");
  if (it == v.end()) return std::vector<uint8_t>();
  return BytesFromHex(*it, prefix + "trailing_bytes");
}

absl::StatusOr<Property> PropertyFromJson(const json& v, const std::string& path, int depth) {
  if (!v.is_object()) return JsonError(path, "expected an object");
  Property property;
  auto name = v.find("name");
  auto name_hex = v.find("name_hex");
  if ((name == v.end()) == (name_hex == v.end())) {
    return JsonError(path, "needs exactly one of \"name\" and \"name_hex\"");
  }
  if (name != v.end()) {
    ASSIGN_OR_RETURN(std::string utf8, StringFrom(*name, path + ".name"));
    absl::StatusOr<std::u16string> utf16 = Utf8ToUtf16(utf8);
    if (!utf16.ok()) return JsonError(path + ".name", "not well-formed UTF-8");
    property.name = std::move(*utf16);
  } else {
    ASSIGN_OR_RETURN(std::vector<uint8_t> units, BytesFromHex(*name_hex, path + ".name_hex"));
    if (units.size() % 2 != 0) return JsonError(path + ".name_hex", "odd number of bytes");
    for (size_t i = 0; i < units.size(); i += 2) {
      property.name.push_back(static_cast<char16_t>(internal::LoadLE16(&units[i])));
    }
  }
  auto values = v.find("values");
  if (values == v.end()) return JsonError(path, "missing \"values\"");
  ASSIGN_OR_RETURN(property.values, ValuesFromJson(*values, path + ".values", depth));
  if (property.values.empty()) return JsonError(path + ".values", "a property needs a value");
  return property;
}

json ValuesToJson(const std::vector<Value>& values) {
  json array = json::array();
  for (const Value& value : values) array.push_back(ToJson(value));
  return array;
}

absl::StatusOr<PropertyList> PropertyListFromJsonAt(const json& v, const std::string& prefix,
                                                    int depth) {
  if (!v.is_object()) return JsonError(prefix + "$", "expected an object");
  auto properties = v.find("properties");
  if (properties == v.end() || !properties->is_array()) {
    return JsonError(prefix + "properties", "expected an array");
  }
  PropertyList list;
  for (size_t i = 0; i < properties->size(); ++i) {
    ASSIGN_OR_RETURN(
        Property property,
        PropertyFromJson((*properties)[i], absl::StrCat(prefix, "properties[", i, "]"), depth));
    list.properties.push_back(std::move(property));
  }
  auto trailer = v.find("trailing_endmark");
  if (trailer != v.end()) {
    if (!trailer->is_boolean()) {
      return JsonError(prefix + "trailing_endmark", "expected true or false");
    }
    list.trailing_endmark = trailer->get<bool>();
  }
  ASSIGN_OR_RETURN(list.trailing_bytes, TrailingBytesFromJson(v, prefix));
  return list;
}

bool NameIsText(const std::u16string& name) {
  return name.find(u'\0') == std::u16string::npos && IsWellFormedUtf16(name);
}

}  // namespace

json ToJson(const Value& value) {
  json out = {{"syntax", SyntaxToString(value.syntax)}};
  if (std::optional<json> typed = TypedJson(value)) {
    out["value"] = std::move(*typed);
  } else {
    out["hex"] = Hex(value.data);
  }
  return out;
}

json ToJson(const Property& property) {
  json out = json::object();
  if (NameIsText(property.name)) {
    out["name"] = *Utf16ToUtf8(property.name);
  } else {
    std::vector<uint8_t> units(2 * property.name.size());
    for (size_t i = 0; i < property.name.size(); ++i) {
      internal::StoreLE16(&units[2 * i], property.name[i]);
    }
    out["name_hex"] = Hex(units);
  }
  out["values"] = ValuesToJson(property.values);
  return out;
}

json ToJson(const PropertyList& list) {
  json properties = json::array();
  for (const Property& property : list.properties) properties.push_back(ToJson(property));
  json out = {{"properties", std::move(properties)}, {"trailing_endmark", list.trailing_endmark}};
  if (!list.trailing_bytes.empty()) out["trailing_bytes"] = Hex(list.trailing_bytes);
  return out;
}

json ToJson(const ValueList& list) {
  json out = {{"values", ValuesToJson(list.values)}};
  if (!list.trailing_bytes.empty()) out["trailing_bytes"] = Hex(list.trailing_bytes);
  return out;
}

absl::StatusOr<PropertyList> PropertyListFromJson(const json& v) {
  ASSIGN_OR_RETURN(PropertyList list, PropertyListFromJsonAt(v, "", 1));
  // "hex" can spell a nested list the reader would refuse: check the whole encoding once.
  ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, EncodePropertyList(list));
  if (absl::StatusOr<ListInfo> info = ValidatePropertyList(bytes); !info.ok()) {
    return JsonError(
        "$", absl::StrCat("the values do not form a valid list: ", FormatError(info.status())));
  }
  return list;
}

absl::StatusOr<ValueList> ValueListFromJson(const json& v) {
  if (!v.is_object()) return JsonError("$", "expected an object");
  auto values = v.find("values");
  if (values == v.end()) return JsonError("values", "expected an array");
  ValueList list;
  ASSIGN_OR_RETURN(list.values, ValuesFromJson(*values, "values", 1));
  ASSIGN_OR_RETURN(list.trailing_bytes, TrailingBytesFromJson(v, ""));
  ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, EncodeValueList(list));
  if (absl::StatusOr<ListInfo> info = ValidateValueList(bytes); !info.ok()) {
    return JsonError(
        "$", absl::StrCat("the values do not form a valid list: ", FormatError(info.status())));
  }
  return list;
}

}  // namespace clusprop
