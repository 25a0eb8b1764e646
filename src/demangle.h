/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * demangle: C++ (Itanium ABI) names to the full readable form a profiler
 * shows, "ns::Class<T>::function(int) const", through libiberty's
 * cplus_demangle (the demangler binutils and perf use).  It is not a
 * shortener: the panels shorten for width.
 */
#ifndef CTOP_DEMANGLE_H
#define CTOP_DEMANGLE_H

#include <stddef.h>

/*
 * Writes the demangled form of mangled into buf (size bytes) and returns
 * buf, or returns NULL (buf undefined) when mangled is not a C++ name the
 * library can read.  A name longer than buf is cut and ends in "...".
 * Clone suffixes (".cold", ".isra.0") are shown as the library shows them
 * ("foo() [clone .cold]").  The library's recursion limits stay on: names
 * come from files the target controls.
 */
char *demangle(const char *mangled, char *buf, size_t size);

#endif
