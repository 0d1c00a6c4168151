// SPDX-License-Identifier: GPL-2.0
/*
 * The kprobe behind record --probe, on KVM's SMCCC handler, which takes
 * the vCPU as its first argument (arch/arm64/kvm/hypercalls.c):
 * kvm_smccc_call_handler (Linux 6.4+) for every HVC and SMC KVM takes,
 * else kvm_hvc_call_handler (before 6.4), for HVC only: there handle_smc
 * answers an SMC with x0 = ~0 itself. The guest's x0.. live in
 * vcpu->arch.ctxt.regs.regs[]: their offset comes from the kernel's BTF
 * (/sys/kernel/btf/vmlinux), and the probe reads them as +OFFSET($arg1),
 * which every kernel with kprobe events takes, and the vCPU's id
 * (vcpu->vcpu_id, what the VMM passed to KVM_CREATE_VCPU) the same way.
 * Where the offsets cannot be found but the kernel reads BTF fields in
 * probe arguments (newer kernels; 6.1 refuses them), x0 alone comes from
 * "vcpu->arch.ctxt.regs" (the first member of that struct).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include <smccctrace/error.h>

#include "btf.h"
#include "probe.h"

#define BTF_FILE	"/sys/kernel/btf/vmlinux"
#define BTF_MAX		(256u << 20)

/* KVM's SMCCC handlers, newest first */
static const struct handler {
	const char	*name;
	const char	*kernels;
	bool		smc;		/* SMC calls reach it too */
} handlers[] = {
	{ "kvm_smccc_call_handler", "Linux 6.4+", true },
	{ "kvm_hvc_call_handler", "before 6.4", false },
};

#define NR_HANDLERS	(sizeof(handlers) / sizeof(handlers[0]))

struct probe {
	struct tracefs_dynevent	*event;
	const struct handler	*handler;
	char			group[48];
	unsigned int		nregs;
};

/*
 * Whether @file lists the function @name as its word @word (0 first) of
 * a line: 1, 0, or -1 when it cannot be read (or lists nothing, as a
 * kallsyms hidden from us does)
 */
static int lists(const char *file, unsigned int word, const char *name)
{
	FILE *f = file ? fopen(file, "r") : NULL;
	size_t cap = 0, lines = 0, len = strlen(name);
	char *line = NULL, *s;
	int found = 0;
	unsigned int i;

	if (!f)
		return -1;
	while (!found && getline(&line, &cap, f) > 0) {
		lines++;
		for (s = line, i = 0; i < word && (s = strchr(s, ' ')); i++)
			s++;
		if (s && !strncmp(s, name, len) && strchr(" \t\n", s[len]))
			found = 1;
	}
	free(line);
	fclose(f);
	return found ? 1 : lines ? 0 : -1;
}

/* Whether the kernel has @name: 1, 0, or -1 when neither list says */
static int has_function(const char *name)
{
	char *path = tracefs_get_tracing_file("available_filter_functions");
	int ret = lists(path, 0, name);

	tracefs_put_tracing_file(path);
	if (ret < 0)
		ret = lists("/proc/kallsyms", 2, name);
	return ret;
}

/*
 * The offsets of x0 and of vcpu_id (SIZE_MAX when not found) in struct
 * kvm_vcpu, from the BTF; -1 with errno ENOENT when there is no BTF,
 * else EINVAL when x0's is not found
 */
static int vcpu_offsets(size_t *regs, size_t *vcpu_id)
{
	static const char *const path[] = { "arch", "ctxt", "regs", "regs", NULL };
	static const char *const id_path[] = { "vcpu_id", NULL };
	size_t len = 0, alloc = 1 << 22;
	char *buf = malloc(alloc), *tmp;
	FILE *f = fopen(BTF_FILE, "rb");
	int ret = -1, err = f ? EINVAL : ENOENT;
	size_t n;

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
	errno = err;
	return ret;
}

static int try_create(struct probe *p, const char *format)
{
	p->event = tracefs_kprobe_alloc(p->group, PROBE_EVENT, p->handler->name, format);
	if (p->event && !tracefs_dynevent_create(p->event))
		return 0;
	tracefs_dynevent_free(p->event);
	p->event = NULL;
	return -1;
}

/* The probe reading x0.. (and the vCPU's id) at the offsets the BTF gave */
static int create_at(struct probe *p, unsigned int nregs, size_t off, size_t id)
{
	char format[512];
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < nregs && i < PROBE_MAX_REGS; i++)
		len += (size_t)snprintf(format + len, sizeof(format) - len,
					"%sx%u=+%zu($arg1):u64", i ? " " : "", i, off + 8 * i);
	p->nregs = i;
	/* with the vCPU's id, else the registers alone */
	snprintf(format + len, sizeof(format) - len, " vcpu=+%zu($arg1):s32", id);
	if (id != SIZE_MAX && !try_create(p, format))
		return 0;
	format[len] = '\0';
	return try_create(p, format);
}

/* Neither handler is there: the error text says so */
static void no_handler(void)
{
	sct_set_error(ENOENT, "--probe: this kernel has neither %s (%s) nor %s (%s), KVM's "
		      "SMCCC handlers (not in available_filter_functions or /proc/kallsyms): "
		      "no arm64 KVM", handlers[0].name, handlers[0].kernels,
		      handlers[1].name, handlers[1].kernels);
}

/* The error when no probe was made, @btf_err being why the offsets lack */
static void no_probe(const struct probe *p, int btf_err)
{
	char *log = tracefs_error_last(NULL);

	if (btf_err == ENOENT)
		sct_set_error(ENOTSUP, "--probe: no %s: the kernel's BTF "
			      "(CONFIG_DEBUG_INFO_BTF) says where a vCPU's registers are",
			      BTF_FILE);
	else if (btf_err)
		sct_set_error(ENOTSUP, "--probe: the kernel's BTF has no "
			      "kvm_vcpu.arch.ctxt.regs.regs, and this kernel takes no BTF "
			      "fields in kprobe arguments");
	else
		sct_set_error(ENOTSUP, "--probe: the kernel refused a kprobe on %s: %s",
			      p->handler->name, log && *log ? log : strerror(errno));
	free(log);
}

/*
 * The probe on @p's handler: x0.. at the offsets the BTF gave, else (no
 * offsets: @btf_err) x0 by BTF field names. 0, or -1
 */
static int create_on(struct probe *p, unsigned int nregs, int btf_err, size_t off,
		     size_t id)
{
	if (!btf_err)
		return create_at(p, nregs, off, id);
	p->nregs = 1;
	return try_create(p, "x0=vcpu->arch.ctxt.regs:u64");
}

/**
 * probe_create - add the kprobe, as event PROBE_EVENT of its own group
 * @nregs: how many of x0..x7 to read (1-8)
 *
 * Returns the probe, which probe_destroy() removes, or NULL with errno and
 * the error text set, which names what the kernel lacks: kprobe events,
 * KVM's SMCCC handler, or its BTF.
 */
struct probe *probe_create(unsigned int nregs)
{
	struct probe *p = calloc(1, sizeof(*p));
	size_t i, off = 0, id = SIZE_MAX;
	int btf_err = 0, has;

	if (!p) {
		sct_set_error(ENOMEM, "out of memory");
		return NULL;
	}
	if (!tracefs_file_exists(NULL, "kprobe_events")) {
		sct_set_error(ENOTSUP, "--probe: this kernel has no kprobe events "
			      "(kprobe_events in tracefs, CONFIG_KPROBE_EVENTS)");
		goto fail;
	}
	snprintf(p->group, sizeof(p->group), "smccctrace_%d", (int)getpid());
	if (vcpu_offsets(&off, &id))
		btf_err = errno;
	/* the first handler the kernel lists; where no list says, each in turn */
	for (i = 0; i < NR_HANDLERS; i++) {
		has = has_function(handlers[i].name);
		if (!has)
			continue;
		p->handler = &handlers[i];
		if (!create_on(p, nregs, btf_err, off, id))
			return p;
		if (has > 0)
			break;
	}
	if (p->handler)
		no_probe(p, btf_err);
	else
		no_handler();
fail:
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

/* The handler the probe is on; a static string */
const char *probe_function(const struct probe *p)
{
	return p->handler->name;
}

/* Whether SMC calls reach the probed handler (Linux 6.4+) */
bool probe_sees_smc(const struct probe *p)
{
	return p->handler->smc;
}
