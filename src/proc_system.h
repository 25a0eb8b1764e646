/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * proc_system: the machine-wide figures beside the process (per-CPU time
 * split, memory, load, disks), through libproc2's stat, meminfo and
 * diskstats contexts.  Private to the collector: proc.c calls it once a
 * tick; nothing else should.
 */
#ifndef CTOP_PROC_SYSTEM_H
#define CTOP_PROC_SYSTEM_H

struct proc_system;
struct snapshot;

struct proc_system *proc_system_new(char **cause);
void proc_system_free(struct proc_system *ps);

/*
 * Fills snap->system.  Uses snap->first and snap->interval_s (set by the
 * caller) for rates; a machine figure that cannot be read stays NAN or
 * SNAP_UNKNOWN rather than failing the tick.
 */
void proc_system_collect(struct proc_system *ps, struct snapshot *snap);

#endif
