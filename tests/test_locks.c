/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_locks: the pure part of the lock collector: futex op decoding,
 * pairing enters and exits into waits (waits that began before we
 * looked, threads that die mid-wait, lost records), the interval sums
 * per lock, classification of waiting stacks and address labels.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
/* cmocka.h needs the three above first. */

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "locks_core.h"

#define MS 1000000ull
#define LOCK_A 0x601040ull
#define LOCK_B 0x601080ull

static const struct lk_stat *find(const struct lk_stat *v, int n, uint64_t uaddr)
{
	for (int i = 0; i < n; i++)
		if (v[i].uaddr == uaddr)
			return &v[i];
	return NULL;
}

static void test_futex_ops(void **state)
{
	char buf[32];

	(void)state;
	assert_true(lk_futex_is_wait(0));        /* FUTEX_WAIT */
	assert_true(lk_futex_is_wait(128));      /* FUTEX_WAIT_PRIVATE */
	assert_true(lk_futex_is_wait(9 | 128));  /* WAIT_BITSET_PRIVATE */
	assert_true(lk_futex_is_wait(9 | 256));  /* WAIT_BITSET | CLOCK_REALTIME */
	assert_true(lk_futex_is_wait(6));        /* LOCK_PI */
	assert_true(lk_futex_is_wait(13 | 128)); /* LOCK_PI2_PRIVATE */
	assert_false(lk_futex_is_wait(1 | 128)); /* WAKE_PRIVATE */
	assert_false(lk_futex_is_wait(8));       /* TRYLOCK_PI never blocks */
	assert_false(lk_futex_is_wait(7));       /* UNLOCK_PI */
	assert_true(lk_futex_is_wake(1 | 128));
	assert_true(lk_futex_is_wake(10));
	assert_true(lk_futex_is_wake(7));
	assert_false(lk_futex_is_wake(0));
	assert_string_equal(lk_futex_cmd_name(9 | 128 | 256, buf, sizeof buf), "WAIT_BITSET");
	assert_string_equal(lk_futex_cmd_name(6, buf, sizeof buf), "LOCK_PI");
	assert_string_equal(lk_futex_cmd_name(99, buf, sizeof buf), "op 99");
}

/* Two threads queue on A, one waits once on B; wakes pair with nothing. */
static void test_pairing(void **state)
{
	struct lk_engine *e = lk_engine_new(0);
	struct lk_stat *st;
	const struct lk_stat *a, *b;
	int n;

	(void)state;
	lk_enter(e, 11, 10 * MS, LOCK_A, 128);
	lk_enter(e, 12, 12 * MS, LOCK_A, 128);
	lk_enter(e, 13, 1 * MS, LOCK_B, 1 | 128); /* a wake: no wait */
	lk_exit(e, 13, 1 * MS);
	lk_exit(e, 11, 14 * MS); /* 4 ms */
	lk_exit(e, 12, 20 * MS); /* 8 ms */
	lk_enter(e, 11, 30 * MS, LOCK_A, 128);
	lk_exit(e, 11, 31 * MS); /* 1 ms */
	lk_enter(e, 13, 40 * MS, LOCK_B, 9 | 128);
	lk_exit(e, 13, 42 * MS); /* 2 ms */
	assert_int_equal(lk_pending(e, 11), 0);
	st = lk_tick(e, 1000 * MS, &n);
	assert_int_equal(n, 2);
	a = find(st, n, LOCK_A);
	b = find(st, n, LOCK_B);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(a->short_ns, 13 * MS);
	assert_int_equal(a->long_ns, 0);
	assert_int_equal(a->waits, 3);
	assert_int_equal(a->sum_ns, 13 * MS);
	assert_int_equal(a->max_ns, 8 * MS);
	assert_int_equal(a->waiters_max, 2);
	assert_int_equal(a->waiters_now, 0);
	assert_int_equal(a->ntids, 2);
	assert_int_equal(a->tids[0], 12); /* most wait first */
	assert_int_equal(a->tid_ns[0], 8 * MS);
	assert_int_equal(a->tid_ns[1], 5 * MS);
	assert_int_equal(b->short_ns, 2 * MS);
	assert_int_equal(b->waits, 1);
	free(st);
	/* A quiet interval reports nothing. */
	st = lk_tick(e, 2000 * MS, &n);
	assert_int_equal(n, 0);
	assert_null(st);
	lk_engine_free(e);
}

/* A wait across a tick that is not yet known to be short or long is
 * accounted whole when it ends: its first part waits, unreported. */
static void test_wait_spans_ticks(void **state)
{
	struct lk_engine *e = lk_engine_new(0);
	struct lk_stat *st;
	int n;

	(void)state;
	lk_enter(e, 11, 900 * MS, LOCK_A, 0);
	st = lk_tick(e, 1000 * MS, &n);
	assert_int_equal(n, 1);
	assert_int_equal(st[0].short_ns, 0);
	assert_int_equal(st[0].long_ns, 0);
	assert_int_equal(st[0].waits, 0);
	assert_int_equal(st[0].waiters_now, 1);
	free(st);
	lk_exit(e, 11, 1300 * MS); /* 400 ms in all: short */
	st = lk_tick(e, 2000 * MS, &n);
	assert_int_equal(n, 1);
	assert_int_equal(st[0].short_ns, 400 * MS);
	assert_int_equal(st[0].waits, 1);
	assert_int_equal(st[0].max_ns, 400 * MS);
	assert_int_equal(st[0].waiters_now, 0);
	free(st);
	lk_engine_free(e);
}

/*
 * Waits that began before we looked: the seeded start is when we began,
 * they never count in max or mean, and one that goes on is a park.  An
 * exit from a thread never seen is an orphan, not a wait.
 */
static void test_seeded_before_attach(void **state)
{
	struct lk_engine *e = lk_engine_new(0);
	struct lk_stat *st;
	const struct lk_stat *a, *b;
	int n;

	(void)state;
	lk_seed(e, 21, 0, LOCK_A, 128);     /* a mutex waiter we caught */
	lk_seed(e, 22, 0, LOCK_B, 9 | 128); /* a parked condvar waiter */
	lk_seed(e, 23, 0, LOCK_B, 1);       /* not a wait: ignored */
	assert_int_equal(lk_pending(e, 23), 0);
	lk_exit(e, 21, 3 * MS);
	lk_exit(e, 99, 5 * MS);
	assert_int_equal(lk_engine_orphans(e), 1);
	st = lk_tick(e, 1000 * MS, &n);
	a = find(st, n, LOCK_A);
	b = find(st, n, LOCK_B);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(a->short_ns, 3 * MS);
	assert_int_equal(a->waits, 1);
	assert_int_equal(a->max_ns, 0); /* start unknown */
	assert_int_equal(a->sum_ns, 0);
	assert_int_equal(b->long_ns, 1000 * MS);
	assert_int_equal(b->short_ns, 0);
	assert_int_equal(b->waiters_now, 1);
	free(st);
	/* Seeing the seeded thread enter again ends the seed uncounted. */
	lk_enter(e, 22, 1500 * MS, LOCK_B, 128);
	lk_exit(e, 22, 1501 * MS);
	st = lk_tick(e, 2000 * MS, &n);
	b = find(st, n, LOCK_B);
	assert_non_null(b);
	assert_int_equal(b->long_ns, 500 * MS);
	assert_int_equal(b->short_ns, 1 * MS);
	assert_int_equal(b->waits, 1);
	assert_int_equal(b->long_waits, 0);
	free(st);
	lk_engine_free(e);
}

/* A thread that dies mid-wait: the wait counts up to its end, is no
 * ended wait, and leaves no waiter behind. */
static void test_thread_dies_mid_wait(void **state)
{
	struct lk_engine *e = lk_engine_new(0);
	struct lk_stat *st;
	int n;

	(void)state;
	lk_enter(e, 31, 100 * MS, LOCK_A, 128);
	lk_enter(e, 32, 100 * MS, LOCK_A, 128);
	lk_gone(e, 31, 250 * MS);
	assert_int_equal(lk_pending(e, 31), 0);
	/* A lost exit: the next enter ends the old wait uncounted. */
	lk_enter(e, 32, 300 * MS, LOCK_A, 128);
	lk_exit(e, 32, 310 * MS);
	st = lk_tick(e, 1000 * MS, &n);
	assert_int_equal(n, 1);
	assert_int_equal(st[0].short_ns, 150 * MS + 200 * MS + 10 * MS);
	assert_int_equal(st[0].waits, 1);
	assert_int_equal(st[0].waiters_now, 0);
	assert_int_equal(st[0].waiters_max, 2);
	free(st);
	/* Its exit record arriving late is an orphan, not a wait. */
	lk_exit(e, 31, 1100 * MS);
	assert_int_equal(lk_engine_orphans(e), 1);
	lk_engine_free(e);
}

/* A long wait is long; a park goes long once it has lasted. */
static void test_long_waits(void **state)
{
	struct lk_engine *e = lk_engine_new(0);
	struct lk_stat *st;
	int n;

	(void)state;
	lk_enter(e, 41, 0, LOCK_A, 0);
	lk_exit(e, 41, 700 * MS);
	lk_enter(e, 42, 800 * MS, LOCK_B, 0);
	st = lk_tick(e, 1000 * MS, &n);
	assert_int_equal(find(st, n, LOCK_A)->long_ns, 700 * MS);
	assert_int_equal(find(st, n, LOCK_A)->long_waits, 1);
	assert_int_equal(find(st, n, LOCK_A)->waits, 0);
	/* B has waited 200 ms: not known yet, so not counted as either. */
	assert_int_equal(find(st, n, LOCK_B)->short_ns, 0);
	assert_int_equal(find(st, n, LOCK_B)->long_ns, 0);
	free(st);
	/* Now a park: all 1200 ms are long, none contention. */
	st = lk_tick(e, 2000 * MS, &n);
	assert_int_equal(find(st, n, LOCK_B)->long_ns, 1200 * MS);
	assert_int_equal(find(st, n, LOCK_B)->short_ns, 0);
	free(st);
	lk_engine_free(e);
}

/* A condition variable's two signal words, once aliased, are one lock. */
static void test_alias(void **state)
{
	struct lk_engine *e = lk_engine_new(0);
	struct lk_stat *st;
	int n;

	(void)state;
	lk_alias(e, LOCK_A + 4, LOCK_A);
	lk_enter(e, 51, 0, LOCK_A, 0);
	lk_enter(e, 52, 0, LOCK_A + 4, 0);
	lk_exit(e, 51, 100 * MS);
	lk_exit(e, 52, 300 * MS);
	lk_enter(e, 53, 400 * MS, LOCK_B + 4, 0); /* not aliased: its own */
	lk_exit(e, 53, 500 * MS);
	st = lk_tick(e, 1000 * MS, &n);
	assert_int_equal(n, 2);
	assert_int_equal(find(st, n, LOCK_A)->short_ns, 400 * MS);
	assert_int_equal(find(st, n, LOCK_A)->waits, 2);
	assert_int_equal(find(st, n, LOCK_A)->waiters_max, 2);
	assert_null(find(st, n, LOCK_A + 4));
	assert_int_equal(find(st, n, LOCK_B + 4)->short_ns, 100 * MS);
	free(st);
	lk_engine_free(e);
}

static void test_classify(void **state)
{
	static const char *const libc = "libc.so.6";
	const char *mutex[] = {"libc.so.6+0x86000", "__lll_lock_wait", "pthread_mutex_lock",
	                       "worker", "start_thread"};
	const char *mutex_mod[] = {libc, libc, libc, "lockmutex", libc};
	const char *cond[] = {"libc.so.6+0x85e00", "pthread_cond_wait", "parked", "start_thread"};
	const char *cond_mod[] = {libc, libc, "lockmutex", libc};
	const char *join[] = {"libc.so.6+0x85e00", "pthread_join", "main"};
	const char *join_mod[] = {libc, libc, "lockmutex"};
	const char *rw[] = {"__pthread_rwlock_wrlock_full", "writer"};
	const char *rw_mod[] = {libc, "app"};
	const char *sem[] = {"libc.so.6+0x90000", "sem_wait", "consumer"};
	const char *sem_mod[] = {libc, libc, "app"};
	const char *timed[] = {"pthread_cond_timedwait", "python3.11+0x1234", "python3.11+0x888"};
	const char *timed_mod[] = {libc, "python3.11", "python3.11"};
	const char *bare[] = {"libc.so.6+0x8000", "my_spin_futex", "main"};
	const char *bare_mod[] = {libc, "app", "app"};
	const char *unlock[] = {"pthread_mutex_unlock", "worker"};
	const char *unlock_mod[] = {libc, "app"};
	int who;

	(void)state;
	assert_int_equal(lk_classify(mutex, mutex_mod, 5, &who), LK_MUTEX);
	assert_int_equal(who, 3);
	assert_int_equal(lk_classify(cond, cond_mod, 4, &who), LK_CONDVAR);
	assert_int_equal(who, 2);
	assert_int_equal(lk_classify(join, join_mod, 3, &who), LK_JOIN);
	assert_int_equal(who, 2);
	assert_int_equal(lk_classify(rw, rw_mod, 2, &who), LK_RWLOCK);
	assert_int_equal(who, 1);
	assert_int_equal(lk_classify(sem, sem_mod, 3, &who), LK_SEMAPHORE);
	assert_int_equal(lk_classify(timed, timed_mod, 3, &who), LK_CONDVAR);
	assert_int_equal(who, 1);
	assert_int_equal(lk_classify(bare, bare_mod, 3, &who), LK_OTHER);
	assert_int_equal(who, 1);
	assert_int_equal(lk_classify(unlock, unlock_mod, 2, &who), LK_OTHER);
	assert_int_equal(lk_classify(NULL, NULL, 0, &who), LK_UNKNOWN);
	assert_int_equal(who, -1);
	assert_true(lk_kind_is_lock(LK_MUTEX));
	assert_true(lk_kind_is_lock(LK_RWLOCK));
	assert_false(lk_kind_is_lock(LK_CONDVAR));
	assert_false(lk_kind_is_lock(LK_JOIN));
	assert_string_equal(lk_kind_name(LK_SEMAPHORE), "semaphore");
}

static void test_region_label(void **state)
{
	const char *maps = "55d0a000-55d0b000 r-xp 00001000 fe:01 1234 /usr/bin/app\n"
			   "55d0c000-55d0e000 rw-p 00003000 fe:01 1234 /usr/bin/app\n"
			   "55d0f000-55d30000 rw-p 00000000 00:00 0          [heap]\n"
			   "7f0000000000-7f0000800000 rw-p 00000000 00:00 0 \n"
			   "7ffd0000-7ffd2000 rw-p 00000000 00:00 0          [stack]\n";
	char buf[64];

	(void)state;
	assert_string_equal(lk_region_label(maps, 0x55d0c010, buf, sizeof buf), "app");
	assert_string_equal(lk_region_label(maps, 0x55d10000, buf, sizeof buf), "heap");
	assert_string_equal(lk_region_label(maps, 0x7f0000001000, buf, sizeof buf), "anon");
	assert_string_equal(lk_region_label(maps, 0x7ffd0100, buf, sizeof buf), "stack");
	assert_string_equal(lk_region_label(maps, 0x1000, buf, sizeof buf), "unmapped");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_futex_ops),
	    cmocka_unit_test(test_pairing),
	    cmocka_unit_test(test_wait_spans_ticks),
	    cmocka_unit_test(test_seeded_before_attach),
	    cmocka_unit_test(test_thread_dies_mid_wait),
	    cmocka_unit_test(test_long_waits),
	    cmocka_unit_test(test_alias),
	    cmocka_unit_test(test_classify),
	    cmocka_unit_test(test_region_label),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
