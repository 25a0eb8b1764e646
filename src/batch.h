/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch: writers of snapshots as text (like top -b), JSON Lines (one
 * object a snapshot) and folded stacks.  They are plain functions of a
 * snapshot, so they are unit-tested on hand-built snapshots.
 */
#ifndef CTOP_BATCH_H
#define CTOP_BATCH_H

#include <stdio.h>

struct snapshot;

enum batch_format { BATCH_TEXT, BATCH_JSON, BATCH_FOLDED, BATCH_OPENMETRICS };

/* Parses "text", "json", "folded", "openmetrics"; -1 if unknown. */
int batch_parse_format(const char *s);

void batch_write_text(FILE *f, const struct snapshot *s);
void batch_write_json(FILE *f, const struct snapshot *s);

/* Sections written by their owners' files (batch_counters.c, batch_hot.c):
 * each writes ,"key":{...} after the core keys. */
void batch_json_counters(FILE *f, const struct snapshot *s);
void batch_json_stacks(FILE *f, const struct snapshot *s);
/* ,"interval_stacks":{...}: the interval's samples, for replays. */
void batch_json_interval_stacks(FILE *f, const struct snapshot *s);
void batch_text_counters(FILE *f, const struct snapshot *s);
void batch_text_stacks(FILE *f, const struct snapshot *s);
void batch_json_locks(FILE *f, const struct snapshot *s);
void batch_text_locks(FILE *f, const struct snapshot *s);
/* batch_sched.c: figures inside the process and thread objects, the
 * "cgroup" object, and the text lines. */
struct snap_process;
struct snap_thread;
void batch_json_sched_process(FILE *f, const struct snap_process *p, int *first);
void batch_json_sched_thread(FILE *f, const struct snap_thread *t, int *first);
void batch_json_cgroup(FILE *f, const struct snapshot *s);
void batch_text_sched(FILE *f, const struct snapshot *s);
/* batch_wall.c: "wall" and "hot_wall" while wall-clock mode is on. */
void batch_json_wall(FILE *f, const struct snapshot *s);
void batch_text_wall(FILE *f, const struct snapshot *s);

#endif
