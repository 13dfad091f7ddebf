# tracuu: build, test, demo, bench.  See README.md.
#
#   make            build bin/tracuu
#   make demo       install deps, build, index corpus/, answer sample questions
#   make test       install deps, unit + end-to-end tests, ASan+UBSan build, valgrind
#   make bench      benchmark against omindex and SQLite FTS5 (scripts/bench.sh), load run of serve
#   make install PREFIX=/usr/local
#
# BUILD=dir puts objects elsewhere; SANITIZE=1 builds with ASan+UBSan.

PREFIX ?= /usr/local
BUILD ?= build
SANITIZE ?= 0

CC ?= gcc
CXX ?= g++
# The binary links CORE_PKGS; the readers that need MOD_PKGS are built into
# a module loaded on first need (readers/module.h), so that a search does not
# map and relocate some 85 shared libraries at every start.
# libmicrohttpd (serve), libxlsxwriter (XLSX output) and libicui18n (the "vi"
# collator) are dlopen'd by server/server.c, render/output.c and
# render/render.c when first used, for the same reason.
CORE_PKGS := xapian-core icu-uc sqlite3 nettle
MOD_PKGS := libzip libxml-2.0 poppler-glib cairo tesseract lept
PKGS := $(CORE_PKGS) $(MOD_PKGS) icu-i18n libmicrohttpd xlsxwriter
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CORE_LIBS := $(shell pkg-config --libs $(CORE_PKGS) 2>/dev/null)

OPT ?= -O2
WARN := -Wall -Wextra -Wno-unused-parameter
# -fPIC: the C objects also go into the readers module (a shared object);
# no semantic interposition keeps the inlining a PIE build had.
CFLAGS_ALL := -std=gnu11 -D_GNU_SOURCE $(OPT) -g $(WARN) -fPIC -fno-semantic-interposition \
	-MMD -MP $(PKG_CFLAGS) $(CFLAGS)
CXXFLAGS_ALL := -std=c++14 $(OPT) -g $(WARN) -MMD -MP $(PKG_CFLAGS) $(CXXFLAGS)
LDFLAGS_ALL := $(LDFLAGS) -pthread
ifeq ($(SANITIZE),1)
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
CFLAGS_ALL += $(SAN)
CXXFLAGS_ALL += $(SAN)
LDFLAGS_ALL += $(SAN)
endif

ifeq ($(BUILD),build)
BIN := bin/tracuu
else
BIN := $(BUILD)/bin/tracuu
endif

# The readers module: readers/module.h.  Built as $(MODULE), next to the
# binary as it is installed (bin/tracuu, lib/tracuu/readers.so); the unit
# tests link its objects instead.
MOD_C := readers/pdf.c readers/ocr.c readers/docx.c readers/odt.c readers/zipxml.c \
	readers/html.c readers/doc.c readers/module_entry.c
LIB_C := $(filter-out $(MOD_C),$(wildcard common/*.c analyzers/*.c readers/*.c store/*.c indexer/*.c search/*.c))
LIB_CXX := $(wildcard shim/*.cc)
DATA := $(sort $(wildcard data/*/*.tsv data/*.tsv))
GEN_C := $(BUILD)/gen/data.c
CLI_C := $(wildcard cli/*.c)
# Renderers are shared by the front-ends (CLI, server), not part of the library.
RENDER_C := $(wildcard render/*.c)
# The web server (tracuu serve), a front-end like the CLI; the app's files
# under server/app/ are compiled in (scripts/embed-assets.sh).
SERVER_C := $(wildcard server/*.c)
APP_FILES := $(shell find server/app 2>/dev/null)
ASSETS_C := $(BUILD)/gen/assets.c
TEST_C := $(wildcard tests/unit/test_*.c)

MOD_OBJ := $(MOD_C:%.c=$(BUILD)/obj/%.o)
LIB_OBJ := $(LIB_C:%.c=$(BUILD)/obj/%.o) $(LIB_CXX:%.cc=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/data.o
CLI_OBJ := $(CLI_C:%.c=$(BUILD)/obj/%.o)
RENDER_OBJ := $(RENDER_C:%.c=$(BUILD)/obj/%.o)
SERVER_OBJ := $(SERVER_C:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/assets.o
LIBA := $(BUILD)/libtracuu.a
TESTS := $(TEST_C:tests/unit/%.c=$(BUILD)/tests/%)
MODULE := $(patsubst %bin/,%lib/tracuu/,$(dir $(BIN)))readers.so
MODULEDIR ?= $(PREFIX)/lib/tracuu
$(BUILD)/obj/readers/module.o: CFLAGS_ALL += -DTC_MODULE_DIR='"$(MODULEDIR)"'

# Messages in Vietnamese (GNU gettext): msgids are English, po/vi.po
# translates every one (tests/e2e/cli.sh fails on an untranslated message).
LOCALEDIR ?= $(PREFIX)/share/locale
MO := $(BUILD)/locale/vi/LC_MESSAGES/tracuu.mo
$(BUILD)/obj/cli/tracuu.o: CFLAGS_ALL += -DTC_LOCALEDIR='"$(LOCALEDIR)"'

.PHONY: all deps demo test check check-unit check-e2e test-asan valgrind bench relevance install clean format pot
all: $(BIN) $(MODULE) $(TESTS) $(MO)

$(MO): po/vi.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# po/tracuu.pot: every message of the CLI and the renderers' text headings.
pot:
	xgettext --from-code=UTF-8 --keyword=say --keyword=T --keyword=N_ -o po/tracuu.pot cli/tracuu.c render/render.c

$(GEN_C): $(DATA) scripts/embed-data.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-data.sh $@ $(DATA)

$(BUILD)/obj/gen/data.o: $(GEN_C)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(ASSETS_C): $(APP_FILES) scripts/embed-assets.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-assets.sh $@ server/app

$(BUILD)/obj/gen/assets.o: $(ASSETS_C) server/assets.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -I. -c -o $@ $<

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS_ALL) -c -o $@ $<

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(RENDER_OBJ) $(SERVER_OBJ) $(LIBA)
	@mkdir -p $(dir $@)
	$(CXX) -o $@ $(CLI_OBJ) $(RENDER_OBJ) $(SERVER_OBJ) $(LIBA) $(LDFLAGS_ALL) $(CORE_LIBS)

# The module carries its own copy of the core code it calls (buffers, text,
# legacy encodings); the version script exports only its table, -z defs
# makes a missing library a link error rather than a failed dlopen.
$(MODULE): $(MOD_OBJ) $(LIBA) readers/module.map
	@mkdir -p $(dir $@)
	$(CXX) -shared -o $@ $(MOD_OBJ) $(LIBA) -Wl,--version-script=readers/module.map \
		-Wl,-z,defs $(LDFLAGS_ALL) -Wl,--as-needed $(PKG_LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(RENDER_OBJ) $(MOD_OBJ) $(LIBA)
	@mkdir -p $(dir $@)
	$(CXX) -o $@ $< $(RENDER_OBJ) $(MOD_OBJ) $(LIBA) $(LDFLAGS_ALL) $(PKG_LIBS)

# The server's unit test links the server's objects too.
$(BUILD)/tests/test_serve: $(BUILD)/obj/tests/unit/test_serve.o $(SERVER_OBJ) $(RENDER_OBJ) $(MOD_OBJ) $(LIBA)
	@mkdir -p $(dir $@)
	$(CXX) -o $@ $< $(SERVER_OBJ) $(RENDER_OBJ) $(MOD_OBJ) $(LIBA) $(LDFLAGS_ALL) $(PKG_LIBS)

deps:
	@sh scripts/install-deps.sh

check-unit: $(TESTS)
	@sh tests/run-unit.sh $(BUILD)/tests

check-e2e: $(BIN)
	@sh tests/e2e/run.sh $(BIN)

check: test

# The whole suite: normal build, then the same tests under ASan+UBSan, then
# valgrind on the unit tests and a small index/search run.
test: deps
	@$(MAKE) --no-print-directory all
	@sh tests/run-all.sh

test-asan:
	@$(MAKE) --no-print-directory BUILD=build-asan SANITIZE=1 OPT=-O1 all

valgrind: all
	@sh tests/valgrind.sh $(BUILD)/tests $(BIN)

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh $(BIN)

bench: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/bench.sh
	@sh scripts/bench-formats.sh
	@sh scripts/bench-serve.sh

# A synthetic national archive at 25k-200k reports (scripts/scale.sh; SCALE_SIZES,
# SCALE_RUNS, SCALE_DIR): index MB/s, size, peak RSS and question p50/p95 per size.
.PHONY: scale
scale: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/scale.sh

# Ranking quality on the hand-judged queries (tests/relevance/judged.tsv):
# tracuu against two reference BM25 rankers; caches its index in build/relevance.
relevance: all
	@python3 scripts/relevance.py

# Readers during writes, the full run (issue 15): 20,000 questions while
# the index is rewritten and compacted (make test asks 3,000).
.PHONY: readers
readers: all
	READERS_QUERIES=20000 sh tests/e2e/readers-during-writes.sh bin/tracuu

install: $(BIN) $(MODULE) $(MO)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MODULEDIR)
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/tracuu
	install -m 644 $(MODULE) $(DESTDIR)$(MODULEDIR)/readers.so
	install -d $(DESTDIR)$(LOCALEDIR)/vi/LC_MESSAGES
	install -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/vi/LC_MESSAGES/tracuu.mo
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 644 docs/tracuu.1 $(DESTDIR)$(PREFIX)/share/man/man1/tracuu.1
	install -m 644 scripts/completion/tracuu.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tracuu
	install -m 644 scripts/completion/_tracuu $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_tracuu

format:
	clang-format -i $(LIB_C) $(MOD_C) $(LIB_CXX) $(CLI_C) $(RENDER_C) $(SERVER_C) $(TEST_C) */*.h

clean:
	rm -rf build build-asan build-fuzz bin lib

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# Fuzzing harnesses (make fuzz) and allocation-failure injection (make fault).
include tests/fuzz/fuzz.mk
