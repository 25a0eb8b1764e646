/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * openmetrics: a snapshot as metrics for Prometheus.  Two flavours of the
 * same families: OpenMetrics 1.0 text (-f openmetrics: an info family,
 * counters named without _total in TYPE, "# EOF" at the end) and the
 * Prometheus text exposition format 0.0.4 (--textfile-dir: what
 * node_exporter's textfile collector and promtool accept, which reject
 * OpenMetrics' "# EOF" and info type).  Names follow Prometheus
 * conventions (base units, _seconds, _bytes, _ratio, _total), every
 * series carries pid and comm labels, and per-function and per-lock
 * series are bounded: the top N, the rest summed into one "other"
 * series.  Unknown figures are left out, never written as 0.
 *
 * A plain function of a snapshot, plus the atomic file writer for a
 * textfile directory.  It keeps no state and starts nothing.
 */
#ifndef CTOP_OPENMETRICS_H
#define CTOP_OPENMETRICS_H

#include <stdio.h>

struct snapshot;

enum om_flavour { OM_OPENMETRICS, OM_PROMETHEUS };

#define OM_TOP_DEFAULT 10

struct om_opts {
	enum om_flavour flavour;
	int top; /* functions and locks per snapshot before "other" */
};

void om_write(FILE *f, const struct snapshot *s, const struct om_opts *o);

/* Writes s in the Prometheus flavour to DIR/ctop_PID.prom through a
 * temporary file in DIR and a rename, so a scrape never reads half a
 * file.  -1 with a cause on error (the old file stays). */
int om_write_textfile(const char *dir, const struct snapshot *s, const struct om_opts *o,
                      char **cause);

#endif
