// Message catalogues (data/i18n/vi.json, en.json): every string a user reads,
// in Vietnamese first and English second. Immutable once loaded.
#pragma once

#include <map>
#include <string>

#include "core/status.h"

namespace ocop::i18n {

class Catalog {
 public:
  // Loads vi.json and en.json from `dir` (flat objects of key → text). Fails
  // if a key is in one language and not the other.
  static Result<Catalog> Load(const std::string& dir);

  // The text of `key` in `lang` ("vi" or "en", else "vi"), or the key itself
  // when unknown (so a missing entry shows, rather than an empty screen).
  const std::string& Text(const std::string& lang, const std::string& key) const;
  // `message` with its {name} arguments filled in.
  std::string Render(const std::string& lang, const Message& message) const;
  // All keys of one language, for templates.
  const std::map<std::string, std::string>& All(const std::string& lang) const;

 private:
  std::map<std::string, std::string> vi_, en_;
};

}  // namespace ocop::i18n
