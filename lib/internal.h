/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Helpers private to the library.
 */
#ifndef SMCCCTRACE_LIB_INTERNAL_H
#define SMCCCTRACE_LIB_INTERNAL_H

#include <smccctrace/error.h>

/*
 * Record a failure: sets errno to @errnum (when nonzero) and the message
 * that sct_last_error() returns. Always returns -1 so that a failing path
 * can "return sct_set_error(EINVAL, ...)".
 */
int sct_set_error(int errnum, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* SMCCCTRACE_LIB_INTERNAL_H */
