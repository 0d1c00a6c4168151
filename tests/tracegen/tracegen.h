/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sct-tracegen: synthetic trace-cmd (version 6) data files holding arm64
 * kvm events with exactly known timestamps.
 */
#ifndef _SCT_TRACEGEN_H
#define _SCT_TRACEGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define TG_PAGE_SIZE		4096
#define TG_PAGE_HDR		16	/* u64 timestamp + 8-byte commit */
#define TG_PAGE_DATA		(TG_PAGE_SIZE - TG_PAGE_HDR)
#define TG_MAX_CPUS		1024
#define TG_DELTA_MAX		((1ULL << 27) - 1)

/* Offsets of the events a call line writes after its kvm_exit */
#define TG_HVC_OFFSET		1	/* kvm_hvc_arm64 at t_exit + 1 ns */

/* Default guest PC of the HVC/SMC instruction of a call line */
#define TG_CALL_PC		0x40001000ULL

/* ESR_ELx exception classes and KVM exit reasons the generator uses */
#define TG_EC_HVC32		0x12
#define TG_EC_SMC32		0x13
#define TG_EC_HVC64		0x16
#define TG_EC_SMC64		0x17
#define TG_EC_DABT_LOW		0x24
#define TG_EXCEPTION_IRQ	0
#define TG_EXCEPTION_TRAP	2
#define TG_EXIT_HYPERCALL	3
#define TG_EXIT_MMIO		6

enum tg_kind {
	TG_EXIT,		/* kvm_exit */
	TG_HVC,			/* kvm_hvc_arm64 */
	TG_UEXIT,		/* kvm_userspace_exit */
	TG_ENTRY,		/* kvm_entry */
	TG_NR_EVENTS,
	TG_LOST = TG_NR_EVENTS,	/* events lost before the next one */
};

/* A lost marker with this count sets the flag without storing a count */
#define TG_LOST_UNKNOWN		0ULL

/**
 * struct tg_event - one event (or lost marker) of one CPU
 * @ts:		timestamp in ns
 * @pc:		vcpu_pc (exit, hvc, entry); the lost count for a marker
 * @r0:		kvm_hvc_arm64 r0
 * @x:		exit ret, hvc imm, userspace exit reason
 * @y:		exit esr_ec, userspace exit errno (two's complement)
 * @seq:	creation order, keeps equal timestamps in input order
 * @pid:	common_pid
 * @kind:	enum tg_kind
 */
struct tg_event {
	unsigned long long	ts;
	unsigned long long	pc;
	unsigned long long	r0;
	unsigned int		x;
	unsigned int		y;
	unsigned int		seq;
	int			pid;
	unsigned char		kind;
};

struct tg_cpu {
	struct tg_event		*events;
	size_t			nr;
	size_t			alloc;
	unsigned long long	line_ts;	/* last scenario line's time */
};

enum tg_conduit { TG_CONDUIT_HVC, TG_CONDUIT_SMC };
enum tg_location { TG_LOC_KERNEL, TG_LOC_USER, TG_LOC_DENIED };

/**
 * struct tg_call - the truth about one generated SMCCC call
 * @t_exit:	kvm_exit time
 * @t_uexit:	kvm_userspace_exit time (user calls only)
 * @t_entry:	kvm_entry time
 * @func_id:	SMCCC function ID
 * @pid:	vCPU thread
 * @conduit:	enum tg_conduit
 * @location:	enum tg_location
 */
struct tg_call {
	unsigned long long	t_exit;
	unsigned long long	t_uexit;
	unsigned long long	t_entry;
	unsigned int		func_id;
	int			pid;
	unsigned char		conduit;
	unsigned char		location;
};

struct tg_comm {
	int			pid;
	char			*name;
};

/**
 * struct tg_scenario - everything a scenario describes
 * @cpus:	per-CPU events, @nr_cpus of them (highest CPU used + 1)
 * @set_cpus:	the "cpus" line, 0 when absent
 * @release:	the "kernel" line, NULL when absent
 * @omit:	events whose format the file leaves out, by 1 << enum tg_kind
 * @max_ts:	the latest timestamp of any event
 * @file:	scenario name for messages
 * @line:	current line number for messages
 */
struct tg_scenario {
	struct tg_cpu		*cpus;
	int			nr_cpus;
	int			set_cpus;
	char			*release;
	unsigned int		omit;
	struct tg_comm		*comms;
	size_t			nr_comms;
	size_t			alloc_comms;
	struct tg_call		*calls;
	size_t			nr_calls;
	size_t			alloc_calls;
	unsigned int		seq;
	unsigned long long	max_ts;
	const char		*file;
	unsigned int		line;
};

/* scenario.c */
void tg_scenario_init(struct tg_scenario *sc, const char *file);
void tg_scenario_release(struct tg_scenario *sc);
int tg_scenario_read(struct tg_scenario *sc, FILE *fp);
int tg_error(const struct tg_scenario *sc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int tg_add_event(struct tg_scenario *sc, int cpu, const struct tg_event *ev);
int tg_add_comm(struct tg_scenario *sc, int pid, const char *name);
const char *tg_find_comm(const struct tg_scenario *sc, int pid);
int tg_total_cpus(const struct tg_scenario *sc);

/* call.c */
struct tg_call_spec {
	unsigned long long	t_exit;
	unsigned long long	total_ns;
	unsigned long long	out_ns;
	unsigned long long	pc;
	unsigned int		func_id;
	int			cpu;
	int			cpu2;
	int			pid;
	bool			is32;
	unsigned char		conduit;
	unsigned char		location;
};

int tg_add_call(struct tg_scenario *sc, const struct tg_call_spec *spec);
int tg_random(struct tg_scenario *sc, unsigned long long seed,
	      unsigned long long ncalls, unsigned int nthreads);
int tg_write_truth(struct tg_scenario *sc, FILE *fp);

/* datfile.c */
int tg_write_dat(struct tg_scenario *sc, FILE *fp);

/* formats.c */
char *tg_event_format(enum tg_kind kind, size_t *len);
int tg_event_id(enum tg_kind kind);
const char *tg_event_name(enum tg_kind kind);
unsigned int tg_event_size(enum tg_kind kind);

#endif /* _SCT_TRACEGEN_H */
