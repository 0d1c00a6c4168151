// SPDX-License-Identifier: GPL-2.0
/*
 * corrupt: damaged copies of a file, reproducibly.
 *
 *	corrupt SEED IN OUT		a few bytes changed
 *	corrupt flip OFFSET BIT IN OUT	one bit flipped
 *	corrupt cut N IN PREFIX		PREFIX0.dat .. PREFIX<N-1>.dat: the
 *					first 0 .. N-1 bytes of IN
 *
 * SEED picks how many bytes (1-8), where, and their new values; the same
 * seed always gives the same file. Half the seeds also cut the file short.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

/* splitmix64 */
static uint64_t next(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned char *load(const char *path, long *size)
{
	unsigned char *buf;
	FILE *f;

	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (*size = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET)) {
		perror(path);
		exit(2);
	}
	buf = malloc(*size);
	if (!buf || fread(buf, 1, *size, f) != (size_t)*size) {
		perror(path);
		exit(2);
	}
	fclose(f);
	return buf;
}

static void save(const char *path, const unsigned char *buf, long size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(buf, 1, size, f) != (size_t)size || fclose(f)) {
		perror(path);
		exit(2);
	}
}

static int cut(long n, const char *in, const char *prefix)
{
	unsigned char *buf;
	char path[4096];
	long size, i;

	buf = load(in, &size);
	for (i = 0; i < n && i <= size; i++) {
		snprintf(path, sizeof(path), "%s%ld.dat", prefix, i);
		save(path, buf, i);
	}
	free(buf);
	return 0;
}

static int flip(long offset, int bit, const char *in, const char *out)
{
	unsigned char *buf;
	long size;

	buf = load(in, &size);
	if (offset < 0 || offset >= size || bit < 0 || bit > 7) {
		fprintf(stderr, "corrupt: %s: no bit %d at offset %ld\n", in, bit, offset);
		return 2;
	}
	buf[offset] ^= 1u << bit;
	save(out, buf, size);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char *buf;
	long size, i, n;

	if (argc == 6 && !strcmp(argv[1], "flip"))
		return flip(strtol(argv[2], NULL, 0), atoi(argv[3]), argv[4], argv[5]);
	if (argc == 5 && !strcmp(argv[1], "cut"))
		return cut(strtol(argv[2], NULL, 0), argv[3], argv[4]);
	if (argc != 4) {
		fprintf(stderr, "usage: corrupt SEED IN OUT\n"
			"       corrupt flip OFFSET BIT IN OUT\n"
			"       corrupt cut N IN PREFIX\n");
		return 2;
	}
	state = strtoull(argv[1], NULL, 0);
	buf = load(argv[2], &size);
	n = 1 + next() % 8;
	for (i = 0; i < n; i++)
		buf[next() % size] = (unsigned char)next();
	if (next() & 1)
		size -= next() % size;
	save(argv[3], buf, size);
	free(buf);
	return 0;
}
