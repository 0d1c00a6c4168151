/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of "smccctrace suggest" share.
 */
#ifndef SMCCCTRACE_ANALYZE_SUGGEST_H
#define SMCCCTRACE_ANALYZE_SUGGEST_H

#include <stdint.h>
#include <stdio.h>

#include <smccctrace/suggest.h>

#include "cli.h"

/* What a printed suggestion or evaluation says about its session */
struct suggest_source {
	int64_t		session;
	uint64_t	calls;
};

int suggest_print(FILE *out, enum sct_format format, const struct sct_filter *f,
		  const struct sct_prediction *p, const struct suggest_source *src);
void suggest_print_check(FILE *out, enum sct_format format, const char *file,
			 const struct sct_kvm_entry *e, size_t nr);
struct sct_kvm_entry *suggest_entries_of(const struct sct_filter *f, size_t *nr);
int suggest_apply_supported(void);
int suggest_apply_test(FILE *out, const struct sct_kvm_entry *e, size_t nr);

#endif /* SMCCCTRACE_ANALYZE_SUGGEST_H */
