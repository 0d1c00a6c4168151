/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * A session's calls grouped by a key (owner, SMCCC range, function ID,
 * vCPU or location), with each group's counts and latency figures:
 * nearest-rank percentiles and a log2 histogram (stats.h). What report,
 * diff, replay and the terminal views show.
 *
 * Use: sct_groups_init(), then sct_groups_add_call() for every call (it
 * is a callback of sct_store_foreach_call()) and sct_groups_add_exit()
 * for the exits, then sct_groups_finish() once; read the groups; free
 * them with sct_groups_release().
 */
#ifndef SMCCCTRACE_GROUP_H
#define SMCCCTRACE_GROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smccctrace/call.h>
#include <smccctrace/stats.h>
#include <smccctrace/store.h>
#include <smccctrace/tally.h>

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

enum sct_group_by {
	SCT_GROUP_BY_OWNER,
	SCT_GROUP_BY_RANGE,
	SCT_GROUP_BY_FUNCTION,
	SCT_GROUP_BY_VCPU,
	SCT_GROUP_BY_LOCATION,
	SCT_GROUP_NR_BY,
};

/* The word of each grouping (--by), NULL-terminated */
extern const char *const sct_group_by_names[SCT_GROUP_NR_BY + 1];

/**
 * struct sct_group - the calls that share a key
 * @key: the key text (owned by the group)
 * @has_id: grouped by function, with a known ID: @func_id holds it
 * @func_id: the function ID
 * @calls: calls, incomplete ones included
 * @by_location: calls per enum sct_location
 * @incomplete: incomplete calls
 * @total: total latency of the calls where it is known, tallied (memory
 *         grows with its distinct values, not with the calls)
 * @out: forwarded calls: kvm_exit to kvm_userspace_exit
 * @back: forwarded calls: kvm_userspace_exit to kvm_entry
 * @vmm: forwarded calls the preload shim saw: the VMM's time, from
 *       KVM_RUN's return to the next KVM_RUN
 * @total_sum: figures of @total (after sct_groups_finish())
 * @out_sum: figures of @out
 * @back_sum: figures of @back
 * @vmm_sum: figures of @vmm
 * @hist: log2 histogram of @total
 */
struct sct_group {
	char			*key;
	bool			has_id;
	uint32_t		func_id;
	uint64_t		calls;
	uint64_t		by_location[4];
	uint64_t		incomplete;
	struct sct_tally	total;
	struct sct_tally	out;
	struct sct_tally	back;
	struct sct_tally	vmm;
	struct sct_summary	total_sum;
	struct sct_summary	out_sum;
	struct sct_summary	back_sum;
	struct sct_summary	vmm_sum;
	struct sct_hist		hist;
};

/**
 * struct sct_groups - a session's calls, grouped
 * @by: the grouping
 * @groups: the groups; sorted by calls descending, then key, after
 *          sct_groups_finish()
 * @nr: number of groups
 * @alloc: allocated entries of @groups
 * @slots: hash table of indices into @groups plus one (0: empty)
 * @nslots: size of @slots, a power of two
 * @calls: all calls seen
 * @exits_total: kvm_exit events of the session (traps, IRQs, SErrors, others)
 * @exits_smccc: of which trapped HVC or SMC (EC 0x12, 0x13, 0x16, 0x17)
 * @oom: adding a call ran out of memory (the groups are then incomplete)
 * @cache_key: the last calls' keys as numbers (see sct_groups_add_call()),
 *             so that most calls find their group without making its key text
 * @cache_group: the group of each entry of @cache_key
 */
enum { SCT_GROUPS_CACHE = 256 };

struct sct_groups {
	enum sct_group_by	by;
	struct sct_group	**groups;
	size_t			nr;
	size_t			alloc;
	size_t			*slots;
	size_t			nslots;
	uint64_t		calls;
	uint64_t		exits_total;
	uint64_t		exits_smccc;
	bool			oom;
	uint64_t		cache_key[SCT_GROUPS_CACHE];
	struct sct_group	*cache_group[SCT_GROUPS_CACHE];
};

/* Orders of the groups (--sort); each but key puts the largest first */
enum sct_group_sort {
	SCT_SORT_CALLS,		/* calls (sct_groups_finish()'s order) */
	SCT_SORT_KEY,		/* the key, ascending */
	SCT_SORT_TOTAL,		/* the sum of the calls' latencies */
	SCT_SORT_MEAN,
	SCT_SORT_P50,
	SCT_SORT_P99,
	SCT_SORT_MAX,
	SCT_GROUP_NR_SORTS,
};

/* The word of each order (--sort), NULL-terminated */
extern const char *const sct_group_sort_names[SCT_GROUP_NR_SORTS + 1];

const char *sct_group_key(enum sct_group_by by, const struct sct_call *c,
			  char *buf, size_t size);
void sct_groups_init(struct sct_groups *r, enum sct_group_by by);
void sct_groups_release(struct sct_groups *r);
int sct_groups_add_call(const struct sct_call *call, void *data);
int sct_groups_add_exit(const struct sct_exit_count *e, void *data);
void sct_groups_finish(struct sct_groups *r);
const struct sct_group *sct_groups_find(const struct sct_groups *r, const char *key);
int sct_group_dominant_location(const struct sct_group *g);
uint64_t sct_group_total_ns(const struct sct_group *g);
int sct_groups_sort(struct sct_groups *r, enum sct_group_sort order);
void sct_groups_top(struct sct_groups *r, size_t n);

#pragma GCC visibility pop

#endif /* SMCCCTRACE_GROUP_H */
