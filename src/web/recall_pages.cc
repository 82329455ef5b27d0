// /recalls: the recalls a user may see (proposals for officers, the
// producer's notices), the form that opens one, one recall with its affected
// records (sortable, paged, downloadable as XLSX and CSV), its destinations
// with their confirmation links and buttons, and the closing form; and the
// public page a destination's confirmation link opens.
#include <algorithm>
#include <charconv>
#include <set>

#include "core/text.h"
#include "domain/traceability/recall_service.h"
#include "domain/traceability/trace_service.h"
#include "web/page_data.h"

namespace ocop::web {
namespace {

using domain::Recall;
using domain::RecallDetail;
using domain::RecallRecord;
using domain::RecallStatus;
using domain::Role;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

constexpr std::array kOpeners = {Role::kNationalAdmin, Role::kProvincialOfficer, Role::kInspector,
                                 Role::kProducer};
constexpr std::array kOfficers = {Role::kNationalAdmin, Role::kProvincialOfficer, Role::kInspector};
constexpr int kRecordsPerPage = 100;

domain::RecallService* Service(WebContext& ctx) { return ctx.traceability.recalls; }

std::string DayOf(std::int64_t ms) {
  return ms == 0 ? "" : CivilDate::FromUnixInVietnam(ms / 1000).ToDisplay();
}

std::string Fill(WebContext& ctx, const std::string& lang, const std::string& key,
                 std::vector<std::pair<std::string, std::string>> args) {
  return ctx.catalog.Render(lang, Message{key, std::move(args)});
}

std::string Quantity(double q) {
  if (q <= 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", q);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

void SetSummary(Data& d, WebContext& ctx, const std::string& lang, const Recall& rc) {
  d.set("id", std::to_string(rc.id));
  d.set("number", rc.number);
  const std::string status(domain::RecallStatusId(rc.status));
  d.set("status_id", status);
  d.set("status", ctx.catalog.Text(lang, "recall.status." + status));
  d.set("reason",
        ctx.catalog.Text(lang, "recall.reason." + std::string(domain::RecallReasonId(rc.reason))));
  d.set("reason_text", rc.reason_text);
  d.set("reference", rc.reference);
  d.set("voluntary", rc.voluntary);
  d.set("proposed_on", DayOf(rc.proposed_at_ms));
  d.set("opened_on", DayOf(rc.opened_at_ms));
  d.set("closed_on", DayOf(rc.closed_at_ms));
  d.set("close_report", rc.close_report);
  d.set("close_justification", rc.close_justification);
  d.set("is_proposed", rc.status == RecallStatus::kProposed);
  d.set("is_open", rc.status == RecallStatus::kOpen);
  d.set("is_closed", rc.status == RecallStatus::kClosed);
  d.set("rule", rc.rule.enabled ? Fill(ctx, lang, "page.recall.rule_on",
                                       {{"days", std::to_string(rc.rule.window_days)}})
                                : ctx.catalog.Text(lang, "page.recall.rule_off"));
  d.set("event_id", rc.event_id);
}

// ---------- /recalls ----------

Response List(Request& r, WebContext& ctx) {
  if (!Service(ctx)) return PageError(r, ctx, Internal("recall service not wired"));
  const std::string lang = r.Language();
  const auto& who = *r.principal;
  Data d = BaseData(r, ctx, "page.recall.list_title");
  const bool may_open = std::find(kOpeners.begin(), kOpeners.end(), who.role) != kOpeners.end();
  d.set("may_open", may_open);
  Data proposals{Data::type::list}, rows{Data::type::list};
  std::size_t total = 0, proposed = 0;
  if (may_open) {
    auto list = Service(ctx)->List(who);
    if (!list) return PageError(r, ctx, list.error());
    for (const auto& rc : *list) {
      Data row;
      SetSummary(row, ctx, lang, rc);
      row.set("lots", std::to_string(rc.lot_ids.size()));
      if (rc.status == RecallStatus::kProposed) {
        proposals.push_back(row);
        ++proposed;
      } else {
        rows.push_back(row);
        ++total;
      }
    }
    auto notices = Service(ctx)->Notices(who);
    if (!notices) return PageError(r, ctx, notices.error());
    Data n{Data::type::list};
    for (const auto& x : *notices) {
      Data row;
      row.set("recall_id", std::to_string(x.recall_id));
      row.set("number", x.recall_number);
      row.set("received", DayOf(x.created_at_ms));
      n.push_back(row);
    }
    d.set("notices", n);
    d.set("has_notices", !notices->empty());
  }
  d.set("proposals", proposals);
  d.set("has_proposals", proposed > 0);
  d.set("rows", rows);
  d.set("total", std::to_string(total));
  d.set("empty", total == 0);
  return HtmlPage(ctx, "recalls", d);
}

// ---------- /recalls/new and POST /recalls ----------

Response Form(Request& r, WebContext& ctx, const std::map<std::string, std::string>& values,
              const std::map<std::string, std::string>& errors, const std::string& notice,
              int status) {
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.recall.new_title");
  auto value = [&](const char* k, const std::string& fallback = "") {
    auto it = values.find(k);
    return it == values.end() ? fallback : it->second;
  };
  Data f;
  for (const char* k : {"lots", "reason_text", "reference", "window_days"}) {
    f.set(k, Field(value(k, std::string(k) == "window_days" ? "7" : ""), errors, k));
  }
  // "lots[2]" problems show beside the lots field, each naming its lot.
  std::string lot_errors;
  for (const auto& [field, message] : errors) {
    if (field.rfind("lots[", 0) == 0) lot_errors += (lot_errors.empty() ? "" : " ") + message;
  }
  if (!lot_errors.empty()) {
    Data lots = Field(value("lots"), {{"lots", lot_errors}}, "lots");
    f.set("lots", lots);
  }
  d.set("f", f);
  const std::string reason = value("reason", "failed_test");
  std::vector<std::pair<std::string, std::string>> reasons;
  for (const char* id : {"failed_test", "complaint", "inspection"}) {
    reasons.emplace_back(id, ctx.catalog.Text(lang, std::string("recall.reason.") + id));
  }
  d.set("reasons", Options(reasons, reason));
  d.set("reason_error", errors.count("reason") ? errors.at("reason") : "");
  d.set("area_rule", values.empty() || value("area_rule") == "on");
  if (!notice.empty()) d.set("notice", notice);
  return HtmlPage(ctx, "recall_form", d, status);
}

Response NewForm(Request& r, WebContext& ctx) {
  std::map<std::string, std::string> values;
  if (const std::string lot = r.Query("lot"); !lot.empty()) values["lots"] = lot;
  if (!values.empty()) values["area_rule"] = "on";
  return Form(r, ctx, values, {}, "", 200);
}

int WindowDays(const std::string& typed) {
  int days = -1;
  const std::string t(text::Trim(typed));
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), days);
  return ec == std::errc() && end == t.data() + t.size() ? days : -1;
}

domain::OpenRecallRequest RequestOf(const std::map<std::string, std::string>& form) {
  domain::OpenRecallRequest q;
  auto get = [&](const char* k) {
    auto it = form.find(k);
    return it == form.end() ? std::string() : it->second;
  };
  // One lot per line (or separated by commas or spaces): ids or scanned links.
  std::string lots = get("lots");
  std::replace_if(
      lots.begin(), lots.end(), [](char c) { return c == ',' || c == '\r' || c == '\t'; }, '\n');
  for (const auto& part : text::Split(lots, '\n')) {
    for (const auto& token : text::Split(part, ' ')) {
      if (!text::Trim(token).empty()) q.lots.emplace_back(text::Trim(token));
    }
  }
  q.reason = get("reason");
  q.reason_text = get("reason_text");
  q.reference = get("reference");
  q.rule.enabled = get("area_rule") == "on";
  q.rule.window_days = get("window_days").empty() ? 7 : WindowDays(get("window_days"));
  return q;
}

Response Create(Request& r, WebContext& ctx) {
  if (!Service(ctx)) return PageError(r, ctx, Internal("recall service not wired"));
  const auto form = FormOf(r);
  auto rc = Service(ctx)->Open(*r.principal, RequestOf(form));
  if (!rc) {
    if (rc.error().code() == Code::kInvalidArgument) {
      return Form(r, ctx, form, FieldMessages(r, ctx, rc.error()), "", 400);
    }
    if (rc.error().code() == Code::kPermissionDenied ||
        rc.error().code() == Code::kFailedPrecondition) {
      return Form(r, ctx, form, {}, ctx.catalog.Render(r.Language(), rc.error().message()), 403);
    }
    return PageError(r, ctx, rc.error());
  }
  return Response::Redirect("/recalls/" + std::to_string(rc->id) + "?opened=1");
}

// ---------- /recalls/{id} ----------

// The records sorted by ?sort= (a column) and ?dir= (asc|desc), stable.
void SortRecords(std::vector<RecallRecord>& records, const std::string& sort, bool desc) {
  auto key = [&](const RecallRecord& x) -> std::string {
    if (sort == "lot") return x.lot_code.empty() ? x.lot_key : x.lot_code;
    if (sort == "product") return x.product_description;
    if (sort == "location") return x.location_description + x.location_id;
    if (sort == "date") return x.date ? x.date->ToIso() : "";
    if (sort == "event") return x.event_type;
    if (sort == "reference") return x.reference_type + " " + x.reference_number;
    return "";
  };
  if (sort == "quantity") {
    std::stable_sort(records.begin(), records.end(), [&](const auto& a, const auto& b) {
      return desc ? a.quantity > b.quantity : a.quantity < b.quantity;
    });
    return;
  }
  static const std::set<std::string> kColumns = {"lot",  "product", "location",
                                                 "date", "event",   "reference"};
  if (!kColumns.count(sort)) return;
  std::stable_sort(records.begin(), records.end(), [&](const auto& a, const auto& b) {
    return desc ? key(a) > key(b) : key(a) < key(b);
  });
}

Response Detail(Request& r, WebContext& ctx, std::int64_t id,
                const std::map<std::string, std::string>& errors, const std::string& notice,
                const std::map<std::string, std::string>& values, int status) {
  if (!Service(ctx)) return PageError(r, ctx, Internal("recall service not wired"));
  const std::string lang = r.Language();
  auto detail = Service(ctx)->Get(*r.principal, id);
  if (!detail) return PageError(r, ctx, detail.error());
  RecallDetail& dt = *detail;
  Data d = BaseData(r, ctx, "page.recall.title");
  SetSummary(d, ctx, lang, dt.recall);
  d.set("close_action", "/recalls/" + std::to_string(dt.recall.id) + "/close");
  d.set("title", Fill(ctx, lang, "page.recall.heading", {{"number", dt.recall.number}}));
  d.set("may_manage", dt.may_manage);
  const bool own_voluntary = r.principal->role == Role::kProducer && dt.recall.voluntary &&
                             dt.recall.producer_id == r.principal->producer_id;
  d.set("may_close", dt.recall.status == RecallStatus::kOpen && (dt.may_manage || own_voluntary));
  d.set("may_confirm", dt.recall.status == RecallStatus::kOpen && dt.may_manage);
  d.set("may_open_proposal", dt.recall.status == RecallStatus::kProposed && dt.may_manage);
  if (r.Query("opened") == "1") d.set("flash", ctx.catalog.Text(lang, "page.recall.opened"));
  if (!notice.empty()) d.set("notice", notice);

  Data lots{Data::type::list};
  for (const auto& l : dt.lots) {
    Data x;
    x.set("code", l.code);
    x.set("id", std::to_string(l.id));
    x.set("status", ctx.catalog.Text(
                        lang, "page.lab.lot_status." + std::string(domain::LotStatusId(l.status))));
    lots.push_back(x);
  }
  d.set("lots", lots);

  // Destinations and their progress.
  Data dests{Data::type::list};
  for (const auto& x : dt.destinations) {
    Data row;
    row.set("id", std::to_string(x.id));
    row.set("location_id", x.location_id);
    row.set("description", x.description);
    row.set("notified_on", DayOf(x.notified_at_ms));
    row.set("confirmed", x.confirmed_at_ms.has_value());
    row.set("confirmed_on", x.confirmed_at_ms ? DayOf(*x.confirmed_at_ms) : "");
    row.set("note", x.confirmation_note);
    if (!x.token.empty()) row.set("link", "/recalls/confirm/" + x.token);
    row.set("confirm_action", "/recalls/" + std::to_string(id) + "/destinations/" +
                                  std::to_string(x.id) + "/confirm");
    dests.push_back(row);
  }
  d.set("destinations", dests);
  d.set("has_destinations", !dt.destinations.empty());
  d.set("progress", Fill(ctx, lang, "page.recall.progress",
                         {{"confirmed", std::to_string(dt.confirmed)},
                          {"total", std::to_string(dt.destinations.size())}}));
  d.set("all_confirmed", dt.confirmed == dt.destinations.size());

  // Records: sorted, one page at a time.
  std::string sort = r.Query("sort");
  const bool desc = r.Query("dir") == "desc";
  SortRecords(dt.records, sort, desc);
  const int page = PageNumber(r);
  const std::int64_t total = static_cast<std::int64_t>(dt.records.size());
  Data rows{Data::type::list};
  for (std::int64_t i = static_cast<std::int64_t>(page - 1) * kRecordsPerPage;
       i < total && i < static_cast<std::int64_t>(page) * kRecordsPerPage; ++i) {
    const RecallRecord& x = dt.records[static_cast<std::size_t>(i)];
    Data row;
    row.set("lot", x.lot_code.empty() ? x.lot_key : x.lot_code);
    row.set("lot_key", x.lot_key);
    row.set("product", x.product_description);
    row.set("quantity", Quantity(x.quantity));
    row.set("unit", x.unit);
    row.set("location", x.location_description.empty() ? x.location_id : x.location_description);
    row.set("location_id", x.location_id);
    row.set("date", x.date ? x.date->ToDisplay() : "");
    row.set("event", ctx.catalog.Text(lang, "recall.cte." + x.event_type));
    row.set("event_id", x.event_type);
    row.set("reference",
            x.reference_type.empty() ? "" : x.reference_type + " " + x.reference_number);
    row.set("reach",
            ctx.catalog.Text(lang, "recall.reach." + std::string(domain::RecallReachId(x.reach))));
    rows.push_back(row);
  }
  d.set("records", rows);
  d.set("record_count", std::to_string(total));
  d.set("has_records", total > 0);
  Data columns{Data::type::list};
  for (const char* c : {"lot", "product", "quantity", "location", "date", "event", "reference"}) {
    Data col;
    col.set("label", ctx.catalog.Text(lang, std::string("page.recall.col.") + c));
    const bool active = sort == c;
    col.set("href", "/recalls/" + std::to_string(id) + "?sort=" + c +
                        "&dir=" + (active && !desc ? "desc" : "asc"));
    col.set("aria_sort", active ? (desc ? "descending" : "ascending") : "none");
    columns.push_back(col);
  }
  d.set("columns", columns);
  SetPager(d,
           "/recalls/" + std::to_string(id) + "?sort=" + http::UrlEncode(sort) +
               "&dir=" + (desc ? "desc" : "asc"),
           page, total, kRecordsPerPage);
  d.set("many_pages", total > kRecordsPerPage);
  d.set("xlsx", "/api/v1/recalls/" + std::to_string(id) + "/records.xlsx");
  d.set("csv", "/api/v1/recalls/" + std::to_string(id) + "/records.csv");

  // The close and open-proposal forms keep what was typed.
  auto value = [&](const char* k, const std::string& fallback = "") {
    auto it = values.find(k);
    return it == values.end() ? fallback : it->second;
  };
  Data f;
  for (const char* k : {"report", "justification", "reason_text", "reference"}) {
    f.set(k, Field(value(k), errors, k));
  }
  f.set("window_days", Field(value("window_days", std::to_string(dt.recall.rule.window_days)),
                             errors, "window_days"));
  d.set("f", f);
  d.set("area_rule", values.empty() ? dt.recall.rule.enabled : value("area_rule") == "on");
  return HtmlPage(ctx, "recall", d, status);
}

Response OpenProposal(Request& r, WebContext& ctx) {
  auto id = IdParam(r);
  if (!id) return PageError(r, ctx, NotFound("error.recall.not_found"));
  const auto form = FormOf(r);
  domain::OpenRecallRequest q = RequestOf(form);
  auto rc = Service(ctx)->OpenProposal(*r.principal, *id, q);
  if (!rc) {
    if (rc.error().code() == Code::kInvalidArgument) {
      return Detail(r, ctx, *id, FieldMessages(r, ctx, rc.error()), "", form, 400);
    }
    if (rc.error().code() == Code::kFailedPrecondition) {
      return Detail(r, ctx, *id, {}, ctx.catalog.Render(r.Language(), rc.error().message()), form,
                    409);
    }
    return PageError(r, ctx, rc.error());
  }
  return Response::Redirect("/recalls/" + std::to_string(*id) + "?opened=1");
}

std::optional<std::int64_t> Number(const std::string& s) {
  if (s.empty() || s.size() > 18 || !text::IsDigits(s)) return std::nullopt;
  return std::stoll(s);
}

Response Confirm(Request& r, WebContext& ctx) {
  auto id = IdParam(r);
  auto dest = Number(r.PathParam("destination"));
  if (!id || !dest) return PageError(r, ctx, NotFound("error.recall.not_found"));
  const auto form = FormOf(r);
  auto it = form.find("note");
  Status s = Service(ctx)->Confirm(*r.principal, *id, *dest, it == form.end() ? "" : it->second);
  if (!s.ok()) {
    if (s.code() == Code::kInvalidArgument || s.code() == Code::kFailedPrecondition) {
      return Detail(r, ctx, *id, {}, ctx.catalog.Render(r.Language(), s.message()), {}, 400);
    }
    return PageError(r, ctx, s);
  }
  return Response::Redirect("/recalls/" + std::to_string(*id) + "#destinations");
}

Response Close(Request& r, WebContext& ctx) {
  auto id = IdParam(r);
  if (!id) return PageError(r, ctx, NotFound("error.recall.not_found"));
  const auto form = FormOf(r);
  auto get = [&](const char* k) {
    auto it = form.find(k);
    return it == form.end() ? std::string() : it->second;
  };
  auto rc = Service(ctx)->Close(*r.principal, *id, get("report"), get("justification"));
  if (!rc) {
    const auto code = rc.error().code();
    if (code == Code::kInvalidArgument || code == Code::kFailedPrecondition) {
      return Detail(r, ctx, *id, FieldMessages(r, ctx, rc.error()),
                    ctx.catalog.Render(r.Language(), rc.error().message()), form,
                    code == Code::kInvalidArgument ? 400 : 409);
    }
    return PageError(r, ctx, rc.error());
  }
  return Response::Redirect("/recalls/" + std::to_string(*id));
}

// ---------- /recalls/confirm/{token} (public) ----------

Response ConfirmPage(Request& r, WebContext& ctx, bool post) {
  if (!Service(ctx)) return PageError(r, ctx, Internal("recall service not wired"));
  const std::string lang = r.Language();
  const std::string token = r.PathParam("token");
  Result<domain::DestinationConfirmation> c =
      post ? Service(ctx)->ConfirmByToken(token,
                                          [&] {
                                            const auto form = FormOf(r);
                                            auto it = form.find("note");
                                            return it == form.end() ? std::string() : it->second;
                                          }())
           : Service(ctx)->Destination(token);
  Data d = BaseData(r, ctx, "page.recall.confirm_title");
  if (!c) {
    if (c.error().code() != Code::kFailedPrecondition &&
        c.error().code() != Code::kInvalidArgument) {
      return PageError(r, ctx, c.error());
    }
    d.set("notice", ctx.catalog.Render(lang, c.error().message()));
    c = Service(ctx)->Destination(token);
    if (!c) return PageError(r, ctx, c.error());
  }
  d.set("number", c->recall_number);
  d.set("description", c->destination.description);
  d.set("location_id", c->destination.location_id);
  d.set("confirmed", c->destination.confirmed_at_ms.has_value());
  d.set("confirmed_on",
        c->destination.confirmed_at_ms ? DayOf(*c->destination.confirmed_at_ms) : "");
  d.set("is_open", c->status == RecallStatus::kOpen);
  d.set("token", token);
  d.set("just_confirmed", post && c->confirmed_now);
  return HtmlPage(ctx, "recall_confirm", d);
}

}  // namespace

void RegisterRecallPages(http::Router& router, WebContext& ctx) {
  const auto readers = Access::Roles(domain::kTraceRoles);
  const auto openers = Access::Roles(kOpeners);
  const auto officers = Access::Roles(kOfficers);
  router.Add(Method::kGet, "/recalls", readers, Surface::kPage,
             [&ctx](Request& r) { return List(r, ctx); });
  router.Add(Method::kGet, "/recalls/new", openers, Surface::kPage,
             [&ctx](Request& r) { return NewForm(r, ctx); });
  router.Add(Method::kPost, "/recalls", openers, Surface::kPage,
             [&ctx](Request& r) { return Create(r, ctx); });
  router.Add(Method::kGet, "/recalls/{id}", openers, Surface::kPage, [&ctx](Request& r) {
    auto id = IdParam(r);
    if (!id) return PageError(r, ctx, NotFound("error.recall.not_found"));
    return Detail(r, ctx, *id, {}, "", {}, 200);
  });
  router.Add(Method::kPost, "/recalls/{id}/open", officers, Surface::kPage,
             [&ctx](Request& r) { return OpenProposal(r, ctx); });
  router.Add(Method::kPost, "/recalls/{id}/destinations/{destination}/confirm", officers,
             Surface::kPage, [&ctx](Request& r) { return Confirm(r, ctx); });
  router.Add(Method::kPost, "/recalls/{id}/close", openers, Surface::kPage,
             [&ctx](Request& r) { return Close(r, ctx); });
  router.Add(Method::kGet, "/recalls/confirm/{token}", Access::Public(), Surface::kPage,
             [&ctx](Request& r) { return ConfirmPage(r, ctx, false); });
  router.Add(Method::kPost, "/recalls/confirm/{token}", Access::Public(), Surface::kPage,
             [&ctx](Request& r) { return ConfirmPage(r, ctx, true); });
}

}  // namespace ocop::web
