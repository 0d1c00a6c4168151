// SPDX-License-Identifier: LGPL-2.1
/*
 * The library's error message, one per thread.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static __thread char last_error[512];

/**
 * sct_set_error - record a failure for sct_last_error()
 * @errnum: the errno to set, or 0 to leave errno alone
 * @fmt: printf format of the one-line message; its arguments may
 *       include sct_last_error(), to add words to the last message
 *
 * Returns -1, so that a failing path can return it.
 */
int sct_set_error(int errnum, const char *fmt, ...)
{
	char msg[sizeof(last_error)];
	va_list ap;

	/* the arguments may hold the last message itself */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(last_error, msg, sizeof(msg));
	if (errnum)
		errno = errnum;
	return -1;
}

/**
 * sct_last_error - the message of the last failure in this thread
 *
 * Returns a per-thread string the next failure overwrites; the caller
 * frees nothing.
 */
const char *sct_last_error(void)
{
	return last_error;
}
