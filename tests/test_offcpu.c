/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_offcpu: the stack-copy cache (a copy is handed out again only
 * while the thread's run time is the one after the copy), the reasons
 * and leaf frames of off-CPU time from syscall numbers, kernel function
 * names and states, and durations into periods with the remainder
 * carried.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <string.h>

#include "grabcache.h"
#include "offcpu_core.h"
#include "tasks.h"

static void test_grabcache_reuse(void **state)
{
	struct grabcache *g = grabcache_new();
	uint64_t a[3] = {0x401000, 0x402000, 0x403000}, b[2] = {0x501000, 0x502000}, out[8];
	pid_t keep[1] = {11};

	(void)state;
	/* Nothing copied yet: the thread must be stopped. */
	assert_int_equal(grabcache_get(g, 10, 1000, NULL, out, 8), -1);
	grabcache_put(g, 10, 1000, NULL, a, 3);
	grabcache_put(g, 11, 5000, NULL, b, 2);
	/* Not run since (run time unchanged): the copy, no stop. */
	assert_int_equal(grabcache_get(g, 10, 1000, NULL, out, 8), 3);
	assert_memory_equal(out, a, sizeof a);
	assert_int_equal(grabcache_get(g, 10, 1000, NULL, out, 8), 3);
	/* Shorter room: the leaf end of the copy. */
	assert_int_equal(grabcache_get(g, 10, 1000, NULL, out, 2), 2);
	assert_true(out[0] == a[0] && out[1] == a[1]);
	/* It ran (run time moved): stale, stop it again. */
	assert_int_equal(grabcache_get(g, 10, 1001, NULL, out, 8), -1);
	/* Threads are kept apart. */
	assert_int_equal(grabcache_get(g, 11, 5000, NULL, out, 8), 2);
	assert_true(out[0] == b[0]);
	assert_int_equal(grabcache_get(g, 12, 5000, NULL, out, 8), -1);
	/* A new copy replaces the old one. */
	grabcache_put(g, 10, 2000, NULL, b, 2);
	assert_int_equal(grabcache_get(g, 10, 1000, NULL, out, 8), -1);
	assert_int_equal(grabcache_get(g, 10, 2000, NULL, out, 8), 2);
	assert_true(grabcache_hits(g) == 5 && grabcache_puts(g) == 3);
	/* Threads gone: their copies go. */
	grabcache_retain(g, keep, 1);
	assert_int_equal(grabcache_get(g, 10, 2000, NULL, out, 8), -1);
	assert_int_equal(grabcache_get(g, 11, 5000, NULL, out, 8), 2);
	grabcache_free(g);
}

static void test_grabcache_many(void **state)
{
	struct grabcache *g = grabcache_new();
	uint64_t ip, out[1];

	(void)state;
	/* Inserted in any order, found by binary search. */
	for (int i = 0; i < 300; i++) {
		pid_t tid = (pid_t)((i * 7919) % 1000 + 1);

		ip = (uint64_t)tid;
		grabcache_put(g, tid, (uint64_t)tid * 10, NULL, &ip, 1);
	}
	for (int i = 0; i < 300; i++) {
		pid_t tid = (pid_t)((i * 7919) % 1000 + 1);

		assert_int_equal(grabcache_get(g, tid, (uint64_t)tid * 10, NULL, out, 1), 1);
		assert_true(out[0] == (uint64_t)tid);
	}
	grabcache_free(g);
}

static void test_grabcache_settle(void **state)
{
	struct grabcache *g = grabcache_new();
	uint64_t a[2] = {0x401000, 0x402000}, out[4];
	const char *wait = "202 0x5581a0 0x80 0x0 0x0 0x0 0x0 0x7ffd1000 0x7f0012";
	const char *other = "202 0x5581a8 0x80 0x0 0x0 0x0 0x0 0x7ffd1000 0x7f0012";
	pid_t keep[2] = {30, 20};

	(void)state;
	/* The copy's own stop added 40 us after the run time was read: same
	 * wait at the same place, so it settles at the new run time. */
	grabcache_put(g, 20, 1000000, wait, a, 2);
	assert_int_equal(grabcache_get(g, 20, 1040000, wait, out, 4), 2);
	assert_true(out[0] == a[0] && out[1] == a[1]);
	/* Settled: from now on only that run time is the same wait. */
	assert_int_equal(grabcache_get(g, 20, 1040000, NULL, out, 4), 2);
	assert_int_equal(grabcache_get(g, 20, 1050000, wait, out, 4), -1);
	/* A fresh copy does not settle into another wait (a different
	 * futex word), nor past the slack, nor without a line, nor back. */
	grabcache_put(g, 20, 2000000, wait, a, 2);
	assert_int_equal(grabcache_get(g, 20, 2000100, other, out, 4), -1);
	assert_int_equal(grabcache_get(g, 20, 2000100, wait, out, 4), -1);
	grabcache_put(g, 20, 3000000, wait, a, 2);
	assert_int_equal(grabcache_get(g, 20, 3000000 + GRABCACHE_SETTLE_NS + 1, wait, out, 4), -1);
	grabcache_put(g, 20, 4000000, wait, a, 2);
	assert_int_equal(grabcache_get(g, 20, 4000100, NULL, out, 4), -1);
	grabcache_put(g, 20, 5000000, wait, a, 2);
	assert_int_equal(grabcache_get(g, 20, 4999999, wait, out, 4), -1);
	/* A copy taken without a line only ever matches exactly. */
	grabcache_put(g, 21, 6000000, NULL, a, 2);
	assert_int_equal(grabcache_get(g, 21, 6000100, wait, out, 4), -1);
	/* A stop that came late: the line is the one the grab was asked
	 * with, and asking again without one forgets it. */
	grabcache_expect(g, 22, wait);
	assert_int_equal(grabcache_get(g, 22, 7000000, wait, out, 4), -1);
	grabcache_put(g, 22, 7000000, NULL, a, 2);
	assert_int_equal(grabcache_get(g, 22, 7000300, wait, out, 4), 2);
	grabcache_expect(g, 23, wait);
	grabcache_expect(g, 23, NULL);
	grabcache_put(g, 23, 8000000, NULL, a, 2);
	assert_int_equal(grabcache_get(g, 23, 8000300, wait, out, 4), -1);
	assert_true(grabcache_hits(g) == 3 && grabcache_puts(g) == 8);
	/* Retention takes the live tids in any order. */
	grabcache_put(g, 40, 1, NULL, a, 1);
	grabcache_put(g, 30, 1, NULL, a, 1);
	grabcache_retain(g, keep, 2);
	assert_int_equal(grabcache_get(g, 40, 1, NULL, out, 4), -1);
	assert_int_equal(grabcache_get(g, 30, 1, NULL, out, 4), 1);
	grabcache_retain(g, keep, 0);
	assert_int_equal(grabcache_get(g, 30, 1, NULL, out, 4), -1);
	grabcache_free(g);
}

/* The sets the collectors follow threads with: any order in, exact
 * membership out, from a plain list or from a field of structs. */
static void test_tidset(void **state)
{
	struct {
		int pad;
		pid_t tid;
		char more[40];
	} th[4] = {{0, 40, ""}, {0, 7, ""}, {0, 1000, ""}, {0, 13, ""}};
	pid_t tids[5] = {9, 3, 77, 3, 12};
	struct tidset a, b, none;

	(void)state;
	tidset_init(&a, tids, 5);
	for (int i = 0; i < 5; i++)
		assert_true(tidset_has(&a, tids[i]));
	assert_false(tidset_has(&a, 4) || tidset_has(&a, 0) || tidset_has(&a, 78));
	tidset_init_from(&b, &th[0].tid, 4, sizeof th[0]);
	assert_true(tidset_has(&b, 40) && tidset_has(&b, 7) && tidset_has(&b, 1000) &&
	            tidset_has(&b, 13));
	assert_false(tidset_has(&b, 0) || tidset_has(&b, 8));
	tidset_init_from(&none, NULL, 0, sizeof th[0]);
	assert_false(tidset_has(&none, 0));
	tidset_free(&a);
	tidset_free(&b);
	tidset_free(&none);
}

static void test_why(void **state)
{
	struct offcpu_why w, idle;

	(void)state;
	offcpu_why_nr(&w, 232, 'S');
	assert_string_equal(w.leaf, "[off-cpu: epoll_wait]");
	assert_string_equal(w.cls, OFFCPU_POLL);
	offcpu_why_nr(&w, 202, 'S');
	assert_string_equal(w.leaf, "[off-cpu: futex]");
	assert_string_equal(w.cls, OFFCPU_LOCK);
	offcpu_why_nr(&w, 0, 'S');
	assert_string_equal(w.cls, OFFCPU_IO);
	offcpu_why_nr(&w, 230, 'S');
	assert_string_equal(w.leaf, "[off-cpu: clock_nanosleep]");
	assert_string_equal(w.cls, OFFCPU_SLEEP);
	/* Uninterruptible outside a syscall: a page fault. */
	offcpu_why_nr(&w, -1, 'D');
	assert_string_equal(w.cls, OFFCPU_FAULT);
	offcpu_why_nr(&w, 9999, 'S');
	assert_string_equal(w.leaf, "[off-cpu: syscall 9999]");
	/* Kernel frames of a switched-out thread name the syscall. */
	assert_int_equal(offcpu_why_kfunc(&w, "__x64_sys_read", 'S'), 0);
	assert_string_equal(w.leaf, "[off-cpu: read]");
	assert_int_equal(offcpu_why_kfunc(&w, "__do_sys_epoll_wait", 'S'), 0);
	assert_string_equal(w.cls, OFFCPU_POLL);
	assert_int_equal(offcpu_why_kfunc(&w, "asm_exc_page_fault", 'D'), 0);
	assert_string_equal(w.cls, OFFCPU_FAULT);
	assert_int_equal(offcpu_why_kfunc(&w, "schedule", 'S'), -1);
	assert_int_equal(offcpu_why_kfunc(&w, NULL, 'S'), -1);
	offcpu_why_runq(&w);
	assert_string_equal(w.cls, OFFCPU_RUNQ);
	offcpu_why_nr(&w, 202, 'S');
	offcpu_why_idle(&idle, &w);
	assert_string_equal(idle.leaf, "[idle threads: futex]");
	assert_string_equal(idle.cls, OFFCPU_IDLE);
}

static void test_periods(void **state)
{
	double carry = 0;
	unsigned total = 0;

	(void)state;
	/* 2.5 periods, then 2.5 more: 2, then 3 (the half carried). */
	assert_int_equal(offcpu_periods(25000000, 10000000, &carry), 2);
	assert_int_equal(offcpu_periods(25000000, 10000000, &carry), 3);
	/* Many short stretches add up to their total, not to zero. */
	carry = 0;
	for (int i = 0; i < 1000; i++)
		total += offcpu_periods(1000000, 10101010.1, &carry);
	assert_true(total == 98 || total == 99);
	assert_int_equal(offcpu_periods(5, 0, &carry), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_grabcache_reuse),
	    cmocka_unit_test(test_grabcache_many),
	    cmocka_unit_test(test_grabcache_settle),
	    cmocka_unit_test(test_tidset),
	    cmocka_unit_test(test_why),
	    cmocka_unit_test(test_periods),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
