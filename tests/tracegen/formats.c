// SPDX-License-Identifier: GPL-2.0
/*
 * The tracefs "format" files of the four kvm events, as an arm64 Linux 6.12
 * kernel shows them: the symbol tables of __print_symbolic() appear after
 * the C preprocessor has expanded them (ESR_ELx_EC_* are UL() constants).
 */
#include <stdlib.h>
#include <string.h>

#include "tracegen.h"

struct tg_field {
	const char	*type;
	const char	*name;
	unsigned int	offset;
	unsigned int	size;
	int		is_signed;
};

struct tg_format {
	const char		*name;
	int			id;
	unsigned int		size;	/* record payload, common fields included */
	struct tg_field		fields[4];
};

/* Event IDs are dynamic in the kernel; these stay fixed across files. */
static const struct tg_format formats[TG_NR_EVENTS] = {
	[TG_EXIT] = { "kvm_exit", 1301, 24, {
		{ "int", "ret", 8, 4, 1 },
		{ "unsigned int", "esr_ec", 12, 4, 0 },
		{ "unsigned long", "vcpu_pc", 16, 8, 0 },
	} },
	[TG_HVC] = { "kvm_hvc_arm64", 1302, 32, {
		{ "unsigned long", "vcpu_pc", 8, 8, 0 },
		{ "unsigned long", "r0", 16, 8, 0 },
		{ "unsigned long", "imm", 24, 8, 0 },
	} },
	[TG_UEXIT] = { "kvm_userspace_exit", 1303, 16, {
		{ "__u32", "reason", 8, 4, 0 },
		{ "int", "errno", 12, 4, 1 },
	} },
	[TG_ENTRY] = { "kvm_entry", 1304, 16, {
		{ "unsigned long", "vcpu_pc", 8, 8, 0 },
	} },
};

static const struct tg_field common_fields[] = {
	{ "unsigned short", "common_type", 0, 2, 0 },
	{ "unsigned char", "common_flags", 2, 1, 0 },
	{ "unsigned char", "common_preempt_count", 3, 1, 0 },
	{ "int", "common_pid", 4, 4, 1 },
};

struct tg_sym {
	const char	*value;
	const char	*name;
};

/* kvm_arm_exception_type (arch/arm64/include/asm/kvm_asm.h) */
static const struct tg_sym exception_types[] = {
	{ "0", "IRQ" }, { "1", "SERROR" }, { "2", "TRAP" },
	{ "0xbadca11", "HYP_GONE" },
};

/* kvm_arm_exception_class (arch/arm64/include/asm/kvm_arm.h) */
static const struct tg_sym exception_classes[] = {
	{ "0x00", "UNKNOWN" }, { "0x01", "WFx" }, { "0x03", "CP15_32" },
	{ "0x04", "CP15_64" }, { "0x05", "CP14_MR" }, { "0x06", "CP14_LS" },
	{ "0x07", "FP_ASIMD" }, { "0x08", "CP10_ID" }, { "0x09", "PAC" },
	{ "0x0C", "CP14_64" }, { "0x15", "SVC64" }, { "0x16", "HVC64" },
	{ "0x17", "SMC64" }, { "0x18", "SYS64" }, { "0x19", "SVE" },
	{ "0x1f", "IMP_DEF" }, { "0x20", "IABT_LOW" }, { "0x21", "IABT_CUR" },
	{ "0x22", "PC_ALIGN" }, { "0x24", "DABT_LOW" }, { "0x25", "DABT_CUR" },
	{ "0x26", "SP_ALIGN" }, { "0x28", "FP_EXC32" }, { "0x2C", "FP_EXC64" },
	{ "0x2F", "SERROR" }, { "0x30", "BREAKPT_LOW" },
	{ "0x31", "BREAKPT_CUR" }, { "0x32", "SOFTSTP_LOW" },
	{ "0x33", "SOFTSTP_CUR" }, { "0x34", "WATCHPT_LOW" },
	{ "0x35", "WATCHPT_CUR" }, { "0x38", "BKPT32" }, { "0x3A", "VECTOR32" },
	{ "0x3C", "BRK64" }, { "0x1a", "ERET" },
};

/* kvm_trace_exit_reason (include/trace/events/kvm.h), indexed by value */
static const char * const exit_reasons[] = {
	"UNKNOWN", "EXCEPTION", "IO", "HYPERCALL", "DEBUG", "HLT", "MMIO",
	"IRQ_WINDOW_OPEN", "SHUTDOWN", "FAIL_ENTRY", "INTR", "SET_TPR",
	"TPR_ACCESS", "S390_SIEIC", "S390_RESET", "DCR", "NMI",
	"INTERNAL_ERROR", "OSI", "PAPR_HCALL", "S390_UCONTROL", "WATCHDOG",
	"S390_TSCH", "EPR", "SYSTEM_EVENT", "S390_STSI", "IOAPIC_EOI",
	"HYPERV", "ARM_NISV", "X86_RDMSR", "X86_WRMSR",
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static void print_exit_fmt(FILE *fp)
{
	size_t i;

	fputs("\"%s: HSR_EC: 0x%04x (%s), PC: 0x%016lx\", "
	      "__print_symbolic(REC->ret", fp);
	for (i = 0; i < ARRAY_SIZE(exception_types); i++)
		fprintf(fp, ", {%s, \"%s\" }", exception_types[i].value,
			exception_types[i].name);
	fputs("), REC->esr_ec, __print_symbolic(REC->esr_ec", fp);
	for (i = 0; i < ARRAY_SIZE(exception_classes); i++)
		fprintf(fp, ", { (((%sUL))), \"%s\" }",
			exception_classes[i].value, exception_classes[i].name);
	fputs("), REC->vcpu_pc", fp);
}

static void print_uexit_fmt(FILE *fp)
{
	size_t i;

	fputs("\"reason %s (%d)\", REC->errno < 0 ? (REC->errno == -4 ? "
	      "\"restart\" : \"error\") : __print_symbolic(REC->reason", fp);
	for (i = 0; i < ARRAY_SIZE(exit_reasons); i++)
		fprintf(fp, ", { %zu, \"KVM_EXIT_\" \"%s\" }", i,
			exit_reasons[i]);
	fputs("), REC->errno < 0 ? -REC->errno : REC->reason", fp);
}

static void print_fmt(FILE *fp, enum tg_kind kind)
{
	switch (kind) {
	case TG_EXIT:
		print_exit_fmt(fp);
		break;
	case TG_HVC:
		fputs("\"HVC at 0x%016lx (r0: 0x%016lx, imm: 0x%lx)\", "
		      "REC->vcpu_pc, REC->r0, REC->imm", fp);
		break;
	case TG_UEXIT:
		print_uexit_fmt(fp);
		break;
	default:
		fputs("\"PC: 0x%016lx\", REC->vcpu_pc", fp);
		break;
	}
}

static void print_field(FILE *fp, const struct tg_field *f)
{
	fprintf(fp, "\tfield:%s %s;\toffset:%u;\tsize:%u;\tsigned:%d;\n",
		f->type, f->name, f->offset, f->size, f->is_signed);
}

/**
 * tg_event_format - the format file text of an event
 * @kind: the event
 * @len: where to store the text length
 *
 * Returns a malloc'ed string the caller frees, NULL on allocation failure.
 */
char *tg_event_format(enum tg_kind kind, size_t *len)
{
	const struct tg_format *f = &formats[kind];
	char *buf = NULL;
	FILE *fp;
	size_t i;

	fp = open_memstream(&buf, len);
	if (!fp)
		return NULL;
	fprintf(fp, "name: %s\nID: %d\nformat:\n", f->name, f->id);
	for (i = 0; i < ARRAY_SIZE(common_fields); i++)
		print_field(fp, &common_fields[i]);
	fputc('\n', fp);
	for (i = 0; i < ARRAY_SIZE(f->fields) && f->fields[i].name; i++)
		print_field(fp, &f->fields[i]);
	fputs("\nprint fmt: ", fp);
	print_fmt(fp, kind);
	fputc('\n', fp);
	if (fclose(fp)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/**
 * tg_event_id - the event ID written in the format file and the records
 * @kind: the event
 */
int tg_event_id(enum tg_kind kind)
{
	return formats[kind].id;
}

/**
 * tg_event_name - the event name, such as "kvm_exit"
 * @kind: the event
 */
const char *tg_event_name(enum tg_kind kind)
{
	return formats[kind].name;
}

/**
 * tg_event_size - the record payload size, common fields included
 * @kind: the event
 */
unsigned int tg_event_size(enum tg_kind kind)
{
	return formats[kind].size;
}
