#include "tools/cli.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clusprop/json.h"
#include "clusprop/lookup.h"
#include "clusprop/model.h"
#include "clusprop/reader.h"
#include "clusprop/win32_error.h"
#include "nlohmann/json.hpp"
#include "offline/flags.h"
#include "offline/instruction.h"
#include "offline/policy.h"
#include "offline/state.h"

namespace clusprop {
namespace cli {
namespace {

constexpr int kOk = 0;
constexpr int kInvalid = 1;
constexpr int kUsage = 2;

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
    "\n"
    "Exit status: 0 success, 1 invalid input, 2 usage error. `clusprop COMMAND --help` for more.\n";

struct Args {
  std::vector<std::string> flags;
  std::map<std::string, std::string> options;  // "--type" -> "Virtual Machine"
  std::vector<std::string> positionals;
  std::string file = "-";
  bool Has(std::string_view flag) const {
    for (const std::string& f : flags) {
      if (f == flag) return true;
    }
    return false;
  }
  std::optional<std::string> Option(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
  }
};

struct Command {
  const char* name;
  const char* usage;
  std::vector<std::string> flags;    // accepted boolean flags
  std::vector<std::string> options;  // accepted options with a value: --name VALUE, --name=VALUE
  int positionals;                   // required positionals before [FILE]
  int (*run)(const Args&, Io*);
};

int Fail(Io* io, const absl::Status& status) {
  io->out.clear();
  io->err += absl::StrCat("error: ", FormatError(status), "\n");
  return kInvalid;
}

std::optional<std::string> ReadInput(const Args& args, Io* io) {
  std::string data;
  if (!io->read(args.file, &data)) {
    Fail(io, Win32Error(kErrorFileNotFound, absl::StrCat("cannot read ", args.file)));
    return std::nullopt;
  }
  return data;
}

bool ParseNumber(const std::string& text, uint32_t* value) {
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    return absl::SimpleHexAtoi(absl::string_view(text).substr(2), value);
  }
  return absl::SimpleAtoi(text, value);
}

absl::Span<const uint8_t> AsBytes(const std::string& data) {
  return absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(data.data()), data.size());
}

// ---- decode / encode ------------------------------------------------------------------------

int RunDecode(const Args& args, Io* io) {
  std::optional<std::string> data = ReadInput(args, io);
  if (!data) return kInvalid;
  nlohmann::json json;
  if (args.Has("--value-list")) {
    absl::StatusOr<ValueList> list = DecodeValueList(AsBytes(*data));
    if (!list.ok()) return Fail(io, list.status());
    json = ToJson(*list);
  } else {
    absl::StatusOr<PropertyList> list = DecodePropertyList(AsBytes(*data));
    if (!list.ok()) return Fail(io, list.status());
    json = ToJson(*list);
  }
  io->out = json.dump(2) + "\n";
  return kOk;
}

int RunEncode(const Args& args, Io* io) {
  std::optional<std::string> data = ReadInput(args, io);
  if (!data) return kInvalid;
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(*data);
  } catch (const nlohmann::json::parse_error& e) {
    std::string_view what = e.what();
    if (size_t end = what.find("] "); end != std::string_view::npos) what.remove_prefix(end + 2);
    return Fail(io, Win32Error(kErrorInvalidData, e.byte > 0 ? e.byte - 1 : 0,
                               absl::StrCat("invalid JSON: ", std::string(what))));
  }
  absl::StatusOr<std::vector<uint8_t>> bytes;
  if (args.Has("--value-list")) {
    absl::StatusOr<ValueList> list = ValueListFromJson(json);
    if (!list.ok()) return Fail(io, list.status());
    bytes = EncodeValueList(*list);
  } else {
    absl::StatusOr<PropertyList> list = PropertyListFromJson(json);
    if (!list.ok()) return Fail(io, list.status());
    if (args.Has("--no-trailing-endmark")) list->trailing_endmark = false;
    bytes = EncodePropertyList(*list);
  }
  if (!bytes.ok()) return Fail(io, bytes.status());
  io->out.assign(bytes->begin(), bytes->end());
  return kOk;
}

// ---- validate -------------------------------------------------------------------------------

int RunValidate(const Args& args, Io* io) {
  std::optional<std::string> data = ReadInput(args, io);
  if (!data) return kInvalid;
  ReadOptions options{.strict = args.Has("--strict")};
  bool value_list = args.Has("--value-list");
  absl::StatusOr<ListInfo> info = value_list ? ValidateValueList(AsBytes(*data), options)
                                             : ValidatePropertyList(AsBytes(*data), options);
  if (!info.ok()) return Fail(io, info.status());
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
  io->out = line + "\n";
  return kOk;
}

// ---- dump -----------------------------------------------------------------------------------

// An annotated hex view: every byte of the list on a line with what it is, 16 bytes at most per
// line, padding and ENDMARKs shown, nested lists indented.
class Dumper {
 public:
  explicit Dumper(absl::Span<const uint8_t> bytes) : bytes_(bytes) {
    out_ = absl::StrFormat("%-8s  %-48s %s\n", "offset", "bytes", "meaning");
  }

  void PropertyList(const PropertyListReader& list, int depth) {
    Line(list.offset(), 4, depth, absl::StrCat("property count ", list.size()));
    for (PropertyView property : list) {
      Line(property.offset(), kValueHeaderSize, depth,
           absl::StrCat("NAME, cbLength ", property.name_length()));
      Data(property.offset() + kValueHeaderSize, property.name_length(), depth,
           nlohmann::json(property.name().ToUtf8()).dump());
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
    if (size > 0) Data(offset, size, 0, absl::StrCat(size, " bytes after the list"), false);
  }

  std::string Take() { return std::move(out_); }

 private:
  void Value(const ValueView& value, int depth) {
    Line(value.offset(), kValueHeaderSize, depth,
         absl::StrCat(SyntaxToString(value.syntax()), ", cbLength ", value.length()));
    if (value.format() == Format::kPropertyList && value.length() > 0) {
      if (absl::StatusOr<PropertyListReader> nested = value.AsPropertyList(); nested.ok()) {
        PropertyList(*nested, depth + 1);
        Padding(value.data_offset(), value.length(), depth);
        return;
      }
    }
    Data(value.data_offset(), value.length(), depth, Shown(value));
  }

  static std::string Shown(const ValueView& value) {
    nlohmann::json json = ToJson(clusprop::Value::FromView(value));
    if (json.contains("value")) return json["value"].dump();
    return value.length() == 0 ? "(no data)" : "(raw bytes)";
  }

  // Data bytes (16 per line, the meaning on the first), then the padding.
  void Data(size_t offset, size_t size, int depth, const std::string& meaning, bool padded = true) {
    for (size_t done = 0; done < size; done += 16) {
      Line(offset + done, std::min<size_t>(16, size - done), depth, done == 0 ? meaning : "");
    }
    if (padded) Padding(offset, size, depth);
  }

  void Padding(size_t offset, size_t size, int depth) {
    size_t pad = AlignUp(size) - size;
    if (pad > 0) Line(offset + size, pad, depth, "padding");
  }

  void Line(size_t offset, size_t size, int depth, const std::string& meaning) {
    std::string hex;
    for (size_t i = 0; i < size; ++i) {
      if (i > 0) hex += ' ';
      absl::StrAppendFormat(&hex, "%02x", bytes_[offset + i]);
    }
    std::string line = absl::StrFormat("%08x  %-48s %*s%s", offset, hex, 2 * depth, "", meaning);
    line.erase(line.find_last_not_of(' ') + 1);
    absl::StrAppend(&out_, line, "\n");
  }

  absl::Span<const uint8_t> bytes_;
  std::string out_;
};

int RunDump(const Args& args, Io* io) {
  std::optional<std::string> data = ReadInput(args, io);
  if (!data) return kInvalid;
  Dumper dumper(AsBytes(*data));
  if (args.Has("--value-list")) {
    absl::StatusOr<ValueListReader> list = ValueListReader::Open(AsBytes(*data));
    if (!list.ok()) return Fail(io, list.status());
    dumper.ValueList(*list);
    dumper.Trailing(list->info().list_size, list->info().trailing_bytes);
  } else {
    absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(AsBytes(*data));
    if (!list.ok()) return Fail(io, list.status());
    dumper.PropertyList(*list, 0);
    dumper.Trailing(list->info().list_size, list->info().trailing_bytes);
  }
  io->out = dumper.Take();
  return kOk;
}

// ---- find -----------------------------------------------------------------------------------

int RunFind(const Args& args, Io* io) {
  std::optional<std::string> data = ReadInput(args, io);
  if (!data) return kInvalid;
  absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(AsBytes(*data));
  if (!list.ok()) return Fail(io, list.status());
  const std::string& name = args.positionals[0];
  std::optional<PropertyView> view = FindProperty(*list, name);
  if (!view) {
    return Fail(io,
                Win32Error(kErrorFileNotFound, absl::StrCat("no property named \"", name, "\"")));
  }
  Property property{view->name().ToU16String(), {}};
  for (ValueView value : view->values()) property.values.push_back(Value::FromView(value));
  io->out = ToJson(property).dump(2) + "\n";
  return kOk;
}

// ---- offline-check --------------------------------------------------------------------------

int UsageError(Io* io, const std::string& problem);

int RunOfflineCheck(const Args& args, Io* io) {
  offline::OfflineRequest request;
  offline::ResourceFacts facts;
  std::string type = *args.Option("--type");
  if (std::optional<std::string> flags = args.Option("--flags")) {
    if (!ParseNumber(*flags, &request.flags)) return UsageError(io, "--flags needs a number");
  }
  if (std::optional<std::string> reason = args.Option("--reason")) {
    std::optional<uint32_t> value = offline::ParseOfflineReason(*reason);
    if (!value) return UsageError(io, "--reason needs a reason name or a number");
    request.reason = *value;
  }
  if (std::optional<std::string> state = args.Option("--state")) {
    std::optional<offline::ResourceState> parsed = offline::ParseResourceState(*state);
    if (!parsed) return UsageError(io, "--state needs a resource state name");
    facts.state = *parsed;
  }
  if (std::optional<std::string> access = args.Option("--access")) {
    if (*access != "all" && *access != "read") return UsageError(io, "--access is all or read");
    facts.access = *access == "all" ? offline::kClusapiAllAccess : offline::kClusapiReadAccess;
  }
  facts.locked = args.Has("--locked");
  // As the resource DLL sees the request: its entry point (OfflineV2) has a destination.
  request.entry_point_has_destination = true;
  request.destination = args.Option("--destination").value_or("");

  std::optional<std::string> data = ReadInput(args, io);
  if (!data) return kInvalid;
  request.in_buffer = data->empty() ? nullptr : reinterpret_cast<const uint8_t*>(data->data());
  request.in_buffer_size = static_cast<uint32_t>(data->size());

  offline::InstructionRegistry registry = offline::InstructionRegistry::WithBuiltins();
  offline::OfflinePolicy policy =
      args.Has("--lenient") ? offline::OfflinePolicy::Lenient() : offline::OfflinePolicy::Strict();
  offline::OfflineDecision decision =
      offline::DecideOffline(request, facts, registry.Find(type), policy);
  if (!decision.status.ok()) return Fail(io, decision.status);
  nlohmann::ordered_json result = {{"result", Win32ErrorName(decision.code)},
                                   {"code", decision.code}};
  if (decision.instruction) {
    result["instruction"] = {{"type", decision.instruction->type},
                             {"action", decision.instruction->name}};
  }
  io->out = result.dump() + "\n";
  return kOk;
}

const std::vector<Command>& Commands() {
  static const auto* commands = new std::vector<Command>{
      {"decode",
       "usage: clusprop decode [--value-list] [FILE|-]\n"
       "Decodes a binary property list (or value list) to JSON on standard output.\n",
       {"--value-list"},
       {},
       0,
       RunDecode},
      {"encode",
       "usage: clusprop encode [--value-list] [--no-trailing-endmark] [FILE|-]\n"
       "Encodes JSON (as `decode` prints it) to a binary list on standard output.\n"
       "--no-trailing-endmark omits the extra ENDMARK that Windows writes after the list.\n",
       {"--value-list", "--no-trailing-endmark"},
       {},
       0,
       RunEncode},
      {"validate",
       "usage: clusprop validate [--strict] [--value-list] [FILE|-]\n"
       "Checks a binary list; prints a one-line summary, or the error and exits 1.\n"
       "--strict also requires zero padding, no bytes after the list, and well-formed values.\n",
       {"--strict", "--value-list"},
       {},
       0,
       RunValidate},
      {"dump",
       "usage: clusprop dump [--value-list] [FILE|-]\n"
       "Prints every byte of the list with what it is: the count, entry headers (syntax and\n"
       "cbLength), data with its value, padding and ENDMARKs; offsets in hex.\n",
       {"--value-list"},
       {},
       0,
       RunDump},
      {"find",
       "usage: clusprop find NAME [FILE|-]\n"
       "Prints the property named NAME (case-insensitive) as JSON; exits 1 with\n"
       "ERROR_FILE_NOT_FOUND when there is none.\n",
       {},
       {},
       1,
       RunFind},
      {"offline-check",
       "usage: clusprop offline-check --type TYPE [--flags N] [--reason NAME|N] [--state S]\n"
       "                              [--locked] [--access all|read] [--destination NODE]\n"
       "                              [--lenient] [FILE|-]\n"
       "Runs the offline compatibility checks (access, flags, reason, buffer, instruction,\n"
       "compatibility rules, lock, state) on the property list in FILE (an empty file is no\n"
       "buffer) for a resource of type TYPE, as its resource DLL would see the request.\n"
       "Prints {\"result\":\"ERROR_IO_PENDING\",\"code\":997,\"instruction\":{...}} when the\n"
       "request may be dispatched, or the rejection on stderr (exit 1).\n"
       "  --flags N        CLUSAPI_RESOURCE_OFFLINE_* flags (decimal or 0x hex)\n"
       "  --reason R       MOVING, BEING_DELETED, ... or a number; default NONE\n"
       "  --state S        Online (default), Offline, Failed, OfflinePending, ...\n"
       "  --locked         the resource (or a dependent) is locked\n"
       "  --access A       the caller's access: all (default) or read\n"
       "  --destination N  the destination node (reason MOVING needs one)\n"
       "  --lenient        the lenient policy (MOVING without destination; Failed -> Offline)\n",
       {"--locked", "--lenient"},
       {"--type", "--flags", "--reason", "--state", "--access", "--destination"},
       0,
       RunOfflineCheck},
  };
  return *commands;
}

int Usage(Io* io, const std::string& problem, const char* usage) {
  io->out.clear();
  io->err += absl::StrCat("clusprop: ", problem, "\n", usage);
  return kUsage;
}

int UsageError(Io* io, const std::string& problem) {
  io->out.clear();
  io->err += absl::StrCat("clusprop: ", problem, "\n");
  return kUsage;
}

}  // namespace

int RunCli(const std::vector<std::string>& argv, Io* io) {
  if (argv.empty()) return Usage(io, "missing command", kToolUsage);
  if (argv[0] == "--help" || argv[0] == "-h" || argv[0] == "help") {
    io->out = kToolUsage;
    return kOk;
  }
  const Command* command = nullptr;
  for (const Command& c : Commands()) {
    if (argv[0] == c.name) command = &c;
  }
  if (command == nullptr)
    return Usage(io, absl::StrCat("unknown command '", argv[0], "'"), kToolUsage);

  Args args;
  std::vector<std::string> operands;
  bool only_operands = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (!only_operands && (a == "--help" || a == "-h")) {
      io->out = command->usage;
      return kOk;
    }
    if (!only_operands && a == "--") {
      only_operands = true;
    } else if (!only_operands && a.size() > 1 && a[0] == '-') {
      std::string name = a.substr(0, a.find('='));
      bool is_flag =
          std::find(command->flags.begin(), command->flags.end(), a) != command->flags.end();
      bool is_option = std::find(command->options.begin(), command->options.end(), name) !=
                       command->options.end();
      if (is_flag) {
        args.flags.push_back(a);
      } else if (is_option && name.size() < a.size()) {
        args.options[name] = a.substr(name.size() + 1);
      } else if (is_option && i + 1 < argv.size()) {
        args.options[name] = argv[++i];
      } else if (is_option) {
        return Usage(io, absl::StrCat("option '", name, "' needs a value"), command->usage);
      } else {
        return Usage(io, absl::StrCat("unknown option '", a, "'"), command->usage);
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
  if (operands.size() > required + 1) return Usage(io, "too many arguments", command->usage);
  args.positionals.assign(operands.begin(), operands.begin() + required);
  if (operands.size() == required + 1) args.file = operands.back();
  return command->run(args, io);
}

}  // namespace cli
}  // namespace clusprop
