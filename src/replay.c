/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * replay: reads a JSON Lines recording into parsed trees (kept for the
 * replay's life: the rebuilt snapshots point at their strings), interns
 * every recorded stack in one dictionary, and rebuilds snapshot i from
 * line i on demand.  The spans of the rebuilt profile are those a live
 * session has (the interval, 5/10/30 s, the recorded window, and
 * everything), counted over the recorded intervals by their end times;
 * "since attach" is since the recording's first line.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dict.h"
#include "history.h"
#include "jsonp.h"
#include "profile.h"
#include "replay.h"
#include "session.h"
#include "snapshot.h"
#include "util.h"

/* One recorded (thread, stack) count of an interval. */
struct rp_stack {
	pid_t tid;
	uint32_t stack; /* dict id */
	uint32_t n;
};

struct rp_line {
	struct jv *v;
	double ts;
	double interval_s;
	int has_stacks;
	int nstacks;
	struct rp_stack *stacks;
};

struct replay {
	int n;
	struct rp_line *lines;
	int pos;
	pid_t pid;
	double interval_s;
	double start; /* wall time the first interval began */
	char *warning;
	char *path;
	struct dict *dict;
	double spans[PROF_MAX_SPANS];
	int nspans;
};

/* ---- reading ---- */

/* The interval stacks of a line into the dictionary. */
static void rp_intern_stacks(struct replay *r, struct rp_line *l)
{
	const struct jv *is = jv_get(l->v, "interval_stacks");
	const struct jv *funcs = jv_get(is, "funcs"), *stacks = jv_get(is, "stacks");
	int nf = jv_len(funcs);
	uint32_t *ids, *frames = NULL;
	int cap = 0;

	if (is == NULL || is->type != JV_OBJ)
		return;
	l->has_stacks = 1;
	ids = xcalloc((size_t)nf + 1, sizeof *ids);
	for (int i = 0; i < nf; i++) {
		const struct jv *fn = jv_at(funcs, i);
		const char *name = jv_str(jv_at(fn, 0)), *mod = jv_str(jv_at(fn, 1));

		ids[i] =
		    dict_intern_func(r->dict, name != NULL ? name : "?", mod != NULL ? mod : "?");
	}
	l->stacks = xcalloc((size_t)jv_len(stacks) + 1, sizeof *l->stacks);
	for (int i = 0; i < jv_len(stacks); i++) {
		const struct jv *st = jv_at(stacks, i), *fr = jv_get(st, "frames");
		int n = jv_len(fr), ok = n > 0;
		double cnt = jv_getnum(st, "n"), tid = jv_getnum(st, "tid");

		if (n > cap) {
			cap = n;
			frames = xrealloc(frames, (size_t)cap * sizeof *frames);
		}
		/* Recorded root first; the dictionary keeps leaf first. */
		for (int k = 0; k < n; k++) {
			double x = jv_num(jv_at(fr, k));

			if (!(x >= 0 && x < nf)) {
				ok = 0;
				break;
			}
			frames[n - 1 - k] = ids[(int)x];
		}
		if (!ok || !(cnt > 0) || isnan(tid))
			continue;
		l->stacks[l->nstacks].tid = (pid_t)tid;
		l->stacks[l->nstacks].n = (uint32_t)cnt;
		l->stacks[l->nstacks].stack = dict_intern_stack(r->dict, frames, (uint32_t)n);
		l->nstacks++;
	}
	free(frames);
	free(ids);
}

static int rp_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The live session's spans: the interval, 5/10/30 s and the recorded
 * window (ascending, no repeats), then everything. */
static void rp_spans(struct replay *r)
{
	double w = r->n > 0 ? jv_getnum(r->lines[0].v, "hot_window_s") : NAN;
	double wins[4] = {5, 10, 30, w};
	int nw = !isnan(w) && w > 0 ? 4 : 3, k = 0;

	qsort(wins, (size_t)nw, sizeof wins[0], rp_cmp_double);
	r->spans[k++] = 0;
	for (int i = 0; i < nw && k < PROF_MAX_SPANS - 1; i++)
		if (r->spans[k - 1] != wins[i])
			r->spans[k++] = wins[i];
	r->spans[k++] = INFINITY;
	r->nspans = k;
}

static int rp_add_line(struct replay *r, int *cap, char *text, size_t len, long lineno, int last,
                       char **cause)
{
	char *why = NULL;
	struct jv *v = jv_parse(text, len, &why);
	double ver;
	struct rp_line *l;

	if (v == NULL) {
		/* A recording cut short ends in half a line. */
		if (last) {
			r->warning = xasprintf("%s:%ld: truncated last line ignored (%s)", r->path,
			                       lineno, why);
			free(why);
			return 0;
		}
		set_cause(cause, "%s:%ld: not JSON (%s)", r->path, lineno, why);
		free(why);
		return -1;
	}
	ver = jv_getnum(v, "ctop");
	if (isnan(ver) || ver < 1 || ver != floor(ver)) {
		set_cause(cause, "%s:%ld: not a ctop recording (no \"ctop\" schema version)",
		          r->path, lineno);
		jv_free(v);
		return -1;
	}
	if (ver > REPLAY_SCHEMA) {
		set_cause(cause,
		          "%s:%ld: schema version %.0f is newer than this ctop reads (%d): "
		          "replay it with a newer ctop",
		          r->path, lineno, ver, REPLAY_SCHEMA);
		jv_free(v);
		return -1;
	}
	if (r->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		r->lines = xrealloc(r->lines, (size_t)*cap * sizeof *r->lines);
	}
	l = &r->lines[r->n++];
	memset(l, 0, sizeof *l);
	l->v = v;
	l->ts = jv_getnum(v, "ts");
	l->interval_s = jv_getnum(v, "interval_s");
	rp_intern_stacks(r, l);
	return 0;
}

struct replay *replay_open(const char *path, char **cause)
{
	struct replay *r = xcalloc(1, sizeof *r);
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t size = 0;
	ssize_t len;
	long lineno = 0;
	int cap = 0;
	double *iv;
	int niv = 0;

	r->path = xstrdup(path);
	r->dict = dict_new();
	if (f == NULL) {
		set_cause(cause, "cannot open %s: %s", path, strerror(errno));
		goto fail;
	}
	while ((len = getline(&line, &size, f)) > 0) {
		int complete = line[len - 1] == '\n';
		size_t n = (size_t)len;

		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (n == 0)
			continue;
		/* Only a last line without its newline may be cut short. */
		if (rp_add_line(r, &cap, line, n, lineno, !complete, cause) < 0)
			goto fail;
	}
	free(line);
	line = NULL;
	fclose(f);
	f = NULL;
	if (r->n == 0) {
		set_cause(cause, "%s: no snapshots to replay%s%s", path, r->warning ? ": " : "",
		          r->warning ? r->warning : "");
		goto fail;
	}
	r->pid = (pid_t)jv_getnum(jv_get(r->lines[0].v, "process"), "pid");
	iv = xcalloc((size_t)r->n, sizeof *iv);
	for (int i = 0; i < r->n; i++)
		if (r->lines[i].interval_s > 0)
			iv[niv++] = r->lines[i].interval_s;
	qsort(iv, (size_t)niv, sizeof *iv, rp_cmp_double);
	r->interval_s = niv > 0 ? iv[niv / 2] : 1;
	free(iv);
	r->start = r->lines[0].ts - (r->lines[0].interval_s > 0 ? r->lines[0].interval_s : 0);
	rp_spans(r);
	return r;
fail:
	free(line);
	if (f != NULL)
		fclose(f);
	replay_free(r);
	return NULL;
}

void replay_free(struct replay *r)
{
	if (r == NULL)
		return;
	for (int i = 0; i < r->n; i++) {
		jv_free(r->lines[i].v);
		free(r->lines[i].stacks);
	}
	free(r->lines);
	dict_unref(r->dict);
	free(r->warning);
	free(r->path);
	free(r);
}

int replay_count(const struct replay *r)
{
	return r->n;
}

int replay_pos(const struct replay *r)
{
	return r->pos;
}

pid_t replay_pid(const struct replay *r)
{
	return r->pid;
}

double replay_interval(const struct replay *r)
{
	return r->interval_s;
}

const char *replay_warning(const struct replay *r)
{
	return r->warning;
}

/* ---- rebuilding a snapshot ---- */

static uint64_t rp_u64(const struct jv *o, const char *key)
{
	double v = jv_getnum(o, key);

	return isnan(v) || v < 0 ? SNAP_UNKNOWN : (uint64_t)v;
}

static char rp_state(const struct jv *o)
{
	const char *s = jv_getstr(o, "state");

	return s != NULL && s[0] != '\0' ? s[0] : '?';
}

static void rp_copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

static void rp_io_rates(const struct jv *o, struct snap_io *io)
{
	io->rchar_per_s = jv_getnum(o, "rchar_per_s");
	io->wchar_per_s = jv_getnum(o, "wchar_per_s");
	io->syscr_per_s = jv_getnum(o, "syscr_per_s");
	io->syscw_per_s = jv_getnum(o, "syscw_per_s");
	io->read_bytes_per_s = jv_getnum(o, "read_bytes_per_s");
	io->write_bytes_per_s = jv_getnum(o, "write_bytes_per_s");
}

static void rp_cpu(const struct jv *o, struct snap_cpu *c)
{
	double n = jv_getnum(o, "cpu");

	c->cpu = isnan(n) ? -1 : (int)n;
	c->user_pct = jv_getnum(o, "user_pct");
	c->sys_pct = jv_getnum(o, "sys_pct");
	c->iowait_pct = jv_getnum(o, "iowait_pct");
	c->steal_pct = jv_getnum(o, "steal_pct");
	c->idle_pct = jv_getnum(o, "idle_pct");
}

static void rp_process(const struct jv *v, struct snapshot *s)
{
	const struct jv *p = jv_get(v, "process"), *m = jv_get(v, "memory");
	struct snap_process *sp = &s->process;
	double x;

	sp->pid = (pid_t)jv_getnum(p, "pid");
	rp_copy(sp->comm, sizeof sp->comm, jv_getstr(p, "comm"));
	rp_copy(sp->cmdline, sizeof sp->cmdline, jv_getstr(p, "cmdline"));
	sp->state = rp_state(p);
	x = jv_getnum(p, "threads");
	sp->threads = isnan(x) ? 0 : (int)x;
	sp->uptime_s = jv_getnum(p, "uptime_s");
	x = jv_getnum(p, "processor");
	sp->processor = isnan(x) ? -1 : (int)x;
	sp->cpu_pct = jv_getnum(p, "cpu_pct");
	sp->user_pct = jv_getnum(p, "user_pct");
	sp->sys_pct = jv_getnum(p, "sys_pct");
	sp->rss_bytes = rp_u64(p, "rss_bytes");
	sp->rss_anon_bytes = rp_u64(p, "rss_anon_bytes");
	sp->rss_file_bytes = rp_u64(p, "rss_file_bytes");
	sp->rss_shmem_bytes = rp_u64(p, "rss_shmem_bytes");
	sp->swap_bytes = rp_u64(p, "swap_bytes");
	sp->vsz_bytes = rp_u64(p, "vsz_bytes");
	sp->minflt_per_s = jv_getnum(p, "minflt_per_s");
	sp->majflt_per_s = jv_getnum(p, "majflt_per_s");
	sp->ctxsw_voluntary_per_s = jv_getnum(p, "ctxsw_voluntary_per_s");
	sp->ctxsw_involuntary_per_s = jv_getnum(p, "ctxsw_involuntary_per_s");
	s->memory.rss_bytes = rp_u64(m, "rss_bytes");
	s->memory.rss_growth_bytes_per_s = jv_getnum(m, "rss_growth_bytes_per_s");
	s->memory.growth_window_s = jv_getnum(m, "growth_window_s");
	s->memory.reason = jv_getstr(m, "reason");
	rp_io_rates(jv_get(v, "io"), &s->io);
	s->io.reason = jv_getstr(jv_get(v, "io"), "reason");
}

static void rp_system(const struct jv *v, struct snapshot *s)
{
	const struct jv *sys = jv_get(v, "system"), *cpus = jv_get(sys, "cpus"),
			*disks = jv_get(sys, "disks"), *th = jv_get(v, "threads");
	struct snap_system *ss = &s->system;

	rp_cpu(jv_get(sys, "cpu_total"), &ss->total);
	ss->ncpus = jv_len(cpus);
	ss->cpus = xcalloc((size_t)ss->ncpus + 1, sizeof *ss->cpus);
	for (int i = 0; i < ss->ncpus; i++)
		rp_cpu(jv_at(cpus, i), &ss->cpus[i]);
	ss->mem_total_bytes = rp_u64(sys, "mem_total_bytes");
	ss->mem_available_bytes = rp_u64(sys, "mem_available_bytes");
	ss->swap_total_bytes = rp_u64(sys, "swap_total_bytes");
	ss->swap_free_bytes = rp_u64(sys, "swap_free_bytes");
	ss->load1 = jv_getnum(sys, "load1");
	ss->load5 = jv_getnum(sys, "load5");
	ss->load15 = jv_getnum(sys, "load15");
	ss->ndisks = jv_len(disks);
	ss->disks = xcalloc((size_t)ss->ndisks + 1, sizeof *ss->disks);
	for (int i = 0; i < ss->ndisks; i++) {
		const struct jv *d = jv_at(disks, i);
		struct snap_disk *sd = &ss->disks[i];

		rp_copy(sd->name, sizeof sd->name, jv_getstr(d, "name"));
		sd->read_bytes_per_s = jv_getnum(d, "read_bytes_per_s");
		sd->write_bytes_per_s = jv_getnum(d, "write_bytes_per_s");
		sd->reads_per_s = jv_getnum(d, "reads_per_s");
		sd->writes_per_s = jv_getnum(d, "writes_per_s");
		sd->util_pct = jv_getnum(d, "util_pct");
	}
	s->nthreads = jv_len(th);
	s->threads = xcalloc((size_t)s->nthreads + 1, sizeof *s->threads);
	for (int i = 0; i < s->nthreads; i++) {
		const struct jv *t = jv_at(th, i);
		struct snap_thread *st = &s->threads[i];
		double x = jv_getnum(t, "processor");

		st->tid = (pid_t)jv_getnum(t, "tid");
		rp_copy(st->comm, sizeof st->comm, jv_getstr(t, "comm"));
		st->state = rp_state(t);
		st->processor = isnan(x) ? -1 : (int)x;
		st->cpu_pct = jv_getnum(t, "cpu_pct");
		st->user_pct = jv_getnum(t, "user_pct");
		st->sys_pct = jv_getnum(t, "sys_pct");
		st->ctxsw_voluntary_per_s = jv_getnum(t, "ctxsw_voluntary_per_s");
		st->ctxsw_involuntary_per_s = jv_getnum(t, "ctxsw_involuntary_per_s");
		st->minflt_per_s = jv_getnum(t, "minflt_per_s");
		st->majflt_per_s = jv_getnum(t, "majflt_per_s");
		rp_io_rates(t, &st->io);
	}
}

static void rp_counters(const struct jv *v, struct snapshot *s)
{
	const struct jv *c = jv_get(v, "counters"), *ev = jv_get(c, "events"),
			*th = jv_get(c, "threads"), *hints = jv_get(c, "hints");
	struct snap_counters *sc = &s->counters;
	double x;

	sc->available = jv_true(jv_get(c, "available"));
	sc->reason = c != NULL ? jv_getstr(c, "reason") : "not recorded";
	sc->ipc = jv_getnum(c, "ipc");
	sc->cache_miss_pct = jv_getnum(c, "cache_miss_pct");
	sc->branch_miss_pct = jv_getnum(c, "branch_miss_pct");
	sc->mpki = jv_getnum(c, "mpki");
	sc->scaled = jv_true(jv_get(c, "scaled"));
	sc->running_pct = jv_getnum(c, "running_pct");
	x = jv_getnum(c, "hw_groups");
	sc->hw_groups = isnan(x) ? 0 : (int)x;
	x = jv_getnum(c, "threads_total");
	sc->threads_total = isnan(x) ? 0 : (int)x;
	x = jv_getnum(c, "thread_cap");
	sc->thread_cap = isnan(x) ? 0 : (int)x;
	sc->nevents = jv_len(ev);
	sc->events = xcalloc((size_t)sc->nevents + 1, sizeof *sc->events);
	for (int i = 0; i < sc->nevents; i++) {
		const struct jv *e = jv_at(ev, i);
		struct snap_counter_event *se = &sc->events[i];

		rp_copy(se->name, sizeof se->name, jv_getstr(e, "name"));
		se->value = jv_getnum(e, "value");
		se->per_s = jv_getnum(e, "per_s");
		se->running_pct = jv_getnum(e, "running_pct");
		se->user = jv_true(jv_get(e, "user"));
		rp_copy(se->reason, sizeof se->reason, jv_getstr(e, "reason"));
	}
	sc->nthreads = jv_len(th);
	sc->threads = xcalloc((size_t)sc->nthreads + 1, sizeof *sc->threads);
	for (int i = 0; i < sc->nthreads; i++) {
		const struct jv *t = jv_at(th, i);

		sc->threads[i].tid = (pid_t)jv_getnum(t, "tid");
		sc->threads[i].ipc = jv_getnum(t, "ipc");
		sc->threads[i].cache_miss_pct = jv_getnum(t, "cache_miss_pct");
		sc->threads[i].branch_miss_pct = jv_getnum(t, "branch_miss_pct");
		sc->threads[i].mpki = jv_getnum(t, "mpki");
	}
	for (int i = 0; i < jv_len(hints) && sc->nhints < 4; i++)
		if (jv_str(jv_at(hints, i)) != NULL)
			sc->hints[sc->nhints++] = jv_str(jv_at(hints, i));
}

/* The profile of line i: every span counted over the recorded intervals
 * that end within it (or in the equally long span before it). */
static struct profile *rp_profile(struct replay *r, int i)
{
	struct profile *p = profile_new(r->dict, r->spans, r->nspans);
	double covered[PROF_MAX_SPANS], now = r->lines[i].ts;
	double held = now - r->start;

	for (int j = 0; j <= i; j++) {
		const struct rp_line *l = &r->lines[j];
		double age = now - l->ts;

		for (int k = 0; k < l->nstacks; k++) {
			const struct rp_stack *st = &l->stacks[k];

			if (j == i)
				profile_count(p, st->tid, st->stack, PROF_INTERVAL, 0, st->n);
			for (int sp = 1; sp < r->nspans; sp++) {
				if (isinf(r->spans[sp]) || age < r->spans[sp])
					profile_count(p, st->tid, st->stack, sp, 0, st->n);
				else if (age < 2 * r->spans[sp])
					profile_count(p, st->tid, st->stack, sp, 1, st->n);
			}
		}
	}
	covered[0] = r->lines[i].interval_s > 0 ? r->lines[i].interval_s : 0;
	for (int sp = 1; sp < r->nspans; sp++)
		covered[sp] = !isinf(r->spans[sp]) && r->spans[sp] < held ? r->spans[sp] : held;
	profile_seal(p, covered);
	return p;
}

static void rp_stacks(struct replay *r, int i, struct snapshot *s)
{
	const struct jv *v = r->lines[i].v, *sf = jv_get(v, "sampler");
	struct snap_sampler *ss = &s->stacks.sampler;

	ss->backend = jv_getstr(sf, "backend");
	if (ss->backend == NULL)
		ss->backend = "off";
	ss->reason = jv_getstr(sf, "reason");
	ss->rate_hz = jv_getnum(sf, "rate_hz");
	ss->requested_hz = jv_getnum(sf, "requested_hz");
	ss->samples = rp_u64(sf, "samples");
	ss->lost = rp_u64(sf, "lost");
	ss->held_us_avg = jv_getnum(sf, "held_us_avg");
	ss->held_pct = jv_getnum(sf, "held_pct");
	ss->held_us_max = jv_getnum(sf, "held_us_max");
	ss->kernel = jv_true(jv_get(sf, "kernel"));
	ss->kernel_reason = ss->kernel ? NULL : jv_getstr(sf, "kernel_reason");
	s->stacks.kernel_names_note = ss->kernel ? jv_getstr(sf, "kernel_reason") : NULL;
	ss->vm_reads = rp_u64(sf, "vm_reads");
	ss->unwind_us_median = jv_getnum(sf, "unwind_us_median");
	ss->unwind_us_p99 = jv_getnum(sf, "unwind_us_p99");
	ss->coverage_pct = jv_getnum(sf, "coverage_pct");
	rp_copy(ss->coverage_reason, sizeof ss->coverage_reason, jv_getstr(sf, "coverage_reason"));
	s->stacks.interval_samples = rp_u64(sf, "interval_samples");
	s->stacks.window_s = jv_getnum(v, "hot_window_s");
	s->stacks.window_sys_pct = jv_getnum(v, "hot_window_sys_pct");
	if (r->lines[i].has_stacks)
		s->stacks.profile = rp_profile(r, i);
	else if (strcmp(ss->backend, "off") != 0 && ss->reason == NULL)
		ss->reason = "the recording has no stacks (written by an older ctop)";
}

/* "a;b;c" from a JSON array of strings, owned. */
static char *rp_join(const struct jv *a)
{
	size_t len = 1;
	char *out;

	for (int i = 0; i < jv_len(a); i++)
		len += (jv_str(jv_at(a, i)) ? strlen(jv_str(jv_at(a, i))) : 0) + 1;
	out = xcalloc(len, 1);
	for (int i = 0; i < jv_len(a); i++) {
		if (i > 0)
			strcat(out, ";");
		if (jv_str(jv_at(a, i)) != NULL)
			strcat(out, jv_str(jv_at(a, i)));
	}
	return out;
}

static char *rp_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* The top contended lock's name in line i, or NULL. */
static const char *rp_top_lock(const struct jv *v)
{
	const struct jv *locks = jv_get(v, "locks");

	for (int k = 0; k < jv_len(locks); k++)
		if (!jv_true(jv_get(jv_at(locks, k), "idle")))
			return jv_getstr(jv_at(locks, k), "lock");
	return NULL;
}

static void rp_locks(struct replay *r, int i, struct snapshot *s)
{
	const struct jv *v = r->lines[i].v, *lb = jv_get(v, "locks_backend"),
			*locks = jv_get(v, "locks");
	struct snap_locks *sl = &s->locks;
	const char *top;

	sl->backend = jv_getstr(lb, "backend");
	if (sl->backend == NULL)
		sl->backend = "off";
	sl->reason = rp_dup(lb != NULL ? jv_getstr(lb, "reason") : "not recorded");
	sl->note = rp_dup(jv_getstr(lb, "note"));
	sl->estimated = jv_true(jv_get(lb, "estimated"));
	sl->rate_hz = jv_getnum(lb, "rate_hz");
	sl->events = rp_u64(lb, "events");
	sl->lost = rp_u64(lb, "lost");
	sl->window_s = jv_getnum(lb, "window_s");
	sl->nlocks = jv_len(locks);
	sl->locks = xcalloc((size_t)sl->nlocks + 1, sizeof *sl->locks);
	for (int k = 0; k < sl->nlocks; k++) {
		const struct jv *l = jv_at(locks, k), *h = jv_get(l, "holder"),
				*sites = jv_get(l, "sites"), *w = jv_get(l, "waiters");
		struct snap_lock *sk = &sl->locks[k];
		const char *addr = jv_getstr(l, "address");
		double x;

		sk->name = xstrdup(jv_getstr(l, "lock") ? jv_getstr(l, "lock") : "?");
		sk->address = addr != NULL ? strtoull(addr, NULL, 16) : 0;
		sk->kind = jv_getstr(l, "kind") ? jv_getstr(l, "kind") : "unknown";
		sk->idle = jv_true(jv_get(l, "idle"));
		sk->wait_ms_per_s = jv_getnum(l, "wait_ms_per_s");
		sk->window_wait_ms_per_s = jv_getnum(l, "window_wait_ms_per_s");
		sk->idle_ms_per_s = jv_getnum(l, "idle_ms_per_s");
		sk->contentions_per_s = jv_getnum(l, "contentions_per_s");
		x = jv_getnum(l, "waiters_now");
		sk->waiters_now = isnan(x) ? 0 : (int)x;
		x = jv_getnum(l, "waiters_max");
		sk->waiters_max = isnan(x) ? 0 : (int)x;
		sk->mean_wait_us = jv_getnum(l, "mean_wait_us");
		sk->max_wait_us = jv_getnum(l, "max_wait_us");
		sk->estimated = jv_true(jv_get(l, "estimated"));
		x = jv_getnum(h, "tid");
		sk->holder_tid = isnan(x) ? 0 : (pid_t)x;
		sk->holder_function = rp_dup(jv_getstr(h, "function"));
		sk->nsites = jv_len(sites);
		sk->sites = xcalloc((size_t)sk->nsites + 1, sizeof *sk->sites);
		for (int j = 0; j < sk->nsites; j++) {
			const struct jv *st = jv_at(sites, j);

			sk->sites[j].function =
			    xstrdup(jv_getstr(st, "function") ? jv_getstr(st, "function") : "?");
			sk->sites[j].stack = rp_join(jv_get(st, "stack"));
			sk->sites[j].wait_ms_per_s = jv_getnum(st, "wait_ms_per_s");
			sk->sites[j].samples = rp_u64(st, "samples");
		}
		sk->nwaiters = jv_len(w);
		sk->waiters = xcalloc((size_t)sk->nwaiters + 1, sizeof *sk->waiters);
		for (int j = 0; j < sk->nwaiters; j++) {
			sk->waiters[j].tid = (pid_t)jv_getnum(jv_at(w, j), "tid");
			sk->waiters[j].wait_ms_per_s = jv_getnum(jv_at(w, j), "wait_ms_per_s");
		}
	}
	/* The graph of the top lock: its wait in the lines before (0 where
	 * it was not contended then). */
	top = rp_top_lock(v);
	for (int j = i - SNAP_LOCK_HIST + 1; top != NULL && j <= i; j++) {
		const struct jv *lk;
		double val = 0;

		if (j < 0)
			continue;
		lk = jv_get(r->lines[j].v, "locks");
		for (int k = 0; k < jv_len(lk); k++)
			if (jv_getstr(jv_at(lk, k), "lock") != NULL &&
			    strcmp(jv_getstr(jv_at(lk, k), "lock"), top) == 0 &&
			    !jv_true(jv_get(jv_at(lk, k), "idle")))
				val = jv_getnum(jv_at(lk, k), "wait_ms_per_s");
		sl->hist[sl->nhist++] = val;
	}
}

/* Line i as a snapshot; with full 0, only what the history rings take. */
static struct snapshot *rp_build(struct replay *r, int i, int full)
{
	struct snapshot *s = snapshot_new();
	const struct rp_line *l = &r->lines[i];
	double seq = jv_getnum(l->v, "seq");

	s->seq = isnan(seq) ? (unsigned long)i : (unsigned long)seq;
	s->ts = l->ts;
	/* Graph times: the recorded wall clock stands in for the monotonic. */
	s->mono = l->ts;
	s->interval_s = l->interval_s;
	s->first = isnan(l->interval_s);
	rp_process(l->v, s);
	rp_counters(l->v, s);
	if (!full)
		return s;
	rp_system(l->v, s);
	rp_stacks(r, i, s);
	rp_locks(r, i, s);
	return s;
}

struct snapshot *replay_snapshot(struct replay *r, int i)
{
	if (i < 0)
		i = 0;
	if (i >= r->n)
		i = r->n - 1;
	return rp_build(r, i, 1);
}

/* ---- the session's source ---- */

void replay_seek(struct session *s, int i)
{
	struct replay *r = s->replay;
	size_t cap = s->hist->series[0].cap;
	int from;

	if (i < 0)
		i = 0;
	if (i >= r->n)
		i = r->n - 1;
	for (int k = 0; k < HIST_NSERIES; k++) {
		s->hist->series[k].len = 0;
		s->hist->series[k].head = 0;
	}
	from = i - (int)cap + 1 > 0 ? i - (int)cap + 1 : 0;
	for (int j = from; j < i; j++) {
		struct snapshot *h = rp_build(r, j, 0);

		history_push(s->hist, h);
		snapshot_free(h);
	}
	r->pos = i;
	snapshot_free(s->prev);
	s->prev = s->cur;
	s->cur = rp_build(r, i, 1);
	history_push(s->hist, s->cur);
}

int replay_tick(struct session *s)
{
	struct replay *r = s->replay;

	if (s->cur == NULL) {
		replay_seek(s, 0);
		return 0;
	}
	/* The end: the last line stays; the session stops playing. */
	if (r->pos + 1 >= r->n)
		return 1;
	r->pos++;
	snapshot_free(s->prev);
	s->prev = s->cur;
	s->cur = rp_build(r, r->pos, 1);
	history_push(s->hist, s->cur);
	return 0;
}

int replay_key(struct session *s, int ch)
{
	int pos = s->replay->pos, to;

	switch (ch) {
	case '.':
		to = pos + 1;
		break;
	case ',':
		to = pos - 1;
		break;
	case ']':
		to = pos + 10;
		break;
	case '[':
		to = pos - 10;
		break;
	case '>':
		to = s->replay->n - 1;
		break;
	case '<':
		to = 0;
		break;
	default:
		return 0;
	}
	if (to == pos + 1 && to < s->replay->n)
		replay_tick(s);
	else
		replay_seek(s, to);
	return 1;
}

void replay_header(const struct session *s, char *buf, size_t size)
{
	const struct replay *r = s->replay;
	time_t t = (time_t)r->lines[r->pos].ts;
	char when[32];
	struct tm tm;

	if (!isnan(r->lines[r->pos].ts) && localtime_r(&t, &tm) != NULL)
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	else
		snprintf(when, sizeof when, "unknown time");
	snprintf(buf, size, " ctop REPLAY of %s  %d/%d  pid %d ", when, r->pos + 1, r->n,
	         (int)r->pid);
}

void replay_status(const struct session *s, char *buf, size_t size)
{
	const struct replay *r = s->replay;
	const char *state = r->pos + 1 >= r->n ? "END" : s->paused ? "PAUSED" : "playing";

	if (r->warning != NULL)
		snprintf(buf, size, " %s  %s", state, r->warning);
	else
		snprintf(buf, size, " %s  space play  . , step  ] [ 10  > < ends  q quit  h help",
		         state);
}
