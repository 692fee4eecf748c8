#include "namespaces/namespaces.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace dynemu::namespaces {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kRegionPart = ".region-";
constexpr std::string_view kAccountPart = ".account-";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool parse_isolation(std::string_view text, Isolation* out) {
  Isolation isolation;
  if (text == "none") {
    *out = isolation;
    return true;
  }
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    bool* flag = part == "region" ? &isolation.region : part == "account" ? &isolation.account : nullptr;
    if (!flag || *flag) return false;  // unknown, or named twice
    *flag = true;
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty()) return false;  // a trailing comma
  }
  if (!isolation.any()) return false;
  *out = isolation;
  return true;
}

std::string isolation_name(Isolation isolation) {
  if (isolation.region && isolation.account) return "region,account";
  if (isolation.region) return "region";
  return isolation.account ? "account" : "none";
}

bool valid_region(std::string_view region) {
  return !region.empty() && region.size() <= 32 && std::all_of(region.begin(), region.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool valid_account(std::string_view account) {
  return account.size() == 12 &&
         std::all_of(account.begin(), account.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string account_of_request(std::string_view verified_account, std::string_view access_key) {
  if (!verified_account.empty()) return std::string(verified_account);
  if (valid_account(access_key)) return std::string(access_key);
  return kDefaultAccount;
}

std::string namespace_name(const NamespaceId& id) { return id.region + "/" + id.account; }

NamespaceStores::NamespaceStores(const store::StoreOptions& base, Isolation isolation)
    : base_(base), isolation_(isolation), default_id_{kDefaultRegion, kDefaultAccount} {
  default_store_ = std::make_unique<store::Store>(base_);
  if (isolation_.any() && !base_.in_memory) open_existing_files();
}

NamespaceId NamespaceStores::namespace_of(const std::string& region, const std::string& account) const {
  NamespaceId id = default_id_;
  if (isolation_.region) {
    if (!valid_region(region)) throw std::invalid_argument("a region is 1 to 32 of a-z, 0-9 and -: " + region);
    id.region = region;
  }
  if (isolation_.account) {
    if (!valid_account(account)) throw std::invalid_argument("an account id is 12 digits: " + account);
    id.account = account;
  }
  return id;
}

std::string NamespaceStores::file_of(const NamespaceId& id) const {
  // Only validated names get here: [a-z0-9-] and digits cannot leave the folder or name another file.
  const fs::path base(base_.path);
  std::string name = base.stem().string();
  if (isolation_.region) name += std::string(kRegionPart) + id.region;
  if (isolation_.account) name += std::string(kAccountPart) + id.account;
  name += base.extension().string();
  return (base.parent_path() / name).string();
}

store::Store& NamespaceStores::open(const NamespaceId& id) {
  if (id == default_id_) return *default_store_;
  const std::string name = namespace_name(id);
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = others_.find(name);
  if (found != others_.end()) return *found->second.second;
  store::StoreOptions options = base_;
  if (!options.in_memory) options.path = file_of(id);
  auto opened = std::make_unique<store::Store>(options);
  store::Store& store = *opened;
  others_.emplace(name, std::make_pair(id, std::move(opened)));
  return store;
}

void NamespaceStores::open_existing_files() {
  const fs::path base(base_.path);
  const std::string stem = base.stem().string(), extension = base.extension().string();
  fs::path folder = base.parent_path();
  if (folder.empty()) folder = ".";
  std::error_code error;
  std::vector<NamespaceId> found;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    const std::string file = entry.path().filename().string();
    if (!entry.is_regular_file(error) || file.size() <= stem.size() + extension.size() || file.rfind(stem, 0) != 0 ||
        !ends_with(file, extension))
      continue;
    // SQLite's companions of a database without an extension would otherwise read as a region.
    if (ends_with(file, "-wal") || ends_with(file, "-shm") || ends_with(file, "-journal")) continue;
    std::string_view middle(file);
    middle = middle.substr(stem.size(), middle.size() - stem.size() - extension.size());
    NamespaceId id = default_id_;
    if (isolation_.region) {
      if (middle.substr(0, kRegionPart.size()) != kRegionPart) continue;
      middle.remove_prefix(kRegionPart.size());
      const size_t end = isolation_.account ? middle.find(kAccountPart) : middle.size();
      if (end == std::string_view::npos) continue;
      id.region = std::string(middle.substr(0, end));
      middle.remove_prefix(end);
    }
    if (isolation_.account) {
      if (middle.substr(0, kAccountPart.size()) != kAccountPart) continue;
      middle.remove_prefix(kAccountPart.size());
      id.account = std::string(middle);
      middle = {};
    }
    if (!middle.empty() || !valid_region(id.region) || !valid_account(id.account)) continue;
    if (fs::path(file_of(id)).filename().string() != file) continue;  // only the names dynemu gives
    found.push_back(std::move(id));
  }
  for (const auto& id : found) open(id);
}

store::Store* NamespaceStores::find(const std::string& region, const std::string& account) {
  if (!isolation_.any()) return default_store_.get();
  const NamespaceId id = namespace_of(region, account);
  if (id == default_id_) return default_store_.get();
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = others_.find(namespace_name(id));
  return found == others_.end() ? nullptr : found->second.second.get();
}

std::vector<std::pair<NamespaceId, store::Store*>> NamespaceStores::all() {
  std::vector<std::pair<NamespaceId, store::Store*>> stores{{default_id_, default_store_.get()}};
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [name, entry] : others_) stores.emplace_back(entry.first, entry.second.get());
  return stores;
}

}  // namespace dynemu::namespaces
