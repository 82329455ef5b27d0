// `ocop seed-demo`, second half: dossiers at every step of their journey in
// Gia Lai, a council round in progress, and certificates in every status a
// scan can report. Everything goes through the services, as a user's action
// would; only what happened before the platform existed (old certificates,
// a re-evaluation filed on paper) is imported or recorded as such.
#include "main/demo_evaluation_seed.h"

#include <algorithm>

#include "domain/certification/certificate.h"

namespace ocop::app {
namespace {

using domain::Principal;
using domain::Role;

Status Annotate(const Status& s, const std::string& what) {
  return s.ok() ? s : InvalidArgument("demo " + what + ": " + s.ToString());
}

template <typename T>
Status Check(const Result<T>& r, const std::string& what) {
  return r ? Status::Ok() : Annotate(r.error(), what);
}

// A member's sheet aiming at `stars`: every criterion tagged for that level
// (or below) gets the lowest option that meets the tag, the others a middle
// option; `variation` moves some untagged answers so members differ a little.
domain::ScoreSheet SheetFor(const domain::RubricSet& set, const std::string& member, int stars,
                            int variation) {
  domain::ScoreSheet sheet;
  sheet.member = member;
  int untagged = 0;
  for (const auto& part : set.parts) {
    for (const auto& block : part.blocks) {
      for (const auto& c : block.criteria) {
        if (c.yes_no) {
          sheet.choices[c.id] = true;
          continue;
        }
        std::optional<double> minimum;
        for (int level = stars; level >= 3 && !minimum; --level) minimum = c.MinimumFor(level);
        int chosen = 0;
        if (stars >= 5) {
          chosen = static_cast<int>(c.options.size());  // the best option is printed last
          for (std::size_t i = 0; i < c.options.size(); ++i) {
            if (c.options[i].points >= c.options[chosen - 1].points)
              chosen = static_cast<int>(i + 1);
          }
        } else if (minimum) {
          double best = 1e9;
          for (std::size_t i = 0; i < c.options.size(); ++i) {
            if (c.options[i].points >= *minimum && c.options[i].points < best) {
              best = c.options[i].points;
              chosen = static_cast<int>(i + 1);
            }
          }
        } else {
          std::vector<std::size_t> by_points(c.options.size());
          for (std::size_t i = 0; i < by_points.size(); ++i) by_points[i] = i;
          std::sort(by_points.begin(), by_points.end(), [&](std::size_t a, std::size_t b) {
            return c.options[a].points < c.options[b].points;
          });
          std::size_t pick = by_points.size() / 2 + (stars == 4 ? 1 : 0);
          if (variation && (untagged++ % 5) == variation % 5 && pick > 0) --pick;
          chosen = static_cast<int>(by_points[std::min(pick, by_points.size() - 1)] + 1);
        }
        sheet.choices[c.id] = chosen;
      }
    }
  }
  return sheet;
}

struct Demo {
  Application& app;
  std::map<std::string, Principal> users;           // username → principal
  std::map<std::string, domain::Product> products;  // name → product

  Principal ProducerOf(const domain::Product& p) {
    for (const auto& [name, u] : users) {
      if (u.role == Role::kProducer && u.producer_id == p.fields.producer_id) return u;
    }
    // A producer without an account here: it acts through the platform as itself.
    return Principal{0, "seed-demo", Role::kProducer, "", "", p.fields.producer_id};
  }
  Principal CommuneOfficerOf(const domain::Product& p) {
    for (const auto& [name, u] : users) {
      if (u.role == Role::kCommuneOfficer && u.commune_code == p.commune_code) return u;
    }
    return Principal{0, "seed-demo", Role::kCommuneOfficer, "", p.commune_code, 0};
  }

  // A dossier of `product_name` taken from draft up to `last` (inclusive):
  // "draft", "submitted", "commune_reported", "advisory_review".
  Result<domain::Dossier> DossierUpTo(const std::string& product_name, const std::string& last) {
    const domain::Product& p = products.at(product_name);
    auto& evaluation = app.evaluation();
    const Principal producer = ProducerOf(p);
    OCOP_ASSIGN_OR_RETURN(domain::Dossier d,
                          evaluation.Create(producer, {p.id, domain::DossierType::kFirst, false}));
    const domain::RubricVersion* version = domain::RubricInForce(
        app.rubrics(), CivilDate::FromUnixInVietnam(app.clock().NowUnixSeconds()));
    if (!version) return Err(FailedPrecondition("error.rubric.none_in_force"));
    const domain::RubricSet* set = version->FindSet(d.product_set);
    if (!set) return Err(FailedPrecondition("error.rubric.set_not_found"));
    domain::RegistrationForm form{
        "Sản xuất quy mô hộ gia đình liên kết với tổ hợp tác, 12 lao động địa phương.",
        "Nguyên liệu thu mua từ các hộ thành viên trong xã.",
        "Cửa hàng đặc sản trong tỉnh, sàn thương mại điện tử Postmart.", p.fields.description, ""};
    OCOP_ASSIGN_OR_RETURN(d, evaluation.Edit(producer, d.token, form,
                                             SheetFor(*set, producer.username, 4, 0), d.version));
    if (last == "draft") return d;
    OCOP_ASSIGN_OR_RETURN(
        d, evaluation.Move(producer, d.token, {domain::DossierAction::kSubmit, "", std::nullopt}));
    if (last == "submitted") return d;
    domain::CommuneReport report;
    report.local_materials = report.local_labour = report.local_idea = report.local_identity = true;
    report.recommend = true;
    report.notes = "Sản phẩm dùng nguyên liệu và lao động tại xã; đề nghị tỉnh đánh giá.";
    OCOP_ASSIGN_OR_RETURN(d, evaluation.Move(CommuneOfficerOf(p), d.token,
                                             {domain::DossierAction::kCommuneReport, "", report}));
    if (last == "commune_reported") return d;
    const Principal& province = users.at("tinh." + p.province_code);
    OCOP_ASSIGN_OR_RETURN(
        d, evaluation.Move(province, d.token, {domain::DossierAction::kReceive, "", std::nullopt}));
    OCOP_ASSIGN_OR_RETURN(d,
                          evaluation.Move(province, d.token,
                                          {domain::DossierAction::kStartReview, "", std::nullopt}));
    return d;
  }

  // Members sign sheets aiming at `stars`; the first `signers` of them sign.
  Status Score(const domain::Dossier& d, const std::vector<std::string>& members, int stars,
               std::size_t signers) {
    const domain::RubricVersion* version = app.rubrics().Find(d.rubric_version);
    const domain::RubricSet* set = version ? version->FindSet(d.product_set) : nullptr;
    if (!set) return FailedPrecondition("error.rubric.set_not_found");
    for (std::size_t i = 0; i < members.size(); ++i) {
      const Principal& m = users.at(members[i]);
      auto saved = app.council().SaveSheet(m, d.token, SheetFor(*set, m.username, stars, int(i)),
                                           i < signers);
      OCOP_RETURN_IF_ERROR(Check(saved, "sheet of " + m.username));
    }
    return Status::Ok();
  }
};

// A certificate table as an office keeps it, with dates relative to today so
// that the demo shows every status whenever it is loaded.
std::vector<std::vector<std::string>> LegacyTable(const CivilDate& today) {
  // The issue date whose expiry (36 months later) falls on `expires`.
  auto issued_for = [](const CivilDate& expires) {
    CivilDate issued = expires.AddMonths(-36);
    while (domain::ExpiryOf(issued) < expires) issued = issued.AddDays(1);
    while (domain::ExpiryOf(issued) > expires) issued = issued.AddDays(-1);
    return issued;
  };
  auto row = [&](const char* number, const char* product, const char* producer,
                 const char* province, const char* stars, const CivilDate& issued,
                 const char* authority, const char* decision) {
    return std::vector<std::string>{
        number, product, producer, province, stars, issued.ToDisplay(), authority, decision};
  };
  return {
      {"Số chứng nhận", "Tên sản phẩm", "Chủ thể", "Mã tỉnh", "Số sao", "Ngày cấp", "Cơ quan cấp",
       "Số quyết định"},
      row("GL-2025-0112", "Cà phê Robusta rang mộc Chư Păh", "HTX Cà phê Chư Păh", "52", "4",
          today.AddDays(-200), "UBND tỉnh Gia Lai", "512/QĐ-UBND"),
      row("GL-2024-0047", "Rượu cần Kon Chro", "Tổ hợp tác Rượu cần Kon Chro", "52", "3",
          issued_for(today.AddDays(150)), "UBND huyện Kông Chro (cũ)", "88/QĐ-UBND"),
      row("GL-2023-0231", "Măng le khô Đak Đoa", "HTX Nông sản Đak Đoa", "52", "3",
          issued_for(today.AddDays(-20)), "UBND huyện Đak Đoa (cũ)", "1204/QĐ-UBND"),
      row("GL-2023-0198", "Bò một nắng Krông Pa", "Cơ sở Bò một nắng H'Mai", "52", "3",
          issued_for(today.AddDays(-45)), "UBND huyện Krông Pa (cũ)", "976/QĐ-UBND"),
      row("GL-2024-0310", "Trà mãng cầu Ia Pa", "HTX Mãng cầu Ia Pa", "52", "3",
          today.AddDays(-400), "UBND huyện Ia Pa (cũ)", "455/QĐ-UBND"),
      row("HN-2024-1055", "Chè Shan tuyết Ba Vì", "HTX Chè Ba Vì", "01", "4", today.AddDays(-500),
          "UBND thành phố Hà Nội", "2031/QĐ-UBND"),
  };
}

}  // namespace

Status SeedEvaluationDemo(Application& app, const std::map<std::string, domain::User>& accounts) {
  Demo demo{app, {}, {}};
  for (const auto& [name, user] : accounts) demo.users[name] = user.ToPrincipal();
  domain::ProductFilter f;
  f.province_code = "52";
  f.limit = 100;
  auto gia_lai = app.registry().ListProducts(f);
  OCOP_RETURN_IF_ERROR(Check(gia_lai, "products of Gia Lai"));
  for (const auto& p : gia_lai->items) demo.products[p.fields.name] = p;
  const Principal& province = demo.users.at("tinh.52");
  auto& council = app.council();

  // A round in progress with its council (three scorers) and advisory team.
  domain::NewRound round_in;
  round_in.name = "Đợt đánh giá OCOP cuối năm 2026";
  round_in.members = {
      {"hoidong", "chair"}, {"hoidong2", "member"}, {"hoidong3", "member"}, {"tuvan", "advisory"}};
  auto round = council.OpenRound(province, round_in);
  OCOP_RETURN_IF_ERROR(Check(round, "round"));
  const std::vector<std::string> scorers = {"hoidong", "hoidong2", "hoidong3"};

  // Recognised on the platform: a valid certificate with a signed QR code.
  auto honey = demo.DossierUpTo("Mật ong hoa cà phê Ia Grai", "advisory_review");
  OCOP_RETURN_IF_ERROR(Check(honey, "honey dossier"));
  OCOP_RETURN_IF_ERROR(Check(council.Assign(province, round->id, honey->token), "assign honey"));
  OCOP_RETURN_IF_ERROR(demo.Score(*honey, scorers, 4, scorers.size()));
  OCOP_RETURN_IF_ERROR(
      Check(council.CloseSession(demo.users.at("hoidong"), honey->token, ""), "close honey"));
  const std::string today = CivilDate::FromUnixInVietnam(app.clock().NowUnixSeconds()).ToIso();
  OCOP_RETURN_IF_ERROR(Check(
      council.Decide(province, honey->token, {"2417/QĐ-UBND", today, "Phó Chủ tịch UBND tỉnh"}),
      "decide honey"));

  // Scored, awaiting the decision.
  auto pepper = demo.DossierUpTo("Tiêu sọ trắng Chư Sê", "advisory_review");
  OCOP_RETURN_IF_ERROR(Check(pepper, "white pepper dossier"));
  OCOP_RETURN_IF_ERROR(Check(council.Assign(province, round->id, pepper->token), "assign pepper"));
  OCOP_RETURN_IF_ERROR(demo.Score(*pepper, scorers, 3, scorers.size()));
  OCOP_RETURN_IF_ERROR(
      Check(council.CloseSession(demo.users.at("hoidong"), pepper->token, ""), "close pepper"));

  // Being scored: the chair has signed, the others have not yet.
  auto black_pepper = demo.DossierUpTo("Hồ tiêu đen Chư Sê", "advisory_review");
  OCOP_RETURN_IF_ERROR(Check(black_pepper, "black pepper dossier"));
  OCOP_RETURN_IF_ERROR(
      Check(council.Assign(province, round->id, black_pepper->token), "assign black pepper"));
  OCOP_RETURN_IF_ERROR(demo.Score(*black_pepper, {"hoidong"}, 4, 1));

  // Earlier steps: under advisory review, with the commune, and a draft.
  OCOP_RETURN_IF_ERROR(Check(demo.DossierUpTo("Bánh tráng nước dừa Tam Quan", "advisory_review"),
                             "rice paper dossier"));
  OCOP_RETURN_IF_ERROR(
      Check(demo.DossierUpTo("Du lịch cộng đồng Làng Stơr", "submitted"), "tourism dossier"));
  OCOP_RETURN_IF_ERROR(
      Check(demo.DossierUpTo("Mật ong hoa điều Ia Grai", "draft"), "cashew honey dossier"));

  // Certificates from before the platform, in every other status.
  const domain::Principal& admin = demo.users.at("admin");
  const CivilDate day = CivilDate::FromUnixInVietnam(app.clock().NowUnixSeconds());
  auto imported = app.certification().ImportLegacy(admin, LegacyTable(day), false);
  OCOP_RETURN_IF_ERROR(Check(imported, "legacy certificates"));
  if (!imported->applied || !imported->report.errors.empty()) {
    return InvalidArgument("demo legacy certificates: " +
                           imported->report.errors.front().message_key);
  }
  // Grace: its re-evaluation was filed on paper inside the window, undecided.
  OCOP_RETURN_IF_ERROR(Annotate(app.store().Transact([&](domain::Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(auto c, repos.certificates().GetByNumber("GL-2023-0231"));
    if (!c) return NotFound("error.certificate.not_found");
    c->reevaluation_filed = domain::ReevaluationWindow(c->expires).opens.AddDays(10);
    return repos.certificates().UpdateStatus(*c);
  }),
                                "grace certificate"));
  domain::RevocationInput revocation{"criteria_not_met",
                                     "Kiểm tra sau chứng nhận: không còn hợp đồng liên kết "
                                     "vùng nguyên liệu (tiêu chí 1.2).",
                                     "Biên bản kiểm tra số 17/BB-KT", "3120/QĐ-UBND"};
  OCOP_RETURN_IF_ERROR(
      Check(app.certification().Revoke(province, "GL-2024-0310", revocation), "revocation"));
  domain::RevocationInput suspension{
      "law_violation",
      "Tạm đình chỉ chờ kết quả kiểm nghiệm lô hàng theo phản ánh của người tiêu dùng.",
      "Phiếu kết quả thử nghiệm số 58/KN: vượt giới hạn ochratoxin A", "3188/QĐ-UBND"};
  OCOP_RETURN_IF_ERROR(
      Check(app.certification().Suspend(province, "GL-2025-0112", suspension), "suspension"));
  return Status::Ok();
}

}  // namespace ocop::app
