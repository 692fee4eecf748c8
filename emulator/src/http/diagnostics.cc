#include "http/diagnostics.h"

#include <algorithm>
#include <cstdio>

namespace dynemu {

std::string RequestRecord::describe() const {
  std::string line = operation;
  if (!tables.empty()) {
    line += " ";
    for (size_t i = 0; i < tables.size(); ++i) line += (i ? "," : "") + tables[i];
  } else if (!table.empty()) {
    line += " " + table;
  }
  if (!index.empty()) line += " index=" + index;
  if (key_condition) line += " key-condition";
  if (scan) line += " scan";
  char numbers[96];
  std::snprintf(numbers, sizeof numbers, " items=%lld rcu=%g wcu=%g", static_cast<long long>(items_read), read_units,
                write_units);
  line += numbers;
  if (!error.empty()) line += " error=" + error + (injected ? " (injected)" : "");
  return line;
}

std::string describe_requests(const std::vector<RequestRecord>& records) {
  if (records.empty()) return "  (no requests)\n";
  std::string text;
  for (const auto& r : records) text += "  #" + std::to_string(r.sequence) + " " + r.describe() + "\n";
  return text;
}

}  // namespace dynemu

namespace dynemu::http {

void Diagnostics::record(RequestRecord record) {
  std::lock_guard<std::mutex> lock(mutex_);
  record.sequence = next_sequence_++;
  report_.add(report_test_, record);
  if (records_.size() >= kMaxRecords) records_.pop_front();
  records_.push_back(std::move(record));
}

std::vector<RequestRecord> Diagnostics::records() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {records_.begin(), records_.end()};
}

void Diagnostics::clear_records() {
  std::lock_guard<std::mutex> lock(mutex_);
  records_.clear();
}

void Diagnostics::begin_report_test(std::string name) {
  std::lock_guard<std::mutex> lock(mutex_);
  report_test_ = std::move(name);
}

CostReport Diagnostics::cost_report() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return report_;
}

void Diagnostics::clear_cost_report() {
  std::lock_guard<std::mutex> lock(mutex_);
  report_.clear();
}

void Diagnostics::add_fault(Fault fault) {
  if (fault.count == 0) return;  // "the next 0 calls": nothing to inject
  std::lock_guard<std::mutex> lock(mutex_);
  faults_.push_back(std::move(fault));
}

std::vector<Fault> Diagnostics::faults() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return faults_;
}

void Diagnostics::clear_faults() {
  std::lock_guard<std::mutex> lock(mutex_);
  faults_.clear();
}

std::optional<Fault> Diagnostics::take_fault(const std::string& operation, const std::vector<std::string>& tables,
                                             const std::function<bool(const Fault&)>& applies) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->operation != "*" && it->operation != operation) continue;
    if (!it->table.empty() && std::find(tables.begin(), tables.end(), it->table) == tables.end()) continue;
    if (applies && !applies(*it)) continue;
    Fault taken = *it;
    if (it->count > 0 && --it->count == 0) faults_.erase(it);
    return taken;
  }
  return std::nullopt;
}

}  // namespace dynemu::http

namespace dynemu::http {

model::ApiError injected_error(const Fault& fault) {
  // DynamoDB's own wording for its retryable errors, as SDKs and users see it.
  struct Known {
    const char* code;
    int status;
    const char* message;
  };
  static constexpr Known kKnown[] = {
      {"ProvisionedThroughputExceededException", 400,
       "The level of configured provisioned throughput for the table was exceeded. Consider increasing your "
       "provisioning level with the UpdateTable API."},
      {"ThrottlingException", 400,
       "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your "
       "table or index so please try again shortly. If exceptions persist, check if you have a hot key: "
       "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html"},
      {"RequestLimitExceeded", 400,
       "Throughput exceeds the current throughput limit for your account. Please contact AWS Support at "
       "https://aws.amazon.com/support request a limit increase"},
      {"InternalServerError", 500, "Internal server error"},
      {"ServiceUnavailable", 503, "The service is unavailable"},
  };
  int status = 400;
  std::string message = "Injected fault";
  for (const auto& k : kKnown) {
    if (fault.error == k.code) {
      status = k.status;
      message = k.message;
    }
  }
  if (fault.status > 0) status = fault.status;
  if (!fault.message.empty()) message = fault.message;
  // A name with a namespace ("com.amazon.coral.service#X") is sent as given.
  std::string type = fault.error.find('#') == std::string::npos ? "com.amazonaws.dynamodb.v20120810#" + fault.error
                                                                 : fault.error;
  return model::ApiError(status, std::move(type), std::move(message));
}

}  // namespace dynemu::http
