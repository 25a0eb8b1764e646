/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * loop: the one event loop.  It watches file descriptors (the terminal, the
 * interval timerfd, the sampler's timerfd or perf rings, the signalfd) with
 * epoll and calls a callback for each ready one.  It has no timers of its
 * own: a module that needs one makes a timerfd (see loop_timer_new), which
 * keeps every wake-up an fd event.  It is not thread-safe: ctop has one
 * thread.
 */
#ifndef CTOP_LOOP_H
#define CTOP_LOOP_H

#include <stdint.h>

struct loop;

/* events are EPOLLIN/EPOLLOUT/EPOLLERR/EPOLLHUP bits as delivered. */
typedef void (*loop_fd_cb)(int fd, uint32_t events, void *arg);

struct loop *loop_new(char **cause);
void loop_free(struct loop *l);

/* Watches fd for EPOLLIN; the callback runs from loop_run_once. */
int loop_add_fd(struct loop *l, int fd, loop_fd_cb cb, void *arg, char **cause);
/* Stops watching fd; safe to call from inside a callback, for any fd. */
void loop_del_fd(struct loop *l, int fd);

/*
 * Waits up to timeout_ms (-1: forever) and dispatches ready fds.  Returns
 * the number dispatched, 0 on timeout, -1 on error other than EINTR.
 */
int loop_run_once(struct loop *l, int timeout_ms);

/*
 * Called once per pass, after the callbacks of the previous wake-up and
 * before waiting again: the place to do what the callbacks only asked
 * for (the dashboard draws there when something marked it dirty).  One
 * hook; NULL removes it.
 */
typedef void (*loop_hook_fn)(void *arg);
void loop_set_before_wait(struct loop *l, loop_hook_fn fn, void *arg);

/*
 * Called with 0 just before the loop waits and with 1 as soon as the wait
 * ends: between the two ctop is idle and every event wakes it; outside,
 * it is busy and reacts only when done (the ptrace sampler keeps a timer
 * for that time).  One hook; NULL removes it.
 */
typedef void (*loop_awake_fn)(void *arg, int awake);
void loop_set_awake(struct loop *l, loop_awake_fn fn, void *arg);

/* Runs passes until loop_stop is called (from a callback or the hook),
 * then returns; the next loop_run starts afresh. */
void loop_run(struct loop *l);
void loop_stop(struct loop *l);

/*
 * A periodic CLOCK_MONOTONIC timerfd, non-blocking, close-on-exec; first
 * expiry after period_s.  Returns the fd or -1.  loop_timer_set changes the
 * period (0 disarms); loop_timer_drain reads the expiry count (0 if none).
 */
int loop_timer_new(double period_s, char **cause);
int loop_timer_set(int fd, double period_s);
uint64_t loop_timer_drain(int fd);
/* Like loop_timer_set, but the first expiry comes after first_s. */
int loop_timer_start(int fd, double first_s, double period_s);

#endif
