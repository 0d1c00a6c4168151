/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * What the suggestion's files (suggest.c, suggest-run.c, suggest-predict.c)
 * share.
 */
#ifndef SMCCCTRACE_LIB_SUGGEST_INTERNAL_H
#define SMCCCTRACE_LIB_SUGGEST_INTERNAL_H

#include <smccctrace/stats.h>
#include <smccctrace/suggest.h>

struct ivl {
	uint32_t	lo;
	uint32_t	hi;
};

struct ivl_list {
	struct ivl	*v;
	size_t		nr;
	size_t		alloc;
};

/* What the session showed for one function ID */
struct obs {
	uint32_t	id;
	bool		used;
	uint64_t	by_location[4];
};

struct sct_suggest {
	struct ivl_list		sets[SCT_NR_SETS];
	enum sct_granularity	granularity;
	struct sct_kvm_fw	fw;
	uint64_t		duration_ns;
	struct obs		*obs;		/* open addressing on id */
	size_t			nr_slots;	/* a power of two */
	size_t			nr_obs;
	uint64_t		unknown_id;
	uint64_t		unknown_by_loc[4];	/* unknown-ID calls by location */
	bool			has_session_filter;
	struct ivl_list		session_fwd;	/* the observed session's filter */
	struct ivl_list		session_deny;
	struct ivl_list		forced;		/* FWD_TO_USER whatever else holds */
	struct sct_samples	fwd_lat;	/* complete forwarded calls */
	struct sct_samples	kernel_lat;	/* complete kernel and denied calls */
	uint32_t		*forbidden;	/* sorted observed must-not IDs */
	size_t			nr_forbidden;
};

int sct_sg_nomem(void);
int sct_sg_ivl_push(struct ivl_list *l, uint32_t lo, uint32_t hi);
void sct_sg_ivl_normalize(struct ivl_list *l);
bool sct_sg_ivl_first(const struct ivl_list *l, uint32_t lo, uint32_t hi, uint32_t *x);
bool sct_sg_ivl_has(const struct ivl_list *l, uint32_t id);
int sct_sg_ivl_complement(const struct ivl_list *l, struct ivl_list *out);
bool sct_sg_ivl_meets(const struct ivl_list *a, const struct ivl_list *b);

#endif /* SMCCCTRACE_LIB_SUGGEST_INTERNAL_H */
