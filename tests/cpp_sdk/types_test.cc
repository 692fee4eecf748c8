// Every attribute type through the SDK's AttributeValue and back: binary (keys and values, every
// byte value), numbers at DynamoDB's 38 significant digits exactly, sets, lists, maps, NULL, BOOL;
// and items at the 400 KB limit: just under it is stored whole, just over it is ValidationException.
#include <aws/core/utils/Array.h>
#include <aws/dynamodb/model/GetItemRequest.h>
#include <aws/dynamodb/model/PutItemRequest.h>
#include <aws/dynamodb/model/QueryRequest.h>
#include <aws/dynamodb/model/UpdateItemRequest.h>

#include "sdk_support.h"

namespace {

using namespace Aws::DynamoDB::Model;
using cpp_sdk::sdk_item;
using cpp_sdk::sdk_value;
using cpp_sdk::to_item;
using dynemu::testing::HasAttribute;
using dynemu::testing::IsBinary;
using dynemu::testing::IsNumber;
using ::testing::Optional;

class TypesTest : public cpp_sdk::SdkTest {
 protected:
  static Aws::Utils::ByteBuffer every_byte() {
    Aws::Utils::ByteBuffer bytes(256);
    for (size_t i = 0; i < 256; ++i) bytes[i] = static_cast<unsigned char>(i);
    return bytes;
  }
  Aws::DynamoDB::Model::GetItemOutcome get(const cpp_sdk::SdkItem& key, const std::string& table = "Music") {
    return db().GetItem(GetItemRequest().WithTableName(table).WithKey(key).WithConsistentRead(true));
  }
};

TEST_F(TypesTest, BinaryKeysAndValuesKeepEveryByte) {
  Aws::DynamoDB::Model::AttributeValue key;
  key.SetB(every_byte());
  Aws::DynamoDB::Model::AttributeValue payload;
  payload.SetB(Aws::Utils::ByteBuffer(reinterpret_cast<const unsigned char*>("\0\1\2"), 3));
  Aws::DynamoDB::Model::AttributeValue set;
  set.SetBS({Aws::Utils::ByteBuffer(reinterpret_cast<const unsigned char*>("\xff"), 1),
             Aws::Utils::ByteBuffer(reinterpret_cast<const unsigned char*>("\x00\x10"), 2)});
  ASSERT_SDK_OK(db().PutItem(PutItemRequest().WithTableName("Blobs").WithItem({{"id", key}, {"payload", payload}, {"parts", set}})));

  auto got = get({{"id", key}}, "Blobs");
  ASSERT_SDK_OK(got);
  const auto& item = got.GetResult().GetItem();
  ASSERT_EQ(item.size(), 3u);
  EXPECT_EQ(item.at("id").GetB(), every_byte());
  EXPECT_EQ(item.at("payload").GetB().GetLength(), 3u);
  EXPECT_EQ(item.at("payload").GetB()[2], 2);
  ASSERT_EQ(item.at("parts").GetBS().size(), 2u);
  // On the wire binaries are base64; the fixtures' Item keeps that text.
  EXPECT_THAT(to_item(item), HasAttribute("payload", IsBinary("AAEC")));
  EXPECT_EQ(scan_table("Blobs").size(), 1u);
}

TEST_F(TypesTest, ThirtyEightDigitNumbersAreExact) {
  const std::string big = "12345678901234567890123456789012345678";      // 38 digits
  const std::string small = "-0.00000000000000000000000000000000000012345678901234567890123456789012345678";
  const std::string tiny = "1E-130";
  const std::string huge = "9.9999999999999999999999999999999999999E+125";
  ASSERT_SDK_OK(db().PutItem(PutItemRequest().WithTableName("Music").WithItem(sdk_item(
      R"({"Artist": {"S": "Numbers"}, "SongTitle": {"S": "Exact"}, "big": {"N": ")" + big + R"("},
          "small": {"N": ")" + small + R"("}, "tiny": {"N": ")" + tiny + R"("}, "huge": {"N": ")" + huge + R"("},
          "counts": {"NS": ["1", ")" + big + R"("]}})"))));
  // ADD 1 to the 38-digit number: exact decimal arithmetic, no floating point.
  UpdateItemRequest update;
  update.SetTableName("Music");
  update.SetKey(sdk_item(R"({"Artist": "Numbers", "SongTitle": "Exact"})"));
  update.SetUpdateExpression("ADD big :one");
  update.AddExpressionAttributeValues(":one", sdk_value(R"({"N": "1"})"));
  ASSERT_SDK_OK(db().UpdateItem(update));

  auto got = get(sdk_item(R"({"Artist": "Numbers", "SongTitle": "Exact"})"));
  ASSERT_SDK_OK(got);
  const auto& item = got.GetResult().GetItem();
  EXPECT_EQ(item.at("big").GetN(), "12345678901234567890123456789012345679");
  EXPECT_THAT(to_item(item), HasAttribute("small", IsNumber(small)));
  EXPECT_THAT(to_item(item), HasAttribute("tiny", IsNumber(tiny)));
  EXPECT_THAT(to_item(item), HasAttribute("huge", IsNumber(huge)));
  EXPECT_THAT(item.at("counts").GetNS(), ::testing::UnorderedElementsAre("1", big));
}

TEST_F(TypesTest, ANumberPastThirtyEightDigitsIsValidation) {
  EXPECT_SDK_ERROR(db().PutItem(PutItemRequest().WithTableName("Music").WithItem(sdk_item(
                       R"({"Artist": {"S": "Numbers"}, "SongTitle": {"S": "TooPrecise"},
                           "n": {"N": "123456789012345678901234567890123456789"}})"))),
                   VALIDATION, "Attempting to store more than 38 significant digits in a Number");
}

TEST_F(TypesTest, NestedDocumentTypesRoundTrip) {
  const std::string json = R"({"Artist": "Doc", "SongTitle": "Nested", "flag": true, "nothing": null,
      "list": [1, "two", [3, {"four": 4}], {"$ss": ["x", "y"]}], "map": {"a": {"b": {"c": false}}},
      "empty_list": [], "empty_map": {}, "empty_string": ""})";
  ASSERT_SDK_OK(db().PutItem(PutItemRequest().WithTableName("Music").WithItem(sdk_item(json))));
  auto got = get(sdk_item(R"({"Artist": "Doc", "SongTitle": "Nested"})"));
  ASSERT_SDK_OK(got);
  const auto& item = got.GetResult().GetItem();
  EXPECT_TRUE(item.at("flag").GetBool());
  EXPECT_TRUE(item.at("nothing").GetNull());
  ASSERT_EQ(item.at("list").GetL().size(), 4u);
  EXPECT_EQ(item.at("list").GetL()[2]->GetL()[1]->GetM().at("four")->GetN(), "4");
  EXPECT_FALSE(item.at("map").GetM().at("a")->GetM().at("b")->GetM().at("c")->GetBool());
  EXPECT_THAT(to_item(item), dynemu::testing::EqualsItem(json));
}

TEST_F(TypesTest, AnItemJustUnderFourHundredKilobytesIsStoredWhole) {
  // Item size = attribute names + values: "Artist"(6) + "Big"(3) + "SongTitle"(9) + "Near"(4) +
  // "blob"(4) + value. 400 KB is 409,600 bytes.
  const size_t overhead = 6 + 3 + 9 + 4 + 4;
  const std::string blob(409600 - overhead, 'z');
  cpp_sdk::SdkItem item = sdk_item(R"({"Artist": "Big", "SongTitle": "Near"})");
  item["blob"] = Aws::DynamoDB::Model::AttributeValue(blob);
  ASSERT_SDK_OK(db().PutItem(PutItemRequest().WithTableName("Music").WithItem(item)));
  auto got = get(sdk_item(R"({"Artist": "Big", "SongTitle": "Near"})"));
  ASSERT_SDK_OK(got);
  EXPECT_EQ(got.GetResult().GetItem().at("blob").GetS(), blob);
  auto log = requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_DOUBLE_EQ(log[0].write_units, 400);  // one unit per KB written
  EXPECT_DOUBLE_EQ(log[1].read_units, 100);   // strongly consistent: one unit per 4 KB

  item["blob"] = Aws::DynamoDB::Model::AttributeValue(blob + "!");
  EXPECT_SDK_ERROR(db().PutItem(PutItemRequest().WithTableName("Music").WithItem(item)), VALIDATION,
                   "Item size has exceeded the maximum allowed size");
}

}  // namespace
