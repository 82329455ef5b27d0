#include "main/demo_lab_seed.h"

#include <cstdio>
#include <string>
#include <vector>

#include "domain/catalog/resolver.h"
#include "domain/registry/registry_service.h"
#include "domain/traceability/lab_report_service.h"
#include "main/demo_trace_seed.h"

namespace ocop::app {
namespace {

// A one-page PDF 1.4 saying `line` (ASCII), with a correct cross-reference
// table, so that a reader opens it.
std::string OnePagePdf(const std::string& line) {
  const std::string stream = "BT /F1 14 Tf 56 780 Td (" + line + ") Tj ET";
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    char entry[24];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", off);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

domain::StatedParameter Parameter(const char* name, const char* substance, double value,
                                  double limit_max) {
  domain::StatedParameter p;
  p.parameter.name = name;
  p.parameter.chemical_substance = substance;
  p.parameter.value = value;
  p.parameter.unit = "NA";  // UN/ECE Rec 20: milligram per kilogram
  p.parameter.limit_max = limit_max;
  return p;
}

Status Report(Application& app, const domain::Principal& lab, const std::string& lot_id,
              const std::string& number, const CivilDate& tested_on,
              std::vector<domain::StatedParameter> parameters) {
  domain::LabReportInput in;
  in.lot = lot_id;
  in.number = number;
  in.tested_on = tested_on.ToIso();
  in.sample_id = "M-" + number;
  in.method = "TCVN 5270:2008 (HMF, HPLC); TCVN 8319:2010 (dư lượng thuốc BVTV, LC-MS/MS)";
  in.parameters = std::move(parameters);
  auto report = app.lab_reports().Submit(lab, in);
  if (!report) {
    Status s = report.error();
    return s.WithDetail("demo lab report " + number + ": " + s.ToString());
  }
  auto attached = app.lab_reports().AttachPdf(
      lab, report->id, number + ".pdf",
      OnePagePdf("Phieu ket qua thu nghiem " + number + " - " + in.sample_id));
  return attached ? Status::Ok() : attached.error();
}

}  // namespace

std::string DemoPassingLabReport(int year) { return "KN-" + std::to_string(year) + "-0001"; }
std::string DemoFailingLabReport(int year) { return "KN-" + std::to_string(year) + "-0002"; }

Status SeedLabReportDemo(Application& app, const std::map<std::string, domain::User>& accounts) {
  const domain::Principal lab = accounts.at("phongthinghiem").ToPrincipal();
  const CivilDate today = CivilDate::FromUnixInVietnam(app.clock().NowUnixSeconds());
  const std::string& base = app.certification().settings().public_base_url;
  // InChIKeys: 5-hydroxymethylfurfural, chlorpyrifos.
  const char* kHmf = "https://identifiers.org/inchikey:NOEGNKMFWQHSLB-UHFFFAOYSA-N";
  const char* kChlorpyrifos = "https://identifiers.org/inchikey:SBPBAQFWLVIOKP-UHFFFAOYSA-N";

  OCOP_ASSIGN_OR_RETURN(domain::Product honey, DemoProductNamed(app, kDemoGtinProduct));
  domain::ItemKey gtin_lot;
  gtin_lot.gtin = std::string(14 - honey.fields.gtin.size(), '0') + honey.fields.gtin;
  gtin_lot.lot = DemoGtinLot(today.year);
  OCOP_RETURN_IF_ERROR(Report(
      app, lab, domain::Resolver::LotIdOf(gtin_lot, base), DemoPassingLabReport(today.year),
      today.AddDays(-18),
      {Parameter("HMF", kHmf, 12.4, 40), Parameter("Chlorpyrifos", kChlorpyrifos, 0.004, 0.01)}));

  OCOP_ASSIGN_OR_RETURN(domain::Product cashew, DemoProductNamed(app, kDemoPlatformProduct));
  domain::ItemKey platform_lot;
  platform_lot.product_code = cashew.code;
  platform_lot.lot = DemoPlatformLot(today.year);
  return Report(
      app, lab, domain::Resolver::LotIdOf(platform_lot, base), DemoFailingLabReport(today.year),
      today.AddDays(-2),
      {Parameter("HMF", kHmf, 52.8, 40), Parameter("Chlorpyrifos", kChlorpyrifos, 0.006, 0.01)});
}

}  // namespace ocop::app
