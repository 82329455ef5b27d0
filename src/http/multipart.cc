#include "http/multipart.h"

#include <optional>
#include <utility>

namespace ocop::http {
namespace {

constexpr std::size_t kMaxBoundary = 70;  // RFC 2046 §5.1.1

bool IsSpaceOrTab(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpaceOrTab(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpaceOrTab(s.back())) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A header value of the form `first; name=value; name="quoted value"`, with
// `first` and parameter names lower-cased.
struct HeaderValue {
  std::string first;
  std::vector<std::pair<std::string, std::string>> params;

  const std::string* Param(std::string_view name) const {
    for (const auto& [k, v] : params) {
      if (k == name) return &v;
    }
    return nullptr;
  }
};

// nullopt on a parameter without '=', an unterminated quoted string, text
// after a quoted string, or a parameter named twice (ambiguous: two parsers
// could pick different ones). Inside quotes a backslash escapes only '"' and
// '\': browsers send Windows paths with bare backslashes.
std::optional<HeaderValue> ParseHeaderValue(std::string_view v) {
  HeaderValue out;
  std::size_t i = v.find(';');
  out.first = Lower(Trim(v.substr(0, i)));
  while (i < v.size()) {
    ++i;  // past ';'
    while (i < v.size() && IsSpaceOrTab(v[i])) ++i;
    if (i == v.size()) break;
    if (v[i] == ';') continue;
    std::size_t eq = v.find_first_of("=;", i);
    if (eq == std::string_view::npos || v[eq] != '=') return std::nullopt;
    std::string name = Lower(Trim(v.substr(i, eq - i)));
    if (name.empty() || out.Param(name) != nullptr) return std::nullopt;
    i = eq + 1;
    while (i < v.size() && IsSpaceOrTab(v[i])) ++i;
    std::string value;
    if (i < v.size() && v[i] == '"') {
      ++i;
      bool closed = false;
      while (i < v.size()) {
        char c = v[i];
        if (c == '"') {
          closed = true;
          ++i;
          break;
        }
        if (c == '\\' && i + 1 < v.size() && (v[i + 1] == '"' || v[i + 1] == '\\')) {
          value += v[i + 1];
          i += 2;
          continue;
        }
        value += c;
        ++i;
      }
      if (!closed) return std::nullopt;
      while (i < v.size() && IsSpaceOrTab(v[i])) ++i;
      if (i < v.size() && v[i] != ';') return std::nullopt;
    } else {
      std::size_t end = v.find(';', i);
      if (end == std::string_view::npos) end = v.size();
      value = std::string(Trim(v.substr(i, end - i)));
      i = end;
    }
    out.params.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

// RFC 2046 bchars: DIGIT / ALPHA / ' ( ) + _ , - . / : = ? and space.
bool IsBoundaryChar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '\'':
    case '(':
    case ')':
    case '+':
    case '_':
    case ',':
    case '-':
    case '.':
    case '/':
    case ':':
    case '=':
    case '?':
    case ' ':
      return true;
    default:
      return false;
  }
}

bool IsValidBoundary(std::string_view b) {
  if (b.empty() || b.size() > kMaxBoundary || b.back() == ' ') return false;
  for (char c : b) {
    if (!IsBoundaryChar(c)) return false;
  }
  return true;
}

// The base name of a client-supplied file name: after the last '/' or '\',
// control characters dropped, "." and ".." emptied.
std::string BaseName(std::string_view filename) {
  std::size_t slash = filename.find_last_of("/\\");
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  std::string out;
  out.reserve(filename.size());
  for (char c : filename) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) continue;
    out += c;
  }
  if (out == "." || out == "..") out.clear();
  return out;
}

Status Malformed() { return InvalidArgument("error.multipart.malformed"); }

// A delimiter line: where the next part starts (just past its CRLF) and
// whether it was the closing delimiter.
struct Delimiter {
  std::size_t begin;  // first byte of the delimiter (its CRLF, or "--" at the start of the body)
  std::size_t next;   // first byte after the delimiter line
  bool closing;
};

class DelimiterFinder {
 public:
  DelimiterFinder(std::string_view body, std::string_view boundary)
      : body_(body), crlf_dash_boundary_("\r\n--" + std::string(boundary)) {}

  // The delimiter that opens the first part: "--boundary" at the start of the
  // body, or the first CRLF "--boundary" after a preamble.
  std::optional<Delimiter> First() const {
    std::string_view dash_boundary = std::string_view(crlf_dash_boundary_).substr(2);
    if (body_.substr(0, dash_boundary.size()) == dash_boundary) {
      if (auto d = Match(0, dash_boundary.size())) return d;
    }
    return Next(0);
  }

  // The first delimiter whose CRLF starts at or after `from`.
  std::optional<Delimiter> Next(std::size_t from) const {
    while (from < body_.size()) {
      std::size_t at = body_.find(crlf_dash_boundary_, from);
      if (at == std::string_view::npos) return std::nullopt;
      if (auto d = Match(at, at + crlf_dash_boundary_.size())) return d;
      from = at + 1;
    }
    return std::nullopt;
  }

 private:
  // `p` is just past "--boundary"; the line must end in optional "--",
  // optional transport padding (spaces, tabs) and CRLF; a closing delimiter
  // may also end the body.
  std::optional<Delimiter> Match(std::size_t begin, std::size_t p) const {
    bool closing = false;
    if (body_.substr(p, 2) == "--") {
      closing = true;
      p += 2;
    }
    while (p < body_.size() && IsSpaceOrTab(body_[p])) ++p;
    if (p == body_.size()) {
      if (closing) return Delimiter{begin, p, true};
      return std::nullopt;
    }
    if (body_.substr(p, 2) == "\r\n") return Delimiter{begin, p + 2, closing};
    return std::nullopt;
  }

  std::string_view body_;
  std::string crlf_dash_boundary_;
};

Result<MultipartPart> ParsePart(std::string_view part) {
  std::string_view headers;
  std::string_view data;
  if (part.substr(0, 2) == "\r\n") {
    data = part.substr(2);
  } else if (std::size_t end = part.find("\r\n\r\n"); end != std::string_view::npos) {
    headers = part.substr(0, end);
    data = part.substr(end + 4);
  } else if (part.size() >= 2 && part.substr(part.size() - 2) == "\r\n") {
    headers = part.substr(0, part.size() - 2);  // headers only, empty data (RFC 2046 body-part)
  } else {
    return Err(Malformed());
  }

  MultipartPart out;
  std::string disposition;
  int dispositions = 0;
  bool have_type = false;
  std::string* last_value = nullptr;
  std::string_view rest = headers;
  while (!rest.empty()) {
    std::size_t eol = rest.find("\r\n");
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 2);
    if (!line.empty() && IsSpaceOrTab(line.front())) {  // obsolete line folding
      if (last_value == nullptr) return Err(Malformed());
      *last_value += ' ';
      *last_value += Trim(line);
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return Err(Malformed());
    std::string name = Lower(Trim(line.substr(0, colon)));
    if (name.empty()) return Err(Malformed());
    std::string_view value = Trim(line.substr(colon + 1));
    last_value = nullptr;
    if (name == "content-disposition") {
      ++dispositions;
      disposition = std::string(value);
      last_value = &disposition;
    } else if (name == "content-type" && !have_type) {
      have_type = true;
      out.content_type = std::string(value);
      last_value = &out.content_type;
    }
  }
  if (dispositions != 1) return Err(Malformed());
  std::optional<HeaderValue> cd = ParseHeaderValue(disposition);
  if (!cd || cd->first != "form-data") return Err(Malformed());
  const std::string* name = cd->Param("name");
  if (name == nullptr || name->empty()) return Err(Malformed());
  out.name = *name;
  if (const std::string* filename = cd->Param("filename")) out.filename = BaseName(*filename);
  out.data = std::string(data);
  return out;
}

}  // namespace

Result<std::vector<MultipartPart>> ParseMultipart(std::string_view content_type,
                                                  std::string_view body, std::size_t max_parts) {
  std::optional<HeaderValue> type = ParseHeaderValue(content_type);
  if (!type || type->first != "multipart/form-data") {
    return Err(InvalidArgument("error.multipart.boundary"));
  }
  const std::string* boundary = type->Param("boundary");
  if (boundary == nullptr || !IsValidBoundary(*boundary)) {
    return Err(InvalidArgument("error.multipart.boundary"));
  }

  DelimiterFinder finder(body, *boundary);
  std::optional<Delimiter> delimiter = finder.First();
  if (!delimiter) return Err(Malformed());
  std::vector<MultipartPart> parts;
  while (!delimiter->closing) {
    std::size_t start = delimiter->next;
    delimiter = finder.Next(start);
    if (!delimiter) return Err(Malformed());
    if (parts.size() >= max_parts) return Err(InvalidArgument("error.multipart.too_many_parts"));
    OCOP_ASSIGN_OR_RETURN(MultipartPart part,
                          ParsePart(body.substr(start, delimiter->begin - start)));
    parts.push_back(std::move(part));
  }
  return parts;
}

}  // namespace ocop::http
