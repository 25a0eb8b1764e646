/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * symbols: a live process's addresses to function names.  It reads
 * /proc/PID/maps, opens each executable mapping's ELF file through
 * /proc/PID/map_files (or /proc/PID/root/PATH, so files inside a container
 * are the container's), computes the mapping's load bias and asks
 * symbols_elf.c.  The vdso is read from the target's memory.
 *
 * ELF indexes are cached by file identity (device, inode), so a library
 * mapped several times, or still mapped after the maps changed, is read
 * once.  It is not an unwinder and keeps no per-address cache: the stack
 * store (stacks.c) caches addresses to function ids.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "demangle.h"
#include "symbols.h"
#include "symbols_priv.h"
#include "util.h"

/* Largest vdso we copy; real ones are two pages. */
#define SYM_VDSO_MAX (64 * 1024)

struct sym_file {
	dev_t dev;
	ino_t ino;
	struct sym_elf *elf; /* NULL: could not be read (remembered) */
	int used;            /* seen in the current maps */
};

struct sym_map {
	uint64_t start, end, off;
	uint64_t bias;
	int has_bias;
	struct sym_elf *elf; /* borrowed from a sym_file, or the vdso */
	char *module;        /* basename, "[vdso]", "[anon]" */
};

struct symbols {
	pid_t pid;
	uint64_t sig; /* of the executable lines of the maps */
	struct sym_map *maps;
	int nmaps;
	struct sym_file *files;
	int nfiles;
	struct sym_elf *vdso;
};

static uint64_t sym_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 1099511628211ULL;
	return h;
}

/*
 * A hash of the executable mappings only: heaps and stacks grow and
 * shrink all the time, and only code changes what an address means.
 */
static uint64_t sym_exec_signature(const char *text)
{
	uint64_t h = 1469598103934665603ULL;

	while (*text != '\0') {
		const char *nl = strchr(text, '\n');
		size_t n = nl != NULL ? (size_t)(nl - text) : strlen(text);
		const char *sp = memchr(text, ' ', n);

		/* "start-end perms ...": perms is the second field. */
		if (sp != NULL && (size_t)(sp - text) + 4 < n && sp[3] == 'x')
			h = sym_hash(text, n) ^ (h * 31);
		text += n + (nl != NULL);
	}
	return h;
}

/* Reads /proc/PID/maps whole; NULL when the process is gone. */
static char *sym_read_maps(pid_t pid, size_t *len)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	return read_file_alloc(path, len);
}

static struct sym_elf *sym_file_get(struct symbols *sy, const char *open_path, const char *root,
                                    const char *path)
{
	struct stat sb;
	struct sym_file *f;

	if (stat(open_path, &sb) < 0)
		return NULL;
	for (int i = 0; i < sy->nfiles; i++) {
		if (sy->files[i].dev == sb.st_dev && sy->files[i].ino == sb.st_ino) {
			sy->files[i].used = 1;
			return sy->files[i].elf;
		}
	}
	sy->files = xrealloc(sy->files, (sy->nfiles + 1u) * sizeof *sy->files);
	f = &sy->files[sy->nfiles++];
	f->dev = sb.st_dev;
	f->ino = sb.st_ino;
	f->used = 1;
	f->elf = sym_elf_open_as(open_path, root, path, NULL);
	return f->elf;
}

/*
 * Opens a mapped file the way the target sees it: map_files works even
 * for a deleted or replaced file but needs privilege; the target's root
 * works inside containers.
 */
static struct sym_elf *sym_open_mapping(struct symbols *sy, uint64_t start, uint64_t end,
                                        const char *path)
{
	char *root = xasprintf("/proc/%d/root", (int)sy->pid);
	char *p = xasprintf("/proc/%d/map_files/%" PRIx64 "-%" PRIx64, (int)sy->pid, start, end);
	struct sym_elf *e = sym_file_get(sy, p, root, path);

	free(p);
	if (e == NULL) {
		p = xasprintf("%s%s", root, path);
		e = sym_file_get(sy, p, root, path);
		free(p);
	}
	free(root);
	return e;
}

static struct sym_elf *sym_open_vdso(struct symbols *sy, uint64_t start, uint64_t end)
{
	size_t len = end - start;
	void *buf;
	struct iovec local, remote;

	if (sy->vdso != NULL)
		return sy->vdso;
	if (len > SYM_VDSO_MAX)
		return NULL;
	buf = xmalloc(len);
	local.iov_base = buf;
	local.iov_len = len;
	remote.iov_base = (void *)(uintptr_t)start;
	remote.iov_len = len;
	if (process_vm_readv(sy->pid, &local, 1, &remote, 1, 0) != (ssize_t)len) {
		free(buf);
		return NULL;
	}
	sy->vdso = sym_elf_from_mem(buf, len, NULL);
	return sy->vdso;
}

static void sym_clear_maps(struct symbols *sy)
{
	for (int i = 0; i < sy->nmaps; i++)
		free(sy->maps[i].module);
	free(sy->maps);
	sy->maps = NULL;
	sy->nmaps = 0;
}

/* Drops cached files no longer mapped (a dlclose, an exec). */
static void sym_prune_files(struct symbols *sy)
{
	int w = 0;

	for (int i = 0; i < sy->nfiles; i++) {
		if (sy->files[i].used)
			sy->files[w++] = sy->files[i];
		else
			sym_elf_free(sy->files[i].elf);
	}
	sy->nfiles = w;
}

static void sym_parse_maps(struct symbols *sy, char *text)
{
	char *save = NULL;
	int cap = 0;

	sym_clear_maps(sy);
	for (int i = 0; i < sy->nfiles; i++)
		sy->files[i].used = 0;
	for (char *line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		struct sym_maps_line ml;
		uint64_t start, end, off;
		const char *path, *base;
		struct sym_map *m;

		if (sym_maps_line(line, &ml) < 0 || !ml.exec)
			continue;
		start = ml.start;
		end = ml.end;
		off = ml.off;
		path = ml.path;
		if (sy->nmaps == cap) {
			cap = cap ? cap * 2 : 32;
			sy->maps = xrealloc(sy->maps, (size_t)cap * sizeof *sy->maps);
		}
		m = &sy->maps[sy->nmaps++];
		memset(m, 0, sizeof *m);
		m->start = start;
		m->end = end;
		m->off = off;
		if (path[0] == '/') {
			char *deleted;

			char *clean = xstrdup(path);

			deleted = strstr(clean, " (deleted)");
			if (deleted != NULL)
				*deleted = '\0';
			base = strrchr(clean, '/') + 1;
			m->module = xstrdup(base);
			m->elf = sym_open_mapping(sy, start, end, clean);
			free(clean);
		} else if (strcmp(path, "[vdso]") == 0) {
			m->module = xstrdup(path);
			m->elf = sym_open_vdso(sy, start, end);
		} else
			m->module = xstrdup(path[0] != '\0' ? path : "[anon]");
		if (m->elf != NULL)
			m->has_bias = sym_elf_bias(m->elf, start, off, &m->bias) == 0;
	}
	sym_prune_files(sy);
}

struct symbols *symbols_new(pid_t pid)
{
	struct symbols *sy = xcalloc(1, sizeof *sy);

	sy->pid = pid;
	symbols_refresh(sy);
	return sy;
}

void symbols_free(struct symbols *sy)
{
	if (sy == NULL)
		return;
	sym_clear_maps(sy);
	for (int i = 0; i < sy->nfiles; i++)
		sym_elf_free(sy->files[i].elf);
	free(sy->files);
	sym_elf_free(sy->vdso);
	free(sy);
}

int symbols_refresh(struct symbols *sy)
{
	size_t len = 0;
	char *text = sym_read_maps(sy->pid, &len);
	uint64_t sig;

	if (text == NULL)
		return 0; /* gone: keep what we knew for the last samples */
	sig = sym_exec_signature(text);
	if (sig == sy->sig && sy->maps != NULL) {
		free(text);
		return 0;
	}
	sy->sig = sig;
	/* A new vdso after exec is at a new place: read it again. */
	sym_elf_free(sy->vdso);
	sy->vdso = NULL;
	sym_parse_maps(sy, text);
	free(text);
	return 1;
}

static const struct sym_map *sym_find_map(const struct symbols *sy, uint64_t addr)
{
	int lo = 0, hi = sy->nmaps - 1;

	/* /proc/PID/maps is sorted by address. */
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (addr < sy->maps[mid].start)
			hi = mid - 1;
		else if (addr >= sy->maps[mid].end)
			lo = mid + 1;
		else
			return &sy->maps[mid];
	}
	return NULL;
}

/*
 * The name to show, in buf or name itself: C++ names demangled, and
 * without a symbol version ("memcpy@@GLIBC_2.14" -> "memcpy"): the
 * version says which ABI, not which function, and would split one
 * function in two entries.
 */
static const char *sym_display_name(const char *name, char *buf, size_t size)
{
	const char *at = strchr(name, '@');
	size_t n = at != NULL && at != name ? (size_t)(at - name) : strlen(name);
	char plain[1024];

	if (n >= sizeof plain)
		return name;
	memcpy(plain, name, n);
	plain[n] = '\0';
	if (strncmp(plain, "_Z", 2) == 0 && demangle(plain, buf, size) != NULL)
		return buf;
	if (name[n] == '\0' || n >= size)
		return name;
	memcpy(buf, plain, n + 1);
	return buf;
}

void symbols_lookup(struct symbols *sy, uint64_t addr, struct sym_info *out)
{
	const struct sym_map *m = sym_find_map(sy, addr);
	const char *name = NULL;
	uint64_t vaddr, start, size;

	out->named = 0;
	out->end = 0;
	if (m == NULL) {
		out->function = "[unknown]";
		out->module = "[unknown]";
		out->start = addr;
		return;
	}
	out->module = m->module;
	if (m->elf == NULL || !m->has_bias) {
		/* Unreadable file or anonymous code: the file offset is all
		 * we can say, and it is stable across runs. */
		snprintf(out->buf, sizeof out->buf, "%s+0x%" PRIx64, m->module,
		         addr - m->start + m->off);
		out->function = out->buf;
		out->start = addr;
		return;
	}
	vaddr = addr - m->bias;
	switch (sym_elf_lookup(m->elf, vaddr, &name, &start, &size)) {
	case SYM_NAMED:
		out->function = sym_display_name(name, out->buf, sizeof out->buf);
		out->named = 1;
		break;
	case SYM_RANGE:
	case SYM_NONE:
		snprintf(out->buf, sizeof out->buf, "%s+0x%" PRIx64, m->module, start);
		out->function = out->buf;
		break;
	}
	out->start = start + m->bias;
	if (size > 0)
		out->end = out->start + size;
}

int symbols_lookup_data(struct symbols *sy, uint64_t addr, struct sym_info *out)
{
	out->named = 0;
	out->end = 0;
	out->start = addr;
	out->function = "[unknown]";
	out->module = "[unknown]";
	/* Only code mappings are kept; each gives its file's bias, and the
	 * file's segments say where its data and bss lie from there. */
	for (int i = 0; i < sy->nmaps; i++) {
		const struct sym_map *m = &sy->maps[i];
		const char *name = NULL;
		uint64_t vaddr, start, size;

		if (m->elf == NULL || !m->has_bias || addr < m->bias)
			continue;
		vaddr = addr - m->bias;
		if (!sym_elf_loaded(m->elf, vaddr))
			continue;
		out->module = m->module;
		if (sym_elf_lookup_data(m->elf, vaddr, &name, &start, &size) == 0) {
			const char *shown = sym_display_name(name, out->buf, sizeof out->buf);
			char plain[200];

			/* Room left for "+0x" and sixteen digits. */
			snprintf(plain, sizeof plain, "%.199s", shown);
			if (vaddr == start)
				snprintf(out->buf, sizeof out->buf, "%.199s", plain);
			else
				snprintf(out->buf, sizeof out->buf, "%.199s+0x%" PRIx64, plain,
				         vaddr - start);
			out->function = out->buf;
			out->start = start + m->bias;
			out->end = out->start + size;
			out->named = 1;
			return 1;
		}
		snprintf(out->buf, sizeof out->buf, "%s+0x%" PRIx64, m->module, vaddr);
		out->function = out->buf;
		return 0;
	}
	return -1;
}
