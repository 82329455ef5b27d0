#!/usr/bin/env bash
# Builds the fuzz targets with clang (ASan + UBSan) in build-fuzz/ and runs
# each for SECONDS (default 30). A crash leaves its input in build-fuzz/crashes.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCOP_FUZZ=ON \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fsanitize=fuzzer-no-link" >/dev/null
cmake --build build-fuzz --target text_fuzz forms_fuzz producer_json_fuzz multipart_fuzz \
  digital_link_fuzz epcis_json_fuzz
mkdir -p build-fuzz/crashes
for target in text_fuzz forms_fuzz producer_json_fuzz multipart_fuzz digital_link_fuzz \
  epcis_json_fuzz; do
  mkdir -p "build-fuzz/corpus/$target"
  echo "fuzzing $target for ${seconds}s"
  "build-fuzz/fuzz/$target" -max_total_time="$seconds" -max_len=4096 \
    -artifact_prefix=build-fuzz/crashes/ "build-fuzz/corpus/$target" 2>&1 | tail -n 2
done
