/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgroup: the target's control group, cgroup v2 or v1 (found from
 * /proc/PID/cgroup and the mounts in /proc/self/mountinfo).  It fills
 * snap->cgroup: the tightest CPU and memory limits among the cgroup and
 * its ancestors, CPU throttling (cpu.stat) as rates, memory usage and OOM
 * counts, and pressure (PSI) of the cgroup, or of the whole system where
 * the cgroup has no pressure files.  It reads; it never changes a cgroup.
 */
#ifndef CTOP_CGROUP_H
#define CTOP_CGROUP_H

#include <sys/types.h>

struct cgroup;
struct snapshot;

struct cgroup *cgroup_new(pid_t pid);
void cgroup_free(struct cgroup *c);
void cgroup_collect(struct cgroup *c, struct snapshot *snap);

#endif
