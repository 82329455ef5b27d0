// RFC 4180 CSV reading for the reference data files under data/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ocop::csv {

using Row = std::vector<std::string>;

// Parses `content` (header row included) into rows. Quoted fields may hold
// commas, doubled quotes and line breaks. Fails on an unterminated quote.
Result<std::vector<Row>> Parse(std::string_view content);

// Reads a whole file; NotFound if it cannot be opened.
Result<std::string> ReadFile(const std::string& path);

}  // namespace ocop::csv
