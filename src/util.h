/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * util: allocation that cannot fail quietly, monotonic time, and the
 * "cause" convention for recoverable errors.  It is not a grab bag: only
 * helpers that three or more modules need belong here.
 */
#ifndef CTOP_UTIL_H
#define CTOP_UTIL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define CTOP_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation failure is the one error we do not recover from. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* printf into a fresh string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "ctop: <message>" and exits 1; only for impossible states. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/*
 * Recoverable errors return -1 (or NULL) and, when cause is not NULL, set
 * *cause to a malloc'd sentence a user can read.  The caller frees it.
 */
void set_cause(char **cause, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* CLOCK_MONOTONIC and CLOCK_REALTIME in seconds / nanoseconds. */
double now_mono(void);

/* Set (to the signal's number) by the session when a quit is asked for
 * while a snapshot is being collected: long loops over threads stop
 * early, and the unfinished snapshot is thrown away. */
extern volatile sig_atomic_t util_quit_signal;
double now_wall(void);
uint64_t now_mono_ns(void);

/* Reads a whole small file (e.g. under /proc) into buf, NUL terminated.
 * Returns the length, or -1 with errno set. */
ssize_t read_file_buf(const char *path, char *buf, size_t size);
/* Reads a whole file of any size (e.g. /proc/PID/maps) into a fresh,
 * NUL terminated buffer; *len (may be NULL) gets its length.  NULL when
 * it cannot be opened. */
char *read_file_alloc(const char *path, size_t *len);

/*
 * Finishes a file written as tmp and puts it at path atomically: checks
 * the stream, closes it, renames.  On failure tmp is removed and -1
 * comes back with a cause naming the file.  f is closed either way.
 */
int file_commit(FILE *f, const char *tmp, const char *path, char **cause);

#endif
