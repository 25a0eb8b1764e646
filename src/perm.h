/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * perm: why the kernel refused ctop something, in terms a user can act
 * on.  perm_read gathers the facts that decide perf_event_open and ptrace
 * permission (perf_event_paranoid, Yama's ptrace_scope, ctop's uid and
 * capabilities, a seccomp filter on ctop, the target's owner and tracer,
 * whether the target is a kernel thread); the phrase functions are pure
 * functions of those facts and an errno, so each rule is unit-tested.  A
 * phrase names a setting only when that setting forbids what was asked.
 */
#ifndef CTOP_PERM_H
#define CTOP_PERM_H

#include <stddef.h>
#include <sys/types.h>

/* perf_event_paranoid when it cannot be read. */
#define PERM_UNKNOWN 99

struct perm_ctx {
	int paranoid;    /* perf_event_paranoid, PERM_UNKNOWN when unread */
	int yama;        /* kernel.yama.ptrace_scope, -1 without Yama */
	int root;        /* ctop's effective uid is 0 */
	int cap_perfmon; /* CAP_PERFMON or CAP_SYS_ADMIN in effect */
	int cap_ptrace;  /* CAP_SYS_PTRACE in effect */
	int seccomp;     /* a seccomp filter is on ctop (status "Seccomp: 2") */
	int other_user;  /* the target runs under another uid than ctop */
	unsigned target_uid;
	int kthread;  /* the target is a kernel thread */
	pid_t tracer; /* the target's TracerPid, 0 when none */
};

/* Fills c for target pid (0: facts about ctop only). */
void perm_read(struct perm_ctx *c, pid_t pid);

/* 1 when pid is a kernel thread (PF_KTHREAD in /proc/PID/stat), else 0. */
int perm_kthread(pid_t pid);

/*
 * Why perf_event_open failed with err for an event on the target that
 * counts kernel mode too (kernel_mode 1) or user mode only.  For EACCES
 * and EPERM the phrase says which rule refused: perf_event_paranoid only
 * where its value forbids that event (3: everything for a non-root user
 * on kernels that have that level; 2: kernel mode), the target's owner,
 * a seccomp filter, else that perf_event_paranoid allows it and something
 * else (a security module) refused.  NULL for any other errno.
 */
const char *perm_perf_phrase(const struct perm_ctx *c, int err, int kernel_mode, char *buf,
                             size_t size);

/*
 * Why PTRACE_SEIZE (or reading a ptrace-guarded /proc file) failed with
 * err: a kernel thread, another tracer, another user's process, Yama's
 * ptrace_scope, a seccomp filter, else the errno.
 */
const char *perm_ptrace_phrase(const struct perm_ctx *c, int err, char *buf, size_t size);

#endif
