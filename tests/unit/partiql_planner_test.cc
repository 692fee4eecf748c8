// The PartiQL planner, table-driven: which SELECTs run as a Query (and with which range), which as
// a Scan, what stays in the filter; and the full key a write needs.
#include <gtest/gtest.h>

#include "model/api_error.h"
#include "partiql/partiql.h"

namespace dynemu::partiql {
namespace {

KeyNames table_key() {
  KeyNames k;
  k.hash = "pk";
  k.hash_type = model::AttrType::S;
  k.range = "sk";
  k.range_type = model::AttrType::N;
  return k;
}

struct PlanCase {
  const char* where;  // after "SELECT * FROM T"
  bool scan;
  size_t partitions;
  int sort_op;  // -1: no sort range, else expr::KeyPredicate::Op
  bool filter;
  bool forward;
};

class PlanTable : public ::testing::TestWithParam<PlanCase> {};

TEST_P(PlanTable, PlansAsDynamoDBDoes) {
  const PlanCase& c = GetParam();
  const ReadPlan plan = plan_select(parse(std::string("SELECT * FROM T ") + c.where, {}), table_key());
  EXPECT_EQ(plan.scan, c.scan) << c.where;
  EXPECT_EQ(plan.partitions.size(), c.partitions) << c.where;
  EXPECT_EQ(plan.sort ? static_cast<int>(plan.sort->op) : -1, c.sort_op) << c.where;
  EXPECT_EQ(plan.filter.has_value(), c.filter) << c.where;
  EXPECT_EQ(plan.forward, c.forward) << c.where;
}

using Op = expr::KeyPredicate::Op;
constexpr int op(Op o) { return static_cast<int>(o); }

INSTANTIATE_TEST_SUITE_P(Selects, PlanTable, ::testing::Values(
    PlanCase{"", true, 0, -1, false, true},
    PlanCase{"WHERE pk = 'a'", false, 1, -1, false, true},
    PlanCase{"WHERE 'a' = pk", false, 1, -1, false, true},
    PlanCase{"WHERE pk = 'a' AND sk = 1", false, 1, op(Op::kEq), false, true},
    PlanCase{"WHERE pk = 'a' AND sk > 1", false, 1, op(Op::kGt), false, true},
    PlanCase{"WHERE pk = 'a' AND 1 < sk", false, 1, op(Op::kGt), false, true},
    PlanCase{"WHERE pk = 'a' AND sk <= 1", false, 1, op(Op::kLe), false, true},
    PlanCase{"WHERE pk = 'a' AND sk BETWEEN 1 AND 5", false, 1, op(Op::kBetween), false, true},
    PlanCase{"WHERE pk = 'a' AND sk > 1 AND sk < 5", false, 1, op(Op::kGt), true, true},
    PlanCase{"WHERE pk = 'a' AND v = 3", false, 1, -1, true, true},
    PlanCase{"WHERE pk IN ('a', 'b', 'a')", false, 2, -1, false, true},
    PlanCase{"WHERE pk IN ['a', 'b'] AND sk >= 2", false, 2, op(Op::kGe), false, true},
    PlanCase{"WHERE pk = 'a' OR pk = 'b'", true, 0, -1, true, true},
    PlanCase{"WHERE v = 1", true, 0, -1, true, true},
    PlanCase{"WHERE sk = 1", true, 0, -1, true, true},
    PlanCase{"WHERE NOT pk = 'a'", true, 0, -1, true, true},
    PlanCase{"WHERE begins_with(pk, 'a')", true, 0, -1, true, true},
    PlanCase{"WHERE pk = 1", false, 0, -1, false, true},           // a number never equals an S key
    PlanCase{"WHERE pk = 'a' AND sk = 'x'", false, 1, -1, true, true},  // a mistyped sort value stays a filter
    PlanCase{"WHERE pk = 'a' AND begins_with(sk, '1')", false, 1, -1, true, true},  // N sort key: no prefix range
    PlanCase{"WHERE pk = 'a' ORDER BY sk DESC", false, 1, -1, false, false},
    PlanCase{"WHERE pk = 'a' ORDER BY sk ASC", false, 1, -1, false, true}));

TEST(PartiqlPlanner, BeginsWithIsAPrefixRangeOnAStringSortKey) {
  KeyNames k = table_key();
  k.range_type = model::AttrType::S;
  const ReadPlan plan = plan_select(parse("SELECT * FROM T WHERE pk = 'a' AND begins_with(sk, 'x#')", {}), k);
  ASSERT_TRUE(plan.sort);
  EXPECT_EQ(plan.sort->op, Op::kBeginsWith);
  EXPECT_EQ(plan.sort->values[0].s, "x#");
  EXPECT_FALSE(plan.filter);
}

TEST(PartiqlPlanner, OrderByNeedsAQueryOnTheSortKey) {
  try {
    plan_select(parse("SELECT * FROM T ORDER BY sk", {}), table_key());
    FAIL();
  } catch (const model::ApiError& e) {
    EXPECT_EQ(e.message(), "Must have WHERE clause in the statement when using ORDER BY clause.");
  }
  EXPECT_THROW(plan_select(parse("SELECT * FROM T WHERE pk = 'a' ORDER BY v", {}), table_key()), model::ApiError);
}

TEST(PartiqlPlanner, WritesNeedTheFullKey) {
  const model::Item key = plan_key(parse("DELETE FROM T WHERE sk = 2 AND pk = 'a' AND v > 1", {}), table_key());
  ASSERT_EQ(key.size(), 2u);
  EXPECT_EQ(key.at("pk").s, "a");
  EXPECT_EQ(key.at("sk").n.to_string(), "2");
  for (const char* text : {"DELETE FROM T WHERE pk = 'a'", "DELETE FROM T WHERE pk = 'a' AND sk > 1",
                           "DELETE FROM T WHERE pk = 'a' OR sk = 1", "SELECT * FROM T"}) {
    try {
      plan_key(parse(text, {}), table_key());
      FAIL() << text;
    } catch (const model::ApiError& e) {
      EXPECT_EQ(e.message(), "Where clause does not contain a mandatory equality on all key attributes") << text;
    }
  }
}

}  // namespace
}  // namespace dynemu::partiql
