# sift: build, test, demo, benchmarks. Run `make deps` once on a fresh machine (installs zlib1g-dev).
PREFIX ?= /usr/local
SWIFT ?= swift
BIN = .build/release/sift
# The optional libdeflate backend (a package trait): on when its header is installed, unless
# LIBDEFLATE=0; LIBDEFLATE=1 insists on it. Evaluated when each recipe runs, after `deps`.
LIBDEFLATE ?= auto
# The optional zstd decoder (the Zstd trait): on when zstd.h is installed, unless ZSTD=0.
ZSTD ?= auto
TRAITS = $$(t=; \
	if [ "$(LIBDEFLATE)" = 1 ] || { [ "$(LIBDEFLATE)" = auto ] && [ -f /usr/include/libdeflate.h ]; }; then t=Libdeflate; fi; \
	if [ "$(ZSTD)" = 1 ] || { [ "$(ZSTD)" = auto ] && [ -f /usr/include/zstd.h ]; }; then t=$${t:+$$t,}Zstd; fi; \
	if [ -n "$$t" ]; then echo --traits $$t; fi)

.PHONY: all build release test demo bench install deps clean

all: build

deps:
	@if ! pkg-config --exists zlib 2>/dev/null && [ ! -f /usr/include/zlib.h ]; then \
		echo "installing zlib1g-dev"; \
		(apt-get update -qq && apt-get install -y -qq zlib1g-dev pkg-config) || \
		(sudo apt-get update -qq && sudo apt-get install -y -qq zlib1g-dev pkg-config); \
	fi
	@# libdeflate is optional (a faster gzip backend); the build falls back to zlib without it.
	@if [ ! -f /usr/include/libdeflate.h ]; then \
		echo "installing libdeflate-dev (optional)"; \
		apt-get install -y -qq libdeflate-dev >/dev/null 2>&1 || \
		(apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libdeflate-dev >/dev/null 2>&1) || \
		echo "libdeflate-dev not installed: using zlib only"; \
	fi
	@# libzstd-dev is optional too (zstd inputs); without it they are reported, not read.
	@if [ ! -f /usr/include/zstd.h ]; then \
		echo "installing libzstd-dev (optional)"; \
		apt-get install -y -qq libzstd-dev >/dev/null 2>&1 || \
		echo "libzstd-dev not installed: zstd inputs are reported, not read"; \
	fi

build: deps
	$(SWIFT) build $(TRAITS)

release: deps
	$(SWIFT) build -c release --product sift $(TRAITS)

test: deps
	$(SWIFT) build --build-tests $(TRAITS)
	$(SWIFT) test --skip-build $(TRAITS)

demo: release
	@echo "== sift detect fixtures/corpus/xray/jsonl fixtures/corpus/cwlogs | head -5"
	@$(BIN) detect fixtures/corpus/xray/jsonl fixtures/corpus/cwlogs | head -5
	@echo
	@echo "== sift endpoints fixtures/corpus/xray/jsonl --limit 5   (slowest endpoints by p95)"
	@$(BIN) endpoints fixtures/corpus/xray/jsonl --limit 5
	@echo
	@echo "== sift sql fixtures/corpus/xray/jsonl --limit 5   (slowest SQL by total time)"
	@$(BIN) sql fixtures/corpus/xray/jsonl --limit 5

bench: deps
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/sift

clean:
	rm -rf .build .build-* Benchmarks/.build
