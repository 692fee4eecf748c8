// PutItem, GetItem and DeleteItem over HTTP: round trips of every data type, number canonical
// form, ReturnValues and ReturnConsumedCapacity. (Their errors are in item_errors_test.cc.)
#include "table_test_helpers.h"

namespace dynemu::testing_support {
namespace {

ApiResponse put(const std::string& table, const std::string& item, const std::string& extra = "") {
  return call("PutItem", R"({"TableName":")" + table + R"(","Item":)" + item + extra + "}");
}
ApiResponse get(const std::string& table, const std::string& key, const std::string& extra = "") {
  return call("GetItem", R"({"TableName":")" + table + R"(","Key":)" + key + extra + "}");
}
ApiResponse del(const std::string& table, const std::string& key, const std::string& extra = "") {
  return call("DeleteItem", R"({"TableName":")" + table + R"(","Key":)" + key + extra + "}");
}

TEST(Items, EveryDataTypeRoundTrips) {
  const std::string table = create_hash_table();
  const std::string item =
      R"({"id":{"S":"all"},"s":{"S":"text ü €"},"n":{"N":"-12.5"},"b":{"B":"AAEC/w=="},"t":{"BOOL":true},)"
      R"("f":{"BOOL":false},"z":{"NULL":true},"m":{"M":{"inner":{"L":[{"N":"1"},{"S":"two"},{"M":{}}]}}},)"
      R"("l":{"L":[]},"ss":{"SS":["x","y"]},"ns":{"NS":["3","1.5"]},"bs":{"BS":["AQ==","Ag=="]},)"
      R"("es":{"S":""},"eb":{"B":""}})";
  ASSERT_API_OK(put(table, item));
  auto r = get(table, R"({"id":{"S":"all"}})");
  ASSERT_API_OK(r);
  rapidjson::Document expected;
  expected.Parse(item.c_str());
  const auto& got = r.json["Item"];
  ASSERT_EQ(got.MemberCount(), expected.MemberCount()) << r.body;
  for (const auto& m : expected.GetObject()) {
    const char* name = m.name.GetString();
    ASSERT_TRUE(got.HasMember(name)) << name;
    if (std::string(name) == "ns") {
      // Number sets come back as a set: any order, same members.
      EXPECT_EQ(got[name]["NS"].Size(), 2u);
      continue;
    }
    EXPECT_EQ(to_json(got[name]), to_json(m.value)) << name;
  }
}

TEST(Items, NumbersAreStoredInCanonicalForm) {
  const std::string table = create_hash_table("N");
  ASSERT_API_OK(put(table, R"({"id":{"N":"007.50"},"a":{"N":"1E2"},"b":{"N":"-0.000"},"c":{"N":"1.0e-3"},)"
                           R"("d":{"N":"12345678901234567890123456789012345678"},"e":{"N":"9.9999999999999999999999999999999999999E+125"},)"
                           R"("f":{"N":"1E-130"},"g":{"N":"+5"}})"));
  // The key is found by any spelling of the same number.
  auto r = get(table, R"({"id":{"N":"7.5"}})");
  ASSERT_API_OK(r);
  const auto& item = r.json["Item"];
  ASSERT_TRUE(item.IsObject()) << r.body;
  EXPECT_EQ(json_at(item, "id"), R"({"N":"7.5"})");
  EXPECT_EQ(json_at(item, "a"), R"({"N":"100"})");
  EXPECT_EQ(json_at(item, "b"), R"({"N":"0"})");
  EXPECT_EQ(json_at(item, "c"), R"({"N":"0.001"})");
  EXPECT_EQ(json_at(item, "d"), R"({"N":"12345678901234567890123456789012345678"})");
  EXPECT_EQ(json_at(item, "g"), R"({"N":"5"})");
  ASSERT_API_OK(get(table, R"({"id":{"N":"0.75e1"}})"));
  EXPECT_TRUE(get(table, R"({"id":{"N":"0.75e1"}})").json.HasMember("Item"));
}

TEST(Items, CompositeAndBinaryKeys) {
  const std::string table = create_composite_table("B", "S");
  ASSERT_API_OK(put(table, R"({"pk":{"B":"AAE="},"sk":{"S":"a"},"v":{"N":"1"}})"));
  ASSERT_API_OK(put(table, R"({"pk":{"B":"AAE="},"sk":{"S":"b"},"v":{"N":"2"}})"));
  auto a = get(table, R"({"pk":{"B":"AAE="},"sk":{"S":"a"}})", R"(,"ConsistentRead":true)");
  ASSERT_API_OK(a);
  EXPECT_EQ(json_at(a.json["Item"], "v"), R"({"N":"1"})");
  auto b = get(table, R"({"pk":{"B":"AAE="},"sk":{"S":"b"}})");
  EXPECT_EQ(json_at(b.json["Item"], "v"), R"({"N":"2"})");
  auto none = get(table, R"({"pk":{"B":"AAI="},"sk":{"S":"a"}})");
  ASSERT_API_OK(none);
  EXPECT_EQ(none.body, "{}");
}

TEST(Items, PutReplacesTheWholeItem) {
  const std::string table = create_hash_table();
  ASSERT_API_OK(put(table, R"({"id":{"S":"k"},"a":{"S":"1"},"b":{"S":"2"}})"));
  ASSERT_API_OK(put(table, R"({"id":{"S":"k"},"c":{"S":"3"}})"));
  EXPECT_EQ(to_json(get(table, R"({"id":{"S":"k"}})").json["Item"]), R"({"c":{"S":"3"},"id":{"S":"k"}})");
}

TEST(Items, ReturnValuesAllOld) {
  const std::string table = create_hash_table();
  auto first = put(table, R"({"id":{"S":"r"},"v":{"N":"1"}})", R"(,"ReturnValues":"ALL_OLD")");
  ASSERT_API_OK(first);
  EXPECT_EQ(first.body, "{}");
  auto second = put(table, R"({"id":{"S":"r"},"v":{"N":"2"}})", R"(,"ReturnValues":"ALL_OLD")");
  ASSERT_API_OK(second);
  EXPECT_EQ(json_at(second.json, "Attributes"), R"({"id":{"S":"r"},"v":{"N":"1"}})");
  auto none = put(table, R"({"id":{"S":"r"},"v":{"N":"3"}})", R"(,"ReturnValues":"NONE")");
  EXPECT_EQ(none.body, "{}");
  auto deleted = del(table, R"({"id":{"S":"r"}})", R"(,"ReturnValues":"ALL_OLD")");
  ASSERT_API_OK(deleted);
  EXPECT_EQ(json_at(deleted.json, "Attributes"), R"({"id":{"S":"r"},"v":{"N":"3"}})");
  auto again = del(table, R"({"id":{"S":"r"}})", R"(,"ReturnValues":"ALL_OLD")");
  ASSERT_API_OK(again);
  EXPECT_EQ(again.body, "{}");  // deleting a missing item is not an error
  EXPECT_EQ(get(table, R"({"id":{"S":"r"}})").body, "{}");
}

// An item of exactly `size` bytes: "id" (2) + "k" (1) + "p" (1) + a string of size - 4.
std::string item_of_size(size_t size) {
  return R"({"id":{"S":"k"},"p":{"S":")" + std::string(size - 4, 'x') + R"("}})";
}

TEST(Items, ConsumedCapacityFollowsItemSize) {
  const std::string table = create_hash_table();
  auto small = put(table, item_of_size(1024), R"(,"ReturnConsumedCapacity":"TOTAL")");
  ASSERT_API_OK(small);
  EXPECT_EQ(json_at(small.json, "ConsumedCapacity"), R"({"TableName":")" + table + R"(","CapacityUnits":1.0})");
  // Replacing a 1 KB item with a 1025-byte one: charged for the larger, 2 units.
  auto bigger = put(table, item_of_size(1025), R"(,"ReturnConsumedCapacity":"INDEXES")");
  EXPECT_EQ(json_at(bigger.json, "ConsumedCapacity"),
            R"({"TableName":")" + table + R"(","CapacityUnits":2.0,"Table":{"CapacityUnits":2.0}})");
  // Reads: 4 KB steps, halved when eventually consistent.
  ASSERT_API_OK(put(table, item_of_size(5000)));
  auto eventual = get(table, R"({"id":{"S":"k"}})", R"(,"ReturnConsumedCapacity":"TOTAL")");
  EXPECT_EQ(json_at(eventual.json, "ConsumedCapacity"), R"({"TableName":")" + table + R"(","CapacityUnits":1.0})");
  auto strong = get(table, R"({"id":{"S":"k"}})", R"(,"ReturnConsumedCapacity":"TOTAL","ConsistentRead":true)");
  EXPECT_EQ(json_at(strong.json, "ConsumedCapacity"), R"({"TableName":")" + table + R"(","CapacityUnits":2.0})");
  auto missing = get(table, R"({"id":{"S":"nothing"}})", R"(,"ReturnConsumedCapacity":"TOTAL")");
  EXPECT_EQ(missing.body, R"({"ConsumedCapacity":{"TableName":")" + table + R"(","CapacityUnits":0.5}})");
  auto quiet = get(table, R"({"id":{"S":"k"}})", R"(,"ReturnConsumedCapacity":"NONE")");
  EXPECT_FALSE(quiet.json.HasMember("ConsumedCapacity"));
  // Deletes are charged for the deleted item's size.
  auto deleted = del(table, R"({"id":{"S":"k"}})", R"(,"ReturnConsumedCapacity":"TOTAL")");
  EXPECT_EQ(json_at(deleted.json, "ConsumedCapacity"), R"({"TableName":")" + table + R"(","CapacityUnits":5.0})");
}

TEST(Items, LargestItemIsAccepted) {
  const std::string table = create_hash_table();
  ASSERT_API_OK(put(table, item_of_size(400 * 1024)));
  auto r = get(table, R"({"id":{"S":"k"}})");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.json["Item"]["p"]["S"].GetStringLength(), 400u * 1024 - 4);
  EXPECT_EQ(describe(table).json["Table"]["TableSizeBytes"].GetInt64(), 400 * 1024);
}

TEST(Items, KeysAtTheirSizeLimitsAreAccepted) {
  const std::string table = create_composite_table("S", "S");
  const std::string pk(2048, 'h'), sk(1024, 'r');
  ASSERT_API_OK(put(table, R"({"pk":{"S":")" + pk + R"("},"sk":{"S":")" + sk + R"("}})"));
  auto r = get(table, R"({"pk":{"S":")" + pk + R"("},"sk":{"S":")" + sk + R"("}})");
  ASSERT_API_OK(r);
  EXPECT_TRUE(r.json.HasMember("Item"));
}

}  // namespace
}  // namespace dynemu::testing_support
