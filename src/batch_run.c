/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch_run: batch mode as a sink of the session.  Each snapshot is
 * written as it comes; the run ends after -n snapshots, when the target
 * exits or on a quit signal.  Folded output is written once, at the end,
 * from the since-attach span of the last profile: it covers the whole run.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "batch.h"
#include "batch_run.h"
#include "loop.h"
#include "openmetrics.h"
#include "profile.h"
#include "session.h"
#include "snapshot.h"
#include "util.h"

struct batch_ctx {
	struct session *s;
	FILE *out;
	long written;
	int failed; /* the textfile could not be written */
};

/* Metrics: OpenMetrics to the output, or (dir) a Prometheus textfile;
 * a textfile that cannot be written ends the run. */
static void batch_metrics(struct batch_ctx *b, const struct snapshot *snap, const char *dir)
{
	struct om_opts mo = {.flavour = dir != NULL ? OM_PROMETHEUS : OM_OPENMETRICS,
	                     .top = b->s->opts->metrics_top};
	char *cause = NULL;

	if (dir == NULL) {
		om_write(b->out, snap, &mo);
		return;
	}
	if (om_write_textfile(dir, snap, &mo, &cause) < 0) {
		fprintf(stderr, "ctop: %s\n", cause);
		free(cause);
		b->failed = 1;
		loop_stop(b->s->loop);
	}
}

static void batch_on_snapshot(void *arg, const struct snapshot *snap)
{
	struct batch_ctx *b = arg;

	switch (b->s->opts->format) {
	case BATCH_JSON:
		batch_write_json(b->out, snap);
		break;
	case BATCH_TEXT:
		/* --textfile-dir alone: the textfile is the output. */
		if (b->s->opts->textfile_dir == NULL || b->s->opts->format_given ||
		    b->s->opts->output != NULL)
			batch_write_text(b->out, snap);
		break;
	case BATCH_OPENMETRICS:
		batch_metrics(b, snap, NULL);
		break;
	case BATCH_FOLDED:
		break;
	}
	if (b->s->opts->textfile_dir != NULL)
		batch_metrics(b, snap, b->s->opts->textfile_dir);
	/* One flush per snapshot: a reader tailing the file sees whole lines. */
	fflush(b->out);
	b->written++;
	if (b->s->opts->count > 0 && b->written >= b->s->opts->count)
		loop_stop(b->s->loop);
}

static void batch_on_end(void *arg)
{
	struct batch_ctx *b = arg;

	loop_stop(b->s->loop);
}

static void batch_on_gone(void *arg, const char *reason)
{
	(void)reason;
	batch_on_end(arg);
}

static void batch_on_quit(void *arg, int signo)
{
	(void)signo;
	batch_on_end(arg);
}

static void batch_write_folded(struct session *s, FILE *out)
{
	const struct profile *p = session_last_profile(s);
	int span = p != NULL ? profile_span_find(p, INFINITY) : -1;

	if (span >= 0)
		profile_write_folded(p, 0, span, out);
	fflush(out);
}

int batch_run(struct session *s, FILE *out)
{
	struct batch_ctx b = {.s = s, .out = out};
	struct session_sink sink = {
	    .on_snapshot = batch_on_snapshot,
	    .on_gone = batch_on_gone,
	    .on_quit = batch_on_quit,
	    .arg = &b,
	};
	char *cause = NULL;
	int rc = 0;

	if (session_start(s, &sink, 0, &cause) < 0) {
		fprintf(stderr, "ctop: %s\n", cause);
		free(cause);
		return 1;
	}
	loop_run(s->loop);
	session_stop(s);
	if (s->opts->format == BATCH_FOLDED)
		batch_write_folded(s, out);
	if (s->gone)
		fprintf(stderr, "ctop: process %d (%s) %s; %ld snapshot%s written\n", (int)s->pid,
		        s->cur != NULL ? s->cur->process.comm : "?",
		        s->gone_reason != NULL ? s->gone_reason : "exited", b.written,
		        b.written == 1 ? "" : "s");
	if (b.failed)
		rc = 1;
	if (ferror(out)) {
		fprintf(stderr, "ctop: error writing the output\n");
		rc = 1;
	}
	return rc;
}
