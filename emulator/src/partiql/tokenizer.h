// The PartiQL tokenizer: statement text → tokens. Keywords are identifiers compared without case;
// "double quotes" make an identifier of anything (a keyword included), 'single quotes' a string
// ('' inside is one quote). Throws the parser's syntax ValidationException for characters that
// start no token and for unterminated quotes.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace dynemu::partiql {

struct Token {
  enum class Type { kIdentifier, kQuotedIdentifier, kString, kNumber, kParameter, kPunct, kEnd };
  Type type = Type::kEnd;
  std::string text;  // identifier / string contents, number text, or the punctuation itself
  size_t offset = 0;
};

std::vector<Token> tokenize(std::string_view text);

// The syntax error DynamoDB answers: "Statement wasn't well formed, can't be processed: <reason>".
[[noreturn]] void syntax_error(const std::string& reason);

bool is_keyword(const std::string& identifier);

}  // namespace dynemu::partiql
