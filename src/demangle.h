/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * demangle: a small Itanium C++ ABI demangler for the names a profiler
 * shows: the qualified function name without its parameter list,
 * templates shown as "<...>" ("std::vector<...>::push_back").  It is not
 * a full demangler (that is libstdc++'s __cxa_demangle, which would make
 * ctop a C++ link); names it cannot read are left mangled.
 */
#ifndef CTOP_DEMANGLE_H
#define CTOP_DEMANGLE_H

#include <stddef.h>

/*
 * Writes the demangled form of mangled into buf (size bytes) and returns
 * buf, or returns NULL (buf undefined) when mangled is not a C++ name or
 * not one this demangler understands, or does not fit.
 */
char *demangle(const char *mangled, char *buf, size_t size);

#endif
