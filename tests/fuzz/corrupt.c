// SPDX-License-Identifier: GPL-2.0
/*
 * corrupt: write a copy of a file with a few bytes changed, reproducibly.
 *
 *	corrupt SEED IN OUT
 *
 * SEED picks how many bytes (1-8), where, and their new values; the same
 * seed always gives the same file. Half the seeds also cut the file short.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state;

/* splitmix64 */
static uint64_t next(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
	unsigned char *buf;
	long size, i, n;
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: corrupt SEED IN OUT\n");
		return 2;
	}
	state = strtoull(argv[1], NULL, 0);
	f = fopen(argv[2], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET)) {
		perror(argv[2]);
		return 2;
	}
	buf = malloc(size);
	if (!buf || fread(buf, 1, size, f) != (size_t)size) {
		perror(argv[2]);
		return 2;
	}
	fclose(f);
	n = 1 + next() % 8;
	for (i = 0; i < n; i++)
		buf[next() % size] = (unsigned char)next();
	if (next() & 1)
		size -= next() % size;
	f = fopen(argv[3], "wb");
	if (!f || fwrite(buf, 1, size, f) != (size_t)size || fclose(f)) {
		perror(argv[3]);
		return 2;
	}
	free(buf);
	return 0;
}
