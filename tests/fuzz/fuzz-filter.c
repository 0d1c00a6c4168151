// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the SMCCC filter as a user gives it (--filter): JSON and
 * ACTION:BASE+N range strings, through the public functions. What parses
 * is a filter KVM would accept, and its JSON reads back the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/filter.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_filter(const struct sct_filter *a, const struct sct_filter *b)
{
	const struct sct_filter_range *ra, *rb;
	size_t i, n = sct_filter_count(a);

	if (!b || sct_filter_count(b) != n)
		abort();
	for (i = 0; i < n; i++) {
		ra = sct_filter_get(a, i);
		rb = sct_filter_get(b, i);
		if (ra->base != rb->base || ra->nr_functions != rb->nr_functions ||
		    ra->action != rb->action)
			abort();
	}
}

static void round_trip(const struct sct_filter *f)
{
	struct sct_filter *back;
	char *json;

	if (!f)
		return;
	json = sct_filter_to_json(f);
	if (!json)
		abort();
	back = sct_filter_from_json(json);
	same_filter(f, back);
	sct_filter_free(back);
	free(json);
}

/* The first byte picks the reader: JSON, a range string or KVM entries */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sct_kvm_entry *entries;
	struct sct_filter *f = NULL;
	char *text;
	size_t nr;

	if (!size)
		return 0;
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 3) {
	case 0:
		f = sct_filter_from_json(text);
		break;
	case 1:
		f = sct_filter_from_spec(text);
		break;
	default:
		entries = sct_kvm_entries_from_json(text, &nr);
		free(entries);
		break;
	}
	round_trip(f);
	sct_filter_free(f);
	free(text);
	return 0;
}
