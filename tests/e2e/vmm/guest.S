/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test guest: runs at EL1 with the MMU off and works through a table
 * of calls that the test VMM wrote into its memory. Position independent:
 * the VMM copies it into the guest and points the registers at the data.
 *
 *	x19  the call table: 32-byte entries {u32 kind, u32 id, u64 x1, x2, x3}
 *	x20  the result area: 32 bytes a call, x0..x3 as the guest got them
 *	x21  the number of entries
 *
 * kind 0 is HVC #0, 1 is SMC #0, 2 is an MMIO write (not a call). When the
 * table is done the guest writes to MMIO_ADDR + DONE_OFF, which the VMM sees as an
 * MMIO exit, and spins there.
 */
#define MMIO_ADDR	0x20000000
#define DONE_OFF	0x1000		/* DONE_ADDR = MMIO_ADDR + DONE_OFF */

	.section .rodata.guest, "a"
	.balign	4
	.global	guest_start, guest_end
guest_start:
1:	cbz	x21, 5f
	ldr	w22, [x19]
	ldr	w0, [x19, #4]
	ldp	x1, x2, [x19, #8]
	ldr	x3, [x19, #24]
	cmp	w22, #1
	b.eq	2f
	cmp	w22, #2
	b.eq	3f
	hvc	#0
	b	4f
2:	smc	#0
	b	4f
3:	mov	x9, #MMIO_ADDR
	str	w0, [x9]
	mov	x0, xzr
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
4:	stp	x0, x1, [x20]
	stp	x2, x3, [x20, #16]
	add	x19, x19, #32
	add	x20, x20, #32
	sub	x21, x21, #1
	b	1b
5:	mov	x9, #MMIO_ADDR
	add	x9, x9, #DONE_OFF
	str	wzr, [x9]
	b	5b
guest_end:
