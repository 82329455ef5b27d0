// The traceability use cases beyond EPCIS capture, as the API and the pages
// reach them: growing areas and packing houses, lots, lab reports, traces and
// recalls. Each pointer is set by main; each service is declared in its own
// header beside this one.
#pragma once

namespace ocop::domain {

class SiteService;
class LotService;
class LabReportService;
class TraceService;
class RecallService;

struct TraceabilityServices {
  SiteService* sites = nullptr;
  LotService* lots = nullptr;
  LabReportService* lab_reports = nullptr;
  TraceService* trace = nullptr;
  RecallService* recalls = nullptr;
};

}  // namespace ocop::domain
