// ExecuteStatement: every statement form against the HTTP API, its plan in the request log, and
// its errors (type, status and message).
#include "partiql_support.h"

namespace dynemu::testing_support {
namespace {

class ExecuteStatement : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = create_table_with_gsi();
    t_ = quoted_name(table_);
    for (int p = 0; p < 3; ++p)
      for (int s = 0; s < 5; ++s)
        statement_ok("INSERT INTO " + t_ + " VALUE {'pk': ?, 'sk': ?, 'owner': ?, 'n': ?, 'tag': 'x'}",
                     R"([{"S":"p)" + std::to_string(p) + R"("},{"N":")" + std::to_string(s) + R"("},{"S":"o)" +
                         std::to_string(s % 2) + R"("},{"N":")" + std::to_string(p * 10 + s) + R"("}])");
  }
  std::vector<std::string> sks(const ApiResponse& r) {
    std::vector<std::string> out;
    for (const auto& item : r.json["Items"].GetArray()) out.push_back(item["sk"]["N"].GetString());
    return out;
  }
  std::string table_, t_;
};

TEST_F(ExecuteStatement, InsertWritesAnItemThatGetItemReads) {
  ApiResponse r = statement_ok("INSERT INTO " + t_ + " VALUE {'pk': 'new', 'sk': 1, 'm': {'a': [1, 'b']}, 's': <<'x'>>}");
  EXPECT_EQ(to_json(r.json), R"({"Items":[]})");
  ApiResponse g = call("GetItem", R"({"TableName":")" + table_ + R"(","Key":{"pk":{"S":"new"},"sk":{"N":"1"}}})");
  EXPECT_EQ(json_at(g.json, "Item"),
            R"({"m":{"M":{"a":{"L":[{"N":"1"},{"S":"b"}]}}},"pk":{"S":"new"},"s":{"SS":["x"]},"sk":{"N":"1"}})");
  EXPECT_EQ(last_request().operation, "GetItem");
}

TEST_F(ExecuteStatement, InsertIsNeverAnUpsert) {
  ApiResponse r = statement("INSERT INTO " + t_ + " VALUE {'pk': 'p0', 'sk': 0, 'other': 1}");
  EXPECT_API_ERROR(r, 400, "DuplicateItemException", "Duplicate primary key exists in table");
  ApiResponse g = call("GetItem", R"({"TableName":")" + table_ + R"(","Key":{"pk":{"S":"p0"},"sk":{"N":"0"}}})");
  EXPECT_EQ(json_at(g.json["Item"], "other"), "<absent>");
}

TEST_F(ExecuteStatement, InsertChecksTheKeyAsPutItemDoes) {
  EXPECT_API_ERROR(statement("INSERT INTO " + t_ + " VALUE {'pk': 'a'}"), 400, "ValidationException",
                   "One or more parameter values were invalid: Missing the key sk in the item");
  EXPECT_API_ERROR(statement("INSERT INTO " + t_ + " VALUE {'pk': 'a', 'sk': 'x'}"), 400, "ValidationException",
                   "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S");
}

TEST_F(ExecuteStatement, PartitionKeyEqualityIsAQuery) {
  ApiResponse r = statement_ok("SELECT * FROM " + t_ + " WHERE pk = ?", R"([{"S":"p1"}])");
  EXPECT_EQ(sks(r), (std::vector<std::string>{"0", "1", "2", "3", "4"}));
  const RequestRecord rec = last_request();
  EXPECT_EQ(rec.operation, "ExecuteStatement");
  EXPECT_EQ(rec.table, table_);
  EXPECT_TRUE(rec.key_condition);
  EXPECT_FALSE(rec.scan);
  EXPECT_EQ(rec.items_read, 5);
}

TEST_F(ExecuteStatement, SortKeyPredicatesBoundTheRange) {
  EXPECT_EQ(sks(statement_ok("SELECT * FROM " + t_ + " WHERE pk = 'p1' AND sk > 2")),
            (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(last_request().items_read, 2);  // the range was read, not the partition
  EXPECT_EQ(sks(statement_ok("SELECT * FROM " + t_ + " WHERE pk = 'p1' AND sk BETWEEN 1 AND 3")),
            (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(sks(statement_ok("SELECT * FROM " + t_ + " WHERE pk = 'p1' AND sk BETWEEN 1 AND 3 AND n <> 12")),
            (std::vector<std::string>{"1", "3"}));
  EXPECT_EQ(last_request().items_read, 3);
}

TEST_F(ExecuteStatement, OrderByDescReadsBackward) {
  EXPECT_EQ(sks(statement_ok("SELECT * FROM " + t_ + " WHERE pk = 'p2' ORDER BY sk DESC")),
            (std::vector<std::string>{"4", "3", "2", "1", "0"}));
  EXPECT_API_ERROR(statement("SELECT * FROM " + t_ + " ORDER BY sk"), 400, "ValidationException",
                   "Must have WHERE clause in the statement when using ORDER BY clause.");
}

TEST_F(ExecuteStatement, InOnThePartitionKeyQueriesEachPartition) {
  ApiResponse r = statement_ok("SELECT pk, sk FROM " + t_ + " WHERE pk IN ('p2', 'p0') AND sk < 2");
  EXPECT_EQ(to_json(r.json["Items"]),
            R"([{"pk":{"S":"p2"},"sk":{"N":"0"}},{"pk":{"S":"p2"},"sk":{"N":"1"}},)"
            R"({"pk":{"S":"p0"},"sk":{"N":"0"}},{"pk":{"S":"p0"},"sk":{"N":"1"}}])");
  EXPECT_TRUE(last_request().key_condition);
  EXPECT_FALSE(last_request().scan);
}

TEST_F(ExecuteStatement, AnythingElseIsAScanAndTheLogSaysSo) {
  ApiResponse r = statement_ok("SELECT * FROM " + t_ + " WHERE n >= 20");
  EXPECT_EQ(r.json["Items"].Size(), 5u);
  const RequestRecord rec = last_request();
  EXPECT_TRUE(rec.scan);
  EXPECT_FALSE(rec.key_condition);
  EXPECT_EQ(rec.items_read, 15);
  statement_ok("SELECT * FROM " + t_ + " WHERE pk = 'p0' OR pk = 'p1'");
  EXPECT_TRUE(last_request().scan);
  statement_ok("SELECT * FROM " + t_);
  EXPECT_TRUE(last_request().scan);
}

TEST_F(ExecuteStatement, ProjectionsAndNestedPaths) {
  statement_ok("INSERT INTO " + t_ + " VALUE {'pk': 'n', 'sk': 1, 'a': {'b': [{'c': 1}, {'c': 2}]}, \"q r\": 'x'}");
  ApiResponse r = statement_ok("SELECT a.b[1].c, \"q r\" FROM " + t_ + " WHERE pk = 'n'");
  EXPECT_EQ(to_json(r.json["Items"]), R"([{"a":{"M":{"b":{"L":[{"M":{"c":{"N":"2"}}}]}}},"q r":{"S":"x"}}])");
}

TEST_F(ExecuteStatement, FunctionsAndMissing) {
  statement_ok("INSERT INTO " + t_ + " VALUE {'pk': 'f', 'sk': 1, 's': 'hello', 'l': [1, 2, 3]}");
  statement_ok("INSERT INTO " + t_ + " VALUE {'pk': 'f', 'sk': 2, 's': 'world', 'z': NULL}");
  auto count = [&](const std::string& where) {
    return statement_ok("SELECT * FROM " + t_ + " WHERE pk = 'f' AND " + where).json["Items"].Size();
  };
  EXPECT_EQ(count("begins_with(s, 'he')"), 1u);
  EXPECT_EQ(count("contains(s, 'or')"), 1u);
  EXPECT_EQ(count("attribute_type(l, 'L')"), 1u);
  EXPECT_EQ(count("size(l) = 3"), 1u);
  EXPECT_EQ(count("l IS MISSING"), 1u);
  EXPECT_EQ(count("l IS NOT MISSING"), 1u);
  EXPECT_EQ(count("z IS NULL"), 2u);  // PartiQL: a NULL value, or no attribute at all
  EXPECT_EQ(count("z IS NOT NULL"), 0u);
  EXPECT_EQ(count("NOT (s = 'hello')"), 1u);
  EXPECT_EQ(count("(s = 'hello' OR s = 'world')"), 2u);
  // IS [NOT] MISSING and IS [NOT] NULL of a literal or a function: missing when it has no value.
  // (Found by the PartiQL fuzzer: a literal here once dereferenced an empty path.)
  EXPECT_EQ(count("5 IS NOT MISSING"), 2u);
  EXPECT_EQ(count("5 IS MISSING"), 0u);
  EXPECT_EQ(count("5 IS NULL"), 0u);
  EXPECT_EQ(count("size(l) IS MISSING"), 1u);
  EXPECT_EQ(count("size(l) IS NOT NULL"), 1u);
}

TEST_F(ExecuteStatement, IndexReadsQueryTheIndex) {
  ApiResponse r = statement_ok("SELECT * FROM " + t_ + ".\"ByOwner\" WHERE owner = 'o1'");
  EXPECT_EQ(r.json["Items"].Size(), 6u);
  const RequestRecord rec = last_request();
  EXPECT_EQ(rec.index, "ByOwner");
  EXPECT_TRUE(rec.key_condition);
  EXPECT_API_ERROR(statement("SELECT * FROM " + t_ + ".\"Nope\" WHERE owner = 'o1'"), 400, "ValidationException",
                   "The table does not have the specified index: Nope");
  EXPECT_API_ERROR(statement("SELECT * FROM " + t_ + ".\"ByOwner\" WHERE owner = 'o1'", "", "\"ConsistentRead\":true"),
                   400, "ValidationException", "Consistent reads are not supported on global secondary indexes");
}

TEST_F(ExecuteStatement, LimitAndNextTokenPageThroughAQuery) {
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    ApiResponse r = statement_ok("SELECT * FROM " + t_ + " WHERE pk IN ['p0', 'p1']", "",
                                 "\"Limit\":3" + (token.empty() ? "" : ",\"NextToken\":" + json_string(token)));
    for (const auto& s : sks(r)) seen.push_back(s);
    token = r.json.HasMember("NextToken") ? r.json["NextToken"].GetString() : "";
    if (!token.empty() && r.json.HasMember("LastEvaluatedKey")) {
      EXPECT_TRUE(r.json["LastEvaluatedKey"].HasMember("pk"));
    }
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(seen, (std::vector<std::string>{"0", "1", "2", "3", "4", "0", "1", "2", "3", "4"}));
  EXPECT_EQ(pages, 4);
  EXPECT_API_ERROR(statement("SELECT * FROM " + t_, "", "\"NextToken\":\"garbage!\""), 400, "ValidationException",
                   "The provided NextToken is invalid");
}

TEST_F(ExecuteStatement, ScanPagesToo) {
  std::set<std::string> keys;
  std::string token;
  int pages = 0;
  do {
    ApiResponse r = statement_ok("SELECT pk, sk FROM " + t_, "",
                                 "\"Limit\":4" + (token.empty() ? "" : ",\"NextToken\":" + json_string(token)));
    for (const auto& item : r.json["Items"].GetArray())
      keys.insert(std::string(item["pk"]["S"].GetString()) + "/" + item["sk"]["N"].GetString());
    token = r.json.HasMember("NextToken") ? r.json["NextToken"].GetString() : "";
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(keys.size(), 15u);
  EXPECT_EQ(pages, 4);
}

TEST_F(ExecuteStatement, UpdateSetRemoveArithmeticAndSets) {
  statement_ok("INSERT INTO " + t_ + " VALUE {'pk': 'u', 'sk': 1, 'n': 5, 'l': [1], 's': <<'a'>>, 'gone': 1, "
               "'m': {'k': 1}}");
  ApiResponse r = statement_ok(
      "UPDATE " + t_ + " SET n = n + 2 SET l = list_append(l, [2]) SET s = set_add(s, <<'b'>>) SET m.k = 9 "
      "REMOVE gone WHERE pk = 'u' AND sk = 1 RETURNING ALL NEW *");
  EXPECT_EQ(to_json(r.json["Items"]),
            R"([{"l":{"L":[{"N":"1"},{"N":"2"}]},"m":{"M":{"k":{"N":"9"}}},"n":{"N":"7"},"pk":{"S":"u"},)"
            R"("s":{"SS":["a","b"]},"sk":{"N":"1"}}])");
  r = statement_ok("UPDATE " + t_ + " SET s = set_delete(s, <<'a'>>) SET n = n - 1 WHERE pk = 'u' AND sk = 1 "
                   "RETURNING MODIFIED OLD *");
  EXPECT_EQ(to_json(r.json["Items"]), R"([{"n":{"N":"7"},"s":{"SS":["a","b"]}}])");
  r = statement_ok("UPDATE " + t_ + " SET x = 'new' WHERE pk = 'u' AND sk = 1 RETURNING MODIFIED NEW *");
  EXPECT_EQ(to_json(r.json["Items"]), R"([{"x":{"S":"new"}}])");
  r = statement_ok("UPDATE " + t_ + " SET x = 'newer' WHERE pk = 'u' AND sk = 1 RETURNING ALL OLD *");
  EXPECT_EQ(to_json(r.json["Items"][0]["x"]), R"({"S":"new"})");
  r = statement_ok("UPDATE " + t_ + " SET x = 'last' WHERE pk = 'u' AND sk = 1");
  EXPECT_EQ(to_json(r.json), R"({"Items":[]})");
}

TEST_F(ExecuteStatement, UpdateConditionsAndMissingItems) {
  EXPECT_API_ERROR(statement("UPDATE " + t_ + " SET a = 1 WHERE pk = 'p0' AND sk = 0 AND n > 100"), 400,
                   "ConditionalCheckFailedException", "The conditional request failed");
  ApiResponse r = statement("UPDATE " + t_ + " SET a = 1 WHERE pk = 'p0' AND sk = 0 AND n > 100", "",
                            "\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"");
  EXPECT_EQ(r.error_type(), "ConditionalCheckFailedException");
  EXPECT_EQ(json_at(r.json["Item"], "n"), R"({"N":"0"})");
  EXPECT_API_ERROR(statement("UPDATE " + t_ + " SET a = 1 WHERE pk = 'absent' AND sk = 0"), 400,
                   "ConditionalCheckFailedException", "The conditional request failed");
  EXPECT_EQ(statement_ok("SELECT * FROM " + t_ + " WHERE pk = 'absent'").json["Items"].Size(), 0u);
  EXPECT_API_ERROR(statement("UPDATE " + t_ + " SET a = 1 WHERE pk = 'p0'"), 400, "ValidationException",
                   "Where clause does not contain a mandatory equality on all key attributes");
  EXPECT_API_ERROR(statement("UPDATE " + t_ + " SET sk = 1 WHERE pk = 'p0' AND sk = 0"), 400, "ValidationException",
                   "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of "
                   "the key");
}

TEST_F(ExecuteStatement, DeleteWithConditionAndReturning) {
  ApiResponse r = statement_ok("DELETE FROM " + t_ + " WHERE pk = 'p0' AND sk = 1 RETURNING ALL OLD *");
  EXPECT_EQ(json_at(r.json["Items"][0], "n"), R"({"N":"1"})");
  EXPECT_EQ(statement_ok("SELECT * FROM " + t_ + " WHERE pk = 'p0' AND sk = 1").json["Items"].Size(), 0u);
  EXPECT_API_ERROR(statement("DELETE FROM " + t_ + " WHERE pk = 'p0' AND sk = 2 AND tag = 'other'"), 400,
                   "ConditionalCheckFailedException", "The conditional request failed");
  EXPECT_EQ(statement_ok("SELECT * FROM " + t_ + " WHERE pk = 'p0' AND sk = 2").json["Items"].Size(), 1u);
  EXPECT_API_ERROR(statement("DELETE FROM " + t_ + " WHERE sk = 2"), 400, "ValidationException",
                   "Where clause does not contain a mandatory equality on all key attributes");
}

TEST_F(ExecuteStatement, WritesChargeCapacityAndLogWriteUnits) {
  ApiResponse r = statement_ok("UPDATE " + t_ + " SET a = 1 WHERE pk = 'p0' AND sk = 0", "",
                               "\"ReturnConsumedCapacity\":\"INDEXES\"");
  EXPECT_EQ(r.json["ConsumedCapacity"]["TableName"].GetString(), table_);
  EXPECT_GE(r.json["ConsumedCapacity"]["CapacityUnits"].GetDouble(), 1.0);
  EXPECT_GT(last_request().write_units, 0);
  EXPECT_EQ(last_request().read_units, 0);
  r = statement_ok("SELECT * FROM " + t_ + " WHERE pk = 'p0'", "", "\"ReturnConsumedCapacity\":\"TOTAL\"");
  EXPECT_EQ(r.json["ConsumedCapacity"]["CapacityUnits"].GetDouble(), 0.5);
  EXPECT_EQ(last_request().read_units, 0.5);
}

TEST_F(ExecuteStatement, WritesMaintainIndexes) {
  statement_ok("UPDATE " + t_ + " SET owner = 'o9' WHERE pk = 'p0' AND sk = 0");
  EXPECT_EQ(statement_ok("SELECT * FROM " + t_ + ".\"ByOwner\" WHERE owner = 'o9'").json["Items"].Size(), 1u);
  statement_ok("DELETE FROM " + t_ + " WHERE pk = 'p0' AND sk = 0");
  EXPECT_EQ(statement_ok("SELECT * FROM " + t_ + ".\"ByOwner\" WHERE owner = 'o9'").json["Items"].Size(), 0u);
}

TEST_F(ExecuteStatement, Errors) {
  EXPECT_API_ERROR(statement("SELECT * FROM \"NoSuchTable\" WHERE pk = 'a'"), 400, "ResourceNotFoundException",
                   "Requested resource not found");
  EXPECT_API_ERROR(statement("SELECT * FROM " + t_ + " WHERE pk = ?"), 400, "ValidationException",
                   "Number of parameters in request and statement don't match.");
  EXPECT_API_ERROR(statement("SELECT * FROM " + t_, R"([{"S":"x"}])"), 400, "ValidationException",
                   "Number of parameters in request and statement don't match.");
  EXPECT_API_ERROR(statement("SELEC * FROM " + t_), 400, "ValidationException",
                   "Statement wasn't well formed, can't be processed: Expected data manipulation");
  EXPECT_API_ERROR(statement("SELECT * FROM " + t_ + " WHERE AND"), 400, "ValidationException",
                   "Statement wasn't well formed, can't be processed: Unexpected keyword");
  EXPECT_API_ERROR(statement("EXISTS(SELECT * FROM " + t_ + " WHERE pk = 'a')"), 400, "ValidationException",
                   "EXISTS is supported only in ExecuteTransaction");
  EXPECT_API_ERROR(call("ExecuteStatement", "{}"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'statement' failed to satisfy constraint: Member must "
                   "not be null");
  EXPECT_API_ERROR(statement("SELECT * FROM " + t_, "", "\"Limit\":0"), 400, "ValidationException",
                   "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have "
                   "value greater than or equal to 1");
  EXPECT_API_ERROR(statement("SELECT * FROM " + t_, "[]"), 400, "ValidationException",
                   "1 validation error detected: Value [] at 'parameters' failed to satisfy constraint: Member must "
                   "have length greater than or equal to 1");
  EXPECT_API_ERROR(call("ExecuteStatement", R"({"Statement":5})"), 400, "SerializationException",
                   "NUMBER_VALUE cannot be converted to String");
}

}  // namespace
}  // namespace dynemu::testing_support
