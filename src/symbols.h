/*
 * symbols: addresses of the target to function names.  /proc/PID/maps ->
 * for each executable mapping, the ELF file (through /proc/PID/map_files or
 * /proc/PID/root), its load bias, .symtab else .dynsym, debuglink and
 * build-id debug files; demangled names; module+0xOFFSET grouped by the
 * enclosing .eh_frame range for code with no sized symbol.  Cached by file
 * identity; rebuilt when the maps change.
 *
 * OWNER: the symbols/stacks work (issue 4).
 */
#ifndef CTOP_SYMBOLS_H
#define CTOP_SYMBOLS_H

#include <stdint.h>
#include <sys/types.h>

struct symbols;

struct sym_info {
	const char *function;    /* owned by the symbolizer */
	const char *module;
	uint64_t start;          /* function start address (grouping key) */
};

struct symbols *symbols_new(pid_t pid);
void symbols_free(struct symbols *sy);
/* Looks up addr; always fills out (with "[unknown]" when nothing maps). */
void symbols_lookup(struct symbols *sy, uint64_t addr, struct sym_info *out);
/* Re-reads maps when they changed; cheap when they did not. */
void symbols_refresh(struct symbols *sy);

#endif
