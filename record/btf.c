// SPDX-License-Identifier: GPL-2.0
/*
 * Just enough of a BTF reader (include/uapi/linux/btf.h) to find where a
 * member sits inside a kernel struct: record --probe needs the offset of
 * the guest's registers inside struct kvm_vcpu.
 *
 * Why not libbpf (Debian 12 has 1.1), which reads every kind and split
 * BTF: arm64 KVM cannot be a module (arch/arm64/kvm/Kconfig makes KVM a
 * bool), so struct kvm_vcpu is always in /sys/kernel/btf/vmlinux and split
 * (module) BTF is never needed; this reader knows every kind up to ENUM64
 * and refuses a kind it does not know instead of guessing its size. libbpf
 * would add libbpf1, libelf1 and zlib to what record needs on every arm64
 * host, and to the test bed's cross sysroot, to replace about 200 lines.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/array.h>

#include "btf.h"

#define BTF_MAGIC	0xeb9f

enum {
	KIND_INT = 1, KIND_PTR, KIND_ARRAY, KIND_STRUCT, KIND_UNION, KIND_ENUM,
	KIND_FWD, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT,
	KIND_FUNC, KIND_FUNC_PROTO, KIND_VAR, KIND_DATASEC, KIND_FLOAT,
	KIND_DECL_TAG, KIND_TYPE_TAG, KIND_ENUM64,
};

struct btf_header {
	uint16_t	magic;
	uint8_t		version;
	uint8_t		flags;
	uint32_t	hdr_len;
	uint32_t	type_off;
	uint32_t	type_len;
	uint32_t	str_off;
	uint32_t	str_len;
};

struct btf_type {
	uint32_t	name_off;
	uint32_t	info;
	uint32_t	size_or_type;
};

struct btf_member {
	uint32_t	name_off;
	uint32_t	type;
	uint32_t	offset;
};

struct btf {
	const uint8_t		*types;
	size_t			types_len;
	const char		*strs;
	size_t			strs_len;
	const struct btf_type	**index;	/* by type id; [0] unused */
	size_t			nr;
};

static unsigned int kind_of(const struct btf_type *t)
{
	return (t->info >> 24) & 0x1f;
}

static unsigned int vlen_of(const struct btf_type *t)
{
	return t->info & 0xffff;
}

/* Bytes that follow a type record, or -1 for a kind this reader lacks */
static long extra_of(const struct btf_type *t)
{
	switch (kind_of(t)) {
	case KIND_INT: case KIND_VAR: case KIND_DECL_TAG:
		return 4;
	case KIND_ARRAY:
		return 12;
	case KIND_STRUCT: case KIND_UNION: case KIND_DATASEC: case KIND_ENUM64:
		return 12L * vlen_of(t);
	case KIND_ENUM: case KIND_FUNC_PROTO:
		return 8L * vlen_of(t);
	case KIND_PTR: case KIND_FWD: case KIND_TYPEDEF: case KIND_VOLATILE:
	case KIND_CONST: case KIND_RESTRICT: case KIND_FUNC: case KIND_FLOAT:
	case KIND_TYPE_TAG:
		return 0;
	}
	return -1;
}

static int build_index(struct btf *b)
{
	size_t pos = 0, alloc = 0;
	const struct btf_type **tmp;
	long extra;

	b->nr = 1;
	while (pos + sizeof(struct btf_type) <= b->types_len) {
		const struct btf_type *t = (const void *)(b->types + pos);

		extra = extra_of(t);
		if (extra < 0)
			return -1;
		tmp = sct_array_room(b->index, &alloc, b->nr + 1, sizeof(*tmp));
		if (!tmp)
			return -1;
		b->index = tmp;
		b->index[b->nr++] = t;
		pos += sizeof(*t) + (size_t)extra;
	}
	return pos == b->types_len ? 0 : -1;
}

static const char *name_of(const struct btf *b, uint32_t off)
{
	return off < b->strs_len ? b->strs + off : "";
}

/* Through typedefs and qualifiers to the type itself */
static const struct btf_type *resolve(const struct btf *b, uint32_t id)
{
	const struct btf_type *t;
	int depth;

	for (depth = 0; depth < 16 && id && id < b->nr; depth++) {
		t = b->index[id];
		switch (kind_of(t)) {
		case KIND_TYPEDEF: case KIND_VOLATILE: case KIND_CONST:
		case KIND_RESTRICT: case KIND_TYPE_TAG:
			id = t->size_or_type;
			continue;
		}
		return t;
	}
	return NULL;
}

static const struct btf_member *member(const struct btf *b, const struct btf_type *t,
				       const char *name)
{
	const struct btf_member *m = (const void *)(t + 1);
	unsigned int i;

	for (i = 0; i < vlen_of(t); i++)
		if (!strcmp(name_of(b, m[i].name_off), name))
			return &m[i];
	return NULL;
}

static const struct btf_type *find_struct(const struct btf *b, const char *name)
{
	size_t id;

	for (id = 1; id < b->nr; id++)
		if (kind_of(b->index[id]) == KIND_STRUCT &&
		    !strcmp(name_of(b, b->index[id]->name_off), name))
			return b->index[id];
	return NULL;
}

static int walk(const struct btf *b, const char *type, const char *const *path,
		size_t *offset)
{
	const struct btf_type *t = find_struct(b, type);
	const struct btf_member *m;
	size_t bits = 0;

	for (; t && *path; path++) {
		if (kind_of(t) != KIND_STRUCT && kind_of(t) != KIND_UNION)
			return -1;
		m = member(b, t, *path);
		if (!m)
			return -1;
		bits += (t->info >> 31) ? (m->offset & 0xffffff) : m->offset;
		t = resolve(b, m->type);
	}
	if (!t || *path || bits % 8)
		return -1;
	*offset = bits / 8;
	return 0;
}

/**
 * btf_member_offset - where a member sits in a struct, from BTF data
 * @data: the BTF blob (e.g. /sys/kernel/btf/vmlinux)
 * @len: its size
 * @type: the struct's name ("kvm_vcpu")
 * @path: NULL-terminated member names, outermost first
 *        ({ "arch", "ctxt", "regs", "regs", NULL })
 * @offset: set to the member's byte offset from the start of @type
 *
 * Returns 0, or -1 with errno ENOENT when the path is not there, EINVAL
 * when @data is not BTF this reader understands.
 */
int btf_member_offset(const void *data, size_t len, const char *type,
		      const char *const *path, size_t *offset)
{
	const struct btf_header *h = data;
	struct btf b = { 0 };
	int ret;

	if (len < sizeof(*h) || h->magic != BTF_MAGIC || h->hdr_len > len ||
	    (size_t)h->hdr_len + h->type_off + h->type_len > len ||
	    (size_t)h->hdr_len + h->str_off + h->str_len > len) {
		errno = EINVAL;
		return -1;
	}
	b.types = (const uint8_t *)data + h->hdr_len + h->type_off;
	b.types_len = h->type_len;
	b.strs = (const char *)data + h->hdr_len + h->str_off;
	b.strs_len = h->str_len;
	if (build_index(&b)) {
		free(b.index);
		errno = EINVAL;
		return -1;
	}
	ret = walk(&b, type, path, offset);
	free(b.index);
	if (ret)
		errno = ENOENT;
	return ret;
}
