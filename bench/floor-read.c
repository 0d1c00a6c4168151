// SPDX-License-Identifier: GPL-2.0
/*
 * The reading floor of an import: libtracecmd reading every record of a
 * trace.dat file and nothing else (no decoding, no output).
 *
 *	bench/floor-read FILE.dat
 *
 * Prints the records read and the CPU seconds taken. Whatever an import
 * does, it reads at least this much.
 */
#include <stdio.h>
#include <time.h>

#include <trace-cmd.h>

struct tally {
	unsigned long long	records;
	unsigned long long	sum;	/* of the time stamps, so that they are read */
};

static int on_record(struct tracecmd_input *handle, struct tep_record *rec,
		     int cpu, void *data)
{
	struct tally *t = data;

	t->records++;
	t->sum += rec->ts;
	return 0;
}

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct tracecmd_input *handle;
	struct tally t = { 0 };
	double t0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE.dat\n", argv[0]);
		return 2;
	}
	t0 = cpu_s();
	tracecmd_set_loglevel(TEP_LOG_NONE);
	handle = tracecmd_open(argv[1], 0);
	if (!handle) {
		fprintf(stderr, "floor-read: %s: cannot read it as a trace.dat file\n", argv[1]);
		return 2;
	}
	if (tracecmd_iterate_events(handle, NULL, 0, on_record, &t) < 0) {
		fprintf(stderr, "floor-read: %s: reading the records failed\n", argv[1]);
		tracecmd_close(handle);
		return 1;
	}
	tracecmd_close(handle);
	printf("%llu records, %.3f s CPU (time stamps sum to %llu)\n",
	       t.records, cpu_s() - t0, t.sum);
	return 0;
}
