/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Offsets of kernel struct members from BTF.
 */
#ifndef SMCCCTRACE_RECORD_BTF_H
#define SMCCCTRACE_RECORD_BTF_H

#include <stddef.h>

int btf_member_offset(const void *data, size_t len, const char *type,
		      const char *const *path, size_t *offset);

#endif /* SMCCCTRACE_RECORD_BTF_H */
