// Helpers shared by the page handlers: the data every page gets (language,
// translations, user, CSRF token, navigation) and form fields with errors.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/date.h"
#include "http/request.h"
#include "http/response.h"
#include "web/web_context.h"

namespace ocop::web {

// The base data of a page: lang, t (the catalogue, '.' in keys as '_'),
// title, user, csrf, the other language's switch link, role flags.
Data BaseData(const http::Request& request, WebContext& ctx, const std::string& title_key);

// The language switch every page has: lang, other_lang, other_lang_label and
// here, the page to return to (its path and query, URL-encoded) without the
// query parameter `drop` when one is named.
void SetLanguageSwitch(Data& d, const http::Request& request, const std::string& lang,
                       std::string_view drop = {});

// field → translated message, from an InvalidArgument status.
std::map<std::string, std::string> FieldMessages(const http::Request& request, WebContext& ctx,
                                                 const Status& status);

// {value, error, has_error} for one form field.
Data Field(const std::string& value, const std::map<std::string, std::string>& errors,
           const std::string& name);

// The form body of a POST as a map (first value of each name).
std::map<std::string, std::string> FormOf(const http::Request& request);

// Today in Vietnam, by the application's clock.
CivilDate Today(WebContext& ctx);
// A dossier state's label ("page.dossier.state.*").
std::string StateLabel(WebContext& ctx, const std::string& lang, domain::DossierState s);

// The catalogue of `lang` for a template's {{t.key}} tags.
Texts TextsOf(WebContext& ctx, const std::string& lang);

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

// Redraws a form: with `version`, the field errors, a notice and a status.
using FormRenderer = std::function<http::Response(std::int64_t version,
                                                  const std::map<std::string, std::string>& errors,
                                                  const std::string& notice, int status)>;

// The answer to a failed form submission: the form again with the fields'
// errors (400) or the stale-version notice and the current version (409), or
// an error page for anything else.
http::Response AnswerFailedSubmission(const http::Request& request, WebContext& ctx,
                                      const Status& failure, std::int64_t version,
                                      const FormRenderer& form);
// The hidden `version` field of an edit form (0 when absent or bad).
std::int64_t SubmittedVersion(const std::map<std::string, std::string>& form);

// The 1-based ?page= of a list (1 when absent or bad).
int PageNumber(const http::Request& request);
// Sets page, pages, prev_link and next_link; `base` is the list URL with its
// filters, ending so that "&page=N" can follow.
void SetPager(Data& d, const std::string& base, int page, std::int64_t total, int per_page);
// The ?q= search text, empty when it is not valid UTF-8 or over 200 bytes.
std::string SearchText(const http::Request& request);

// "dd/mm/yyyy" of an ISO date, or the input unchanged.
std::string DisplayDate(const std::string& iso);
// The ISO date of what a user typed as "dd/mm/yyyy"; anything else unchanged,
// so that the domain's validation names the problem.
std::string IsoDate(const std::string& typed);

void RegisterProducerPages(http::Router& router, WebContext& ctx);
void RegisterProductPages(http::Router& router, WebContext& ctx);
void RegisterDossierPages(http::Router& router, WebContext& ctx);
void RegisterCouncilPages(http::Router& router, WebContext& ctx);
void RegisterCertificatePages(http::Router& router, WebContext& ctx);

}  // namespace ocop::web
