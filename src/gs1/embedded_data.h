// The GS1 reference texts compiled into the binary (cmake/embed_text.cmake),
// so that parsing and validating identifiers needs no file at run time.
#pragma once

#include <string_view>

namespace ocop::gs1 {

// data/gs1/gs1-syntax-dictionary.txt, byte for byte.
std::string_view SyntaxDictionaryText();

// data/gs1/linter-code-lists.txt, byte for byte.
std::string_view LinterCodeListsText();

}  // namespace ocop::gs1
