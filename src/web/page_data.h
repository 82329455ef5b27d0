// Helpers shared by the page handlers: the data every page gets (language,
// translations, user, CSRF token, navigation) and form fields with errors.
#pragma once

#include <map>
#include <string>

#include "http/request.h"
#include "http/response.h"
#include "web/web_context.h"

namespace ocop::web {

// The base data of a page: lang, t (the catalogue, '.' in keys as '_'),
// title, user, csrf, the other language's switch link, role flags.
Data BaseData(const http::Request& request, WebContext& ctx, const std::string& title_key);

// field → translated message, from an InvalidArgument status.
std::map<std::string, std::string> FieldMessages(const http::Request& request, WebContext& ctx,
                                                 const Status& status);

// {value, error, has_error} for one form field.
Data Field(const std::string& value, const std::map<std::string, std::string>& errors,
           const std::string& name);

// The form body of a POST as a map (first value of each name).
std::map<std::string, std::string> FormOf(const http::Request& request);

http::Response HtmlPage(WebContext& ctx, const std::string& name, const Data& data,
                        int status = 200);

// A positive id from a path parameter, or nullopt.
std::optional<std::int64_t> IdParam(const http::Request& request);

// Options of a <select>: [{value, label, selected}].
Data Options(const std::vector<std::pair<std::string, std::string>>& values,
             const std::string& selected);

// Province options for the user's language, and the communes of one province.
Data ProvinceOptions(WebContext& ctx, const std::string& selected);
Data CommuneOptions(WebContext& ctx, const std::string& province, const std::string& selected);

// "dd/mm/yyyy" of an ISO date, or the input unchanged.
std::string DisplayDate(const std::string& iso);

void RegisterProducerPages(http::Router& router, WebContext& ctx);
void RegisterProductPages(http::Router& router, WebContext& ctx);

}  // namespace ocop::web
