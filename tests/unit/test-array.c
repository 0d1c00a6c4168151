// SPDX-License-Identifier: GPL-2.0
/*
 * Growable arrays (<smccctrace/array.h>): how the room grows, that the
 * elements survive a move, and the sizes that cannot be had.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <smccctrace/array.h>

#include "tap.h"

struct pair {
	uint64_t	a;
	uint32_t	b;
};

static void growth_tests(void)
{
	struct pair *v = NULL, *tmp;
	size_t alloc = 0, nr, i;
	int kept = 1;

	tmp = sct_array_room(v, &alloc, 1, sizeof(*v));
	ok(tmp != NULL, "the first element: room");
	v = tmp;
	is_u64(alloc, SCT_ARRAY_MIN, "  SCT_ARRAY_MIN elements");
	ok(sct_array_room(v, &alloc, 16, sizeof(*v)) == v, "room enough: the same array");
	is_u64(alloc, 16, "  the room unchanged");
	for (nr = 0; nr < 1000; nr++) {
		tmp = sct_array_room(v, &alloc, nr + 1, sizeof(*v));
		if (!tmp)
			break;
		v = tmp;
		v[nr] = (struct pair) { .a = nr * 3, .b = (uint32_t)nr };
	}
	is_u64(nr, 1000, "1000 appends");
	is_u64(alloc, 1024, "  the room doubled: 16 to 1024");
	for (i = 0; i < nr; i++)
		kept &= v[i].a == i * 3 && v[i].b == i;
	ok(kept, "  every element kept through the moves");
	tmp = sct_array_room(v, &alloc, 5000, sizeof(*v));
	ok(tmp != NULL, "a jump past double the room");
	v = tmp;
	is_u64(alloc, 8192, "  doubled until it holds it");
	ok(v[999].a == 2997, "  the elements kept");
	free(v);
}

static void limit_tests(void)
{
	size_t alloc = 0, big = PTRDIFF_MAX / sizeof(struct pair) + 1;
	struct pair *v = NULL, *tmp;

	v = sct_array_room(v, &alloc, 1, sizeof(*v));
	v[0].a = 42;
	errno = 0;
	tmp = sct_array_room(v, &alloc, big, sizeof(*v));
	ok(!tmp && errno == ENOMEM, "more than PTRDIFF_MAX bytes of elements: ENOMEM");
	ok(alloc == SCT_ARRAY_MIN && v[0].a == 42, "  the array and its room unchanged");
	errno = 0;
	tmp = sct_array_room(v, &alloc, SIZE_MAX, 1);
	ok(!tmp && errno == ENOMEM, "SIZE_MAX bytes: ENOMEM, refused before realloc()");
	is_u64(alloc, SCT_ARRAY_MIN, "  the room unchanged");
	errno = 0;
	ok(!sct_array_room(NULL, &(size_t){ 0 }, 1, 0) && errno == ENOMEM,
	   "elements of size 0: refused");
	free(v);
}

int main(void)
{
	growth_tests();
	limit_tests();
	return tap_done();
}
