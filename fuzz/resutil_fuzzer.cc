// The ResUtil layer (resutil/resapi.h) on hostile lists: the first byte picks the options, the
// rest is the list. Asserts, against a table with a property of every format (ranges, SIGNED,
// READ_ONLY, defaults):
//  - ResUtilVerifyPropertyTable returns one of its documented codes, the same with or without a
//    parameter block; a rejected list leaves the block as it was; an accepted one fills it so
//    that ResUtilPropertyListFromParameterBlock writes it back and that list verifies into an
//    equal block (the two-call size pattern on the way);
//  - ResUtilFind*Property agrees with a plain scan for the first property of that name
//    (case-insensitive), for every property name of the list and case variants of it;
//  - ResUtilGet*Property reads each value of the list exactly when its format's accessor can,
//    and moves the position to the end of the entry;
//  - through the embedded cluster's database: a list ResUtilSetPropertyTable accepts (exactly
//    when ResUtilVerifyPropertyTable does) reads back with ResUtilGetPropertiesToParameterBlock
//    into the block Verify fills; ResUtilSetPrivatePropertyList returns a documented code, and
//    what it wrote reads back with ResUtilGetPrivateProperties as a valid list;
//  - every LocalAlloc'ed result is freed (the leak checker is on).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "clusprop/reader.h"
#include "clusprop/utf16.h"
#include "fuzz/fuzz_helpers.h"
#include "resutil/resapi.h"

namespace {

struct Params {
  DWORD dword;
  LONG long_value;
  LPWSTR sz;
  LPWSTR expand_sz;
  LPWSTR multi_sz;
  DWORD multi_sz_size;
  LPBYTE binary;
  DWORD binary_size;
  ULONGLONG ularge;
  LONGLONG large;
  FILETIME filetime;
  DWORD signed_dword;
  DWORD read_only;
};

RESUTIL_ULARGEINT_DATA ularge_range = {{{5, 0}}, {{1, 0}}, {{1000, 0}}};
RESUTIL_LARGEINT_DATA large_range = {{{0, 0}}, {{0xFFFFFF00u, -1}}, {{0x100, 0}}};
WCHAR default_sz[] = L"default";
WCHAR default_expand_sz[] = L"%x%";
WCHAR default_multi_sz[] = {L'm', 0, 0};  // canonical: one string, two NULs
BYTE default_binary[] = {1, 2, 3};

// Without READ_ONLY last, for verifying a written-back list.
RESUTIL_PROPERTY_ITEM table[] = {
    {(LPWSTR)L"Dword", nullptr, CLUSPROP_FORMAT_DWORD, {7}, 1, 10, 0, FIELD_OFFSET(Params, dword)},
    {(LPWSTR)L"Long",
     nullptr,
     CLUSPROP_FORMAT_LONG,
     {(DWORD)-1},
     (DWORD)-5,
     5,
     RESUTIL_PROPITEM_SIGNED,
     FIELD_OFFSET(Params, long_value)},
    {(LPWSTR)L"Sz",
     nullptr,
     CLUSPROP_FORMAT_SZ,
     {(DWORD_PTR)default_sz},
     0,
     0,
     0,
     FIELD_OFFSET(Params, sz)},
    {(LPWSTR)L"ExpandSz",
     nullptr,
     CLUSPROP_FORMAT_EXPAND_SZ,
     {(DWORD_PTR)default_expand_sz},
     0,
     0,
     0,
     FIELD_OFFSET(Params, expand_sz)},
    {(LPWSTR)L"MultiSz",
     nullptr,
     CLUSPROP_FORMAT_MULTI_SZ,
     {(DWORD_PTR)default_multi_sz},
     sizeof(default_multi_sz),
     0,
     0,
     FIELD_OFFSET(Params, multi_sz)},
    {(LPWSTR)L"Binary",
     nullptr,
     CLUSPROP_FORMAT_BINARY,
     {(DWORD_PTR)default_binary},
     sizeof(default_binary),
     0,
     0,
     FIELD_OFFSET(Params, binary)},
    {(LPWSTR)L"ULarge",
     nullptr,
     CLUSPROP_FORMAT_ULARGE_INTEGER,
     {(DWORD_PTR)&ularge_range},
     0,
     0,
     0,
     FIELD_OFFSET(Params, ularge)},
    {(LPWSTR)L"Large",
     nullptr,
     CLUSPROP_FORMAT_LARGE_INTEGER,
     {(DWORD_PTR)&large_range},
     0,
     0,
     0,
     FIELD_OFFSET(Params, large)},
    {(LPWSTR)L"FileTime",
     nullptr,
     CLUSPROP_FORMAT_FILETIME,
     {0},
     0,
     0,
     0,
     FIELD_OFFSET(Params, filetime)},
    {(LPWSTR)L"Signed",
     nullptr,
     CLUSPROP_FORMAT_DWORD,
     {0},
     (DWORD)-3,
     3,
     RESUTIL_PROPITEM_SIGNED,
     FIELD_OFFSET(Params, signed_dword)},
    {(LPWSTR)L"ReadOnly",
     nullptr,
     CLUSPROP_FORMAT_DWORD,
     {0},
     0,
     0,
     RESUTIL_PROPITEM_READ_ONLY,
     FIELD_OFFSET(Params, read_only)},
    {nullptr, nullptr, 0, {0}, 0, 0, 0, 0},
};
constexpr size_t kWritableItems = 10;  // all but ReadOnly, the last

// The table without ReadOnly, for verifying a written-back list.
struct WritableTable {
  RESUTIL_PROPERTY_ITEM items[kWritableItems + 1];
  WritableTable() {
    std::memcpy(items, table, sizeof(items));
    items[kWritableItems] = RESUTIL_PROPERTY_ITEM{nullptr, nullptr, 0, {0}, 0, 0, 0, 0};
  }
};
RESUTIL_PROPERTY_ITEM* Writable() {
  static WritableTable* writable = new WritableTable;
  return writable->items;
}

// A block holding an owned, non-empty value in every member: every default, through a list of
// empty values.
Params SeededBlock() {
  static const std::vector<uint8_t>* seed = [] {
    std::vector<uint8_t> bytes = {static_cast<uint8_t>(kWritableItems), 0, 0, 0};
    for (size_t i = 0; i < kWritableItems; ++i) {
      const std::basic_string<WCHAR> name = table[i].Name;
      const uint32_t cb = static_cast<uint32_t>(2 * (name.size() + 1));
      auto put32 = [&](uint32_t v) {
        for (int k = 0; k < 4; ++k) bytes.push_back(static_cast<uint8_t>(v >> (8 * k)));
      };
      put32(CLUSPROP_SYNTAX_NAME);
      put32(cb);
      for (WCHAR c : name) {
        bytes.push_back(static_cast<uint8_t>(c));
        bytes.push_back(0);
      }
      bytes.insert(bytes.end(), 2 + clusprop::AlignUp(cb) - cb, 0);
      put32(CLUSPROP_SYNTAX_VALUE(CLUSPROP_TYPE_LIST_VALUE, table[i].Format));
      put32(0);  // cbLength 0: the default
      put32(0);  // ENDMARK
    }
    return new std::vector<uint8_t>(std::move(bytes));
  }();
  Params params = {};
  FUZZ_CHECK(ResUtilVerifyPropertyTable(table, nullptr, FALSE, (PVOID)seed->data(),
                                        static_cast<DWORD>(seed->size()),
                                        (LPBYTE)&params) == ERROR_SUCCESS);
  return params;
}

bool SameBlocks(const Params& a, const Params& b) {
  auto same_text = [](const WCHAR* x, const WCHAR* y) {
    return (x == nullptr || y == nullptr) ? x == y : std::wcscmp(x, y) == 0;
  };
  auto same_bytes = [](const void* x, DWORD nx, const void* y, DWORD ny) {
    return nx == ny && (nx == 0 || std::memcmp(x, y, nx) == 0);
  };
  return a.dword == b.dword && a.long_value == b.long_value && same_text(a.sz, b.sz) &&
         same_text(a.expand_sz, b.expand_sz) &&
         same_bytes(a.multi_sz, a.multi_sz_size, b.multi_sz, b.multi_sz_size) &&
         same_bytes(a.binary, a.binary_size, b.binary, b.binary_size) && a.ularge == b.ularge &&
         a.large == b.large && a.filetime.dwLowDateTime == b.filetime.dwLowDateTime &&
         a.filetime.dwHighDateTime == b.filetime.dwHighDateTime && a.signed_dword == b.signed_dword;
}

// The block written back as a list, by the two-call pattern.
std::vector<uint8_t> WriteBack(const Params& params) {
  DWORD size = 0, returned = 1, required = 0;
  DWORD code = ResUtilPropertyListFromParameterBlock(Writable(), nullptr, &size, (LPBYTE)&params,
                                                     &returned, &required);
  FUZZ_CHECK(code == ERROR_MORE_DATA && returned == 0 && required > 0);
  std::vector<uint8_t> list(required);
  size = required;
  code = ResUtilPropertyListFromParameterBlock(Writable(), list.data(), &size, (LPBYTE)&params,
                                               &returned, &required);
  FUZZ_CHECK(code == ERROR_SUCCESS && returned == list.size() && required == 0);
  return list;
}

void CheckVerify(const uint8_t* list, DWORD size, BOOL allow_unknown) {
  const DWORD code =
      ResUtilVerifyPropertyTable(table, nullptr, allow_unknown, (PVOID)list, size, nullptr);
  FUZZ_CHECK(code == ERROR_SUCCESS || code == ERROR_INVALID_DATA ||
             code == ERROR_INVALID_PARAMETER || code == ERROR_INSUFFICIENT_BUFFER);
  Params params = SeededBlock();
  const Params before = params;
  const DWORD with_block =
      ResUtilVerifyPropertyTable(table, nullptr, allow_unknown, (PVOID)list, size, (LPBYTE)&params);
  FUZZ_CHECK(with_block == code);
  if (code != ERROR_SUCCESS) {
    FUZZ_CHECK(std::memcmp(&params, &before, sizeof(Params)) == 0);
  } else {
    // Written back (ReadOnly left out) and read again into another block: the same values.
    const std::vector<uint8_t> again = WriteBack(params);
    Params reread = SeededBlock();
    FUZZ_CHECK(ResUtilVerifyPropertyTable(Writable(), nullptr, FALSE, (PVOID)again.data(),
                                          static_cast<DWORD>(again.size()),
                                          (LPBYTE)&reread) == ERROR_SUCCESS);
    FUZZ_CHECK(SameBlocks(params, reread));
    ResUtilFreeParameterBlock((LPBYTE)&reread, nullptr, table);
  }
  ResUtilFreeParameterBlock((LPBYTE)&params, nullptr, table);
}

// The first property named `name` (case-insensitively) by a plain scan, or nullptr.
const clusprop::PropertyView* Scan(const std::vector<clusprop::PropertyView>& properties,
                                   const std::u16string& name) {
  for (const clusprop::PropertyView& p : properties) {
    if (p.name().EqualsIgnoreCase(name)) return &p;
  }
  return nullptr;
}

std::basic_string<WCHAR> ToWide(const std::u16string& utf16) {
  std::basic_string<WCHAR> wide;
  for (size_t i = 0; i < utf16.size(); ++i) {
    char32_t c = utf16[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < utf16.size() && utf16[i + 1] >= 0xDC00 &&
        utf16[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (utf16[++i] - 0xDC00);
    }
    wide.push_back(static_cast<WCHAR>(c));
  }
  return wide;
}

void CheckFind(const uint8_t* list, DWORD size, const clusprop::PropertyListReader& reader) {
  std::vector<clusprop::PropertyView> properties(reader.begin(), reader.end());
  int budget = 16;
  for (const clusprop::PropertyView& property : properties) {
    if (--budget < 0) break;
    std::u16string name = property.name().ToU16String();
    if (!property.name().IsWellFormed() || name.find(u'\0') != std::u16string::npos) continue;
    std::u16string swapped = name;
    for (char16_t& c : swapped) {
      if (c >= u'a' && c <= u'z')
        c = static_cast<char16_t>(c - 32);
      else if (c >= u'A' && c <= u'Z')
        c = static_cast<char16_t>(c + 32);
    }
    for (const std::u16string& query : {name, swapped}) {
      const clusprop::PropertyView* expected = Scan(properties, query);
      FUZZ_CHECK(expected != nullptr);
      const clusprop::ValueView value = expected->first_value();
      const std::basic_string<WCHAR> wide = ToWide(query);
      DWORD dword = 0;
      const DWORD code = ResUtilFindDwordProperty((PVOID)list, size, wide.c_str(), &dword);
      absl::StatusOr<uint32_t> reference = value.AsDword();
      FUZZ_CHECK(code == (reference.ok() ? ERROR_SUCCESS : ERROR_INVALID_DATA));
      if (reference.ok()) FUZZ_CHECK(dword == *reference);
      LPWSTR text = nullptr;
      const DWORD sz_code = ResUtilFindSzProperty((PVOID)list, size, wide.c_str(), &text);
      FUZZ_CHECK(sz_code == (value.AsString().ok() ? ERROR_SUCCESS : ERROR_INVALID_DATA));
      if (sz_code == ERROR_SUCCESS) {
        FUZZ_CHECK(ToWide(value.AsString()->ToU16String()) == text);
        LocalFree(text);
      }
      LPWSTR multi = nullptr;
      DWORD multi_size = 0;
      if (ResUtilFindMultiSzProperty((PVOID)list, size, wide.c_str(), &multi, &multi_size) ==
          ERROR_SUCCESS) {
        FUZZ_CHECK(multi_size >= 2 * sizeof(WCHAR) && multi[multi_size / sizeof(WCHAR) - 1] == 0);
        LocalFree(multi);
      }
      LPBYTE binary = nullptr;
      DWORD binary_size = 0;
      if (ResUtilFindBinaryProperty((PVOID)list, size, wide.c_str(), &binary, &binary_size) ==
          ERROR_SUCCESS) {
        FUZZ_CHECK(binary_size == value.length());
        LocalFree(binary);
      }
    }
  }
}

void CheckGet(const uint8_t* list, DWORD size, const clusprop::PropertyListReader& reader) {
  int budget = 32;
  for (clusprop::PropertyView property : reader) {
    for (clusprop::ValueView value : property.values()) {
      if (--budget < 0) return;
      LPBYTE position = const_cast<LPBYTE>(list) + value.offset();
      DWORD remaining = size - static_cast<DWORD>(value.offset());
      const LPBYTE start = position;
      const DWORD end = static_cast<DWORD>(value.data_offset() + clusprop::AlignUp(value.length()));
      DWORD code = ERROR_INVALID_PARAMETER;
      bool readable = false;
      switch (value.format()) {
        case clusprop::Format::kDword: {
          DWORD out = 0;
          code = ResUtilGetDwordProperty(&out, (PCLUSPROP_DWORD)position, 0, 0, 0, &position,
                                         &remaining);
          readable = value.AsDword().ok();
          break;
        }
        case clusprop::Format::kSz: {
          LPWSTR out = nullptr;
          code = ResUtilGetSzProperty(&out, (PCLUSPROP_SZ)position, nullptr, &position, &remaining);
          readable = value.length() == 0 || value.AsString().ok();
          LocalFree(out);
          break;
        }
        case clusprop::Format::kMultiSz: {
          LPWSTR out = nullptr;
          DWORD out_size = 0;
          code = ResUtilGetMultiSzProperty(&out, &out_size, (PCLUSPROP_SZ)position, nullptr, 0,
                                           &position, &remaining);
          readable = value.length() == 0 || value.AsMultiString().ok();
          LocalFree(out);
          break;
        }
        case clusprop::Format::kBinary: {
          LPBYTE out = nullptr;
          DWORD out_size = 0;
          code = ResUtilGetBinaryProperty(&out, &out_size, (PCLUSPROP_BINARY)position, nullptr, 0,
                                          &position, &remaining);
          readable = true;
          if (code == ERROR_SUCCESS) FUZZ_CHECK(out_size == value.length());
          LocalFree(out);
          break;
        }
        default:
          continue;
      }
      FUZZ_CHECK(code == (readable ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER));
      if (code == ERROR_SUCCESS) {
        FUZZ_CHECK(position == list + end);
        FUZZ_CHECK(remaining == size - end);
      } else {
        FUZZ_CHECK(position == start);
      }
    }
  }
}

// A key of its own for each input, below DemoResource's key in the default embedded cluster.
HKEY ResourceKey() {
  static HKEY key = [] {
    HCLUSTER cluster = OpenCluster(nullptr);
    FUZZ_CHECK(cluster != nullptr);
    HRESOURCE resource = OpenClusterResource(cluster, L"DemoResource");
    FUZZ_CHECK(resource != nullptr);
    HKEY root = GetClusterResourceKey(resource, KEY_ALL_ACCESS);
    FUZZ_CHECK(root != nullptr);
    return root;
  }();
  return key;
}

// Deletes `name` below `parent` and everything under it.
void DeleteTree(HKEY parent, const WCHAR* name) {
  HKEY key = nullptr;
  if (ClusterRegOpenKey(parent, name, KEY_ALL_ACCESS, &key) != ERROR_SUCCESS) return;
  for (;;) {
    WCHAR child[512];
    DWORD chars = 512;
    if (ClusterRegEnumKey(key, 0, child, &chars, nullptr) != ERROR_SUCCESS) break;
    DeleteTree(key, child);
  }
  FUZZ_CHECK(ClusterRegCloseKey(key) == ERROR_SUCCESS);
  FUZZ_CHECK(ClusterRegDeleteKey(parent, name) == ERROR_SUCCESS);
}

// The table's properties as stored under `key` (ResUtilGetProperties).
std::vector<uint8_t> TableAsStored(HKEY key) {
  DWORD returned = 0, required = 0;
  FUZZ_CHECK(ResUtilGetProperties(key, table, nullptr, 0, &returned, &required) == ERROR_MORE_DATA);
  std::vector<uint8_t> out(required);
  FUZZ_CHECK(ResUtilGetProperties(key, table, out.data(), required, &returned, &required) ==
             ERROR_SUCCESS);
  return out;
}

void CheckDatabase(const uint8_t* list, DWORD size, BOOL allow_unknown) {
  HKEY key = nullptr;
  FUZZ_CHECK(ClusterRegCreateKey(ResourceKey(), L"Fuzz", REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS,
                                 nullptr, &key, nullptr) == ERROR_SUCCESS);
  const DWORD verify =
      ResUtilVerifyPropertyTable(table, nullptr, allow_unknown, (PVOID)list, size, nullptr);
  const DWORD set =
      ResUtilSetPropertyTable(key, table, nullptr, allow_unknown, (PVOID)list, size, nullptr);
  FUZZ_CHECK(set == verify);
  if (set == ERROR_SUCCESS) {
    Params expected = SeededBlock();
    FUZZ_CHECK(ResUtilVerifyPropertyTable(table, nullptr, allow_unknown, (PVOID)list, size,
                                          (LPBYTE)&expected) == ERROR_SUCCESS);
    Params stored = SeededBlock();
    FUZZ_CHECK(ResUtilGetPropertiesToParameterBlock(key, table, (LPBYTE)&stored, FALSE, nullptr) ==
               ERROR_SUCCESS);
    FUZZ_CHECK(SameBlocks(expected, stored));
    ResUtilFreeParameterBlock((LPBYTE)&stored, nullptr, table);
    ResUtilFreeParameterBlock((LPBYTE)&expected, nullptr, table);
  }
  FUZZ_CHECK(ClusterRegCloseKey(key) == ERROR_SUCCESS);
  DeleteTree(ResourceKey(), L"Fuzz");

  // Unknown properties never reach the table's values: the table reads back the same after.
  FUZZ_CHECK(ClusterRegCreateKey(ResourceKey(), L"Fuzz", REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS,
                                 nullptr, &key, nullptr) == ERROR_SUCCESS);
  Params seeded = SeededBlock();
  FUZZ_CHECK(ResUtilSetPropertyParameterBlock(key, table, nullptr, (LPBYTE)&seeded, nullptr, 0,
                                              nullptr) == ERROR_SUCCESS);
  ResUtilFreeParameterBlock((LPBYTE)&seeded, nullptr, table);
  const std::vector<uint8_t> before = TableAsStored(key);
  const DWORD unknown = ResUtilSetUnknownProperties(key, table, (PVOID)list, size);
  FUZZ_CHECK(unknown == ERROR_SUCCESS || unknown == ERROR_INVALID_DATA ||
             unknown == ERROR_INVALID_PARAMETER || unknown == ERROR_INSUFFICIENT_BUFFER);
  FUZZ_CHECK(TableAsStored(key) == before);
  FUZZ_CHECK(ClusterRegCloseKey(key) == ERROR_SUCCESS);
  DeleteTree(ResourceKey(), L"Fuzz");

  FUZZ_CHECK(ClusterRegCreateKey(ResourceKey(), L"Fuzz", REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS,
                                 nullptr, &key, nullptr) == ERROR_SUCCESS);
  const DWORD code = ResUtilSetPrivatePropertyList(key, (PVOID)list, size);
  // Verify makes exactly the checks Set makes.
  FUZZ_CHECK(ResUtilVerifyPrivatePropertyList((PVOID)list, size) == code);
  FUZZ_CHECK(code == ERROR_SUCCESS || code == ERROR_INVALID_DATA ||
             code == ERROR_INVALID_PARAMETER || code == ERROR_INSUFFICIENT_BUFFER);
  if (code == ERROR_SUCCESS) {
    DWORD returned = 0, required = 0;
    DWORD get = ResUtilGetPrivateProperties(key, nullptr, 0, &returned, &required);
    FUZZ_CHECK(get == ERROR_MORE_DATA && required > 0);
    std::vector<uint8_t> out(required);
    get = ResUtilGetPrivateProperties(key, out.data(), required, &returned, &required);
    FUZZ_CHECK(get == ERROR_SUCCESS && returned == out.size());
    FUZZ_CHECK(clusprop::PropertyListReader::Open(out).ok());
  }
  FUZZ_CHECK(ClusterRegCloseKey(key) == ERROR_SUCCESS);
  DeleteTree(ResourceKey(), L"Fuzz");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const BOOL allow_unknown = (data[0] & 1) != 0;
  const uint8_t* list = data + 1;
  const DWORD list_size = static_cast<DWORD>(size - 1);
  CheckVerify(list, list_size, allow_unknown);
  CheckDatabase(list, list_size, allow_unknown);

  const DWORD private_code = ResUtilVerifyPrivatePropertyList((PVOID)list, list_size);
  FUZZ_CHECK(private_code == ERROR_SUCCESS || private_code == ERROR_INVALID_DATA ||
             private_code == ERROR_INVALID_PARAMETER || private_code == ERROR_INSUFFICIENT_BUFFER);
  absl::StatusOr<clusprop::PropertyListReader> reader =
      clusprop::PropertyListReader::Open(absl::MakeConstSpan(list, list_size));
  if (!reader.ok()) {
    FUZZ_CHECK(private_code == (clusprop::IsTruncated(reader.status()) ? ERROR_INSUFFICIENT_BUFFER
                                                                       : ERROR_INVALID_DATA));
    return 0;
  }
  FUZZ_CHECK(private_code == ERROR_SUCCESS || private_code == ERROR_INVALID_DATA ||
             private_code == ERROR_INVALID_PARAMETER);
  CheckFind(list, list_size, *reader);
  CheckGet(list, list_size, *reader);
  return 0;
}
