// SPDX-License-Identifier: LGPL-2.1
/*
 * Names of a call's conduit and location, as the store's name tables and
 * the command line spell them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/call.h>

#include "internal.h"

static const char *const conduit_names[] = {
	[SCT_CONDUIT_UNKNOWN]	= "unknown",
	[SCT_CONDUIT_HVC]	= "hvc",
	[SCT_CONDUIT_SMC]	= "smc",
};

static const char *const location_names[] = {
	[SCT_LOC_UNKNOWN]	= "unknown",
	[SCT_LOC_KERNEL]	= "kernel",
	[SCT_LOC_USER]		= "user",
	[SCT_LOC_DENIED]	= "denied",
};

#define NR_CONDUITS	(sizeof(conduit_names) / sizeof(conduit_names[0]))
#define NR_LOCATIONS	(sizeof(location_names) / sizeof(location_names[0]))

/**
 * sct_conduit_name - the name of a conduit
 * @conduit: enum sct_conduit
 *
 * Returns "hvc", "smc" or "unknown" (also for an out-of-range value); a
 * static string the caller does not free.
 */
const char *sct_conduit_name(enum sct_conduit conduit)
{
	if ((unsigned int)conduit >= NR_CONDUITS)
		return conduit_names[SCT_CONDUIT_UNKNOWN];
	return conduit_names[conduit];
}

/**
 * sct_location_name - the name of the place a call was answered
 * @location: enum sct_location
 *
 * Returns "kernel", "user", "denied" or "unknown" (also for an
 * out-of-range value); a static string the caller does not free.
 */
const char *sct_location_name(enum sct_location location)
{
	if ((unsigned int)location >= NR_LOCATIONS)
		return location_names[SCT_LOC_UNKNOWN];
	return location_names[location];
}

/**
 * sct_location_parse - the location a name stands for
 * @name: "unknown", "kernel", "user" or "denied"
 *
 * Returns the enum sct_location value, or -1 with errno EINVAL and the
 * error set for any other name.
 */
int sct_location_parse(const char *name)
{
	unsigned int i;

	for (i = 0; name && i < NR_LOCATIONS; i++) {
		if (!strcmp(name, location_names[i]))
			return (int)i;
	}
	return sct_set_error(EINVAL, "unknown location '%s' (kernel, user, denied or unknown)",
			     name ? name : "");
}

/**
 * sct_vcpu_from_comm - the vCPU index a VMM wrote into a thread's name
 * @comm: the thread's name (comm), or NULL
 *
 * Knows QEMU's "CPU 3/KVM", kvmtool's "kvm-vcpu-3", crosvm's
 * "crosvm_vcpu3", Firecracker's "fc_vcpu 3" (older releases "fc_vcpu3")
 * and Cloud Hypervisor's "vcpu3". Returns the index, or -1 when @comm
 * names no vCPU.
 */
int sct_vcpu_from_comm(const char *comm)
{
	static const struct { const char *prefix, *suffix; } names[] = {
		{ "CPU ", "/KVM" },
		{ "kvm-vcpu-", "" },
		{ "crosvm_vcpu", "" },
		{ "fc_vcpu ", "" },
		{ "fc_vcpu", "" },
		{ "vcpu", "" },
	};
	unsigned long vcpu;
	size_t i, len;
	char *end;

	for (i = 0; comm && i < sizeof(names) / sizeof(names[0]); i++) {
		len = strlen(names[i].prefix);
		if (strncmp(comm, names[i].prefix, len) || comm[len] < '0' || comm[len] > '9')
			continue;
		vcpu = strtoul(comm + len, &end, 10);
		if (!strcmp(end, names[i].suffix) && vcpu <= INT32_MAX)
			return (int)vcpu;
	}
	return -1;
}
