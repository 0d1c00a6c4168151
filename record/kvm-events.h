/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turning libtraceevent records of the four kvm events into struct
 * sct_event: shared by trace.dat import and live recording.
 */
#ifndef SMCCCTRACE_RECORD_KVM_EVENTS_H
#define SMCCCTRACE_RECORD_KVM_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include <event-parse.h>

#include <smccctrace/call.h>

enum kvm_event_kind { KE_EXIT, KE_HVC, KE_USER_EXIT, KE_ENTRY, KE_NR };

/* A field of an event: its name and where libtraceevent keeps it */
struct kvm_field {
	const char			*name;
	struct tep_format_field		*field;
};

/*
 * @probe_id and @probe_x: record --probe's event, x0.. in order (-1 and
 * none without it)
 */
struct kvm_events {
	int			id[KE_NR];
	struct kvm_field	fields[KE_NR][3];
	int			probe_id;
	struct tep_format_field	*probe_x[SCT_PROBE_REGS];
	struct tep_format_field	*probe_vcpu;	/* the vCPU id, or NULL */
	unsigned int		probe_n;
};

int kvm_events_init(struct kvm_events *ke, struct tep_handle *tep, bool partial);
int kvm_events_add_probe(struct kvm_events *ke, struct tep_handle *tep,
			 const char *group, const char *event);
int kvm_events_decode(const struct kvm_events *ke, struct tep_handle *tep,
		      struct tep_record *rec, struct sct_event *ev);

#endif /* SMCCCTRACE_RECORD_KVM_EVENTS_H */
