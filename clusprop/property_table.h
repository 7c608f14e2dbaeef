// Property tables: the idea of ResUtil's RESUTIL_PROPERTY_ITEM arrays, typed for C++.
//
// A table maps property names to members of a parameter struct, with a format, a default,
// optional bounds and flags. It verifies a list against the table, parses a list into the
// struct, applies a list of changes to it, and writes the struct back as a list.
//
//   struct VmParams { uint32_t offline_action; std::string notes; };
//   const auto table = clusprop::PropertyTable<VmParams>()
//       .Dword("OfflineAction", &VmParams::offline_action, /*default=*/1, /*min=*/0, /*max=*/3)
//       .Sz("Notes", &VmParams::notes);
//   VmParams params;
//   RETURN_IF_ERROR(table.Parse(bytes, &params));
//
// Codes: a property the table does not know → ERROR_INVALID_PARAMETER (87) unless
// unknown properties are allowed; a value of the wrong format, or out of [min, max] →
// ERROR_INVALID_DATA (13); setting a READ_ONLY property (Verify, Apply) →
// ERROR_INVALID_PARAMETER (design); a REQUIRED property missing from Parse's list →
// ERROR_INVALID_PARAMETER (design). Offsets point at the offending property or value. When a
// property carries several values, the first is used. On any error the struct is unchanged.
//
// Names match case-insensitively as in lookup.h. A table is immutable once built: share it
// between threads freely.

#ifndef CLUSPROP_PROPERTY_TABLE_H_
#define CLUSPROP_PROPERTY_TABLE_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "clusprop/reader.h"
#include "clusprop/win32_error.h"
#include "clusprop/writer.h"

namespace clusprop {

// RESUTIL_PROPERTY_ITEM flags.
inline constexpr uint32_t kPropertyReadOnly = 0x1;
inline constexpr uint32_t kPropertyRequired = 0x2;
inline constexpr uint32_t kPropertySigned = 0x4;
inline constexpr uint32_t kPropertyInMemory = 0x8;  // kept in the struct, never written out

template <typename Params>
class PropertyTable {
 public:
  struct Item {
    std::string name;
    Format format;
    uint32_t flags;
    std::function<absl::Status(const ValueView&, Params*)> read;  // checks, then stores
    std::function<void(const Params&, PropertyListWriter*)> write;
    std::function<void(Params*)> set_default;
  };

  PropertyTable& Dword(std::string name, uint32_t Params::*member, uint32_t default_value = 0,
                       uint32_t min = 0, uint32_t max = std::numeric_limits<uint32_t>::max(),
                       uint32_t flags = 0) {
    return Numeric<uint32_t>(std::move(name), member, Format::kDword, &ValueView::AsDword,
                             &PropertyListWriter::AddDword, default_value, min, max, flags);
  }
  PropertyTable& Long(std::string name, int32_t Params::*member, int32_t default_value = 0,
                      int32_t min = std::numeric_limits<int32_t>::min(),
                      int32_t max = std::numeric_limits<int32_t>::max(), uint32_t flags = 0) {
    return Numeric<int32_t>(std::move(name), member, Format::kLong, &ValueView::AsLong,
                            &PropertyListWriter::AddLong, default_value, min, max,
                            flags | kPropertySigned);
  }
  PropertyTable& ULargeInteger(std::string name, uint64_t Params::*member,
                               uint64_t default_value = 0, uint64_t min = 0,
                               uint64_t max = std::numeric_limits<uint64_t>::max(),
                               uint32_t flags = 0) {
    return Numeric<uint64_t>(std::move(name), member, Format::kULargeInteger,
                             &ValueView::AsULargeInteger, &PropertyListWriter::AddULargeInteger,
                             default_value, min, max, flags);
  }
  PropertyTable& LargeInteger(std::string name, int64_t Params::*member, int64_t default_value = 0,
                              int64_t min = std::numeric_limits<int64_t>::min(),
                              int64_t max = std::numeric_limits<int64_t>::max(),
                              uint32_t flags = 0) {
    return Numeric<int64_t>(std::move(name), member, Format::kLargeInteger,
                            &ValueView::AsLargeInteger, &PropertyListWriter::AddLargeInteger,
                            default_value, min, max, flags | kPropertySigned);
  }
  PropertyTable& Sz(std::string name, std::string Params::*member, std::string default_value = "",
                    uint32_t flags = 0) {
    return String(std::move(name), member, Format::kSz, kSyntaxListValueSz,
                  std::move(default_value), flags);
  }
  PropertyTable& ExpandSz(std::string name, std::string Params::*member,
                          std::string default_value = "", uint32_t flags = 0) {
    return String(std::move(name), member, Format::kExpandSz, kSyntaxListValueExpandSz,
                  std::move(default_value), flags);
  }
  PropertyTable& MultiSz(std::string name, std::vector<std::string> Params::*member,
                         uint32_t flags = 0) {
    items_.push_back(Item{std::move(name), Format::kMultiSz, flags,
                          [member](const ValueView& value, Params* out) -> absl::Status {
                            absl::StatusOr<MultiStringView> strings = value.AsMultiString();
                            if (!strings.ok()) return strings.status();
                            std::vector<std::string> copy;
                            for (Utf16View s : *strings) copy.push_back(s.ToUtf8());
                            out->*member = std::move(copy);
                            return absl::OkStatus();
                          },
                          [member](const Params& in, PropertyListWriter* writer) {
                            std::vector<std::string_view> views(((in.*member)).begin(),
                                                                (in.*member).end());
                            writer->AddMultiString(views);
                          },
                          [member](Params* out) { (out->*member).clear(); }});
    return *this;
  }
  PropertyTable& Binary(std::string name, std::vector<uint8_t> Params::*member,
                        uint32_t flags = 0) {
    items_.push_back(Item{
        std::move(name), Format::kBinary, flags,
        [member](const ValueView& value, Params* out) -> absl::Status {
          absl::StatusOr<absl::Span<const uint8_t>> bytes = value.AsBinary();
          if (!bytes.ok()) return bytes.status();
          out->*member = std::vector<uint8_t>(bytes->begin(), bytes->end());
          return absl::OkStatus();
        },
        [member](const Params& in, PropertyListWriter* writer) { writer->AddBinary(in.*member); },
        [member](Params* out) { (out->*member).clear(); }});
    return *this;
  }

  absl::Span<const Item> items() const { return items_; }

  // The item named `name` (case-insensitive), or nullptr.
  const Item* Find(Utf16View name) const {
    for (const Item& item : items_) {
      if (name.EqualsIgnoreCase(item.name)) return &item;
    }
    return nullptr;
  }

  void SetDefaults(Params* out) const {
    for (const Item& item : items_) item.set_default(out);
  }

  // Checks `list` as a request to set properties: known names, writable, right format, in range.
  absl::Status Verify(absl::Span<const uint8_t> list, bool allow_unknown = false) const {
    Params scratch{};
    return ApplyTo(list, &scratch, allow_unknown, /*setting=*/true);
  }

  // Sets `out` to the defaults, then to the list's values; REQUIRED properties must be present.
  // READ_ONLY properties are accepted (a full list read from the cluster holds them).
  absl::Status Parse(absl::Span<const uint8_t> list, Params* out, bool allow_unknown = true) const {
    Params result{};
    SetDefaults(&result);
    absl::Status status = ApplyTo(list, &result, allow_unknown, /*setting=*/false);
    if (!status.ok()) return status;
    *out = std::move(result);
    return absl::OkStatus();
  }

  // Changes the members named in `list` (a request to set properties, as Verify checks it).
  absl::Status Apply(absl::Span<const uint8_t> list, Params* out,
                     bool allow_unknown = false) const {
    Params result = *out;
    absl::Status status = ApplyTo(list, &result, allow_unknown, /*setting=*/true);
    if (!status.ok()) return status;
    *out = std::move(result);
    return absl::OkStatus();
  }

  // Writes every item except IN_MEMORY ones, in table order.
  void Write(const Params& in, PropertyListWriter* writer) const {
    for (const Item& item : items_) {
      if (item.flags & kPropertyInMemory) continue;
      writer->BeginProperty(item.name);
      item.write(in, writer);
    }
  }
  absl::StatusOr<std::vector<uint8_t>> Write(const Params& in, WriteOptions options = {}) const {
    PropertyListWriter writer(options);
    Write(in, &writer);
    absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
    if (!bytes.ok()) return bytes.status();
    return std::vector<uint8_t>(bytes->begin(), bytes->end());
  }

 private:
  template <typename T, typename Accessor, typename Adder>
  PropertyTable& Numeric(std::string name, T Params::*member, Format format, Accessor accessor,
                         Adder adder, T default_value, T min, T max, uint32_t flags) {
    items_.push_back(
        Item{std::move(name), format, flags,
             [member, accessor, min, max](const ValueView& value, Params* out) -> absl::Status {
               absl::StatusOr<T> v = (value.*accessor)();
               if (!v.ok()) return v.status();
               if (*v < min || *v > max) {
                 return Win32Error(kErrorInvalidData, value.data_offset(),
                                   absl::StrCat("value ", *v, " outside [", min, ", ", max, "]"));
               }
               out->*member = *v;
               return absl::OkStatus();
             },
             [member, adder, format](const Params& in, PropertyListWriter* writer) {
               (writer->*adder)(in.*member, MakeSyntax(Type::kListValue, format));
             },
             [member, default_value](Params* out) { out->*member = default_value; }});
    return *this;
  }

  PropertyTable& String(std::string name, std::string Params::*member, Format format,
                        uint32_t syntax, std::string default_value, uint32_t flags) {
    items_.push_back(Item{std::move(name), format, flags,
                          [member](const ValueView& value, Params* out) -> absl::Status {
                            absl::StatusOr<Utf16View> text = value.AsString();
                            if (!text.ok()) return text.status();
                            out->*member = text->ToUtf8();
                            return absl::OkStatus();
                          },
                          [member, syntax](const Params& in, PropertyListWriter* writer) {
                            writer->AddString(in.*member, syntax);
                          },
                          [member, default_value](Params* out) { out->*member = default_value; }});
    return *this;
  }

  absl::Status ApplyTo(absl::Span<const uint8_t> list, Params* out, bool allow_unknown,
                       bool setting) const {
    absl::StatusOr<PropertyListReader> reader = PropertyListReader::Open(list);
    if (!reader.ok()) return reader.status();
    std::vector<bool> seen(items_.size(), false);
    for (PropertyView property : *reader) {
      const Item* item = Find(property.name());
      if (item == nullptr) {
        if (allow_unknown) continue;
        return Win32Error(kErrorInvalidParameter, property.offset(),
                          absl::StrCat("unknown property \"", property.name().ToUtf8(), "\""));
      }
      if (setting && (item->flags & kPropertyReadOnly)) {
        return Win32Error(kErrorInvalidParameter, property.offset(),
                          absl::StrCat("property \"", item->name, "\" is read-only"));
      }
      ValueView value = property.first_value();
      if (value.format() != item->format) {
        return Win32Error(kErrorInvalidData, value.offset(),
                          absl::StrCat("property \"", item->name, "\" needs format ",
                                       std::string(FormatName(item->format))));
      }
      absl::Status status = item->read(value, out);
      if (!status.ok()) return status;
      seen[static_cast<size_t>(item - items_.data())] = true;
    }
    if (!setting) {
      for (size_t i = 0; i < items_.size(); ++i) {
        if ((items_[i].flags & kPropertyRequired) && !seen[i]) {
          return Win32Error(kErrorInvalidParameter,
                            absl::StrCat("required property \"", items_[i].name, "\" missing"));
        }
      }
    }
    return absl::OkStatus();
  }

  std::vector<Item> items_;
};

}  // namespace clusprop

#endif  // CLUSPROP_PROPERTY_TABLE_H_
