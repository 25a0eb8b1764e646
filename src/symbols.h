/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * symbols: addresses of the target to function names.  /proc/PID/maps ->
 * for each executable mapping, the ELF file (through /proc/PID/map_files or
 * /proc/PID/root), its load bias, .symtab, else debuglink and build-id
 * debug files, else .dynsym with MiniDebugInfo (.gnu_debugdata, with
 * liblzma); module+0xOFFSET grouped by the enclosing .eh_frame
 * range for code with no sized symbol.  Cached by file identity; rebuilt
 * when the maps change.  C++ names are demangled (name only, no
 * parameters: demangle.c); symbol versions ("@@GLIBC_2.14") are dropped.
 *
 * Two levels: sym_elf_* reads one ELF image (a file or a copy in memory,
 * e.g. the vdso) and answers in link-time addresses; symbols_* maps a live
 * process's addresses onto those images.
 */
#ifndef CTOP_SYMBOLS_H
#define CTOP_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct symbols;
struct sym_elf;

struct sym_info {
	const char *function; /* owned by the symbolizer or by this struct */
	const char *module;
	uint64_t start; /* function start address (grouping key) */
	uint64_t end;   /* its end, or 0 when unknown */
	int named;      /* 1: from a sized symbol */
	char buf[1024]; /* storage for demangled and "module+0xOFFSET" names */
};

struct symbols *symbols_new(pid_t pid);
void symbols_free(struct symbols *sy);
/*
 * Looks up addr; always fills out (with "[unknown]" when nothing maps).
 * The strings live until the next symbols_refresh that returns 1.
 */
void symbols_lookup(struct symbols *sy, uint64_t addr, struct sym_info *out);
/*
 * Looks up a data address (a lock word, a global): the module whose
 * loaded segments (data and bss included) hold it and the data object
 * that contains it.  Returns 1 with out->function = the object's name
 * ("name+0xOFF" past its start), out->start its start; 0 with
 * out->function = "module+0xOFFSET" when a module holds it but no object
 * does; -1 when no module holds it (heap, stacks, anonymous memory).
 */
int symbols_lookup_data(struct symbols *sy, uint64_t addr, struct sym_info *out);
/* Re-reads maps when they changed; cheap when they did not.  Returns 1
 * when they changed (earlier lookups may now be stale), else 0. */
int symbols_refresh(struct symbols *sy);

/* What sym_elf_lookup found. */
enum sym_kind {
	SYM_NONE,  /* in no symbol and no unwind range */
	SYM_NAMED, /* inside a sized function symbol */
	SYM_RANGE, /* inside an .eh_frame FDE range only */
};

/* Opens and indexes an ELF file (and its separate debug file, if any). */
struct sym_elf *sym_elf_open(const char *path, char **cause);
/* The same for a file the target knows as path, opened here through
 * open_path (e.g. /proc/PID/map_files/...); its debug files are looked
 * for under root ("" or "/proc/PID/root"), then on the host. */
struct sym_elf *sym_elf_open_as(const char *open_path, const char *root, const char *path,
                                char **cause);
/* Indexes an ELF image held in memory; takes ownership of data (malloc'd). */
struct sym_elf *sym_elf_from_mem(void *data, size_t size, char **cause);
void sym_elf_free(struct sym_elf *e);
/*
 * Load bias of a mapping of file offset map_off at map_start: the value to
 * subtract from a runtime address to get a link-time address.  Returns -1
 * when no PT_LOAD segment covers map_off.
 */
int sym_elf_bias(const struct sym_elf *e, uint64_t map_start, uint64_t map_off, uint64_t *bias);
/* Finds the function containing the link-time address vaddr: its name
 * (SYM_NAMED), start and size (0 for SYM_NONE). */
enum sym_kind sym_elf_lookup(const struct sym_elf *e, uint64_t vaddr, const char **name,
                             uint64_t *start, uint64_t *size);
/* The start of the function symbol called name, for tests; -1 if none. */
int sym_elf_address(const struct sym_elf *e, const char *name, uint64_t *start);
/* Whether the link-time address vaddr lies in one of the image's loaded
 * segments (code, data or bss). */
int sym_elf_loaded(const struct sym_elf *e, uint64_t vaddr);
/* Finds the sized data object (STT_OBJECT) containing vaddr: 0 with its
 * name, start and size, or -1. */
int sym_elf_lookup_data(const struct sym_elf *e, uint64_t vaddr, const char **name, uint64_t *start,
                        uint64_t *size);
int sym_elf_nobjs(const struct sym_elf *e);
/* Counts, for tests and the status line. */
int sym_elf_nsyms(const struct sym_elf *e);
int sym_elf_nranges(const struct sym_elf *e);

#endif
