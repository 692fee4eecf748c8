// Tokenizer shared by all five expression kinds.
//
// Contract:
//  - tokenize() never fails: every byte of the input ends up in a token; a character that starts no
//    valid token becomes a one-code-point kUnknown token, and the parser reports it as DynamoDB does:
//    Syntax error; token: "<text>", near: "<previous token .. next token>".
//  - Token::text is a view into the caller's string, which must outlive the tokens.
//  - The last token is always kEnd (text "<EOF>" in messages).
//  - Names follow DynamoDB's lexer: [A-Za-z][A-Za-z0-9_]*; placeholders are '#' or ':' followed by
//    [A-Za-z0-9_]+; kNumber is a run of digits (only meaningful inside [ ]).
//  - Keywords (AND, SET, ...) are kName tokens; the parser matches them case-insensitively.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dynemu::expr {

enum class TokenKind {
  kName, kNamePlaceholder, kValuePlaceholder, kNumber,
  kLParen, kRParen, kLBracket, kRBracket, kComma, kDot,
  kEq, kNe, kLt, kLe, kGt, kGe, kPlus, kMinus,
  kUnknown, kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;  // empty for kEnd
  size_t pos = 0;         // byte offset in the expression
};

std::vector<Token> tokenize(std::string_view text);

// The DynamoDB syntax-error text for tokens[i]:
//   Syntax error; token: "<tok>", near: "<source from the previous token to the next one>"
std::string syntax_error_text(std::string_view source, const std::vector<Token>& tokens, size_t i);

// True when `t` is a kName equal to `keyword` (upper-case) ignoring ASCII case.
bool is_keyword(const Token& t, std::string_view keyword);

}  // namespace dynemu::expr
