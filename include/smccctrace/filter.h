/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * A model of KVM's SMCCC filter (KVM_ARM_VM_SMCCC_FILTER, Linux 6.4+):
 * the ranges a VMM installs, the rules KVM applies when they are set, and
 * the action KVM takes for a function ID.
 */
#ifndef SMCCCTRACE_FILTER_H
#define SMCCCTRACE_FILTER_H

#include <stddef.h>
#include <stdint.h>

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

/* The UAPI values (enum kvm_smccc_filter_action) */
enum sct_filter_action {
	SCT_FILTER_HANDLE	= 0,
	SCT_FILTER_DENY		= 1,
	SCT_FILTER_FWD_TO_USER	= 2,
};

/**
 * struct sct_filter_range - one installed range
 * @base: first function ID
 * @nr_functions: number of IDs, >= 1
 * @action: enum sct_filter_action
 */
struct sct_filter_range {
	uint32_t	base;
	uint32_t	nr_functions;
	uint8_t		action;
};

/**
 * struct sct_kvm_entry - one filter entry as a configuration wrote it
 * @base: the base as written (may not fit the UAPI's __u32)
 * @nr_functions: the count as written
 * @action: the action number as written (may be unknown to KVM); -1 when
 *          it was written as a name no action has
 * @action_name: that name (cut to fit), or "" when @action is a number or
 *               a known name
 * @err: set by sct_kvm_check(): 0, EINVAL or EEXIST
 * @why: set by sct_kvm_check(): why KVM refuses the entry, or ""
 */
struct sct_kvm_entry {
	uint64_t	base;
	uint64_t	nr_functions;
	int64_t		action;
	char		action_name[24];
	int		err;
	char		why[96];
};

struct sct_filter;

struct sct_filter *sct_filter_create(void);
void sct_filter_free(struct sct_filter *filter);
int sct_filter_add(struct sct_filter *filter, const struct sct_filter_range *range);
size_t sct_filter_count(const struct sct_filter *filter);
const struct sct_filter_range *sct_filter_get(const struct sct_filter *filter, size_t i);
enum sct_filter_action sct_filter_lookup(const struct sct_filter *filter, uint32_t id);
const char *sct_filter_action_name(enum sct_filter_action action);
int sct_filter_action_parse(const char *name);

struct sct_filter *sct_filter_from_json(const char *json);
struct sct_kvm_entry *sct_kvm_entries_from_json(const char *json, size_t *nr);
struct sct_kvm_entry *sct_kvm_entries_load(const char *path, size_t *nr);
struct sct_filter *sct_filter_from_spec(const char *spec);
struct sct_filter *sct_filter_load(const char *arg);
char *sct_filter_to_json(const struct sct_filter *filter);

/* The filter on a real VM (kvm-filter.c): arm64, Linux 6.4+ */
int sct_kvm_vm_create(int *kvm_fd);
int sct_kvm_filter_set(int vm_fd, const struct sct_filter_range *range);
const char *sct_errno_name(int err);

#pragma GCC visibility pop

#endif /* SMCCCTRACE_FILTER_H */
