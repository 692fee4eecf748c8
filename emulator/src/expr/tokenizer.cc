// Tokenizer: see tokenizer.h.
#include "expr/tokenizer.h"

#include <cctype>

namespace dynemu::expr {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) { return is_alpha(c) || is_digit(c) || c == '_'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Length of the UTF-8 code point starting at text[i] (1 for invalid lead bytes), clamped to the end.
size_t code_point_length(std::string_view text, size_t i) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  size_t n = 1;
  if (c >= 0xF0 && c < 0xF8) n = 4;
  else if (c >= 0xE0) n = (c < 0xF0) ? 3 : 1;
  else if (c >= 0xC0) n = 2;
  if (n > text.size() - i) n = text.size() - i;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return k;
  }
  return n;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    Token t;
    t.pos = i;
    size_t len = 1;
    if (is_alpha(c)) {
      t.kind = TokenKind::kName;
      while (i + len < text.size() && is_word(text[i + len])) ++len;
    } else if (is_digit(c)) {
      t.kind = TokenKind::kNumber;
      while (i + len < text.size() && is_digit(text[i + len])) ++len;
    } else if ((c == '#' || c == ':') && i + 1 < text.size() && is_word(text[i + 1])) {
      t.kind = c == '#' ? TokenKind::kNamePlaceholder : TokenKind::kValuePlaceholder;
      while (i + len < text.size() && is_word(text[i + len])) ++len;
    } else {
      const char n = i + 1 < text.size() ? text[i + 1] : '\0';
      switch (c) {
        case '(': t.kind = TokenKind::kLParen; break;
        case ')': t.kind = TokenKind::kRParen; break;
        case '[': t.kind = TokenKind::kLBracket; break;
        case ']': t.kind = TokenKind::kRBracket; break;
        case ',': t.kind = TokenKind::kComma; break;
        case '.': t.kind = TokenKind::kDot; break;
        case '=': t.kind = TokenKind::kEq; break;
        case '+': t.kind = TokenKind::kPlus; break;
        case '-': t.kind = TokenKind::kMinus; break;
        case '<':
          if (n == '>') { t.kind = TokenKind::kNe; len = 2; }
          else if (n == '=') { t.kind = TokenKind::kLe; len = 2; }
          else { t.kind = TokenKind::kLt; }
          break;
        case '>':
          if (n == '=') { t.kind = TokenKind::kGe; len = 2; }
          else { t.kind = TokenKind::kGt; }
          break;
        default:
          t.kind = TokenKind::kUnknown;
          len = code_point_length(text, i);
          break;
      }
    }
    t.text = text.substr(i, len);
    out.push_back(t);
    i += len;
  }
  Token end;
  end.kind = TokenKind::kEnd;
  end.pos = text.size();
  out.push_back(end);
  return out;
}

std::string syntax_error_text(std::string_view source, const std::vector<Token>& tokens, size_t i) {
  const Token& t = tokens[i];
  const std::string tok = t.kind == TokenKind::kEnd ? std::string("<EOF>") : std::string(t.text);
  const size_t begin = i > 0 ? tokens[i - 1].pos : t.pos;
  size_t end = t.pos + t.text.size();
  if (t.kind != TokenKind::kEnd && i + 1 < tokens.size() && tokens[i + 1].kind != TokenKind::kEnd) {
    end = tokens[i + 1].pos + tokens[i + 1].text.size();
  }
  return "Syntax error; token: \"" + tok + "\", near: \"" + std::string(source.substr(begin, end - begin)) + "\"";
}

bool is_keyword(const Token& t, std::string_view keyword) {
  if (t.kind != TokenKind::kName || t.text.size() != keyword.size()) return false;
  for (size_t i = 0; i < keyword.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(t.text[i])) != static_cast<unsigned char>(keyword[i])) return false;
  }
  return true;
}

}  // namespace dynemu::expr
