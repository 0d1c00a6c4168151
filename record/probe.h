/* SPDX-License-Identifier: GPL-2.0 */
/*
 * record --probe: a kprobe on KVM's SMCCC handler that reads the guest's
 * registers from the vCPU, so that every call, an SMC answered in the
 * kernel too, gets its function ID and arguments.
 */
#ifndef SMCCCTRACE_RECORD_PROBE_H
#define SMCCCTRACE_RECORD_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#define PROBE_EVENT	"smccc"
#define PROBE_MAX_REGS	8	/* x0..x7 */

struct probe;

struct probe *probe_create(unsigned int nregs);
void probe_destroy(struct probe *probe);
const char *probe_group(const struct probe *probe);
unsigned int probe_regs(const struct probe *probe);
const char *probe_function(const struct probe *probe);
bool probe_sees_smc(const struct probe *probe);

#endif /* SMCCCTRACE_RECORD_PROBE_H */
