# SPDX-License-Identifier: GPL-2.0
#
# smccctrace: make            build ./smccctrace
#             make check      install dependencies, build, run every test
#             make demo       install dependencies, build, report on a bundled trace
#             make check-e2e  the arm64 KVM test bed (tests/e2e)
#             make install    PREFIX=/usr/local DESTDIR= (the tool, the shim,
#                             libsmccctrace .so and .a, its headers, smccctrace.pc,
#                             the man pages, the bash completion, the traceevent
#                             plugin into TRACEEVENT_PLUGINDIR)
#             make uninstall  the same PREFIX and DESTDIR: what install put there
#             make help       this text
#
# CPPFLAGS, CFLAGS and LDFLAGS are honoured.
# V=1 shows the commands; WERROR=0 keeps warnings from failing the build;
# CROSS_COMPILE=aarch64-linux-gnu- builds for arm64 with the :arm64 -dev packages.

VERSION		= 0.1

PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
LIBDIR		?= $(PREFIX)/lib
INCLUDEDIR	?= $(PREFIX)/include
PKGCONFIGDIR	?= $(LIBDIR)/pkgconfig
MANDIR		?= $(PREFIX)/share/man
PCDIR		?= $(PREFIX)/share/pkgconfig
COMPLETIONDIR	?= $(PREFIX)/share/bash-completion/completions
# libtraceevent's own plugin directory, wherever PREFIX is: it reads no other
TRACEEVENT_PLUGINDIR ?= $(shell $(PKG_CONFIG) --variable=libdir libtraceevent)/traceevent/plugins
WERROR		?= 1

CC		= $(CROSS_COMPILE)gcc
AR		= $(CROSS_COMPILE)ar
PKG_CONFIG	?= pkg-config
ifneq ($(CROSS_COMPILE),)
export PKG_CONFIG_LIBDIR ?= /usr/lib/$(patsubst %-,%,$(CROSS_COMPILE))/pkgconfig:/usr/share/pkgconfig
endif

ifeq ($(V),1)
Q		=
quiet		= @true
else
Q		= @
quiet		= @printf '  %-7s %s\n'
endif

# pkg-config name:Debian package
PKGS		= libtraceevent:libtraceevent-dev libtracefs:libtracefs-dev \
		  libtracecmd:libtracecmd-dev sqlite3:libsqlite3-dev ncursesw:libncurses-dev \
		  jansson:libjansson-dev

# Goals that need no library at all; check, check-e2e and demo install the
# libraries (deps) first and then build in a make of their own.
NOLIB_GOALS	= deps clean distclean help uninstall check check-e2e demo fuzz fuzz-deps
ifneq ($(filter-out $(NOLIB_GOALS),$(or $(MAKECMDGOALS),all)),)
missing := $(foreach p,$(PKGS),$(if $(shell $(PKG_CONFIG) --exists $(firstword $(subst :, ,$p)) && echo y),,$(word 2,$(subst :, ,$p))))
ifneq ($(strip $(missing)),)
$(error missing development packages: $(strip $(missing)) (run 'make deps' or apt-get install them))
endif
PKG_CFLAGS	:= $(shell $(PKG_CONFIG) --cflags $(foreach p,$(PKGS),$(firstword $(subst :, ,$p))))
LIB_LIBS	:= $(shell $(PKG_CONFIG) --libs sqlite3 jansson)
TEP_LIBS	:= $(shell $(PKG_CONFIG) --libs libtraceevent)
TOOL_LIBS	:= $(shell $(PKG_CONFIG) --libs libtracecmd libtracefs libtraceevent ncursesw sqlite3 jansson)
endif

WARN		= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
		  -Wno-unused-parameter -Wformat=2 -Wvla
ifeq ($(WERROR),1)
WARN		+= -Werror
endif
CFLAGS		?= -O2 -g

# make check SANITIZE=address,undefined: everything built and tested under
# ASan and UBSan. The preload shim gets no ASan: it goes into VMMs built
# without it (ASan's runtime must be a process's first library). A change
# of SANITIZE rebuilds everything (.build-sanitize records it).
comma		:= ,
SAN_FLAGS	= $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer)
SHIM_SANITIZE	= $(subst $(space),$(comma),$(filter-out address,$(subst $(comma), ,$(SANITIZE))))
space		:= $(subst ,, )
override CFLAGS	+= $(SAN_FLAGS)
override LDFLAGS += $(SAN_FLAGS)
SAN_STAMP	= .build-sanitize
$(shell echo '$(SANITIZE)' | cmp -s - $(SAN_STAMP) 2>/dev/null || echo '$(SANITIZE)' >$(SAN_STAMP))
# What the tests run with; only what is proven to be the libraries' is
# suppressed. The shim is preloaded into test VMMs built with ASan: the
# runtime is then not the first library, which is fine here.
SAN_ENV		= $(if $(SANITIZE),ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:verify_asan_link_order=0 \
		  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize.supp:print_suppressions=0 \
		  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 SANITIZE_FLAGS="$(SAN_FLAGS)")
ALL_CFLAGS	= -std=gnu11 -D_GNU_SOURCE $(WARN) -Iinclude $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS	= $(LDFLAGS)

LIB_SRCS	:= $(sort $(wildcard lib/*.c))
TOOL_SRCS	:= $(sort $(wildcard *.c)) $(sort $(wildcard record/*.c replay/*.c analyze/*.c tui/*.c))
# assembler sources: each is empty but on the architecture it is for
TOOL_ASM	:= $(sort $(wildcard replay/*.S))
UNIT_SRCS	:= $(sort $(wildcard tests/unit/test-*.c))

LIB		= lib/libsmccctrace.a
# The shared library exports what the public headers declare and nothing
# else: lib/ builds with -fvisibility=hidden, the headers of
# include/smccctrace/ say "#pragma GCC visibility push(default)".
SONAME		= libsmccctrace.so.0
LIB_SO		= lib/$(SONAME)
LIB_OBJS	= $(LIB_SRCS:.c=.o)
# its public headers (handler.h, the plugins' side, installs with install-handler)
LIB_HEADERS	= $(filter-out include/smccctrace/handler.h,$(wildcard include/smccctrace/*.h))
TOOL_OBJS	= $(TOOL_SRCS:.c=.o) $(TOOL_ASM:.S=.o)
UNIT_BINS	= $(UNIT_SRCS:.c=)
PROGRAM		= smccctrace

.DEFAULT_GOAL := all

-include tests/tracegen/build.mk
-include tests/fuzz/build.mk

PRELOAD		= record/shim/libsmccctrace-preload.so

# replay's example handler plugins: built as a VMM project would, from
# <smccctrace/handler.h> alone
EXAMPLES	= replay/examples/trng.so replay/examples/vendor-hyp.so
PLUGIN_CFLAGS	= -std=gnu11 $(WARN) -Iinclude $(CPPFLAGS) $(CFLAGS) -fPIC -shared

# The libtraceevent plugin for trace-cmd report and KernelShark: built from
# the SMCCC decoding's sources, without ASan (trace-cmd is built without it)
TEP_PLUGIN	= record/traceevent/plugin_smccc.so
TEP_PLUGIN_SRCS	= record/traceevent/plugin_smccc.c lib/smccc.c lib/smccc-names.c

all: $(PROGRAM) $(PRELOAD) $(EXAMPLES) $(LIB_SO) $(TEP_PLUGIN)

$(TEP_PLUGIN): SAN_FLAGS = $(if $(SHIM_SANITIZE),-fsanitize=$(SHIM_SANITIZE) -fno-sanitize-recover=all)
$(TEP_PLUGIN): $(TEP_PLUGIN_SRCS) record/traceevent/plugin.map include/smccctrace/smccc.h \
		lib/smccc-internal.h $(SAN_STAMP)
	$(quiet) LINK $@
	$(Q)$(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) -fPIC -shared \
		-Wl,--version-script=record/traceevent/plugin.map -o $@ $(TEP_PLUGIN_SRCS) \
		$(ALL_LDFLAGS) $(TEP_LIBS)

replay/examples/%.so: replay/examples/%.c include/smccctrace/handler.h $(SAN_STAMP)
	$(quiet) LINK $@
	$(Q)$(CC) $(PLUGIN_CFLAGS) -o $@ $< $(ALL_LDFLAGS)

$(PRELOAD): SAN_FLAGS = $(if $(SHIM_SANITIZE),-fsanitize=$(SHIM_SANITIZE) -fno-sanitize-recover=all)
$(PRELOAD): record/shim/shim.c record/shim/shim-record.h $(SAN_STAMP)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -fPIC -shared -o $@ $< $(ALL_LDFLAGS) -ldl

$(PROGRAM): $(TOOL_OBJS) $(LIB)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(TOOL_OBJS) $(LIB) $(ALL_LDFLAGS) $(TOOL_LIBS) -lm

$(LIB): $(LIB_OBJS)
	$(quiet) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(LIB_OBJS): ALL_CFLAGS += -fPIC -fvisibility=hidden

$(LIB_SO): $(LIB_OBJS)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,-z,defs -o $@ $^ \
		$(ALL_LDFLAGS) $(LIB_LIBS) -lm

smccctrace.o: ALL_CFLAGS += -DSMCCCTRACE_VERSION='"$(VERSION)"'

# The tool's side (cli.h, builtin.h beside smccctrace.c) is no part of the library
$(TOOL_OBJS): ALL_CFLAGS += -iquote .

%.o: %.c $(SAN_STAMP)
	$(quiet) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

%.o: %.S $(SAN_STAMP)
	$(quiet) AS $@
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

tests/unit/test-%: tests/unit/test-%.o $(LIB)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(filter %.o,$^) $(LIB) $(ALL_LDFLAGS) $(LIB_LIBS) -lm

# Unit tests of the tool's side link the objects they test
TOOL_UNIT_OBJS	= tests/unit/test-parse-options.o tests/unit/test-diff-rules.o \
		  tests/unit/test-record-shim.o tests/unit/test-record-threads.o \
		  tests/unit/test-export-trace.o tests/unit/test-top-stats.o
$(TOOL_UNIT_OBJS): ALL_CFLAGS += -iquote . -iquote analyze -iquote record -iquote tui
tests/unit/test-parse-options: parse-options.o cli.o
tests/unit/test-diff-rules: analyze/diff-rules.o
tests/unit/test-record-shim: record/shim-read.o record/shim-fill.o
tests/unit/test-record-threads: record/threads.o
tests/unit/test-export-trace: analyze/export-trace.o analyze/listing.o
tests/unit/test-top-stats: tui/top-stats.o tui/top-keys.o

bench/%: bench/%.c $(LIB)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(ALL_LDFLAGS) $(LIB_LIBS) -lm

bench/floor-read: bench/floor-read.c
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(TOOL_LIBS)

bench/floor-insert: bench/floor-insert.c
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(LIB_LIBS)

bench/floor-report: bench/floor-report.c
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(LIB_LIBS)

bench/replay-noop.so: bench/replay-noop.c include/smccctrace/handler.h
	$(quiet) LINK $@
	$(Q)$(CC) $(PLUGIN_CFLAGS) -o $@ $< $(ALL_LDFLAGS)

bench: all bench/store-insert bench/shim-ring bench/replay-direct bench/replay-noop.so \
	bench/floor-read bench/floor-insert bench/floor-report $(TRACEGEN) $(X86_GUEST)
	$(Q)bench/perf.sh
	$(Q)bench/replay.sh
	$(Q)bench/store-insert
	$(Q)bench/shim-ring
	$(Q)bench/import.sh
	$(Q)bench/shim.sh

# Install what building and testing need (Debian 12; root)
DEPS		?= tests/deps

deps:
	$(Q)$(DEPS)

CORRUPT		= tests/fuzz/corrupt

$(CORRUPT): tests/fuzz/corrupt.c $(SAN_STAMP)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS)

# The x86 test guest for record's tracefs tests: x86-64 hosts only
X86_GUEST	= $(if $(filter x86_64,$(shell uname -m)),tests/kvm-x86/x86-guest)

tests/kvm-x86/x86-guest: tests/kvm-x86/x86-guest.c $(SAN_STAMP)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS)

# What 'make test' runs; TESTS=... runs a part (tests/cli/t-setup.sh does)
TESTS		?= $(UNIT_BINS) $(sort $(wildcard tests/cli/t-*.sh))

test: all $(UNIT_BINS) $(TRACEGEN) $(CORRUPT) $(X86_GUEST) fuzz-syntax
	$(Q)SMCCCTRACE=$(CURDIR)/$(PROGRAM) TRACEGEN=$(CURDIR)/$(TRACEGEN) CORRUPT=$(CURDIR)/$(CORRUPT) \
		$(SAN_ENV) prove $(if $(V),-v) $(TESTS)

check: deps
	$(Q)$(MAKE) --no-print-directory test

check-e2e: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)SMCCCTRACE=$(CURDIR)/$(PROGRAM) prove -v tests/e2e/run

DEMO_DB		= demo.db
DEMO_TRACE	= tests/data/vhe-load.dat

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)rm -f $(DEMO_DB)
	./$(PROGRAM) -d $(DEMO_DB) import --filter $(DEMO_TRACE:.dat=.filter.json) $(DEMO_TRACE)
	./$(PROGRAM) -d $(DEMO_DB) report --by range
	./$(PROGRAM) -d $(DEMO_DB) report --by function
	./$(PROGRAM) decode 0xC4000003 0x84000050 0xC6000001

# Man pages $(1) into section directory $(2), the version in their footer
# (".TH NAME 1 2026 smccctrace" becomes "... \"smccctrace 0.1\"")
define install_man
	$(foreach f,$(1),sed 's/^\(\.TH [^ ]* [0-9] [0-9]*\) smccctrace /\1 "smccctrace $(VERSION)" /' \
		$(f) >$(DESTDIR)$(MANDIR)/$(2)/$(notdir $(f)) && chmod 644 $(DESTDIR)$(MANDIR)/$(2)/$(notdir $(f))
	)
endef

# The handler ABI: <smccctrace/handler.h> and smccctrace-handler.pc (Cflags
# only), so that a VMM project builds a replay plugin against an install
HANDLER_ABI	= $(shell sed -n 's/^\#define SCT_HANDLER_ABI_VERSION[[:space:]]*//p' include/smccctrace/handler.h)

install-handler:
	install -d $(DESTDIR)$(INCLUDEDIR)/smccctrace $(DESTDIR)$(PCDIR) $(DESTDIR)$(MANDIR)/man7
	install -m 644 include/smccctrace/handler.h $(DESTDIR)$(INCLUDEDIR)/smccctrace/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@ABI_VERSION@|$(HANDLER_ABI)|' \
		replay/smccctrace-handler.pc.in >$(DESTDIR)$(PCDIR)/smccctrace-handler.pc
	$(call install_man,$(wildcard docs/*.7),man7)

install: all install-handler
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(PROGRAM) $(DESTDIR)$(BINDIR)/
	install -d $(DESTDIR)$(PREFIX)/lib/smccctrace
	install -m 644 $(PRELOAD) $(DESTDIR)$(PREFIX)/lib/smccctrace/
	$(call install_man,$(wildcard docs/*.1),man1)
	install -d $(DESTDIR)$(TRACEEVENT_PLUGINDIR)
	install -m 644 $(TEP_PLUGIN) $(DESTDIR)$(TRACEEVENT_PLUGINDIR)/
	install -d $(DESTDIR)$(COMPLETIONDIR)
	install -m 644 docs/bash-completion/smccctrace $(DESTDIR)$(COMPLETIONDIR)/smccctrace
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR)/smccctrace $(DESTDIR)$(PKGCONFIGDIR)
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/
	install -m 755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libsmccctrace.so
	install -m 644 $(LIB_HEADERS) $(DESTDIR)$(INCLUDEDIR)/smccctrace/
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(VERSION)|' lib/smccctrace.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/smccctrace.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/$(PROGRAM) $(DESTDIR)$(PREFIX)/lib/smccctrace/$(notdir $(PRELOAD))
	-rmdir $(DESTDIR)$(PREFIX)/lib/smccctrace
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard docs/*.1))) \
	      $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(wildcard docs/*.7)))
	rm -f $(DESTDIR)$(LIBDIR)/$(notdir $(LIB)) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	      $(DESTDIR)$(LIBDIR)/libsmccctrace.so
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/smccctrace/,$(notdir $(LIB_HEADERS)) handler.h)
	-rmdir $(DESTDIR)$(INCLUDEDIR)/smccctrace
	rm -f $(DESTDIR)$(PKGCONFIGDIR)/smccctrace.pc $(DESTDIR)$(PCDIR)/smccctrace-handler.pc
	rm -f $(DESTDIR)$(COMPLETIONDIR)/smccctrace $(DESTDIR)$(TRACEEVENT_PLUGINDIR)/$(notdir $(TEP_PLUGIN))

# The leading comment of this file
help:
	@sed -n '3,/^[^#]/s/^# \{0,1\}\(.*\)/\1/p' $(firstword $(MAKEFILE_LIST))

clean:
	$(quiet) CLEAN .
	$(Q)rm -f $(PROGRAM) $(LIB) $(LIB_SO) $(LIB_OBJS) $(TOOL_OBJS) $(UNIT_BINS) \
		$(UNIT_SRCS:.c=.o) $(EXAMPLES) $(TRACEGEN) $(TRACEGEN_READBACK) $(DEMO_DB) bench/store-insert bench/floor-read bench/floor-insert bench/floor-report bench/shim-ring bench/replay-direct bench/replay-noop.so $(CORRUPT) tests/kvm-x86/x86-guest $(PRELOAD) $(TEP_PLUGIN) \
		$(shell find . -name '*.d' -not -path './.git/*')
	$(Q)rm -rf $(FUZZ_OUT)

.PHONY: all deps test check check-e2e demo install install-handler uninstall help clean bench

-include $(LIB_OBJS:.o=.d) $(TOOL_OBJS:.o=.d) $(UNIT_SRCS:.c=.d)
