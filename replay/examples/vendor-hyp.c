// SPDX-License-Identifier: GPL-2.0
/*
 * A small vendor-hypervisor service (owner 6) as a replay handler plugin:
 * the shape of what a VMM adds in the 0x86/0xC6 range.
 *
 *	0x8600ff00  CALL_COUNT      x0 = 5 (the functions below)
 *	0x8600ff01  CALL_UID        x0..x3 = this service's UUID
 *	0x8600ff03  REVISION        x0 = 1 (major), x1 = the minor revision
 *	0x86000000  FEATURES        x0 = bitmap of functions 0..2
 *	0xc6000001  VCPU_ID         x0 = 0, x1 = the calling vCPU's index
 *	0xc6000002  ECHO            x0 = 0, x1..x3 as the guest passed them
 *
 * One argument: --handler-arg minor=N sets the minor revision (default 0).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/handler.h>

#define VH_CALL_COUNT	0x8600ff00u
#define VH_CALL_UID	0x8600ff01u
#define VH_REVISION	0x8600ff03u
#define VH_FEATURES	0x86000000u
#define VH_VCPU_ID	0xc6000001u
#define VH_ECHO		0xc6000002u

/* 5b0e7a52-1c3d-4e8f-9a6b-2d4c8e0f1a37 in 32-bit words */
static const uint64_t uuid[4] = { 0x527a0e5b, 0x8f4e3d1c, 0x4c2d6b9a, 0x371a0f8e };

struct vendor_hyp {
	uint64_t	minor;
};

static int init(void **priv, const struct sct_handler_arg *args, size_t nargs,
		char *err, size_t errsz)
{
	struct vendor_hyp *vh = calloc(1, sizeof(*vh));
	char *end;
	size_t i;

	if (!vh)
		return -ENOMEM;
	for (i = 0; i < nargs; i++) {
		if (strcmp(args[i].key, "minor")) {
			snprintf(err, errsz, "unknown argument '%s' (minor=N)", args[i].key);
			free(vh);
			return -EINVAL;
		}
		vh->minor = strtoull(args[i].value, &end, 0);
		if (!args[i].value[0] || *end) {
			snprintf(err, errsz, "minor: '%s' is not a number", args[i].value);
			free(vh);
			return -EINVAL;
		}
	}
	*priv = vh;
	return 0;
}

static int handle(void *priv, struct sct_hypercall *hc)
{
	struct vendor_hyp *vh = priv;

	switch (hc->x[0]) {
	case VH_CALL_COUNT:
		hc->x[0] = 5;
		break;
	case VH_CALL_UID:
		memcpy(hc->x, uuid, sizeof(uuid));
		break;
	case VH_REVISION:
		hc->x[0] = 1;
		hc->x[1] = vh->minor;
		break;
	case VH_FEATURES:
		hc->x[0] = 0x7;
		break;
	case VH_VCPU_ID:
		hc->x[0] = 0;
		hc->x[1] = hc->vcpu;
		break;
	case VH_ECHO:
		hc->x[0] = 0;	/* x1..x3 stay as the guest passed them */
		break;
	}
	return 0;
}

static void fini(void *priv)
{
	free(priv);
}

const struct sct_handler sct_handler = {
	.abi_version	= SCT_HANDLER_ABI_VERSION,
	.name		= "vendor-hyp",
	.init		= init,
	.handle		= handle,
	.fini		= fini,
};
