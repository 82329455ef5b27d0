// The JSON of the rubric interfaces, shared by the API and `ocop score`:
// reading a scoring request, writing a result, a set and the version list.
#pragma once

#include <string>

#include "api/json_writer.h"
#include "core/status.h"
#include "domain/evaluation/scoring.h"
#include "domain/rubric/rubric.h"

namespace ocop::api {

// {"sheets":[{"member":"…","choices":{"1.1":3,"3.2":true},"stopped":"6.1"}],
//  "disqualified":false,"disqualifier":"D1",
//  "council":{"members":5,"chair_present":true,"max_spread":10,"quorum":0.75,
//             "chair_required":true}}
// InvalidArgument naming every malformed field.
Result<domain::ScoringRequest> ParseScoringRequest(const std::string& body);

void WriteScoringResult(JsonWriter& w, const domain::ScoringResult& r);
void WriteRubricSet(JsonWriter& w, const domain::RubricSet& set);
void WriteRubricVersions(JsonWriter& w, const domain::RubricCatalog& catalog);

}  // namespace ocop::api
