#include "domain/evaluation/round_calendar.h"

namespace ocop::domain {

RoundCalendar DefaultRoundFor(CouncilLevel level, const CivilDate& forwarded) {
  const int y = forwarded.year;
  if (level == CouncilLevel::kProvince) {
    // Before 30 April → by 30 June; before 30 October → by 30 December; later
    // dossiers wait for the next year's first round (Article 5.1).
    if (forwarded < CivilDate{y, 4, 30}) return {{y, 4, 30}, {y, 6, 30}};
    if (forwarded < CivilDate{y, 10, 30}) return {{y, 10, 30}, {y, 12, 30}};
    return {{y + 1, 4, 30}, {y + 1, 6, 30}};
  }
  // The ministry (Article 5.2): before 30 January → by 30 March; before 30 July → by 30 September.
  if (forwarded < CivilDate{y, 1, 30}) return {{y, 1, 30}, {y, 3, 30}};
  if (forwarded < CivilDate{y, 7, 30}) return {{y, 7, 30}, {y, 9, 30}};
  return {{y + 1, 1, 30}, {y + 1, 3, 30}};
}

}  // namespace ocop::domain
