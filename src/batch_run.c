/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch_run: the loop of batch mode.  A timerfd paces the snapshots and the
 * session's signalfd ends the run; folded output is written once, at the
 * end, because it covers the whole run.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "batch.h"
#include "batch_run.h"
#include "loop.h"
#include "session.h"
#include "snapshot.h"
#include "stacks.h"
#include "util.h"

struct batch_ctx {
	struct session *s;
	FILE *out;
	long written;
	int timer;
};

static void batch_write(struct batch_ctx *b)
{
	const struct snapshot *snap = b->s->cur;

	switch (b->s->opts->format) {
	case BATCH_JSON:
		batch_write_json(b->out, snap);
		break;
	case BATCH_TEXT:
		batch_write_text(b->out, snap);
		break;
	case BATCH_FOLDED:
		break;
	}
	/* One flush per snapshot: a reader tailing the file sees whole lines. */
	fflush(b->out);
}

static void batch_on_tick(int fd, uint32_t events, void *arg)
{
	struct batch_ctx *b = arg;

	(void)events;
	loop_timer_drain(fd);
	if (session_tick(b->s) < 0) {
		loop_stop(b->s->loop);
		return;
	}
	batch_write(b);
	b->written++;
	if (b->s->opts->count > 0 && b->written >= b->s->opts->count)
		loop_stop(b->s->loop);
}

static void batch_on_signal(int fd, uint32_t events, void *arg)
{
	struct batch_ctx *b = arg;

	(void)fd;
	(void)events;
	session_handle_signals(b->s);
	if (b->s->quit || b->s->gone)
		loop_stop(b->s->loop);
}

int batch_run(struct session *s, FILE *out)
{
	struct batch_ctx b = {.s = s, .out = out, .timer = -1};
	char *cause = NULL;
	int rc = 0;

	b.timer = loop_timer_new(s->opts->interval_s, &cause);
	if (b.timer < 0 || loop_add_fd(s->loop, b.timer, batch_on_tick, &b, &cause) < 0 ||
	    loop_add_fd(s->loop, s->sigfd, batch_on_signal, &b, &cause) < 0) {
		fprintf(stderr, "ctop: %s\n", cause);
		free(cause);
		rc = 1;
		goto out;
	}
	loop_run(s->loop);
	if (s->opts->format == BATCH_FOLDED) {
		stacks_write_folded(s->stacks, out);
		fflush(out);
	}
	if (s->gone)
		fprintf(stderr, "ctop: process %d (%s) %s; %ld snapshot%s written\n", (int)s->pid,
		        s->cur != NULL ? s->cur->process.comm : "?",
		        s->gone_reason != NULL ? s->gone_reason : "exited", b.written,
		        b.written == 1 ? "" : "s");
	if (ferror(out)) {
		fprintf(stderr, "ctop: error writing the output\n");
		rc = 1;
	}
out:
	if (b.timer >= 0) {
		loop_del_fd(s->loop, b.timer);
		close(b.timer);
	}
	loop_del_fd(s->loop, s->sigfd);
	return rc;
}
