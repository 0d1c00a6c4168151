/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * SMCCC function ID bits and the service table, shared by smccc.c and
 * smccc-names.c.
 */
#ifndef SMCCCTRACE_LIB_SMCCC_INTERNAL_H
#define SMCCCTRACE_LIB_SMCCC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#define SCT_SMCCC_FAST		(1U << 31)
#define SCT_SMCCC_64		(1U << 30)
#define SCT_SMCCC_OWNER_SHIFT	24
#define SCT_SMCCC_OWNER_MASK	0x3FU
#define SCT_SMCCC_MBZ		0x00FE0000U	/* bits 23:17 of a fast call */
#define SCT_SMCCC_SVE_HINT	0x00010000U	/* bit 16 */
#define SCT_SMCCC_NUMBER_MASK	0xFFFFU

const char *sct_service_name(uint32_t id);
const char *sct_service_by_name(const char *name, size_t len);
const char *sct_range_group(const char *name, size_t len);

#endif /* SMCCCTRACE_LIB_SMCCC_INTERNAL_H */
