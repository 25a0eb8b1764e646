/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * loop: epoll over fds, and timerfd helpers.  Callbacks may add or remove
 * any fd, so dispatch checks that an entry is still live before calling it.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "loop.h"
#include "util.h"

struct loop_entry {
	int fd;
	loop_fd_cb cb;
	void *arg;
	int live;
};

struct loop {
	int epfd;
	int stop;
	loop_hook_fn before_wait;
	void *before_wait_arg;
	loop_awake_fn awake;
	void *awake_arg;
	struct loop_entry **ents;
	size_t nents;
};

struct loop *loop_new(char **cause)
{
	struct loop *l = xcalloc(1, sizeof *l);

	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0) {
		set_cause(cause, "epoll_create1: %s", strerror(errno));
		free(l);
		return NULL;
	}
	return l;
}

void loop_free(struct loop *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->nents; i++)
		free(l->ents[i]);
	free(l->ents);
	close(l->epfd);
	free(l);
}

int loop_add_fd(struct loop *l, int fd, loop_fd_cb cb, void *arg, char **cause)
{
	struct loop_entry *e = xcalloc(1, sizeof *e);
	struct epoll_event ev = {.events = EPOLLIN};

	e->fd = fd;
	e->cb = cb;
	e->arg = arg;
	e->live = 1;
	ev.data.ptr = e;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		set_cause(cause, "epoll_ctl(add %d): %s", fd, strerror(errno));
		free(e);
		return -1;
	}
	l->ents = xrealloc(l->ents, (l->nents + 1) * sizeof *l->ents);
	l->ents[l->nents++] = e;
	return 0;
}

void loop_del_fd(struct loop *l, int fd)
{
	for (size_t i = 0; i < l->nents; i++) {
		struct loop_entry *e = l->ents[i];
		if (e->live && e->fd == fd) {
			epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
			/* Freed later: an event for it may still be in this batch. */
			e->live = 0;
		}
	}
}

/* Drops entries removed during the last dispatch. */
static void loop_reap(struct loop *l)
{
	size_t j = 0;

	for (size_t i = 0; i < l->nents; i++) {
		if (l->ents[i]->live)
			l->ents[j++] = l->ents[i];
		else
			free(l->ents[i]);
	}
	l->nents = j;
}

int loop_run_once(struct loop *l, int timeout_ms)
{
	struct epoll_event evs[32];
	int n, err;

	if (l->awake != NULL)
		l->awake(l->awake_arg, 0);
	n = epoll_wait(l->epfd, evs, (int)CTOP_ARRAY_LEN(evs), timeout_ms);
	err = errno;
	if (l->awake != NULL)
		l->awake(l->awake_arg, 1);
	if (n < 0)
		return err == EINTR ? 0 : -1;
	for (int i = 0; i < n; i++) {
		struct loop_entry *e = evs[i].data.ptr;
		if (e->live)
			e->cb(e->fd, evs[i].events, e->arg);
	}
	loop_reap(l);
	return n;
}

void loop_set_awake(struct loop *l, loop_awake_fn fn, void *arg)
{
	l->awake = fn;
	l->awake_arg = arg;
}

void loop_set_before_wait(struct loop *l, loop_hook_fn fn, void *arg)
{
	l->before_wait = fn;
	l->before_wait_arg = arg;
}

void loop_run(struct loop *l)
{
	l->stop = 0;
	while (!l->stop) {
		if (l->before_wait != NULL)
			l->before_wait(l->before_wait_arg);
		if (l->stop || loop_run_once(l, -1) < 0)
			break;
	}
}

void loop_stop(struct loop *l)
{
	l->stop = 1;
}

static struct itimerspec period_spec(double period_s)
{
	struct itimerspec its;

	memset(&its, 0, sizeof its);
	if (period_s > 0) {
		its.it_interval.tv_sec = (time_t)period_s;
		its.it_interval.tv_nsec = (long)((period_s - (double)(time_t)period_s) * 1e9);
		if (its.it_interval.tv_sec == 0 && its.it_interval.tv_nsec == 0)
			its.it_interval.tv_nsec = 1;
		its.it_value = its.it_interval;
	}
	return its;
}

int loop_timer_new(double period_s, char **cause)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);

	if (fd < 0) {
		set_cause(cause, "timerfd_create: %s", strerror(errno));
		return -1;
	}
	if (loop_timer_set(fd, period_s) < 0) {
		set_cause(cause, "timerfd_settime: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int loop_timer_set(int fd, double period_s)
{
	struct itimerspec its = period_spec(period_s);

	return timerfd_settime(fd, 0, &its, NULL);
}

int loop_timer_start(int fd, double first_s, double period_s)
{
	struct itimerspec its = period_spec(period_s);
	struct itimerspec first = period_spec(first_s);

	its.it_value = first.it_value;
	return timerfd_settime(fd, 0, &its, NULL);
}

uint64_t loop_timer_drain(int fd)
{
	uint64_t n = 0;

	if (read(fd, &n, sizeof n) != (ssize_t)sizeof n)
		return 0;
	return n;
}
