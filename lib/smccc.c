// SPDX-License-Identifier: LGPL-2.1
/*
 * SMCCC function ID decoding (Arm DEN0028, include/linux/arm-smccc.h).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <smccctrace/smccc.h>

#include "smccc-internal.h"

struct owner_range {
	unsigned int	first;
	unsigned int	last;
	const char	*name;
};

static const struct owner_range owners[] = {
	{ SCT_OWNER_ARCH,	 SCT_OWNER_ARCH,	"ARCH" },
	{ SCT_OWNER_CPU,	 SCT_OWNER_CPU,		"CPU" },
	{ SCT_OWNER_SIP,	 SCT_OWNER_SIP,		"SIP" },
	{ SCT_OWNER_OEM,	 SCT_OWNER_OEM,		"OEM" },
	{ SCT_OWNER_STD,	 SCT_OWNER_STD,		"STD" },
	{ SCT_OWNER_STD_HYP,	 SCT_OWNER_STD_HYP,	"STD_HYP" },
	{ SCT_OWNER_VENDOR_HYP,	 SCT_OWNER_VENDOR_HYP,	"VENDOR_HYP" },
	{ 7,			 47,			"RESERVED" },
	{ SCT_OWNER_TRUSTED_APP, 49,			"TRUSTED_APP" },
	{ SCT_OWNER_TRUSTED_OS,	 SCT_OWNER_MAX,		"TRUSTED_OS" },
};

/**
 * sct_owner_name - the short name of an owning entity number
 * @owner: bits 29:24 of a function ID (0-63)
 *
 * Returns "ARCH", "CPU", "SIP", "OEM", "STD", "STD_HYP", "VENDOR_HYP",
 * "RESERVED" (7-47), "TRUSTED_APP" (48-49) or "TRUSTED_OS" (50-63); a
 * static string the caller does not free. Numbers above 63 are
 * "RESERVED" too.
 */
const char *sct_owner_name(unsigned int owner)
{
	size_t i;

	for (i = 0; i < sizeof(owners) / sizeof(owners[0]); i++) {
		if (owner >= owners[i].first && owner <= owners[i].last)
			return owners[i].name;
	}
	return "RESERVED";
}

/**
 * sct_range_group - the group of range keys a user names, in any case
 * @name: a service ("PSCI", "pkvm") or an owner name ("VENDOR_HYP"), not
 *        NUL-terminated
 * @len: its length
 *
 * Returns the group as sct_range_name() spells it (a static string the
 * caller does not free), or NULL when @name is neither.
 */
const char *sct_range_group(const char *name, size_t len)
{
	const char *service = sct_service_by_name(name, len);
	size_t i;

	if (service)
		return service;
	for (i = 0; i < sizeof(owners) / sizeof(owners[0]); i++) {
		if (strlen(owners[i].name) == len && !strncasecmp(owners[i].name, name, len))
			return owners[i].name;
	}
	return NULL;
}

/**
 * sct_decode - split an SMCCC function ID into its fields and names
 * @id: the function ID (w0 of the call)
 * @info: filled in completely; the caller owns it
 *
 * The strings @info points to are static: the caller frees nothing.
 * @info->name and @info->service are NULL when not known.
 */
void sct_decode(uint32_t id, struct sct_id_info *info)
{
	memset(info, 0, sizeof(*info));
	info->id = id;
	info->fast = id & SCT_SMCCC_FAST;
	info->smc64 = id & SCT_SMCCC_64;
	info->sve_hint = id & SCT_SMCCC_SVE_HINT;
	info->reserved_bits = info->fast && (id & SCT_SMCCC_MBZ);
	info->owner = (id >> SCT_SMCCC_OWNER_SHIFT) & SCT_SMCCC_OWNER_MASK;
	info->number = id & SCT_SMCCC_NUMBER_MASK;
	info->owner_name = sct_owner_name(info->owner);
	info->service = sct_service_name(id);
	info->name = sct_function_name(id);
}

/**
 * sct_range_name - the grouping key of a function ID in reports
 * @id: the function ID
 * @buf: where the key goes
 * @size: size of @buf; SCT_RANGE_BUFSZ always suffices
 *
 * See smccc.h for the format. Writes the key into @buf (truncated to
 * @size) and returns @buf, which the caller owns.
 */
const char *sct_range_name(uint32_t id, char *buf, size_t size)
{
	const char *group;

	group = sct_service_name(id);
	if (!group)
		group = sct_owner_name((id >> SCT_SMCCC_OWNER_SHIFT) & SCT_SMCCC_OWNER_MASK);
	snprintf(buf, size, "%s/%s%s", group, id & SCT_SMCCC_64 ? "64" : "32",
		 id & SCT_SMCCC_FAST ? "" : "Y");
	return buf;
}
