/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json: the few primitives the JSON Lines writer needs.  A NAN number is
 * written as null: unknown is not zero.
 */
#ifndef CTOP_JSON_H
#define CTOP_JSON_H

#include <stdint.h>
#include <stdio.h>

void json_str(FILE *f, const char *s); /* "escaped", or null */
void json_num(FILE *f, double v);      /* %.6g, null if NAN */
void json_u64(FILE *f, uint64_t v);    /* null if SNAP_UNKNOWN */
/* "key": prefix; first selects whether a comma comes before it. */
void json_key(FILE *f, const char *key, int *first);
/* "key":value members, the value written as by the functions above. */
void json_kv_num(FILE *f, const char *key, double v, int *first);
void json_kv_u64(FILE *f, const char *key, uint64_t v, int *first);
void json_kv_str(FILE *f, const char *key, const char *s, int *first);

#endif
