#include "tools/cli.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <limits>
#include <map>
#include <new>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clusprop/control_buffer.h"
#include "clusprop/control_code.h"
#include "clusprop/json.h"
#include "clusprop/json_output.h"
#include "clusprop/lookup.h"
#include "clusprop/model.h"
#include "clusprop/reader.h"
#include "clusprop/text_output.h"
#include "clusprop/utf16.h"
#include "clusprop/win32_error.h"
#include "nlohmann/json.hpp"
#include "offline/flags.h"
#include "offline/instruction.h"
#include "offline/policy.h"
#include "offline/state.h"

namespace clusprop {
namespace cli {
namespace {

constexpr char kToolUsage[] =
    "usage: clusprop COMMAND [OPTIONS] [FILE|-]\n"
    "\n"
    "Decode, encode, validate and inspect CLUSPROP property lists (Windows Failover Cluster).\n"
    "FILE defaults to standard input (-).\n"
    "\n"
    "commands:\n"
    "  decode     binary list -> JSON\n"
    "  encode     JSON -> binary list\n"
    "  validate   check a binary list and summarize it\n"
    "  dump       annotated listing of every entry\n"
    "  find NAME  the named property (case-insensitive) as JSON\n"
    "  offline-check --type TYPE ...\n"
    "             check an offline request against the compatibility policy\n"
    "  control CODE\n"
    "             the name and fields of a cluster control code (reads no input)\n"
    "\n"
    "Every command that reads input takes --max-input-size N: refuse input larger than N bytes\n"
    "(a suffix K, M or G multiplies by 1024, 1024^2, 1024^3; default 1G).\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  invalid input, a rejected request, unreadable input or out of memory (one line on\n"
    "     stderr: \"error: NAME (CODE)...\"; nothing on stdout)\n"
    "  2  usage error\n"
    "  3  standard output could not be written (error: ERROR_WRITE_FAULT (29)...)\n"
    "`clusprop COMMAND --help` for more.\n";

constexpr char kMaxInputSizeOption[] = "--max-input-size";

struct Args {
  std::vector<std::string> flags;
  std::map<std::string, std::string> options;  // "--type" -> "Virtual Machine"
  std::vector<std::string> positionals;
  std::string file = "-";
  uint64_t max_input_size = kDefaultMaxInputSize;

  bool Has(std::string_view flag) const {
    return std::find(flags.begin(), flags.end(), flag) != flags.end();
  }
  std::optional<std::string> Option(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
  }
};

// What a command works with: its arguments, the tool's I/O, and standard output as a stream.
struct Context {
  const Args& args;
  Io* io;
  TextOutput* out;
};

// A usage problem found while running a command (a bad option value).
struct UsageProblem {
  std::string problem;
};

struct Command {
  const char* name;
  const char* usage;
  std::vector<std::string> flags;    // accepted boolean flags
  std::vector<std::string> options;  // accepted options with a value: --name VALUE, --name=VALUE
  int positionals;                   // required positionals before [FILE]
  int (*run)(const Context&);
  bool reads_input = true;  // takes [FILE|-]
};

int Fail(const Context& context, const absl::Status& status) {
  context.io->err += absl::StrCat("error: ", FormatError(status), "\n");
  return kExitInvalid;
}

absl::StatusOr<std::string> ReadInput(const Context& context, uint64_t max_size) {
  std::string data;
  absl::Status read = context.io->read(context.args.file, max_size, &data);
  if (!read.ok()) return read;
  return data;
}

absl::StatusOr<std::string> ReadInput(const Context& context) {
  return ReadInput(context, context.args.max_input_size);
}

// Decimal digits, or 0x and hex digits, and nothing else (no sign, no spaces).
template <typename T>
bool ParseNumber(std::string_view text, T* value) {
  bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  if (hex) text.remove_prefix(2);
  if (text.empty()) return false;
  for (char c : text) {
    if (!(hex ? absl::ascii_isxdigit(static_cast<unsigned char>(c))
              : absl::ascii_isdigit(static_cast<unsigned char>(c)))) {
      return false;
    }
  }
  absl::string_view digits(text.data(), text.size());
  return hex ? absl::SimpleHexAtoi(digits, value) : absl::SimpleAtoi(digits, value);
}

// "1048576", "0x100000", "1024K", "1M", "1G".
std::optional<uint64_t> ParseSize(std::string_view text) {
  uint64_t unit = 1;
  if (!text.empty()) {
    switch (text.back()) {
      case 'K':
      case 'k':
        unit = uint64_t{1} << 10;
        break;
      case 'M':
      case 'm':
        unit = uint64_t{1} << 20;
        break;
      case 'G':
      case 'g':
        unit = uint64_t{1} << 30;
        break;
      default:
        break;
    }
    if (unit != 1) text.remove_suffix(1);
  }
  uint64_t value = 0;
  if (!ParseNumber(text, &value) || value > std::numeric_limits<uint64_t>::max() / unit) {
    return std::nullopt;
  }
  return value * unit;
}

absl::Span<const uint8_t> AsBytes(const std::string& data) {
  return absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(data.data()), data.size());
}

// ---- control codes --------------------------------------------------------------------------

// A control code: decimal, 0x hex, or a CLUSCTL_* name.
std::optional<uint32_t> ParseControlCode(std::string_view text) {
  uint32_t code = 0;
  if (ParseNumber(text, &code)) return code;
  return ControlCodeFromName(text);
}

std::string ControlCodeArgument(std::string_view text, const char* what) {
  return absl::StrCat(what, " needs a control code: a number (decimal or 0x hex) or a CLUSCTL_* ",
                      "name, not '", PrintableText(text), "'");
}

// "CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES (object RESOURCE, function 33, access WRITE, modify)"
int RunControl(const Context& context) {
  const std::string& text = context.args.positionals[0];
  std::optional<uint32_t> code = ParseControlCode(text);
  if (!code) throw UsageProblem{ControlCodeArgument(text, "CODE")};
  const ControlCodeFields fields = DecodeControlCode(*code);
  std::string line = ControlCodeName(*code).value_or("unknown");
  std::optional<std::string_view> object = ControlObjectName(fields.object);
  std::optional<std::string_view> access = ControlAccessName(fields.access);
  absl::StrAppend(&line, " (object ",
                  object ? std::string(*object) : std::to_string(static_cast<int>(fields.object)),
                  ", function ", fields.function, ", access ",
                  access ? std::string(*access) : std::to_string(static_cast<int>(fields.access)));
  if (fields.modify) line += ", modify";
  if (fields.internal) line += ", internal";
  if (fields.global) line += ", global";
  if (fields.user) line += ", user";
  context.out->Append(line + ")\n");
  return kExitOk;
}

// What `decode --control CODE [--input|--output]` reads: the buffer the code carries that way;
// nullopt without --control. Every problem is a usage error, found before the input is read.
std::optional<ControlBuffer> ControlBufferToDecode(const Args& args) {
  const bool input = args.Has("--input");
  std::optional<std::string> text = args.Option("--control");
  if (!text) {
    if (input || args.Has("--output")) throw UsageProblem{"--input and --output need --control"};
    return std::nullopt;
  }
  if (input && args.Has("--output")) throw UsageProblem{"--input and --output exclude each other"};
  if (args.Has("--value-list")) throw UsageProblem{"--control and --value-list exclude each other"};
  std::optional<uint32_t> code = ParseControlCode(*text);
  if (!code) throw UsageProblem{ControlCodeArgument(*text, "--control")};
  const NamedControlCode* named = FindControlCode(*code);
  if (named == nullptr) {
    throw UsageProblem{absl::StrCat("--control ", PrintableText(*text),
                                    ": not a control code whose buffers are known")};
  }
  const std::string name = ControlCodeName(*named);
  const char* direction = input ? "input" : "output";
  switch (input ? named->input : named->output) {
    case ControlBuffer::kUnknown:
      throw UsageProblem{
          absl::StrCat(name, ": what its ", direction, " buffer holds is not known")};
    case ControlBuffer::kNone:
      throw UsageProblem{absl::StrCat(name, " has no ", direction, " buffer")};
    default:
      return input ? named->input : named->output;
  }
}

// A control code's buffer that is not a property list, as JSON: a name list as an array of
// strings, a DWORD as a number, a string as a string, class info as an object.
absl::Status DecodeControlValue(ControlBuffer buffer, absl::Span<const uint8_t> bytes,
                                TextOutput* out) {
  switch (buffer) {
    case ControlBuffer::kNameList: {
      absl::StatusOr<MultiStringView> names = ReadMultiStringBuffer(bytes);
      if (!names.ok()) return names.status();
      if (names->empty()) {
        out->Append("[]");
        break;
      }
      out->Append('[');
      const char* separator = "\n  ";
      for (Utf16View name : *names) {
        out->Append(separator);
        WriteName(name, out);  // text: the reader checked it
        separator = ",\n  ";
      }
      out->Append("\n]");
      break;
    }
    case ControlBuffer::kDword: {
      absl::StatusOr<uint32_t> value = ReadDwordBuffer(bytes);
      if (!value.ok()) return value.status();
      out->Append(std::to_string(*value));
      break;
    }
    case ControlBuffer::kString: {
      absl::StatusOr<Utf16View> text = ReadStringBuffer(bytes);
      if (!text.ok()) return text.status();
      WriteName(*text, out);  // text: the reader checked it
      break;
    }
    case ControlBuffer::kClassInfo: {
      absl::StatusOr<ResourceClassInfo> info = ReadClassInfoBuffer(bytes);
      if (!info.ok()) return info.status();
      out->Append(absl::StrCat("{\n  \"class\": ", info->resource_class,
                               ",\n  \"subclass\": ", info->subclass, "\n}"));
      break;
    }
    default:  // the lists are decoded by RunDecode
      return Win32Error(kErrorInternalError, "not a control value");
  }
  out->Append('\n');
  return absl::OkStatus();
}

// ---- decode / encode ------------------------------------------------------------------------

// A control buffer's size is a DWORD.
constexpr uint64_t kMaxControlBufferSize = std::numeric_limits<uint32_t>::max();

int RunDecode(const Context& context) {
  const std::optional<ControlBuffer> control = ControlBufferToDecode(context.args);
  absl::StatusOr<std::string> data =
      control ? ReadInput(context, std::min(context.args.max_input_size, kMaxControlBufferSize))
              : ReadInput(context);
  if (!data.ok()) return Fail(context, data.status());
  // Property lists and property-format lists are decoded as the plain command does.
  if (control && *control != ControlBuffer::kPropertyList &&
      *control != ControlBuffer::kPropertyFormatList) {
    absl::Status decoded = DecodeControlValue(*control, AsBytes(*data), context.out);
    if (!decoded.ok()) return Fail(context, decoded);
    return kExitOk;
  }
  if (context.args.Has("--value-list")) {
    absl::StatusOr<ValueListReader> list = ValueListReader::Open(AsBytes(*data));
    if (!list.ok()) return Fail(context, list.status());
    WriteJson(*list, context.out);
  } else {
    absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(AsBytes(*data));
    if (!list.ok()) return Fail(context, list.status());
    WriteJson(*list, context.out);
  }
  context.out->Append('\n');
  return kExitOk;
}

// Clears a parsed document without allocating when it goes out of scope (see json.h).
struct JsonTeardown {
  absl::StatusOr<nlohmann::json>* doc;
  ~JsonTeardown() {
    if (doc->ok()) ClearWithoutAllocating(&**doc);
  }
};

int RunEncode(const Context& context) {
  absl::StatusOr<nlohmann::json> json;
  JsonTeardown teardown{&json};
  {
    absl::StatusOr<std::string> data = ReadInput(context);
    if (!data.ok()) return Fail(context, data.status());
    json = ParseJson(*data);
  }  // the text is freed before the list is built
  if (!json.ok()) return Fail(context, json.status());
  absl::StatusOr<std::vector<uint8_t>> bytes;
  if (context.args.Has("--value-list")) {
    absl::StatusOr<ValueList> list = ValueListFromJson(*json);
    if (!list.ok()) return Fail(context, list.status());
    bytes = EncodeValueList(*list);
  } else {
    // Without the trailer, as if the JSON said so (and checked as such).
    if (context.args.Has("--no-trailing-endmark") && json->is_object() &&
        json->contains("trailing_endmark")) {
      (*json)["trailing_endmark"] = false;
    }
    absl::StatusOr<PropertyList> list = PropertyListFromJson(*json);
    if (!list.ok()) return Fail(context, list.status());
    bytes = EncodePropertyList(*list);
  }
  if (!bytes.ok()) return Fail(context, bytes.status());
  context.out->Append(
      std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
  return kExitOk;
}

// ---- validate -------------------------------------------------------------------------------

int RunValidate(const Context& context) {
  absl::StatusOr<std::string> data = ReadInput(context);
  if (!data.ok()) return Fail(context, data.status());
  ReadOptions options{.strict = context.args.Has("--strict")};
  bool value_list = context.args.Has("--value-list");
  absl::StatusOr<ListInfo> info = value_list ? ValidateValueList(AsBytes(*data), options)
                                             : ValidatePropertyList(AsBytes(*data), options);
  if (!info.ok()) return Fail(context, info.status());
  std::string line = absl::StrCat("valid ", value_list ? "value list" : "property list",
                                  options.strict ? " (strict)" : "", ": ");
  if (!value_list) absl::StrAppend(&line, info->property_count, " properties, ");
  absl::StrAppend(&line, info->value_count, " values, ", info->list_size, " bytes");
  if (!value_list) {
    absl::StrAppend(&line, info->trailing_endmark ? ", trailing ENDMARK" : ", no trailing ENDMARK");
  }
  if (info->trailing_bytes > 0) {
    absl::StrAppend(&line, ", ", info->trailing_bytes, " bytes after the list");
  }
  context.out->Append(line + "\n");
  return kExitOk;
}

// ---- dump -----------------------------------------------------------------------------------

// An annotated hex view: every byte of the list on a line with what it is, 16 bytes at most per
// line, padding and ENDMARKs shown, nested lists (up to kMaxNestingDepth) indented. Written as
// it is produced.
class Dumper {
 public:
  Dumper(absl::Span<const uint8_t> bytes, TextOutput* out) : bytes_(bytes), out_(out) {
    Text("offset    bytes                                            meaning\n");
  }

  void PropertyList(const PropertyListReader& list, int depth) {
    Line(list.offset(), 4, depth, "property count " + std::to_string(list.size()));
    for (PropertyView property : list) {
      Line(property.offset(), kValueHeaderSize, depth,
           "NAME, cbLength " + std::to_string(property.name_length()));
      Begin(property.offset() + kValueHeaderSize, std::min<size_t>(16, property.name_length()),
            depth);
      if (!WriteName(property.name(), out_)) Text(" (name_hex)");
      End();
      Rest(property.offset() + kValueHeaderSize, property.name_length(), depth);
      for (ValueView value : property.values()) Value(value, depth + 1);
      Line(property.end_offset() - kEndmarkSize, kEndmarkSize, depth, "ENDMARK");
    }
    if (list.has_trailing_endmark()) {
      Line(list.offset() + list.info().list_size - kEndmarkSize, kEndmarkSize, depth,
           "ENDMARK (list trailer)");
    }
  }

  void ValueList(const ValueListReader& list) {
    for (ValueView value : list) Value(value, 0);
    Line(list.info().list_size - kEndmarkSize, kEndmarkSize, 0, "ENDMARK");
  }

  void Trailing(size_t offset, size_t size) {
    if (size == 0) return;
    Line(offset, std::min<size_t>(16, size), 0, std::to_string(size) + " bytes after the list");
    Rest(offset, size, 0, /*padded=*/false);
  }

 private:
  static constexpr char kHexDigits[] = "0123456789abcdef";

  void Value(const ValueView& value, int depth) {
    Begin(value.offset(), kValueHeaderSize, depth);
    if (std::optional<std::string_view> name = SyntaxName(value.syntax())) {
      Text(*name);
    } else {
      char* p = out_->Reserve(10);
      *p++ = '0';
      *p++ = 'x';
      out_->Commit(PutHex(p, value.syntax(), 8));
    }
    Text(", cbLength " + std::to_string(value.length()));
    End();
    if (value.format() == Format::kPropertyList && value.length() > 0 && depth < kMaxNestingDepth) {
      if (absl::StatusOr<PropertyListReader> nested = value.AsPropertyList(); nested.ok()) {
        PropertyList(*nested, depth + 1);
        Padding(value.data_offset(), value.length(), depth);
        return;
      }
    }
    if (value.length() == 0) return Line(value.data_offset(), 0, depth, "(no data)");
    Begin(value.data_offset(), std::min<size_t>(16, value.length()), depth);
    if (!WriteTypedValue(value, depth, out_)) Text("(raw bytes)");
    End();
    Rest(value.data_offset(), value.length(), depth);
  }

  // Lines after the first for `size` bytes at `offset`, then the padding.
  void Rest(size_t offset, size_t size, int depth, bool padded = true) {
    for (size_t done = 16; done < size; done += 16) {
      Line(offset + done, std::min<size_t>(16, size - done), depth, "");
    }
    if (padded) Padding(offset, size, depth);
  }

  void Padding(size_t offset, size_t size, int depth) {
    size_t pad = AlignUp(size) - size;
    if (pad > 0) Line(offset + size, pad, depth, "padding");
  }

  void Line(size_t offset, size_t size, int depth, std::string_view meaning) {
    if (meaning.empty()) {  // no padding after the bytes: the line ends with them
      char* p = out_->Reserve(16 + 2 + 48);
      p = PutOffset(p, offset);
      *p++ = ' ';
      *p++ = ' ';
      out_->Commit(PutBytes(p, offset, size));
      return End();
    }
    Begin(offset, size, depth);
    Text(meaning);
    End();
  }

  // The start of a line: the offset (at least 8 hex digits), the bytes padded to 48 columns,
  // the indentation of `depth`; the meaning follows.
  void Begin(size_t offset, size_t size, int depth) {
    size_t indent = 2 * static_cast<size_t>(depth);
    char* p = out_->Reserve(16 + 2 + 48 + 1 + indent);
    p = PutOffset(p, offset);
    *p++ = ' ';
    *p++ = ' ';
    char* bytes = p;
    p = PutBytes(p, offset, size);
    size_t used = static_cast<size_t>(p - bytes);
    if (used < 48) {
      std::memset(p, ' ', 48 - used);
      p += 48 - used;
    }
    *p++ = ' ';
    std::memset(p, ' ', indent);
    out_->Commit(p + indent);
  }
  void End() { out_->Append('\n'); }
  void Text(std::string_view text) { out_->Append(text); }

  static char* PutHex(char* p, uint64_t value, int digits) {
    for (int i = digits - 1; i >= 0; --i) *p++ = kHexDigits[(value >> (4 * i)) & 0xF];
    return p;
  }
  static char* PutOffset(char* p, size_t offset) {
    int digits = 8;
    while (digits < 16 && (static_cast<uint64_t>(offset) >> (4 * digits)) != 0) ++digits;
    return PutHex(p, offset, digits);
  }
  // "xx xx ..." for `size` (at most 16) bytes at `offset`.
  char* PutBytes(char* p, size_t offset, size_t size) const {
    for (size_t i = 0; i < size; ++i) {
      if (i > 0) *p++ = ' ';
      p = PutHex(p, bytes_[offset + i], 2);
    }
    return p;
  }

  absl::Span<const uint8_t> bytes_;
  TextOutput* out_;
};

int RunDump(const Context& context) {
  absl::StatusOr<std::string> data = ReadInput(context);
  if (!data.ok()) return Fail(context, data.status());
  Dumper dumper(AsBytes(*data), context.out);
  if (context.args.Has("--value-list")) {
    absl::StatusOr<ValueListReader> list = ValueListReader::Open(AsBytes(*data));
    if (!list.ok()) return Fail(context, list.status());
    dumper.ValueList(*list);
    dumper.Trailing(list->info().list_size, list->info().trailing_bytes);
  } else {
    absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(AsBytes(*data));
    if (!list.ok()) return Fail(context, list.status());
    dumper.PropertyList(*list, 0);
    dumper.Trailing(list->info().list_size, list->info().trailing_bytes);
  }
  return kExitOk;
}

// ---- find -----------------------------------------------------------------------------------

int RunFind(const Context& context) {
  absl::StatusOr<std::string> data = ReadInput(context);
  if (!data.ok()) return Fail(context, data.status());
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(AsBytes(*data));
  if (!list.ok()) return Fail(context, list.status());
  const std::string& name = context.args.positionals[0];
  if (!Utf16LengthOfUtf8(name)) throw UsageProblem{"NAME is not well-formed UTF-8"};
  std::optional<PropertyView> view = FindProperty(*list, name);
  if (!view) {
    return Fail(context, Win32Error(kErrorFileNotFound, absl::StrCat("no property named \"",
                                                                     PrintableText(name), "\"")));
  }
  WriteJson(*view, context.out);
  context.out->Append('\n');
  return kExitOk;
}

// ---- offline-check --------------------------------------------------------------------------

// An offline request's buffer size is a DWORD.
constexpr uint64_t kMaxOfflineBufferSize = std::numeric_limits<uint32_t>::max();

int RunOfflineCheck(const Context& context) {
  const Args& args = context.args;
  offline::OfflineRequest request;
  offline::ResourceFacts facts;
  std::string type = *args.Option("--type");
  if (std::optional<std::string> flags = args.Option("--flags")) {
    if (!ParseNumber(*flags, &request.flags)) throw UsageProblem{"--flags needs a number"};
  }
  if (std::optional<std::string> reason = args.Option("--reason")) {
    std::optional<uint32_t> value = offline::ParseOfflineReason(*reason);
    if (!value) throw UsageProblem{"--reason needs a reason name or a number"};
    request.reason = *value;
  }
  if (std::optional<std::string> state = args.Option("--state")) {
    std::optional<offline::ResourceState> parsed = offline::ParseResourceState(*state);
    if (!parsed) throw UsageProblem{"--state needs a resource state name"};
    facts.state = *parsed;
  }
  if (std::optional<std::string> access = args.Option("--access")) {
    if (*access != "all" && *access != "read") throw UsageProblem{"--access is all or read"};
    facts.access = *access == "all" ? offline::kClusapiAllAccess : offline::kClusapiReadAccess;
  }
  facts.locked = args.Has("--locked");
  // As the resource DLL sees the request: its entry point (OfflineV2) has a destination.
  request.entry_point_has_destination = true;
  request.destination = args.Option("--destination").value_or("");

  offline::InstructionRegistry registry = offline::InstructionRegistry::WithBuiltins();
  const offline::InstructionDecoder* decoder = registry.Find(type);
  // The resource's defaults: action codes of its type.
  auto default_action = [&](const char* option) -> std::optional<uint32_t> {
    std::optional<std::string> text = args.Option(option);
    if (!text) return std::nullopt;
    uint32_t code = 0;
    if (!ParseNumber(*text, &code)) throw UsageProblem{std::string(option) + " needs a number"};
    if (decoder == nullptr || !decoder->InstructionFor(code)) {
      throw UsageProblem{std::string(option) + ": type " + type + " has no action " + *text};
    }
    return code;
  };
  facts.defaults.offline_action = default_action("--offline-action");
  facts.defaults.next_offline_action = default_action("--next-action");

  absl::StatusOr<std::string> data =
      ReadInput(context, std::min(args.max_input_size, kMaxOfflineBufferSize));
  if (!data.ok()) return Fail(context, data.status());
  request.in_buffer = data->empty() ? nullptr : reinterpret_cast<const uint8_t*>(data->data());
  request.in_buffer_size = static_cast<uint32_t>(data->size());  // at most kMaxOfflineBufferSize

  offline::OfflinePolicy policy =
      args.Has("--lenient") ? offline::OfflinePolicy::Lenient() : offline::OfflinePolicy::Strict();
  offline::OfflineDecision decision = offline::DecideOffline(request, facts, decoder, policy);
  if (!decision.status.ok()) return Fail(context, decision.status);
  nlohmann::ordered_json result = {{"result", Win32ErrorName(decision.code)},
                                   {"code", decision.code}};
  if (decision.instruction) {
    result["instruction"] = {{"type", decision.instruction->type},
                             {"action", decision.instruction->name},
                             {"source", offline::InstructionSourceName(decision.source)}};
  }
  context.out->Append(result.dump() + "\n");
  return kExitOk;
}

const std::vector<Command>& Commands() {
  static const auto* commands = new std::vector<Command>{
      {"decode",
       "usage: clusprop decode [--value-list] [--max-input-size N] [FILE|-]\n"
       "       clusprop decode --control CODE [--input|--output] [--max-input-size N] [FILE|-]\n"
       "Decodes a binary property list (or value list) to JSON on standard output.\n"
       "--control decodes the output buffer (--input: the input buffer) of the control code\n"
       "CODE (decimal, 0x hex or a CLUSCTL_* name) by what the code carries: a property list or\n"
       "a property-format list as above, a list of names as a JSON array of strings, a DWORD as\n"
       "a number, a string as a JSON string, CLUS_RESOURCE_CLASS_INFO as {\"class\": ...,\n"
       "\"subclass\": ...}. A code whose buffer is not known is a usage error.\n",
       {"--value-list", "--input", "--output"},
       {"--control", kMaxInputSizeOption},
       0,
       RunDecode},
      {"encode",
       "usage: clusprop encode [--value-list] [--no-trailing-endmark] [--max-input-size N]\n"
       "                       [FILE|-]\n"
       "Encodes JSON (as `decode` prints it) to a binary list on standard output. Only JSON that\n"
       "decodes back to itself is accepted; errors name the JSON path.\n"
       "--no-trailing-endmark omits the extra ENDMARK that Windows writes after the list.\n",
       {"--value-list", "--no-trailing-endmark"},
       {kMaxInputSizeOption},
       0,
       RunEncode},
      {"validate",
       "usage: clusprop validate [--strict] [--value-list] [--max-input-size N] [FILE|-]\n"
       "Checks a binary list; prints a one-line summary, or the error and exits 1.\n"
       "--strict also requires zero padding, no bytes after the list, well-formed values, one\n"
       "to three values per property, and named (or user) value types.\n",
       {"--strict", "--value-list"},
       {kMaxInputSizeOption},
       0,
       RunValidate},
      {"dump",
       "usage: clusprop dump [--value-list] [--max-input-size N] [FILE|-]\n"
       "Prints every byte of the list with what it is: the count, entry headers (syntax and\n"
       "cbLength), data with its value, padding and ENDMARKs; offsets in hex.\n",
       {"--value-list"},
       {kMaxInputSizeOption},
       0,
       RunDump},
      {"find",
       "usage: clusprop find [--max-input-size N] NAME [FILE|-]\n"
       "Prints the property named NAME (case-insensitive) as JSON; exits 1 with\n"
       "ERROR_FILE_NOT_FOUND when there is none.\n",
       {},
       {kMaxInputSizeOption},
       1,
       RunFind},
      {"offline-check",
       "usage: clusprop offline-check --type TYPE [--flags N] [--reason NAME|N] [--state S]\n"
       "                              [--locked] [--access all|read] [--destination NODE]\n"
       "                              [--offline-action N] [--next-action N] [--lenient]\n"
       "                              [--max-input-size N] [FILE|-]\n"
       "Decides an offline request to a resource of type TYPE whose buffer is the property list\n"
       "in FILE (an empty file is no buffer): access, flags, reason, buffer, instruction, the\n"
       "compatibility rules on the effective instruction, lock, state. The destination rule is\n"
       "applied as for a resource DLL's OfflineV2, which has a destination parameter.\n"
       "Prints {\"result\":\"ERROR_IO_PENDING\",\"code\":997,\"instruction\":{...}} when the\n"
       "request would be dispatched (ERROR_SUCCESS when there is nothing to do), with the\n"
       "effective instruction and its source (buffer, next offline action, OfflineAction,\n"
       "fallback); or the rejection on stderr (exit 1). A buffer larger than 4294967295 bytes\n"
       "(a DWORD) is refused with ERROR_FILE_TOO_LARGE.\n"
       "  --flags N           CLUSAPI_RESOURCE_OFFLINE_* flags (decimal or 0x hex)\n"
       "  --reason R          MOVING, BEING_DELETED, ... or a number; default NONE\n"
       "  --state S           Online (default), Offline, Failed, OfflinePending, ...\n"
       "  --locked            the resource (or a dependent) is locked\n"
       "  --access A          the caller's access: all (default) or read\n"
       "  --destination N     the destination node (reason MOVING needs one)\n"
       "  --offline-action N  the resource's OfflineAction property (VMs: 0-3)\n"
       "  --next-action N     the resource's one-shot next offline action (VMs: 0-3)\n"
       "  --lenient           the lenient policy (MOVING without destination; Failed -> Offline)\n",
       {"--locked", "--lenient"},
       {"--type", "--flags", "--reason", "--state", "--access", "--destination", "--offline-action",
        "--next-action", kMaxInputSizeOption},
       0,
       RunOfflineCheck},
      {"control",
       "usage: clusprop control CODE\n"
       "Prints the name of the cluster control code CODE (decimal, 0x hex, or a CLUSCTL_* name)\n"
       "and its fields: the object, the function number (decimal), the access (ANY, READ,\n"
       "WRITE), then modify, internal, global and user when their bits are set. A code without\n"
       "a name prints as `unknown`, an object or access without a name as its number:\n"
       "  CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES (object RESOURCE, function 33, access WRITE, "
       "modify)\n"
       "Reads no input.\n",
       {},
       {},
       1,
       RunControl,
       /*reads_input=*/false},
  };
  return *commands;
}

int Usage(Io* io, const std::string& problem, const char* usage) {
  io->err += absl::StrCat("clusprop: ", problem, "\n", usage);
  return kExitUsage;
}

// Parses the command line and runs the command; output goes to `out`.
int Dispatch(const std::vector<std::string>& argv, Io* io, TextOutput* out) {
  if (argv.empty()) return Usage(io, "missing command", kToolUsage);
  if (argv[0] == "--help" || argv[0] == "-h" || argv[0] == "help") {
    out->Append(kToolUsage);
    return kExitOk;
  }
  const Command* command = nullptr;
  for (const Command& c : Commands()) {
    if (argv[0] == c.name) command = &c;
  }
  if (command == nullptr) {
    return Usage(io, absl::StrCat("unknown command '", PrintableText(argv[0]), "'"), kToolUsage);
  }

  Args args;
  std::vector<std::string> operands;
  bool only_operands = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (!only_operands && (a == "--help" || a == "-h")) {
      out->Append(command->usage);
      return kExitOk;
    }
    if (!only_operands && a == "--") {
      only_operands = true;
    } else if (!only_operands && a.size() > 1 && a[0] == '-') {
      std::string name = a.substr(0, a.find('='));
      bool is_flag =
          std::find(command->flags.begin(), command->flags.end(), a) != command->flags.end();
      bool is_option = std::find(command->options.begin(), command->options.end(), name) !=
                       command->options.end();
      if ((is_flag && args.Has(a)) || (is_option && args.Option(name))) {
        return Usage(io, absl::StrCat("'", name, "' given twice"), command->usage);
      }
      if (is_flag) {
        args.flags.push_back(a);
      } else if (is_option && name.size() < a.size()) {
        args.options[name] = a.substr(name.size() + 1);
      } else if (is_option && i + 1 < argv.size()) {
        args.options[name] = argv[++i];
      } else if (is_option) {
        return Usage(io, absl::StrCat("option '", name, "' needs a value"), command->usage);
      } else {
        return Usage(io, absl::StrCat("unknown option '", PrintableText(a), "'"), command->usage);
      }
    } else {
      operands.push_back(a);
    }
  }
  size_t required = static_cast<size_t>(command->positionals);
  if (operands.size() < required) return Usage(io, "missing argument", command->usage);
  if (command->run == RunOfflineCheck && !args.Option("--type")) {
    return Usage(io, "missing --type", command->usage);
  }
  if (operands.size() > required + (command->reads_input ? 1 : 0)) {
    return Usage(io, "too many arguments", command->usage);
  }
  if (args.Has("--no-trailing-endmark") && args.Has("--value-list")) {
    return Usage(io, "--no-trailing-endmark is for property lists", command->usage);
  }
  if (std::optional<std::string> size = args.Option(kMaxInputSizeOption)) {
    std::optional<uint64_t> parsed = ParseSize(*size);
    if (!parsed) {
      return Usage(io, "--max-input-size needs a size in bytes (K, M, G suffixes allowed)",
                   command->usage);
    }
    args.max_input_size = *parsed;
  }
  args.positionals.assign(operands.begin(), operands.begin() + required);
  if (operands.size() == required + 1) args.file = operands.back();
  try {
    return command->run(Context{args, io, out});
  } catch (const UsageProblem& usage) {
    return Usage(io, usage.problem, command->usage);
  }
}

}  // namespace

int RunCli(const std::vector<std::string>& argv, Io* io) {
  // The failure lines below are appended without allocating: room for them is made first.
  constexpr std::string_view kOutOfMemory = "error: ERROR_NOT_ENOUGH_MEMORY (8): out of memory\n";
  constexpr std::string_view kUnexpected =
      "error: ERROR_INTERNAL_ERROR (1359): unexpected failure\n";
  try {
    io->err.reserve(io->err.size() + 256);
  } catch (...) {
    return kExitInvalid;
  }
  try {
    TextOutput out(io->write ? TextOutput::Sink(io->write) : AppendTo(&io->out));
    int status = Dispatch(argv, io, &out);
    if (status != kExitOk) return status;  // nothing was written: output comes after all checks
    if (absl::Status written = out.Flush(); !written.ok()) {
      io->err += "error: " + FormatError(written) + "\n";
      return kExitWriteError;
    }
    return kExitOk;
  } catch (const std::bad_alloc&) {
    io->err.append(kOutOfMemory.data(), kOutOfMemory.size());
  } catch (const std::length_error&) {  // a size beyond what a string or vector can hold
    io->err.append(kOutOfMemory.data(), kOutOfMemory.size());
  } catch (...) {
    io->err.append(kUnexpected.data(), kUnexpected.size());
  }
  return kExitInvalid;
}

}  // namespace cli
}  // namespace clusprop
