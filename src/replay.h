/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * replay: a recording (ctop --batch -f json) played back through the
 * dashboard.  The file is read whole at start; each line becomes a
 * snapshot again on demand, with the history rings and the lock graph
 * rebuilt from the lines before it and a profile rebuilt from the
 * recorded interval stacks, so the same panels draw it as they draw a
 * live process.  It is the snapshot source of a session made by
 * session_new_replay: the session's timer plays it, pause stops it, and
 * the seek keys jump.
 *
 * Schema: the "ctop" key of each line is its version.  Versions up to
 * REPLAY_SCHEMA are read (older ones without what they lack: no stacks
 * means empty Hot and Flame views); a newer one is refused, as is a file
 * with no ctop line.  A truncated last line (a recording cut short) is
 * ignored with a warning; a bad line elsewhere is an error.
 */
#ifndef CTOP_REPLAY_H
#define CTOP_REPLAY_H

#include <stddef.h>
#include <sys/types.h>

#define REPLAY_SCHEMA 2

struct replay;
struct session;
struct snapshot;

/* Reads path.  NULL with a cause when it cannot be replayed. */
struct replay *replay_open(const char *path, char **cause);
void replay_free(struct replay *r);

int replay_count(const struct replay *r);
/* The index of the snapshot shown, 0..count-1. */
int replay_pos(const struct replay *r);
pid_t replay_pid(const struct replay *r);
/* The recording's interval (median of the lines), for play speed. */
double replay_interval(const struct replay *r);
/* Why a line was ignored (a truncated end), or NULL. */
const char *replay_warning(const struct replay *r);

/* Snapshot i rebuilt, with its profile; the caller frees it. */
struct snapshot *replay_snapshot(struct replay *r, int i);

/* ---- the session's source (session.c, ui.c) ---- */

/* Shows the next line: 0, or 1 at the end (the last line stays).  It
 * calls nothing in session.c: the session pauses itself on 1. */
int replay_tick(struct session *s);
/* Shows line i (clamped), history rebuilt up to it. */
void replay_seek(struct session *s, int i);
/* The seek keys: '.' next, ',' previous, ']' and '[' ten, '>' and '<'
 * the ends.  1 when ch was one of them. */
int replay_key(struct session *s, int ch);
struct ctop_opts;

/* --replay: opens o->replay and runs the dashboard on it (replay_run.c).
 * Returns the exit status for main. */
int replay_run(const struct ctop_opts *o);

/* " REPLAY of <date time>  12/40 " for the header. */
void replay_header(const struct session *s, char *buf, size_t size);
/* The status line's words: position, keys, warning. */
void replay_status(const struct session *s, char *buf, size_t size);

#endif
