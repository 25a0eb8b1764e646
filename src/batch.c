/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch: the text and JSON Lines writers of batch mode.  Each is a plain
 * function of one finished snapshot: no /proc, no state between calls, so
 * the tests build snapshots by hand.  The counter and stack sections are
 * written by their owners' files (batch_counters.c, batch_hot.c); the
 * folded format is written by stacks.c at the end of a run.
 *
 * JSON contract: one object per line, keys and units as below; unknown is
 * null, never 0.  Keys may be added, never renamed.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "batch.h"
#include "fmt.h"
#include "json.h"
#include "snapshot.h"

int batch_parse_format(const char *s)
{
	if (strcmp(s, "text") == 0)
		return BATCH_TEXT;
	if (strcmp(s, "json") == 0)
		return BATCH_JSON;
	if (strcmp(s, "folded") == 0)
		return BATCH_FOLDED;
	if (strcmp(s, "openmetrics") == 0)
		return BATCH_OPENMETRICS;
	return -1;
}

/* ---- JSON Lines ---- */

static void batch_json_state(FILE *f, char state)
{
	char s[2] = {state != '\0' ? state : '?', '\0'};

	json_str(f, s);
}

static void batch_json_process(FILE *f, const struct snap_process *p)
{
	int first = 1;

	fputc('{', f);
	json_kv_num(f, "pid", p->pid, &first);
	json_kv_str(f, "comm", p->comm, &first);
	json_kv_str(f, "cmdline", p->cmdline, &first);
	json_key(f, "state", &first);
	batch_json_state(f, p->state);
	json_kv_num(f, "threads", p->threads, &first);
	json_kv_num(f, "uptime_s", p->uptime_s, &first);
	json_kv_num(f, "processor", p->processor, &first);
	json_kv_num(f, "cpu_pct", p->cpu_pct, &first);
	json_kv_num(f, "user_pct", p->user_pct, &first);
	json_kv_num(f, "sys_pct", p->sys_pct, &first);
	json_kv_u64(f, "rss_bytes", p->rss_bytes, &first);
	json_kv_u64(f, "rss_anon_bytes", p->rss_anon_bytes, &first);
	json_kv_u64(f, "rss_file_bytes", p->rss_file_bytes, &first);
	json_kv_u64(f, "rss_shmem_bytes", p->rss_shmem_bytes, &first);
	json_kv_u64(f, "swap_bytes", p->swap_bytes, &first);
	json_kv_u64(f, "vsz_bytes", p->vsz_bytes, &first);
	json_kv_num(f, "minflt_per_s", p->minflt_per_s, &first);
	json_kv_num(f, "majflt_per_s", p->majflt_per_s, &first);
	json_kv_num(f, "ctxsw_voluntary_per_s", p->ctxsw_voluntary_per_s, &first);
	json_kv_num(f, "ctxsw_involuntary_per_s", p->ctxsw_involuntary_per_s, &first);
	batch_json_sched_process(f, p, &first);
	fputc('}', f);
}

static void batch_json_memory(FILE *f, const struct snap_memory *m)
{
	int first = 1;

	fputc('{', f);
	json_kv_u64(f, "rss_bytes", m->rss_bytes, &first);
	json_kv_num(f, "rss_growth_bytes_per_s", m->rss_growth_bytes_per_s, &first);
	json_kv_num(f, "growth_window_s", m->growth_window_s, &first);
	json_kv_str(f, "reason", m->reason, &first);
	fputc('}', f);
}

/* The six IO rates as members of an open object. */
static void batch_json_io_rates(FILE *f, const struct snap_io *io, int *first)
{
	json_kv_num(f, "rchar_per_s", io->rchar_per_s, first);
	json_kv_num(f, "wchar_per_s", io->wchar_per_s, first);
	json_kv_num(f, "syscr_per_s", io->syscr_per_s, first);
	json_kv_num(f, "syscw_per_s", io->syscw_per_s, first);
	json_kv_num(f, "read_bytes_per_s", io->read_bytes_per_s, first);
	json_kv_num(f, "write_bytes_per_s", io->write_bytes_per_s, first);
}

static void batch_json_io(FILE *f, const struct snap_io *io)
{
	int first = 1;

	fputc('{', f);
	batch_json_io_rates(f, io, &first);
	json_kv_str(f, "reason", io->reason, &first);
	fputc('}', f);
}

static void batch_json_cpu(FILE *f, const struct snap_cpu *c)
{
	int first = 1;

	fputc('{', f);
	json_kv_num(f, "cpu", c->cpu, &first);
	json_kv_num(f, "user_pct", c->user_pct, &first);
	json_kv_num(f, "sys_pct", c->sys_pct, &first);
	json_kv_num(f, "iowait_pct", c->iowait_pct, &first);
	json_kv_num(f, "steal_pct", c->steal_pct, &first);
	json_kv_num(f, "idle_pct", c->idle_pct, &first);
	fputc('}', f);
}

static void batch_json_system(FILE *f, const struct snap_system *sys)
{
	int first = 1;

	fputc('{', f);
	json_key(f, "cpu_total", &first);
	batch_json_cpu(f, &sys->total);
	json_key(f, "cpus", &first);
	fputc('[', f);
	for (int i = 0; i < sys->ncpus; i++) {
		if (i > 0)
			fputc(',', f);
		batch_json_cpu(f, &sys->cpus[i]);
	}
	fputc(']', f);
	json_kv_u64(f, "mem_total_bytes", sys->mem_total_bytes, &first);
	json_kv_u64(f, "mem_available_bytes", sys->mem_available_bytes, &first);
	json_kv_u64(f, "swap_total_bytes", sys->swap_total_bytes, &first);
	json_kv_u64(f, "swap_free_bytes", sys->swap_free_bytes, &first);
	json_kv_num(f, "load1", sys->load1, &first);
	json_kv_num(f, "load5", sys->load5, &first);
	json_kv_num(f, "load15", sys->load15, &first);
	json_key(f, "disks", &first);
	fputc('[', f);
	for (int i = 0; i < sys->ndisks; i++) {
		const struct snap_disk *d = &sys->disks[i];
		int dfirst = 1;

		fputs(i > 0 ? ",{" : "{", f);
		json_kv_str(f, "name", d->name, &dfirst);
		json_kv_num(f, "read_bytes_per_s", d->read_bytes_per_s, &dfirst);
		json_kv_num(f, "write_bytes_per_s", d->write_bytes_per_s, &dfirst);
		json_kv_num(f, "reads_per_s", d->reads_per_s, &dfirst);
		json_kv_num(f, "writes_per_s", d->writes_per_s, &dfirst);
		json_kv_num(f, "util_pct", d->util_pct, &dfirst);
		fputc('}', f);
	}
	fputc(']', f);
	fputc('}', f);
}

static void batch_json_thread(FILE *f, const struct snap_thread *t)
{
	int first = 1;

	fputc('{', f);
	json_kv_num(f, "tid", t->tid, &first);
	json_kv_str(f, "comm", t->comm, &first);
	json_key(f, "state", &first);
	batch_json_state(f, t->state);
	json_kv_num(f, "processor", t->processor, &first);
	json_kv_num(f, "cpu_pct", t->cpu_pct, &first);
	json_kv_num(f, "user_pct", t->user_pct, &first);
	json_kv_num(f, "sys_pct", t->sys_pct, &first);
	json_kv_num(f, "ctxsw_voluntary_per_s", t->ctxsw_voluntary_per_s, &first);
	json_kv_num(f, "ctxsw_involuntary_per_s", t->ctxsw_involuntary_per_s, &first);
	json_kv_num(f, "minflt_per_s", t->minflt_per_s, &first);
	json_kv_num(f, "majflt_per_s", t->majflt_per_s, &first);
	batch_json_io_rates(f, &t->io, &first);
	batch_json_sched_thread(f, t, &first);
	fputc('}', f);
}

void batch_write_json(FILE *f, const struct snapshot *s)
{
	int first = 1;

	fputc('{', f);
	json_kv_num(f, "ctop", 2, &first);
	/* Milliseconds matter to whoever joins this with other logs, and
	 * json_num's six digits would round a unix time to ~17 minutes. */
	json_key(f, "ts", &first);
	fprintf(f, "%.3f", s->ts);
	json_kv_num(f, "seq", (double)s->seq, &first);
	json_kv_num(f, "interval_s", s->interval_s, &first);
	json_kv_num(f, "collect_s", s->collect_s, &first);
	json_key(f, "behind", &first);
	fputs(s->behind ? "true" : "false", f);
	json_key(f, "process", &first);
	batch_json_process(f, &s->process);
	json_key(f, "memory", &first);
	batch_json_memory(f, &s->memory);
	json_key(f, "io", &first);
	batch_json_io(f, &s->io);
	json_key(f, "system", &first);
	batch_json_system(f, &s->system);
	json_key(f, "threads", &first);
	fputc('[', f);
	for (int i = 0; i < s->nthreads; i++) {
		if (i > 0)
			fputc(',', f);
		batch_json_thread(f, &s->threads[i]);
	}
	fputc(']', f);
	batch_json_counters(f, s);
	batch_json_stacks(f, s);
	batch_json_locks(f, s);
	batch_json_cgroup(f, s);
	batch_json_wall(f, s);
	fputs("}\n", f);
}

/* ---- text, like top -b ---- */

/* A percentage with one decimal, or n/a, right-aligned in width. */
static const char *batch_pct(char *buf, size_t size, double v, int width)
{
	if (isnan(v) || isinf(v))
		snprintf(buf, size, "%*s", width, "n/a");
	else
		snprintf(buf, size, "%*.1f", width, v);
	return buf;
}

/* The interval to three significant digits: -d 0.05 shows as 0.05. */
static const char *batch_interval(char *buf, size_t size, double v)
{
	if (isnan(v) || isinf(v))
		snprintf(buf, size, "n/a");
	else
		snprintf(buf, size, "%.3g", v);
	return buf;
}

/* A count per second: "12.3k/s", or "n/a" (no unit on the unknown). */
static const char *batch_count_rate(char *buf, size_t size, double v)
{
	char n[32];

	if (isnan(v) || isinf(v))
		snprintf(buf, size, "n/a");
	else
		snprintf(buf, size, "%s/s", fmt_count(n, sizeof n, v));
	return buf;
}

static void batch_text_header(FILE *f, const struct snapshot *s)
{
	const struct snap_process *p = &s->process;
	char a[32], b[32], c[32], d[32], e[32], g[32], when[32];
	time_t ts = (time_t)s->ts;
	struct tm tm;

	if (localtime_r(&ts, &tm) != NULL)
		strftime(when, sizeof when, "%H:%M:%S", &tm);
	else
		snprintf(when, sizeof when, "n/a");
	fprintf(f, "ctop - %s  pid %d (%s) state %c  up %s  threads %d  interval %s s\n", when,
	        (int)p->pid, p->comm, p->state != '\0' ? p->state : '?',
	        fmt_duration(a, sizeof a, p->uptime_s), p->threads,
	        batch_interval(b, sizeof b, s->interval_s));
	if (p->cmdline[0] != '\0')
		fprintf(f, "Command: %s\n", p->cmdline);
	if (s->behind)
		fprintf(f,
		        "Behind: collecting took %.2f s; the interval asked for cannot be kept\n",
		        s->collect_s);
	fprintf(
	    f,
	    "Cpu: %s total, %s user, %s sys  ctxsw %s/s vol, %s/s invol  faults %s/s min, %s/s "
	    "maj\n",
	    batch_pct(a, sizeof a, p->cpu_pct, 0), batch_pct(b, sizeof b, p->user_pct, 0),
	    batch_pct(c, sizeof c, p->sys_pct, 0), fmt_count(d, sizeof d, p->ctxsw_voluntary_per_s),
	    fmt_count(e, sizeof e, p->ctxsw_involuntary_per_s),
	    fmt_count(g, sizeof g, p->minflt_per_s), fmt_count(when, sizeof when, p->majflt_per_s));
	fprintf(f, "Mem: rss %s (anon %s, file %s, shmem %s)  swap %s  vsz %s  growth %s",
	        fmt_bytes(a, sizeof a, fmt_known(p->rss_bytes)),
	        fmt_bytes(b, sizeof b, fmt_known(p->rss_anon_bytes)),
	        fmt_bytes(c, sizeof c, fmt_known(p->rss_file_bytes)),
	        fmt_bytes(d, sizeof d, fmt_known(p->rss_shmem_bytes)),
	        fmt_bytes(e, sizeof e, fmt_known(p->swap_bytes)),
	        fmt_bytes(g, sizeof g, fmt_known(p->vsz_bytes)),
	        fmt_rate(when, sizeof when, s->memory.rss_growth_bytes_per_s));
	if (!isnan(s->memory.rss_growth_bytes_per_s))
		fprintf(f, " over %.0f s", s->memory.growth_window_s);
	if (s->memory.reason != NULL)
		fprintf(f, "  (%s)", s->memory.reason);
	fputc('\n', f);
	fprintf(f, "IO: read %s  write %s  syscr %s  syscw %s  disk read %s  disk write %s",
	        fmt_rate(a, sizeof a, s->io.rchar_per_s), fmt_rate(b, sizeof b, s->io.wchar_per_s),
	        batch_count_rate(c, sizeof c, s->io.syscr_per_s),
	        batch_count_rate(d, sizeof d, s->io.syscw_per_s),
	        fmt_rate(e, sizeof e, s->io.read_bytes_per_s),
	        fmt_rate(g, sizeof g, s->io.write_bytes_per_s));
	if (s->io.reason != NULL)
		fprintf(f, "  (%s)", s->io.reason);
	fputc('\n', f);
}

static void batch_text_system(FILE *f, const struct snap_system *sys)
{
	char a[32], b[32], c[32], d[32], e[32], g[32], h[32];

	fprintf(f, "Load: %s %s %s  Mem: %s available of %s  Swap: %s free of %s\n",
	        fmt_fig(a, sizeof a, "%.2f", sys->load1), fmt_fig(b, sizeof b, "%.2f", sys->load5),
	        fmt_fig(c, sizeof c, "%.2f", sys->load15),
	        fmt_bytes(d, sizeof d, fmt_known(sys->mem_available_bytes)),
	        fmt_bytes(e, sizeof e, fmt_known(sys->mem_total_bytes)),
	        fmt_bytes(g, sizeof g, fmt_known(sys->swap_free_bytes)),
	        fmt_bytes(h, sizeof h, fmt_known(sys->swap_total_bytes)));
	fprintf(f, "%%Cpu all: %s us %s sy %s wa %s st\n",
	        batch_pct(a, sizeof a, sys->total.user_pct, 5),
	        batch_pct(b, sizeof b, sys->total.sys_pct, 5),
	        batch_pct(c, sizeof c, sys->total.iowait_pct, 5),
	        batch_pct(d, sizeof d, sys->total.steal_pct, 5));
	for (int i = 0; i < sys->ncpus; i++) {
		const struct snap_cpu *cpu = &sys->cpus[i];

		fprintf(f, "%%Cpu%-3d: %s us %s sy %s wa %s st\n", cpu->cpu,
		        batch_pct(a, sizeof a, cpu->user_pct, 5),
		        batch_pct(b, sizeof b, cpu->sys_pct, 5),
		        batch_pct(c, sizeof c, cpu->iowait_pct, 5),
		        batch_pct(d, sizeof d, cpu->steal_pct, 5));
	}
	for (int i = 0; i < sys->ndisks; i++) {
		const struct snap_disk *dk = &sys->disks[i];

		fprintf(f, "Disk %s: read %s  write %s  util %s%%\n", dk->name,
		        fmt_rate(a, sizeof a, dk->read_bytes_per_s),
		        fmt_rate(b, sizeof b, dk->write_bytes_per_s),
		        batch_pct(c, sizeof c, dk->util_pct, 0));
	}
}

static void batch_text_threads(FILE *f, const struct snapshot *s)
{
	char a[32], b[32], c[32], d[32], e[32], g[32], h[32];

	fprintf(f, "\n%7s %-16s %s %6s %6s %6s %7s %7s %8s %8s\n", "TID", "COMM", "S", "CPU%",
	        "USR%", "SYS%", "VCSW/s", "ICSW/s", "READ/s", "WRITE/s");
	for (int i = 0; i < s->nthreads; i++) {
		const struct snap_thread *t = &s->threads[i];

		fprintf(f, "%7d %-16.16s %c %s %s %s %7s %7s %8s %8s\n", (int)t->tid, t->comm,
		        t->state != '\0' ? t->state : '?', batch_pct(a, sizeof a, t->cpu_pct, 6),
		        batch_pct(b, sizeof b, t->user_pct, 6),
		        batch_pct(c, sizeof c, t->sys_pct, 6),
		        fmt_count(d, sizeof d, t->ctxsw_voluntary_per_s),
		        fmt_count(e, sizeof e, t->ctxsw_involuntary_per_s),
		        fmt_rate(g, sizeof g, t->io.rchar_per_s),
		        fmt_rate(h, sizeof h, t->io.wchar_per_s));
	}
}

void batch_write_text(FILE *f, const struct snapshot *s)
{
	batch_text_header(f, s);
	batch_text_sched(f, s);
	batch_text_system(f, &s->system);
	batch_text_threads(f, s);
	batch_text_counters(f, s);
	batch_text_stacks(f, s);
	batch_text_wall(f, s);
	batch_text_locks(f, s);
	fputc('\n', f);
}
