# fuzz.mk: libFuzzer harnesses (tests/fuzz/*.c) and the allocation-failure
# injection test (tests/fault/), included by the Makefile.
#
#   make fuzz [FUZZ_SECONDS=600] [FUZZ_JOBS=1] [FUZZ_ONLY="text query"]
#   make fuzz-build          the harnesses only (build-fuzz/fuzz_*)
#   make fault [FAULT_STRIDE=N]  the allocation-failure sweep (build-asan)
#
# The harnesses need clang (libFuzzer): the library is compiled again with
# clang into build-fuzz/ with -fsanitize=fuzzer-no-link and ASan+UBSan, so
# it never mixes with the gcc objects of build/ and build-asan/.

FUZZ_BUILD := build-fuzz
FUZZ_CC := clang
FUZZ_CXX := clang++
FUZZ_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined -fno-sanitize=vptr
FUZZ_CFLAGS := -std=gnu11 -D_GNU_SOURCE -O1 -g -Wall -Wno-unused-parameter -MMD -MP \
	$(PKG_CFLAGS) $(FUZZ_SAN)
FUZZ_CXXFLAGS := -std=c++14 -O1 -g -Wall -Wno-unused-parameter -MMD -MP $(PKG_CFLAGS) $(FUZZ_SAN)
FUZZ_LIB_OBJ := $(LIB_C:%.c=$(FUZZ_BUILD)/obj/%.o) $(LIB_CXX:%.cc=$(FUZZ_BUILD)/obj/%.o) \
	$(FUZZ_BUILD)/obj/gen/data.o
FUZZ_LIBA := $(FUZZ_BUILD)/libtracuu.a
# The module's readers are linked into the harnesses (readers/module.h).
FUZZ_MOD_OBJ := $(MOD_C:%.c=$(FUZZ_BUILD)/obj/%.o)
# One harness per analyzer; the readers share one source built once per
# reader (-DFUZZ_READER="name").
FUZZ_PLAIN := text header citation figures dates query glyphs
FUZZ_READERS := pdf docx odt doc rtf html text
FUZZ_BINS := $(FUZZ_PLAIN:%=$(FUZZ_BUILD)/fuzz_%) $(FUZZ_READERS:%=$(FUZZ_BUILD)/fuzz_read_%)
FUZZ_SECONDS ?= 600
FUZZ_JOBS ?= 1

.PHONY: fuzz fuzz-build fault
fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) sh tests/fuzz/run.sh $(FUZZ_ONLY)

$(FUZZ_BUILD)/gen/data.c: $(DATA) scripts/embed-data.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-data.sh $@ $(DATA)

$(FUZZ_BUILD)/obj/gen/data.o: $(FUZZ_BUILD)/gen/data.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -c -o $@ $<

$(FUZZ_LIBA): $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/obj/tests/fuzz/fuzz_read_%.o: tests/fuzz/fuzz_reader.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_READER='"$*"' -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/obj/tests/fuzz/fuzz_%.o $(FUZZ_MOD_OBJ) $(FUZZ_LIBA)
	$(FUZZ_CXX) -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_MOD_OBJ) $(FUZZ_LIBA) -pthread $(PKG_LIBS)

# The fault test: the sanitised library of build-asan/ linked with malloc,
# calloc, realloc and strdup wrapped (our C code), a replaced operator new
# (Xapian and the shim), and ICU's and SQLite's allocator hooks.
FAULT_BIN := build-asan/tests/fault
FAULT_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup
$(FAULT_BIN): tests/fault/fault.c tests/fault/fault_new.cc FORCE
	@$(MAKE) --no-print-directory BUILD=build-asan SANITIZE=1 OPT=-O1 build-asan/libtracuu.a
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -D_GNU_SOURCE -O1 -g -Wall $(PKG_CFLAGS) \
		-fsanitize=address,undefined -c -o $@.o tests/fault/fault.c
	$(CXX) -std=c++14 -O1 -g -Wall -fsanitize=address,undefined -c -o $@-new.o tests/fault/fault_new.cc
	$(CXX) -fsanitize=address,undefined -o $@ $@.o $@-new.o build-asan/libtracuu.a \
		$(FAULT_WRAP) -pthread $(PKG_LIBS)

FORCE:

fault: $(FAULT_BIN)
	@sh tests/fault/run.sh $(FAULT_BIN) $(FAULT_STRIDE)

-include $(shell find $(FUZZ_BUILD) -name '*.d' 2>/dev/null)
