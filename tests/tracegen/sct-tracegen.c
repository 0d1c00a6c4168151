// SPDX-License-Identifier: GPL-2.0
/*
 * sct-tracegen [-o FILE.dat] [-t TRUTH.csv] [SCENARIO]
 *
 * Writes a trace-cmd data file (version 6) of arm64 kvm events described
 * by SCENARIO (standard input when absent or "-"), and optionally a CSV
 * of the SMCCC calls in it. Exit status: 0 done, 2 bad usage or scenario.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tracegen.h"

static void usage(FILE *fp)
{
	fputs("usage: sct-tracegen [-o FILE.dat] [-t TRUTH.csv] [SCENARIO]\n"
	      "  -o FILE   the trace-cmd data file to write (default trace.dat)\n"
	      "  -t FILE   also write the calls as CSV\n"
	      "  SCENARIO  the scenario text (default: standard input)\n", fp);
}

/**
 * struct tg_output - a file written under a temporary name, then renamed
 * @path:	the final name
 * @tmp:	the temporary name, NULL once renamed or removed
 * @fp:		the open temporary file
 */
struct tg_output {
	const char	*path;
	char		*tmp;
	FILE		*fp;
};

static int output_open(struct tg_output *out, const char *path)
{
	size_t len = strlen(path) + sizeof(".XXXXXX");
	int fd;

	out->path = path;
	out->tmp = malloc(len);
	if (!out->tmp)
		return -1;
	snprintf(out->tmp, len, "%s.XXXXXX", path);
	fd = mkstemp(out->tmp);
	if (fd < 0) {
		fprintf(stderr, "sct-tracegen: %s: %s\n", path, strerror(errno));
		free(out->tmp);
		out->tmp = NULL;
		return -1;
	}
	out->fp = fdopen(fd, "w+");
	if (!out->fp) {
		close(fd);
		return -1;
	}
	return 0;
}

/* Remove the temporary file if it is still there */
static void output_discard(struct tg_output *out)
{
	if (out->fp)
		fclose(out->fp);
	out->fp = NULL;
	if (out->tmp)
		unlink(out->tmp);
	free(out->tmp);
	out->tmp = NULL;
}

static int output_commit(struct tg_output *out)
{
	int ret = fclose(out->fp);

	out->fp = NULL;
	if (ret || chmod(out->tmp, 0644) || rename(out->tmp, out->path)) {
		fprintf(stderr, "sct-tracegen: %s: %s\n", out->path,
			strerror(errno));
		return -1;
	}
	free(out->tmp);
	out->tmp = NULL;
	return 0;
}

static int read_scenario(struct tg_scenario *sc, const char *path)
{
	FILE *fp = stdin;
	int ret;

	if (strcmp(path, "-")) {
		fp = fopen(path, "r");
		if (!fp) {
			fprintf(stderr, "sct-tracegen: %s: %s\n", path,
				strerror(errno));
			return -1;
		}
	}
	ret = tg_scenario_read(sc, fp);
	if (fp != stdin)
		fclose(fp);
	return ret;
}

static int write_outputs(struct tg_scenario *sc, const char *dat,
			 const char *truth)
{
	struct tg_output out[2] = { { 0 } };
	int ret = -1;

	if (output_open(&out[0], dat) || tg_write_dat(sc, out[0].fp))
		goto done;
	if (truth) {
		if (output_open(&out[1], truth))
			goto done;
		if (tg_write_truth(sc, out[1].fp)) {
			fprintf(stderr, "sct-tracegen: %s: %s\n", truth,
				strerror(errno));
			goto done;
		}
		if (output_commit(&out[1]))
			goto done;
	}
	if (output_commit(&out[0])) {
		/* no truth file without its data file */
		if (truth)
			unlink(truth);
		goto done;
	}
	ret = 0;
 done:
	output_discard(&out[0]);
	output_discard(&out[1]);
	return ret;
}

int main(int argc, char **argv)
{
	const char *dat = "trace.dat";
	const char *truth = NULL;
	const char *scenario;
	struct tg_scenario sc;
	int ret, c;

	while ((c = getopt(argc, argv, "ho:t:")) != -1) {
		switch (c) {
		case 'o':
			dat = optarg;
			break;
		case 't':
			truth = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "sct-tracegen: one scenario at most\n");
		return 2;
	}
	scenario = optind < argc ? argv[optind] : "-";
	tg_scenario_init(&sc, strcmp(scenario, "-") ? scenario : "<stdin>");
	ret = read_scenario(&sc, scenario);
	if (!ret)
		ret = write_outputs(&sc, dat, truth);
	tg_scenario_release(&sc);
	return ret ? 2 : 0;
}
