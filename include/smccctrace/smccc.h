/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * SMCCC function ID decoding (Arm DEN0028, include/linux/arm-smccc.h).
 */
#ifndef SMCCCTRACE_SMCCC_H
#define SMCCCTRACE_SMCCC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What libsmccctrace.so exports: the declarations of the public headers */
#pragma GCC visibility push(default)

/* Owning entity numbers, bits 29:24 of a function ID */
enum sct_owner {
	SCT_OWNER_ARCH		= 0,
	SCT_OWNER_CPU		= 1,
	SCT_OWNER_SIP		= 2,
	SCT_OWNER_OEM		= 3,
	SCT_OWNER_STD		= 4,
	SCT_OWNER_STD_HYP	= 5,
	SCT_OWNER_VENDOR_HYP	= 6,
	SCT_OWNER_TRUSTED_APP	= 48,	/* 48-49 */
	SCT_OWNER_TRUSTED_OS	= 50,	/* 50-63 */
	SCT_OWNER_MAX		= 63,
};

/**
 * struct sct_id_info - what an SMCCC function ID is
 * @id: the function ID
 * @fast: bit 31: fast call (true) or yielding call
 * @smc64: bit 30: SMC64/HVC64 calling convention
 * @sve_hint: bit 16: the SVE live-state hint (SMCCC 1.3)
 * @reserved_bits: a fast call with any of bits 23:17 set (invalid)
 * @owner: bits 29:24, the owning entity number (0-63)
 * @number: bits 15:0, the function number
 * @owner_name: short owner name ("ARCH", "SIP", "STD", "TRUSTED_OS", "RESERVED", ...)
 * @service: service within the owner ("PSCI", "TRNG", "SDEI", "FF-A", ...) or NULL
 * @name: the function's name ("PSCI_CPU_ON_64", ...) or NULL when unknown
 *
 * All strings are static; the caller frees nothing.
 */
struct sct_id_info {
	uint32_t	id;
	bool		fast;
	bool		smc64;
	bool		sve_hint;
	bool		reserved_bits;
	unsigned int	owner;
	unsigned int	number;
	const char	*owner_name;
	const char	*service;
	const char	*name;
};

void sct_decode(uint32_t id, struct sct_id_info *info);
const char *sct_owner_name(unsigned int owner);
const char *sct_function_name(uint32_t id);
bool sct_function_matches(uint32_t func_id, bool id_known, const char *pattern);

/* Enough for any sct_range_name() key */
#define SCT_RANGE_BUFSZ	24

/**
 * sct_range_name - the key that groups function IDs in reports
 * @id: the function ID
 * @buf: where the key goes
 * @size: size of @buf; SCT_RANGE_BUFSZ always suffices
 *
 * The key is "<group>/<32|64>" followed by "Y" for a yielding call:
 * <group> is the service when the ID lies in a known service range
 * ("PSCI/32", "PSCI/64", "TRNG/64", "SDEI/64", "FF-A/32", "KVM/32",
 * "pKVM/64", "ARCH/32", "PV_TIME/64"), otherwise the owner name
 * ("SIP/64", "VENDOR_HYP/64", "TRUSTED_OS/32"). Service ranges hold fast
 * calls only, so a yielding call is always keyed by its owner
 * ("TRUSTED_OS/32Y", "SIP/64Y"): yielding calls are not mixed with fast
 * ones. The SVE hint bit (16) does not change the key.
 *
 * Returns @buf, which the caller owns.
 */
const char *sct_range_name(uint32_t id, char *buf, size_t size);

/**
 * sct_for_each_named_id - call @fn for every function ID that has a name
 * @fn: called with each ID and its static name; a nonzero return stops the walk
 * @data: passed to @fn
 *
 * Returns the first nonzero value @fn returned, or 0.
 */
int sct_for_each_named_id(int (*fn)(uint32_t id, const char *name, void *data),
			  void *data);

#pragma GCC visibility pop

#endif /* SMCCCTRACE_SMCCC_H */
