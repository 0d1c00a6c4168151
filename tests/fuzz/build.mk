# SPDX-License-Identifier: GPL-2.0
#
# libFuzzer harnesses (tests/fuzz/fuzz-*.c), built with clang into
# tests/fuzz/out/ with ASan and UBSan, apart from the gcc build.
#
#	make fuzz FUZZ_SECONDS=N	run each harness N seconds (default 60)
#	make fuzz FUZZ=frames		only some (frames trace filter rules shim replay)
#
# Each harness starts from its committed seeds (tests/fuzz/corpus/NAME/,
# plus the fixtures for trace and filter) and keeps what it finds in
# tests/fuzz/out/corpus-NAME/. A crash leaves tests/fuzz/out/crash-* and
# fails the run.

FUZZ_CC		?= clang
FUZZ_SECONDS	?= 60
FUZZ_ALL	= frames trace filter rules shim replay
FUZZ		?= $(FUZZ_ALL)
FUZZ_OUT	= tests/fuzz/out
FUZZ_SAN	= -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS	= -std=gnu11 -D_GNU_SOURCE -g -O1 -Wall -Wno-unused-parameter \
		  -fno-omit-frame-pointer $(FUZZ_SAN) -Iinclude -iquote . -iquote record \
		  -iquote analyze -iquote replay $(PKG_CFLAGS)
FUZZ_LIB_OBJS	= $(patsubst %.c,$(FUZZ_OUT)/%.o,$(LIB_SRCS))

$(FUZZ_OUT)/%.o: %.c
	$(quiet) FUZZCC $@
	$(Q)mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

.PRECIOUS: $(FUZZ_OUT)/%.o

$(FUZZ_OUT)/libsmccctrace.a: $(FUZZ_LIB_OBJS)
	$(quiet) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

# What each harness links besides the library
FUZZ_OBJS_frames	= record/trace-frame.o
FUZZ_OBJS_trace		= record/trace-frame.o record/trace-file.o record/trace-child.o \
			  record/kvm-events.o
FUZZ_OBJS_filter	=
FUZZ_OBJS_rules		= analyze/diff-rules.o
FUZZ_OBJS_shim		= record/shim-fill.o
FUZZ_OBJS_replay	= replay/protocol.o
FUZZ_LIBS_trace		= $(shell $(PKG_CONFIG) --libs libtracecmd libtraceevent 2>/dev/null)

.SECONDEXPANSION:
$(FUZZ_OUT)/fuzz-%: tests/fuzz/fuzz-%.c $$(addprefix $(FUZZ_OUT)/,$$(FUZZ_OBJS_$$*)) \
		$(FUZZ_OUT)/libsmccctrace.a
	$(quiet) FUZZLD $@
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP -o $@ $< \
		$(filter %.o,$^) $(FUZZ_OUT)/libsmccctrace.a $(FUZZ_LIBS_$*) $(LIB_LIBS) -lm

fuzz-deps:
	$(Q)$(DEPS) fuzz

fuzz: fuzz-deps
	$(Q)$(MAKE) --no-print-directory fuzz-run

fuzz-build: $(foreach h,$(FUZZ),$(FUZZ_OUT)/fuzz-$h)

fuzz-run: fuzz-build
	$(Q)set -e; for h in $(FUZZ); do \
		tests/fuzz/run-one $$h $(FUZZ_SECONDS) $(FUZZ_OUT); \
	done

# make test compiles the harnesses with the plain compiler (no clang
# needed), so that a change of the interfaces they use cannot go unseen
FUZZ_SYNTAX_FLAGS = -std=gnu11 -D_GNU_SOURCE -Wall -Werror -Wno-unused-parameter -Iinclude \
		  -iquote . -iquote record -iquote analyze -iquote replay $(PKG_CFLAGS)

fuzz-syntax:
	$(quiet) CHECK tests/fuzz
	$(Q)for f in tests/fuzz/fuzz-*.c; do $(CC) $(FUZZ_SYNTAX_FLAGS) -fsyntax-only $$f || exit 1; done

.PHONY: fuzz fuzz-deps fuzz-build fuzz-run fuzz-syntax

-include $(wildcard $(FUZZ_OUT)/*.d $(FUZZ_OUT)/*/*.d)
