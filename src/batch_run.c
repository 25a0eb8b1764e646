/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch_run: batch mode as a sink of the session.  Each snapshot is
 * written as it comes; the run ends after -n snapshots, when the target
 * exits or on a quit signal.  Folded output is written once, at the end,
 * from the since-attach span of the last profile: it covers the whole run.
 * Metrics go out as OpenMetrics records (-f openmetrics) or, with
 * --textfile-dir, into a Prometheus textfile replaced at every snapshot.
 *
 * Only whole records reach the output.  Each record (a snapshot, or the
 * whole folded profile) is formatted in memory and written with write(2)
 * until done; every write is checked.  A reader that closed the pipe
 * (EPIPE: `ctop ... | head -1`) ends the run quietly with status 0, as
 * it asked for no more.  Any other error (ENOSPC, EIO, ...) ends the run
 * at once with the output's name and the cause, status 1; when the output
 * is a regular file, a record written in part is cut off again
 * (ftruncate back to the last whole record), so a full disk never leaves
 * half a JSON line.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	int fd;
	const char *name; /* for messages */
	int regular;      /* a regular file: cut back after a partial record */
	off_t good;       /* its size after the last whole record */
	int err;          /* the errno that ended the output, 0: none */
	int failed;       /* the metrics textfile could not be written */
	long written;
};

/*
 * Writes len bytes at buf whole, or fails with errno set.  A partial
 * record in a regular file is cut off again.
 */
static int batch_put(struct batch_ctx *b, const char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t w = write(b->fd, buf + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = w < 0 ? errno : ENOSPC;

			if (b->regular && done > 0 && ftruncate(b->fd, b->good) == 0)
				lseek(b->fd, b->good, SEEK_SET);
			errno = e;
			return -1;
		}
		done += (size_t)w;
	}
	b->good += (off_t)len;
	return 0;
}

/* The output failed: the run ends now (see the note at the top). */
static void batch_fail(struct batch_ctx *b, int e)
{
	if (b->err == 0)
		b->err = e;
	loop_stop(b->s->loop);
}

/* Formats one record in memory and writes it whole. */
static int batch_record(struct batch_ctx *b, const struct snapshot *snap, int folded_span)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int rc = 0;

	if (m == NULL) {
		batch_fail(b, errno);
		return -1;
	}
	if (folded_span >= 0)
		profile_write_folded(session_last_profile(b->s), 0, folded_span, m);
	else if (b->s->opts->format == BATCH_JSON)
		batch_write_json(m, snap);
	else if (b->s->opts->format == BATCH_OPENMETRICS) {
		struct om_opts mo = {.flavour = OM_OPENMETRICS, .top = b->s->opts->metrics_top};

		om_write(m, snap, &mo);
	} else
		batch_write_text(m, snap);
	if (fclose(m) != 0) {
		batch_fail(b, errno);
		rc = -1;
	} else if (b->err == 0 && batch_put(b, buf, len) < 0) {
		batch_fail(b, errno);
		rc = -1;
	}
	free(buf);
	return rc;
}

/* --textfile-dir: the Prometheus textfile (temp file + rename); one that
 * cannot be written ends the run. */
static int batch_textfile(struct batch_ctx *b, const struct snapshot *snap)
{
	struct om_opts mo = {.flavour = OM_PROMETHEUS, .top = b->s->opts->metrics_top};
	char *cause = NULL;

	if (om_write_textfile(b->s->opts->textfile_dir, snap, &mo, &cause) == 0)
		return 0;
	fprintf(stderr, "ctop: %s\n", cause);
	free(cause);
	b->failed = 1;
	loop_stop(b->s->loop);
	return -1;
}

/* --textfile-dir alone: the textfile is the output, no text goes out. */
static int batch_textfile_only(const struct ctop_opts *o)
{
	return o->textfile_dir != NULL && o->format == BATCH_TEXT && !o->format_given &&
	       o->output == NULL;
}

static void batch_on_snapshot(void *arg, const struct snapshot *snap)
{
	struct batch_ctx *b = arg;

	if (b->err != 0 || b->failed)
		return;
	if (b->s->opts->format != BATCH_FOLDED && !batch_textfile_only(b->s->opts) &&
	    batch_record(b, snap, -1) < 0)
		return;
	if (b->s->opts->textfile_dir != NULL && batch_textfile(b, snap) < 0)
		return;
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

static void batch_write_folded(struct batch_ctx *b)
{
	const struct profile *p = session_last_profile(b->s);
	int span = p != NULL ? profile_span_find(p, INFINITY) : -1;

	if (span >= 0 && b->err == 0)
		batch_record(b, NULL, span);
}

int batch_run(struct session *s, FILE *out)
{
	struct batch_ctx b = {.s = s, .out = out};
	struct stat st;
	struct session_sink sink = {
	    .on_snapshot = batch_on_snapshot,
	    .on_gone = batch_on_gone,
	    .on_quit = batch_on_quit,
	    .arg = &b,
	};
	char *cause = NULL;
	int rc = 0;

	/* Records go straight to the descriptor, whole; nothing may sit in
	 * the stream's buffer before them. */
	fflush(out);
	b.fd = fileno(out);
	b.name = s->opts->output != NULL ? s->opts->output : "standard output";
	if (fstat(b.fd, &st) == 0 && S_ISREG(st.st_mode)) {
		b.regular = 1;
		b.good = lseek(b.fd, 0, SEEK_CUR);
		if (b.good < 0)
			b.good = 0;
	}
	if (session_start(s, &sink, 0, &cause) < 0) {
		fprintf(stderr, "ctop: %s\n", cause);
		free(cause);
		return 1;
	}
	loop_run(s->loop);
	session_stop(s);
	if (s->opts->format == BATCH_FOLDED)
		batch_write_folded(&b);
	if (s->gone)
		fprintf(stderr, "ctop: process %d (%s) %s; %ld snapshot%s written\n", (int)s->pid,
		        s->cur != NULL ? s->cur->process.comm : "?",
		        s->gone_reason != NULL ? s->gone_reason : "exited", b.written,
		        b.written == 1 ? "" : "s");
	if (b.failed)
		rc = 1;
	/* A closed pipe: the reader wanted no more; that is not an error. */
	if (b.err != 0 && b.err != EPIPE) {
		fprintf(stderr, "ctop: writing %s: %s\n", b.name, strerror(b.err));
		rc = 1;
	}
	return rc;
}
