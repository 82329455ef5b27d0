// The JSON of the evaluation API: dossiers (with what their reader may do
// next), rounds, council sheets and the certificate a decision issues; and
// reading forms, self-assessments and score sheets from request bodies.
// Dates are ISO (YYYY-MM-DD), instants ISO timestamps in UTC.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/json_writer.h"
#include "core/status.h"
#include "domain/certification/certification_service.h"
#include "domain/evaluation/council_service.h"
#include "domain/evaluation/evaluation_service.h"

namespace ocop::api {

// What `who` may do next with `d`: "edit", "attach_evidence", the ids of the
// moves of POST /actions it may take now, "assign_round", "score",
// "declare_conflict", "close_session" (`chair`: `who` chairs the dossier's
// round), "decide". Scope is the service's to check; this is guidance.
std::vector<std::string> NextActions(const domain::Principal& who, const domain::Dossier& d,
                                     bool chair);

// A dossier without its history and evidence (list items).
void WriteDossierSummary(JsonWriter& w, const domain::Dossier& d);
// The whole dossier as its reader sees it.
void WriteDossierView(JsonWriter& w, const domain::DossierView& v,
                      const std::vector<std::string>& next_actions);

void WriteRound(JsonWriter& w, const domain::Round& r);
void WritePolicy(JsonWriter& w, const domain::CouncilPolicy& p);
void WriteStoredSheet(JsonWriter& w, const domain::StoredSheet& s);
void WriteSheets(JsonWriter& w, const domain::SheetsView& v);
// The public fields of a certificate, with the URL of its QR code.
void WriteIssuedCertificate(JsonWriter& w, const domain::Certificate& c, const std::string& qr_url);

// {"choices":{"1.1":3,"3.2":true},"stopped_by":"6.1"} (other members listed
// in `extra` are allowed and left to the caller). Problems are added to
// `errors` under `prefix` ("self_assessment.choices.1.1").
domain::ScoreSheet ReadSheet(const nlohmann::json& object, const std::string& prefix,
                             std::initializer_list<const char*> extra, FieldErrors& errors);
// {"scale","raw_materials","markets","story","changes"}: strings.
domain::RegistrationForm ReadForm(const nlohmann::json& object, FieldErrors& errors);
// Mẫu 03: {"local_materials","local_labour","local_idea","local_identity",
// "recommend"} booleans and "notes".
domain::CommuneReport ReadCommuneReport(const nlohmann::json& object, FieldErrors& errors);

}  // namespace ocop::api
