// The rubric data of Decision 26/2026/QĐ-TTg and the scoring engine, on the
// real files. The worked examples give their arithmetic against set 1's sheet
// (data/rubrics/qd-26-2026/set-01.json; `ocop rubric show --set 1`).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "datafiles/rubric_loader.h"
#include "domain/evaluation/scoring.h"

namespace ocop::domain {
namespace {

const RubricCatalog& Catalog() {
  static const RubricCatalog catalog = [] {
    auto c = datafiles::LoadRubrics(OCOP_DATA_DIR "/rubrics");
    if (!c) {
      ADD_FAILURE() << c.error().ToString();
      return RubricCatalog{};
    }
    return *c;
  }();
  return catalog;
}

const RubricVersion& Qd26() { return *Catalog().Find("qd-26-2026"); }

// A sheet choosing the highest-scoring option of every criterion.
ScoreSheet Best(const RubricSet& set, std::string member) {
  ScoreSheet s{std::move(member), {}, ""};
  for (const Criterion* c : set.Criteria()) {
    int best = 1;
    for (std::size_t i = 0; i < c->options.size(); ++i) {
      if (c->options[i].points > c->options[static_cast<std::size_t>(best - 1)].points) {
        best = static_cast<int>(i + 1);
      }
    }
    s.choices[c->id] = best;
  }
  return s;
}

ScoringRequest Council(std::vector<ScoreSheet> sheets, int members = 0) {
  ScoringRequest r;
  r.council.members = members ? members : static_cast<int>(sheets.size());
  r.sheets = std::move(sheets);
  return r;
}

// Set 1 at exactly 70.00 with every 3★ and 4★ minimum met:
// from 100 at the best options, choose the lowest option of
//   1.1 (3→1, −2), 1.2 (2→0, −2), 1.4 (3→1, −2), 3.1 (3→1, −2), 3.3 (3→1, −2),
//   4.2 (3→0, −3), 4.3 (5→0, −5), 5.2 (2→0, −2), 6.3 (3→0, −3), 6.4 (3→0, −3),
//   12 (3→1, −2), option 1 of 11 (2→1, −1) and option 2 of 1.3 (3→2, −1)
// = 100 − 30 = 70. None of these carries a 3★ or 4★ tag; 1.3's option 3 is
// the 5★ minimum, so 5★ is out of reach whatever the total.
ScoreSheet Seventy(const RubricSet& set, std::string member) {
  ScoreSheet s = Best(set, std::move(member));
  for (const char* id :
       {"1.1", "1.2", "1.4", "3.1", "3.3", "4.2", "4.3", "5.2", "6.3", "6.4", "12", "11"}) {
    s.choices[id] = 1;
  }
  s.choices["1.3"] = 2;
  return s;
}

TEST(RubricData, AllTwentySixSetsLoadAndAddUp) {
  const RubricVersion& v = Qd26();
  ASSERT_EQ(v.sets.size(), 26u);
  for (const auto& [n, set] : v.sets) {
    double total = 0;
    std::map<std::string, double> parts;
    for (const auto& p : set.parts) parts[p.id] = p.max;
    for (const Criterion* c : set.Criteria()) total += c->max;
    EXPECT_DOUBLE_EQ(total, 100) << "set " << n;
    EXPECT_EQ(parts, (std::map<std::string, double>{{"A", 40}, {"B", 25}, {"C", 35}}))
        << "set " << n;
    ASSERT_TRUE(Score(v, set, Council({Best(set, "m")})));
  }
  EXPECT_EQ(v.FindSet(26)->name_vi, "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch");
}

TEST(RubricData, ErrorsNameTheFileAndTheField) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "ocop-rubric-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "qd-26-2026");
  for (const auto& e : fs::directory_iterator(OCOP_DATA_DIR "/rubrics/qd-26-2026")) {
    if (e.is_regular_file()) fs::copy_file(e.path(), dir / "qd-26-2026" / e.path().filename());
  }
  // Give option 1 of criterion 1.1 in set 4 more points than the criterion allows.
  const fs::path file = dir / "qd-26-2026" / "set-04.json";
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  const std::string from = "\"points\": 1,";
  auto at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "\"points\": 9,");
  std::ofstream(file) << text;
  auto loaded = datafiles::LoadRubrics(dir.string());
  ASSERT_FALSE(loaded);
  bool named = false;
  for (const auto& f : loaded.error().fields()) {
    named |= f.field.find("set-04.json: criterion 1.1: option 1: points") != std::string::npos;
  }
  EXPECT_TRUE(named) << loaded.error().ToString();
  fs::remove_all(dir);
}

// Another scheme modelled on OCOP: two parts of 60 and 40, four bands, and a
// minimum only for its top level. Written as data only; no code knows it.
TEST(RubricData, AnotherSchemeLoadsAndScoresFromDataAlone) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "ocop-rubric-other";
  fs::remove_all(dir);
  fs::create_directories(dir / "ocop-ke-2027");
  std::ofstream(dir / "ocop-ke-2027" / "rubric.json") << R"({
    "id": "ocop-ke-2027", "title_vi": "Thử nghiệm", "title_en": "One County One Product, trial",
    "in_force_from": "2027-01-01", "parts": {"A": 60, "B": 40}, "total": 100,
    "bands": [{"stars": 4, "min": 85}, {"stars": 3, "min": 60}, {"stars": 2, "min": 40},
              {"stars": 1, "min": 0}],
    "certifiable_from_stars": 3, "sets": 1})";
  std::ofstream(dir / "ocop-ke-2027" / "set-01.json") << R"({
    "rubric": "ocop-ke-2027", "set": 1, "name_vi": "Cà phê", "name_en": "Coffee",
    "disqualifiers": [],
    "parts": [
      {"id": "A", "title_vi": "Sản xuất", "title_en": "Production", "max": 60, "blocks": [
        {"id": "1", "title_vi": "Nguồn gốc", "title_en": "Origin", "max": 60, "criteria": [
          {"id": "1.1", "title_vi": "Nguồn gốc", "title_en": "Origin", "max": 60, "options": [
            {"points": 20, "text_vi": "Một phần"}, {"points": 60, "text_vi": "Toàn bộ", "min_stars": 4}]}]}]},
      {"id": "B", "title_vi": "Thị trường", "title_en": "Market", "max": 40, "blocks": [
        {"id": "2", "title_vi": "Tiếp thị", "title_en": "Marketing", "max": 40, "criteria": [
          {"id": "2.1", "title_vi": "Kênh bán", "title_en": "Channels", "max": 40, "options": [
            {"points": 0, "text_vi": "Không"}, {"points": 40, "text_vi": "Có"}]}]}]}]})";
  auto loaded = datafiles::LoadRubrics(dir.string());
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  const RubricVersion& v = *loaded->Find("ocop-ke-2027");
  const RubricSet& set = *v.FindSet(1);
  ScoreSheet s{"a", {{"1.1", 1}, {"2.1", 2}}, ""};  // 20 + 40 = 60
  auto r = Score(v, set, Council({s}));
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_DOUBLE_EQ(r->mean, 60);
  EXPECT_EQ(r->stars, 3);
  s.choices["1.1"] = 2;  // 100: the top band, and its minimum is met
  EXPECT_EQ(Score(v, set, Council({s}))->stars, 4);
  fs::remove_all(dir);
}

TEST(Bands, AreHalfOpen) {
  const RubricVersion& v = Qd26();
  EXPECT_EQ(v.BandOf(100), 5);
  EXPECT_EQ(v.BandOf(90), 5);
  EXPECT_EQ(v.BandOf(89.99), 4);
  EXPECT_EQ(v.BandOf(70), 4);
  EXPECT_EQ(v.BandOf(69.99), 3);
  EXPECT_EQ(v.BandOf(50), 3);
  EXPECT_EQ(v.BandOf(49.99), 2);
  EXPECT_EQ(v.BandOf(30), 2);
  EXPECT_EQ(v.BandOf(29.99), 1);
  EXPECT_EQ(v.BandOf(0), 1);
}

TEST(Scoring, FullMarksAreFiveStars) {
  for (int n : {1, 26}) {
    const RubricSet& set = *Qd26().FindSet(n);
    auto r = Score(Qd26(), set, Council({Best(set, "a"), Best(set, "b"), Best(set, "c")}));
    ASSERT_TRUE(r) << r.error().ToString();
    EXPECT_DOUBLE_EQ(r->mean, 100);
    EXPECT_EQ(r->stars, 5) << "set " << n;
    EXPECT_TRUE(r->certifiable);
    EXPECT_TRUE(r->caps.empty());
    EXPECT_DOUBLE_EQ(r->members[0].parts.at("A"), 40);
    EXPECT_DOUBLE_EQ(r->members[0].parts.at("B"), 25);
    EXPECT_DOUBLE_EQ(r->members[0].parts.at("C"), 35);
  }
}

TEST(Scoring, ExactlySeventyWithEveryFourStarMinimumIsFourStars) {
  const RubricSet& set = *Qd26().FindSet(1);
  auto r = Score(Qd26(), set, Council({Seventy(set, "a")}));
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_DOUBLE_EQ(r->mean, 70);
  EXPECT_EQ(r->band_stars, 4);
  EXPECT_EQ(r->stars, 4);
  ASSERT_EQ(r->caps.size(), 1u);  // only 5★ is above, and 1.3 blocks it
  EXPECT_EQ(r->caps[0].level, 5);
  EXPECT_EQ(r->caps[0].unmet, std::vector<std::string>{"1.3"});
}

TEST(Scoring, OneFourStarItemBelowItsMinimumCapsAtThree) {
  const RubricSet& set = *Qd26().FindSet(1);
  // 3.4 (growth) option 1 is 1 point, its 4★ minimum is option 2 (2 points):
  // −1; give the point back on 11 (option 2, +1): still 70.00.
  ScoreSheet s = Seventy(set, "a");
  s.choices["3.4"] = 1;
  s.choices["11"] = 2;
  auto r = Score(Qd26(), set, Council({s}));
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->mean, 70);
  EXPECT_EQ(r->band_stars, 4);
  EXPECT_EQ(r->stars, 3);
  ASSERT_EQ(r->caps.size(), 2u);
  EXPECT_EQ(r->caps[0].level, 4);
  EXPECT_EQ(r->caps[0].unmet, std::vector<std::string>{"3.4"});
  EXPECT_EQ(r->caps[1].level, 5);
}

TEST(Scoring, TheMeanDecidesTheBandAcrossMembers) {
  const RubricSet& set = *Qd26().FindSet(1);
  // 72: Seventy with 1.1 back at option 3 (+2).
  // 68: Seventy with 6.2 at option 4 (3 points, −1, still its 4★ minimum) and
  //     9 at option 2 (4 points, −1).
  // 71: Seventy with 1.2 at option 2 (+1).
  ScoreSheet high = Seventy(set, "a");
  high.choices["1.1"] = 3;
  ScoreSheet low = Seventy(set, "b");
  low.choices["6.2"] = 4;
  low.choices["9"] = 2;
  ScoreSheet mid = Seventy(set, "c");
  mid.choices["1.2"] = 2;
  auto r = Score(Qd26(), set, Council({high, low, mid}));
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->members[0].total, 72);
  EXPECT_DOUBLE_EQ(r->members[1].total, 68);
  EXPECT_DOUBLE_EQ(r->members[2].total, 71);
  EXPECT_DOUBLE_EQ(r->mean, 70.33);  // 211 / 3 = 70.333…
  EXPECT_EQ(r->stars, 4);
  EXPECT_DOUBLE_EQ(r->spread, 4);
  EXPECT_FALSE(r->rescore_required);
  // Two members at 90 and one at 89 average 89.67: 4★, not 5★. 90 from the
  // best options: 1.1, 1.2, 1.4 and 3.1 at option 2 (−1 each: 96), 4.3 at
  // option 4 (3 points, −2: 94), 6.3 and 6.4 at option 2 (1 point, −2 each: 90).
  // 89: the same with 12 at option 2 (2 points, −1). None of these is tagged.
  ScoreSheet ninety = Best(set, "x");
  for (const char* id : {"1.1", "1.2", "1.4", "3.1", "6.3", "6.4"}) ninety.choices[id] = 2;
  ninety.choices["4.3"] = 4;
  ScoreSheet ninety_b = ninety;
  ninety_b.member = "y";
  ScoreSheet eighty_nine = ninety;
  eighty_nine.member = "z";
  eighty_nine.choices["12"] = 2;
  auto near = Score(Qd26(), set, Council({ninety, ninety_b, eighty_nine}));
  ASSERT_TRUE(near);
  EXPECT_DOUBLE_EQ(near->members[0].total, 90);
  EXPECT_DOUBLE_EQ(near->members[2].total, 89);
  EXPECT_DOUBLE_EQ(near->mean, 89.67);  // 269 / 3
  EXPECT_EQ(near->band_stars, 4);
  EXPECT_EQ(near->stars, 4);
}

TEST(Scoring, ASpreadBeyondTheMaximumAsksForRescoring) {
  const RubricSet& set = *Qd26().FindSet(1);
  ScoreSheet a = Best(set, "a");  // 100
  ScoreSheet b = Best(set, "b");
  b.choices["4.3"] = 1;  // 5 → 0: 95
  b.choices["4.2"] = 1;  // 3 → 0: 92
  b.choices["6.3"] = 1;  // 3 → 0: 89
  auto r = Score(Qd26(), set, Council({a, b}));
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->spread, 11);
  EXPECT_TRUE(r->rescore_required);  // max_spread 10
}

TEST(Scoring, DisagreementOnATaggedItemIsReported) {
  const RubricSet& set = *Qd26().FindSet(1);
  ScoreSheet a = Best(set, "a");
  ScoreSheet b = Best(set, "b");
  b.choices["3.4"] = 1;  // below its 4★ minimum on b's sheet only
  auto r = Score(Qd26(), set, Council({a, b}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->stars, 3);  // every member's sheet must meet it
  ASSERT_EQ(r->disagreements.size(), 1u);
  EXPECT_EQ(r->disagreements[0].criterion, "3.4");
  EXPECT_EQ(r->disagreements[0].meeting, std::vector<std::string>{"a"});
  EXPECT_EQ(r->disagreements[0].not_meeting, std::vector<std::string>{"b"});
}

TEST(Scoring, DisqualifiersAndStopRulesGiveNoStar) {
  const RubricSet& set = *Qd26().FindSet(1);
  auto request = Council({Best(set, "a")});
  request.disqualifier = "D2";
  auto rejected = Score(Qd26(), set, request);
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->stars, 0);
  EXPECT_FALSE(rejected->certifiable);
  ASSERT_TRUE(rejected->rejected_reason);
  EXPECT_NE(rejected->rejected_reason->find(set.disqualifiers[1].text_vi), std::string::npos);
  // A member finds unacceptable impurities at 6.1: the evaluation stops there.
  ScoreSheet stopped = Best(set, "a");
  for (const char* id : {"6.2", "6.3", "6.4", "7", "8", "9", "10", "11", "12"})
    stopped.choices.erase(id);
  stopped.stopped = "6.1";
  auto halted = Score(Qd26(), set, Council({stopped}));
  ASSERT_TRUE(halted) << halted.error().ToString();
  EXPECT_EQ(halted->stars, 0);
  ASSERT_TRUE(halted->rejected_reason);
  EXPECT_NE(halted->rejected_reason->find("6.1"), std::string::npos);
}

TEST(Scoring, QuorumCountsMembersAndTheChair) {
  const RubricSet& set = *Qd26().FindSet(1);
  auto request = Council({Best(set, "a"), Best(set, "b"), Best(set, "c")}, 5);
  EXPECT_FALSE(Score(Qd26(), set, request)->quorum_met);  // 3 of 5 < 3.75
  request.sheets.push_back(Best(set, "d"));
  EXPECT_TRUE(Score(Qd26(), set, request)->quorum_met);  // 4 of 5
  request.council.chair_present = false;
  EXPECT_FALSE(Score(Qd26(), set, request)->quorum_met);
}

TEST(Scoring, OrdinalZeroScoresNothingAndMeetsNoMinimum) {
  const RubricSet& set = *Qd26().FindSet(1);
  ScoreSheet s = Best(set, "a");
  s.choices["2.3"] = 0;      // no quality declaration box ticked: 3 points lost, 3★ minimum unmet
  s.choices["3.2"] = false;  // yes/no answered "no": 1 point lost
  auto r = Score(Qd26(), set, Council({s}));
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->mean, 96);
  EXPECT_EQ(r->band_stars, 5);
  EXPECT_EQ(r->stars, 2);  // capped below 3★: not certifiable
  EXPECT_FALSE(r->certifiable);
  EXPECT_EQ(r->caps[0].level, 3);
  EXPECT_EQ(r->caps[0].unmet, std::vector<std::string>{"2.3"});
}

TEST(Scoring, MalformedSheetsListEveryProblem) {
  const RubricSet& set = *Qd26().FindSet(1);
  ScoreSheet s = Best(set, "a");
  s.choices.erase("1.1");           // missing
  s.choices["99.9"] = 1;            // unknown
  s.choices["1.2"] = 4;             // out of range (3 options)
  s.choices["1.3"] = -1;            // negative
  s.choices["1.4"] = true;          // yes/no on a choice criterion
  s.stopped = "1.5";                // no stop rule there
  ScoreSheet dup = Best(set, "a");  // same member twice
  auto request = Council({s, dup}, 1);
  auto r = Score(Qd26(), set, request);
  ASSERT_FALSE(r);
  std::vector<std::string> fields;
  for (const auto& f : r.error().fields()) fields.push_back(f.field + " " + f.message.key);
  auto has = [&](const std::string& needle) {
    return std::any_of(fields.begin(), fields.end(),
                       [&](const std::string& f) { return f == needle; });
  };
  EXPECT_TRUE(has("sheets[1].member error.score.duplicate_member"));
  EXPECT_TRUE(has("sheets[0].stopped error.score.no_stop_rule"));
  EXPECT_TRUE(has("sheets[0].choices.99.9 error.score.unknown_criterion"));
  EXPECT_TRUE(has("sheets[0].choices.1.2 error.score.ordinal"));
  EXPECT_TRUE(has("sheets[0].choices.1.3 error.score.ordinal"));
  EXPECT_TRUE(has("sheets[0].choices.1.4 error.score.not_yes_no"));
  EXPECT_TRUE(has("sheets[0].choices.1.1 error.score.missing"));
  EXPECT_TRUE(has("sheets error.score.more_sheets_than_members"));
  EXPECT_FALSE(Score(Qd26(), set, Council({})));
}

}  // namespace
}  // namespace ocop::domain
