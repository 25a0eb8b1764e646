/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * perm: the facts behind a refusal (read from /proc and /proc/sys) and the
 * phrases made of them.  See perm.h.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "perm.h"
#include "util.h"

#define PERM_PF_KTHREAD 0x00200000ul
#define PERM_CAP_SYS_PTRACE 19
#define PERM_CAP_SYS_ADMIN 21
#define PERM_CAP_PERFMON 38

static int perm_read_int(const char *path, int dflt)
{
	char buf[32];

	if (read_file_buf(path, buf, sizeof buf) <= 0)
		return dflt;
	return atoi(buf);
}

/* The value after "key" on its line of a status file, or NULL. */
static const char *perm_status_field(const char *buf, const char *key)
{
	const char *p = strstr(buf, key);

	if (p == NULL)
		return NULL;
	p += strlen(key);
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

void perm_read(struct perm_ctx *c, pid_t pid)
{
	char buf[4096], path[64];
	const char *v;

	memset(c, 0, sizeof *c);
	c->paranoid = perm_read_int("/proc/sys/kernel/perf_event_paranoid", PERM_UNKNOWN);
	c->yama = access("/proc/sys/kernel/yama/ptrace_scope", F_OK) == 0
	              ? perm_read_int("/proc/sys/kernel/yama/ptrace_scope", 1)
	              : -1;
	c->root = geteuid() == 0;
	if (read_file_buf("/proc/self/status", buf, sizeof buf) > 0) {
		v = perm_status_field(buf, "\nCapEff:");
		if (v != NULL) {
			unsigned long long eff = strtoull(v, NULL, 16);

			c->cap_perfmon =
			    (eff >> PERM_CAP_PERFMON & 1) || (eff >> PERM_CAP_SYS_ADMIN & 1);
			c->cap_ptrace = (int)(eff >> PERM_CAP_SYS_PTRACE & 1);
		}
		v = perm_status_field(buf, "\nSeccomp:");
		c->seccomp = v != NULL && atoi(v) == 2;
	}
	if (pid <= 0)
		return;
	c->kthread = perm_kthread(pid);
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (read_file_buf(path, buf, sizeof buf) > 0) {
		/* Uid: real, effective, saved, fs: the kernel's ptrace and
		 * perf checks compare ctop's uid with all of the first three. */
		v = perm_status_field(buf, "\nUid:");
		if (v != NULL) {
			unsigned r = 0, e = 0, s = 0;

			if (sscanf(v, "%u %u %u", &r, &e, &s) == 3) {
				uid_t me = getuid();

				c->target_uid = r;
				c->other_user = r != me || e != me || s != me;
			}
		}
		v = perm_status_field(buf, "\nTracerPid:");
		c->tracer = v != NULL ? (pid_t)atoi(v) : 0;
	}
}

int perm_kthread(pid_t pid)
{
	char path[64], buf[1024];
	const char *p;
	unsigned long flags;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (read_file_buf(path, buf, sizeof buf) <= 0)
		return 0;
	p = strrchr(buf, ')');
	/* After the name: state ppid pgrp session tty_nr tpgid flags. */
	if (p == NULL || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) != 1)
		return 0;
	return (flags & PERM_PF_KTHREAD) != 0;
}

static const char *perm_errname(int err)
{
	return err == EPERM ? "EPERM" : err == EACCES ? "EACCES" : strerror(err);
}

const char *perm_perf_phrase(const struct perm_ctx *c, int err, int kernel_mode, char *buf,
                             size_t size)
{
	int privileged = c->root || c->cap_perfmon;

	if (err != EACCES && err != EPERM)
		return NULL;
	/* The kernel's own checks answer EACCES, in this order: kernel
	 * mode against paranoid (>= 2 forbids it), the target's owner (a
	 * fact, where paranoid 3 would only be a guess), then paranoid 3
	 * where a kernel has that level (it forbids user-mode events too).
	 * EPERM comes from elsewhere (a seccomp filter answers EPERM in
	 * containers): never blamed on paranoid. */
	if (err == EACCES && !privileged && kernel_mode && c->paranoid >= 2 &&
	    c->paranoid != PERM_UNKNOWN)
		snprintf(buf, size,
		         "perf_event_paranoid=%d: kernel mode needs <= 1, root or CAP_PERFMON",
		         c->paranoid);
	else if (err == EACCES && !privileged && !c->cap_ptrace && c->other_user)
		snprintf(buf, size,
		         "process of another user (uid %u): perf needs root, CAP_PERFMON or "
		         "CAP_SYS_PTRACE",
		         c->target_uid);
	else if (err == EACCES && !privileged && c->paranoid >= 3 && c->paranoid != PERM_UNKNOWN)
		snprintf(buf, size, "perf_event_paranoid=%d: perf needs root or CAP_PERFMON",
		         c->paranoid);
	else {
		/* Not a rule of the kernel's own: name what else refuses. */
		const char *who =
		    c->seccomp ? "a seccomp filter on ctop (a container?)" : "a security module?";

		if (privileged)
			snprintf(buf, size, "perf_event_open %s for root: %s", perm_errname(err),
			         who);
		else if (err == EPERM)
			snprintf(buf, size,
			         "perf_event_open EPERM, not a perf_event_paranoid refusal: %s",
			         who);
		else
			snprintf(
			    buf, size,
			    "perf_event_open EACCES though perf_event_paranoid=%d allows it: %s",
			    c->paranoid, who);
	}
	return buf;
}

const char *perm_ptrace_phrase(const struct perm_ctx *c, int err, char *buf, size_t size)
{
	int privileged = c->root || c->cap_ptrace;

	if (err == ESRCH)
		snprintf(buf, size, "ptrace: the thread exited");
	else if (err != EPERM && err != EACCES)
		snprintf(buf, size, "ptrace: %s", strerror(err));
	else if (c->kthread)
		snprintf(buf, size, "kernel thread: no user stacks");
	else if (c->tracer > 0)
		snprintf(buf, size, "ptrace denied: already traced by pid %d (a debugger?)",
		         (int)c->tracer);
	else if (!privileged && c->other_user)
		snprintf(buf, size,
		         "process of another user (uid %u): ptrace needs root or CAP_SYS_PTRACE",
		         c->target_uid);
	else if (c->yama >= 3)
		snprintf(buf, size, "ptrace denied: kernel.yama.ptrace_scope=3 forbids it to all");
	else if (c->yama == 2 && !privileged)
		snprintf(buf, size,
		         "ptrace denied: kernel.yama.ptrace_scope=2; run with CAP_SYS_PTRACE");
	else if (c->yama == 1 && !privileged)
		snprintf(buf, size,
		         "ptrace denied: kernel.yama.ptrace_scope=1; run as root or with "
		         "CAP_SYS_PTRACE, or start it with ctop -- CMD");
	else if (c->seccomp)
		snprintf(buf, size, "ptrace %s: a seccomp filter on ctop (a container?)",
		         perm_errname(err));
	else
		snprintf(buf, size, "ptrace %s: a security module?", perm_errname(err));
	return buf;
}
