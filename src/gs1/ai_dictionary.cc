#include "gs1/ai_dictionary.h"

#include <algorithm>

#include "core/text.h"
#include "gs1/ai_linters.h"
#include "gs1/embedded_data.h"

namespace ocop::gs1 {
namespace {

using Args = std::vector<std::pair<std::string, std::string>>;

Status Invalid(std::string key, Args args) {
  return Status(Code::kInvalidArgument, Message{std::move(key), std::move(args)});
}

Status DictionaryError(int line, std::string what) {
  return Invalid("error.gs1.dictionary", {{"line", std::to_string(line)}, {"problem", what}});
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    if (j > i) words.push_back(s.substr(i, j - i));
    i = j;
  }
  return words;
}

bool IsFlags(std::string_view word) {
  static constexpr std::string_view kFlagChars = "*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~";
  return std::all_of(word.begin(), word.end(),
                     [](char c) { return kFlagChars.find(c) != std::string_view::npos; }) &&
         word.front() != '[';
}

bool IsComponent(std::string_view word) {
  char c = word.front() == '[' && word.size() > 1 ? word[1] : word.front();
  return c == 'N' || c == 'X' || c == 'Y' || c == 'Z';
}

// "N13,csum,gcppos1", "[X..17]", "[N3],iso3166".
Result<AiComponent> ParseComponent(std::string_view word, int line) {
  AiComponent component;
  std::string_view type = word;
  std::string_view linters;
  if (word.front() == '[') {
    size_t close = word.find(']');
    if (close == std::string_view::npos) return Err(DictionaryError(line, "unclosed ["));
    component.optional = true;
    type = word.substr(1, close - 1);
    linters = word.substr(close + 1);
  } else if (size_t comma = word.find(','); comma != std::string_view::npos) {
    type = word.substr(0, comma);
    linters = word.substr(comma);
  }
  switch (type.front()) {
    case 'N':
      component.charset = CharSet::kNumeric;
      break;
    case 'X':
      component.charset = CharSet::kCset82;
      break;
    case 'Y':
      component.charset = CharSet::kCset39;
      break;
    case 'Z':
      component.charset = CharSet::kBase64Url;
      break;
    default:
      return Err(DictionaryError(line, "unknown type " + std::string(type)));
  }
  std::string_view length = type.substr(1);
  if (length.substr(0, 2) == "..") {
    if (!text::IsDigits(length.substr(2))) return Err(DictionaryError(line, "bad length"));
    component.min_length = 1;
    component.max_length = std::stoi(std::string(length.substr(2)));
  } else {
    if (!text::IsDigits(length)) return Err(DictionaryError(line, "bad length"));
    component.min_length = component.max_length = std::stoi(std::string(length));
  }
  if (!linters.empty()) {
    if (linters.front() != ',') return Err(DictionaryError(line, "bad linter list"));
    for (auto name : text::Split(linters.substr(1), ',')) {
      if (!IsKnownLinter(name)) {
        return Err(DictionaryError(line, "linter not implemented: " + std::string(name)));
      }
      component.linters.emplace_back(name);
    }
  }
  return component;
}

std::string_view CharsetName(CharSet charset) {
  switch (charset) {
    case CharSet::kNumeric:
      return "N";
    case CharSet::kCset82:
      return "CSET 82";
    case CharSet::kCset39:
      return "CSET 39";
    case CharSet::kBase64Url:
      return "base64url";
  }
  return "";
}

bool InCharset(CharSet charset, char c) {
  static constexpr std::string_view kCset82 =
      "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
  switch (charset) {
    case CharSet::kNumeric:
      return IsDigit(c);
    case CharSet::kCset82:
      return c != '\0' && kCset82.find(c) != std::string_view::npos;
    case CharSet::kCset39:
      return IsDigit(c) || (c >= 'A' && c <= 'Z') || c == '#' || c == '-' || c == '/';
    case CharSet::kBase64Url:
      return IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
  }
  return false;
}

}  // namespace

int AiEntry::MinLength() const {
  int n = 0;
  for (const auto& c : components) {
    if (!c.optional) n += c.min_length;
  }
  return n;
}

int AiEntry::MaxLength() const {
  int n = 0;
  for (const auto& c : components) n += c.max_length;
  return n;
}

bool AiMatches(std::string_view pattern, std::string_view ai) {
  if (pattern.size() != ai.size()) return false;
  for (size_t i = 0; i < ai.size(); ++i) {
    if (pattern[i] != ai[i] && !(pattern[i] == 'n' && IsDigit(ai[i]))) return false;
  }
  return true;
}

Result<AiDictionary> AiDictionary::Parse(std::string_view text) {
  AiDictionary dictionary;
  int line_number = 0;
  for (std::string_view line : text::Split(text, '\n')) {
    ++line_number;
    std::string title;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) {
      size_t start = line.find_first_not_of(' ', hash + 1);
      if (start != std::string_view::npos) title = std::string(line.substr(start));
      while (!title.empty() && (title.back() == ' ' || title.back() == '\r')) title.pop_back();
      line = line.substr(0, hash);
    }
    auto words = Words(line);
    if (words.empty()) continue;
    AiEntry entry;
    entry.title = title;
    // The AI or the range of AIs: "01", "3100-3105".
    std::string_view first = words[0];
    std::string_view last = words[0];
    if (size_t dash = words[0].find('-'); dash != std::string_view::npos) {
      first = words[0].substr(0, dash);
      last = words[0].substr(dash + 1);
    }
    if (!text::IsDigits(first) || !text::IsDigits(last) || first.size() != last.size() ||
        first.size() < 2 || first.size() > 4 || first > last) {
      return Err(DictionaryError(line_number, "bad AI " + std::string(words[0])));
    }
    size_t i = 1;
    if (i < words.size() && IsFlags(words[i])) {
      entry.fixed_length = words[i].find('*') != std::string_view::npos;
      entry.dl_data_attribute = words[i].find('?') != std::string_view::npos;
      ++i;
    }
    for (; i < words.size() && IsComponent(words[i]); ++i) {
      auto component = ParseComponent(words[i], line_number);
      if (!component) return Err(component.error());
      if (!entry.components.empty() && entry.components.back().optional && !component->optional) {
        return Err(DictionaryError(line_number, "mandatory component after an optional one"));
      }
      entry.components.push_back(std::move(*component));
    }
    if (entry.components.empty()) return Err(DictionaryError(line_number, "no specification"));
    for (; i < words.size(); ++i) {
      std::string_view word = words[i];
      if (word.substr(0, 4) == "req=") {
        std::vector<AiGroup> alternatives;
        for (auto group : text::Split(word.substr(4), ',')) {
          AiGroup ais;
          for (auto ai : text::Split(group, '+')) ais.emplace_back(ai);
          alternatives.push_back(std::move(ais));
        }
        entry.requires_any.push_back(std::move(alternatives));
      } else if (word.substr(0, 3) == "ex=") {
        for (auto ai : text::Split(word.substr(3), ',')) entry.excludes.emplace_back(ai);
      } else if (word == "dlpkey") {
        entry.dl_primary_key = true;
      } else if (word.substr(0, 7) == "dlpkey=") {
        entry.dl_primary_key = true;
        for (auto path : text::Split(word.substr(7), '|')) {
          std::vector<std::string> qualifiers;
          for (auto ai : text::Split(path, ',')) {
            if (!text::IsDigits(ai)) return Err(DictionaryError(line_number, "bad dlpkey"));
            qualifiers.emplace_back(ai);
          }
          entry.dl_qualifier_paths.push_back(std::move(qualifiers));
        }
      } else {
        return Err(DictionaryError(line_number, "unknown attribute " + std::string(word)));
      }
    }
    const int from = std::stoi(std::string(first));
    const int to = std::stoi(std::string(last));
    for (int n = from; n <= to; ++n) {
      std::string ai = std::to_string(n);
      ai.insert(0, first.size() - ai.size(), '0');
      entry.ai = ai;
      dictionary.entries_.push_back(entry);
    }
  }
  std::sort(dictionary.entries_.begin(), dictionary.entries_.end(),
            [](const AiEntry& a, const AiEntry& b) { return a.ai < b.ai; });
  for (size_t k = 1; k < dictionary.entries_.size(); ++k) {
    const auto& prev = dictionary.entries_[k - 1].ai;
    const auto& next = dictionary.entries_[k].ai;
    if (next.compare(0, prev.size(), prev) == 0) {
      return Err(DictionaryError(0, "AI " + prev + " is a prefix of AI " + next));
    }
  }
  return dictionary;
}

const AiDictionary& AiDictionary::Default() {
  static const AiDictionary* const kDefault = [] {
    auto parsed = Parse(SyntaxDictionaryText());
    OCOP_CHECK(parsed.has_value());
    return new AiDictionary(std::move(*parsed));
  }();
  return *kDefault;
}

const AiEntry* AiDictionary::Find(std::string_view ai) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), ai,
                             [](const AiEntry& e, std::string_view key) { return e.ai < key; });
  if (it == entries_.end() || it->ai != ai) return nullptr;
  return &*it;
}

Status AiDictionary::ValidateValue(std::string_view ai, std::string_view value) const {
  const AiEntry* entry = Find(ai);
  if (!entry) return Invalid("error.gs1.unknown_ai", {{"ai", std::string(ai)}});
  const std::string ai_text(ai);
  const std::string value_text(value);
  // A fixed length is one message ("exactly 14"), not a range "from 14 to 14".
  const bool fixed = entry->MinLength() == entry->MaxLength();
  auto lengths = [&](const char* key) {
    return Invalid(fixed ? "error.gs1.wrong_length" : key,
                   {{"ai", ai_text},
                    {"value", value_text},
                    {"min", std::to_string(entry->MinLength())},
                    {"max", std::to_string(entry->MaxLength())}});
  };
  if (static_cast<int>(value.size()) < entry->MinLength()) return lengths("error.gs1.too_short");
  if (static_cast<int>(value.size()) > entry->MaxLength()) return lengths("error.gs1.too_long");
  size_t pos = 0;
  for (const auto& component : entry->components) {
    if (pos == value.size() && component.optional) break;
    size_t remaining = value.size() - pos;
    size_t take = std::min(remaining, static_cast<size_t>(component.max_length));
    if (take < static_cast<size_t>(component.min_length)) return lengths("error.gs1.too_short");
    std::string_view part = value.substr(pos, take);
    for (size_t k = 0; k < part.size(); ++k) {
      if (InCharset(component.charset, part[k])) continue;
      // base64url: "=" pads the end only.
      if (component.charset == CharSet::kBase64Url && part[k] == '=' &&
          part.find_first_not_of('=', k) == std::string_view::npos && part.size() - k <= 2) {
        break;
      }
      std::string position = std::to_string(pos + k + 1);
      if (component.charset == CharSet::kNumeric) {
        return Invalid("error.gs1.not_numeric",
                       {{"ai", ai_text}, {"value", value_text}, {"position", position}});
      }
      return Invalid("error.gs1.bad_character",
                     {{"ai", ai_text},
                      {"value", value_text},
                      {"position", position},
                      {"character", std::string(1, part[k])},
                      {"charset", std::string(CharsetName(component.charset))}});
    }
    for (const auto& linter : component.linters) {
      if (auto failure = Lint(linter, part)) {
        return Invalid("error.gs1.lint." + failure->reason,
                       {{"ai", ai_text},
                        {"value", value_text},
                        {"position", std::to_string(pos + failure->position + 1)}});
      }
    }
    pos += take;
  }
  if (pos != value.size()) return lengths("error.gs1.too_long");
  return Status::Ok();
}

Status ValidateAiValue(std::string_view ai, std::string_view value) {
  return AiDictionary::Default().ValidateValue(ai, value);
}

}  // namespace ocop::gs1
