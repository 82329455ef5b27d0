#include "core/status.h"

#include <cstdio>
#include <cstdlib>

namespace ocop {

std::string_view CodeName(Code code) {
  switch (code) {
    case Code::kOk:
      return "OK";
    case Code::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case Code::kNotFound:
      return "NOT_FOUND";
    case Code::kAlreadyExists:
      return "ALREADY_EXISTS";
    case Code::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case Code::kAborted:
      return "ABORTED";
    case Code::kPermissionDenied:
      return "PERMISSION_DENIED";
    case Code::kUnauthenticated:
      return "UNAUTHENTICATED";
    case Code::kResourceExhausted:
      return "RESOURCE_EXHAUSTED";
    case Code::kUnavailable:
      return "UNAVAILABLE";
    case Code::kInternal:
      return "INTERNAL";
  }
  return "INTERNAL";
}

std::string Status::ToString() const {
  std::string out(CodeName(code_));
  out += ": " + message_.key;
  for (const auto& f : fields_) out += " [" + f.field + ": " + f.message.key + "]";
  if (!detail_.empty()) out += " (" + detail_ + ")";
  return out;
}

Status InvalidArgument(std::string key, std::vector<FieldViolation> fields) {
  return {Code::kInvalidArgument, {std::move(key), {}}, std::move(fields)};
}
Status NotFound(std::string key) { return {Code::kNotFound, {std::move(key), {}}}; }
Status AlreadyExists(std::string key) { return {Code::kAlreadyExists, {std::move(key), {}}}; }
Status FailedPrecondition(std::string key) {
  return {Code::kFailedPrecondition, {std::move(key), {}}};
}
Status Aborted(std::string key) { return {Code::kAborted, {std::move(key), {}}}; }
Status PermissionDenied(std::string key) { return {Code::kPermissionDenied, {std::move(key), {}}}; }
Status Unauthenticated(std::string key) { return {Code::kUnauthenticated, {std::move(key), {}}}; }
Status ResourceExhausted(std::string key) {
  return {Code::kResourceExhausted, {std::move(key), {}}};
}
Status Unavailable(std::string key) { return {Code::kUnavailable, {std::move(key), {}}}; }
Status Internal(std::string text) { return {Code::kInternal, {std::move(text), {}}}; }

namespace internal {
void CheckFailed(const char* cond, const char* file, int line) {
  std::fprintf(stderr, "OCOP_CHECK failed: %s at %s:%d\n", cond, file, line);
  std::abort();
}
}  // namespace internal

}  // namespace ocop
