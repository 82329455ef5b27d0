// Internal to ocop_gs1_epcis: JSON text into an ordered_json tree, the same
// tree and the same exceptions as Json::parse, built faster for documents of
// thousands of events.
//
// Why: nlohmann's DOM builder appends each member to its object as it is
// read; ordered_json keeps members in a vector of pair<const string, json>,
// whose const key makes the vector copy (not move) its members whenever it
// grows, so every event's nested objects were deep-copied several times
// (8% of ParseDocument's instructions). Here an object's members are
// gathered first and moved once into a vector of the right size.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gs1/epcis/json_internal.h"

namespace ocop::gs1::epcis::internal {

class JsonTreeBuilder {
 public:
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  // The value read; valid after a successful Json::sax_parse.
  Json& result() { return root_; }

  bool null() { return Add(Json(nullptr)); }
  bool boolean(bool v) { return Add(Json(v)); }
  bool number_integer(Json::number_integer_t v) { return Add(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return Add(Json(v)); }
  bool number_float(Json::number_float_t v, const string_t&) { return Add(Json(v)); }
  // Copied, not moved: the lexer reuses this buffer and its capacity.
  bool string(string_t& v) { return Add(Json(v)); }
  bool binary(binary_t& v) { return Add(Json::binary(std::move(v))); }

  bool start_object(std::size_t) {
    Push(true);
    return true;
  }
  bool key(string_t& k) {
    frames_[depth_ - 1].key = k;
    return true;
  }
  bool end_object() {
    Frame& f = frames_[--depth_];
    Json object(Json::value_t::object);
    auto& map = object.get_ref<Json::object_t&>();
    // One spare place: the parser appends "eventID" to an event that has
    // none, and growing the vector would deep-copy the event.
    map.reserve(f.members.size() + 1);
    for (auto& [k, v] : f.members) {
      // A repeated key keeps its first place and its last value, as in
      // Json::parse.
      auto it = map.find(k);
      if (it != map.end()) {
        it->second = std::move(v);
      } else {
        map.emplace_back(std::move(k), std::move(v));  // the vector's own
      }
    }
    f.members.clear();
    return Add(std::move(object));
  }

  bool start_array(std::size_t) {
    Push(false);
    return true;
  }
  bool end_array() {
    Frame& f = frames_[--depth_];
    Json array(Json::value_t::array);
    array.get_ref<Json::array_t&>() = std::move(f.elements);
    f.elements.clear();
    return Add(std::move(array));
  }

  // The exception nlohmann's own builder throws (parse_error, or
  // out_of_range for a number no double holds).
  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& ex) {
    throw ex;
  }

 private:
  struct Frame {
    bool is_object = false;
    std::string key;
    std::vector<std::pair<std::string, Json>> members;
    std::vector<Json> elements;
  };

  void Push(bool is_object) {
    if (depth_ == frames_.size()) frames_.emplace_back();
    frames_[depth_++].is_object = is_object;
  }

  bool Add(Json&& value) {
    if (depth_ == 0) {
      root_ = std::move(value);
    } else if (Frame& f = frames_[depth_ - 1]; f.is_object) {
      f.members.emplace_back(std::move(f.key), std::move(value));
    } else {
      f.elements.push_back(std::move(value));
    }
    return true;
  }

  Json root_;
  // Frames stay allocated when a value closes, so that the next object at
  // the same depth reuses their vectors' capacity.
  std::vector<Frame> frames_;
  std::size_t depth_ = 0;
};

// Json::parse(text), through JsonTreeBuilder. Throws what Json::parse throws.
inline Json ReadJson(std::string_view text) {
  JsonTreeBuilder builder;
  Json::sax_parse(text.begin(), text.end(), &builder);
  return std::move(builder.result());
}

}  // namespace ocop::gs1::epcis::internal
