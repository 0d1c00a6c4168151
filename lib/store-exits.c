// SPDX-License-Identifier: LGPL-2.1
/*
 * The exits table: a session's exit counts from struct sct_exit_stats,
 * one row per nonzero counter, with readable names of exception classes
 * (arch/arm64/include/asm/esr.h) and KVM exit reasons
 * (include/uapi/linux/kvm.h).
 */
#include <stddef.h>

#include "internal.h"
#include "store-internal.h"

static const char *const ec_names[64] = {
	[0x00] = "UNKNOWN",	[0x01] = "WFx",		[0x03] = "CP15_32",
	[0x04] = "CP15_64",	[0x05] = "CP14_MR",	[0x06] = "CP14_LS",
	[0x07] = "FP_ASIMD",	[0x08] = "CP10_ID",	[0x09] = "PAC",
	[0x0a] = "OTHER",	[0x0c] = "CP14_64",	[0x0d] = "BTI",
	[0x0e] = "ILL",		[0x11] = "SVC32",	[0x12] = "HVC32",
	[0x13] = "SMC32",	[0x15] = "SVC64",	[0x16] = "HVC64",
	[0x17] = "SMC64",	[0x18] = "SYS64",	[0x19] = "SVE",
	[0x1a] = "ERET",	[0x1c] = "FPAC",	[0x1d] = "SME",
	[0x1f] = "IMP_DEF",	[0x20] = "IABT_LOW",	[0x21] = "IABT_CUR",
	[0x22] = "PC_ALIGN",	[0x24] = "DABT_LOW",	[0x25] = "DABT_CUR",
	[0x26] = "SP_ALIGN",	[0x27] = "MOPS",	[0x28] = "FP_EXC32",
	[0x2c] = "FP_EXC64",	[0x2d] = "GCS",		[0x2f] = "SERROR",
	[0x30] = "BREAKPT_LOW",	[0x31] = "BREAKPT_CUR",	[0x32] = "SOFTSTP_LOW",
	[0x33] = "SOFTSTP_CUR",	[0x34] = "WATCHPT_LOW",	[0x35] = "WATCHPT_CUR",
	[0x38] = "BKPT32",	[0x3a] = "VECTOR32",	[0x3c] = "BRK64",
};

static const char *const exit_reason_names[] = {
	"UNKNOWN", "EXCEPTION", "IO", "HYPERCALL", "DEBUG", "HLT", "MMIO",
	"IRQ_WINDOW_OPEN", "SHUTDOWN", "FAIL_ENTRY", "INTR", "SET_TPR",
	"TPR_ACCESS", "S390_SIEIC", "S390_RESET", "DCR", "NMI",
	"INTERNAL_ERROR", "OSI", "PAPR_HCALL", "S390_UCONTROL", "WATCHDOG",
	"S390_TSCH", "EPR", "SYSTEM_EVENT", "S390_STSI", "IOAPIC_EOI",
	"HYPERV", "ARM_NISV", "X86_RDMSR", "X86_WRMSR", "DIRTY_RING_FULL",
	"AP_RESET_HOLD", "X86_BUS_LOCK", "XEN", "RISCV_SBI", "RISCV_CSR",
	"NOTIFY", "LOONGARCH_IOCSR", "MEMORY_FAULT",
};

#define NR_EXIT_REASONS	(sizeof(exit_reason_names) / sizeof(exit_reason_names[0]))

static const char *exit_reason_name(unsigned int reason)
{
	return reason < NR_EXIT_REASONS ? exit_reason_names[reason] : NULL;
}

/* One row, when @count is not zero; returns the SQLite result */
static int put_row(sqlite3_stmt *stmt, const char *kind, int64_t code,
		   const char *name, uint64_t count)
{
	int rc;

	if (!count)
		return SQLITE_DONE;
	sqlite3_bind_text(stmt, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, code);
	if (name)
		sqlite3_bind_text(stmt, 4, name, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 4);
	sqlite3_bind_int64(stmt, 5, sct_u64_to_sql(count));
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc;
}

static int put_rows(sqlite3_stmt *stmt, const struct sct_exit_stats *stats)
{
	int rc = SQLITE_DONE;
	unsigned int i;

	for (i = 0; i < 64 && rc == SQLITE_DONE; i++)
		rc = put_row(stmt, "trap", i, ec_names[i], stats->trap_ec[i]);
	if (rc == SQLITE_DONE)
		rc = put_row(stmt, "irq", 0, NULL, stats->irq_exits);
	if (rc == SQLITE_DONE)
		rc = put_row(stmt, "serror", 0, NULL, stats->serror_exits);
	if (rc == SQLITE_DONE)
		rc = put_row(stmt, "other", 0, NULL, stats->other_exits);
	for (i = 0; i < 64 && rc == SQLITE_DONE; i++)
		rc = put_row(stmt, "userspace", i, exit_reason_name(i),
			     stats->user_exits[i]);
	if (rc == SQLITE_DONE)
		rc = put_row(stmt, "eintr", 0, NULL, stats->eintr);
	if (rc == SQLITE_DONE)
		rc = put_row(stmt, "lost_markers", 0, NULL, stats->lost_markers);
	for (i = 0; i < 64 && rc == SQLITE_DONE; i++)
		rc = put_row(stmt, "lost", i, NULL, stats->lost_per_cpu[i]);
	return rc;
}

/*
 * sct_store_write_exits - the open session's exits rows from @stats
 *
 * Returns 0, or -1 with the error set.
 */
int sct_store_write_exits(struct sct_store *store,
			  const struct sct_exit_stats *stats)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sct_store_prepare(store,
			      "INSERT OR REPLACE INTO exits (session, kind, code, name, count)"
			      " VALUES (?, ?, ?, ?, ?)",
			      &stmt, "write exits"))
		return -1;
	sqlite3_bind_int64(stmt, 1, store->session);
	rc = put_rows(stmt, stats);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sct_store_sql_error(store, rc, "write exits");
	return 0;
}
