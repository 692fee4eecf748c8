// libFuzzer target: whole request bodies through the item operations, as the HTTP front end runs
// them (iterative JSON parse, then the operation), against an in-memory store with two tables.
//
// Input: the first byte picks the operation, the rest is the JSON body. Every outcome must be a
// response or a model::ApiError with status 400; any other exception, crash or sanitizer report is
// a bug.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>

#include "api/operation.h"
#include "model/api_error.h"

namespace {

using namespace dynemu;

constexpr const char* kOperations[] = {"PutItem", "UpdateItem", "GetItem", "DeleteItem"};

struct World {
  store::Store store{store::StoreOptions{"", true}};
  api::ApiSettings settings;
  clock::Clock clock;

  World() {
    run("CreateTable", R"({"TableName":"tab","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],)"
                       R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})");
    run("CreateTable", R"({"TableName":"cmp","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
                       R"({"AttributeName":"sk","AttributeType":"N"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
                       R"({"AttributeName":"sk","KeyType":"RANGE"}],"BillingMode":"PAY_PER_REQUEST"})");
    run("PutItem", R"({"TableName":"tab","Item":{"id":{"S":"k"},"n":{"N":"1"},"l":{"L":[{"S":"a"}]},)"
                   R"("m":{"M":{"x":{"SS":["a"]}}}}})");
  }

  void run(const char* op_name, const std::string& body) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
    if (doc.HasParseError() || !doc.IsObject()) return;
    api::OperationContext ctx{store, settings, clock, "us-east-1", "fuzz"};
    rapidjson::StringBuffer buffer;
    model::JsonWriter out(buffer);
    api::find_operation(op_name)(ctx, doc, out);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World* world = new World();
  if (size == 0) return 0;
  const char* op = kOperations[data[0] % 4];
  try {
    world->run(op, std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  } catch (const model::ApiError& e) {
    if (e.status() != 400) __builtin_trap();
  }
  return 0;
}
