// CostReport: folding request records per test, merging another process's report, renderings.
#include "dynemu/cost_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace dynemu {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

RequestRecord record(const std::string& op, const std::string& table, double rru, double wru,
                     const std::string& index = "") {
  RequestRecord r;
  r.operation = op;
  r.table = table;
  r.tables = {table};
  r.index = index;
  r.read_units = rru;
  r.write_units = wru;
  return r;
}

RequestRecord scan(const std::string& table, int64_t scanned, int64_t returned, double rru) {
  RequestRecord r = record("Scan", table, rru, 0);
  r.scan = true;
  r.items_read = scanned;
  r.items_returned = returned;
  return r;
}

TEST(CostReportTest, FoldsRecordsPerTestAndSumsTheRun) {
  CostReport report;
  report.add("Orders.Put", record("PutItem", "Orders", 0, 2));
  report.add("Orders.Put", record("PutItem", "Orders", 0, 3));
  report.add("Users.Find", record("Query", "Users", 0.5, 0, "ByEmail"));
  report.add("Users.Find", scan("Users", 40, 2, 1.5));
  report.add("", record("GetItem", "Users", 1, 0));

  ASSERT_EQ(report.tests().size(), 3u);
  const TestCost* put = report.find("Orders.Put");
  ASSERT_NE(put, nullptr);
  EXPECT_EQ(put->requests, 2);
  EXPECT_EQ(put->write_units, 5);
  EXPECT_EQ(put->operations.at("PutItem"), 2);
  EXPECT_EQ(put->scans, 0);
  const TestCost* find = report.find("Users.Find");
  ASSERT_NE(find, nullptr);
  EXPECT_EQ(find->touched, (std::vector<std::string>{"Users/ByEmail", "Users"}));
  EXPECT_EQ(find->scans, 1);
  EXPECT_EQ(find->items_scanned, 40);
  EXPECT_EQ(find->items_returned, 2);
  EXPECT_EQ(find->read_units, 2);
  // 2 RRU x $0.25 per million: a million runs of the test cost fifty cents.
  EXPECT_EQ(find->cost_per_million_runs(CostRates{}), 0.5);
  EXPECT_EQ(put->cost_per_million_runs(CostRates{}), 6.25);
  EXPECT_EQ(put->cost_per_million_runs(CostRates{1, 10}), 50);

  const TestCost run = report.run();
  EXPECT_EQ(run.requests, 5);
  EXPECT_EQ(run.read_units, 3);
  EXPECT_EQ(run.write_units, 5);
  EXPECT_EQ(run.touched, (std::vector<std::string>{"Orders", "Users/ByEmail", "Users"}));
  EXPECT_EQ(run.cost_per_million_runs(CostRates{}), 0.75 + 6.25);
}

TEST(CostReportTest, JsonRoundTripsThroughMergeAndReplacesTestsOfTheSameName) {
  CostReport first;
  first.add("A.one", record("PutItem", "T", 0, 1));
  first.add("A.two", scan("T", 10, 1, 0.5));
  first.add("", record("GetItem", "T", 1, 0));
  const std::string json = first.to_json(CostRates{});
  EXPECT_THAT(json, HasSubstr("\"format\":\"dynemu-cost-report/1\""));
  EXPECT_THAT(json, HasSubstr("\"rates\":{\"currency\":\"USD\",\"readRequestUnitsPerMillion\":0.25,"
                              "\"writeRequestUnitsPerMillion\":1.25}"));
  EXPECT_THAT(json, HasSubstr("{\"name\":\"A.one\",\"requests\":1,\"operations\":{\"PutItem\":1},\"touched\":[\"T\"],"
                              "\"scans\":0,\"itemsScanned\":0,\"itemsReturned\":0,\"readRequestUnits\":0.0,"
                              "\"writeRequestUnits\":1.0,\"costPerMillionRuns\":1.25}"));

  CostReport second;  // another process ran A.one again (costlier now) and a test of its own
  second.add("A.one", record("PutItem", "T", 0, 4));
  second.add("B.three", record("DeleteItem", "T", 0, 1));
  second.add("", record("GetItem", "T", 0.5, 0));
  ASSERT_TRUE(second.merge_json(json));
  ASSERT_EQ(second.tests().size(), 4u);
  EXPECT_EQ(second.find("A.one")->write_units, 1);  // replaced by the merged report's run
  EXPECT_EQ(second.find("A.two")->items_scanned, 10);
  EXPECT_EQ(second.find("A.two")->items_returned, 1);
  EXPECT_EQ(second.find("B.three")->write_units, 1);
  EXPECT_EQ(second.find("")->read_units, 1.5);  // outside-a-test requests add up
  EXPECT_EQ(second.find("")->requests, 2);
}

TEST(CostReportTest, MergeRefusesWhatIsNotAReportAndChangesNothing) {
  CostReport report;
  report.add("A.one", record("PutItem", "T", 0, 1));
  for (const std::string bad : {"", "not json", "[]", R"({"tests":[]})", R"({"format":"other","tests":[]})",
                                R"({"format":"dynemu-cost-report/1","tests":{}})",
                                R"({"format":"dynemu-cost-report/1","tests":[{"name":"A.one","requests":-1}]})",
                                R"({"format":"dynemu-cost-report/1","tests":[{"name":"x"},{"requests":1}]})",
                                R"({"format":"dynemu-cost-report/1","tests":[{"name":"A.one","readRequestUnits":"1"}]})"}) {
    EXPECT_FALSE(report.merge_json(bad)) << bad;
  }
  ASSERT_EQ(report.tests().size(), 1u);
  EXPECT_EQ(report.find("A.one")->write_units, 1);
  EXPECT_EQ(report.find("x"), nullptr);
}

TEST(CostReportTest, TheTableShowsTheMostExpensiveTestsAndEveryTestThatScanned) {
  CostReport report;
  report.add("Cheap.get", record("GetItem", "T", 0.5, 0));
  report.add("Dear.write", record("PutItem", "T", 0, 8));
  report.add("Middle.scan", scan("T", 120, 3, 4));
  const std::string table = report.to_table(CostRates{}, 2);
  EXPECT_THAT(table, HasSubstr("dynemu cost report: 3 tests, 3 requests, 4.5 RRU, 8 WRU: $11.125 per million runs "
                               "($0.25 per million read request units, $1.25 per million write request units)\n"));
  EXPECT_THAT(table, HasSubstr("most expensive tests (top 2):\n"));
  const auto dear = table.find("Dear.write"), middle = table.find("Middle.scan");
  ASSERT_NE(dear, std::string::npos);
  ASSERT_NE(middle, std::string::npos);
  EXPECT_LT(dear, middle);
  EXPECT_THAT(table, HasSubstr("            $10         0         8      1  Dear.write\n"));
  EXPECT_THAT(table, Not(HasSubstr("Cheap.get")));  // third most expensive: past the top 2
  EXPECT_THAT(table, HasSubstr("  tests that scanned:\n    Middle.scan: 1 Scan, 120 items scanned, 3 returned\n"));

  CostReport quiet;
  quiet.add("Only.get", record("GetItem", "T", 1, 0));
  EXPECT_THAT(quiet.to_table(CostRates{}), HasSubstr("  no test scanned\n"));
  EXPECT_THAT(quiet.to_table(CostRates{}), Not(HasSubstr("(top")));
}

TEST(CostReportTest, MarkdownListsEveryTestMostExpensiveFirstWithCellsEscaped) {
  CostReport report;
  report.add("Cheap|pipe", record("GetItem", "T", 0.5, 0));
  report.add("Dear.write", record("PutItem", "T", 0, 8));
  report.add("", scan("T", 5, 5, 0.5));
  const std::string md = report.to_markdown(CostRates{});
  EXPECT_THAT(md, HasSubstr("Run: 2 tests, 3 requests, 1 RRU, 8 WRU: $10.25 per million runs.\n"));
  EXPECT_THAT(md, HasSubstr("| Dear.write | $10 | 0 | 8 | 1 | PutItem 1 | T | none |\n"));
  EXPECT_THAT(md, HasSubstr("| Cheap\\|pipe | $0.125 | 0.5 | 0 | 1 | GetItem 1 | T | none |\n"));
  EXPECT_LT(md.find("Dear.write"), md.find("Cheap\\|pipe"));
  EXPECT_THAT(md, HasSubstr("## Tests that scanned\n\n- (outside a test): 1 Scan, 5 items scanned, 5 returned (T)\n"));
}

}  // namespace
}  // namespace dynemu
