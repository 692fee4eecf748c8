// NamespaceStores: the stores behind `--isolate` (README "Isolation"), one per namespace.
//
// Contract:
//  - A namespace is a region and an account (dynemu::NamespaceId). Isolation says which of the two
//    separate tables: with none (the default) there is one store and every request, whatever its
//    region and account, reaches it (store_for() is then a plain return: no lock, no lookup). With
//    region and/or account isolation, the parts not isolated are the defaults (us-east-1,
//    000000000000): under `--isolate region` the namespace of a request is (its region,
//    000000000000), under `--isolate account` (us-east-1, its account).
//  - Each namespace has its own store::Store, opened on first use and kept until the
//    NamespaceStores is destroyed, so a Store& handed out stays valid that long. In memory: one
//    in-memory database each. A file database: the default namespace is the --db file itself, any
//    other one a file beside it, named from the validated region and account only
//    (dynemu.db -> dynemu.region-us-west-2.db, dynemu.account-123456789012.db,
//    dynemu.region-us-west-2.account-123456789012.db: the parts isolated). The constructor opens
//    every such file already there, so a restart finds each namespace (reset, snapshot and the TTL
//    sweep then cover it before any request names it).
//  - Names: a region is 1 to 32 of [a-z0-9-], an account 12 digits; store_for() and
//    namespace_of() throw std::invalid_argument for anything else, so no other text reaches a path.
//  - all() lists the open namespaces, sorted by name ("<region>/<account>"), default first.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynemu/server.h"
#include "store/store.h"

namespace dynemu::namespaces {

constexpr const char* kDefaultRegion = "us-east-1";
constexpr const char* kDefaultAccount = "000000000000";

struct Isolation {
  bool region = false;
  bool account = false;
  bool any() const { return region || account; }
};

// "none", "region", "account", "region,account" (either order); false for anything else.
bool parse_isolation(std::string_view text, Isolation* out);
std::string isolation_name(Isolation isolation);  // the inverse: "none", "region", ...

bool valid_region(std::string_view region);
bool valid_account(std::string_view account);

// The account a request acts as: the account --auth verify found for its key, else its access key
// id when that is 12 digits (as LocalStack reads one), else the default account.
std::string account_of_request(std::string_view verified_account, std::string_view access_key);

std::string namespace_name(const NamespaceId& id);  // "<region>/<account>"

class NamespaceStores {
 public:
  // `base` is the store options of the default namespace (its path is the --db file).
  NamespaceStores(const store::StoreOptions& base, Isolation isolation);  // throws std::runtime_error
  NamespaceStores(const NamespaceStores&) = delete;
  NamespaceStores& operator=(const NamespaceStores&) = delete;

  Isolation isolation() const { return isolation_; }

  // The namespace a request of `region` and `account` belongs to (the parts not isolated replaced
  // by the defaults). Throws std::invalid_argument for an invalid isolated part.
  NamespaceId namespace_of(const std::string& region, const std::string& account) const;

  store::Store& default_store() { return *default_store_; }
  // The store of namespace_of(region, account), opened on first use.
  store::Store& store_for(const std::string& region, const std::string& account) {
    if (!isolation_.any()) return *default_store_;
    return open(namespace_of(region, account));
  }
  store::Store& store_for(const NamespaceId& id) { return store_for(id.region, id.account); }

  std::vector<std::pair<NamespaceId, store::Store*>> all();
  // The store of namespace_of(region, account) if it is open, else nullptr (nothing is opened).
  store::Store* find(const std::string& region, const std::string& account);

 private:
  store::Store& open(const NamespaceId& id);
  std::string file_of(const NamespaceId& id) const;
  void open_existing_files();

  store::StoreOptions base_;
  Isolation isolation_;
  NamespaceId default_id_;
  std::unique_ptr<store::Store> default_store_;
  std::mutex mutex_;  // guards others_
  std::map<std::string, std::pair<NamespaceId, std::unique_ptr<store::Store>>> others_;  // by namespace_name
};

}  // namespace dynemu::namespaces
