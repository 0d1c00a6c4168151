/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of "smccctrace report" share: calls grouped by a key,
 * with their counts and latency figures.
 */
#ifndef SMCCCTRACE_ANALYZE_REPORT_H
#define SMCCCTRACE_ANALYZE_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <smccctrace/stats.h>
#include <smccctrace/store.h>

#include "cli.h"

enum report_by {
	REPORT_BY_OWNER,
	REPORT_BY_RANGE,
	REPORT_BY_FUNCTION,
	REPORT_BY_VCPU,
	REPORT_BY_LOCATION,
	REPORT_NR_BY,
};

/* The --by word of each grouping, NULL-terminated (report-group.c) */
extern const char *const report_by_names[REPORT_NR_BY + 1];

/**
 * struct report_group - the calls that share a key
 * @key: the key text (owned)
 * @has_id: --by function with a known ID: @func_id holds it
 * @func_id: the function ID
 * @calls: calls, incomplete ones included
 * @by_location: calls per enum sct_location
 * @incomplete: incomplete calls
 * @total: total latency of the calls where it is known
 * @out: forwarded calls: kvm_exit to kvm_userspace_exit
 * @back: forwarded calls: kvm_userspace_exit to kvm_entry
 * @vmm: forwarded calls the preload shim saw: the VMM's time, from
 *       KVM_RUN's return to the next KVM_RUN
 * @total_sum: figures of @total (after report_finish())
 * @out_sum: figures of @out
 * @back_sum: figures of @back
 * @vmm_sum: figures of @vmm
 * @hist: log2 histogram of @total
 */
struct report_group {
	char			*key;
	bool			has_id;
	uint32_t		func_id;
	uint64_t		calls;
	uint64_t		by_location[4];
	uint64_t		incomplete;
	struct sct_samples	total;
	struct sct_samples	out;
	struct sct_samples	back;
	struct sct_samples	vmm;
	struct sct_summary	total_sum;
	struct sct_summary	out_sum;
	struct sct_summary	back_sum;
	struct sct_summary	vmm_sum;
	struct sct_hist		hist;
};

/**
 * struct report - a session's calls, grouped
 * @by: the grouping
 * @groups: the groups; sorted by calls descending, then key, after
 *          report_finish()
 * @nr: number of groups
 * @alloc: allocated entries of @groups
 * @slots: hash table of indices into @groups plus one (0: empty)
 * @nslots: size of @slots, a power of two
 * @calls: all calls seen
 * @exits_total: kvm_exit events of the session (traps, IRQs, SErrors, others)
 * @exits_smccc: of which trapped HVC or SMC (EC 0x12, 0x13, 0x16, 0x17)
 * @oom: adding a call ran out of memory
 */
struct report {
	enum report_by		by;
	struct report_group	**groups;
	size_t			nr;
	size_t			alloc;
	size_t			*slots;
	size_t			nslots;
	uint64_t		calls;
	uint64_t		exits_total;
	uint64_t		exits_smccc;
	bool			oom;
};

void report_init(struct report *r, enum report_by by);
void report_release(struct report *r);
int report_add_call(const struct sct_call *call, void *data);
int report_add_exit(const struct sct_exit_count *e, void *data);
void report_finish(struct report *r);

/* What the printers need besides the groups */
struct report_view {
	const struct sct_session	*session;
	const struct report		*report;
	bool				hist;
};

int report_print(FILE *out, enum sct_format format, const struct report_view *v);

#endif /* SMCCCTRACE_ANALYZE_REPORT_H */
