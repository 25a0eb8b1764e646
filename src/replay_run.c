/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * replay_run: --replay's driver: the recording, a loop, a replay session
 * and the dashboard on it.  No target, no collector: nothing is attached
 * and nothing can be left stopped.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "loop.h"
#include "options.h"
#include "replay.h"
#include "session.h"
#include "ui.h"

int replay_run(const struct ctop_opts *o)
{
	struct replay *r;
	struct loop *l = NULL;
	struct session *s = NULL;
	char *cause = NULL;
	int rc = 1;

	r = replay_open(o->replay, &cause);
	if (r == NULL)
		goto fail;
	/* Said here too: the dashboard's status line shows it while it runs. */
	if (replay_warning(r) != NULL)
		fprintf(stderr, "ctop: warning: %s\n", replay_warning(r));
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		replay_free(r);
		fprintf(stderr, "ctop: the replay needs a terminal\n");
		return 1;
	}
	l = loop_new(&cause);
	if (l == NULL) {
		replay_free(r);
		goto fail;
	}
	s = session_new_replay(o, r, l, &cause);
	if (s == NULL)
		goto fail;
	rc = ui_run(s);
	session_free(s);
	loop_free(l);
	return rc;
fail:
	fprintf(stderr, "ctop: %s\n", cause != NULL ? cause : "cannot replay");
	free(cause);
	loop_free(l);
	return 1;
}
