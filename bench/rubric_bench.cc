// Rubric loading and council scoring: loading all 26 sets must stay far below
// the 50 ms start-up budget, and scoring must never be the slow part of a
// request. Baselines: reading the same files' bytes, and summing the same
// number of points.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "core/csv.h"
#include "datafiles/rubric_loader.h"
#include "domain/evaluation/scoring.h"

namespace {

using namespace ocop;

const domain::RubricCatalog& Catalog() {
  static const domain::RubricCatalog catalog = *datafiles::LoadRubrics(OCOP_DATA_DIR "/rubrics");
  return catalog;
}

void ReadFilesBaseline(benchmark::State& state) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(OCOP_DATA_DIR "/rubrics/qd-26-2026")) {
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  }
  for (auto _ : state) {
    std::size_t bytes = 0;
    for (const auto& f : files) bytes += csv::ReadFile(f)->size();
    benchmark::DoNotOptimize(bytes);
  }
}

void LoadAllRubrics(benchmark::State& state) {
  for (auto _ : state) {
    auto catalog = datafiles::LoadRubrics(OCOP_DATA_DIR "/rubrics");
    if (!catalog) state.SkipWithError("rubrics did not load");
    benchmark::DoNotOptimize(catalog);
  }
}

domain::ScoringRequest NineMembers(const domain::RubricSet& set) {
  domain::ScoringRequest r;
  r.council.members = 9;
  for (int m = 0; m < 9; ++m) {
    domain::ScoreSheet sheet{"member " + std::to_string(m), {}, ""};
    for (const auto* c : set.Criteria()) sheet.choices[c->id] = static_cast<int>(c->options.size());
    r.sheets.push_back(std::move(sheet));
  }
  return r;
}

void SumPointsBaseline(benchmark::State& state) {
  const auto& set = *Catalog().Find("qd-26-2026")->FindSet(1);
  const auto request = NineMembers(set);
  for (auto _ : state) {
    double total = 0;
    for (const auto& sheet : request.sheets) {
      for (const auto& [id, answer] : sheet.choices) total += std::get<int>(answer);
    }
    benchmark::DoNotOptimize(total);
  }
}

void ScoreCouncilOfNine(benchmark::State& state) {
  const auto& version = *Catalog().Find("qd-26-2026");
  const auto& set = *version.FindSet(1);
  const auto request = NineMembers(set);
  for (auto _ : state) {
    auto result = domain::Score(version, set, request);
    benchmark::DoNotOptimize(result);
  }
}

}  // namespace

BENCHMARK(ReadFilesBaseline)
    ->Name("rubric_load/read_files_baseline")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(LoadAllRubrics)->Name("rubric_load/load_all_26_sets")->Unit(benchmark::kMillisecond);
BENCHMARK(SumPointsBaseline)->Name("scoring/sum_points_baseline");
BENCHMARK(ScoreCouncilOfNine)->Name("scoring/council_of_9");
