/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * target: launching a command to watch (-- CMD, --demo) and finding the
 * bundled demo workload.  Attaching to an existing pid needs nothing here:
 * ctop only reads /proc and opens counters, and the sampler seizes threads.
 */
#ifndef CTOP_TARGET_H
#define CTOP_TARGET_H

#include <sys/types.h>

/*
 * Forks and execs argv[0] (PATH searched) in its own process group, so
 * the terminal's Ctrl-C reaches ctop, not the target.  quiet: send the
 * child's stdin/stdout/stderr to /dev/null (the screen is ours).  Returns
 * the pid once exec has succeeded, or -1 with a cause (exec's error).
 */
pid_t target_launch(char *const *argv, int quiet, char **cause);

/* Path of ctop-demo: beside our own executable (build tree), else the
 * installed pkglibexecdir.  Malloc'd. */
char *target_demo_path(void);

#endif
