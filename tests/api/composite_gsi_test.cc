// Multi-attribute (composite) GSI keys: up to four HASH and four RANGE attributes per global
// secondary index. CreateTable / UpdateTable validation, backfill, sparse items, every key
// condition shape and its errors, ordering both ways, exact paging, Scan of the index, and the
// key size limits on each index key attribute.
#include <algorithm>
#include <string>
#include <vector>

#include "read_test_helpers.h"

namespace dynemu::testing_support {
namespace {

// Table key `id`; GSI ByMatch: HASH tournament (S), region (S); RANGE round (N), bracket (S).
const char* kMatchDefinitions =
    R"([{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"tournament","AttributeType":"S"},)"
    R"({"AttributeName":"region","AttributeType":"S"},{"AttributeName":"round","AttributeType":"N"},)"
    R"({"AttributeName":"bracket","AttributeType":"S"}])";
const char* kMatchKeySchema =
    R"([{"AttributeName":"tournament","KeyType":"HASH"},{"AttributeName":"region","KeyType":"HASH"},)"
    R"({"AttributeName":"round","KeyType":"RANGE"},{"AttributeName":"bracket","KeyType":"RANGE"}])";

std::string create_request(const std::string& table, const std::string& definitions, const std::string& gsi_keys,
                           const std::string& lsi = "") {
  return R"({"TableName":")" + table + R"(","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":)" + definitions +
         R"(,"KeySchema":[{"AttributeName":"id","KeyType":"HASH"})" + (lsi.empty() ? "" : R"(,{"AttributeName":"sk","KeyType":"RANGE"})") +
         R"(],"GlobalSecondaryIndexes":[{"IndexName":"ByMatch","KeySchema":)" + gsi_keys +
         R"(,"Projection":{"ProjectionType":"ALL"}}])" + lsi + "}";
}

std::string create_match_table() {
  const std::string t = unique_table_name("Match");
  auto r = call("CreateTable", create_request(t, kMatchDefinitions, kMatchKeySchema));
  if (r.status != 200) ADD_FAILURE() << r.body;
  return t;
}

const std::vector<std::string> kRounds = {"-1", "0", "1.5", "2", "10"};  // numeric order
const std::vector<std::string> kBrackets = {"a", "ab", "b"};             // byte order

std::string match_item(const std::string& id, const std::string& tournament, const std::string& region,
                       const std::string& round, const std::string& bracket) {
  std::string item = R"({"id":{"S":")" + id + R"("})";
  if (!tournament.empty()) item += R"(,"tournament":{"S":")" + tournament + R"("})";
  if (!region.empty()) item += R"(,"region":{"S":")" + region + R"("})";
  if (!round.empty()) item += R"(,"round":{"N":")" + round + R"("})";
  if (!bracket.empty()) item += R"(,"bracket":{"S":")" + bracket + R"("})";
  return item + "}";
}

// T1/EU holds every (round, bracket) pair, written out of order; other partitions and incomplete
// items are around it. Returns the T1/EU items' ids in index order.
std::vector<std::string> seed_matches(const std::string& t) {
  std::vector<std::string> ordered;
  for (size_t r = 0; r < kRounds.size(); ++r)
    for (size_t b = 0; b < kBrackets.size(); ++b) ordered.push_back("m" + std::to_string(r) + std::to_string(b));
  for (size_t i = ordered.size(); i-- > 0;) {
    const std::string& id = ordered[i];
    put_ok(t, match_item(id, "T1", "EU", kRounds[id[1] - '0'], kBrackets[id[2] - '0']));
  }
  put_ok(t, match_item("na1", "T1", "NA", "1", "a"));
  put_ok(t, match_item("t2", "T2", "EU", "1", "a"));
  put_ok(t, match_item("eu", "T1EU", "", "1", "a"));       // no region: not in the index
  put_ok(t, match_item("nobracket", "T1", "EU", "1", ""));  // no bracket: not in the index
  return ordered;
}

std::vector<std::string> ids_of(const rapidjson::Value& items) {
  std::vector<std::string> ids;
  for (const auto& item : items.GetArray()) ids.push_back(item["id"]["S"].GetString());
  return ids;
}

ApiResponse query(const std::string& t, const std::string& condition, const std::string& values,
                  const std::string& extra = "") {
  return call("Query", R"({"TableName":")" + t + R"(","IndexName":"ByMatch","KeyConditionExpression":")" + condition +
                           R"(","ExpressionAttributeValues":{":t":{"S":"T1"},":r":{"S":"EU"})" + values + "}" + extra +
                           "}");
}

// The ids of T1/EU items whose (round index, bracket index) satisfy `keep`, in index order.
template <typename Keep>
std::vector<std::string> expected(const std::vector<std::string>& ordered, Keep keep) {
  std::vector<std::string> out;
  for (const auto& id : ordered)
    if (keep(id[1] - '0', id[2] - '0')) out.push_back(id);
  return out;
}

TEST(CompositeGsi, CreateTableDescribesEveryKeyAttributeInOrder) {
  const std::string t = create_match_table();
  auto d = describe(t);
  ASSERT_API_OK(d);
  const auto& ks = d.json["Table"]["GlobalSecondaryIndexes"][0]["KeySchema"];
  ASSERT_EQ(ks.Size(), 4u) << d.body;
  const char* names[] = {"tournament", "region", "round", "bracket"};
  const char* types[] = {"HASH", "HASH", "RANGE", "RANGE"};
  for (rapidjson::SizeType i = 0; i < 4; ++i) {
    EXPECT_STREQ(ks[i]["AttributeName"].GetString(), names[i]);
    EXPECT_STREQ(ks[i]["KeyType"].GetString(), types[i]);
  }
  EXPECT_EQ(d.json["Table"]["AttributeDefinitions"].Size(), 5u);
}

TEST(CompositeGsi, CreateTableValidatesMultiAttributeKeySchemas) {
  auto defs = [](int n) {
    std::string s = R"([{"AttributeName":"id","AttributeType":"S"})";
    for (int i = 0; i < n; ++i) s += R"(,{"AttributeName":"a)" + std::to_string(i) + R"(","AttributeType":"S"})";
    return s + "]";
  };
  auto keys = [](const std::vector<std::string>& types) {
    std::string s = "[";
    for (size_t i = 0; i < types.size(); ++i)
      s += (i ? "," : "") + std::string(R"({"AttributeName":"a)") + std::to_string(i) + R"(","KeyType":")" + types[i] + R"("})";
    return s + "]";
  };
  const std::string t = unique_table_name("Bad");
  // Four of each is the limit.
  auto ok = call("CreateTable", create_request(t, defs(8), keys({"HASH", "HASH", "HASH", "HASH", "RANGE", "RANGE", "RANGE", "RANGE"})));
  ASSERT_API_OK(ok);
  EXPECT_API_ERROR(call("CreateTable", create_request(unique_table_name("Bad"), defs(5), keys({"HASH", "HASH", "HASH", "HASH", "HASH"}))),
                   400, "ValidationException",
                   "One or more parameter values were invalid: Index KeySchema exceeds the limit of 4 HASH key "
                   "attributes for index: ByMatch");
  EXPECT_API_ERROR(call("CreateTable", create_request(unique_table_name("Bad"), defs(6), keys({"HASH", "RANGE", "RANGE", "RANGE", "RANGE", "RANGE"}))),
                   400, "ValidationException",
                   "One or more parameter values were invalid: Index KeySchema exceeds the limit of 4 RANGE key "
                   "attributes for index: ByMatch");
  EXPECT_API_ERROR(call("CreateTable", create_request(unique_table_name("Bad"), defs(3), keys({"HASH", "RANGE", "HASH"}))),
                   400, "ValidationException",
                   "Invalid KeySchema: HASH key attributes must precede RANGE key attributes for index: ByMatch");
  EXPECT_API_ERROR(call("CreateTable", create_request(unique_table_name("Bad"), defs(2), keys({"RANGE", "HASH"}))), 400,
                   "ValidationException", "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  EXPECT_API_ERROR(call("CreateTable", create_request(unique_table_name("Bad"), defs(1),
                                                      R"([{"AttributeName":"a0","KeyType":"HASH"},{"AttributeName":"id","KeyType":"HASH"},{"AttributeName":"a0","KeyType":"RANGE"}])")),
                   400, "ValidationException", "Invalid KeySchema: Duplicate key attribute a0 for index: ByMatch");
  // Nine elements fail the list's length constraint.
  auto nine = call("CreateTable", create_request(unique_table_name("Bad"), defs(9),
                                                 keys({"HASH", "HASH", "HASH", "HASH", "RANGE", "RANGE", "RANGE", "RANGE", "RANGE"})));
  EXPECT_EQ(nine.status, 400);
  EXPECT_NE(nine.message().find("globalSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: Member must "
                                "have length less than or equal to 8"),
            std::string::npos)
      << nine.body;
  // The table's and LSIs' key schemas keep their one HASH / one RANGE rule.
  auto table_three = call("CreateTable", R"({"TableName":")" + unique_table_name("Bad") +
                                             R"(","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":)" + defs(2) +
                                             R"(,"KeySchema":[{"AttributeName":"id","KeyType":"HASH"},{"AttributeName":"a0","KeyType":"HASH"},{"AttributeName":"a1","KeyType":"RANGE"}]})");
  EXPECT_EQ(table_three.status, 400);
  EXPECT_NE(table_three.message().find("Member must have length less than or equal to 2"), std::string::npos)
      << table_three.body;
  auto lsi_three = call("CreateTable", R"({"TableName":")" + unique_table_name("Bad") +
                                           R"(","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},{"AttributeName":"a0","AttributeType":"S"}],)"
                                           R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
                                           R"("LocalSecondaryIndexes":[{"IndexName":"L","KeySchema":[{"AttributeName":"id","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"},{"AttributeName":"a0","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}]})");
  EXPECT_EQ(lsi_three.status, 400);
  EXPECT_NE(lsi_three.message().find("localSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: Member "
                                     "must have length less than or equal to 2"),
            std::string::npos)
      << lsi_three.body;
}

TEST(CompositeGsi, ItemsMissingAnyIndexKeyAttributeAreNotInTheIndex) {
  const std::string t = create_match_table();
  auto ordered = seed_matches(t);
  auto scan = call("Scan", R"({"TableName":")" + t + R"(","IndexName":"ByMatch"})");
  ASSERT_API_OK(scan);
  EXPECT_EQ(scan.json["Count"].GetInt(), static_cast<int>(ordered.size()) + 2) << scan.body;
  auto ids = ids_of(scan.json["Items"]);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "eu"), 0);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "nobracket"), 0);
  // Removing a key attribute takes the item out; adding it back puts it in.
  ASSERT_API_OK(call("UpdateItem", R"({"TableName":")" + t + R"(","Key":{"id":{"S":"na1"}},"UpdateExpression":"REMOVE round"})"));
  auto na = call("Query", R"({"TableName":")" + t + R"(","IndexName":"ByMatch","KeyConditionExpression":"tournament = :t AND #r = :r","ExpressionAttributeNames":{"#r":"region"},"ExpressionAttributeValues":{":t":{"S":"T1"},":r":{"S":"NA"}}})");
  ASSERT_API_OK(na);
  EXPECT_EQ(na.json["Count"].GetInt(), 0) << na.body;
  ASSERT_API_OK(call("UpdateItem", R"({"TableName":")" + t + R"(","Key":{"id":{"S":"na1"}},"UpdateExpression":"SET round = :n","ExpressionAttributeValues":{":n":{"N":"3"}}})"));
  na = call("Query", R"({"TableName":")" + t + R"(","IndexName":"ByMatch","KeyConditionExpression":"tournament = :t AND #r = :r","ExpressionAttributeNames":{"#r":"region"},"ExpressionAttributeValues":{":t":{"S":"T1"},":r":{"S":"NA"}}})");
  EXPECT_EQ(na.json["Count"].GetInt(), 1) << na.body;
}

TEST(CompositeGsi, EveryKeyConditionShapeReadsItsRangeInOrder) {
  const std::string t = create_match_table();
  const auto ordered = seed_matches(t);
  const std::string hash = "tournament = :t AND #region = :r";
  const std::string names = R"(,"ExpressionAttributeNames":{"#region":"region"})";
  struct Case {
    std::string condition, values;
    std::vector<std::string> want;
  };
  // Round indexes: 0:-1 1:0 2:1.5 3:2 4:10. Bracket indexes: 0:a 1:ab 2:b.
  const std::vector<Case> cases = {
      {hash, "", ordered},
      {hash + " AND round = :x", R"(,":x":{"N":"2"})", expected(ordered, [](int r, int) { return r == 3; })},
      {hash + " AND round < :x", R"(,":x":{"N":"1.5"})", expected(ordered, [](int r, int) { return r < 2; })},
      {hash + " AND round <= :x", R"(,":x":{"N":"1.5"})", expected(ordered, [](int r, int) { return r <= 2; })},
      {hash + " AND round > :x", R"(,":x":{"N":"1.5"})", expected(ordered, [](int r, int) { return r > 2; })},
      {hash + " AND round >= :x", R"(,":x":{"N":"1.5"})", expected(ordered, [](int r, int) { return r >= 2; })},
      {hash + " AND round BETWEEN :x AND :y", R"(,":x":{"N":"0"},":y":{"N":"2"})",
       expected(ordered, [](int r, int) { return r >= 1 && r <= 3; })},
      {hash + " AND round = :x AND bracket = :b", R"(,":x":{"N":"2"},":b":{"S":"ab"})",
       expected(ordered, [](int r, int b) { return r == 3 && b == 1; })},
      {hash + " AND round = :x AND bracket < :b", R"(,":x":{"N":"2"},":b":{"S":"b"})",
       expected(ordered, [](int r, int b) { return r == 3 && b < 2; })},
      {hash + " AND round = :x AND bracket <= :b", R"(,":x":{"N":"2"},":b":{"S":"a"})",
       expected(ordered, [](int r, int b) { return r == 3 && b == 0; })},
      {hash + " AND round = :x AND bracket > :b", R"(,":x":{"N":"2"},":b":{"S":"a"})",
       expected(ordered, [](int r, int b) { return r == 3 && b > 0; })},
      {hash + " AND round = :x AND bracket >= :b", R"(,":x":{"N":"-1"},":b":{"S":"ab"})",
       expected(ordered, [](int r, int b) { return r == 0 && b >= 1; })},
      {hash + " AND round = :x AND bracket BETWEEN :b AND :c", R"(,":x":{"N":"10"},":b":{"S":"aa"},":c":{"S":"b"})",
       expected(ordered, [](int r, int b) { return r == 4 && b >= 1; })},
      {hash + " AND round = :x AND begins_with(bracket, :b)", R"(,":x":{"N":"0"},":b":{"S":"a"})",
       expected(ordered, [](int r, int b) { return r == 1 && b <= 1; })},
      // Written in any order, conditions name the same range.
      {"bracket = :b AND round = :x AND #region = :r AND tournament = :t", R"(,":x":{"N":"0"},":b":{"S":"b"})",
       expected(ordered, [](int r, int b) { return r == 1 && b == 2; })},
      {hash + " AND round = :x", R"(,":x":{"N":"7"})", {}},
  };
  for (const auto& c : cases) {
    auto r = query(t, c.condition, c.values, names);
    ASSERT_API_OK(r);
    EXPECT_EQ(ids_of(r.json["Items"]), c.want) << c.condition << " " << c.values;
    auto back = query(t, c.condition, c.values, names + R"(,"ScanIndexForward":false)");
    ASSERT_API_OK(back);
    std::vector<std::string> reversed(c.want.rbegin(), c.want.rend());
    EXPECT_EQ(ids_of(back.json["Items"]), reversed) << "backward: " << c.condition << " " << c.values;
  }
  // The legacy KeyConditions take the same shapes.
  auto legacy = call("Query", R"({"TableName":")" + t + R"(","IndexName":"ByMatch","KeyConditions":{)"
                                  R"("tournament":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"T1"}]},)"
                                  R"("region":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"EU"}]},)"
                                  R"("round":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1.5"}]},)"
                                  R"("bracket":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"a"}]}}})");
  ASSERT_API_OK(legacy);
  EXPECT_EQ(ids_of(legacy.json["Items"]), expected(ordered, [](int r, int b) { return r == 2 && b <= 1; }));
}

TEST(CompositeGsi, KeyConditionsOfAnyOtherShapeAreRefused) {
  const std::string t = create_match_table();
  seed_matches(t);
  const std::string names = R"(,"ExpressionAttributeNames":{"#region":"region"})";
  const std::string hash = "tournament = :t AND #region = :r";
  auto refused = [&](const std::string& condition, const std::string& values, const std::string& message,
                     const std::string& attribute_names) {
    auto r = query(t, condition, values, attribute_names);
    EXPECT_EQ(r.status, 400) << condition;
    EXPECT_EQ(r.error_type(), "ValidationException") << condition;
    EXPECT_EQ(r.message(), message) << condition << ": " << r.body;
  };
  auto refused_without_region = [&](const std::string& condition, const std::string& values, const std::string& message) {
    auto r = call("Query", R"({"TableName":")" + t + R"(","IndexName":"ByMatch","KeyConditionExpression":")" +
                               condition + R"(","ExpressionAttributeValues":{":t":{"S":"T1"})" + values + "}" +
                               "}");
    EXPECT_EQ(r.status, 400) << condition;
    EXPECT_EQ(r.message(), message) << condition << ": " << r.body;
  };
  // A partition attribute missing, or compared other than by equality.
  refused_without_region("tournament = :t", "", "Query condition missed key schema element: region");
  refused_without_region("tournament = :t AND round = :x", R"(,":x":{"N":"1"})",
                         "Query condition missed key schema element: region");
  refused("tournament = :t AND #region > :r", "", "Query key condition not supported", names);
  refused("tournament = :t AND begins_with(#region, :r)", "", "Query key condition not supported", names);
  // A sort attribute skipped, or a range before the last sort condition.
  refused(hash + " AND bracket = :b", R"(,":b":{"S":"a"})", "Query condition missed key schema element: round", names);
  refused(hash + " AND round > :x AND bracket = :b", R"(,":x":{"N":"1"},":b":{"S":"a"})",
          "Query key condition not supported", names);
  refused(hash + " AND round BETWEEN :x AND :y AND bracket = :b", R"(,":x":{"N":"1"},":y":{"N":"2"},":b":{"S":"a"})",
          "Query key condition not supported", names);
  // A non-key attribute, or a value of another type.
  refused(hash + " AND round = :x AND score = :x", R"(,":x":{"N":"1"})", "Query key condition not supported", names);
  refused(hash + " AND round = :x", R"(,":x":{"S":"1"})",
          "One or more parameter values were invalid: Condition parameter type does not match schema type", names);
  auto partition_type = call("Query", R"({"TableName":")" + t + R"(","IndexName":"ByMatch","KeyConditionExpression":"tournament = :t AND #region = :x","ExpressionAttributeNames":{"#region":"region"},"ExpressionAttributeValues":{":t":{"S":"T1"},":x":{"N":"1"}}})");
  EXPECT_API_ERROR(partition_type, 400, "ValidationException",
                   "One or more parameter values were invalid: Condition parameter type does not match schema type");
  refused(hash + " AND begins_with(round, :x)", R"(,":x":{"N":"1"})",
          "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: "
          "begins_with, operand type: N",
          names);
  // A filter may not name any index key attribute.
  auto filtered = query(t, hash, R"(,":b":{"S":"a"})", names + R"(,"FilterExpression":"bracket = :b")");
  EXPECT_EQ(filtered.message(),
            "Filter Expression can only contain non-primary key attributes: Primary key attribute: bracket")
      << filtered.body;
}

TEST(CompositeGsi, PagingIsExactBothWaysAndLastEvaluatedKeyNamesEveryKeyAttribute) {
  const std::string t = create_match_table();
  const auto ordered = seed_matches(t);
  const std::string base = R"("TableName":")" + t +
                           R"(","IndexName":"ByMatch","KeyConditionExpression":"tournament = :t AND #region = :r",)"
                           R"("ExpressionAttributeNames":{"#region":"region"},"ExpressionAttributeValues":{":t":{"S":"T1"},":r":{"S":"EU"}},"Limit":4)";
  auto page = call("Query", "{" + base + "}");
  ASSERT_API_OK(page);
  ASSERT_TRUE(page.json.HasMember("LastEvaluatedKey")) << page.body;
  const auto& lek = page.json["LastEvaluatedKey"];
  EXPECT_EQ(lek.MemberCount(), 5u) << page.body;
  for (const char* name : {"id", "tournament", "region", "round", "bracket"}) EXPECT_TRUE(lek.HasMember(name)) << name;
  EXPECT_STREQ(lek["id"]["S"].GetString(), ordered[3].c_str());

  int pages = 0;
  auto forward = walk_pages("Query", base, &pages);
  std::vector<std::string> forward_ids;
  for (const auto& item : forward) forward_ids.push_back(item.substr(item.find("\"id\":{\"S\":\"") + 11, 3));
  EXPECT_EQ(forward_ids, ordered);
  EXPECT_EQ(pages, 4);  // 15 items: 4 + 4 + 4 + 3
  auto backward = walk_pages("Query", base + R"(,"ScanIndexForward":false)");
  std::vector<std::string> backward_ids;
  for (const auto& item : backward) backward_ids.push_back(item.substr(item.find("\"id\":{\"S\":\"") + 11, 3));
  EXPECT_EQ(backward_ids, std::vector<std::string>(ordered.rbegin(), ordered.rend()));

  // Within a range of the sort key, pages restart inside it.
  const std::string ranged = R"("TableName":")" + t +
                             R"(","IndexName":"ByMatch","KeyConditionExpression":"tournament = :t AND #region = :r AND round >= :x",)"
                             R"("ExpressionAttributeNames":{"#region":"region"},)"
                             R"("ExpressionAttributeValues":{":t":{"S":"T1"},":r":{"S":"EU"},":x":{"N":"0"}},"Limit":2)";
  auto ranged_items = walk_pages("Query", ranged);
  EXPECT_EQ(ranged_items.size(), 12u);

  // An ExclusiveStartKey without every index key attribute is refused.
  auto bad = call("Query", "{" + base + R"(,"ExclusiveStartKey":{"id":{"S":"m00"},"tournament":{"S":"T1"},"region":{"S":"EU"},"round":{"N":"-1"}}})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.error_type(), "ValidationException");

  // Scan of the index pages too, over every indexed item.
  auto scanned = walk_pages("Scan", R"("TableName":")" + t + R"(","IndexName":"ByMatch","Limit":3)");
  EXPECT_EQ(scanned.size(), ordered.size() + 2);
}

TEST(CompositeGsi, UpdateTableCreatesAndBackfillsAMultiAttributeIndex) {
  const std::string t = create_hash_table();
  for (int i = 0; i < 40; ++i)
    put_ok(t, R"({"id":{"S":"i)" + std::to_string(i) + R"("},"org":{"S":"o)" + std::to_string(i % 2) +
                  R"("},"team":{"N":")" + std::to_string(i % 4) + R"("})" + (i % 5 == 0 ? "" : R"(,"rank":{"N":")" + std::to_string(40 - i) + R"("})") + "}");
  auto r = call("UpdateTable", R"({"TableName":")" + t + R"(","AttributeDefinitions":[{"AttributeName":"org","AttributeType":"S"},{"AttributeName":"team","AttributeType":"N"},{"AttributeName":"rank","AttributeType":"N"}],)"
                                   R"("GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"ByTeam","KeySchema":[{"AttributeName":"org","KeyType":"HASH"},{"AttributeName":"team","KeyType":"HASH"},{"AttributeName":"rank","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}}]})");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.json["TableDescription"]["GlobalSecondaryIndexes"][0]["KeySchema"].Size(), 3u) << r.body;
  // org o0 / team 2: i = 2, 6, ..., 38 (i % 4 == 2), minus those without rank (i % 5 == 0: 10, 30).
  auto q = call("Query", R"({"TableName":")" + t + R"(","IndexName":"ByTeam","KeyConditionExpression":"org = :o AND team = :n AND #rank > :k","ExpressionAttributeNames":{"#rank":"rank"},"ExpressionAttributeValues":{":o":{"S":"o0"},":n":{"N":"2"},":k":{"N":"5"}}})");
  ASSERT_API_OK(q);
  std::vector<std::string> ids = ids_of(q.json["Items"]);
  // rank = 40 - i > 5: i < 35; ascending rank is descending i.
  EXPECT_EQ(ids, (std::vector<std::string>{"i34", "i26", "i22", "i18", "i14", "i6", "i2"})) << q.body;
  // KEYS_ONLY projects the table key and every index key attribute.
  EXPECT_EQ(q.json["Items"][0].MemberCount(), 4u) << q.body;

  EXPECT_API_ERROR(call("UpdateTable", R"({"TableName":")" + t + R"(","AttributeDefinitions":[{"AttributeName":"org","AttributeType":"S"},{"AttributeName":"team","AttributeType":"N"}],)"
                                           R"("GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"Bad","KeySchema":[{"AttributeName":"org","KeyType":"RANGE"},{"AttributeName":"team","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]})"),
                   400, "ValidationException", "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  EXPECT_API_ERROR(call("UpdateTable", R"({"TableName":")" + t + R"(","AttributeDefinitions":[{"AttributeName":"org","AttributeType":"S"},{"AttributeName":"team","AttributeType":"N"}],)"
                                           R"("GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"Bad","KeySchema":[{"AttributeName":"org","KeyType":"HASH"},{"AttributeName":"team","KeyType":"RANGE"},{"AttributeName":"id","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]})"),
                   400, "ValidationException",
                   "Invalid KeySchema: HASH key attributes must precede RANGE key attributes for index: Bad");
}

TEST(CompositeGsi, WritesCheckTypesAndKeySizeLimitsOfEveryIndexKeyAttribute) {
  const std::string t = create_match_table();
  put_ok(t, match_item("x", "T1", "EU", "", "a"));  // not in the index: no round
  auto wrong = call("PutItem", R"({"TableName":")" + t + R"(","Item":{"id":{"S":"y"},"bracket":{"N":"1"}}})");
  EXPECT_API_ERROR(wrong, 400, "ValidationException",
                   "One or more parameter values were invalid: Type mismatch for Index Key bracket Expected: S Actual: "
                   "N IndexName: ByMatch");
  const std::string long_hash(2049, 'h');
  EXPECT_API_ERROR(call("PutItem", R"({"TableName":")" + t + R"(","Item":)" + match_item("z", "T1", long_hash, "1", "a") + "}"),
                   400, "ValidationException",
                   "One or more parameter values were invalid: Size limit exceeded for Index Key region Actual Size: "
                   "2049 bytes Max Size: 2048 bytes IndexName: ByMatch");
  const std::string long_range(1025, 'r');
  EXPECT_API_ERROR(call("PutItem", R"({"TableName":")" + t + R"(","Item":)" + match_item("z", "T1", "EU", "1", long_range) + "}"),
                   400, "ValidationException",
                   "One or more parameter values were invalid: Size limit exceeded for Index Key bracket Actual Size: "
                   "1025 bytes Max Size: 1024 bytes IndexName: ByMatch");
  // At the limits, each attribute is accepted.
  put_ok(t, match_item("w", std::string(2048, 'h'), std::string(2048, 'g'), "1", std::string(1024, 'r')));
}

}  // namespace
}  // namespace dynemu::testing_support
