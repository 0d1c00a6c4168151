/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Errors: library functions return -1 (or NULL) and set errno; the text of
 * the last failure in the calling thread is kept for the tool to print.
 */
#ifndef SMCCCTRACE_ERROR_H
#define SMCCCTRACE_ERROR_H

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

/**
 * sct_last_error - the message of the last failure in this thread
 *
 * Returns a static per-thread string that the next failure overwrites; an
 * empty string when nothing failed. The caller frees nothing.
 */
const char *sct_last_error(void);

/**
 * sct_set_error - record a failure for sct_last_error()
 * @errnum: the errno to set, or 0 to leave errno alone
 * @fmt: printf format of the one-line message
 *
 * For the library and for the tool's own modules that report errors the
 * library's way (return -1 or NULL, the text kept for the caller to print).
 * Always returns -1, so that a failing path can
 * "return sct_set_error(EINVAL, ...)".
 */
int sct_set_error(int errnum, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#pragma GCC visibility pop

#endif /* SMCCCTRACE_ERROR_H */
