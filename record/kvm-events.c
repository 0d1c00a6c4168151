// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding kvm_exit, kvm_hvc_arm64, kvm_userspace_exit and kvm_entry
 * records (formats: FACTS.md, arch/arm64/kvm/trace_*.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <smccctrace/error.h>

#include "kvm-events.h"

static const char *const event_names[KE_NR] = {
	[KE_EXIT]	= "kvm_exit",
	[KE_HVC]	= "kvm_hvc_arm64",
	[KE_USER_EXIT]	= "kvm_userspace_exit",
	[KE_ENTRY]	= "kvm_entry",
};

static const char *const field_names[KE_NR][3] = {
	[KE_EXIT]	= { "ret", "esr_ec", "vcpu_pc" },
	[KE_HVC]	= { "vcpu_pc", "r0", "imm" },
	[KE_USER_EXIT]	= { "reason", "errno", NULL },
	[KE_ENTRY]	= { "vcpu_pc", NULL, NULL },
};

static void append(char *buf, size_t size, const char *what)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, "%s%s", len ? ", " : "", what);
}

static int find_fields(struct kvm_events *ke, int kind, struct tep_event *event,
		       bool partial)
{
	int i;

	for (i = 0; i < 3 && field_names[kind][i]; i++) {
		ke->fields[kind][i].name = field_names[kind][i];
		ke->fields[kind][i].field = tep_find_field(event, field_names[kind][i]);
		if (!ke->fields[kind][i].field && !partial)
			return sct_set_error(EINVAL, "%s has no field '%s' (not an arm64 kvm trace?)",
					     event_names[kind], field_names[kind][i]);
	}
	return 0;
}

/**
 * kvm_events_init - look the four kvm events up in @tep
 * @ke: filled with their ids and fields
 * @tep: the parsed event formats
 * @partial: make do with what there is (another architecture's kvm
 *           events: exits are counted, but no call is ever seen); only
 *           kvm_exit and kvm_entry must exist
 *
 * Returns 0, or -1 with errno EINVAL and the error text (sct_last_error())
 * naming what is missing.
 */
int kvm_events_init(struct kvm_events *ke, struct tep_handle *tep, bool partial)
{
	struct tep_event *events[KE_NR];
	char missing[256] = "";
	int kind;

	memset(ke, 0, sizeof(*ke));
	ke->probe_id = -1;
	for (kind = 0; kind < KE_NR; kind++) {
		events[kind] = tep_find_event_by_name(tep, "kvm", event_names[kind]);
		ke->id[kind] = -1;
		if (!events[kind] && (!partial || kind == KE_EXIT || kind == KE_ENTRY))
			append(missing, sizeof(missing), event_names[kind]);
	}
	if (*missing)
		return sct_set_error(EINVAL, "trace has no %s event%s (record with -e kvm)",
				     missing, strchr(missing, ',') ? "s" : "");
	for (kind = 0; kind < KE_NR; kind++) {
		if (!events[kind])
			continue;
		ke->id[kind] = events[kind]->id;
		if (find_fields(ke, kind, events[kind], partial))
			return -1;
	}
	return 0;
}

/* A field's value; a field this kernel's event lacks reads as @none */
static unsigned long long field_value(const struct kvm_events *ke, int kind,
				      int i, struct tep_record *rec,
				      unsigned long long none)
{
	unsigned long long val = none;

	if (ke->fields[kind][i].field)
		tep_read_number_field(ke->fields[kind][i].field, rec->data, &val);
	return val;
}

/**
 * kvm_events_add_probe - decode record --probe's event too
 * @ke: from kvm_events_init()
 * @tep: the parsed event formats, the probe's included
 * @group: the probe's group
 * @event: its name
 *
 * Returns 0, or -1 when @tep has no such event with an x0 field.
 */
int kvm_events_add_probe(struct kvm_events *ke, struct tep_handle *tep,
			 const char *group, const char *event)
{
	struct tep_event *e = tep_find_event_by_name(tep, group, event);
	char name[8];

	if (!e)
		return -1;
	for (ke->probe_n = 0; ke->probe_n < SCT_PROBE_REGS; ke->probe_n++) {
		snprintf(name, sizeof(name), "x%u", ke->probe_n);
		ke->probe_x[ke->probe_n] = tep_find_field(e, name);
		if (!ke->probe_x[ke->probe_n])
			break;
	}
	if (!ke->probe_n)
		return -1;
	ke->probe_vcpu = tep_find_field(e, "vcpu");
	ke->probe_id = e->id;
	return 0;
}

static void decode_probe(const struct kvm_events *ke, struct tep_record *rec,
			 struct sct_event *ev)
{
	unsigned long long v;
	unsigned int i;

	ev->type = SCT_EV_PROBE;
	for (i = 0; i < ke->probe_n; i++) {
		v = 0;
		tep_read_number_field(ke->probe_x[i], rec->data, &v);
		ev->u.probe.x[i] = v;
	}
	ev->u.probe.n = ke->probe_n;
	ev->u.probe.vcpu = -1;
	if (ke->probe_vcpu && !tep_read_number_field(ke->probe_vcpu, rec->data, &v))
		ev->u.probe.vcpu = (int32_t)v;
}

/**
 * kvm_events_decode - turn a record into an event
 * @ke: the events, from kvm_events_init()
 * @tep: the parsed event formats
 * @rec: the record
 * @ev: filled with the event; @ev->cpu is @rec->cpu
 *
 * Returns 1 when @rec is one of the four events (or the probe's), 0 when
 * it is another.
 */
int kvm_events_decode(const struct kvm_events *ke, struct tep_handle *tep,
		      struct tep_record *rec, struct sct_event *ev)
{
	int type = tep_data_type(tep, rec);

	ev->ts = rec->ts;
	ev->cpu = rec->cpu;
	ev->pid = tep_data_pid(tep, rec);
	if (type == ke->id[KE_EXIT]) {
		ev->type = SCT_EV_EXIT;
		ev->u.exit.ret = (int32_t)field_value(ke, KE_EXIT, 0, rec, (unsigned long long)-1);
		ev->u.exit.esr_ec = (uint32_t)field_value(ke, KE_EXIT, 1, rec, 0);
		ev->u.exit.pc = field_value(ke, KE_EXIT, 2, rec, 0);
	} else if (type == ke->id[KE_HVC]) {
		ev->type = SCT_EV_HVC;
		ev->u.hvc.pc = field_value(ke, KE_HVC, 0, rec, 0);
		ev->u.hvc.r0 = field_value(ke, KE_HVC, 1, rec, 0);
		ev->u.hvc.imm = field_value(ke, KE_HVC, 2, rec, 0);
	} else if (type == ke->id[KE_USER_EXIT]) {
		ev->type = SCT_EV_USER_EXIT;
		ev->u.uexit.reason = (uint32_t)field_value(ke, KE_USER_EXIT, 0, rec, 0);
		ev->u.uexit.err = (int32_t)field_value(ke, KE_USER_EXIT, 1, rec, 0);
	} else if (type == ke->id[KE_ENTRY]) {
		ev->type = SCT_EV_ENTRY;
		ev->u.entry.pc = field_value(ke, KE_ENTRY, 0, rec, 0);
	} else if (type == ke->probe_id) {
		decode_probe(ke, rec, ev);
	} else {
		return 0;
	}
	return 1;
}
