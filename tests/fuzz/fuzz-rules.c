// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: diff's --fail-on rules (analyze/diff-rules.c). A rule that
 * parses keeps its text, and applying it to any two figures is defined.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diff-rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t figures[] = { 0, 1, 1000, UINT64_MAX / 2, UINT64_MAX - 1, UINT64_MAX };
	struct diff_rule rule;
	size_t i, j;
	char *text;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (!diff_rule_parse(text, &rule)) {
		if (strnlen(rule.text, sizeof(rule.text)) == sizeof(rule.text))
			abort();
		for (i = 0; i < sizeof(figures) / sizeof(figures[0]); i++)
			for (j = 0; j < sizeof(figures) / sizeof(figures[0]); j++)
				diff_rule_exceeded(&rule, figures[i], figures[j]);
	}
	free(text);
	return 0;
}
