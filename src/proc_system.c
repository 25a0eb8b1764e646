/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * proc_system: per-CPU time split, memory, load and disk figures of the
 * machine, from libproc2's stat, meminfo and diskstats contexts.  The
 * contexts live as long as the collector: they keep the previous raw
 * counters themselves, so the DELTA items are the change since our last
 * tick.  It knows nothing of the watched process.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libproc2/diskstats.h>
#include <libproc2/meminfo.h>
#include <libproc2/misc.h>
#include <libproc2/stat.h>

#include "proc_system.h"
#include "snapshot.h"
#include "util.h"

/* Disk sectors in /proc/diskstats are always 512 bytes, whatever the
 * device's real sector size. */
#define PROC_SECTOR_BYTES 512.0

enum {
	CPU_ID,
	CPU_USER,
	CPU_NICE,
	CPU_SYSTEM,
	CPU_IRQ,
	CPU_SOFTIRQ,
	CPU_IDLE,
	CPU_IOWAIT,
	CPU_STOLEN,
	CPU_NITEMS
};
static enum stat_item proc_cpu_items[CPU_NITEMS] = {
    [CPU_ID] = STAT_TIC_ID,
    [CPU_USER] = STAT_TIC_DELTA_USER,
    [CPU_NICE] = STAT_TIC_DELTA_NICE,
    [CPU_SYSTEM] = STAT_TIC_DELTA_SYSTEM,
    [CPU_IRQ] = STAT_TIC_DELTA_IRQ,
    [CPU_SOFTIRQ] = STAT_TIC_DELTA_SOFTIRQ,
    [CPU_IDLE] = STAT_TIC_DELTA_IDLE,
    [CPU_IOWAIT] = STAT_TIC_DELTA_IOWAIT,
    [CPU_STOLEN] = STAT_TIC_DELTA_STOLEN,
};

enum { MEM_TOTAL, MEM_AVAIL, MEM_SWAP_TOTAL, MEM_SWAP_FREE, MEM_NITEMS };
static enum meminfo_item proc_mem_items[MEM_NITEMS] = {
    [MEM_TOTAL] = MEMINFO_MEM_TOTAL,
    [MEM_AVAIL] = MEMINFO_MEM_AVAILABLE,
    [MEM_SWAP_TOTAL] = MEMINFO_SWAP_TOTAL,
    [MEM_SWAP_FREE] = MEMINFO_SWAP_FREE,
};

enum {
	DISK_NAME,
	DISK_TYPE,
	DISK_READS,
	DISK_WRITES,
	DISK_D_READS,
	DISK_D_WRITES,
	DISK_D_RSECT,
	DISK_D_WSECT,
	DISK_D_IOTIME,
	DISK_NITEMS
};
static enum diskstats_item proc_disk_items[DISK_NITEMS] = {
    [DISK_NAME] = DISKSTATS_NAME,
    [DISK_TYPE] = DISKSTATS_TYPE,
    [DISK_READS] = DISKSTATS_READS,
    [DISK_WRITES] = DISKSTATS_WRITES,
    [DISK_D_READS] = DISKSTATS_DELTA_READS,
    [DISK_D_WRITES] = DISKSTATS_DELTA_WRITES,
    [DISK_D_RSECT] = DISKSTATS_DELTA_READ_SECTORS,
    [DISK_D_WSECT] = DISKSTATS_DELTA_WRITE_SECTORS,
    [DISK_D_IOTIME] = DISKSTATS_DELTA_IO_TIME,
};

struct proc_system {
	struct stat_info *stat;
	struct meminfo_info *mem;
	struct diskstats_info *disks;
};

struct proc_system *proc_system_new(char **cause)
{
	struct proc_system *ps = xcalloc(1, sizeof *ps);

	/* Only /proc/stat is essential; memory and disks may be missing in
	 * odd containers and then simply stay unknown. */
	if (procps_stat_new(&ps->stat) < 0) {
		set_cause(cause, "cannot read /proc/stat");
		proc_system_free(ps);
		return NULL;
	}
	if (procps_meminfo_new(&ps->mem) < 0)
		ps->mem = NULL;
	if (procps_diskstats_new(&ps->disks) < 0)
		ps->disks = NULL;
	return ps;
}

void proc_system_free(struct proc_system *ps)
{
	if (ps == NULL)
		return;
	if (ps->stat != NULL)
		procps_stat_unref(&ps->stat);
	if (ps->mem != NULL)
		procps_meminfo_unref(&ps->mem);
	if (ps->disks != NULL)
		procps_diskstats_unref(&ps->disks);
	free(ps);
}

static void proc_cpu_unknown(struct snap_cpu *c, int id)
{
	c->cpu = id;
	c->user_pct = c->sys_pct = c->iowait_pct = c->steal_pct = c->idle_pct = NAN;
}

/* Shares of the tics that passed on one CPU (or all of them) since the
 * last reap.  Percent of elapsed tics, not of wall time, so a CPU that
 * went offline for part of the interval still sums to 100. */
static void proc_cpu_fill(struct snap_cpu *c, struct stat_stack *st, int first)
{
#define D(i) ((double)STAT_VAL(i, sl_int, st, NULL))
	double user = D(CPU_USER) + D(CPU_NICE);
	double sys = D(CPU_SYSTEM) + D(CPU_IRQ) + D(CPU_SOFTIRQ);
	double idle = D(CPU_IDLE), iowait = D(CPU_IOWAIT), steal = D(CPU_STOLEN);
#undef D
	double total = user + sys + idle + iowait + steal;
	int id = STAT_VAL(CPU_ID, s_int, st, NULL);

	proc_cpu_unknown(c, id == STAT_SUMMARY_ID ? -1 : id);
	if (first || !(total > 0))
		return;
	c->user_pct = 100.0 * user / total;
	c->sys_pct = 100.0 * sys / total;
	c->iowait_pct = 100.0 * iowait / total;
	c->steal_pct = 100.0 * steal / total;
	c->idle_pct = 100.0 * idle / total;
}

static void proc_system_cpus(struct proc_system *ps, struct snapshot *snap)
{
	struct snap_system *sys = &snap->system;
	struct stat_reaped *r;

	r = procps_stat_reap(ps->stat, STAT_REAP_CPUS_ONLY, proc_cpu_items, CPU_NITEMS);
	if (r == NULL || r->summary == NULL || r->cpus == NULL) {
		proc_cpu_unknown(&sys->total, -1);
		return;
	}
	proc_cpu_fill(&sys->total, r->summary, snap->first);
	sys->ncpus = r->cpus->total;
	sys->cpus = xcalloc((size_t)sys->ncpus + 1, sizeof *sys->cpus);
	for (int i = 0; i < sys->ncpus; i++)
		proc_cpu_fill(&sys->cpus[i], r->cpus->stacks[i], snap->first);
}

static void proc_system_memory(struct proc_system *ps, struct snapshot *snap)
{
	struct snap_system *sys = &snap->system;
	struct meminfo_stack *m;

	sys->mem_total_bytes = sys->mem_available_bytes = SNAP_UNKNOWN;
	sys->swap_total_bytes = sys->swap_free_bytes = SNAP_UNKNOWN;
	if (ps->mem == NULL)
		return;
	m = procps_meminfo_select(ps->mem, proc_mem_items, MEM_NITEMS);
	if (m == NULL)
		return;
	/* meminfo counts KiB. */
	sys->mem_total_bytes = 1024ull * MEMINFO_VAL(MEM_TOTAL, ul_int, m, NULL);
	sys->mem_available_bytes = 1024ull * MEMINFO_VAL(MEM_AVAIL, ul_int, m, NULL);
	sys->swap_total_bytes = 1024ull * MEMINFO_VAL(MEM_SWAP_TOTAL, ul_int, m, NULL);
	sys->swap_free_bytes = 1024ull * MEMINFO_VAL(MEM_SWAP_FREE, ul_int, m, NULL);
}

/*
 * Which block devices to show.  Whole disks only: a partition's IO is
 * already counted in its disk, so listing both would count it twice.
 * loop and ram devices are left out because their IO is the IO of a file
 * or of memory, not of a device that can saturate; and a disk that has
 * done no IO since boot cannot explain anything, so it is left out to
 * keep the list short (an idle zram or cdrom).  Device-mapper volumes are
 * whole disks to the kernel and are kept: they are what LVM users know.
 */
static int proc_disk_wanted(struct diskstats_stack *st)
{
	const char *name = DISKSTATS_VAL(DISK_NAME, str, st, NULL);

	if (DISKSTATS_VAL(DISK_TYPE, s_int, st, NULL) != DISKSTATS_TYPE_DISK)
		return 0;
	if (strncmp(name, "loop", 4) == 0 || strncmp(name, "ram", 3) == 0)
		return 0;
	return DISKSTATS_VAL(DISK_READS, ul_int, st, NULL) +
	           DISKSTATS_VAL(DISK_WRITES, ul_int, st, NULL) >
	       0;
}

static void proc_system_disks(struct proc_system *ps, struct snapshot *snap)
{
	struct snap_system *sys = &snap->system;
	struct diskstats_reaped *r;
	double dt = snap->first ? NAN : snap->interval_s;

	if (ps->disks == NULL)
		return;
	r = procps_diskstats_reap(ps->disks, proc_disk_items, DISK_NITEMS);
	if (r == NULL)
		return;
	sys->disks = xcalloc((size_t)r->total + 1, sizeof *sys->disks);
	for (int i = 0; i < r->total; i++) {
		struct diskstats_stack *st = r->stacks[i];
		struct snap_disk *d;

		if (!proc_disk_wanted(st))
			continue;
		d = &sys->disks[sys->ndisks++];
		snprintf(d->name, sizeof d->name, "%s", DISKSTATS_VAL(DISK_NAME, str, st, NULL));
		if (!(dt > 0)) {
			d->read_bytes_per_s = d->write_bytes_per_s = NAN;
			d->reads_per_s = d->writes_per_s = d->util_pct = NAN;
			continue;
		}
#define D(i) ((double)DISKSTATS_VAL(i, s_int, st, NULL))
		d->read_bytes_per_s = D(DISK_D_RSECT) * PROC_SECTOR_BYTES / dt;
		d->write_bytes_per_s = D(DISK_D_WSECT) * PROC_SECTOR_BYTES / dt;
		d->reads_per_s = D(DISK_D_READS) / dt;
		d->writes_per_s = D(DISK_D_WRITES) / dt;
		/* io_ticks are milliseconds the device had IO in flight. */
		d->util_pct = D(DISK_D_IOTIME) / (dt * 1000.0) * 100.0;
#undef D
		if (d->util_pct > 100.0)
			d->util_pct = 100.0;
	}
}

void proc_system_collect(struct proc_system *ps, struct snapshot *snap)
{
	struct snap_system *sys = &snap->system;

	proc_system_cpus(ps, snap);
	proc_system_memory(ps, snap);
	if (procps_loadavg(&sys->load1, &sys->load5, &sys->load15) < 0)
		sys->load1 = sys->load5 = sys->load15 = NAN;
	proc_system_disks(ps, snap);
}
