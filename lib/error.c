// SPDX-License-Identifier: LGPL-2.1
/*
 * The library's error message, one per thread.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

static __thread char last_error[512];

/**
 * sct_set_error - record a failure for sct_last_error()
 * @errnum: the errno to set, or 0 to leave errno alone
 * @fmt: printf format of the one-line message
 *
 * Returns -1, so that a failing path can return it.
 */
int sct_set_error(int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
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
