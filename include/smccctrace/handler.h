/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The replay handler ABI: what "smccctrace replay --handler PLUGIN.so" loads.
 *
 * A handler answers SMCCC calls the way a VMM does on KVM_EXIT_HYPERCALL:
 * it gets the vCPU index, the flags of kvm_run.hypercall.flags and the
 * guest's x0..x17, and writes back the registers the guest gets (x0..x3 at
 * least). A plugin is a shared object that exports one descriptor,
 * SCT_HANDLER_SYMBOL, whose first member is the ABI version it was built
 * for; smccctrace refuses a plugin built for another version.
 *
 * Wrapping a VMM's existing handler takes a few lines:
 *
 *	#include <smccctrace/handler.h>
 *
 *	static int handle(void *priv, struct sct_hypercall *hc)
 *	{
 *		// my_vmm_smccc(vcpu, regs) answers in regs[0..3]
 *		return my_vmm_smccc(hc->vcpu, hc->x);
 *	}
 *
 *	const struct sct_handler sct_handler = {
 *		.abi_version	= SCT_HANDLER_ABI_VERSION,
 *		.name		= "my-vmm",
 *		.handle		= handle,
 *	};
 *
 * and "cc -shared -fPIC $(pkg-config --cflags smccctrace-handler) -o my.so
 * my.c". docs/smccctrace-handler.7 has the whole story.
 *
 * The header depends on nothing but <stdint.h> and <stddef.h>, so a VMM
 * includes it without the rest of smccctrace.
 */
#ifndef SMCCCTRACE_HANDLER_H
#define SMCCCTRACE_HANDLER_H

#include <stddef.h>
#include <stdint.h>

/* The ABI this header describes; bumped on any incompatible change */
#define SCT_HANDLER_ABI_VERSION	1

/* The name of the descriptor a plugin exports */
#define SCT_HANDLER_SYMBOL	"sct_handler"

/* Registers a call carries in and out: x0..x17 (SMCCC 1.2) */
#define SCT_HANDLER_NREGS	18

/* struct sct_hypercall flags: kvm_run.hypercall.flags (Linux 6.4+) */
#define SCT_HYPERCALL_SMC	(1u << 0)	/* KVM_HYPERCALL_EXIT_SMC: SMC conduit */
#define SCT_HYPERCALL_16BIT	(1u << 1)	/* KVM_HYPERCALL_EXIT_16BIT: 16-bit instruction */

/* What SMCCC says of a function ID it does not know (x0 = -1) */
#define SCT_SMCCC_NOT_SUPPORTED	UINT64_MAX

/**
 * struct sct_hypercall - one call, as a VMM sees it on KVM_EXIT_HYPERCALL
 * @vcpu: the vCPU index that made the call
 * @flags: SCT_HYPERCALL_* as in kvm_run.hypercall.flags
 * @x: in: the guest's x0..x17 (x0 the function ID, as kvm_run.hypercall.nr);
 *     out: what the guest gets back, x0..x3 at least. A handler writes
 *     only what it answers: registers it leaves alone keep the guest's
 *     values, and an x0 left holding the function ID (a call the handler
 *     does not implement) reaches the guest as SCT_SMCCC_NOT_SUPPORTED.
 */
struct sct_hypercall {
	uint32_t	vcpu;
	uint32_t	flags;
	uint64_t	x[SCT_HANDLER_NREGS];
};

/**
 * struct sct_handler_arg - one "--handler-arg KEY=VALUE"
 * @key: the text before the first '='
 * @value: the text after it ("" when there was no '=')
 */
struct sct_handler_arg {
	const char	*key;
	const char	*value;
};

/**
 * struct sct_handler - the descriptor a plugin exports as SCT_HANDLER_SYMBOL
 * @abi_version: SCT_HANDLER_ABI_VERSION of the header the plugin was built
 *               with; the only member read before the version is checked
 * @name: a short name for messages and the replay session's source
 * @init: optional; called once before any call with the --handler-arg
 *        pairs (valid only during the call). Stores the handler's state in
 *        *@priv. Returns 0, or a negative errno and may write a one-line
 *        reason (NUL-terminated, at most @errsz bytes) to @err; the replay
 *        then stops before any call.
 * @handle: answers one call in @hc->x. May run on several threads at once
 *          (replay --parallel, one thread per vCPU, as a VMM's vCPU threads
 *          would). Returns 0, or a negative errno to fail the replay at
 *          this call.
 * @fini: optional; called once after the last call with what init stored.
 *
 * All strings are owned by the plugin and must outlive its use.
 */
struct sct_handler {
	uint32_t	abi_version;
	const char	*name;
	int		(*init)(void **priv, const struct sct_handler_arg *args,
				size_t nargs, char *err, size_t errsz);
	int		(*handle)(void *priv, struct sct_hypercall *hc);
	void		(*fini)(void *priv);
};

#endif /* SMCCCTRACE_HANDLER_H */
