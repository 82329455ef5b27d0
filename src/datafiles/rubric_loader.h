// Reads the rubric versions under data/rubrics/ (docs/rubric-format.md) into
// the domain's model, validating every file.
#pragma once

#include <string>

#include "core/status.h"
#include "domain/rubric/rubric.h"

namespace ocop::datafiles {

// Loads every folder of `dir` that holds a rubric.json. InvalidArgument with
// one field violation per problem, each naming the file and the field.
Result<domain::RubricCatalog> LoadRubrics(const std::string& dir);

}  // namespace ocop::datafiles
