/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch_hot: the hot-functions section of the batch writers: the "hot"
 * array and "sampler" object of a JSON line, and a short top-10 table in
 * text.  Plain functions of a snapshot: the hot list covers the window
 * the Hot panel shows by default (--window), the JSON also the interval
 * since the previous snapshot, both from the snapshot's profile.  The
 * folded writer (batch_run.c) writes the since-attach span at the end.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "fmt.h"
#include "json.h"
#include "profile.h"
#include "snapshot.h"
#include "util.h"

#define BATCH_HOT_TEXT_ROWS 10
/* Functions per JSON line: the head of the list is what is read. */
#define BATCH_HOT_JSON_ROWS 50

/*
 * The hot functions of span (the default window, or the interval) by self
 * share; 0 when sampling is off.  *nsamples gets the span's samples.
 */
static int batch_hot(const struct snapshot *s, int span, struct profile_hot *out, int max,
                     uint64_t *nsamples)
{
	const struct profile *p = s->stacks.profile;

	*nsamples = 0;
	if (p == NULL || span < 0)
		return 0;
	return profile_hot(p, 0, span, PROFILE_SORT_SELF, out, max, nsamples);
}

/* The span the panel shows by default: --window seconds, or -1. */
static int batch_window_span(const struct snapshot *s)
{
	const struct profile *p = s->stacks.profile;

	if (p == NULL || !(s->stacks.window_s > 0))
		return -1;
	return profile_span_find(p, s->stacks.window_s);
}

static void batch_json_hot_list(FILE *f, const char *key, const struct profile_hot *hot, int n)
{
	fprintf(f, ",\"%s\":[", key);
	for (int i = 0; i < n; i++) {
		const struct profile_hot *h = &hot[i];
		int k = 1;

		fputs(i > 0 ? ",{" : "{", f);
		json_kv_str(f, "function", h->function, &k);
		json_kv_str(f, "module", h->module, &k);
		json_kv_num(f, "self_pct", h->self_pct, &k);
		json_kv_num(f, "total_pct", h->total_pct, &k);
		json_kv_u64(f, "samples", h->samples, &k);
		fputc('}', f);
	}
	fputc(']', f);
}

/*
 * "hot" is the window the Hot panel shows (--window, 10 s by default),
 * with its length and sample count beside it; "hot_interval" is the
 * interval since the previous line.
 */
void batch_json_stacks(FILE *f, const struct snapshot *s)
{
	const struct snap_sampler *sf = &s->stacks.sampler;
	static struct profile_hot hot[BATCH_HOT_JSON_ROWS];
	int first = 1, span = batch_window_span(s), n;
	uint64_t nwin = 0, nint = 0;

	n = batch_hot(s, span, hot, BATCH_HOT_JSON_ROWS, &nwin);
	batch_json_hot_list(f, "hot", hot, n);
	fputs(",\"hot_window_s\":", f);
	json_num(f, s->stacks.window_s > 0 ? s->stacks.window_s : NAN);
	fputs(",\"hot_window_samples\":", f);
	if (span >= 0)
		fprintf(f, "%llu", (unsigned long long)nwin);
	else
		fputs("null", f);
	fputs(",\"hot_window_sys_pct\":", f);
	json_num(f, s->stacks.window_sys_pct);
	n = batch_hot(s, PROF_INTERVAL, hot, BATCH_HOT_JSON_ROWS, &nint);
	batch_json_hot_list(f, "hot_interval", hot, n);
	fputs(",\"sampler\":{", f);
	json_kv_str(f, "backend", sf->backend, &first);
	json_kv_num(f, "rate_hz", sf->rate_hz, &first);
	json_kv_u64(f, "samples", sf->samples, &first);
	json_kv_u64(f, "lost", sf->lost, &first);
	json_kv_num(f, "requested_hz", sf->requested_hz, &first);
	json_kv_num(f, "held_us_avg", sf->held_us_avg, &first);
	json_kv_num(f, "held_pct", sf->held_pct, &first);
	json_kv_num(f, "held_us_max", sf->held_us_max, &first);
	json_kv_u64(f, "interval_samples", s->stacks.interval_samples, &first);
	json_kv_str(f, "reason", sf->reason, &first);
	json_kv_num(f, "coverage_pct", sf->coverage_pct, &first);
	json_kv_str(f, "coverage_reason", sf->coverage_reason[0] ? sf->coverage_reason : NULL,
	            &first);
	if (sf->backend != NULL && strcmp(sf->backend, "off") != 0) {
		json_key(f, "kernel", &first);
		fputs(sf->kernel ? "true" : "false", f);
		json_kv_str(f, "kernel_reason",
		            sf->kernel ? s->stacks.kernel_names_note : sf->kernel_reason, &first);
		json_kv_u64(f, "vm_reads", sf->vm_reads, &first);
		json_kv_num(f, "vm_reads_per_sample",
		            sf->samples > 0 ? (double)sf->vm_reads / (double)sf->samples : NAN,
		            &first);
		json_kv_num(f, "unwind_us_median", sf->unwind_us_median, &first);
		json_kv_num(f, "unwind_us_p99", sf->unwind_us_p99, &first);
		json_kv_u64(f, "dict_bytes", s->stacks.dict_bytes, &first);
		json_kv_u64(f, "addr_cache_flushes", s->stacks.addr_cache_flushes, &first);
		json_kv_u64(f, "overflow_samples", s->stacks.overflow_samples, &first);
	}
	fputc('}', f);
	batch_json_interval_stacks(f, s);
}

/*
 * "interval_stacks": the interval's samples per (thread, stack), so a
 * replay can rebuild every span of the Hot and Flame views.  Functions
 * are listed once per line as [name, module]; a stack is their indices,
 * root first.  null when sampling is off.
 */
void batch_json_interval_stacks(FILE *f, const struct snapshot *s)
{
	const struct profile *p = s->stacks.profile;
	uint32_t *local, nlocal = 0;
	int first = 1;

	fputs(",\"interval_stacks\":", f);
	if (p == NULL) {
		fputs("null", f);
		return;
	}
	/* Index + 1 of each function in this line's list, 0: not listed. */
	local = xcalloc((size_t)p->nfuncs + 1, sizeof *local);
	fputs("{\"funcs\":[", f);
	for (size_t i = 0; i < p->nentries; i++) {
		const struct prof_entry *e = &p->entries[i];
		const uint32_t *ids;
		uint32_t n;

		if (e->n[PROF_INTERVAL] == 0)
			continue;
		ids = dict_stack(p->dict, e->stack, &n);
		for (uint32_t k = 0; k < n; k++) {
			const struct dict_func *fn;

			if (ids[k] >= p->nfuncs || local[ids[k]] != 0)
				continue;
			local[ids[k]] = ++nlocal;
			fn = profile_func(p, ids[k]);
			fputs(nlocal > 1 ? ",[" : "[", f);
			json_str(f, fn != NULL ? fn->name : "?");
			fputc(',', f);
			json_str(f, fn != NULL ? fn->module : "?");
			fputc(']', f);
		}
	}
	fputs("],\"stacks\":[", f);
	for (size_t i = 0; i < p->nentries; i++) {
		const struct prof_entry *e = &p->entries[i];
		const uint32_t *ids;
		uint32_t n;

		if (e->n[PROF_INTERVAL] == 0)
			continue;
		ids = dict_stack(p->dict, e->stack, &n);
		fprintf(f, "%s{\"tid\":%d,\"n\":%u,\"frames\":[", first ? "" : ",", (int)e->tid,
		        e->n[PROF_INTERVAL]);
		first = 0;
		/* The dictionary keeps stacks leaf first. */
		for (uint32_t k = n; k-- > 0;)
			fprintf(f, k + 1 < n ? ",%u" : "%u",
			        ids[k] < p->nfuncs ? local[ids[k]] - 1 : 0);
		fputs("]}", f);
	}
	fputs("]}", f);
	free(local);
}

static const char *batch_pct(char *buf, size_t size, double v)
{
	if (isnan(v))
		snprintf(buf, size, "n/a");
	else
		snprintf(buf, size, "%.0f %%", v);
	return buf;
}

void batch_text_stacks(FILE *f, const struct snapshot *s)
{
	const struct snap_sampler *sf = &s->stacks.sampler;
	struct profile_hot hot[BATCH_HOT_TEXT_ROWS];
	char rate[32], name[48], pct[16];
	uint64_t nwin = 0;
	int n = batch_hot(s, batch_window_span(s), hot, BATCH_HOT_TEXT_ROWS, &nwin);

	if (sf->reason != NULL && (sf->backend == NULL || s->stacks.interval_samples == 0)) {
		fprintf(f, "Hot: sampling n/a (%s)\n", sf->reason);
		return;
	}
	fmt_count(rate, sizeof rate, sf->rate_hz);
	fprintf(f,
	        "Hot (last %.0f s): %s, %s Hz, %llu samples in the window, %llu this interval, "
	        "%llu lost\n",
	        s->stacks.window_s, sf->backend != NULL ? sf->backend : "n/a", rate,
	        (unsigned long long)nwin, (unsigned long long)s->stacks.interval_samples,
	        (unsigned long long)sf->lost);
	if (sf->coverage_reason[0] != '\0')
		fprintf(f, "Hot: %s\n", sf->coverage_reason);
	if (!sf->kernel)
		fprintf(f,
		        "Hot: kernel not sampled (%s): system time was %s of the process's CPU "
		        "in the window\n",
		        sf->kernel_reason != NULL ? sf->kernel_reason : "n/a",
		        batch_pct(pct, sizeof pct, s->stacks.window_sys_pct));
	else if (s->stacks.kernel_names_note != NULL)
		fprintf(f, "Hot: %s\n", s->stacks.kernel_names_note);
	if (n == 0)
		return;
	fprintf(f, "%6s %6s %8s  %-40s %s\n", "SELF%", "TOTAL%", "SAMPLES", "FUNCTION", "MODULE");
	for (int i = 0; i < n; i++) {
		const struct profile_hot *h = &hot[i];

		fmt_trunc_middle(name, sizeof name, h->function, 40);
		fprintf(f, "%6.1f %6.1f %8llu  %-40s %s\n", h->self_pct, h->total_pct,
		        (unsigned long long)h->samples, name, h->module);
	}
}
