#include "cluster/database.h"

#include <cstring>
#include <utility>

#include "absl/strings/str_split.h"
#include "clusprop/utf16.h"
#include "clusprop/win32_error.h"

namespace clusprop {
namespace cluster {
namespace {

constexpr char kResources[] = "Resources";
constexpr char kResourceTypes[] = "ResourceTypes";

bool ValidName(std::string_view name) { return name.find('\0') == std::string_view::npos; }

// The components of a subkey path: none for "", else non-empty names.
absl::StatusOr<std::vector<std::string_view>> SplitPath(std::string_view path) {
  std::vector<std::string_view> names;
  if (path.empty()) return names;
  if (!ValidName(path)) return Win32Error(kErrorInvalidParameter, "key path holds a NUL");
  // Debian's Abseil has its own string_view.
  for (absl::string_view name : absl::StrSplit(absl::string_view(path.data(), path.size()), '\\')) {
    if (name.empty()) return Win32Error(kErrorInvalidParameter, "key path has an empty name");
    names.emplace_back(name.data(), name.size());
  }
  return names;
}

absl::Status NotFound(std::string_view what) { return Win32Error(kErrorFileNotFound, what); }

// The next code point of well-formed UTF-8 at text[*i] (a stray byte stands for itself).
char32_t NextCodePoint(std::string_view text, size_t* i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(*i);
  const size_t length = lead < 0x80    ? 1
                        : lead >= 0xF0 ? 4
                        : lead >= 0xE0 ? 3
                        : lead >= 0xC0 ? 2
                                       : 1;
  if (length == 1 || *i + length > text.size()) return byte((*i)++);
  char32_t c = lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) c = (c << 6) | (byte(*i + k) & 0x3F);
  *i += length;
  return c;
}

// The index-th entry of `map`, starting from `cursor` when it is valid and not past it.
template <typename Map, typename Cursor>
typename Map::const_iterator Nth(const Map& map, uint64_t names, uint32_t index, Cursor* cursor) {
  typename Map::const_iterator at = map.begin();
  uint32_t from = 0;
  if (cursor->names == names && cursor->index <= index) {
    at = cursor->at;
    from = cursor->index;
  }
  at = std::next(at, index - from);
  *cursor = {names, index, at};
  return at;
}

}  // namespace

absl::StatusOr<RegistryValue> TextValue(uint32_t type, const std::vector<std::string>& strings) {
  std::basic_string<wchar_t> units;
  for (const std::string& text : strings) {
    absl::StatusOr<std::u16string> utf16 = Utf8ToUtf16(text);
    if (!utf16.ok() || utf16->find(u'\0') != std::u16string::npos) {
      return Win32Error(kErrorInvalidParameter, "text is not UTF-8 without NULs");
    }
    for (size_t i = 0; i < utf16->size(); ++i) {
      char32_t c = (*utf16)[i];
      if (sizeof(wchar_t) > sizeof(char16_t) && c >= 0xD800 && c < 0xDC00) {  // a whole pair
        c = 0x10000 + ((c - 0xD800) << 10) + ((*utf16)[++i] - 0xDC00);
      }
      units.push_back(static_cast<wchar_t>(c));
    }
    units.push_back(L'\0');
    if (type != kRegMultiSz) break;
  }
  if (type == kRegMultiSz) units.push_back(L'\0');
  RegistryValue value{type, std::vector<uint8_t>(units.size() * sizeof(wchar_t))};
  std::memcpy(value.data.data(), units.data(), value.data.size());
  return value;
}

bool RegistryNameLess::operator()(std::string_view a, std::string_view b) const {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const auto x8 = static_cast<unsigned char>(a[i]);
    const auto y8 = static_cast<unsigned char>(b[j]);
    if ((x8 | y8) < 0x80) {  // ASCII on both sides, the usual case: no decoding
      const char32_t x = FoldCase(x8), y = FoldCase(y8);
      if (x != y) return x < y;
      ++i;
      ++j;
      continue;
    }
    const char32_t x = FoldCase(NextCodePoint(a, &i));
    const char32_t y = FoldCase(NextCodePoint(b, &j));
    if (x != y) return x < y;
  }
  return i == a.size() && j < b.size();
}

Database::Database() : root_(std::make_shared<Node>()) {}

absl::Status Database::CheckLive(const Key& key) const {
  if (key == nullptr) return Win32Error(kErrorInvalidParameter, "no key");
  if (key->deleted) return Win32Error(kErrorKeyDeleted, "the key was deleted");
  return absl::OkStatus();
}

absl::StatusOr<Database::Key> Database::NamedKey(std::string_view group, std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  Key current = root_;
  for (std::string_view part : {group, name}) {
    auto it = current->subkeys.find(part);
    if (it == current->subkeys.end()) {
      it = current->subkeys.emplace(std::string(part), std::make_shared<Node>()).first;
      ++current->key_names;
    }
    current = it->second;
  }
  return current;
}

absl::StatusOr<Database::Key> Database::ResourceKey(std::string_view resource) {
  return NamedKey(kResources, resource);
}

absl::StatusOr<Database::Key> Database::ResourceTypeKey(std::string_view type) {
  return NamedKey(kResourceTypes, type);
}

absl::StatusOr<Database::Key> Database::Open(const Key& key, std::string_view path) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (absl::Status live = CheckLive(key); !live.ok()) return live;
  absl::StatusOr<std::vector<std::string_view>> names = SplitPath(path);
  if (!names.ok()) return names.status();
  Key current = key;
  for (std::string_view name : *names) {
    auto it = current->subkeys.find(name);
    if (it == current->subkeys.end()) return NotFound("no such key");
    current = it->second;
  }
  return current;
}

absl::StatusOr<Database::Key> Database::Create(const Key& key, std::string_view path,
                                               bool* created) {
  std::lock_guard<std::mutex> lock(mu_);
  if (absl::Status live = CheckLive(key); !live.ok()) return live;
  absl::StatusOr<std::vector<std::string_view>> names = SplitPath(path);
  if (!names.ok()) return names.status();
  *created = false;
  Key current = key;
  for (std::string_view name : *names) {
    auto it = current->subkeys.find(name);
    if (it == current->subkeys.end()) {
      it = current->subkeys.emplace(std::string(name), std::make_shared<Node>()).first;
      ++current->key_names;
      *created = true;
    } else {
      *created = false;
    }
    current = it->second;
  }
  return current;
}

absl::Status Database::DeleteKey(const Key& key, std::string_view path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (absl::Status live = CheckLive(key); !live.ok()) return live;
  absl::StatusOr<std::vector<std::string_view>> names = SplitPath(path);
  if (!names.ok()) return names.status();
  if (names->empty()) return Win32Error(kErrorInvalidParameter, "no subkey to delete");
  Key parent = key;
  for (size_t i = 0; i + 1 < names->size(); ++i) {
    auto it = parent->subkeys.find((*names)[i]);
    if (it == parent->subkeys.end()) return NotFound("no such key");
    parent = it->second;
  }
  auto it = parent->subkeys.find(names->back());
  if (it == parent->subkeys.end()) return NotFound("no such key");
  if (!it->second->subkeys.empty()) {
    return Win32Error(kErrorAccessDenied, "the key has subkeys");
  }
  it->second->deleted = true;
  parent->subkeys.erase(it);
  ++parent->key_names;
  return absl::OkStatus();
}

absl::StatusOr<RegistryValue> Database::QueryValue(const Key& key, std::string_view name) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (absl::Status live = CheckLive(key); !live.ok()) return live;
  auto it = key->values.find(name);
  if (it == key->values.end()) return NotFound("no such value");
  return it->second;
}

absl::Status Database::SetValue(const Key& key, std::string_view name, RegistryValue value) {
  if (!ValidName(name)) return Win32Error(kErrorInvalidParameter, "value name holds a NUL");
  std::lock_guard<std::mutex> lock(mu_);
  if (absl::Status live = CheckLive(key); !live.ok()) return live;
  auto it = key->values.find(name);
  if (it == key->values.end()) {
    key->values.emplace(std::string(name), std::move(value));
    ++key->value_names;
  } else {
    it->second = std::move(value);  // the name keeps its first spelling, as the registry
  }
  return absl::OkStatus();
}

absl::Status Database::DeleteValue(const Key& key, std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  if (absl::Status live = CheckLive(key); !live.ok()) return live;
  auto it = key->values.find(name);
  if (it == key->values.end()) return NotFound("no such value");
  key->values.erase(it);
  ++key->value_names;
  return absl::OkStatus();
}

absl::StatusOr<std::pair<std::string, RegistryValue>> Database::EnumValue(const Key& key,
                                                                          uint32_t index) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (absl::Status live = CheckLive(key); !live.ok()) return live;
  if (index >= key->values.size()) return Win32Error(kErrorNoMoreItems, "no more values");
  auto it = Nth(key->values, key->value_names, index, &key->value_cursor);
  return std::make_pair(it->first, it->second);
}

absl::StatusOr<std::string> Database::EnumKey(const Key& key, uint32_t index) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (absl::Status live = CheckLive(key); !live.ok()) return live;
  if (index >= key->subkeys.size()) return Win32Error(kErrorNoMoreItems, "no more keys");
  return Nth(key->subkeys, key->key_names, index, &key->key_cursor)->first;
}

}  // namespace cluster
}  // namespace clusprop
