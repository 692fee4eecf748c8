// Diagnostics: the server's request log and fault table (internal to the HTTP layer and Server).
//
// Contract: thread-safe. The log keeps the most recent kMaxRecords records (older ones are dropped
// first; sequence numbers keep counting). Why 10,000: a test's own requests fit many times over,
// while a long-running server's log stays near 2.5 MB (100,000 records had been most of its peak
// memory under load). take_fault() consumes one use of the first fault that
// matches an operation and its tables, so "the next N calls" is exact under concurrency.
// Every record is also folded into the cost report, under the test named by begin_report_test()
// ("" until one is named); clear_records() leaves the report, which spans a run of tests.
#pragma once
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dynemu/cost_report.h"
#include "dynemu/diagnostics.h"
#include "model/api_error.h"

namespace dynemu::http {

class Diagnostics {
 public:
  static constexpr size_t kMaxRecords = 10000;

  void record(RequestRecord record);
  std::vector<RequestRecord> records() const;
  void clear_records();

  // The test the following requests belong to ("" for none); a copy of the report; forgetting it.
  void begin_report_test(std::string name);
  CostReport cost_report() const;
  void clear_cost_report();

  void add_fault(Fault fault);
  std::vector<Fault> faults() const;
  void clear_faults();
  // The fault for this call, if any, with one use consumed. `applies`, when given, is asked about
  // each fault that matches the operation and tables (e.g. whether the request touches its item).
  std::optional<Fault> take_fault(const std::string& operation, const std::vector<std::string>& tables,
                                  const std::function<bool(const Fault&)>& applies = {});

 private:
  mutable std::mutex mutex_;
  std::deque<RequestRecord> records_;
  uint64_t next_sequence_ = 1;
  std::vector<Fault> faults_;
  CostReport report_;
  std::string report_test_;
};

// The error a fault answers with (fault.error must not be empty): DynamoDB's type, status and
// message for the known retryable codes, a DynamoDB error of that name otherwise.
model::ApiError injected_error(const Fault& fault);

}  // namespace dynemu::http
