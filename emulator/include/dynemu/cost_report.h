// Cost and access-pattern report: what each test did to DynamoDB and what it would cost on demand.
//
// Contract:
//  - The units are the request log's (RequestRecord::read_units / write_units): the server's own
//    ConsumedCapacity arithmetic, which is how DynamoDB bills on-demand request units — reads in
//    4 KB steps (an eventually consistent read half a unit per step, a transactional read two),
//    writes in 1 KB steps (transactional writes two per step), index writes included. Nothing here
//    recomputes them.
//  - CostRates are US dollars per million request units (defaults: $0.25 per million read and
//    $1.25 per million write request units). A test's "cost per million runs" is
//    read_units × read rate + write_units × write rate: one run costs that many millionths of a
//    dollar.
//  - CostReport::add() folds one record into a test's entry, found by name; "" holds the requests
//    made outside a named test. Entries keep the order in which tests first made a request.
//    run() sums every entry. merge_json() takes in the tests of a report another process wrote with
//    to_json(): an entry of the same name is replaced (a test run again), the outside-a-test entry
//    adds up. It returns false and changes nothing when the text is not such a report.
//  - Renderings, all of the same numbers: to_json() (also GET /_dynemu/report), to_markdown() (every
//    test, most expensive first, then the tests that scanned) and to_table() (the compact summary a
//    test runner prints: the `top` most expensive tests and every test that scanned).
//  - Not thread-safe: the server guards its report with its request log's lock.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "dynemu/diagnostics.h"

namespace dynemu {

struct CostRates {
  double read_per_million = 0.25;   // US dollars per million read request units
  double write_per_million = 1.25;  // US dollars per million write request units
};

struct TestCost {
  std::string name;                           // "" for requests outside a named test
  int64_t requests = 0;
  std::map<std::string, int64_t> operations;  // operation -> calls
  std::vector<std::string> touched;           // "Table" or "Table/Index", first touched first
  int64_t scans = 0;
  int64_t items_scanned = 0;                  // what the Scans read (ScannedCount)
  int64_t items_returned = 0;                 // what the Scans returned (Count)
  double read_units = 0;                      // read request units
  double write_units = 0;                     // write request units

  void add(const RequestRecord& record);
  void add(const TestCost& other);  // sums another entry's figures into this one
  double cost_per_million_runs(const CostRates& rates) const {
    return read_units * rates.read_per_million + write_units * rates.write_per_million;
  }
};

class CostReport {
 public:
  void add(const std::string& test, const RequestRecord& record);
  // A whole entry: replaces the entry of the same name; the outside-a-test entry ("") adds up.
  void put(const TestCost& test);
  bool merge_json(const std::string& json);
  void clear();

  const std::vector<TestCost>& tests() const { return tests_; }
  const TestCost* find(const std::string& name) const;
  TestCost run() const;

  std::string to_json(const CostRates& rates) const;
  std::string to_markdown(const CostRates& rates) const;
  std::string to_table(const CostRates& rates, size_t top = 10) const;

 private:
  std::vector<TestCost> tests_;
  std::unordered_map<std::string, size_t> positions_;
};

// What a test is called in renderings: its name, or "(outside a test)".
std::string test_label(const TestCost& test);

}  // namespace dynemu
