// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace suggest: what a suggestion kept from the session's filter, and
 * why some counts are uncertain, as one line of text per note for every
 * output format.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <smccctrace/filter.h>

#include "suggest.h"

/* The session filter's ranges of one action, as "0xBASE+N, ..." */
static void ranges_of(const struct sct_filter *f, enum sct_filter_action action,
		      char *buf, size_t size)
{
	const struct sct_filter_range *r;
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sct_filter_count(f) && n < size; i++) {
		r = sct_filter_get(f, i);
		if (r->action != action)
			continue;
		n += snprintf(buf + n, size - n, "%s0x%08x+%" PRIu32, n ? ", " : "",
			      r->base, r->nr_functions);
	}
}

static bool any_uncertain(const struct sct_prediction *p)
{
	size_t i;

	for (i = 0; i < p->nr_rows; i++)
		if (p->rows[i].uncertain)
			return true;
	return p->outside.uncertain;
}

static void uncertain_note(const struct sct_prediction *p, char *buf, size_t size)
{
	static const char *const where[] = {
		[SCT_LOC_UNKNOWN] = "of unknown location", [SCT_LOC_KERNEL] = "in the kernel",
		[SCT_LOC_USER] = "forwarded", [SCT_LOC_DENIED] = "denied",
	};
	static const unsigned int order[] = {
		SCT_LOC_USER, SCT_LOC_KERNEL, SCT_LOC_DENIED, SCT_LOC_UNKNOWN,
	};
	size_t i, n;

	n = snprintf(buf, size, "? uncertain: %" PRIu64 " calls of unknown function ID (",
		     p->unknown_id);
	for (i = 0; i < 4 && n < size; i++) {
		if (!p->unknown_id_at[order[i]])
			continue;
		n += snprintf(buf + n, size - n, "%s%" PRIu64 " %s", buf[n - 1] == '(' ? "" : ", ",
			      p->unknown_id_at[order[i]], where[order[i]]);
	}
	if (n < size)
		snprintf(buf + n, size - n, ") may have IDs of the rows marked ?; "
			 "they are counted in no row");
}

/**
 * suggest_notes - the notes a printed suggestion or evaluation carries
 * @p: the prediction
 * @src: the session and what the suggestion kept from its filter
 * @notes: filled with up to SUGGEST_MAX_NOTES lines, without newlines
 *
 * Returns the number of notes.
 */
size_t suggest_notes(const struct sct_prediction *p, const struct suggest_source *src,
		     struct suggest_note *notes)
{
	char ranges[SUGGEST_NOTE_LEN / 2];
	size_t n = 0;

	if (src->kept_forwarded) {
		ranges_of(src->session_filter, SCT_FILTER_FWD_TO_USER, ranges, sizeof(ranges));
		snprintf(notes[n++].text, SUGGEST_NOTE_LEN,
			 "kept forwarded, from session %" PRId64 "'s filter: %s: its %" PRIu64
			 " forwarded calls of unknown function ID (SMC seen by tracepoints alone) "
			 "may have any of these IDs; record --shim or --probe records their IDs",
			 src->session, ranges, src->unknown_fwd);
	}
	if (src->kept_deny) {
		ranges_of(src->session_filter, SCT_FILTER_DENY, ranges, sizeof(ranges));
		if (ranges[0])
			snprintf(notes[n++].text, SUGGEST_NOTE_LEN,
				 "kept denied, from session %" PRId64 "'s filter: %s "
				 "(--drop-session-deny leaves them out)", src->session, ranges);
	}
	if (any_uncertain(p))
		uncertain_note(p, notes[n++].text, SUGGEST_NOTE_LEN);
	return n;
}
