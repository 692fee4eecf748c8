// Reading an import's records: DynamoDB JSON lines, ION and CSV (transfer.h).
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "transfer/transfer.h"

namespace dynemu::transfer {
namespace {

// The item of a {"Item":{...}} record as JSON text, or nullopt.
std::optional<std::string> item_of_record(const char* text, size_t size) {
  rapidjson::Document d;
  d.Parse(text, size);
  if (d.HasParseError() || !d.IsObject() || d.MemberCount() != 1) return std::nullopt;
  auto item = d.FindMember("Item");
  if (item == d.MemberEnd() || !item->value.IsObject()) return std::nullopt;
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> out(buffer);
  item->value.Accept(out);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// One CSV line's fields (RFC 4180 quoting); nullopt when a quote is left open.
std::optional<std::vector<std::string>> csv_fields(const std::string& text, size_t& pos, char delimiter) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c == '"' && pos < text.size() && text[pos] == '"') {
        fields.back().push_back('"');
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      fields.emplace_back();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      fields.back().push_back(c);
    }
  }
  if (quoted) return std::nullopt;
  return fields;
}

void read_csv(const std::string& text, const CsvOptions& csv,
              const std::vector<std::pair<std::string, std::string>>& key_types,
              const std::function<void(std::optional<std::string>&&)>& visit) {
  size_t pos = 0;
  std::vector<std::string> header = csv.header;
  if (header.empty()) {
    auto first = csv_fields(text, pos, csv.delimiter);
    if (!first) {
      visit(std::nullopt);
      return;
    }
    header = *first;
  }
  while (pos < text.size()) {
    const size_t line_start = pos;
    auto fields = csv_fields(text, pos, csv.delimiter);
    if (!fields) {
      visit(std::nullopt);
      return;
    }
    if (fields->size() == 1 && (*fields)[0].empty() && pos - line_start <= 2) continue;  // a blank line
    if (fields->size() > header.size()) {
      visit(std::nullopt);
      continue;
    }
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> out(buffer);
    out.StartObject();
    for (size_t i = 0; i < fields->size(); ++i) {
      const std::string& value = (*fields)[i];
      if (value.empty()) continue;
      std::string type = "S";
      for (const auto& [name, key_type] : key_types)
        if (name == header[i]) type = key_type;
      out.Key(header[i].c_str(), static_cast<rapidjson::SizeType>(header[i].size()));
      out.StartObject();
      out.Key(type.c_str());
      out.String(value);
      out.EndObject();
    }
    out.EndObject();
    visit(std::string(buffer.GetString(), buffer.GetSize()));
  }
}

}  // namespace

void read_records(const std::string& text, const std::string& format, const CsvOptions& csv,
                  const std::vector<std::pair<std::string, std::string>>& key_types,
                  const std::function<void(std::optional<std::string>&&)>& visit) {
  if (format == "CSV") {
    read_csv(text, csv, key_types, visit);
  } else if (format == "ION") {
    read_ion_items(text, [&visit](std::optional<std::string>&& record) {
      if (!record) return visit(std::nullopt);
      visit(item_of_record(record->data(), record->size()));
    });
  } else {
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      const size_t size = end - pos;
      if (text.find_first_not_of(" \t\r", pos) < end) visit(item_of_record(text.data() + pos, size));
      pos = end + 1;
    }
  }
}

}  // namespace dynemu::transfer
