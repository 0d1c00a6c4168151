/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest of replay --kvm (arm64 only; other architectures assemble an
 * empty file). It starts at EL1 with the MMU off; replay/kvm-arm64.c copies
 * it to the start of guest memory and sets, on each vCPU:
 *
 *	x19  this vCPU's call table: 152-byte entries {u64 smc, u64 x[18]}
 *	x20  its result area: 48-byte entries {x0, x1, x2, x3, t0, ticks}
 *	x21  0: the index of the call being made (the VMM reads it on an exit)
 *	x22  the number of calls
 *	x26  the VMM's MMIO page
 *	x27  an identity map the VMM wrote: 1 GiB blocks, 4 KiB granule,
 *	     Normal write-back memory (MAIR index 1) for the memory slot and
 *	     Device-nGnRnE (index 0) for the MMIO page
 *
 * It first turns the MMU and caches on with that map, so that its memory
 * is cacheable, as the VMM's view of it is. Then it writes CNTVCT_EL0 to the MMIO page (offset 0), so the VMM can
 * pair the guest's counter with its own clock. Then, per call, it loads
 * x0..x17, reads CNTVCT_EL0, issues HVC #0 or SMC #0, reads CNTVCT_EL0
 * again and stores x0..x3, the first counter value and the difference.
 * The ISBs keep the counter reads from moving across the call. When the
 * table is done it writes to the MMIO page at offset 8 and spins there.
 *
 * Nothing lives in x0..x17 across a call: KVM and the VMM overwrite them.
 */
#define CALL_SIZE	152
#define RESULT_SIZE	48
#define MMIO_DONE	8
#define MAIR_VALUE	0xff00			/* 0: Device-nGnRnE, 1: Normal WB */
#define TCR_VALUE	0x200803519		/* T0SZ 25, WB, inner shareable, 4K, EPD1, 40-bit IPS */
#define SCTLR_MCI	0x1005			/* M, C, I */

#ifdef __aarch64__
	.section .rodata.replay_guest, "a"
	.balign	4
	.global	replay_guest_start, replay_guest_end
replay_guest_start:
	ldr	x0, =MAIR_VALUE
	msr	mair_el1, x0
	ldr	x0, =TCR_VALUE
	msr	tcr_el1, x0
	msr	ttbr0_el1, x27
	tlbi	vmalle1
	dsb	nsh
	isb
	mrs	x0, sctlr_el1
	ldr	x1, =SCTLR_MCI
	orr	x0, x0, x1
	msr	sctlr_el1, x0
	isb
	mrs	x23, cntvct_el0
	str	x23, [x26]
1:	cmp	x21, x22
	b.hs	4f
	ldr	x25, [x19]
	ldp	x0, x1, [x19, #8]
	ldp	x2, x3, [x19, #24]
	ldp	x4, x5, [x19, #40]
	ldp	x6, x7, [x19, #56]
	ldp	x8, x9, [x19, #72]
	ldp	x10, x11, [x19, #88]
	ldp	x12, x13, [x19, #104]
	ldp	x14, x15, [x19, #120]
	ldp	x16, x17, [x19, #136]
	isb
	mrs	x23, cntvct_el0
	isb
	cbnz	x25, 2f
	hvc	#0
	b	3f
2:	smc	#0
	b	3f
3:	isb
	mrs	x24, cntvct_el0
	sub	x24, x24, x23
	stp	x0, x1, [x20]
	stp	x2, x3, [x20, #16]
	stp	x23, x24, [x20, #32]
	add	x19, x19, #CALL_SIZE
	add	x20, x20, #RESULT_SIZE
	add	x21, x21, #1
	b	1b
4:	str	xzr, [x26, #MMIO_DONE]
	b	4b
	.ltorg
replay_guest_end:
	.section .note.GNU-stack, "", %progbits
#else
	.section .note.GNU-stack, "", @progbits
#endif
