/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of "smccctrace suggest" share.
 */
#ifndef SMCCCTRACE_ANALYZE_SUGGEST_H
#define SMCCCTRACE_ANALYZE_SUGGEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <smccctrace/suggest.h>

#include "cli.h"

/**
 * struct suggest_source - what a printed suggestion says about its session
 * @session: the session's id
 * @calls: its calls
 * @unknown_fwd: of which forwarded with an unknown function ID
 * @session_filter: the filter it ran with, or NULL; owned by the caller
 * @kept_forwarded: the suggestion kept @session_filter's FWD_TO_USER ranges
 *                  for the @unknown_fwd calls
 * @kept_deny: the suggestion kept @session_filter's DENY ranges
 */
struct suggest_source {
	int64_t			session;
	uint64_t		calls;
	uint64_t		unknown_fwd;
	struct sct_filter	*session_filter;
	bool			kept_forwarded;
	bool			kept_deny;
};

#define SUGGEST_MAX_NOTES	3
#define SUGGEST_NOTE_LEN	512

/* One line of what a suggestion kept, or why its counts are uncertain */
struct suggest_note {
	char	text[SUGGEST_NOTE_LEN];
};

size_t suggest_notes(const struct sct_prediction *p, const struct suggest_source *src,
		     struct suggest_note *notes);
int suggest_print(FILE *out, enum sct_format format, const struct sct_filter *f,
		  const struct sct_prediction *p, const struct suggest_source *src);
void suggest_print_check(FILE *out, enum sct_format format, const char *file,
			 const struct sct_kvm_entry *e, size_t nr);
struct sct_kvm_entry *suggest_entries_of(const struct sct_filter *f, size_t *nr);
int suggest_apply_supported(void);
int suggest_apply_test(FILE *out, const struct sct_kvm_entry *e, size_t nr);

#endif /* SMCCCTRACE_ANALYZE_SUGGEST_H */
