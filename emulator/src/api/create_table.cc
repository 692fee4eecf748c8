// STUB: being written (table operations). Replace entirely.
#include "api/operation.h"
namespace dynemu::api {
void create_table(OperationContext&, const rapidjson::Value&, model::JsonWriter&) {
  throw model::validation_error("not implemented yet");
}
}  // namespace dynemu::api
