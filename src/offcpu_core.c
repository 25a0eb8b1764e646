/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * offcpu_core: reasons, leaf frames and period arithmetic of the off-CPU
 * collector (see offcpu_core.h).  The syscall table is x86-64's.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "offcpu_core.h"

struct oc_sys {
	long nr;
	const char *name;
	const char *cls;
};

/* The syscalls a thread commonly blocks in. */
static const struct oc_sys oc_sys[] = {
    {0, "read", OFFCPU_IO},
    {1, "write", OFFCPU_IO},
    {7, "poll", OFFCPU_POLL},
    {17, "pread64", OFFCPU_IO},
    {18, "pwrite64", OFFCPU_IO},
    {19, "readv", OFFCPU_IO},
    {20, "writev", OFFCPU_IO},
    {23, "select", OFFCPU_POLL},
    {34, "pause", OFFCPU_SLEEP},
    {35, "nanosleep", OFFCPU_SLEEP},
    {42, "connect", OFFCPU_IO},
    {43, "accept", OFFCPU_POLL},
    {44, "sendto", OFFCPU_IO},
    {45, "recvfrom", OFFCPU_IO},
    {46, "sendmsg", OFFCPU_IO},
    {47, "recvmsg", OFFCPU_IO},
    {61, "wait4", OFFCPU_SLEEP},
    {65, "semop", OFFCPU_LOCK},
    {73, "flock", OFFCPU_LOCK},
    {74, "fsync", OFFCPU_IO},
    {75, "fdatasync", OFFCPU_IO},
    {128, "rt_sigtimedwait", OFFCPU_SLEEP},
    {130, "rt_sigsuspend", OFFCPU_SLEEP},
    {202, "futex", OFFCPU_LOCK},
    /* An interrupted sleep or wait resumes as restart_syscall. */
    {219, "restart_syscall", OFFCPU_SLEEP},
    {208, "io_getevents", OFFCPU_IO},
    {220, "semtimedop", OFFCPU_LOCK},
    {230, "clock_nanosleep", OFFCPU_SLEEP},
    {232, "epoll_wait", OFFCPU_POLL},
    {247, "waitid", OFFCPU_SLEEP},
    {270, "pselect6", OFFCPU_POLL},
    {271, "ppoll", OFFCPU_POLL},
    {281, "epoll_pwait", OFFCPU_POLL},
    {288, "accept4", OFFCPU_POLL},
    {295, "preadv", OFFCPU_IO},
    {296, "pwritev", OFFCPU_IO},
    {426, "io_uring_enter", OFFCPU_IO},
    {441, "epoll_pwait2", OFFCPU_POLL},
    {449, "futex_waitv", OFFCPU_LOCK},
};

static void oc_set(struct offcpu_why *w, const char *name, const char *cls)
{
	snprintf(w->leaf, sizeof w->leaf, "[off-cpu: %s]", name);
	w->cls = cls;
}

void offcpu_why_nr(struct offcpu_why *w, long nr, char state)
{
	char buf[32];

	for (size_t i = 0; i < sizeof oc_sys / sizeof oc_sys[0]; i++)
		if (oc_sys[i].nr == nr) {
			oc_set(w, oc_sys[i].name, oc_sys[i].cls);
			return;
		}
	if (nr >= 0) {
		snprintf(buf, sizeof buf, "syscall %ld", nr);
		oc_set(w, buf, state == 'D' ? OFFCPU_FAULT : OFFCPU_OTHER);
	} else if (state == 'D')
		/* Not in a syscall and uninterruptible: a page fault (or
		 * another wait of the kernel on its behalf). */
		oc_set(w, "page fault / D state", OFFCPU_FAULT);
	else
		oc_set(w, "sleep", OFFCPU_SLEEP);
}

int offcpu_why_kfunc(struct offcpu_why *w, const char *kfunc, char state)
{
	static const char *const prefixes[] = {"__x64_sys_", "__do_sys_", "__se_sys_", "ksys_"};

	if (kfunc == NULL)
		return -1;
	if (strstr(kfunc, "page_fault") != NULL) {
		oc_set(w, "page fault / D state", OFFCPU_FAULT);
		return 0;
	}
	for (size_t p = 0; p < sizeof prefixes / sizeof prefixes[0]; p++) {
		size_t pl = strlen(prefixes[p]);

		if (strncmp(kfunc, prefixes[p], pl) != 0)
			continue;
		for (size_t i = 0; i < sizeof oc_sys / sizeof oc_sys[0]; i++)
			if (strcmp(kfunc + pl, oc_sys[i].name) == 0) {
				oc_set(w, oc_sys[i].name, oc_sys[i].cls);
				return 0;
			}
		oc_set(w, kfunc + pl, state == 'D' ? OFFCPU_FAULT : OFFCPU_OTHER);
		return 0;
	}
	return -1;
}

void offcpu_why_runq(struct offcpu_why *w)
{
	oc_set(w, "run queue", OFFCPU_RUNQ);
}

void offcpu_why_idle(struct offcpu_why *w, const struct offcpu_why *inner)
{
	const char *name = inner->leaf;
	size_t len;

	/* "[off-cpu: futex]" -> "futex" */
	if (strncmp(name, "[off-cpu: ", 10) == 0)
		name += 10;
	len = strlen(name);
	if (len > 0 && name[len - 1] == ']')
		len--;
	snprintf(w->leaf, sizeof w->leaf, "[idle threads: %.*s]", (int)len, name);
	w->cls = OFFCPU_IDLE;
}

unsigned offcpu_periods(uint64_t ns, double period_ns, double *carry_ns)
{
	double t = (double)ns + *carry_ns;
	unsigned n;

	if (!(period_ns > 0))
		return 0;
	n = (unsigned)(t / period_ns);
	*carry_ns = t - (double)n * period_ns;
	return n;
}
