#!/usr/bin/env bash
# The bounded fuzz run of `make test` (CTest: fuzz_smoke_test): builds only the
# GS1 parsers' fuzz targets with clang (ASan + UBSan) in build-fuzz/ and runs
# each for SECONDS (default 20), seeded with the Digital Link corpus and
# GS1's EPCIS examples. `make fuzz` (fuzz/run.sh) runs every target longer.
# A crash fails the test and leaves its input in build-fuzz/crashes.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
targets=(digital_link_fuzz epcis_json_fuzz)
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCOP_FUZZ=ON \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fsanitize=fuzzer-no-link" >/dev/null
cmake --build build-fuzz --target "${targets[@]}"
mkdir -p build-fuzz/crashes build-fuzz/corpus/digital_link_fuzz build-fuzz/corpus/epcis_json_fuzz
n=0
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  printf '%s' "$line" >"build-fuzz/corpus/digital_link_fuzz/seed-$n"
  n=$((n + 1))
done <tests/fixtures/digital_link/edge_cases.txt
examples=../shared/reference/gs1/epcis/JSON
if [[ -d "$examples" ]]; then
  find "$examples" -name '*.jsonld' -size -8k -exec cp -t build-fuzz/corpus/epcis_json_fuzz {} +
fi
for target in "${targets[@]}"; do
  echo "fuzzing $target for ${seconds}s"
  "build-fuzz/fuzz/$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -artifact_prefix=build-fuzz/crashes/ "build-fuzz/corpus/$target" 2>&1 | tail -n 3
done
