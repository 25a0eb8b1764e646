/* STUB: to be written by its owner. */
#include "config.h"
#include "batch.h"
void batch_json_stacks(FILE *f, const struct snapshot *s) { (void)f; (void)s; }
void batch_text_stacks(FILE *f, const struct snapshot *s) { (void)f; (void)s; }
