// Transactions: what TransactWriteItems and TransactGetItems share.
//
// Contract:
//  - CancellationReason / cancel_transaction(): DynamoDB's TransactionCanceledException, with one
//    reason per action in action order ("None" for actions that did not fail) and the message
//    "Transaction cancelled, please refer cancellation reasons for specific reasons [A, B]".
//  - IdempotencyTokens remembers each successful TransactWriteItems by ClientRequestToken for 10
//    minutes: the same token with the same parameters replays the stored response without writing
//    again; with different parameters it is an IdempotentParameterMismatchException. Callers use it
//    while holding the store's write session, so check-and-record cannot race.
//  - canonical_json() renders a JSON value with object members sorted, so that parameter order
//    does not make two identical requests differ.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

namespace dynemu::api {

struct CancellationReason {
  std::string code = "None";  // None, ConditionalCheckFailed, ValidationError, ...
  std::string message;
  std::string item_json;  // the item's canonical JSON when ReturnValuesOnConditionCheckFailure=ALL_OLD
};

[[noreturn]] void cancel_transaction(const std::vector<CancellationReason>& reasons);

std::string canonical_json(const rapidjson::Value& value);

class IdempotencyTokens {
 public:
  static constexpr int64_t kLifetimeMs = 10 * 60 * 1000;
  // The stored response for (scope, token) if the same parameters were used; throws
  // IdempotentParameterMismatchException if they differ; nullopt when the token is new or expired.
  static std::optional<std::string> replay(const void* scope, const std::string& token, const std::string& parameters,
                                           int64_t now_ms);
  static void remember(const void* scope, const std::string& token, const std::string& parameters,
                       const std::string& response, int64_t now_ms);
};

}  // namespace dynemu::api
