#include "clusprop/json.h"

#include <cstring>
#include <iterator>
#include <limits>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "clusprop/internal/endian.h"
#include "clusprop/json_output.h"
#include "clusprop/status_macros.h"
#include "clusprop/utf16.h"
#include "clusprop/win32_error.h"

namespace clusprop {
namespace {

using nlohmann::json;

absl::Status JsonError(const std::string& path, std::string_view what) {
  return Win32Error(kErrorInvalidData, absl::StrCat(path.empty() ? "$" : path, ": ",
                                                    absl::string_view(what.data(), what.size())));
}

// `path`.key, or `path`["key"] for a key that is not a plain name (letters, digits, _).
std::string Member(const std::string& path, std::string_view key) {
  bool plain = !key.empty();
  for (char c : key)
    plain = plain && (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (!plain) return absl::StrCat(path.empty() ? "$" : path, "[\"", PrintableText(key), "\"]");
  return path.empty() ? std::string(key)
                      : absl::StrCat(path, ".", absl::string_view(key.data(), key.size()));
}

std::string Element(const std::string& path, size_t index) {
  return absl::StrCat(path.empty() ? "$" : path, "[", index, "]");
}

// ---- parsing ---------------------------------------------------------------------------------

// Builds the document from the parser's events (nlohmann's SAX interface), following where it
// is so that an error can name the place, and rejecting repeated keys and excessive depth as
// they are read. (nlohmann's own callback parser rescans the enclosing container at the end of
// every object, which is quadratic in the size of an array of objects.)
class DocumentBuilder : public json::json_sax_t {
 public:
  DocumentBuilder() = default;
  DocumentBuilder(const DocumentBuilder&) = delete;
  DocumentBuilder& operator=(const DocumentBuilder&) = delete;
  ~DocumentBuilder() override { ClearWithoutAllocating(&root_); }  // what an error left behind

  bool null() override { return Add(json(nullptr)); }
  bool boolean(bool value) override { return Add(json(value)); }
  bool number_integer(number_integer_t value) override { return Add(json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return Add(json(value)); }
  bool number_float(number_float_t value, const string_t&) override { return Add(json(value)); }
  bool string(string_t& value) override { return Add(json(std::move(value))); }
  bool binary(binary_t& value) override { return Add(json::binary(std::move(value))); }

  bool start_object(std::size_t) override { return Open(json::object(), /*array=*/false); }
  bool start_array(std::size_t) override { return Open(json::array(), /*array=*/true); }
  bool key(string_t& key) override {
    Frame& frame = frames_.back();
    frame.key = key;
    if (!frame.keys.insert(key).second) return Fail(Path(), "duplicate key");
    return true;
  }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }

  bool parse_error(std::size_t position, const std::string&, const json::exception& e) override {
    std::string_view what = e.what();  // without nlohmann's "[json.exception....] " prefix
    if (size_t end = what.find("] "); end != std::string_view::npos) what.remove_prefix(end + 2);
    if (e.id == 406) {  // a number a double cannot hold; the position is not meaningful
      return Fail(Path(), absl::StrCat("invalid JSON: ", std::string(what)));
    }
    return Fail(Path(), absl::StrCat("invalid JSON at byte ", position > 0 ? position - 1 : 0, ": ",
                                     std::string(what)));
  }

  absl::StatusOr<json> Take() {
    if (!error_.ok()) return error_;
    return std::move(root_);
  }

 private:
  struct Frame {
    json* container;
    bool array;
    size_t index = 0;            // arrays: the element being read
    std::string key;             // objects: the member being read
    std::set<std::string> keys;  // std::set: exception-safe when memory runs out
  };

  // Where the parser is: the member or element being read ("$" for the document).
  std::string Path() const {
    std::string path;
    for (const Frame& frame : frames_) {
      if (frame.array) {
        path = Element(path, frame.index);
      } else if (!frame.keys.empty()) {
        path = Member(path, frame.key);
      }
    }
    return path.empty() ? "$" : path;
  }

  bool Fail(const std::string& path, std::string_view what) {
    if (error_.ok()) error_ = JsonError(path, what);
    return false;
  }

  // Places `value` where the parser is; returns where it went.
  json* Place(json value) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Frame& frame = frames_.back();
    if (frame.array) {
      frame.container->push_back(std::move(value));
      return &frame.container->back();
    }
    json& member = (*frame.container)[frame.key];
    member = std::move(value);
    return &member;
  }

  bool Add(json value) {
    Place(std::move(value));
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }

  bool Open(json container, bool array) {
    if (frames_.size() >= static_cast<size_t>(kMaxJsonDepth)) {
      return Fail(Path(), absl::StrCat("nested deeper than ", kMaxJsonDepth, " levels"));
    }
    // The container is the last element of its parent while it is open: pointers to it stay
    // valid, since nothing is added to the parent until it is closed.
    json* placed = Place(std::move(container));
    frames_.push_back(Frame{placed, array});
    return true;
  }

  bool Close() {
    frames_.pop_back();
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }

  json root_;
  std::vector<Frame> frames_;
  absl::Status error_;
};

// ---- JSON → model ----------------------------------------------------------------------------

absl::Status CheckKeys(const json& object, const std::string& path,
                       std::initializer_list<std::string_view> allowed) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool known = false;
    for (std::string_view key : allowed) known = known || it.key() == key;
    if (!known) return JsonError(Member(path, it.key()), "not a key of the mapping");
  }
  return absl::OkStatus();
}

template <typename T>
absl::StatusOr<T> IntegerFrom(const json& v, const std::string& path) {
  if (!v.is_number_integer()) return JsonError(path, "expected an integer");
  constexpr T kMin = std::numeric_limits<T>::min();
  constexpr T kMax = std::numeric_limits<T>::max();
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(kMax)) {
      return JsonError(path, absl::StrCat("integer out of range ", kMin, "..", kMax));
    }
    return static_cast<T>(u);
  }
  int64_t i = v.get<int64_t>();
  if ((std::numeric_limits<T>::is_signed && i < static_cast<int64_t>(kMin)) ||
      (!std::numeric_limits<T>::is_signed && i < 0) ||
      (kMax < std::numeric_limits<int64_t>::max() && i > static_cast<int64_t>(kMax))) {
    return JsonError(path, absl::StrCat("integer out of range ", kMin, "..", kMax));
  }
  return static_cast<T>(i);
}

absl::StatusOr<std::string> StringFrom(const json& v, const std::string& path) {
  if (!v.is_string()) return JsonError(path, "expected a string");
  return v.get<std::string>();
}

absl::StatusOr<std::vector<uint8_t>> BytesFromHex(const json& v, const std::string& path) {
  if (!v.is_string()) return JsonError(path, "expected a string of hex digits");
  const std::string& text = v.get_ref<const std::string&>();
  if (text.size() % 2 != 0) return JsonError(path, "hex needs an even number of digits");
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return JsonError(path, absl::StrCat("character ", i, " is not a lowercase hex digit"));
    }
  }
  std::string bytes = absl::HexStringToBytes(text);
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

absl::StatusOr<PropertyList> PropertyListFromJsonAt(const json& v, const std::string& path,
                                                    int depth);

// The data of a "value" of an integer format, as T (the format's size and signedness): `v` in
// T's range, little-endian. The writer's typed methods would also check the syntax's type: so does
// this, after the range, as they would.
template <typename T>
absl::StatusOr<std::vector<uint8_t>> EncodeIntegerAs(uint32_t syntax, const json& v,
                                                     const std::string& path) {
  ASSIGN_OR_RETURN(T x, IntegerFrom<T>(v, path));
  if (!HasNamedOrUserType(syntax)) {
    return JsonError(path, "the syntax's type is neither named nor USER (0x8000) or above");
  }
  std::vector<uint8_t> data(sizeof(T));
  const auto bits = static_cast<std::make_unsigned_t<T>>(x);
  for (size_t i = 0; i < sizeof(T); ++i) data[i] = static_cast<uint8_t>(bits >> (8 * i));
  return data;
}

absl::StatusOr<std::vector<uint8_t>> EncodeInteger(uint32_t syntax, const json& v,
                                                   const std::string& path) {
  const bool is_signed = KindOf(FormatOf(syntax)) == ValueKind::kSignedInteger;
  switch (FixedSizeOf(FormatOf(syntax))) {
    case 2:
      return is_signed ? EncodeIntegerAs<int16_t>(syntax, v, path)
                       : EncodeIntegerAs<uint16_t>(syntax, v, path);
    case 4:
      return is_signed ? EncodeIntegerAs<int32_t>(syntax, v, path)
                       : EncodeIntegerAs<uint32_t>(syntax, v, path);
    default:
      return is_signed ? EncodeIntegerAs<int64_t>(syntax, v, path)
                       : EncodeIntegerAs<uint64_t>(syntax, v, path);
  }
}

// The data bytes of a "value", as the writer writes them. `depth` is the nesting depth of the
// list holding the value (1 for the outermost).
absl::StatusOr<std::vector<uint8_t>> EncodeTyped(uint32_t syntax, const json& v,
                                                 const std::string& path, int depth) {
  ValueListWriter writer;
  switch (KindOf(FormatOf(syntax))) {
    case ValueKind::kUnsignedInteger:
    case ValueKind::kSignedInteger:
      return EncodeInteger(syntax, v, path);
    case ValueKind::kString: {
      if (!v.is_string()) return JsonError(path, "expected a string");
      const std::string& s = v.get_ref<const std::string&>();
      if (s.find('\0') != std::string::npos) {
        return JsonError(path, "a string holding NUL is written as \"hex\"");
      }
      writer.AddString(std::string_view(s), syntax);
      break;
    }
    case ValueKind::kMultiString: {
      if (!v.is_array()) return JsonError(path, "expected an array of strings");
      std::vector<std::string_view> strings;
      for (size_t i = 0; i < v.size(); ++i) {
        std::string element = Element(path, i);
        if (!v[i].is_string()) return JsonError(element, "expected a string");
        const std::string& s = v[i].get_ref<const std::string&>();
        if (s.empty() || s.find('\0') != std::string::npos) {
          return JsonError(element, "an empty string or one holding NUL is written as \"hex\"");
        }
        strings.push_back(s);
      }
      writer.AddMultiString(strings, syntax);
      break;
    }
    case ValueKind::kPropertyList: {
      if (depth >= kMaxNestingDepth) {
        return JsonError(path, absl::StrCat("property lists nested deeper than ", kMaxNestingDepth,
                                            " are written as \"hex\""));
      }
      ASSIGN_OR_RETURN(PropertyList nested, PropertyListFromJsonAt(v, path, depth + 1));
      absl::StatusOr<std::vector<uint8_t>> bytes = EncodePropertyList(nested);
      if (!bytes.ok()) return JsonError(path, ErrorWhat(bytes.status()));
      return bytes;
    }
    case ValueKind::kBinary:
    case ValueKind::kOpaque:
      return JsonError(path, "this syntax's data is written as \"hex\"");
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
  RETURN_IF_ERROR(CheckKeys(v, path, {"syntax", "value", "hex"}));
  auto syntax_it = v.find("syntax");
  if (syntax_it == v.end()) return JsonError(path, "missing \"syntax\"");
  std::string syntax_path = Member(path, "syntax");
  ASSIGN_OR_RETURN(std::string syntax_text, StringFrom(*syntax_it, syntax_path));
  std::optional<uint32_t> syntax = SyntaxFromString(syntax_text);
  if (!syntax) return JsonError(syntax_path, "unknown syntax name");
  if (std::string canonical = SyntaxToString(*syntax); canonical != syntax_text) {
    return JsonError(syntax_path, absl::StrCat("written \"", canonical, "\""));
  }
  if (*syntax == kSyntaxEndmark || *syntax == kSyntaxName) {
    return JsonError(syntax_path, "ENDMARK and NAME are not values");
  }
  auto hex = v.find("hex");
  auto value = v.find("value");
  if ((hex == v.end()) == (value == v.end())) {
    return JsonError(path, "needs exactly one of \"value\" and \"hex\"");
  }
  Value out{*syntax, {}};
  if (hex != v.end()) {
    ASSIGN_OR_RETURN(out.data, BytesFromHex(*hex, Member(path, "hex")));
  } else {
    ASSIGN_OR_RETURN(out.data, EncodeTyped(*syntax, *value, Member(path, "value"), depth));
  }
  return out;
}

absl::StatusOr<std::vector<Value>> ValuesFromJson(const json& v, const std::string& path,
                                                  int depth) {
  if (!v.is_array()) return JsonError(path, "expected an array");
  std::vector<Value> values;
  values.reserve(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    ASSIGN_OR_RETURN(Value value, ValueFromJson(v[i], Element(path, i), depth));
    values.push_back(std::move(value));
  }
  return values;
}

absl::StatusOr<std::u16string> NameFromJson(const json& v, const std::string& path) {
  auto name = v.find("name");
  auto name_hex = v.find("name_hex");
  if ((name == v.end()) == (name_hex == v.end())) {
    return JsonError(path, "needs exactly one of \"name\" and \"name_hex\"");
  }
  if (name != v.end()) {
    std::string name_path = Member(path, "name");
    ASSIGN_OR_RETURN(std::string utf8, StringFrom(*name, name_path));
    absl::StatusOr<std::u16string> utf16 = Utf8ToUtf16(utf8);
    if (!utf16.ok()) return JsonError(name_path, "not well-formed UTF-8");
    if (utf16->find(u'\0') != std::u16string::npos) {
      return JsonError(name_path, "a name holding NUL is written as \"name_hex\"");
    }
    return utf16;
  }
  std::string hex_path = Member(path, "name_hex");
  ASSIGN_OR_RETURN(std::vector<uint8_t> units, BytesFromHex(*name_hex, hex_path));
  if (units.size() % 2 != 0) return JsonError(hex_path, "odd number of bytes");
  std::u16string utf16;
  for (size_t i = 0; i < units.size(); i += 2) {
    utf16.push_back(static_cast<char16_t>(internal::LoadLE16(&units[i])));
  }
  if (utf16.find(u'\0') == std::u16string::npos && IsWellFormedUtf16(utf16)) {
    return JsonError(hex_path, "a well-formed name without NUL is written as \"name\"");
  }
  return utf16;
}

absl::StatusOr<Property> PropertyFromJson(const json& v, const std::string& path, int depth) {
  if (!v.is_object()) return JsonError(path, "expected an object");
  RETURN_IF_ERROR(CheckKeys(v, path, {"name", "name_hex", "values"}));
  Property property;
  ASSIGN_OR_RETURN(property.name, NameFromJson(v, path));
  auto values = v.find("values");
  if (values == v.end()) return JsonError(path, "missing \"values\"");
  std::string values_path = Member(path, "values");
  ASSIGN_OR_RETURN(property.values, ValuesFromJson(*values, values_path, depth));
  if (property.values.empty()) return JsonError(values_path, "a property needs a value");
  return property;
}

absl::StatusOr<std::vector<uint8_t>> TrailingBytesFromJson(const json& v, const std::string& path) {
  auto it = v.find("trailing_bytes");
  if (it == v.end()) return std::vector<uint8_t>();
  std::string bytes_path = Member(path, "trailing_bytes");
  ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, BytesFromHex(*it, bytes_path));
  if (bytes.empty()) return JsonError(bytes_path, "written only when there are trailing bytes");
  return bytes;
}

// `depth`: 1 for the outermost list.
absl::StatusOr<PropertyList> PropertyListFromJsonAt(const json& v, const std::string& path,
                                                    int depth) {
  if (!v.is_object()) return JsonError(path, "expected an object");
  RETURN_IF_ERROR(CheckKeys(v, path, {"properties", "trailing_endmark", "trailing_bytes"}));
  auto properties = v.find("properties");
  if (properties == v.end()) return JsonError(path, "missing \"properties\"");
  std::string properties_path = Member(path, "properties");
  if (!properties->is_array()) return JsonError(properties_path, "expected an array");
  PropertyList list;
  list.properties.reserve(properties->size());
  for (size_t i = 0; i < properties->size(); ++i) {
    ASSIGN_OR_RETURN(Property property,
                     PropertyFromJson((*properties)[i], Element(properties_path, i), depth));
    list.properties.push_back(std::move(property));
  }
  auto trailer = v.find("trailing_endmark");
  if (trailer == v.end()) return JsonError(path, "missing \"trailing_endmark\"");
  if (!trailer->is_boolean()) {
    return JsonError(Member(path, "trailing_endmark"), "expected true or false");
  }
  list.trailing_endmark = trailer->get<bool>();
  ASSIGN_OR_RETURN(list.trailing_bytes, TrailingBytesFromJson(v, path));
  if (!list.trailing_bytes.empty()) {
    std::string bytes_path = Member(path, "trailing_bytes");
    if (depth > 1) return JsonError(bytes_path, "a nested list has no trailing bytes");
    static constexpr uint8_t kEndmark[kEndmarkSize] = {};
    if (!list.trailing_endmark && list.trailing_bytes.size() >= kEndmarkSize &&
        std::memcmp(list.trailing_bytes.data(), kEndmark, kEndmarkSize) == 0) {
      return JsonError(bytes_path,
                       "cannot start with an ENDMARK (00000000) when \"trailing_endmark\" is "
                       "false: it would read back as the trailer");
    }
  }
  return list;
}

// ---- the round-trip check -------------------------------------------------------------------

std::string Shown(const json& v) {
  std::string text = v.dump();
  if (text.size() > 100) text = text.substr(0, 97) + "...";
  return text;
}

bool SameKind(const json& a, const json& b) {
  return a.type() == b.type() || (a.is_number() && b.is_number());
}

// The first place where `expected` (the input) and `actual` (what its encoding decodes as)
// differ; OK when they are equal.
absl::Status FirstDifference(const json& expected, const json& actual, const std::string& path) {
  if (expected == actual) return absl::OkStatus();
  if (SameKind(expected, actual) && expected.is_object() && expected.size() == actual.size()) {
    bool same_keys = true;
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      same_keys = same_keys && actual.contains(it.key());
    }
    for (auto it = expected.begin(); same_keys && it != expected.end(); ++it) {
      RETURN_IF_ERROR(FirstDifference(it.value(), actual[it.key()], Member(path, it.key())));
    }
  }
  if (SameKind(expected, actual) && expected.is_array() && expected.size() == actual.size()) {
    for (size_t i = 0; i < expected.size(); ++i) {
      RETURN_IF_ERROR(FirstDifference(expected[i], actual[i], Element(path, i)));
    }
  }
  return JsonError(path, absl::StrCat("decodes as ", Shown(actual), "; write that instead"));
}

// `text`: the JSON form of the encoded input, or why the encoding is not a valid list.
absl::Status CheckRoundTrip(const json& input, const absl::StatusOr<std::string>& text) {
  if (!text.ok()) {
    return JsonError(
        "$", absl::StrCat("the values do not form a valid list: ", FormatError(text.status())));
  }
  absl::StatusOr<json> decoded = ParseJson(*text);
  if (!decoded.ok()) return decoded.status();  // out of the mapping's own writer: never
  absl::Status difference = FirstDifference(input, *decoded, "");
  ClearWithoutAllocating(&*decoded);
  return difference;
}

}  // namespace

void ClearWithoutAllocating(json* doc) {
  // The deepest container first, element by element: each element destroyed is a scalar or an
  // empty container, whose destructor allocates nothing.
  json* stack[kMaxJsonDepth + 1];
  int top = 0;
  stack[0] = doc;
  while (top >= 0) {
    json* container = stack[top];
    json* last = nullptr;
    if (container->is_array() && !container->empty()) {
      last = &container->back();
    } else if (container->is_object() && !container->empty()) {
      last = &std::prev(container->get_ref<json::object_t&>().end())->second;
    } else {
      --top;
      continue;
    }
    if (last->is_structured() && !last->empty() && top < kMaxJsonDepth) {
      stack[++top] = last;
    } else if (container->is_array()) {
      container->get_ref<json::array_t&>().pop_back();
    } else {
      auto& members = container->get_ref<json::object_t&>();
      members.erase(std::prev(members.end()));
    }
  }
}

absl::StatusOr<json> ParseJson(std::string_view text) {
  DocumentBuilder builder;
  json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json,
                  /*strict=*/true, /*ignore_comments=*/false);
  absl::StatusOr<json> document = builder.Take();
  // The parser takes a NUL byte for the end of the input. Inside a string or before the end of
  // the document it has failed already; a NUL that got this far follows the whole document.
  if (size_t nul = text.find('\0'); document.ok() && nul != std::string_view::npos) {
    ClearWithoutAllocating(&*document);
    return JsonError("$",
                     absl::StrCat("invalid JSON at byte ", nul, ": a NUL byte after the document"));
  }
  return document;
}

absl::StatusOr<PropertyList> PropertyListFromJson(const json& v) {
  ASSIGN_OR_RETURN(PropertyList list, PropertyListFromJsonAt(v, "", 1));
  absl::StatusOr<std::vector<uint8_t>> bytes = EncodePropertyList(list);
  if (!bytes.ok()) return JsonError("$", ErrorWhat(bytes.status()));
  RETURN_IF_ERROR(CheckRoundTrip(v, PropertyListToJsonText(*bytes, kCompact)));
  return list;
}

absl::StatusOr<ValueList> ValueListFromJson(const json& v) {
  if (!v.is_object()) return JsonError("$", "expected an object");
  RETURN_IF_ERROR(CheckKeys(v, "", {"values", "trailing_bytes"}));
  auto values = v.find("values");
  if (values == v.end()) return JsonError("$", "missing \"values\"");
  ValueList list;
  ASSIGN_OR_RETURN(list.values, ValuesFromJson(*values, "values", 1));
  ASSIGN_OR_RETURN(list.trailing_bytes, TrailingBytesFromJson(v, ""));
  absl::StatusOr<std::vector<uint8_t>> bytes = EncodeValueList(list);
  if (!bytes.ok()) return JsonError("$", ErrorWhat(bytes.status()));
  RETURN_IF_ERROR(CheckRoundTrip(v, ValueListToJsonText(*bytes, kCompact)));
  return list;
}

}  // namespace clusprop
