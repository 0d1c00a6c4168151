// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: import's trace reader on any trace.dat bytes, the whole way:
 * the child parses with libtracecmd and libtraceevent and sends frames,
 * this process reads and checks them (record/trace-file.c). Whatever the
 * libraries do in the child, the parent gets frames in order or one
 * reason, never a crash, and the counts agree with the events it got.
 *
 * The child's coverage stays in the child: libFuzzer is guided by the
 * parent's side only, and mutates the fixtures it is seeded with.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <smccctrace/error.h>

#include "trace-file.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The sanitizer's death callback would write a crash file from the child */
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static void in_child(void)
{
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(NULL);
}

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd;

	setenv("SMCCCTRACE_READER_TIMEOUT", "5", 1);
	pthread_atfork(NULL, NULL, in_child);
	snprintf(path, sizeof(path), "/tmp/fuzz-trace-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		abort();
	close(fd);
	return 0;
}

/* Frames in order up to the trailer, or one reason; never a crash */
static void drain(struct trace_reader *r)
{
	struct trace_frame f;
	int rc;

	while ((rc = trace_reader_next(r, &f)) >= 0)
		if (rc > 0 && f.type == TF_TRAILER)
			break;
	if (rc > 0 && !trace_reader_finish(r))
		return;
	if (!*sct_last_error())
		abort();	/* a failure always says why */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_reader *r;
	FILE *f;

	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	r = trace_reader_start(path, (off_t)size);
	if (!r)
		abort();
	drain(r);
	trace_reader_free(r);
	return 0;
}
