/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What import and record share.
 */
#ifndef SMCCCTRACE_RECORD_RECORD_H
#define SMCCCTRACE_RECORD_RECORD_H

#include <stdint.h>

#include <smccctrace/call.h>

void record_summary(const char *what, int64_t id, const struct sct_exit_stats *st);

#endif /* SMCCCTRACE_RECORD_RECORD_H */
