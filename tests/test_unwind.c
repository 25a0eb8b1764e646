/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_unwind: the offline unwinder on a copy of this test's own stack.
 * A chain of known functions (unwind_top → unwind_mid → unwind_leaf,
 * built without frame pointers) captures its registers with getcontext
 * and copies the top of the stack, the way a sampler back end would; the
 * unwinder must walk the copy back through the chain in order.  A second
 * case gives it no copy at all, so every stack read goes through
 * process_vm_readv on our own pid.  No ptrace is involved.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "unwind.h"
#include "util.h"

#define COPY_BYTES 16384
#define MAX_FRAMES 64

struct capture {
	struct stack_copy c;
	uint8_t stack[COPY_BYTES];
	uint64_t ips[MAX_FRAMES];
	int n;
	int with_copy;
};

/* The end of the mapping that holds addr (our stack), from maps. */
static uint64_t map_end(uint64_t addr)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	uint64_t lo, hi, end = 0;

	assert_non_null(f);
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "%" SCNx64 "-%" SCNx64, &lo, &hi) == 2 && addr >= lo && addr < hi)
			end = hi;
	fclose(f);
	return end;
}

/* Registers in perf's PERF_REG_X86_* order, as the back ends give them. */
static void capture_regs(struct stack_copy *c, const ucontext_t *uc)
{
	const greg_t *g = uc->uc_mcontext.gregs;

	c->regs[0] = (uint64_t)g[REG_RAX];
	c->regs[1] = (uint64_t)g[REG_RBX];
	c->regs[2] = (uint64_t)g[REG_RCX];
	c->regs[3] = (uint64_t)g[REG_RDX];
	c->regs[4] = (uint64_t)g[REG_RSI];
	c->regs[5] = (uint64_t)g[REG_RDI];
	c->regs[6] = (uint64_t)g[REG_RBP];
	c->regs[7] = (uint64_t)g[REG_RSP];
	c->regs[8] = (uint64_t)g[REG_RIP];
	c->regs[16] = (uint64_t)g[REG_R8];
	c->regs[17] = (uint64_t)g[REG_R9];
	c->regs[18] = (uint64_t)g[REG_R10];
	c->regs[19] = (uint64_t)g[REG_R11];
	c->regs[20] = (uint64_t)g[REG_R12];
	c->regs[21] = (uint64_t)g[REG_R13];
	c->regs[22] = (uint64_t)g[REG_R14];
	c->regs[23] = (uint64_t)g[REG_R15];
}

/* A byte copy of live stack memory, as a back end copies another
 * process's: whole frames, AddressSanitizer's redzones between locals
 * included, so not a checked (intercepted) memcpy. */
__attribute__((no_sanitize_address)) static void copy_stack(uint8_t *dst, uint64_t src, size_t len)
{
	const volatile uint8_t *from = (const volatile uint8_t *)(uintptr_t)src;

	for (size_t i = 0; i < len; i++)
		dst[i] = from[i];
}

/* Captures and unwinds in the same frame, so the frames above the
 * captured SP are intact while we copy and unwind them. */
__attribute__((noipa)) static int unwind_leaf(struct capture *cap)
{
	ucontext_t uc;
	struct unwinder *u;
	uint64_t end;
	size_t len;

	memset(&uc, 0, sizeof uc);
	assert_int_equal(getcontext(&uc), 0);
	capture_regs(&cap->c, &uc);
	cap->c.tid = getpid();
	cap->c.sp = cap->c.regs[7];
	end = map_end(cap->c.sp);
	assert_true(end > cap->c.sp);
	len = end - cap->c.sp < COPY_BYTES ? end - cap->c.sp : COPY_BYTES;
	if (cap->with_copy) {
		copy_stack(cap->stack, cap->c.sp, len);
		cap->c.stack = cap->stack;
		cap->c.len = len;
	}
	u = unwinder_new(getpid(), NULL);
	assert_non_null(u);
	cap->n = unwinder_unwind(u, &cap->c, cap->ips, MAX_FRAMES);
	unwinder_free(u);
	return cap->n;
}

__attribute__((noipa)) static int unwind_mid(struct capture *cap)
{
	return unwind_leaf(cap) + 1;
}

__attribute__((noipa)) static int unwind_top(struct capture *cap)
{
	return unwind_mid(cap) + 1;
}

/*
 * Which of the chain's functions holds ip: the nearest start at or below
 * it, within a small function's size.  -1 if none.
 */
static int which_fn(uint64_t ip)
{
	const uint64_t fns[] = {(uintptr_t)unwind_leaf, (uintptr_t)unwind_mid,
	                        (uintptr_t)unwind_top};
	int best = -1;

	for (int i = 0; i < 3; i++)
		if (ip > fns[i] && ip - fns[i] < 1024 && (best < 0 || fns[i] > fns[best]))
			best = i;
	return best;
}

static void check_chain(const struct capture *cap)
{
	int pos[3] = {-1, -1, -1};

	/* The whole way out of the chain, and beyond it (cmocka, main). */
	assert_true(cap->n >= 5);
	for (int i = 0; i < cap->n; i++) {
		int f = which_fn(cap->ips[i]);
		if (f >= 0 && pos[f] < 0)
			pos[f] = i;
	}
	/* ips[0] is the PC inside the leaf, then the callers in order. */
	assert_int_equal(pos[0], 0);
	assert_int_equal(pos[1], 1);
	assert_int_equal(pos[2], 2);
}

/* Unwinds the same copy again and again: the cost per sample with a warm
 * cache, printed for the record (never a pass/fail criterion). */
static void timing(const struct capture *cap)
{
	struct unwinder *u = unwinder_new(getpid(), NULL);
	uint64_t ips[MAX_FRAMES];
	uint64_t t0;
	int n = 0;

	assert_non_null(u);
	t0 = now_mono_ns();
	for (int i = 0; i < 300; i++)
		n = unwinder_unwind(u, &cap->c, ips, MAX_FRAMES);
	print_message("unwind: %d frames, %.1f us per unwind (300 runs)\n", n,
	              (double)(now_mono_ns() - t0) / 300 / 1e3);
	assert_int_equal(n, cap->n);
	unwinder_free(u);
}

static void test_unwind_copy(void **state)
{
	struct capture *cap = xcalloc(1, sizeof *cap);
	int r;

	(void)state;
	cap->with_copy = 1;
	r = unwind_top(cap);
	assert_int_equal(r, cap->n + 2);
	check_chain(cap);
	timing(cap);
	free(cap);
}

static void test_unwind_no_copy(void **state)
{
	struct capture *cap = xcalloc(1, sizeof *cap);

	(void)state;
	cap->with_copy = 0;
	unwind_top(cap);
	check_chain(cap);
	free(cap);
}

/* A copy with no PC is not a sample; a cap of 2 frames is obeyed. */
static void test_unwind_limits(void **state)
{
	struct capture *cap = xcalloc(1, sizeof *cap);
	struct unwinder *u = unwinder_new(getpid(), NULL);
	struct stack_copy empty;
	uint64_t ips[2];

	(void)state;
	assert_non_null(u);
	memset(&empty, 0, sizeof empty);
	assert_int_equal(unwinder_unwind(u, &empty, ips, 2), 0);
	cap->with_copy = 1;
	unwind_top(cap);
	assert_int_equal(unwinder_unwind(u, &cap->c, ips, 2), 2);
	assert_int_equal(ips[0], cap->ips[0]);
	unwinder_free(u);
	free(cap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unwind_copy),
	    cmocka_unit_test(test_unwind_no_copy),
	    cmocka_unit_test(test_unwind_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
