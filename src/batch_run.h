/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch_run: batch mode's driver.  The same session and snapshots as the
 * dashboard, written by the batch writers instead of drawn.
 */
#ifndef CTOP_BATCH_RUN_H
#define CTOP_BATCH_RUN_H

#include <stdio.h>

struct session;

/* Writes a snapshot each interval until -n is reached, the target exits
 * (a line on stderr says so) or a signal asks us to stop.  Returns the
 * exit status for main. */
int batch_run(struct session *s, FILE *out);

#endif
