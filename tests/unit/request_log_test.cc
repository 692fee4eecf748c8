// The request log's bound (http/diagnostics.h): the newest kMaxRecords records stay, numbered on.
#include <gtest/gtest.h>

#include "http/diagnostics.h"

namespace dynemu::http {
namespace {

TEST(RequestLog, KeepsTheNewestRecordsUpToItsBound) {
  Diagnostics log;
  const size_t extra = 7;
  for (size_t i = 0; i < Diagnostics::kMaxRecords + extra; ++i) {
    RequestRecord r;
    r.operation = "GetItem";
    r.table = "T" + std::to_string(i);
    log.record(std::move(r));
  }
  const auto records = log.records();
  ASSERT_EQ(records.size(), Diagnostics::kMaxRecords);
  EXPECT_EQ(records.front().sequence, extra + 1);
  EXPECT_EQ(records.front().table, "T" + std::to_string(extra));
  EXPECT_EQ(records.back().sequence, Diagnostics::kMaxRecords + extra);
  log.clear_records();
  RequestRecord next;
  log.record(next);
  EXPECT_EQ(log.records().at(0).sequence, Diagnostics::kMaxRecords + extra + 1);  // numbering survives clear
}

}  // namespace
}  // namespace dynemu::http
