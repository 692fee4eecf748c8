// Reserved words: DynamoDB refuses these as bare attribute names in any expression
// ("Attribute name is a reserved keyword; reserved keyword: <name as written>").
//
// Contract: is_reserved_word() is case-insensitive (ASCII), allocation-free and O(log n).
// The list is exactly the developer guide's 573 words.
#pragma once
#include <cstddef>
#include <string_view>

namespace dynemu::expr {

bool is_reserved_word(std::string_view name);

// For tests: the table's size and its i-th entry (upper case), nullptr past the end.
size_t reserved_word_count();
const char* reserved_word_at(size_t i);

}  // namespace dynemu::expr
