/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * offcpu_core: the pure parts of the off-CPU collector: why a thread is
 * off the CPU (from its syscall number, or a kernel function name such as
 * __x64_sys_epoll_wait, and its state), the synthetic leaf frame that
 * says so ("[off-cpu: epoll_wait]") with its class, and durations turned
 * into whole sample periods with the remainder carried.
 */
#ifndef CTOP_OFFCPU_CORE_H
#define CTOP_OFFCPU_CORE_H

#include <stddef.h>
#include <stdint.h>

/* Classes of off-CPU time; the leaf frame's module names the class. */
#define OFFCPU_LOCK "lock"   /* futex: locks, condition variables */
#define OFFCPU_IO "io"       /* read/write and friends */
#define OFFCPU_POLL "poll"   /* poll, epoll, select: waiting for events */
#define OFFCPU_SLEEP "sleep" /* nanosleep, pause, sigwait */
#define OFFCPU_FAULT "fault" /* page fault or other uninterruptible wait */
#define OFFCPU_RUNQ "runq"   /* runnable, waiting for a CPU */
#define OFFCPU_IDLE "idle"   /* folded idle threads */
#define OFFCPU_OTHER "other"

struct offcpu_why {
	char leaf[48];   /* "[off-cpu: epoll_wait]" */
	const char *cls; /* OFFCPU_* */
};

/* From /proc/TID/syscall's number (-1 none: "running" or no syscall)
 * and the thread's state letter (S, D, ...). */
void offcpu_why_nr(struct offcpu_why *w, long nr, char state);
/* From a kernel function on the stack of a thread switched out
 * ("__x64_sys_read", "__do_sys_epoll_wait", "asm_exc_page_fault"), or
 * NULL when none names it; state 'D' or 'S', or 0 unknown. */
int offcpu_why_kfunc(struct offcpu_why *w, const char *kfunc, char state);
/* The leaf of time spent runnable, waiting for a CPU. */
void offcpu_why_runq(struct offcpu_why *w);
/* The folded leaf of an idle thread: "[idle threads: futex]". */
void offcpu_why_idle(struct offcpu_why *w, const struct offcpu_why *inner);

/* ns of off-CPU time into whole periods of period_ns; the remainder is
 * kept in *carry_ns for the next call. */
unsigned offcpu_periods(uint64_t ns, double period_ns, double *carry_ns);

#endif
