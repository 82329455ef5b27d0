// Đợt đánh giá — the decree's default calendar of evaluation rounds
// (Decision 26/2026/QĐ-TTg, Article 5): a province evaluates dossiers that
// communes forwarded before 30 April by 30 June, and those forwarded before
// 30 October by 30 December; the ministry evaluates dossiers that provinces
// forwarded before 30 July by 30 September, and before 30 January by 30 March.
// These prefill a round; an office may set other dates. Pure; thread-safe.
#pragma once

#include "core/date.h"

namespace ocop::domain {

enum class CouncilLevel { kProvince, kCentral };

struct RoundCalendar {
  CivilDate intake_closes;  // dossiers forwarded before this day belong to the round
  CivilDate finishes_by;    // the round's results are due on this day
};

// The first round of `level` that a dossier forwarded on `forwarded` falls in.
RoundCalendar DefaultRoundFor(CouncilLevel level, const CivilDate& forwarded);

}  // namespace ocop::domain
