/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * openmetrics: the metric families of a snapshot in OpenMetrics text or
 * the Prometheus 0.0.4 text format, and the atomic textfile writer.  A
 * family's HELP and TYPE lines are written with its first sample, so a
 * family with nothing known (no counters, sampling off) is not written
 * at all: unknown is left out, not exported as 0.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "openmetrics.h"
#include "profile.h"
#include "snapshot.h"
#include "util.h"

struct om {
	FILE *f;
	const struct om_opts *o;
	const struct snapshot *s;
	/* The family announced but not yet written. */
	const char *name, *type, *help;
	int pending;
};

/* A label value with \, " and newlines escaped (both flavours agree). */
static void om_label_value(FILE *f, const char *v)
{
	fputc('"', f);
	for (; v != NULL && *v != '\0'; v++) {
		if (*v == '\\')
			fputs("\\\\", f);
		else if (*v == '"')
			fputs("\\\"", f);
		else if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
	fputc('"', f);
}

static void om_family(struct om *m, const char *name, const char *type, const char *help)
{
	m->name = name;
	m->type = type;
	m->help = help;
	m->pending = 1;
}

static int om_counter(const struct om *m)
{
	return strcmp(m->type, "counter") == 0;
}

static void om_header(struct om *m)
{
	const char *type = m->type;
	const char *suffix = "";

	m->pending = 0;
	/* Prometheus 0.0.4 knows no info type and names counters with
	 * their _total; OpenMetrics names the family without it. */
	if (m->o->flavour == OM_PROMETHEUS) {
		if (strcmp(type, "info") == 0) {
			type = "gauge";
			suffix = "_info";
		} else if (om_counter(m))
			suffix = "_total";
	}
	fprintf(m->f, "# HELP %s%s %s\n", m->name, suffix, m->help);
	fprintf(m->f, "# TYPE %s%s %s\n", m->name, suffix, type);
}

static void om_value(FILE *f, double v)
{
	if (isinf(v))
		fputs(v > 0 ? "+Inf" : "-Inf", f);
	else if (v == floor(v) && fabs(v) < 1e15)
		fprintf(f, "%.0f", v);
	else
		fprintf(f, "%.15g", v);
}

/*
 * One sample of the current family: pid and comm, then the extra labels
 * as name/value pairs (NULL-terminated).  NAN is left out.
 */
static void om_sample(struct om *m, double v, ...)
{
	const char *suffix = "";
	const char *k;
	va_list ap;

	if (isnan(v))
		return;
	if (m->pending)
		om_header(m);
	if (om_counter(m))
		suffix = "_total";
	else if (strcmp(m->type, "info") == 0)
		suffix = "_info";
	fprintf(m->f, "%s%s{pid=\"%d\",comm=", m->name, suffix, (int)m->s->process.pid);
	om_label_value(m->f, m->s->process.comm);
	va_start(ap, v);
	while ((k = va_arg(ap, const char *)) != NULL) {
		fprintf(m->f, ",%s=", k);
		om_label_value(m->f, va_arg(ap, const char *));
	}
	va_end(ap);
	fputs("} ", m->f);
	om_value(m->f, v);
	fputc('\n', m->f);
}

static double om_bytes(uint64_t v)
{
	return v == SNAP_UNKNOWN ? NAN : (double)v;
}

static double om_ratio(double pct)
{
	return pct / 100.0;
}

static void om_process(struct om *m)
{
	const struct snapshot *s = m->s;
	const struct snap_process *p = &s->process;

	om_family(m, "ctop_process_cpu_ratio", "gauge",
	          "CPU time per second of wall time over the interval (1 = one core busy).");
	om_sample(m, om_ratio(p->user_pct), "mode", "user", NULL);
	om_sample(m, om_ratio(p->sys_pct), "mode", "system", NULL);
	om_family(m, "ctop_process_threads", "gauge", "Threads of the process.");
	om_sample(m, p->threads > 0 ? (double)p->threads : NAN, NULL);
	om_family(m, "ctop_process_uptime_seconds", "gauge", "Seconds since the process started.");
	om_sample(m, p->uptime_s, NULL);
	om_family(m, "ctop_process_resident_memory_bytes", "gauge", "Resident set size.");
	om_sample(m, om_bytes(p->rss_bytes), NULL);
	om_family(m, "ctop_process_resident_memory_split_bytes", "gauge",
	          "Resident set size by kind of page (anon, file, shmem).");
	om_sample(m, om_bytes(p->rss_anon_bytes), "kind", "anon", NULL);
	om_sample(m, om_bytes(p->rss_file_bytes), "kind", "file", NULL);
	om_sample(m, om_bytes(p->rss_shmem_bytes), "kind", "shmem", NULL);
	om_family(m, "ctop_process_swap_bytes", "gauge", "Swapped-out memory of the process.");
	om_sample(m, om_bytes(p->swap_bytes), NULL);
	om_family(m, "ctop_process_virtual_memory_bytes", "gauge", "Virtual memory size.");
	om_sample(m, om_bytes(p->vsz_bytes), NULL);
	om_family(m, "ctop_process_resident_memory_growth_bytes_per_second", "gauge",
	          "Least-squares slope of the resident set size over the last minute.");
	om_sample(m, s->memory.rss_growth_bytes_per_s, NULL);
	om_family(m, "ctop_process_page_faults_per_second", "gauge",
	          "Page faults per second over the interval.");
	om_sample(m, p->minflt_per_s, "type", "minor", NULL);
	om_sample(m, p->majflt_per_s, "type", "major", NULL);
	om_family(m, "ctop_process_context_switches_per_second", "gauge",
	          "Context switches per second over the interval.");
	om_sample(m, p->ctxsw_voluntary_per_s, "type", "voluntary", NULL);
	om_sample(m, p->ctxsw_involuntary_per_s, "type", "involuntary", NULL);
	om_family(m, "ctop_process_io_bytes_per_second", "gauge",
	          "IO bytes per second: layer syscall counts read()/write() bytes (rchar, wchar), "
	          "layer storage what reached the block layer.");
	om_sample(m, s->io.rchar_per_s, "direction", "read", "layer", "syscall", NULL);
	om_sample(m, s->io.wchar_per_s, "direction", "write", "layer", "syscall", NULL);
	om_sample(m, s->io.read_bytes_per_s, "direction", "read", "layer", "storage", NULL);
	om_sample(m, s->io.write_bytes_per_s, "direction", "write", "layer", "storage", NULL);
	om_family(m, "ctop_process_io_syscalls_per_second", "gauge",
	          "Read and write system calls per second.");
	om_sample(m, s->io.syscr_per_s, "direction", "read", NULL);
	om_sample(m, s->io.syscw_per_s, "direction", "write", NULL);
}

static void om_counters(struct om *m)
{
	const struct snap_counters *c = &m->s->counters;

	if (c->available) {
		om_family(m, "ctop_process_instructions_per_cycle", "gauge",
		          "Instructions retired per CPU cycle over the interval.");
		om_sample(m, c->ipc, NULL);
		om_family(m, "ctop_process_cache_miss_ratio", "gauge",
		          "Last-level cache misses per cache reference.");
		om_sample(m, om_ratio(c->cache_miss_pct), NULL);
		om_family(m, "ctop_process_branch_miss_ratio", "gauge",
		          "Mispredicted branches per branch.");
		om_sample(m, om_ratio(c->branch_miss_pct), NULL);
		om_family(m, "ctop_process_cache_misses_per_kilo_instruction", "gauge",
		          "Last-level cache misses per thousand instructions.");
		om_sample(m, c->mpki, NULL);
	}
	om_family(m, "ctop_event_per_second", "gauge",
	          "Counted events (the default set and -e) per second over the interval.");
	for (int i = 0; i < c->nevents; i++)
		om_sample(m, c->events[i].per_s, "event", c->events[i].name, NULL);
}

static void om_locks(struct om *m)
{
	const struct snap_locks *l = &m->s->locks;
	double other = 0;
	int shown = 0, rest = 0;

	if (l->backend == NULL || strcmp(l->backend, "off") == 0)
		return;
	om_family(m, "ctop_lock_wait_seconds_per_second", "gauge",
	          "Seconds spent waiting for each contended lock per second, summed over "
	          "threads (top locks; the rest in lock=\"other\").");
	for (int i = 0; i < l->nlocks; i++) {
		const struct snap_lock *k = &l->locks[i];

		if (k->idle || isnan(k->wait_ms_per_s))
			continue;
		if (shown < m->o->top) {
			om_sample(m, k->wait_ms_per_s / 1000.0, "lock", k->name, "kind", k->kind,
			          NULL);
			shown++;
		} else {
			other += k->wait_ms_per_s / 1000.0;
			rest++;
		}
	}
	/* Always there once a lock was shown, so the series does not come
	 * and go with the count of locks. */
	if (shown > 0)
		om_sample(m, rest > 0 ? other : 0, "lock", "other", "kind", "other", NULL);
}

static void om_hot(struct om *m)
{
	const struct snapshot *s = m->s;
	const struct profile *p = s->stacks.profile;
	const struct snap_sampler *sf = &s->stacks.sampler;
	struct profile_hot *hot;
	uint64_t n = 0;
	double sum = 0;
	int span, nhot;

	if (p == NULL)
		return;
	om_family(m, "ctop_sampler_samples", "counter", "Stack samples taken since attach.");
	om_sample(m, (double)sf->samples, NULL);
	om_family(m, "ctop_sampler_lost_samples", "counter", "Stack samples lost since attach.");
	om_sample(m, (double)sf->lost, NULL);
	span = s->stacks.window_s > 0 ? profile_span_find(p, s->stacks.window_s) : -1;
	if (span < 0)
		return;
	hot = xcalloc((size_t)m->o->top + 1, sizeof *hot);
	nhot = profile_hot(p, 0, span, PROFILE_SORT_SELF, hot, m->o->top, &n);
	om_family(m, "ctop_function_self_ratio", "gauge",
	          "Share of the window's on-CPU samples in which the function was the leaf "
	          "(top functions; the rest in function=\"other\").");
	/* Sorted by self samples: functions never on top end the list. */
	for (int i = 0; n > 0 && i < nhot && hot[i].samples > 0; i++) {
		om_sample(m, om_ratio(hot[i].self_pct), "function", hot[i].function, "module",
		          hot[i].module, NULL);
		sum += hot[i].self_pct;
	}
	if (n > 0)
		om_sample(m, sum < 100 ? om_ratio(100 - sum) : 0, "function", "other", "module",
		          "other", NULL);
	om_family(m, "ctop_function_window_samples", "gauge",
	          "Stack samples in the window the function shares are taken over.");
	om_sample(m, (double)n, NULL);
	om_family(m, "ctop_function_window_seconds", "gauge",
	          "Length of the window the function shares are taken over (--window).");
	om_sample(m, s->stacks.window_s, NULL);
	free(hot);
}

void om_write(FILE *f, const struct snapshot *s, const struct om_opts *o)
{
	struct om m = {.f = f, .o = o, .s = s};

	om_family(&m, "ctop", "info", "ctop version and the back ends in use.");
	om_sample(&m, 1, "version", PACKAGE_VERSION, "sampler",
	          s->stacks.sampler.backend != NULL ? s->stacks.sampler.backend : "off", "locks",
	          s->locks.backend != NULL ? s->locks.backend : "off", "counters",
	          s->counters.available ? "available" : "unavailable", NULL);
	om_family(&m, "ctop_snapshot_timestamp_seconds", "gauge",
	          "Unix time of the snapshot these figures are from.");
	om_sample(&m, floor(s->ts * 1000) / 1000, NULL);
	om_family(&m, "ctop_snapshot_interval_seconds", "gauge",
	          "Measured seconds since the previous snapshot (rates are over it).");
	om_sample(&m, s->first ? NAN : s->interval_s, NULL);
	om_process(&m);
	om_counters(&m);
	om_locks(&m);
	om_hot(&m);
	if (o->flavour == OM_OPENMETRICS)
		fputs("# EOF\n", f);
}

int om_write_textfile(const char *dir, const struct snapshot *s, const struct om_opts *o,
                      char **cause)
{
	char *path = xasprintf("%s/ctop_%d.prom", dir, (int)s->process.pid);
	/* A dot name: node_exporter reads only *.prom files. */
	char *tmp = xasprintf("%s/.ctop_%d.prom.%d.tmp", dir, (int)s->process.pid, (int)getpid());
	FILE *f = fopen(tmp, "w");
	int rc = -1;

	if (f == NULL) {
		set_cause(cause, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	om_write(f, s, o);
	rc = file_commit(f, tmp, path, cause);
out:
	free(tmp);
	free(path);
	return rc;
}
