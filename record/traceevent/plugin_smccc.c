// SPDX-License-Identifier: GPL-2.0
/*
 * A libtraceevent plugin: trace-cmd report and KernelShark print an arm64
 * KVM guest's HVC with the SMCCC function it calls, and arm64's kvm_exit
 * and kvm_entry as the kernel formats them.
 *
 * kvm_hvc_arm64 gets the function's name and ID ahead of the kernel's own
 * text: "PSCI_CPU_ON_64 (0xc4000003) HVC at 0x... (r0: ..., imm: 0x0)";
 * an ID without a name shows its range ("VENDOR_HYP/64 (0xc6000001)").
 * The kvm plugin's kvm_exit and kvm_entry handlers read x86's fields
 * (exit_reason, vcpu_id, rip), which arm64's events lack; ours leave
 * those events to the kernel's print format, which is right on both.
 *
 * libtraceevent calls the last handler registered for an event: this
 * plugin's when it loads after the kvm plugin (a directory it reads later,
 * such as $TRACEEVENT_PLUGIN_DIR or ~/.local/lib/traceevent/plugins).
 */
#include <stdint.h>

#include <traceevent/event-parse.h>
#include <traceevent/trace-seq.h>

#include <smccctrace/smccc.h>

/* The name of function ID @r0 (its low 32 bits, w0) and the ID */
static int hvc_handler(struct trace_seq *s, struct tep_record *record,
		       struct tep_event *event, void *context)
{
	char range[SCT_RANGE_BUFSZ];
	unsigned long long r0;
	const char *name;
	uint32_t id;

	if (tep_get_field_val(NULL, event, "r0", record, &r0, 0))
		return 1;
	id = (uint32_t)r0;
	name = sct_function_name(id);
	if (!name)
		name = sct_range_name(id, range, sizeof(range));
	trace_seq_printf(s, "%s (0x%08x) ", name, id);
	return 1;
}

/* Nothing of our own: the kernel's print format follows */
static int kernel_format(struct trace_seq *s, struct tep_record *record,
			 struct tep_event *event, void *context)
{
	return 1;
}

static const char *const events[] = { "kvm_hvc_arm64", "kvm_exit", "kvm_entry" };

static tep_event_handler_func handler_of(unsigned int i)
{
	return i ? kernel_format : hvc_handler;
}

int TEP_PLUGIN_LOADER(struct tep_handle *tep);
void TEP_PLUGIN_UNLOADER(struct tep_handle *tep);

/**
 * tep_plugin_loader - register the handlers (libtraceevent calls it)
 * @tep: the trace's handle
 *
 * Returns 0.
 */
int TEP_PLUGIN_LOADER(struct tep_handle *tep)
{
	unsigned int i;

	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		tep_register_event_handler(tep, -1, "kvm", events[i], handler_of(i), NULL);
	return 0;
}

/**
 * tep_plugin_unloader - unregister the handlers (libtraceevent calls it)
 * @tep: the trace's handle
 */
void TEP_PLUGIN_UNLOADER(struct tep_handle *tep)
{
	unsigned int i;

	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		tep_unregister_event_handler(tep, -1, "kvm", events[i], handler_of(i), NULL);
}
