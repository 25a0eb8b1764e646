/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch_sched: the scheduling and cgroup parts of the batch writers:
 * run-queue wait, migrations and policy figures inside the JSON process
 * and thread objects, the "cgroup" object, and the text lines.  Plain
 * functions of a snapshot.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "batch.h"
#include "fmt.h"
#include "json.h"
#include "snapshot.h"

void batch_json_sched_process(FILE *f, const struct snap_process *p, int *first)
{
	json_kv_num(f, "runq_wait_pct", p->runq_wait_pct, first);
	json_kv_num(f, "runq_wait_ms_per_s", p->runq_wait_ms_per_s, first);
	json_kv_num(f, "runq_wait_share_pct", p->runq_wait_share_pct, first);
	json_kv_num(f, "migrations_per_s", p->migrations_per_s, first);
	json_kv_str(f, "cpus_allowed", p->cpus_allowed[0] != '\0' ? p->cpus_allowed : NULL, first);
}

void batch_json_sched_thread(FILE *f, const struct snap_thread *t, int *first)
{
	json_kv_num(f, "runq_wait_pct", t->runq_wait_pct, first);
	json_kv_num(f, "runq_wait_ms_per_s", t->runq_wait_ms_per_s, first);
	json_kv_num(f, "migrations_per_s", t->migrations_per_s, first);
	json_kv_num(f, "policy", t->policy, first);
	json_kv_num(f, "nice", t->policy >= 0 ? t->nice : NAN, first);
	json_kv_num(f, "prio", t->policy >= 0 ? t->prio : NAN, first);
	json_kv_str(f, "cpus_allowed", t->cpus_allowed[0] != '\0' ? t->cpus_allowed : NULL, first);
}

static void batch_json_psi(FILE *f, const char *key, const struct snap_psi *p, int *first)
{
	int k = 1;

	json_key(f, key, first);
	fputc('{', f);
	json_kv_num(f, "some_avg10", p->some_avg10, &k);
	json_kv_num(f, "full_avg10", p->full_avg10, &k);
	fputc('}', f);
}

void batch_json_cgroup(FILE *f, const struct snapshot *s)
{
	const struct snap_cgroup *g = &s->cgroup;
	int first = 1, pf = 1;

	fputs(",\"cgroup\":{", f);
	json_kv_num(f, "version", g->version > 0 ? g->version : NAN, &first);
	json_kv_str(f, "path", g->version > 0 ? g->path : NULL, &first);
	json_kv_str(f, "reason", g->reason, &first);
	json_key(f, "limited", &first);
	fputs(g->limited ? "true" : "false", f);
	json_kv_num(f, "cpu_max", g->cpu_max, &first);
	json_kv_num(f, "cpu_quota_us", g->cpu_quota_us, &first);
	json_kv_num(f, "cpu_period_us", g->cpu_period_us, &first);
	json_kv_str(f, "cpu_max_path", isnan(g->cpu_max) ? NULL : g->cpu_max_path, &first);
	json_kv_num(f, "throttled_pct", g->throttled_pct, &first);
	json_kv_num(f, "throttled_ms_per_s", g->throttled_ms_per_s, &first);
	json_kv_num(f, "periods_per_s", g->periods_per_s, &first);
	json_kv_u64(f, "memory_max_bytes", g->memory_max_bytes, &first);
	json_kv_u64(f, "memory_current_bytes", g->memory_current_bytes, &first);
	json_kv_u64(f, "oom_events", g->oom_events, &first);
	json_kv_u64(f, "oom_kills", g->oom_kills, &first);
	json_key(f, "psi", &first);
	fputc('{', f);
	json_kv_str(f, "scope", g->psi_scope, &pf);
	batch_json_psi(f, "cpu", &g->psi_cpu, &pf);
	batch_json_psi(f, "memory", &g->psi_memory, &pf);
	batch_json_psi(f, "io", &g->psi_io, &pf);
	fputs("}}", f);
	fputs(",\"sched_hints\":[", f);
	for (int i = 0; i < s->sched.nhints; i++) {
		if (i > 0)
			fputc(',', f);
		json_str(f, s->sched.hints[i]);
	}
	fputc(']', f);
}

void batch_text_sched(FILE *f, const struct snapshot *s)
{
	const struct snap_process *p = &s->process;
	const struct snap_cgroup *g = &s->cgroup;
	char a[32], b[32], c[32];

	fprintf(f, "Sched: run-queue wait %s (%s ms/s, %s of wanted CPU)  migrations %s/s",
	        fmt_pct(a, sizeof a, p->runq_wait_pct),
	        fmt_fig(b, sizeof b, "%.0f", p->runq_wait_ms_per_s),
	        fmt_pct(c, sizeof c, p->runq_wait_share_pct),
	        fmt_count(a, sizeof a, p->migrations_per_s));
	if (p->cpus_allowed[0] != '\0')
		fprintf(f, "  CPUs %s", p->cpus_allowed);
	fputc('\n', f);
	if (g->limited) {
		fprintf(f, "Cgroup v%d %s:", g->version, g->path);
		if (!isnan(g->cpu_max))
			fprintf(f, " cpu max %.2f CPUs (%s), throttled %s of periods (%s ms/s)",
			        g->cpu_max, g->cpu_max_path, fmt_pct(a, sizeof a, g->throttled_pct),
			        fmt_fig(b, sizeof b, "%.0f", g->throttled_ms_per_s));
		if (g->memory_max_bytes != SNAP_UNKNOWN)
			fprintf(f, " memory %s of %s",
			        fmt_bytes(a, sizeof a, fmt_known(g->memory_current_bytes)),
			        fmt_bytes(b, sizeof b, fmt_known(g->memory_max_bytes)));
		fputc('\n', f);
	}
	for (int i = 0; i < s->sched.nhints; i++)
		fprintf(f, "Hint: %s\n", s->sched.hints[i]);
}
