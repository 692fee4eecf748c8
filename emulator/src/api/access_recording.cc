#include "api/access_recording.h"

#include <algorithm>

namespace dynemu::api {
namespace {
thread_local RequestRecord* recorded_access = nullptr;
thread_local AccessRecordingScope* active_scope = nullptr;
}  // namespace

AccessRecordingScope::AccessRecordingScope(RequestRecord& record)
    : previous_record_(recorded_access), previous_scope_(active_scope) {
  recorded_access = &record;
  active_scope = this;
}

AccessRecordingScope::~AccessRecordingScope() {
  recorded_access = previous_record_;
  active_scope = previous_scope_;
}

void record_access(const std::string& table, const std::string& index, Access access) {
  RequestRecord* r = recorded_access;
  if (!r) return;
  if (std::find(r->tables.begin(), r->tables.end(), table) == r->tables.end()) r->tables.push_back(table);
  if (r->table.empty()) r->table = table;
  if (!index.empty()) r->index = index;
  if (access == Access::kScan) r->scan = true;
  if (access == Access::kQuery) r->key_condition = true;
}

void record_statement_writes() {
  if (active_scope) active_scope->writes_ = true;
}

}  // namespace dynemu::api
