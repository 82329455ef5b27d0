// The rubric sheet of a product set as page data, shared by the producer's
// self-assessment and a council member's score sheet: every criterion with
// its options as radio choices (points, star-minimum marks), the answers of a
// sheet checked, the points by part, and reading a sheet back from a form.
#pragma once

#include <map>
#include <string>

#include "domain/evaluation/dossier.h"
#include "domain/evaluation/scoring.h"
#include "domain/rubric/rubric.h"
#include "web/page_data.h"

namespace ocop::web {

// The set a dossier is evaluated on, or nullptr when its rubric is unknown.
const domain::RubricSet* SetOfDossier(const domain::RubricCatalog& rubrics,
                                      const domain::Dossier& d);

// Points as the UI shows them: "3", "2,5" in Vietnamese, "2.5" in English.
std::string ShowPoints(double points, const std::string& lang);

struct SheetTotals {
  std::map<std::string, double> parts;  // part id → points of the answered criteria
  double total = 0;
  int answered = 0;
};
// The points of a sheet's valid answers (unknown ids and bad ordinals count 0).
SheetTotals TotalsOf(const domain::RubricSet& set, const domain::ScoreSheet& sheet);

// The form fields are "c.<criterion id>" = "1".."n" (an option's ordinal),
// "0" (none of the printed options is met), or "yes"/"no" on a yes/no item,
// and "stopped" = the id of a criterion whose stop rule applies. A value that
// is none of these becomes ordinal -1, which CheckSheet reports beside it.
domain::ScoreSheet SheetFromForm(const domain::RubricSet& set,
                                 const std::map<std::string, std::string>& form);

// Renders the sheet (template rubric_sheet) to HTML. `editable` shows radio
// choices, else only the chosen answers; `errors` are FieldMessages of a
// CheckSheet failure ("sheet.choices.<id>").
std::string RenderSheet(WebContext& ctx, const std::string& lang, const domain::RubricSet& set,
                        const domain::ScoreSheet& sheet, bool editable,
                        const std::map<std::string, std::string>& errors);

}  // namespace ocop::web
