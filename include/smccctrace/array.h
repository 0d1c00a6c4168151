/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Growable arrays: an array, its count and its room, grown by doubling.
 * One helper for every such array of the library and the tool, so the
 * size arithmetic is checked in one place.
 */
#ifndef SMCCCTRACE_ARRAY_H
#define SMCCCTRACE_ARRAY_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* The room a growable array gets first, in elements */
enum { SCT_ARRAY_MIN = 16 };

/**
 * sct_array_room - room for at least @need elements in a growable array
 * @array: the array, or NULL while it has no room
 * @alloc: its room in elements; updated when the array grows
 * @need: how many elements it must hold (at least 1)
 * @size: the size of one element (sizeof(*array)), not 0
 *
 * When @need exceeds the room, the room doubles (from SCT_ARRAY_MIN)
 * until it holds @need, so that n appends cost O(n), and the array is
 * realloc()ed; the elements past the old room are not initialised. The
 * caller keeps owning the array and frees it with free().
 *
 *	tmp = sct_array_room(v->calls, &v->alloc, v->nr + 1, sizeof(*tmp));
 *	if (!tmp)
 *		return -1;
 *	v->calls = tmp;
 *
 * Returns the array, moved or not (assign it back), or NULL with errno
 * ENOMEM when memory runs out or @need elements would take more than
 * PTRDIFF_MAX bytes (more than malloc() gives): then @array is still
 * allocated and unchanged, and @alloc too.
 */
static inline void *sct_array_room(void *array, size_t *alloc, size_t need, size_t size)
{
	size_t max = size ? PTRDIFF_MAX / size : 0;
	size_t n = *alloc ? *alloc : SCT_ARRAY_MIN;
	void *p;

	if (need <= *alloc && array)
		return array;
	if (need > max) {
		errno = ENOMEM;
		return NULL;
	}
	while (n < need)
		n = n > max / 2 ? max : n * 2;
	if (n > max)
		n = max;
	p = realloc(array, n * size);
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	*alloc = n;
	return p;
}

#endif /* SMCCCTRACE_ARRAY_H */
