# SPDX-License-Identifier: GPL-2.0
#
# The synthetic trace.dat generator, included by the top-level Makefile.
#	TRACEGEN		tests/tracegen/sct-tracegen: libc only
#	TRACEGEN_READBACK	tests/tracegen/readback: prints what libtracecmd
#				reads from a file (tests/cli/t-tracegen.sh)
# Building $(TRACEGEN) builds the readback program too.

TRACEGEN		:= tests/tracegen/sct-tracegen
TRACEGEN_READBACK	:= tests/tracegen/readback
TRACEGEN_SRCS		:= $(filter-out tests/tracegen/readback.c,$(sort $(wildcard tests/tracegen/*.c)))
TRACEGEN_CFLAGS		= -std=gnu11 -D_GNU_SOURCE $(WARN) $(CFLAGS)

$(TRACEGEN): $(TRACEGEN_SRCS) tests/tracegen/tracegen.h $(SAN_STAMP) | $(TRACEGEN_READBACK)
	$(quiet) LINK $@
	$(Q)$(CC) $(TRACEGEN_CFLAGS) -o $@ $(TRACEGEN_SRCS) $(LDFLAGS)

$(TRACEGEN_READBACK): tests/tracegen/readback.c $(SAN_STAMP)
	$(quiet) LINK $@
	$(Q)$(CC) $(TRACEGEN_CFLAGS) $(shell $(PKG_CONFIG) --cflags libtracecmd libtraceevent) \
		-o $@ $< $(LDFLAGS) $(shell $(PKG_CONFIG) --libs libtracecmd libtraceevent)
