// AccessRecording: what a PartiQL statement did, for the request log.
//
// Contract: the request log learns an ordinary operation's table, index and access kind from its
// request body (http/request_recording.h); a PartiQL statement names them only in its text, and
// only its plan knows whether it ran as a Query or a Scan. While an AccessRecordingScope is alive on
// a thread, record_access() on that thread adds the table to the record, sets its index, and marks
// it `scan` (a SELECT planned as a Scan, so NoScans() catches it) or `key_condition` (a Query);
// record_statement_writes() marks the request's capacity as write units. Without a scope both are
// no-ops (in-process calls, benchmarks of other operations).
#pragma once
#include <string>

#include "dynemu/diagnostics.h"

namespace dynemu::api {

class AccessRecordingScope {
 public:
  explicit AccessRecordingScope(RequestRecord& record);
  ~AccessRecordingScope();
  AccessRecordingScope(const AccessRecordingScope&) = delete;
  AccessRecordingScope& operator=(const AccessRecordingScope&) = delete;
  bool writes() const { return writes_; }

 private:
  friend void record_statement_writes();
  RequestRecord* previous_record_;
  AccessRecordingScope* previous_scope_;
  bool writes_ = false;
};

enum class Access { kItem, kQuery, kScan };
void record_access(const std::string& table, const std::string& index, Access access);
void record_statement_writes();

}  // namespace dynemu::api
