/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Errors: library functions return -1 (or NULL) and set errno; the text of
 * the last failure in the calling thread is kept for the tool to print.
 */
#ifndef SMCCCTRACE_ERROR_H
#define SMCCCTRACE_ERROR_H

/**
 * sct_last_error - the message of the last failure in this thread
 *
 * Returns a static per-thread string that the next failure overwrites; an
 * empty string when nothing failed. The caller frees nothing.
 */
const char *sct_last_error(void);

#endif /* SMCCCTRACE_ERROR_H */
