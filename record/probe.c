// SPDX-License-Identifier: GPL-2.0
/*
 * The kprobe behind record --probe, on kvm_smccc_call_handler(vcpu), which
 * KVM calls for every HVC and SMC it takes (arch/arm64/kvm/hypercalls.c).
 * The guest's x0.. live in vcpu->arch.ctxt.regs.regs[]: their offset comes
 * from the kernel's BTF (/sys/kernel/btf/vmlinux), and the probe reads
 * them as +OFFSET($arg1), and the vCPU's id (vcpu->vcpu_id, what the VMM
 * passed to KVM_CREATE_VCPU) the same way. Where the offsets cannot be
 * found but the kernel reads BTF fields in probe arguments, x0 alone comes from
 * "vcpu->arch.ctxt.regs" (the first member of that struct).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include <smccctrace/error.h>

#include "btf.h"
#include "probe.h"

#define PROBE_FUNC	"kvm_smccc_call_handler"
#define BTF_FILE	"/sys/kernel/btf/vmlinux"
#define BTF_MAX		(256u << 20)

struct probe {
	struct tracefs_dynevent	*event;
	char			group[48];
	unsigned int		nregs;
};

/*
 * The offsets of x0 and of vcpu_id (SIZE_MAX when not found) in struct
 * kvm_vcpu, from the BTF; -1 when x0's is not found
 */
static int vcpu_offsets(size_t *regs, size_t *vcpu_id)
{
	static const char *const path[] = { "arch", "ctxt", "regs", "regs", NULL };
	static const char *const id_path[] = { "vcpu_id", NULL };
	size_t len = 0, alloc = 1 << 22;
	char *buf = malloc(alloc), *tmp;
	FILE *f = fopen(BTF_FILE, "rb");
	size_t n;
	int ret = -1;

	while (f && buf && (n = fread(buf + len, 1, alloc - len, f)) > 0) {
		len += n;
		if (len == alloc && alloc < BTF_MAX && (tmp = realloc(buf, alloc * 2))) {
			buf = tmp;
			alloc *= 2;
		}
	}
	if (f && buf)
		ret = btf_member_offset(buf, len, "kvm_vcpu", path, regs);
	if (!ret && btf_member_offset(buf, len, "kvm_vcpu", id_path, vcpu_id))
		*vcpu_id = SIZE_MAX;	/* the registers without it */
	if (f)
		fclose(f);
	free(buf);
	return ret;
}

static int try_create(struct probe *p, const char *format)
{
	p->event = tracefs_kprobe_alloc(p->group, PROBE_EVENT, PROBE_FUNC, format);
	if (p->event && !tracefs_dynevent_create(p->event))
		return 0;
	tracefs_dynevent_free(p->event);
	p->event = NULL;
	return -1;
}

/**
 * probe_create - add the kprobe, as event PROBE_EVENT of its own group
 * @nregs: how many of x0..x7 to read (1-8)
 *
 * Returns the probe, which probe_destroy() removes, or NULL with errno and
 * the error text set.
 */
struct probe *probe_create(unsigned int nregs)
{
	struct probe *p = calloc(1, sizeof(*p));
	size_t off, id, len = 0;
	char format[512];
	unsigned int i;

	if (!p) {
		sct_set_error(ENOMEM, "out of memory");
		return NULL;
	}
	snprintf(p->group, sizeof(p->group), "smccctrace_%d", (int)getpid());
	if (!vcpu_offsets(&off, &id)) {
		for (i = 0; i < nregs && i < PROBE_MAX_REGS; i++)
			len += (size_t)snprintf(format + len, sizeof(format) - len,
						"%sx%u=+%zu($arg1):u64", i ? " " : "", i, off + 8 * i);
		p->nregs = i;
		/* with the vCPU's id, else the registers alone */
		snprintf(format + len, sizeof(format) - len, " vcpu=+%zu($arg1):s32", id);
		if (id != SIZE_MAX && !try_create(p, format))
			return p;
		format[len] = '\0';
		if (!try_create(p, format))
			return p;
	}
	p->nregs = 1;
	if (!try_create(p, "x0=vcpu->arch.ctxt.regs:u64"))
		return p;
	sct_set_error(ENOTSUP, "this kernel takes no probe on " PROBE_FUNC " reading the vCPU's "
		      "registers (needs arm64 KVM, kprobe events and BTF)");
	free(p);
	return NULL;
}

/**
 * probe_destroy - remove the kprobe; NULL is harmless
 * @p: the probe
 */
void probe_destroy(struct probe *p)
{
	if (!p)
		return;
	tracefs_dynevent_destroy(p->event, true);
	tracefs_dynevent_free(p->event);
	free(p);
}

/* The probe's event group; @p owns it */
const char *probe_group(const struct probe *p)
{
	return p->group;
}

/* How many of x0.. the probe reads */
unsigned int probe_regs(const struct probe *p)
{
	return p->nregs;
}
