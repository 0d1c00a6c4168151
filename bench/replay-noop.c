// SPDX-License-Identifier: GPL-2.0
/*
 * A replay handler plugin that does nothing but answer SUCCESS: what
 * bench/replay.sh replays, so that what is timed is replay's own cost.
 */
#include <smccctrace/handler.h>

static int handle(void *priv, struct sct_hypercall *hc)
{
	hc->x[0] = 0;
	return 0;
}

const struct sct_handler sct_handler = {
	.abi_version	= SCT_HANDLER_ABI_VERSION,
	.name		= "noop",
	.handle		= handle,
};
