/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch_counters: the counters section of the batch writers: the
 * "counters" object of a JSON line and one or two lines of text.  Plain
 * functions of a snapshot; unknown figures are null / "n/a" with the
 * reason, never 0.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "batch.h"
#include "fmt.h"
#include "json.h"
#include "snapshot.h"

static void batch_json_bool(FILE *f, int v)
{
	fputs(v ? "true" : "false", f);
}

static void batch_json_events(FILE *f, const struct snap_counters *c)
{
	fputs("[", f);
	for (int i = 0; i < c->nevents; i++) {
		const struct snap_counter_event *e = &c->events[i];
		int first = 1;

		fputs(i > 0 ? ",{" : "{", f);
		json_kv_str(f, "name", e->name, &first);
		json_kv_num(f, "value", e->value, &first);
		json_kv_num(f, "per_s", e->per_s, &first);
		json_kv_num(f, "running_pct", e->running_pct, &first);
		json_key(f, "user", &first);
		batch_json_bool(f, e->user);
		json_kv_str(f, "reason", e->reason[0] != '\0' ? e->reason : NULL, &first);
		fputs("}", f);
	}
	fputs("]", f);
}

static void batch_json_threads(FILE *f, const struct snap_counters *c)
{
	fputs("[", f);
	for (int i = 0; i < c->nthreads; i++) {
		const struct snap_counter_thread *t = &c->threads[i];
		int first = 1;

		fputs(i > 0 ? ",{" : "{", f);
		json_key(f, "tid", &first);
		fprintf(f, "%d", (int)t->tid);
		json_kv_num(f, "ipc", t->ipc, &first);
		json_kv_num(f, "cache_miss_pct", t->cache_miss_pct, &first);
		json_kv_num(f, "branch_miss_pct", t->branch_miss_pct, &first);
		json_kv_num(f, "mpki", t->mpki, &first);
		fputs("}", f);
	}
	fputs("]", f);
}

void batch_json_counters(FILE *f, const struct snapshot *s)
{
	const struct snap_counters *c = &s->counters;
	int first = 1;

	fputs(",\"counters\":{", f);
	json_key(f, "available", &first);
	batch_json_bool(f, c->available);
	json_kv_str(f, "reason",
	            c->available        ? NULL
	            : c->reason != NULL ? c->reason
	                                : "unknown",
	            &first);
	json_kv_num(f, "ipc", c->ipc, &first);
	json_kv_num(f, "cache_miss_pct", c->cache_miss_pct, &first);
	json_kv_num(f, "branch_miss_pct", c->branch_miss_pct, &first);
	json_kv_num(f, "mpki", c->mpki, &first);
	json_key(f, "scaled", &first);
	batch_json_bool(f, c->scaled);
	json_kv_num(f, "running_pct", c->running_pct, &first);
	/* 2: the default set did not fit the PMU as one group (pmu_int.h). */
	json_key(f, "hw_groups", &first);
	fprintf(f, "%d", c->hw_groups);
	/* Counters are opened for at most thread_cap threads (fds). */
	json_key(f, "threads_counted", &first);
	fprintf(f, "%d", c->nthreads);
	json_key(f, "threads_total", &first);
	fprintf(f, "%d", c->threads_total);
	json_key(f, "thread_cap", &first);
	fprintf(f, "%d", c->thread_cap);
	json_key(f, "events", &first);
	batch_json_events(f, c);
	json_key(f, "threads", &first);
	batch_json_threads(f, c);
	json_key(f, "hints", &first);
	fputs("[", f);
	for (int i = 0; i < c->nhints; i++) {
		if (i > 0)
			fputs(",", f);
		json_str(f, c->hints[i]);
	}
	fputs("]}", f);
}

void batch_text_counters(FILE *f, const struct snapshot *s)
{
	const struct snap_counters *c = &s->counters;
	char a[32], b[32], m[32], d[32];
	int user = 0;

	if (!c->available)
		fprintf(f, "Counters: IPC n/a (%s)", c->reason != NULL ? c->reason : "unknown");
	else {
		fprintf(f, "Counters: IPC %s  cache miss %s (%s MPKI)  branch miss %s",
		        fmt_fig(a, sizeof a, "%.2f", c->ipc),
		        fmt_fig(b, sizeof b, "%.1f%%", c->cache_miss_pct),
		        fmt_fig(m, sizeof m, "%.1f", c->mpki),
		        fmt_fig(d, sizeof d, "%.1f%%", c->branch_miss_pct));
		if (c->scaled)
			fprintf(f, "  [scaled, ran %s]",
			        fmt_fig(a, sizeof a, "%.0f%%", c->running_pct));
	}
	if (c->nthreads < c->threads_total)
		fprintf(f, "  [%d of %d threads]", c->nthreads, c->threads_total);
	fputc('\n', f);
	for (int i = 0; i < c->nevents; i++)
		if (c->events[i].user)
			user++;
	if (user == 0 && c->nhints == 0)
		return;
	fputs("  ", f);
	for (int i = 0, n = 0; i < c->nevents; i++) {
		const struct snap_counter_event *e = &c->events[i];

		if (!e->user)
			continue;
		fprintf(f, "%s%s %s/s", n++ > 0 ? "  " : "", e->name,
		        fmt_fig(a, sizeof a, "%.0f", e->per_s));
		if (isnan(e->per_s) && e->reason[0] != '\0')
			fprintf(f, " (%s)", e->reason);
	}
	for (int i = 0; i < c->nhints; i++)
		fprintf(f, "%shint: %s", user > 0 || i > 0 ? "  " : "", c->hints[i]);
	fputc('\n', f);
}
