/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Suggesting a KVM_ARM_VM_SMCCC_FILTER configuration and predicting what a
 * configuration changes:
 *
 *  - a model of what KVM (Linux 6.4+) answers itself and of the rules it
 *    applies when a VMM installs filter ranges (lib/kvm-model.c);
 *  - the optimizer: the fewest ranges that forward what the VMM should
 *    handle and nothing that must stay in the kernel (lib/suggest.c);
 *  - the prediction: calls per second that change location and the host
 *    time that adds, from the latencies measured in a session.
 *
 * Pure C: nothing here reads files, speaks SQL or prints.
 */
#ifndef SMCCCTRACE_SUGGEST_H
#define SMCCCTRACE_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smccctrace/call.h>
#include <smccctrace/filter.h>

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

/* ---- what KVM handles itself (lib/kvm-model.c) ---- */

/* Bits of the firmware bitmap registers (KVM_REG_ARM_*_BMAP) */
#define SCT_KVM_STD_BIT_TRNG_V1_0		0
#define SCT_KVM_STD_HYP_BIT_PV_TIME		0
#define SCT_KVM_VENDOR_HYP_BIT_FUNC_FEAT	0
#define SCT_KVM_VENDOR_HYP_BIT_PTP		1

/**
 * struct sct_kvm_fw - the firmware bitmap registers of a VM
 * @std_bmap: KVM_REG_ARM_STD_BMAP (TRNG)
 * @std_hyp_bmap: KVM_REG_ARM_STD_HYP_BMAP (PV time)
 * @vendor_hyp_bmap: KVM_REG_ARM_VENDOR_HYP_BMAP (KVM features and UID, PTP)
 *
 * A new VM has every bit KVM knows set: sct_kvm_fw_default().
 */
struct sct_kvm_fw {
	uint64_t	std_bmap;
	uint64_t	std_hyp_bmap;
	uint64_t	vendor_hyp_bmap;
};

/* The Arm Architecture ranges the first filter insert reserves (HANDLE) */
#define SCT_KVM_RESERVED32_BASE	0x80000000u
#define SCT_KVM_RESERVED64_BASE	0xC0000000u
#define SCT_KVM_RESERVED_NR	0x10000u

void sct_kvm_fw_default(struct sct_kvm_fw *fw);
bool sct_kvm_handles(const struct sct_kvm_fw *fw, uint32_t id);
bool sct_kvm_first_handled(const struct sct_kvm_fw *fw, uint32_t lo,
			   uint32_t hi, uint32_t *id);
bool sct_kvm_first_reserved(uint32_t lo, uint32_t hi, uint32_t *id);

/* struct sct_kvm_entry and sct_kvm_entries_from_json() are in filter.h */
size_t sct_kvm_check(struct sct_kvm_entry *entries, size_t nr);

/* ---- the optimizer and the prediction (lib/suggest.c) ---- */

enum sct_granularity {
	SCT_GRANULARITY_ID,		/* cover single function IDs */
	SCT_GRANULARITY_SERVICE,	/* cover whole services (PSCI, TRNG, an owner) */
};

/* The ID sets a suggestion is built from */
enum sct_suggest_set {
	SCT_SET_VMM,		/* the VMM implements these */
	SCT_SET_VMM_LACKS,	/* the VMM answers these NOT_SUPPORTED (wins over SCT_SET_VMM) */
	SCT_SET_DENY,		/* policy: hide from the guest (DENY) */
	SCT_SET_KEEP,		/* policy: keep in the kernel, never forward */
	SCT_SET_FORWARD,	/* policy: forward even where KVM implements them */
	SCT_NR_SETS,
};

struct sct_suggest;

struct sct_suggest *sct_suggest_create(void);
void sct_suggest_free(struct sct_suggest *sg);
int sct_suggest_add_range(struct sct_suggest *sg, enum sct_suggest_set set,
			  uint32_t lo, uint32_t hi);
void sct_suggest_set_granularity(struct sct_suggest *sg, enum sct_granularity g);
void sct_suggest_set_kvm_fw(struct sct_suggest *sg, const struct sct_kvm_fw *fw);
void sct_suggest_set_duration(struct sct_suggest *sg, uint64_t duration_ns);
int sct_suggest_set_session_filter(struct sct_suggest *sg, const struct sct_filter *f);
int sct_suggest_observe(struct sct_suggest *sg, const struct sct_call *call);
struct sct_filter *sct_suggest_run(struct sct_suggest *sg);
bool sct_service_block(uint32_t id, uint32_t *lo, uint32_t *hi);

/**
 * struct sct_predict_row - what a configuration changes for a set of IDs
 * @range: the filter range (nr_functions 0 for the IDs in no range)
 * @calls: observed calls to IDs of @range
 * @changed: of which the configuration moves to another location
 * @delta_ns: sum of the latency changes of the @changed calls (signed);
 *            meaningful when the prediction's @estimate is true
 * @uncertain: calls of unknown function ID may have IDs of @range, so
 *             @calls and @changed may be short of the truth
 */
struct sct_predict_row {
	struct sct_filter_range	range;
	uint64_t		calls;
	uint64_t		changed;
	int64_t			delta_ns;
	bool			uncertain;
};

/**
 * struct sct_prediction - a configuration's predicted effect on a session
 * @duration_ns: the session's length, or 0 when unknown (no rates then)
 * @fwd_median_ns: median latency of the session's complete forwarded
 *                 calls, or SCT_NO_TIME when it has none
 * @kernel_median_ns: median latency of its complete in-kernel (answered or
 *                    denied) calls, or SCT_NO_TIME when it has none
 * @estimate: both medians are known, so the latency changes are too
 * @unknown_id: calls whose function ID is not known (not predicted)
 * @unknown_id_at: of which, by location (enum sct_location)
 * @unknown_location: calls whose present location is not known (not predicted)
 * @nr_rows: entries in @rows
 * @rows: one per range of the configuration, in its order
 * @outside: the IDs in no range of the configuration
 * @total: the sum of @rows and @outside
 */
struct sct_prediction {
	uint64_t		duration_ns;
	uint64_t		fwd_median_ns;
	uint64_t		kernel_median_ns;
	bool			estimate;
	uint64_t		unknown_id;
	uint64_t		unknown_id_at[4];
	uint64_t		unknown_location;
	size_t			nr_rows;
	struct sct_predict_row	*rows;
	struct sct_predict_row	outside;
	struct sct_predict_row	total;
};

struct sct_prediction *sct_suggest_predict(struct sct_suggest *sg,
					   const struct sct_filter *filter);
void sct_prediction_free(struct sct_prediction *p);

#pragma GCC visibility pop

#endif /* SMCCCTRACE_SUGGEST_H */
