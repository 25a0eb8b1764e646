/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgroup: limits, throttling, memory and pressure of the target's cgroup
 * (see cgroup.h).  The target's cgroup is re-read every tick (a process
 * may be moved); the mounts once.  Paths in /proc/PID/cgroup are relative
 * to ctop's cgroup namespace, and a mount may show only a subtree (its
 * root in mountinfo): that root is taken off the path.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "sched_math.h"
#include "snapshot.h"
#include "util.h"

struct cg_mount {
	char dir[256];  /* where it is mounted */
	char root[256]; /* the part of the hierarchy it shows */
};

struct cgroup {
	pid_t pid;
	int have_v2, have_cpu1, have_mem1;
	struct cg_mount v2, cpu1, mem1;
	/* The previous cpu.stat of the limiting cgroup. */
	char stat_dir[512];
	double mono;
	uint64_t periods, throttled, throttled_ns;
};

/* Whether opt is among the comma-separated options in opts. */
static int cg_has_opt(const char *opts, const char *opt)
{
	size_t n = strlen(opt);

	for (const char *p = opts; p != NULL && *p != '\0';) {
		const char *c = strchr(p, ',');
		size_t len = c != NULL ? (size_t)(c - p) : strlen(p);

		if (len == n && strncmp(p, opt, n) == 0)
			return 1;
		p = c != NULL ? c + 1 : NULL;
	}
	return 0;
}

static void cg_read_mounts(struct cgroup *c)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[1024];

	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		char root[256], dir[256], fstype[64], super[512];
		char *dash = strstr(line, " - ");

		if (dash == NULL || sscanf(line, "%*s %*s %*s %255s %255s", root, dir) != 2 ||
		    sscanf(dash + 3, "%63s %*s %511s", fstype, super) != 2)
			continue;
		if (strcmp(fstype, "cgroup2") == 0 && !c->have_v2) {
			c->have_v2 = 1;
			snprintf(c->v2.dir, sizeof c->v2.dir, "%s", dir);
			snprintf(c->v2.root, sizeof c->v2.root, "%s", root);
		} else if (strcmp(fstype, "cgroup") == 0) {
			if (cg_has_opt(super, "cpu") && !c->have_cpu1) {
				c->have_cpu1 = 1;
				snprintf(c->cpu1.dir, sizeof c->cpu1.dir, "%s", dir);
				snprintf(c->cpu1.root, sizeof c->cpu1.root, "%s", root);
			}
			if (cg_has_opt(super, "memory") && !c->have_mem1) {
				c->have_mem1 = 1;
				snprintf(c->mem1.dir, sizeof c->mem1.dir, "%s", dir);
				snprintf(c->mem1.root, sizeof c->mem1.root, "%s", root);
			}
		}
	}
	fclose(f);
}

struct cgroup *cgroup_new(pid_t pid)
{
	struct cgroup *c = xcalloc(1, sizeof *c);

	c->pid = pid;
	cg_read_mounts(c);
	return c;
}

void cgroup_free(struct cgroup *c)
{
	free(c);
}

/* The directory of cgroup path under mount m; -1 when the path is not
 * inside what the mount shows. */
static int cg_dir(const struct cg_mount *m, const char *path, char *out, size_t size)
{
	size_t rl = strlen(m->root);

	if (strcmp(m->root, "/") != 0) {
		if (strncmp(path, m->root, rl) != 0 || (path[rl] != '\0' && path[rl] != '/'))
			return -1;
		path += rl;
	}
	snprintf(out, size, "%s%s", m->dir, strcmp(path, "/") == 0 ? "" : path);
	return 0;
}

static int cg_read(const char *dir, const char *file, char *buf, size_t size)
{
	char path[768];

	snprintf(path, sizeof path, "%s/%s", dir, file);
	return read_file_buf(path, buf, size) < 0 ? -1 : 0;
}

/*
 * Walks from the cgroup up to the mount's top for the tightest CPU limit;
 * fills quota, period and the directory that sets it.  0 when one is set.
 */
static int cg_cpu_limit(const struct cg_mount *m, const char *path, int v2, double *quota,
                        double *period, char *limdir, size_t size, char *limpath, size_t psize)
{
	char p[256], dir[512], buf[128];
	double best = INFINITY;

	snprintf(p, sizeof p, "%s", path);
	for (;;) {
		double q = -1, per = 0;

		if (cg_dir(m, p, dir, sizeof dir) < 0)
			break;
		if (v2) {
			if (cg_read(dir, "cpu.max", buf, sizeof buf) == 0)
				cg_parse_cpu_max(buf, &q, &per);
		} else {
			char b2[64];

			if (cg_read(dir, "cpu.cfs_quota_us", buf, sizeof buf) == 0 &&
			    cg_read(dir, "cpu.cfs_period_us", b2, sizeof b2) == 0) {
				q = strtod(buf, NULL);
				per = strtod(b2, NULL);
			}
		}
		if (q > 0 && per > 0 && q / per < best) {
			best = q / per;
			*quota = q;
			*period = per;
			snprintf(limdir, size, "%s", dir);
			snprintf(limpath, psize, "%s", p);
		}
		if (cg_parent(p) < 0)
			break;
	}
	return isinf(best) ? -1 : 0;
}

/* The tightest memory limit from the cgroup up; SNAP_UNKNOWN: none. */
static uint64_t cg_mem_limit(const struct cg_mount *m, const char *path, const char *file)
{
	char p[256], dir[512], buf[64];
	uint64_t best = SNAP_UNKNOWN, v;

	snprintf(p, sizeof p, "%s", path);
	for (;;) {
		if (cg_dir(m, p, dir, sizeof dir) < 0)
			break;
		if (cg_read(dir, file, buf, sizeof buf) == 0 && cg_parse_limit(buf, &v) == 0 &&
		    v != SNAP_UNKNOWN && (best == SNAP_UNKNOWN || v < best))
			best = v;
		if (cg_parent(p) < 0)
			break;
	}
	return best;
}

static void cg_throttling(struct cgroup *c, struct snapshot *snap, const char *dir, int v2)
{
	struct snap_cgroup *g = &snap->cgroup;
	char buf[1024];
	uint64_t periods, thr, tns;
	double now = now_mono();

	if (cg_read(dir, "cpu.stat", buf, sizeof buf) < 0 ||
	    cg_parse_key(buf, "nr_periods", &periods) < 0 ||
	    cg_parse_key(buf, "nr_throttled", &thr) < 0)
		return;
	if (v2) {
		if (cg_parse_key(buf, "throttled_usec", &tns) == 0)
			tns *= 1000;
		else
			tns = SNAP_UNKNOWN;
	} else if (cg_parse_key(buf, "throttled_time", &tns) < 0)
		tns = SNAP_UNKNOWN;
	if (strcmp(c->stat_dir, dir) == 0 && now > c->mono) {
		double dt = now - c->mono;

		g->periods_per_s = snapshot_rate(c->periods, periods, dt);
		if (periods > c->periods && thr >= c->throttled)
			g->throttled_pct =
			    100.0 * (double)(thr - c->throttled) / (double)(periods - c->periods);
		else if (periods == c->periods)
			g->throttled_pct = 0; /* no period ran: none was throttled */
		g->throttled_ms_per_s = snapshot_rate(c->throttled_ns, tns, dt) / 1e6;
	}
	snprintf(c->stat_dir, sizeof c->stat_dir, "%s", dir);
	c->mono = now;
	c->periods = periods;
	c->throttled = thr;
	c->throttled_ns = tns;
}

static void cg_psi(struct snap_cgroup *g, const char *dir)
{
	char buf[256];
	const char *base = dir != NULL ? dir : "/proc/pressure";
	const char *files[3] = {dir != NULL ? "cpu.pressure" : "cpu",
	                        dir != NULL ? "memory.pressure" : "memory",
	                        dir != NULL ? "io.pressure" : "io"};
	struct snap_psi *out[3] = {&g->psi_cpu, &g->psi_memory, &g->psi_io};
	int any = 0;

	for (int i = 0; i < 3; i++)
		if (cg_read(base, files[i], buf, sizeof buf) == 0 &&
		    cg_parse_psi(buf, &out[i]->some_avg10, &out[i]->full_avg10) == 0)
			any = 1;
	if (any)
		g->psi_scope = dir != NULL ? "cgroup" : "system";
}

void cgroup_collect(struct cgroup *c, struct snapshot *snap)
{
	struct snap_cgroup *g = &snap->cgroup;
	char procpath[64], buf[4096], path[256], v2path[256], dir[512], limdir[512];
	int have_v2path, v2cpu = 0;

	snprintf(procpath, sizeof procpath, "/proc/%d/cgroup", (int)c->pid);
	if (read_file_buf(procpath, buf, sizeof buf) < 0) {
		g->reason = "/proc/PID/cgroup unreadable";
		return;
	}
	have_v2path = c->have_v2 && cg_parse_proc_cgroup(buf, NULL, v2path, sizeof v2path) == 0 &&
	              cg_dir(&c->v2, v2path, dir, sizeof dir) == 0;
	/* v2 is in charge of the CPU when its cgroup has cpu.max (or is the
	 * root of a pure v2 system, where no v1 cpu hierarchy exists). */
	if (have_v2path) {
		char tmp[64];

		v2cpu = cg_read(dir, "cpu.stat", tmp, sizeof tmp) == 0 && !c->have_cpu1;
	}
	if (v2cpu) {
		g->version = 2;
		snprintf(g->path, sizeof g->path, "%s", v2path);
		if (cg_cpu_limit(&c->v2, v2path, 1, &g->cpu_quota_us, &g->cpu_period_us, limdir,
		                 sizeof limdir, g->cpu_max_path, sizeof g->cpu_max_path) == 0) {
			g->cpu_max = g->cpu_quota_us / g->cpu_period_us;
			cg_throttling(c, snap, limdir, 1);
		}
		g->memory_max_bytes = cg_mem_limit(&c->v2, v2path, "memory.max");
		if (cg_read(dir, "memory.current", buf, sizeof buf) == 0)
			cg_parse_limit(buf, &g->memory_current_bytes);
		if (cg_read(dir, "memory.events", buf, sizeof buf) == 0) {
			if (cg_parse_key(buf, "oom", &g->oom_events) < 0)
				g->oom_events = SNAP_UNKNOWN;
			if (cg_parse_key(buf, "oom_kill", &g->oom_kills) < 0)
				g->oom_kills = SNAP_UNKNOWN;
		}
	} else if (c->have_cpu1 && cg_parse_proc_cgroup(buf, "cpu", path, sizeof path) == 0) {
		char mpath[256], mdir[512], mb[512];

		g->version = 1;
		snprintf(g->path, sizeof g->path, "%s", path);
		if (cg_cpu_limit(&c->cpu1, path, 0, &g->cpu_quota_us, &g->cpu_period_us, limdir,
		                 sizeof limdir, g->cpu_max_path, sizeof g->cpu_max_path) == 0) {
			g->cpu_max = g->cpu_quota_us / g->cpu_period_us;
			cg_throttling(c, snap, limdir, 0);
		}
		if (c->have_mem1 && cg_parse_proc_cgroup(buf, "memory", mpath, sizeof mpath) == 0 &&
		    cg_dir(&c->mem1, mpath, mdir, sizeof mdir) == 0) {
			g->memory_max_bytes =
			    cg_mem_limit(&c->mem1, mpath, "memory.limit_in_bytes");
			if (cg_read(mdir, "memory.usage_in_bytes", mb, sizeof mb) == 0)
				cg_parse_limit(mb, &g->memory_current_bytes);
			/* v1 counts OOM kills (newer kernels) but not OOM events. */
			if (cg_read(mdir, "memory.oom_control", mb, sizeof mb) == 0 &&
			    cg_parse_key(mb, "oom_kill", &g->oom_kills) < 0)
				g->oom_kills = SNAP_UNKNOWN;
		}
	} else {
		g->reason = "no cgroup CPU controller mounted";
		return;
	}
	if (isnan(g->cpu_max))
		c->stat_dir[0] = '\0';
	g->limited = !isnan(g->cpu_max) || g->memory_max_bytes != SNAP_UNKNOWN;
	/* Pressure of the v2 cgroup where it has the files (also on a
	 * hybrid v1 system), else of the whole system. */
	if (have_v2path) {
		char tmp[16];

		if (cg_read(dir, "cpu.pressure", tmp, sizeof tmp) == 0) {
			cg_psi(g, dir);
			/* The root cgroup's pressure is the system's. */
			if (g->psi_scope != NULL && strcmp(v2path, "/") == 0)
				g->psi_scope = "system";
		}
	}
	if (g->psi_scope == NULL)
		cg_psi(g, NULL);
}
