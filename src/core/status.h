// Status and Result: expected failures as values, with one canonical code set
// and field violations for forms (DESIGN.md §4).
#pragma once

#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

namespace ocop {

enum class Code {
  kOk,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kAborted,
  kPermissionDenied,
  kUnauthenticated,
  kResourceExhausted,
  kUnavailable,
  kInternal,
};

// "INVALID_ARGUMENT" etc., the names used in every JSON error body.
std::string_view CodeName(Code code);

// A message key from the catalogue (data/i18n) with its arguments, so that the
// edge renders it in the user's language. `key` may also be plain text for
// internal errors that have no catalogue entry.
struct Message {
  std::string key;
  std::vector<std::pair<std::string, std::string>> args;
};

// One problem with one input field ("name", "legal_representative.gender").
struct FieldViolation {
  std::string field;
  Message message;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Code code, Message message, std::vector<FieldViolation> fields = {})
      : code_(code), message_(std::move(message)), fields_(std::move(fields)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const Message& message() const { return message_; }
  const std::vector<FieldViolation>& fields() const { return fields_; }
  // Extra detail for logs and for 409 answers (e.g. the current version).
  const std::string& detail() const { return detail_; }
  Status& WithDetail(std::string detail) {
    detail_ = std::move(detail);
    return *this;
  }
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  Message message_;
  std::vector<FieldViolation> fields_;
  std::string detail_;
};

Status InvalidArgument(std::string key, std::vector<FieldViolation> fields = {});
Status NotFound(std::string key);
Status AlreadyExists(std::string key);
Status FailedPrecondition(std::string key);
Status Aborted(std::string key);
Status PermissionDenied(std::string key);
Status Unauthenticated(std::string key);
Status ResourceExhausted(std::string key);
Status Unavailable(std::string key);
Status Internal(std::string text);

template <typename T>
using Result = tl::expected<T, Status>;

inline tl::unexpected<Status> Err(Status s) { return tl::unexpected<Status>(std::move(s)); }

// Collects field violations while validating a whole input, so that the error
// lists every problem rather than the first.
class FieldErrors {
 public:
  void Add(std::string field, std::string key,
           std::vector<std::pair<std::string, std::string>> args = {}) {
    fields_.push_back({std::move(field), {std::move(key), std::move(args)}});
  }
  bool empty() const { return fields_.empty(); }
  Status ToStatus() const {
    if (fields_.empty()) return Status::Ok();
    return InvalidArgument("error.invalid_input", fields_);
  }

 private:
  std::vector<FieldViolation> fields_;
};

}  // namespace ocop

namespace ocop::internal {
// Carries an error out of a function that returns either Status or Result<T>.
struct ErrorReturn {
  Status status;
  operator Status() && { return std::move(status); }  // NOLINT(google-explicit-constructor)
  template <typename T>
  operator Result<T>() && {  // NOLINT(google-explicit-constructor)
    return tl::unexpected<Status>(std::move(status));
  }
};
}  // namespace ocop::internal

#define OCOP_STATUS_CONCAT_INNER(a, b) a##b
#define OCOP_STATUS_CONCAT(a, b) OCOP_STATUS_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function if `expr` is not ok.
#define OCOP_RETURN_IF_ERROR(expr)                                                         \
  do {                                                                                     \
    ::ocop::Status ocop_status_ = (expr);                                                  \
    if (!ocop_status_.ok()) return ::ocop::internal::ErrorReturn{std::move(ocop_status_)}; \
  } while (0)

// `lhs = value of rexpr`, or returns its error (as Status or Result).
#define OCOP_ASSIGN_OR_RETURN(lhs, rexpr) \
  OCOP_ASSIGN_OR_RETURN_IMPL(OCOP_STATUS_CONCAT(ocop_result_, __LINE__), lhs, rexpr)
#define OCOP_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr)                       \
  auto tmp = (rexpr);                                                     \
  if (!tmp) return ::ocop::internal::ErrorReturn{std::move(tmp).error()}; \
  lhs = std::move(*tmp)

// Aborts on a broken invariant of our own code (never on bad input).
#define OCOP_CHECK(cond)                                                   \
  do {                                                                     \
    if (!(cond)) ::ocop::internal::CheckFailed(#cond, __FILE__, __LINE__); \
  } while (0)

namespace ocop::internal {
[[noreturn]] void CheckFailed(const char* cond, const char* file, int line);
}
