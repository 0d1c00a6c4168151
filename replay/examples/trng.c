// SPDX-License-Identifier: GPL-2.0
/*
 * An Arm TRNG 1.0 service (Arm DEN0098) in userspace, as a replay
 * handler plugin: what a VMM answers when it forwards the TRNG range.
 *
 *	cc -shared -fPIC $(pkg-config --cflags smccctrace-handler) -o trng.so trng.c
 *	smccctrace replay --handler ./trng.so
 *
 * Entropy comes from getrandom(2). Calls outside TRNG are left alone:
 * their x0 still holds the function ID, which the guest gets as
 * NOT_SUPPORTED.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <smccctrace/handler.h>

#define TRNG_VERSION		0x84000050u
#define TRNG_FEATURES		0x84000051u
#define TRNG_GET_UUID		0x84000052u
#define TRNG_RND32		0x84000053u
#define TRNG_RND64		0xc4000053u

#define TRNG_VERSION_1_0	0x10000u
#define TRNG_SUCCESS		0
#define TRNG_NOT_SUPPORTED	UINT64_MAX		/* -1 */
#define TRNG_INVALID_PARAMETER	((uint64_t)-2)
#define TRNG_NO_ENTROPY		((uint64_t)-3)

/* This service's own UUID, 7c1e5a3e-96b4-4f0e-8a51-3d2b9f6c0e17, in 32-bit words */
static const uint64_t uuid[4] = { 0x3e5a1e7c, 0x0e4fb496, 0x2b3d518a, 0x170e6c9f };

static int is_trng(uint32_t fn)
{
	return fn == TRNG_VERSION || fn == TRNG_FEATURES || fn == TRNG_GET_UUID ||
	       fn == TRNG_RND32 || fn == TRNG_RND64;
}

/* N random bits, the rest zero, in x1..x3 with the low bits in x3 */
static void rnd(struct sct_hypercall *hc, unsigned int width)
{
	uint64_t nbits = hc->x[1], bits[3] = { 0, 0, 0 };
	uint64_t mask = width == 32 ? 0xffffffffu : UINT64_MAX;
	int i;

	if (nbits == 0 || nbits > 3 * width) {
		hc->x[0] = TRNG_INVALID_PARAMETER;
		return;
	}
	if (getrandom(bits, sizeof(bits), 0) != sizeof(bits)) {
		hc->x[0] = TRNG_NO_ENTROPY;
		return;
	}
	for (i = 0; i < 3; i++) {
		bits[i] &= mask;
		if (nbits <= width * (uint64_t)i)
			bits[i] = 0;
		else if (nbits < width * (uint64_t)(i + 1))
			bits[i] &= (1ull << (nbits - width * i)) - 1;
	}
	hc->x[0] = TRNG_SUCCESS;
	hc->x[1] = bits[2];
	hc->x[2] = bits[1];
	hc->x[3] = bits[0];
}

static int handle(void *priv, struct sct_hypercall *hc)
{
	uint32_t fn = (uint32_t)hc->x[0];

	if (hc->x[0] > UINT32_MAX)
		return 0;
	switch (fn) {
	case TRNG_VERSION:
		hc->x[0] = TRNG_VERSION_1_0;
		break;
	case TRNG_FEATURES:
		hc->x[0] = hc->x[1] <= UINT32_MAX && is_trng((uint32_t)hc->x[1]) ?
			   TRNG_SUCCESS : TRNG_NOT_SUPPORTED;
		break;
	case TRNG_GET_UUID:
		memcpy(hc->x, uuid, sizeof(uuid));
		break;
	case TRNG_RND32:
		rnd(hc, 32);
		break;
	case TRNG_RND64:
		rnd(hc, 64);
		break;
	}
	return 0;
}

const struct sct_handler sct_handler = {
	.abi_version	= SCT_HANDLER_ABI_VERSION,
	.name		= "trng",
	.handle		= handle,
};
