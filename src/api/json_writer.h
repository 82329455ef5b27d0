// A small streaming JSON writer for the API's answers. The product-detail
// benchmark showed building nlohmann::json objects and dumping them to be the
// largest cost of a read (docs/benchmarks.md); answers are written directly.
// Strings must be valid UTF-8 (everything stored was validated on the way in).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ocop::api {

class JsonWriter {
 public:
  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(std::int64_t value);
  // A number with at most `decimals` decimals, trailing zeros dropped (72.5, 100).
  JsonWriter& Number(double value, int decimals = 2);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // A string, or null when empty.
  JsonWriter& StringOrNull(std::string_view value) {
    return value.empty() ? Null() : String(value);
  }
  // Shorthands for one member.
  JsonWriter& Member(std::string_view key, std::string_view value) {
    return Key(key).String(value);
  }
  JsonWriter& Member(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonWriter& Member(std::string_view key, std::int64_t value) { return Key(key).Int(value); }
  JsonWriter& Member(std::string_view key, int value) { return Key(key).Int(value); }

  // The document; the writer is empty afterwards.
  std::string Take() { return std::move(out_); }

 private:
  JsonWriter& Open(char c);
  JsonWriter& Close(char c);
  void Separate();
  void Quoted(std::string_view s);

  std::string out_;
  std::vector<bool> has_items_;  // per open container
  bool after_key_ = false;
};

}  // namespace ocop::api
