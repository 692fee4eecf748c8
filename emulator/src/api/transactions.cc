#include "api/transactions.h"

#include <algorithm>
#include <map>
#include <mutex>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "model/api_error.h"

namespace dynemu::api {
namespace {

void write_json_string(std::string& out, const std::string& s) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  out.append(buf.GetString(), buf.GetSize());
}

// Iterative, so hostile nesting cannot exhaust the stack: a stack of (value, next member) frames.
void write_canonical(const rapidjson::Value& root, rapidjson::Writer<rapidjson::StringBuffer>& w) {
  struct Frame {
    const rapidjson::Value* value;
    std::vector<const rapidjson::Value::Member*> members;  // sorted, objects only
    size_t next = 0;
  };
  std::vector<Frame> stack;
  auto open = [&](const rapidjson::Value& v) {
    if (v.IsObject()) {
      Frame f{&v, {}, 0};
      for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) f.members.push_back(&*it);
      std::sort(f.members.begin(), f.members.end(), [](auto* a, auto* b) {
        return std::string(a->name.GetString(), a->name.GetStringLength()) <
               std::string(b->name.GetString(), b->name.GetStringLength());
      });
      w.StartObject();
      stack.push_back(std::move(f));
    } else if (v.IsArray()) {
      w.StartArray();
      stack.push_back(Frame{&v, {}, 0});
    } else {
      v.Accept(w);
    }
  };
  open(root);
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.value->IsObject()) {
      if (f.next == f.members.size()) {
        w.EndObject();
        stack.pop_back();
        continue;
      }
      const auto* m = f.members[f.next++];
      w.Key(m->name.GetString(), m->name.GetStringLength());
      open(m->value);
    } else {
      if (f.next == f.value->Size()) {
        w.EndArray();
        stack.pop_back();
        continue;
      }
      open((*f.value)[static_cast<rapidjson::SizeType>(f.next++)]);
    }
  }
}

struct TokenEntry {
  std::string parameters;
  std::string response;
  int64_t expires_ms = 0;
};

std::mutex tokens_mutex;
std::map<std::pair<const void*, std::string>, TokenEntry> tokens;

void forget_expired(int64_t now_ms) {
  for (auto it = tokens.begin(); it != tokens.end();) {
    if (it->second.expires_ms <= now_ms) it = tokens.erase(it);
    else ++it;
  }
}

}  // namespace

void cancel_transaction(const std::vector<CancellationReason>& reasons) {
  std::string codes;
  std::string extra = "\"CancellationReasons\":[";
  for (size_t i = 0; i < reasons.size(); ++i) {
    const auto& r = reasons[i];
    codes += (i ? ", " : "") + r.code;
    extra += i ? ",{" : "{";
    if (!r.item_json.empty()) extra += "\"Item\":" + r.item_json + ",";
    extra += "\"Code\":";
    write_json_string(extra, r.code);
    if (!r.message.empty()) {
      extra += ",\"Message\":";
      write_json_string(extra, r.message);
    }
    extra += "}";
  }
  extra += "]";
  auto error = model::dynamodb_error(
      "TransactionCanceledException",
      "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]");
  error.extra_json = extra;
  throw error;
}

std::string canonical_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  write_canonical(value, w);
  return std::string(buf.GetString(), buf.GetSize());
}

std::optional<std::string> IdempotencyTokens::replay(const void* scope, const std::string& token,
                                                     const std::string& parameters, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(tokens_mutex);
  forget_expired(now_ms);
  auto it = tokens.find({scope, token});
  if (it == tokens.end()) return std::nullopt;
  if (it->second.parameters != parameters)
    throw model::dynamodb_error("IdempotentParameterMismatchException",
                                "The request uses the same client token as a previous, but non-identical request.");
  return it->second.response;
}

void IdempotencyTokens::remember(const void* scope, const std::string& token, const std::string& parameters,
                                 const std::string& response, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(tokens_mutex);
  tokens[{scope, token}] = TokenEntry{parameters, response, now_ms + kLifetimeMs};
}

}  // namespace dynemu::api
