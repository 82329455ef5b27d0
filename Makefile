# The front door: `make run` serves the demo, `make test` runs every test.
BUILD ?= build
STORE ?= sqlite:var/ocop.db
FUZZ_SECONDS ?= 30

.PHONY: deps build run test bench fuzz clean

deps:
	@scripts/install-deps.sh

build:
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD)

run: deps build
	@mkdir -p var
	$(BUILD)/ocop migrate --store $(STORE)
	$(BUILD)/ocop seed-demo --store $(STORE)
	@echo "Open http://127.0.0.1:8080 (Ctrl-C to stop)"
	$(BUILD)/ocop serve --store $(STORE) --listen 127.0.0.1:8080

test: deps build
	@scripts/with-postgres.sh ctest --test-dir $(BUILD) --output-on-failure

bench: deps build
	@bench/run.sh $(BUILD)

fuzz: deps
	@fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) build-fuzz
