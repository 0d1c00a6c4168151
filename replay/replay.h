/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smccctrace replay: the command's parts (replay.c parses and validates,
 * replay-run.c replays and stores, replay-print.c compares and prints).
 * Private to replay/.
 */
#ifndef SMCCCTRACE_REPLAY_REPLAY_H
#define SMCCCTRACE_REPLAY_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smccctrace/call.h>
#include <smccctrace/filter.h>
#include <smccctrace/select.h>
#include <smccctrace/store.h>

#include "backend.h"
#include "cli.h"

#define REPLAY_MAX_ARGS		64	/* --handler-arg */
#define REPLAY_SHOW_DIVERGENT	5	/* --check lists this many */

/**
 * struct replay_opts - what the command line asked
 * @db: -d, or NULL for the default
 * @session: -s: the session to replay, 0 for the newest
 * @spec: the back end
 * @args: the --handler-arg pairs spec points to
 * @nr_backends: --handler, --exec and --builtin given (exactly 1 is right)
 * @sel: --function, --range, --vcpu, --location, --from, --to: the calls
 *       to replay (those with an unknown ID never are)
 * @ignore: --ignore-result: IDs whose answers are not compared (its
 *          ranges; empty for none)
 * @check: --check
 * @parallel: --parallel
 * @kvm: --kvm: the calls made by a guest on real KVM
 * @filter_arg: --filter (with --kvm), or NULL for the session's own
 * @format: --format
 */
struct replay_opts {
	const char		*db;
	int64_t			session;
	struct replay_backend_spec spec;
	struct sct_handler_arg	args[REPLAY_MAX_ARGS];
	int			nr_backends;
	struct sct_selection	sel;
	struct sct_selection	ignore;
	bool			check;
	bool			parallel;
	bool			kvm;
	const char		*filter_arg;
	enum sct_format		format;
};

/**
 * struct replay_call - one call replayed
 * @rec: the call as the session holds it
 * @vcpu: the vCPU index given to the handler (dense, 0-based)
 * @out: what the back end answered in x0..x3
 * @t_start: CLOCK_MONOTONIC_RAW when the handler was called, in ns
 *           (--kvm: CLOCK_MONOTONIC when the guest made the call)
 * @ns: how long it took (--kvm: the guest's view of the whole call)
 * @location: --kvm: where the call really went (enum sct_location)
 */
struct replay_call {
	struct sct_call	rec;
	uint32_t	vcpu;
	uint64_t	out[4];
	uint64_t	t_start;
	uint64_t	ns;
	uint8_t		location;
};

/**
 * struct replay - one run of the command
 * @o: the options
 * @src: the replayed session
 * @calls: the selected calls in recorded order
 * @nr: how many
 * @unknown_ids: calls skipped because their function ID is unknown
 * @filtered: calls the selection options left out
 * @with_args: calls that carried recorded arguments
 * @nr_vcpus: vCPUs seen (the dense indexes are below it)
 * @clock_ns: the cost of one clock reading, measured at the start
 * @new_id: the replay session's id once stored
 * @desc: the back end's description (owned by the back end)
 * @filter: --kvm: the SMCCC filter the guest runs under, or NULL for none
 * @filter_src: --kvm: where @filter came from (--filter's argument, or
 *              "the session's own")
 * @unplayable: --kvm: calls kept out of the guest (replay_kvm_unplayable())
 */
struct replay {
	struct replay_opts	*o;
	struct sct_session	src;
	struct replay_call	*calls;
	size_t			nr;
	size_t			alloc;
	uint64_t		unknown_ids;
	uint64_t		filtered;
	uint64_t		with_args;
	unsigned int		nr_vcpus;
	uint64_t		clock_ns;
	int64_t			new_id;
	const char		*desc;
	struct sct_filter	*filter;
	const char		*filter_src;
	uint64_t		unplayable;
};

/* replay-run.c */
int replay_load(struct replay *r, struct sct_store *store);
int replay_run(struct replay *r);
int replay_store(struct replay *r, struct sct_store *store);
void replay_call_record(const struct replay *r, const struct replay_call *c,
			struct sct_call *out);

/* run-kvm.c */
int replay_kvm_begin(struct replay *r);
int replay_kvm_prepare(struct replay *r);
int replay_run_kvm(struct replay *r, struct replay_backend *be);

/* replay-print.c */
unsigned int replay_compare_mask(const struct replay *r, const struct replay_call *c);
int replay_print(struct replay *r, uint64_t *divergent);

#endif /* SMCCCTRACE_REPLAY_REPLAY_H */
