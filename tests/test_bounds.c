/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_bounds: what keeps watching cheap over a long run.  The sample
 * store's address cache and stack dictionary stay under their bounds
 * however much distinct code is sampled (counted, not silently dropped),
 * and the ptrace back end's rule stops only threads that ran since their
 * last sample, weighted by how long they ran.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include <cmocka.h>

#include "profile.h"
#include "sampler_due.h"
#include "stacks.h"

/* Addresses inside this test's own code, so the symbolizer has real
 * ELF files to look them up in. */
static __attribute__((noinline)) int code_area(int x)
{
	return x * 3 + 1;
}

static void test_addr_cache_bound(void **state);
static void test_addr_cache_bound(void **state)
{
	struct stacks *st = stacks_new(getpid(), 10);
	struct stacks_stats ss;
	uint64_t base = (uint64_t)(uintptr_t)code_area;

	(void)state;
	stacks_set_bounds(st, 64, 0);
	for (int i = 0; i < 1000; i++) {
		uint64_t ips[2] = {base + (uint64_t)(i % 16),
		                   (uint64_t)(uintptr_t)test_addr_cache_bound + 1 + (uint64_t)i};

		stacks_add(st, getpid(), ips, 2, 1.0 + i * 0.001);
	}
	stacks_stats(st, &ss);
	assert_int_equal(ss.addr_max, 64);
	assert_true(ss.addr_cached <= 64);
	/* ~1000 distinct addresses through a 64-entry cache. */
	assert_true(ss.addr_flushes >= 10);
	assert_int_equal(ss.overflow_samples, 0);
	assert_int_equal(stacks_total_samples(st), 1000);
	stacks_free(st);
}

static void test_dict_bound(void **state)
{
	struct stacks *st = stacks_new(getpid(), 10);
	struct stacks_stats ss;
	const size_t max = 64 * 1024;
	struct profile *p;

	(void)state;
	stacks_set_bounds(st, 0, max);
	for (int i = 0; i < 20000; i++) {
		char leaf[32], mid[32];
		const char *names[3] = {leaf, mid, "main"};
		const char *mods[3] = {"prog", "prog", "prog"};

		snprintf(leaf, sizeof leaf, "generated_%d", i);
		snprintf(mid, sizeof mid, "caller_%d", i % 97);
		stacks_add_named(st, 7, names, mods, 3, 1.0 + i * 0.0001);
	}
	stacks_stats(st, &ss);
	/* Unbounded, 20,000 distinct stacks and 20,000 names take over a
	 * megabyte; the bound holds within one doubling of an array. */
	assert_true(ss.dict_bytes <= 3 * max);
	assert_true(ss.overflow_samples > 10000);
	assert_true(ss.overflow_samples < 20000);
	/* Every sample is still counted. */
	assert_int_equal(stacks_total_samples(st), 20000);
	p = stacks_profile(st, 3.0);
	assert_true(profile_span_find(p, INFINITY) >= 0);
	assert_int_equal(p->spans[profile_span_find(p, INFINITY)].samples, 20000);
	profile_unref(p);
	stacks_free(st);
}

/* ptrace: a thread that did not run is never stopped; one that ran is,
 * weighted by the periods it ran; the rounding is carried. */
static void test_due_rule(void **state)
{
	struct sampler_due d = {.oncpu_ns = 5000000000ull};
	const double hz = 100; /* 10 ms periods */
	unsigned w = 0;
	uint64_t t = d.oncpu_ns;
	int stops = 0;

	(void)state;
	/* Parked: its on-CPU time stands still; a thousand ticks, no stop. */
	for (int i = 0; i < 1000; i++)
		stops += sampler_due(&d, t, hz, &w);
	assert_int_equal(stops, 0);
	/* Ran 4 ms: under half a period, not due; 2 ms more: due, weight 1,
	 * the 4 ms over the period owed to the next. */
	t += 4000000;
	assert_int_equal(sampler_due(&d, t, hz, &w), 0);
	t += 2000000;
	assert_int_equal(sampler_due(&d, t, hz, &w), 1);
	assert_int_equal(w, 1);
	assert_int_equal(d.owed_ns, -4000000);
	/* Ran 35 ms since: weight 3 (31 ms owed, rounded), 1 ms carried. */
	t += 35000000;
	assert_int_equal(sampler_due(&d, t, hz, &w), 1);
	assert_int_equal(w, 3);
	assert_int_equal(d.owed_ns, 1000000);
	/* A busy thread: on CPU the whole time, one stop per period and
	 * the weights sum to the time it ran. */
	{
		unsigned sum = 0;

		d.owed_ns = 0;
		for (int i = 0; i < 100; i++) {
			t += 10000000;
			if (sampler_due(&d, t, hz, &w))
				sum += w;
		}
		assert_int_equal(sum, 100);
	}
	/* A counter that went backwards (tid reused) owes nothing. */
	d.owed_ns = 0;
	assert_int_equal(sampler_due(&d, t - 1000000000ull, hz, &w), 0);
	/* Sampling off. */
	t += 1000000000ull;
	assert_int_equal(sampler_due(&d, t, 0, &w), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_addr_cache_bound),
	    cmocka_unit_test(test_dict_bound),
	    cmocka_unit_test(test_due_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
