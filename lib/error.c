// SPDX-License-Identifier: LGPL-2.1
/*
 * The library's error message, one per thread.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

static __thread char last_error[512];

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

const char *sct_last_error(void)
{
	return last_error;
}
