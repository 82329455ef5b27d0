// Micro-benchmarks for the text folding and commune search that sit on the hot
// path of every search box. Each group has a `*_baseline` benchmark doing the
// cheapest comparable work on the same input, so bench/run.sh can state the
// others as a ratio to it (absolute nanoseconds on a shared machine are noisy).
//
// Names are `<group>/<case>`; bench/run.sh pairs a case with the
// `<group>/..._baseline` of the same group.

#include <benchmark/benchmark.h>

#include <cctype>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "domain/registry/geography.h"

namespace {

// A real demo product name (data/demo/products.csv), with diacritics, `Đ` and
// a double space, so that every step of FoldForSearch does some work.
constexpr std::string_view kProductName =
    "Mật ong hoa cà phê  Đắk Lắk nguyên chất – Hợp tác xã Ia Grai";

const ocop::domain::Geography* LoadGeography() {
  static const std::optional<ocop::domain::Geography> geo = [] {
    auto loaded = ocop::domain::Geography::Load(std::string(OCOP_DATA_DIR) + "/geo");
    if (!loaded) {
      std::fprintf(stderr, "micro_bench: cannot load geography from %s/geo: %s\n", OCOP_DATA_DIR,
                   loaded.error().ToString().c_str());
      return std::optional<ocop::domain::Geography>();
    }
    return std::optional<ocop::domain::Geography>(std::move(*loaded));
  }();
  return geo ? &*geo : nullptr;
}

// --- fold_name: one product name --------------------------------------------

void AsciiLowerBaseline(benchmark::State& state) {
  const std::string_view in = kProductName;
  for (auto _ : state) {
    std::string out(in);
    for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}

void FoldForSearch(benchmark::State& state) {
  const std::string_view in = kProductName;
  for (auto _ : state) {
    std::string out = ocop::text::FoldForSearch(in);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}

void ToNfc(benchmark::State& state) {
  const std::string_view in = kProductName;
  for (auto _ : state) {
    std::string out = ocop::text::ToNfc(in);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}

void IsValidUtf8(benchmark::State& state) {
  const std::string_view in = kProductName;
  for (auto _ : state) {
    bool ok = ocop::text::IsValidUtf8(in);
    benchmark::DoNotOptimize(ok);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}

// --- commune_search: "dak" over all 3,321 communes --------------------------

// The least a linear search can do: one substring find per pre-folded name.
void ScanFindBaseline(benchmark::State& state) {
  const auto* geo = LoadGeography();
  if (!geo) {
    state.SkipWithError("geography not loaded");
    return;
  }
  std::vector<const ocop::domain::Commune*> all;
  for (const auto& p : geo->provinces()) {
    for (const auto* c : geo->CommunesOf(p.code)) all.push_back(c);
  }
  std::size_t hits = 0;
  for (auto _ : state) {
    std::vector<const ocop::domain::Commune*> out;
    for (const auto* c : all) {
      if (c->folded_name.find("dak") != std::string::npos) out.push_back(c);
    }
    hits = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["communes"] = static_cast<double>(all.size());
  state.counters["hits"] = static_cast<double>(hits);
}

// kLimit 0 = no limit: every one of the 3,321 communes is looked at.
template <std::size_t kLimit>
void SearchCommunesDak(benchmark::State& state) {
  const auto* geo = LoadGeography();
  if (!geo) {
    state.SkipWithError("geography not loaded");
    return;
  }
  const std::size_t limit = kLimit == 0 ? std::numeric_limits<std::size_t>::max() : kLimit;
  std::size_t hits = 0;
  for (auto _ : state) {
    auto out = geo->SearchCommunes("dak", "", limit);
    hits = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["communes"] = static_cast<double>(geo->commune_count());
  state.counters["hits"] = static_cast<double>(hits);
}

}  // namespace

BENCHMARK(AsciiLowerBaseline)->Name("fold_name/ascii_lower_baseline");
BENCHMARK(FoldForSearch)->Name("fold_name/fold_for_search");
BENCHMARK(ToNfc)->Name("fold_name/to_nfc");
BENCHMARK(IsValidUtf8)->Name("fold_name/is_valid_utf8");

BENCHMARK(ScanFindBaseline)->Name("commune_search/scan_find_baseline");
BENCHMARK_TEMPLATE(SearchCommunesDak, 0)->Name("commune_search/search_dak_all");
// The API's limit (api.cc asks for at most 200 communes).
BENCHMARK_TEMPLATE(SearchCommunesDak, 200)->Name("commune_search/search_dak_limit200");
