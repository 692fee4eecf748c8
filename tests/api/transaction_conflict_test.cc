// Injected transaction conflicts (fault error "TransactionConflict", http/transaction_conflict.h):
// DynamoDB's TransactionCanceledException with a TransactionConflict reason for the conflicting
// item, TransactionConflictException for a single-item write, through Server::add_fault and the
// /_dynemu/faults endpoint.
#include "api_test_support.h"

namespace dynemu::testing_support {
namespace {

constexpr const char* kCanceled = "TransactionCanceledException";
constexpr const char* kOngoing = "Transaction is ongoing for the item";

class TransactionConflictTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    options.in_memory = true;
    options.threads = 2;
    server_ = std::make_unique<Server>(options);
    server_->start();
    for (const char* table : {"Accounts", "Audit"}) {
      auto created = call("CreateTable", std::string(R"({"TableName":")") + table +
                                             R"(","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],)"
                                             R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],)"
                                             R"("BillingMode":"PAY_PER_REQUEST"})");
      ASSERT_EQ(created.status, 200) << created.body;
    }
    for (const char* id : {"a", "b"}) ASSERT_EQ(call("PutItem", put("Accounts", id, 100)).status, 200);
  }

  ApiResponse call(const std::string& op, const std::string& body) { return call_on(*server_, op, body); }

  static std::string put(const std::string& table, const std::string& id, int balance) {
    return R"({"TableName":")" + table + R"(","Item":{"id":{"S":")" + id + R"("},"balance":{"N":")" +
           std::to_string(balance) + R"("}}})";
  }

  // A transfer of 10 from a to b, and an audit record: three actions.
  static std::string transfer() {
    return R"({"TransactItems":[)"
           R"({"Update":{"TableName":"Accounts","Key":{"id":{"S":"a"}},"UpdateExpression":"ADD balance :m",)"
           R"("ExpressionAttributeValues":{":m":{"N":"-10"}}}},)"
           R"({"Update":{"TableName":"Accounts","Key":{"id":{"S":"b"}},"UpdateExpression":"ADD balance :p",)"
           R"("ExpressionAttributeValues":{":p":{"N":"10"}}}},)"
           R"({"Put":{"TableName":"Audit","Item":{"id":{"S":"t1"}}}}]})";
  }

  std::string balance(const std::string& id) {
    auto got = call("GetItem", R"({"TableName":"Accounts","Key":{"id":{"S":")" + id + R"("}}})");
    return got.json["Item"]["balance"]["N"].GetString();
  }

  static Fault conflict(const std::string& operation, const std::string& table, const std::string& key, int count = 1) {
    Fault f;
    f.operation = operation;
    f.table = table;
    f.key = key;
    f.count = count;
    f.error = "TransactionConflict";
    return f;
  }

  // Codes and messages of the CancellationReasons, "Code:Message" each.
  static std::vector<std::string> reasons(const ApiResponse& r) {
    std::vector<std::string> out;
    if (!r.json.IsObject() || !r.json.HasMember("CancellationReasons")) return out;
    for (const auto& reason : r.json["CancellationReasons"].GetArray()) {
      std::string text = reason["Code"].GetString();
      if (reason.HasMember("Message")) text += std::string(":") + reason["Message"].GetString();
      out.push_back(text);
    }
    return out;
  }

  size_t fault_count() {
    httplib::Client admin("127.0.0.1", server_->port());
    auto listed = admin.Get("/_dynemu/faults");
    rapidjson::Document doc;
    doc.Parse(listed ? listed->body.c_str() : "{}");
    return doc.IsObject() && doc.HasMember("faults") ? doc["faults"].Size() : 999;
  }

  std::unique_ptr<Server> server_;
};

TEST_F(TransactionConflictTest, TransactionTouchingTheChosenItemIsCanceledForThatItemOnly) {
  server_->add_fault(conflict("TransactWriteItems", "Accounts", R"({"id":{"S":"b"}})"));
  auto r = call("TransactWriteItems", transfer());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_type(), kCanceled) << r.body;
  EXPECT_EQ(r.message(),
            "Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict, None]");
  EXPECT_EQ(reasons(r), (std::vector<std::string>{"None", std::string("TransactionConflict:") + kOngoing, "None"}));
  EXPECT_EQ(balance("a"), "100");  // nothing applied
  EXPECT_EQ(balance("b"), "100");
  // One use: the retry goes through, as a client's retry after a conflict would.
  auto retried = call("TransactWriteItems", transfer());
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(balance("a"), "90");
  EXPECT_EQ(balance("b"), "110");
}

TEST_F(TransactionConflictTest, TransactionsNotTouchingTheItemAreNotCanceledAndKeepTheFault) {
  server_->add_fault(conflict("*", "Accounts", R"({"id":{"S":"zzz"}})"));
  ASSERT_EQ(call("TransactWriteItems", transfer()).status, 200);
  EXPECT_EQ(balance("a"), "90");
  EXPECT_EQ(fault_count(), 1u);  // not used up by a transaction that did not touch the item
  ASSERT_EQ(call("PutItem", put("Accounts", "zzz", 1)).error_type(), "TransactionConflictException");
  EXPECT_EQ(fault_count(), 0u);
}

TEST_F(TransactionConflictTest, WithoutAKeyTheFirstActionOnTheTableConflicts) {
  server_->add_fault(conflict("TransactWriteItems", "Audit", ""));
  auto r = call("TransactWriteItems", transfer());
  EXPECT_EQ(r.error_type(), kCanceled) << r.body;
  EXPECT_EQ(reasons(r), (std::vector<std::string>{"None", "None", std::string("TransactionConflict:") + kOngoing}));
  server_->add_fault(conflict("TransactWriteItems", "", ""));
  EXPECT_EQ(reasons(call("TransactWriteItems", transfer())),
            (std::vector<std::string>{std::string("TransactionConflict:") + kOngoing, "None", "None"}));
}

TEST_F(TransactionConflictTest, TransactGetItemsIsCanceledToo) {
  server_->add_fault(conflict("TransactGetItems", "Accounts", R"({"id":{"S":"a"}})"));
  auto r = call("TransactGetItems", R"({"TransactItems":[{"Get":{"TableName":"Accounts","Key":{"id":{"S":"b"}}}},)"
                                    R"({"Get":{"TableName":"Accounts","Key":{"id":{"S":"a"}}}}]})");
  EXPECT_EQ(r.error_type(), kCanceled) << r.body;
  EXPECT_EQ(reasons(r), (std::vector<std::string>{"None", std::string("TransactionConflict:") + kOngoing}));
}

TEST_F(TransactionConflictTest, SingleItemWritesGetTransactionConflictException) {
  server_->add_fault(conflict("*", "Accounts", R"({"id":{"S":"a"}})", -1));
  for (const auto& [op, body] : std::vector<std::pair<std::string, std::string>>{
           {"PutItem", put("Accounts", "a", 5)},
           {"UpdateItem", R"({"TableName":"Accounts","Key":{"id":{"S":"a"}},"UpdateExpression":"SET x = :x",)"
                          R"("ExpressionAttributeValues":{":x":{"N":"1"}}})"},
           {"DeleteItem", R"({"TableName":"Accounts","Key":{"id":{"S":"a"}}})"}}) {
    auto r = call(op, body);
    EXPECT_EQ(r.status, 400) << op;
    EXPECT_EQ(r.error_type(), "TransactionConflictException") << op << " " << r.body;
    EXPECT_EQ(r.message(), "Operation was rejected because there is an ongoing transaction for the item.") << op;
    EXPECT_EQ(r.header("x-amzn-ErrorType"), "TransactionConflictException");
  }
  EXPECT_EQ(balance("a"), "100");
  // Reads never conflict, and other items are untouched by the fault.
  EXPECT_EQ(call("GetItem", R"({"TableName":"Accounts","Key":{"id":{"S":"a"}}})").status, 200);
  EXPECT_EQ(call("PutItem", put("Accounts", "b", 7)).status, 200);
  EXPECT_EQ(balance("b"), "7");
}

TEST_F(TransactionConflictTest, AdminEndpointTakesAndShowsTheKey) {
  httplib::Client admin("127.0.0.1", server_->port());
  auto added = admin.Post("/_dynemu/faults",
                          R"({"operation":"TransactWriteItems","table":"Accounts","error":"TransactionConflict",)"
                          R"("key":{"id":{"S":"a"}},"count":1})",
                          "application/json");
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 200) << added->body;
  rapidjson::Document listed;
  listed.Parse(admin.Get("/_dynemu/faults")->body.c_str());
  ASSERT_EQ(listed["faults"].Size(), 1u);
  EXPECT_EQ(std::string(listed["faults"][0]["key"]["id"]["S"].GetString()), "a");
  auto r = call("TransactWriteItems", transfer());
  EXPECT_EQ(reasons(r), (std::vector<std::string>{std::string("TransactionConflict:") + kOngoing, "None", "None"}));
  for (const char* bad : {R"({"operation":"PutItem","error":"TransactionConflict","key":"id=a"})",
                          R"({"operation":"PutItem","error":"TransactionConflict","key":{}})",
                          R"({"operation":"PutItem","error":"ThrottlingException","key":{"id":{"S":"a"}}})"}) {
    auto refused = admin.Post("/_dynemu/faults", bad, "application/json");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << bad;
  }
}

}  // namespace
}  // namespace dynemu::testing_support
