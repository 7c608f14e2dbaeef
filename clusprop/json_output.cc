#include "clusprop/json_output.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "clusprop/internal/endian.h"
#include "clusprop/syntax.h"
#include "clusprop/utf16.h"

namespace clusprop {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

// Four UTF-16 code units at a time, as one little-endian 64-bit word.
constexpr uint64_t kLanes = 0x0001000100010001u;
constexpr uint64_t kLaneHighBits = 0x8000800080008000u;
// Some lane is below `n` (n <= 0x8000, lanes below 0x8000).
constexpr bool AnyLaneBelow(uint64_t x, uint16_t n) {
  return ((x - kLanes * n) & ~x & kLaneHighBits) != 0;
}
constexpr bool AnyLaneEquals(uint64_t x, uint16_t n) { return AnyLaneBelow(x ^ (kLanes * n), 1); }
// Every lane is ASCII (below 0x80).
constexpr bool AllAscii(uint64_t x) { return (x & (kLanes * 0xFF80)) == 0; }
// Every lane is a character written as itself in a JSON string: 0x20-0x7F but '"' and '\\'.
constexpr bool AllPlain(uint64_t x) {
  return AllAscii(x) && !AnyLaneBelow(x, 0x20) && !AnyLaneEquals(x, '"') && !AnyLaneEquals(x, '\\');
}
// Code units converted per Reserve(): at most 6 output bytes each (\u00XX).
constexpr size_t kUnitsPerBlock = 4096;
constexpr size_t kBytesPerBlock = 16384;

// JSON text laid out as json_output.h states: with an indent, members on lines of their own and
// "key": value; empty containers as {} and [].
class Emitter {
 public:
  Emitter(TextOutput* out, int indent) : out_(out), indent_(indent) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // A member's key; REQUIRES: `key` needs no escaping.
  void Key(std::string_view key) {
    Member();
    char* p = out_->Reserve(key.size() + 4);
    *p++ = '"';
    std::memcpy(p, key.data(), key.size());
    p += key.size();
    *p++ = '"';
    *p++ = ':';
    if (indent_ >= 0) *p++ = ' ';
    out_->Commit(p);
  }
  // Before each array element.
  void Element() { Member(); }

  template <typename Integer>
  void Number(Integer value) {
    char* begin = out_->Reserve(24);
    out_->Commit(std::to_chars(begin, begin + 24, value).ptr);
  }
  void Bool(bool value) { out_->Append(value ? std::string_view("true") : "false"); }
  void Ascii(std::string_view text) {  // REQUIRES: nothing to escape
    out_->Append('"');
    out_->Append(text);
    out_->Append('"');
  }
  void Syntax(uint32_t syntax) {
    if (syntax != last_syntax_ || last_syntax_name_.empty()) {  // lists repeat their syntaxes
      std::optional<std::string_view> name = SyntaxName(syntax);
      if (!name) {
        char text[10] = {'0', 'x'};
        for (int i = 0; i < 8; ++i) text[2 + i] = kHexDigits[(syntax >> (28 - 4 * i)) & 0xF];
        return Ascii(std::string_view(text, sizeof(text)));
      }
      last_syntax_ = syntax;
      last_syntax_name_ = *name;
    }
    Ascii(last_syntax_name_);
  }

  void Hex(absl::Span<const uint8_t> bytes) {
    out_->Append('"');
    for (size_t done = 0; done < bytes.size(); done += kBytesPerBlock) {
      size_t n = std::min(kBytesPerBlock, bytes.size() - done);
      char* p = out_->Reserve(2 * n);
      for (size_t i = 0; i < n; ++i) {
        *p++ = kHexDigits[bytes[done + i] >> 4];
        *p++ = kHexDigits[bytes[done + i] & 0xF];
      }
      out_->Commit(p);
    }
    out_->Append('"');
  }

  // REQUIRES: `text` is well-formed UTF-16.
  void String(Utf16View text) {
    out_->Append('"');
    size_t i = 0;
    while (i < text.size()) {
      size_t end = std::min(text.size(), i + kUnitsPerBlock);
      if (end < text.size() && IsHighSurrogate(text[end - 1])) ++end;  // keep pairs together
      char* p = out_->Reserve(6 * (end - i));
      const uint8_t* units = text.bytes().data();
      for (; i < end; ++i) {
        while (i + 4 <= end && AllPlain(internal::LoadLE64(units + 2 * i))) {
          uint64_t x = internal::LoadLE64(units + 2 * i);
          for (int k = 0; k < 4; ++k) p[k] = static_cast<char>(x >> (16 * k));
          p += 4;
          i += 4;
        }
        if (i == end) break;
        char16_t u = text[i];
        if (u >= 0x20 && u < 0x80 && u != '"' && u != '\\') {  // most text: one byte as it is
          *p++ = static_cast<char>(u);
        } else {
          p = PutUnit(text, &i, p);
        }
      }
      out_->Commit(p);
    }
    out_->Append('"');
  }

 private:
  static bool IsHighSurrogate(char16_t u) { return u >= 0xD800 && u <= 0xDBFF; }

  // Writes the character starting at unit *i (advancing *i past a surrogate pair's first half).
  static char* PutUnit(Utf16View text, size_t* i, char* p) {
    char32_t c = text[*i];
    if (c < 0x80) {
      if (c >= 0x20 && c != '"' && c != '\\') {
        *p++ = static_cast<char>(c);
        return p;
      }
      *p++ = '\\';
      switch (c) {
        case '"':
          *p++ = '"';
          return p;
        case '\\':
          *p++ = '\\';
          return p;
        case '\b':
          *p++ = 'b';
          return p;
        case '\f':
          *p++ = 'f';
          return p;
        case '\n':
          *p++ = 'n';
          return p;
        case '\r':
          *p++ = 'r';
          return p;
        case '\t':
          *p++ = 't';
          return p;
        default:
          *p++ = 'u';
          *p++ = '0';
          *p++ = '0';
          *p++ = kHexDigits[c >> 4];
          *p++ = kHexDigits[c & 0xF];
          return p;
      }
    }
    if (c < 0x800) {
      *p++ = static_cast<char>(0xC0 | (c >> 6));
      *p++ = static_cast<char>(0x80 | (c & 0x3F));
      return p;
    }
    if (IsHighSurrogate(static_cast<char16_t>(c))) {  // well-formed: a low surrogate follows
      c = 0x10000 + ((c - 0xD800) << 10) + (text[++*i] - 0xDC00);
      *p++ = static_cast<char>(0xF0 | (c >> 18));
      *p++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      *p++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *p++ = static_cast<char>(0x80 | (c & 0x3F));
      return p;
    }
    *p++ = static_cast<char>(0xE0 | (c >> 12));
    *p++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *p++ = static_cast<char>(0x80 | (c & 0x3F));
    return p;
  }

  void Open(char c) {
    out_->Append(c);
    ++level_;
    first_ = true;
  }
  void Close(char c) {
    --level_;
    if (!first_) NewLine();
    out_->Append(c);
    first_ = false;
  }
  void Member() {
    if (!first_) out_->Append(',');
    NewLine();
    first_ = false;
  }
  void NewLine() {
    if (indent_ < 0) return;
    size_t spaces = static_cast<size_t>(indent_) * level_;
    char* p = out_->Reserve(1 + spaces);
    *p = '\n';
    std::memset(p + 1, ' ', spaces);
    out_->Commit(p + 1 + spaces);
  }

  TextOutput* out_;
  int indent_;
  int level_ = 0;
  bool first_ = true;
  uint32_t last_syntax_ = 0;
  std::string_view last_syntax_name_;
};

bool PaddingIsZero(absl::Span<const uint8_t> data) {
  const uint8_t* pad = data.data() + data.size();
  for (size_t i = data.size(); i < AlignUp(data.size()); ++i) {
    if (*pad++ != 0) return false;
  }
  return true;
}

// Every padding byte of `list`'s own entries (names and values, not inside nested values) is 0.
bool ListPaddingIsZero(const PropertyListReader& list) {
  for (PropertyView property : list) {
    // The name's data: its units and the NUL (name_length bytes), then padding.
    absl::Span<const uint8_t> name_data(property.name().bytes().data(), property.name_length());
    if (!PaddingIsZero(name_data)) return false;
    for (ValueView value : property.values()) {
      if (!PaddingIsZero(value.data())) return false;
    }
  }
  return true;
}

// Whether `value` (in a list at nesting depth `depth`) has the "value" form; when it is a nested
// list, that list is returned in `nested`.
bool HasTypedForm(const ValueView& value, int depth, std::optional<PropertyListReader>* nested) {
  uint32_t length = value.length();
  if (length == 0 || !HasNamedOrUserType(value.syntax())) return false;
  switch (KindOf(value.format())) {
    case ValueKind::kUnsignedInteger:
    case ValueKind::kSignedInteger:
      return length == FixedSizeOf(value.format());
    case ValueKind::kString:
      return value.AsString().ok();
    case ValueKind::kMultiString: {
      absl::StatusOr<MultiStringView> strings = value.AsMultiString();
      return strings.ok() && (!strings->empty() || length == 2);
    }
    case ValueKind::kPropertyList: {
      if (depth >= kMaxNestingDepth) return false;
      absl::StatusOr<PropertyListReader> list = value.AsPropertyList();
      if (!list.ok() || !ListPaddingIsZero(*list)) return false;
      nested->emplace(*list);
      return true;
    }
    case ValueKind::kBinary:
    case ValueKind::kOpaque:
      return false;
  }
  return false;
}

// A name is shown as a string when it is text: well-formed and without NUL.
bool IsText(Utf16View name) {
  const uint8_t* units = name.bytes().data();
  size_t i = 0;
  for (; i + 4 <= name.size(); i += 4) {  // ASCII without NUL, four units at a time
    uint64_t x = internal::LoadLE64(units + 2 * i);
    if (!AllAscii(x) || AnyLaneBelow(x, 1)) break;
  }
  bool surrogates = false;
  for (; i < name.size(); ++i) {
    char16_t u = name[i];
    if (u == 0) return false;
    surrogates |= (u & 0xF800) == 0xD800;
  }
  return !surrogates || name.IsWellFormed();
}

class ListEmitter {
 public:
  ListEmitter(TextOutput* out, int indent) : json_(out, indent) {}

  void PropertyList(const PropertyListReader& list, int depth) {
    json_.BeginObject();
    json_.Key("properties");
    json_.BeginArray();
    for (PropertyView property : list) {
      json_.Element();
      Property(property, depth);
    }
    json_.EndArray();
    json_.Key("trailing_endmark");
    json_.Bool(list.has_trailing_endmark());
    TrailingBytes(list.trailing_bytes());
    json_.EndObject();
  }

  void ValueList(const ValueListReader& list) {
    json_.BeginObject();
    json_.Key("values");
    Values(list.begin(), list.end(), 1);
    TrailingBytes(list.trailing_bytes());
    json_.EndObject();
  }

  void Property(PropertyView property, int depth) {
    json_.BeginObject();
    Utf16View name = property.name();
    if (IsText(name)) {
      json_.Key("name");
      json_.String(name);
    } else {
      json_.Key("name_hex");
      json_.Hex(name.bytes());
    }
    json_.Key("values");
    Values(property.values().begin(), property.values().end(), depth);
    json_.EndObject();
  }

  bool TypedValue(const ValueView& value, int depth) {
    std::optional<PropertyListReader> nested;
    if (!HasTypedForm(value, depth, &nested)) return false;
    Data(value, depth, nested);
    return true;
  }

 private:
  void TrailingBytes(absl::Span<const uint8_t> bytes) {
    if (bytes.empty()) return;
    json_.Key("trailing_bytes");
    json_.Hex(bytes);
  }

  void Values(ValueIterator begin, ValueIterator end, int depth) {
    json_.BeginArray();
    for (ValueIterator it = begin; it != end; ++it) {
      json_.Element();
      Value(*it, depth);
    }
    json_.EndArray();
  }

  void Value(const ValueView& value, int depth) {
    json_.BeginObject();
    json_.Key("syntax");
    json_.Syntax(value.syntax());
    std::optional<PropertyListReader> nested;
    if (HasTypedForm(value, depth, &nested)) {
      json_.Key("value");
      Data(value, depth, nested);
    } else {
      json_.Key("hex");
      json_.Hex(value.data());
    }
    json_.EndObject();
  }

  // REQUIRES: HasTypedForm(value, depth, &nested).
  void Data(const ValueView& value, int depth, const std::optional<PropertyListReader>& nested) {
    switch (KindOf(value.format())) {
      case ValueKind::kUnsignedInteger:
      case ValueKind::kSignedInteger:
        return Integer(value.format(), value.data().data());
      case ValueKind::kMultiString: {
        absl::StatusOr<MultiStringView> strings = value.AsMultiString();
        json_.BeginArray();
        for (Utf16View s : *strings) {
          json_.Element();
          json_.String(s);
        }
        return json_.EndArray();
      }
      case ValueKind::kPropertyList:
        return PropertyList(*nested, depth + 1);
      case ValueKind::kString:
      case ValueKind::kBinary:  // not reached: HasTypedForm refuses them
      case ValueKind::kOpaque:
        return json_.String(*value.AsString());
    }
  }

  // The number in `data`: FixedSizeOf(format) bytes (2, 4 or 8) of an integer format.
  void Integer(Format format, const uint8_t* data) {
    const bool is_signed = KindOf(format) == ValueKind::kSignedInteger;
    switch (FixedSizeOf(format)) {
      case 2:
        if (is_signed) return json_.Number(static_cast<int16_t>(internal::LoadLE16(data)));
        return json_.Number(internal::LoadLE16(data));
      case 4:
        if (is_signed) return json_.Number(static_cast<int32_t>(internal::LoadLE32(data)));
        return json_.Number(internal::LoadLE32(data));
      default:
        if (is_signed) return json_.Number(static_cast<int64_t>(internal::LoadLE64(data)));
        return json_.Number(internal::LoadLE64(data));
    }
  }

  Emitter json_;
};

template <typename Reader>
absl::StatusOr<std::string> ToJsonText(absl::Span<const uint8_t> bytes, int indent) {
  absl::StatusOr<Reader> list = Reader::Open(bytes);
  if (!list.ok()) return list.status();
  std::string text;
  TextOutput out(AppendTo(&text));
  WriteJson(*list, &out, indent);
  out.Append('\n');
  out.Flush().IgnoreError();  // appending to a string cannot fail
  return text;
}

}  // namespace

void WriteJson(const PropertyListReader& list, TextOutput* out, int indent) {
  ListEmitter(out, indent).PropertyList(list, 1);
}

void WriteJson(const ValueListReader& list, TextOutput* out, int indent) {
  ListEmitter(out, indent).ValueList(list);
}

void WriteJson(PropertyView property, TextOutput* out, int indent) {
  ListEmitter(out, indent).Property(property, 1);
}

bool WriteTypedValue(const ValueView& value, int depth, TextOutput* out, int indent) {
  return ListEmitter(out, indent).TypedValue(value, depth);
}

bool WriteName(Utf16View name, TextOutput* out) {
  Emitter json(out, kCompact);
  bool text = IsText(name);
  if (text) {
    json.String(name);
  } else {
    json.Hex(name.bytes());
  }
  return text;
}

absl::StatusOr<std::string> PropertyListToJsonText(absl::Span<const uint8_t> bytes, int indent) {
  return ToJsonText<PropertyListReader>(bytes, indent);
}

absl::StatusOr<std::string> ValueListToJsonText(absl::Span<const uint8_t> bytes, int indent) {
  return ToJsonText<ValueListReader>(bytes, indent);
}

}  // namespace clusprop
