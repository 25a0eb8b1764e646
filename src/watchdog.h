/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * watchdog: a tiny child process that gives the terminal back when ctop
 * dies without doing so itself (SIGKILL, or a fault while signals are
 * blocked, when no handler can run).  It holds the read end of a pipe
 * from ctop; end of file without a word from ctop means ctop died, and
 * the watchdog then restores the terminal modes saved before curses
 * started and writes the terminal's own reset strings (leave the
 * alternate screen, show the cursor, plain attributes, keypad off).
 *
 * It is not a supervisor: it never restarts ctop, never touches the
 * target (the kernel detaches a dead tracer's tracees), and does nothing
 * when ctop ends normally.
 */
#ifndef CTOP_WATCHDOG_H
#define CTOP_WATCHDOG_H

#include <termios.h>

/* The process name (comm) the watchdog runs under. */
#define WATCHDOG_COMM "ctop-watchdog"

/* Starts the watchdog for the terminal on standard input/output, once
 * curses has loaded the terminal's description: saved are the modes to
 * restore.  Best effort: a failure (no fork) leaves the dashboard
 * without one and returns -1. */
int watchdog_start(const struct termios *saved);

/* ctop is restoring the terminal itself: the watchdog ends quietly and is
 * reaped.  Safe to call when none runs. */
void watchdog_stop(void);

#endif
