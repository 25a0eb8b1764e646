/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * version: what --version prints: ctop's version and the versions of the
 * libraries it uses, at run time where the library can say (ncurses,
 * libpfm4's interface) and as built against otherwise.  Nothing else.
 */
#ifndef CTOP_VERSION_H
#define CTOP_VERSION_H

#include <stdio.h>

void version_print(FILE *out);

#endif
