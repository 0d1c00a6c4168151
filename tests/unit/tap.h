/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small TAP producer for the C unit tests.
 *
 *	ok(cond, "what");            one test point
 *	is_u64(got, want, "what");   equality with both values shown on failure
 *	is_str(got, want, "what");
 *	return tap_done();           prints the plan and the exit status
 */
#ifndef SMCCCTRACE_TAP_H
#define SMCCCTRACE_TAP_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

static inline int tap_ok(int cond, const char *file, int line, const char *what)
{
	tap_count++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_count, what);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	return cond;
}

static inline int tap_is_u64(uint64_t got, uint64_t want, const char *file,
			     int line, const char *what)
{
	if (!tap_ok(got == want, file, line, what)) {
		printf("#        got: %" PRIu64 " (0x%" PRIx64 ")\n", got, got);
		printf("#   expected: %" PRIu64 " (0x%" PRIx64 ")\n", want, want);
		return 0;
	}
	return 1;
}

static inline int tap_is_str(const char *got, const char *want,
			     const char *file, int line, const char *what)
{
	int same = (!got && !want) || (got && want && !strcmp(got, want));

	if (!tap_ok(same, file, line, what)) {
		printf("#        got: %s\n", got ? got : "(null)");
		printf("#   expected: %s\n", want ? want : "(null)");
		return 0;
	}
	return 1;
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#define ok(cond, what)		tap_ok(!!(cond), __FILE__, __LINE__, what)
#define is_u64(g, w, what)	tap_is_u64((uint64_t)(g), (uint64_t)(w), __FILE__, __LINE__, what)
#define is_str(g, w, what)	tap_is_str(g, w, __FILE__, __LINE__, what)

#endif /* SMCCCTRACE_TAP_H */
