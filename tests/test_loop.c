/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_loop: the event loop dispatches ready fds, survives a callback that
 * removes fds (itself and others), and timerfds fire at their period.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdint.h>
#include <unistd.h>

#include "loop.h"
#include "util.h"

struct hit {
	struct loop *l;
	int count;
	int other_fd;
};

static void on_read(int fd, uint32_t ev, void *arg)
{
	struct hit *h = arg;
	char c;

	(void)ev;
	if (read(fd, &c, 1) == 1)
		h->count++;
}

static void on_read_remove_both(int fd, uint32_t ev, void *arg)
{
	struct hit *h = arg;

	on_read(fd, ev, arg);
	loop_del_fd(h->l, fd);
	loop_del_fd(h->l, h->other_fd);
}

static void test_dispatch_and_remove(void **state)
{
	struct loop *l = loop_new(NULL);
	int a[2], b[2];
	struct hit ha = {.l = l}, hb = {.l = l};

	(void)state;
	assert_non_null(l);
	assert_int_equal(pipe(a), 0);
	assert_int_equal(pipe(b), 0);
	ha.other_fd = b[0];
	assert_int_equal(loop_add_fd(l, a[0], on_read_remove_both, &ha, NULL), 0);
	assert_int_equal(loop_add_fd(l, b[0], on_read, &hb, NULL), 0);
	assert_int_equal(write(a[1], "x", 1), 1);
	assert_int_equal(write(b[1], "y", 1), 1);
	assert_true(loop_run_once(l, 1000) >= 1);
	/* Whichever ran first, the removed entry must not fire later. */
	assert_int_equal(ha.count, 1);
	assert_int_equal(write(a[1], "x", 1), 1);
	assert_int_equal(write(b[1], "y", 1), 1);
	assert_int_equal(loop_run_once(l, 50), 0);
	assert_int_equal(ha.count, 1);
	assert_true(hb.count <= 1);
	loop_free(l);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
}

struct tick {
	struct loop *l;
	uint64_t n;
};

static void on_tick(int fd, uint32_t ev, void *arg)
{
	struct tick *t = arg;

	(void)ev;
	t->n += loop_timer_drain(fd);
	if (t->n >= 5)
		loop_stop(t->l);
}

static void test_timer_period(void **state)
{
	struct loop *l = loop_new(NULL);
	struct tick t = {.l = l};
	int fd = loop_timer_new(0.02, NULL);
	double t0;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(loop_add_fd(l, fd, on_tick, &t, NULL), 0);
	t0 = now_mono();
	loop_run(l);
	/* Five 20 ms periods cannot take less than 100 ms. */
	assert_true(now_mono() - t0 >= 0.099);
	assert_true(t.n >= 5);
	assert_int_equal(loop_timer_set(fd, 0), 0);
	assert_int_equal(loop_timer_drain(fd), 0);
	loop_free(l);
	close(fd);
}

static void test_timer_first_expiry(void **state)
{
	struct loop *l = loop_new(NULL);
	struct tick t = {.l = l, .n = 4};
	int fd = loop_timer_new(10, NULL);
	double t0;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(loop_timer_start(fd, 0.02, 10), 0);
	assert_int_equal(loop_add_fd(l, fd, on_tick, &t, NULL), 0);
	t0 = now_mono();
	loop_run(l);
	/* The first expiry comes after 20 ms, not after the 10 s period. */
	assert_true(now_mono() - t0 < 5);
	assert_true(now_mono() - t0 >= 0.019);
	loop_free(l);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dispatch_and_remove),
	    cmocka_unit_test(test_timer_period),
	    cmocka_unit_test(test_timer_first_expiry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
