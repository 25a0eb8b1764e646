/* STUB: to be written by its owner. */
#include "config.h"
#include <string.h>
#include "batch.h"
int batch_parse_format(const char *s) { if (!strcmp(s, "text")) return BATCH_TEXT; if (!strcmp(s, "json")) return BATCH_JSON; if (!strcmp(s, "folded")) return BATCH_FOLDED; return -1; }
void batch_write_text(FILE *f, const struct snapshot *s) { (void)f; (void)s; }
void batch_write_json(FILE *f, const struct snapshot *s) { (void)f; (void)s; }
