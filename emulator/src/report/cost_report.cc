#include "dynemu/cost_report.h"

#include <algorithm>
#include <cstdio>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dynemu {
namespace {

constexpr const char* kFormat = "dynemu-cost-report/1";

void add_touched(TestCost& test, const std::string& name) {
  if (std::find(test.touched.begin(), test.touched.end(), name) == test.touched.end()) test.touched.push_back(name);
}

// Dollars and units as people read them: up to 4 decimals, no trailing zeros ("0.125", "3").
std::string decimal(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.4f", value);
  std::string s = text;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string dollars(double value) { return "$" + decimal(value); }

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string operations_text(const TestCost& t) {
  std::string out;
  for (const auto& [op, calls] : t.operations) out += (out.empty() ? "" : ", ") + op + " " + std::to_string(calls);
  return out;
}

// Most expensive first; ties keep run order.
std::vector<const TestCost*> by_cost(const std::vector<TestCost>& tests, const CostRates& rates) {
  std::vector<const TestCost*> sorted;
  for (const auto& t : tests) sorted.push_back(&t);
  std::stable_sort(sorted.begin(), sorted.end(), [&rates](const TestCost* a, const TestCost* b) {
    return a->cost_per_million_runs(rates) > b->cost_per_million_runs(rates);
  });
  return sorted;
}

// Markdown table cells must not break the row.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_entry(Writer& w, const TestCost& t, const CostRates& rates, bool named) {
  w.StartObject();
  if (named) {
    w.Key("name");
    w.String(t.name);
  }
  w.Key("requests"); w.Int64(t.requests);
  w.Key("operations"); w.StartObject();
  for (const auto& [op, calls] : t.operations) {
    w.Key(op.c_str(), static_cast<rapidjson::SizeType>(op.size()));
    w.Int64(calls);
  }
  w.EndObject();
  w.Key("touched"); w.StartArray();
  for (const auto& name : t.touched) w.String(name);
  w.EndArray();
  w.Key("scans"); w.Int64(t.scans);
  w.Key("itemsScanned"); w.Int64(t.items_scanned);
  w.Key("itemsReturned"); w.Int64(t.items_returned);
  w.Key("readRequestUnits"); w.Double(t.read_units);
  w.Key("writeRequestUnits"); w.Double(t.write_units);
  w.Key("costPerMillionRuns"); w.Double(t.cost_per_million_runs(rates));
  w.EndObject();
}

bool read_int(const rapidjson::Value& v, const char* name, int64_t& out) {
  auto it = v.FindMember(name);
  if (it == v.MemberEnd()) return true;
  if (!it->value.IsInt64() || it->value.GetInt64() < 0) return false;
  out = it->value.GetInt64();
  return true;
}

bool read_units(const rapidjson::Value& v, const char* name, double& out) {
  auto it = v.FindMember(name);
  if (it == v.MemberEnd()) return true;
  if (!it->value.IsNumber() || it->value.GetDouble() < 0) return false;
  out = it->value.GetDouble();
  return true;
}

bool entry_from_json(const rapidjson::Value& v, TestCost& t) {
  if (!v.IsObject()) return false;
  auto name = v.FindMember("name");
  if (name == v.MemberEnd() || !name->value.IsString()) return false;
  t.name.assign(name->value.GetString(), name->value.GetStringLength());
  if (!read_int(v, "requests", t.requests) || !read_int(v, "scans", t.scans) ||
      !read_int(v, "itemsScanned", t.items_scanned) || !read_int(v, "itemsReturned", t.items_returned) ||
      !read_units(v, "readRequestUnits", t.read_units) || !read_units(v, "writeRequestUnits", t.write_units))
    return false;
  if (auto ops = v.FindMember("operations"); ops != v.MemberEnd()) {
    if (!ops->value.IsObject()) return false;
    for (const auto& m : ops->value.GetObject()) {
      if (!m.value.IsInt64() || m.value.GetInt64() < 0) return false;
      t.operations[std::string(m.name.GetString(), m.name.GetStringLength())] = m.value.GetInt64();
    }
  }
  if (auto touched = v.FindMember("touched"); touched != v.MemberEnd()) {
    if (!touched->value.IsArray()) return false;
    for (const auto& n : touched->value.GetArray()) {
      if (!n.IsString()) return false;
      add_touched(t, std::string(n.GetString(), n.GetStringLength()));
    }
  }
  return true;
}

}  // namespace

std::string test_label(const TestCost& test) { return test.name.empty() ? "(outside a test)" : test.name; }

void TestCost::add(const RequestRecord& record) {
  ++requests;
  ++operations[record.operation];
  if (!record.index.empty()) add_touched(*this, record.table + "/" + record.index);
  else
    for (const auto& table : record.tables) add_touched(*this, table);
  if (record.scan) {
    ++scans;
    items_scanned += record.items_read;
    items_returned += record.items_returned;
  }
  read_units += record.read_units;
  write_units += record.write_units;
}

void TestCost::add(const TestCost& other) {
  requests += other.requests;
  for (const auto& [op, calls] : other.operations) operations[op] += calls;
  for (const auto& name : other.touched) add_touched(*this, name);
  scans += other.scans;
  items_scanned += other.items_scanned;
  items_returned += other.items_returned;
  read_units += other.read_units;
  write_units += other.write_units;
}

void CostReport::add(const std::string& test, const RequestRecord& record) {
  auto it = positions_.find(test);
  if (it == positions_.end()) {
    it = positions_.emplace(test, tests_.size()).first;
    tests_.push_back(TestCost{});
    tests_.back().name = test;
  }
  tests_[it->second].add(record);
}

void CostReport::put(const TestCost& test) {
  auto it = positions_.find(test.name);
  if (it == positions_.end()) {
    positions_.emplace(test.name, tests_.size());
    tests_.push_back(test);
  } else if (test.name.empty()) {
    tests_[it->second].add(test);
  } else {
    tests_[it->second] = test;
  }
}

bool CostReport::merge_json(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) return false;
  auto format = doc.FindMember("format");
  if (format == doc.MemberEnd() || !format->value.IsString() || std::string(format->value.GetString()) != kFormat)
    return false;
  auto tests = doc.FindMember("tests");
  if (tests == doc.MemberEnd() || !tests->value.IsArray()) return false;
  std::vector<TestCost> entries;
  for (const auto& v : tests->value.GetArray()) {
    TestCost t;
    if (!entry_from_json(v, t)) return false;
    entries.push_back(std::move(t));
  }
  for (const auto& t : entries) put(t);
  return true;
}

void CostReport::clear() {
  tests_.clear();
  positions_.clear();
}

const TestCost* CostReport::find(const std::string& name) const {
  auto it = positions_.find(name);
  return it == positions_.end() ? nullptr : &tests_[it->second];
}

TestCost CostReport::run() const {
  TestCost total;
  for (const auto& t : tests_) total.add(t);
  return total;
}

std::string CostReport::to_json(const CostRates& rates) const {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("format"); w.String(kFormat);
  w.Key("rates"); w.StartObject();
  w.Key("currency"); w.String("USD");
  w.Key("readRequestUnitsPerMillion"); w.Double(rates.read_per_million);
  w.Key("writeRequestUnitsPerMillion"); w.Double(rates.write_per_million);
  w.EndObject();
  w.Key("run");
  write_entry(w, run(), rates, false);
  w.Key("tests"); w.StartArray();
  for (const auto& t : tests_) write_entry(w, t, rates, true);
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

namespace {

std::string rates_text(const CostRates& rates) {
  return dollars(rates.read_per_million) + " per million read request units, " + dollars(rates.write_per_million) +
         " per million write request units";
}

std::string run_line(const std::vector<TestCost>& tests, const TestCost& run, const CostRates& rates) {
  size_t named = 0;
  for (const auto& t : tests) named += t.name.empty() ? 0 : 1;
  return std::to_string(named) + (named == 1 ? " test, " : " tests, ") + std::to_string(run.requests) +
         (run.requests == 1 ? " request, " : " requests, ") + decimal(run.read_units) +
         " RRU, " + decimal(run.write_units) + " WRU: " + dollars(run.cost_per_million_runs(rates)) +
         " per million runs";
}

std::string scan_text(const TestCost& t) {
  return std::to_string(t.scans) + (t.scans == 1 ? " Scan" : " Scans") + ", " + std::to_string(t.items_scanned) +
         " items scanned, " + std::to_string(t.items_returned) + " returned";
}

}  // namespace

std::string CostReport::to_markdown(const CostRates& rates) const {
  const TestCost total = run();
  std::string md = "# dynemu cost and access-pattern report\n\n";
  md += "Request units as DynamoDB bills them on demand, priced at " + rates_text(rates) + ".\n\n";
  md += "Run: " + run_line(tests_, total, rates) + ".\n\n";
  md += "| Test | Cost per million runs | RRU | WRU | Requests | Operations | Tables and indexes | Scans |\n";
  md += "|---|---:|---:|---:|---:|---|---|---|\n";
  for (const TestCost* t : by_cost(tests_, rates)) {
    md += "| " + cell(test_label(*t)) + " | " + dollars(t->cost_per_million_runs(rates)) + " | " +
          decimal(t->read_units) + " | " + decimal(t->write_units) + " | " + std::to_string(t->requests) + " | " +
          cell(operations_text(*t)) + " | " + cell(joined(t->touched)) + " | " +
          (t->scans ? scan_text(*t) : std::string("none")) + " |\n";
  }
  bool any_scan = false;
  for (const auto& t : tests_) {
    if (!t.scans) continue;
    if (!any_scan) md += "\n## Tests that scanned\n\n";
    any_scan = true;
    md += "- " + cell(test_label(t)) + ": " + scan_text(t) + " (" + joined(t.touched) + ")\n";
  }
  if (!any_scan) md += "\nNo test scanned.\n";
  return md;
}

std::string CostReport::to_table(const CostRates& rates, size_t top) const {
  const TestCost total = run();
  std::string out = "dynemu cost report: " + run_line(tests_, total, rates) + " (" + rates_text(rates) + ")\n";
  if (tests_.empty()) return out;
  const auto sorted = by_cost(tests_, rates);
  const size_t shown = std::min(top, sorted.size());
  out += "  most expensive tests" + std::string(shown < sorted.size() ? " (top " + std::to_string(shown) + ")" : "") +
         ":\n";
  char line[160];
  std::snprintf(line, sizeof line, "  %14s %9s %9s %6s  %s\n", "$/million runs", "RRU", "WRU", "reqs", "test");
  out += line;
  for (size_t i = 0; i < shown; ++i) {
    const TestCost& t = *sorted[i];
    std::snprintf(line, sizeof line, "  %14s %9s %9s %6lld  ", dollars(t.cost_per_million_runs(rates)).c_str(),
                  decimal(t.read_units).c_str(), decimal(t.write_units).c_str(), static_cast<long long>(t.requests));
    out += line + test_label(t) + "\n";
  }
  bool any_scan = false;
  for (const auto& t : tests_) {
    if (!t.scans) continue;
    if (!any_scan) out += "  tests that scanned:\n";
    any_scan = true;
    out += "    " + test_label(t) + ": " + scan_text(t) + "\n";
  }
  if (!any_scan) out += "  no test scanned\n";
  return out;
}

}  // namespace dynemu
