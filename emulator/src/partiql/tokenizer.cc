#include "partiql/tokenizer.h"

#include <cctype>
#include <strings.h>

#include "model/api_error.h"

namespace dynemu::partiql {

void syntax_error(const std::string& reason) {
  throw model::validation_error("Statement wasn't well formed, can't be processed: " + reason);
}

bool is_keyword(const std::string& identifier) {
  static const char* const kKeywords[] = {
      "SELECT", "FROM",  "WHERE", "AND",    "OR",       "NOT",    "IN",   "BETWEEN", "IS",  "MISSING",
      "NULL",   "TRUE",  "FALSE", "INSERT", "INTO",     "VALUE",  "VALUES", "UPDATE", "SET", "REMOVE",
      "DELETE", "ORDER", "BY",    "ASC",    "DESC",     "EXISTS", "RETURNING", "LIMIT", "AS", "JOIN",
      "GROUP",  "HAVING", "UNION", "DISTINCT"};
  for (const char* k : kKeywords)
    if (strcasecmp(k, identifier.c_str()) == 0) return true;
  return false;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  const size_t n = text.size();
  auto is_ident_start = [](unsigned char c) { return std::isalpha(c) || c == '_' || c == '$'; };
  auto is_ident_char = [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '$'; };
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < n && text[i + 1] == '-') {  // a comment to the end of the line
      while (i < n && text[i] != '\n') ++i;
      continue;
    }
    Token t;
    t.offset = i;
    if (is_ident_start(c)) {
      size_t j = i;
      while (j < n && is_ident_char(static_cast<unsigned char>(text[j]))) ++j;
      t.type = Token::Type::kIdentifier;
      t.text.assign(text.substr(i, j - i));
      i = j;
    } else if (c == '"' || c == '\'') {
      const char quote = static_cast<char>(c);
      std::string value;
      size_t j = i + 1;
      bool closed = false;
      while (j < n) {
        if (text[j] == quote) {
          if (j + 1 < n && text[j + 1] == quote) {  // a doubled quote is one quote
            value += quote;
            j += 2;
            continue;
          }
          closed = true;
          ++j;
          break;
        }
        value += text[j++];
      }
      if (!closed) syntax_error(quote == '"' ? "Unterminated quoted identifier" : "Unterminated string literal");
      t.type = quote == '"' ? Token::Type::kQuotedIdentifier : Token::Type::kString;
      t.text = std::move(value);
      i = j;
    } else if (std::isdigit(c) || (c == '.' && i + 1 < n && std::isdigit(static_cast<unsigned char>(text[i + 1])))) {
      size_t j = i;
      while (j < n && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
      if (j < n && text[j] == '.') {
        ++j;
        while (j < n && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
      }
      if (j < n && (text[j] == 'e' || text[j] == 'E')) {
        size_t k = j + 1;
        if (k < n && (text[k] == '+' || text[k] == '-')) ++k;
        if (k < n && std::isdigit(static_cast<unsigned char>(text[k]))) {
          while (k < n && std::isdigit(static_cast<unsigned char>(text[k]))) ++k;
          j = k;
        }
      }
      t.type = Token::Type::kNumber;
      t.text.assign(text.substr(i, j - i));
      i = j;
    } else if (c == '?') {
      t.type = Token::Type::kParameter;
      t.text = "?";
      ++i;
    } else {
      static const char* const kTwo[] = {"<=", ">=", "<>", "!=", "<<", ">>"};
      t.type = Token::Type::kPunct;
      for (const char* two : kTwo)
        if (text.substr(i, 2) == two) t.text = two;
      if (t.text.empty()) {
        if (std::string_view("()[]{},.:*=<>+-").find(static_cast<char>(c)) == std::string_view::npos)
          syntax_error("Unexpected character");
        t.text = std::string(1, static_cast<char>(c));
      }
      i += t.text.size();
    }
    tokens.push_back(std::move(t));
  }
  Token end;
  end.offset = n;
  tokens.push_back(end);
  return tokens;
}

}  // namespace dynemu::partiql
