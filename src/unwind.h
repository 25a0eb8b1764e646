/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unwind: one offline unwinder for both sampler back ends.  It unwinds a
 * copy of a thread's registers and the top of its stack with libunwind,
 * through an address space whose memory accessors read the copy (and
 * other addresses with process_vm_readv) and whose unwind-info lookups
 * delegate to libunwind-ptrace's _UPT_* functions, which read the ELF
 * files and do not stop the target.
 */
#ifndef CTOP_UNWIND_H
#define CTOP_UNWIND_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <asm/perf_regs.h>

struct unwinder;

/* x86-64 registers, indexed by the kernel's PERF_REG_X86_* numbers (the
 * one register naming both back ends and the unwinder use). */
#define UNWIND_NREGS PERF_REG_X86_64_MAX
/* The registers a perf sample copies for the unwinder (sample_regs_user):
 * AX..IP and R8..R15; the flags and segment registers between them are
 * not needed (and the segment ones are refused on x86-64). */
#define UNWIND_PERF_REGS_MASK                                                                      \
	(((1ull << (PERF_REG_X86_IP + 1)) - 1) |                                                   \
	 (((1ull << (PERF_REG_X86_R15 + 1)) - 1) & ~((1ull << PERF_REG_X86_R8) - 1)))

struct stack_copy {
	pid_t tid;
	uint64_t regs[UNWIND_NREGS];
	uint64_t sp; /* address of stack[0] */
	const uint8_t *stack;
	size_t len;
};

struct unwinder *unwinder_new(pid_t pid, char **cause);
void unwinder_free(struct unwinder *u);

/* Unwinds c into ips (leaf first); returns the number of frames (>= 1 when
 * the PC is known), or 0. */
int unwinder_unwind(struct unwinder *u, const struct stack_copy *c, uint64_t *ips, int max);

/* process_vm_readv calls made so far (reads outside the copy that no
 * mapped file could answer). */
uint64_t unwinder_vm_reads(const struct unwinder *u);

/* Tells the unwinder that mappings changed (dlopen, exec). */
void unwinder_flush(struct unwinder *u);

#endif
