/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unwind: the one offline unwinder.  Both sampler back ends hand it a copy
 * of a thread's registers and of the top of its stack, taken while the
 * thread was held (ptrace) or by the kernel at the sample (perf).  The
 * unwinding itself happens afterwards, with the thread running again.
 *
 * It is a libunwind remote address space: registers come from the copy,
 * memory from the copy when the address falls inside it, else from the
 * module's ELF file, opened once and read with pread in 64 KiB chunks
 * when first needed (code and .eh_frame are read-only, so the file holds
 * what the target has), or for the vdso, which has no file, from one copy
 * of its image read from the target's memory; only what none of these
 * holds (the stack beyond the copy) is read with process_vm_readv, a page
 * at a time.  Unwind tables are found through each module's
 * .eh_frame_hdr (libunwind's binary search over the table), so the vdso
 * unwinds like any module.  The files are the target's: only regular
 * files are opened (never blocking), nothing is mapped, and a module's
 * headers and .eh_frame_hdr are checked (unwind_elf.c) before libunwind
 * sees them; a module without a sound table is unwound no further (its
 * frame is still named, module+0x...).  libunwind's
 * per-IP register-state cache is enlarged so that the hot addresses of a
 * big program stay memoized.  It does not symbolize: it returns
 * addresses (symbols.c turns them into names).
 *
 * Tail calls leave no frame: when f tail-calls g, a stack taken in g goes
 * straight from g to f's caller.  Nothing can recover f; the hot panel
 * simply shows g under f's caller.
 *
 * Not reentrant: libunwind calls our accessors with the _UPT context as
 * argument when it searches unwind tables, so the copy being unwound is
 * found through one module-level pointer.  ctop has one thread.
 */
#include "config.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <libunwind-ptrace.h>
#include <libunwind.h>

#include "unwind.h"
#include "unwind_elf.h"
#include "util.h"

/* libunwind's per-IP register-state cache (a power of two). */
#define UNWIND_RS_CACHE 4096
/* Target pages of stack beyond the copy kept during one unwind. */
#define UNWIND_PAGES 4
#define UNWIND_PAGE 4096u

/* File pages are read into memory in chunks of this size, on first use. */
#define UNWIND_CHUNK 65536u

/*
 * A module's image: its ELF file, read with pread a chunk at a time when
 * first needed (not mapped: a file the target truncates under a mapping
 * faults the reader with SIGBUS, and libunwind reads with every signal
 * blocked, so no handler could catch it), or the vdso's copy.
 */
struct uw_mod {
	dev_t dev;
	ino_t ino;
	int fd;       /* the file, or -1 for the vdso's copy */
	uint8_t *img; /* the vdso's copy */
	uint8_t **chunks;
	size_t size;
	int is_copy; /* the vdso */
	int valid;   /* headers checked (unwind_elf.c); else never read */
	struct uw_elf_tables t;
};

struct uw_map {
	uint64_t start, end, off;
	int mod; /* index in mods, or -1 */
	int readonly;
	int64_t bias; /* runtime - ELF vaddr, when mod >= 0 */
};

struct uw_page {
	uint64_t addr; /* page start, 0: empty */
	uint8_t data[UNWIND_PAGE];
};

struct unwinder {
	pid_t pid;
	uint64_t vm_reads;
	unw_addr_space_t as;
	void *upt; /* _UPT_create(pid): only to free what libunwind allocates */
	struct uw_map *maps;
	int nmaps;
	struct uw_mod *mods;
	int nmods;
	uint64_t maps_read_ns; /* when maps were last read */
	struct uw_page pages[UNWIND_PAGES];
	int next_page;
};

/* Exported by libunwind (its _UPT functions use it) but not declared. */
extern int _Ux86_64_dwarf_search_unwind_table(unw_addr_space_t as, unw_word_t ip,
                                              unw_dyn_info_t *di, unw_proc_info_t *pi,
                                              int need_unwind_info, void *arg);

/* The unwind in progress (see the note at the top). */
static const struct stack_copy *unwind_copy;
static struct unwinder *unwind_cur;

/* libunwind's x86-64 register numbers → perf's PERF_REG_X86_* order. */
static int unwind_perf_index(unw_regnum_t reg)
{
	switch (reg) {
	case UNW_X86_64_RAX:
		return PERF_REG_X86_AX;
	case UNW_X86_64_RBX:
		return PERF_REG_X86_BX;
	case UNW_X86_64_RCX:
		return PERF_REG_X86_CX;
	case UNW_X86_64_RDX:
		return PERF_REG_X86_DX;
	case UNW_X86_64_RSI:
		return PERF_REG_X86_SI;
	case UNW_X86_64_RDI:
		return PERF_REG_X86_DI;
	case UNW_X86_64_RBP:
		return PERF_REG_X86_BP;
	case UNW_X86_64_RSP:
		return PERF_REG_X86_SP;
	case UNW_X86_64_RIP:
		return PERF_REG_X86_IP;
	default:
		if (reg >= UNW_X86_64_R8 && reg <= UNW_X86_64_R15)
			return PERF_REG_X86_R8 + (reg - UNW_X86_64_R8);
		return -1;
	}
}

static int unwind_read_target(pid_t pid, unw_word_t addr, unw_word_t *val)
{
	struct iovec local = {.iov_base = val, .iov_len = sizeof *val};
	struct iovec remote = {.iov_base = (void *)(uintptr_t)addr, .iov_len = sizeof *val};

	if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != (ssize_t)sizeof *val)
		return -UNW_EINVAL;
	return 0;
}

/* The mapping holding addr, or NULL. */
static const struct uw_map *uw_find_map(const struct unwinder *u, uint64_t addr)
{
	int lo = 0, hi = u->nmaps - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (addr < u->maps[mid].start)
			hi = mid - 1;
		else if (addr >= u->maps[mid].end)
			lo = mid + 1;
		else
			return &u->maps[mid];
	}
	return NULL;
}

/* len bytes at file offset off of a module: 0, or -1 when the file does
 * not hold them (any more). */
static int uw_mod_read(void *ctx, uint64_t off, void *dst, size_t len)
{
	struct uw_mod *mod = ctx;
	uint8_t *d = dst;

	if (off > mod->size || len > mod->size - off)
		return -1;
	if (mod->is_copy) {
		memcpy(dst, mod->img + off, len);
		return 0;
	}
	while (len > 0) {
		size_t c = (size_t)(off / UNWIND_CHUNK), in = (size_t)(off % UNWIND_CHUNK);
		size_t n = UNWIND_CHUNK - in < len ? UNWIND_CHUNK - in : len;

		if (mod->chunks[c] == NULL) {
			uint64_t at = (uint64_t)c * UNWIND_CHUNK;
			size_t want =
			    mod->size - at < UNWIND_CHUNK ? (size_t)(mod->size - at) : UNWIND_CHUNK;
			uint8_t *p = xmalloc(UNWIND_CHUNK);

			if (pread(mod->fd, p, want, (off_t)at) != (ssize_t)want) {
				free(p);
				return -1;
			}
			mod->chunks[c] = p;
		}
		memcpy(d, mod->chunks[c] + in, n);
		d += n;
		off += n;
		len -= n;
	}
	return 0;
}

/* 8 bytes at addr from a module's image (read-only mappings only). */
static int uw_read_image(const struct unwinder *u, uint64_t addr, unw_word_t *val)
{
	const struct uw_map *m = uw_find_map(u, addr);
	struct uw_mod *mod;

	if (m == NULL || m->mod < 0 || !m->readonly)
		return -1;
	mod = &u->mods[m->mod];
	if (!mod->valid || addr + sizeof *val > m->end)
		return -1;
	return uw_mod_read(mod, addr - m->start + m->off, val, sizeof *val);
}

/* 8 bytes at addr through the page cache: one process_vm_readv per page
 * per unwind, not one per word. */
static int uw_read_paged(struct unwinder *u, uint64_t addr, unw_word_t *val)
{
	uint64_t page = addr & ~(uint64_t)(UNWIND_PAGE - 1);
	struct uw_page *p;
	struct iovec local, remote;

	if (addr - page + sizeof *val > UNWIND_PAGE)
		return -1;
	for (int i = 0; i < UNWIND_PAGES; i++)
		if (u->pages[i].addr == page) {
			memcpy(val, u->pages[i].data + (addr - page), sizeof *val);
			return 0;
		}
	p = &u->pages[u->next_page];
	u->next_page = (u->next_page + 1) % UNWIND_PAGES;
	local.iov_base = p->data;
	local.iov_len = UNWIND_PAGE;
	remote.iov_base = (void *)(uintptr_t)page;
	remote.iov_len = UNWIND_PAGE;
	u->vm_reads++;
	if (process_vm_readv(u->pid, &local, 1, &remote, 1, 0) != (ssize_t)UNWIND_PAGE) {
		p->addr = 0;
		return -1;
	}
	p->addr = page;
	memcpy(val, p->data + (addr - page), sizeof *val);
	return 0;
}

static int unwind_access_mem(unw_addr_space_t as, unw_word_t addr, unw_word_t *val, int write,
                             void *arg)
{
	const struct stack_copy *c = unwind_copy;

	(void)as;
	(void)arg;
	if (write || unwind_cur == NULL)
		return -UNW_EINVAL;
	if (c != NULL && addr >= c->sp && addr - c->sp + sizeof *val <= c->len) {
		memcpy(val, c->stack + (addr - c->sp), sizeof *val);
		return 0;
	}
	if (uw_read_image(unwind_cur, addr, val) == 0)
		return 0;
	if (uw_read_paged(unwind_cur, addr, val) == 0)
		return 0;
	unwind_cur->vm_reads++;
	return unwind_read_target(unwind_cur->pid, addr, val);
}

static int unwind_access_reg(unw_addr_space_t as, unw_regnum_t reg, unw_word_t *val, int write,
                             void *arg)
{
	int i = unwind_perf_index(reg);

	(void)as;
	(void)arg;
	if (write || i < 0 || unwind_copy == NULL)
		return -UNW_EBADREG;
	*val = unwind_copy->regs[i];
	return 0;
}

static int unwind_access_fpreg(unw_addr_space_t as, unw_regnum_t reg, unw_fpreg_t *val, int write,
                               void *arg)
{
	(void)as;
	(void)reg;
	(void)val;
	(void)write;
	(void)arg;
	return -UNW_EBADREG;
}

static int unwind_resume(unw_addr_space_t as, unw_cursor_t *cur, void *arg)
{
	(void)as;
	(void)cur;
	(void)arg;
	return -UNW_EINVAL;
}

static int unwind_get_proc_name(unw_addr_space_t as, unw_word_t addr, char *buf, size_t len,
                                unw_word_t *off, void *arg)
{
	(void)as;
	(void)addr;
	(void)buf;
	(void)len;
	(void)off;
	(void)arg;
	return -UNW_ENOINFO;
}

/* Checks a module's headers and finds its .eh_frame_hdr table. */
static void uw_mod_tables(struct uw_mod *mod)
{
	mod->valid = uw_elf_tables(uw_mod_read, mod, mod->size, &mod->t) == 0;
}

/* The bias of a mapping of mod at file offset off starting at start. */
static int64_t uw_bias(const struct uw_mod *mod, uint64_t start, uint64_t off)
{
	for (int i = 0; i < mod->t.nloads; i++) {
		const Elf64_Phdr *ph = &mod->t.loads[i];
		uint64_t pstart = ph->p_offset & ~(uint64_t)(UNWIND_PAGE - 1);

		if (off >= pstart && off < ph->p_offset + ph->p_filesz)
			return (int64_t)(start - off) - (int64_t)(ph->p_vaddr - ph->p_offset);
	}
	return (int64_t)(start - off);
}

/* Opens a regular file without blocking; -1 for anything else (a FIFO or a
 * device is never opened). */
static int uw_open_regular(const char *path)
{
	struct stat st;
	int fd;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return -1;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The module for a file (by device and inode), opened once. */
static int uw_mod_file(struct unwinder *u, uint64_t start, uint64_t end, const char *path)
{
	char p[4200];
	struct stat st;
	int fd;
	struct uw_mod *mod;

	snprintf(p, sizeof p, "/proc/%d/map_files/%llx-%llx", (int)u->pid,
	         (unsigned long long)start, (unsigned long long)end);
	fd = uw_open_regular(p);
	if (fd < 0) {
		snprintf(p, sizeof p, "/proc/%d/root%s", (int)u->pid, path);
		fd = uw_open_regular(p);
	}
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_size <= 0) {
		close(fd);
		return -1;
	}
	for (int i = 0; i < u->nmods; i++)
		if (!u->mods[i].is_copy && u->mods[i].dev == st.st_dev &&
		    u->mods[i].ino == st.st_ino) {
			close(fd);
			return i;
		}
	u->mods = xrealloc(u->mods, (size_t)(u->nmods + 1) * sizeof *u->mods);
	mod = &u->mods[u->nmods];
	memset(mod, 0, sizeof *mod);
	mod->dev = st.st_dev;
	mod->ino = st.st_ino;
	mod->fd = fd;
	mod->size = (size_t)st.st_size;
	mod->chunks = xcalloc(mod->size / UNWIND_CHUNK + 1, sizeof *mod->chunks);
	uw_mod_tables(mod);
	return u->nmods++;
}

/* The vdso has no file: its image is copied from the target once. */
static int uw_mod_vdso(struct unwinder *u, uint64_t start, uint64_t end)
{
	struct iovec local, remote;
	struct uw_mod *mod;
	uint8_t *img;

	for (int i = 0; i < u->nmods; i++)
		if (u->mods[i].is_copy && u->mods[i].dev == (dev_t)start)
			return i;
	if (end - start > 65536)
		return -1;
	img = xmalloc(end - start);
	local.iov_base = img;
	local.iov_len = end - start;
	remote.iov_base = (void *)(uintptr_t)start;
	remote.iov_len = end - start;
	u->vm_reads++;
	if (process_vm_readv(u->pid, &local, 1, &remote, 1, 0) != (ssize_t)(end - start)) {
		free(img);
		return -1;
	}
	u->mods = xrealloc(u->mods, (size_t)(u->nmods + 1) * sizeof *u->mods);
	mod = &u->mods[u->nmods];
	memset(mod, 0, sizeof *mod);
	mod->is_copy = 1;
	mod->fd = -1;
	mod->dev = (dev_t)start; /* the copy is keyed by its address */
	mod->img = img;
	mod->size = end - start;
	uw_mod_tables(mod);
	return u->nmods++;
}

/* Reads /proc/PID/maps: every file mapping and the vdso get a module. */
static void uw_read_maps(struct unwinder *u)
{
	char path[64], line[4352];
	FILE *f;
	int cap = 0;

	u->maps_read_ns = now_mono_ns();
	u->nmaps = 0;
	snprintf(path, sizeof path, "/proc/%d/maps", (int)u->pid);
	f = fopen(path, "re");
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		unsigned long long start, end, off, ino;
		char perms[8], name[4200] = "";
		struct uw_map m;

		if (sscanf(line, "%llx-%llx %7s %llx %*s %llu %4199[^\n]", &start, &end, perms,
		           &off, &ino, name) < 5)
			continue;
		m.start = start;
		m.end = end;
		m.off = off;
		m.readonly = perms[1] != 'w';
		m.mod = -1;
		m.bias = 0;
		{
			char *nm = name;

			while (*nm == ' ')
				nm++;
			if (ino != 0 && nm[0] == '/')
				m.mod = uw_mod_file(u, start, end, nm);
			else if (strcmp(nm, "[vdso]") == 0) {
				m.mod = uw_mod_vdso(u, start, end);
				m.off = 0;
			}
		}
		if (m.mod < 0)
			continue;
		m.bias = uw_bias(&u->mods[m.mod], m.start, m.off);
		if (u->nmaps == cap) {
			cap = cap ? cap * 2 : 64;
			u->maps = xrealloc(u->maps, (size_t)cap * sizeof *u->maps);
		}
		u->maps[u->nmaps++] = m;
	}
	fclose(f);
}

static void uw_free_mods(struct unwinder *u)
{
	for (int i = 0; i < u->nmods; i++) {
		struct uw_mod *mod = &u->mods[i];

		free(mod->img);
		if (mod->fd >= 0)
			close(mod->fd);
		for (size_t c = 0; mod->chunks != NULL && c <= mod->size / UNWIND_CHUNK; c++)
			free(mod->chunks[c]);
		free(mod->chunks);
		uw_elf_tables_free(&mod->t);
	}
	free(u->mods);
	u->mods = NULL;
	u->nmods = 0;
}

/*
 * Table lookups: through the module's checked .eh_frame_hdr (its bytes
 * are read through access_mem, so from the module's file).
 */
static int unwind_find_proc_info(unw_addr_space_t as, unw_word_t ip, unw_proc_info_t *pi, int need,
                                 void *arg)
{
	struct unwinder *u = unwind_cur;
	const struct uw_map *m = uw_find_map(u, ip);

	(void)arg;
	/* New code since the maps were read (a missed dlopen): read them
	 * again, at most once a second. */
	if (m == NULL && now_mono_ns() - u->maps_read_ns > 1000000000ull) {
		uw_read_maps(u);
		m = uw_find_map(u, ip);
	}
	if (m != NULL && m->mod >= 0 && u->mods[m->mod].valid && u->mods[m->mod].t.has_table) {
		const struct uw_elf_tables *mod = &u->mods[m->mod].t;
		unw_dyn_info_t di;

		memset(&di, 0, sizeof di);
		di.format = UNW_INFO_FORMAT_REMOTE_TABLE;
		di.start_ip = (unw_word_t)((int64_t)mod->lo_vaddr + m->bias);
		di.end_ip = (unw_word_t)((int64_t)mod->hi_vaddr + m->bias);
		di.u.rti.segbase = (unw_word_t)((int64_t)mod->hdr_vaddr + m->bias);
		di.u.rti.table_data = (unw_word_t)((int64_t)mod->table_vaddr + m->bias);
		di.u.rti.table_len = mod->fde_count * 8 / sizeof(unw_word_t);
		return _Ux86_64_dwarf_search_unwind_table(as, ip, &di, pi, need, u);
	}
	/* No checked table: this module is unwound no further.  libunwind's
	 * own ELF reader (_UPT_find_proc_info) is never given a module: it
	 * opens the target's files by path (a FIFO there blocks it) and
	 * trusts their headers (a bad one faults or aborts ctop). */
	(void)as;
	(void)pi;
	(void)need;
	return -UNW_ENOINFO;
}

static void unwind_put_unwind_info(unw_addr_space_t as, unw_proc_info_t *pi, void *arg)
{
	(void)arg;
	_UPT_put_unwind_info(as, pi, unwind_cur->upt);
}

static int unwind_get_dyn_info_list_addr(unw_addr_space_t as, unw_word_t *addr, void *arg)
{
	(void)arg;
	return _UPT_get_dyn_info_list_addr(as, addr, unwind_cur->upt);
}

static unw_accessors_t unwind_accessors = {
    .find_proc_info = unwind_find_proc_info,
    .put_unwind_info = unwind_put_unwind_info,
    .get_dyn_info_list_addr = unwind_get_dyn_info_list_addr,
    .access_mem = unwind_access_mem,
    .access_reg = unwind_access_reg,
    .access_fpreg = unwind_access_fpreg,
    .resume = unwind_resume,
    .get_proc_name = unwind_get_proc_name,
};

struct unwinder *unwinder_new(pid_t pid, char **cause)
{
	struct unwinder *u = xcalloc(1, sizeof *u);

	u->pid = pid;
	u->as = unw_create_addr_space(&unwind_accessors, 0);
	if (u->as == NULL) {
		set_cause(cause, "libunwind: cannot create an address space");
		goto fail;
	}
	/* The per-IP register-state cache is what makes this ~20 µs/sample;
	 * a big program has more hot IPs than the default 128 entries. */
	unw_set_caching_policy(u->as, UNW_CACHE_GLOBAL);
	unw_set_cache_size(u->as, UNWIND_RS_CACHE, 0);
	u->upt = _UPT_create(pid);
	if (u->upt == NULL) {
		set_cause(cause, "libunwind-ptrace: cannot create a context for %d", (int)pid);
		goto fail;
	}
	uw_read_maps(u);
	return u;
fail:
	unwinder_free(u);
	return NULL;
}

void unwinder_free(struct unwinder *u)
{
	if (u == NULL)
		return;
	if (u->upt != NULL)
		_UPT_destroy(u->upt);
	if (u->as != NULL)
		unw_destroy_addr_space(u->as);
	uw_free_mods(u);
	free(u->maps);
	free(u);
}

uint64_t unwinder_vm_reads(const struct unwinder *u)
{
	return u != NULL ? u->vm_reads : 0;
}

void unwinder_flush(struct unwinder *u)
{
	void *fresh;

	unw_flush_cache(u->as, 0, 0);
	/* A module's file stays mapped: an exec or a reload at the same
	 * inode is rare, and another inode is another module. */
	uw_read_maps(u);
	/* The _UPT context caches one ELF image; a new one forgets it. */
	fresh = _UPT_create(u->pid);
	if (fresh != NULL) {
		_UPT_destroy(u->upt);
		u->upt = fresh;
	}
}

int unwinder_unwind(struct unwinder *u, const struct stack_copy *c, uint64_t *ips, int max)
{
	unw_cursor_t cur;
	unw_word_t ip, sp, prev_sp = 0;
	int n = 0;

	if (max <= 0)
		return 0;
	unwind_cur = u;
	unwind_copy = c;
	/* Stack pages beyond the copy change between samples. */
	for (int i = 0; i < UNWIND_PAGES; i++)
		u->pages[i].addr = 0;
	if (unw_init_remote(&cur, u->as, u) < 0) {
		/* No unwinding possible, but the PC alone is still a sample. */
		if (c->regs[PERF_REG_X86_IP] != 0)
			ips[n++] = c->regs[PERF_REG_X86_IP];
		goto out;
	}
	do {
		if (unw_get_reg(&cur, UNW_REG_IP, &ip) < 0 || ip == 0)
			break;
		unw_get_reg(&cur, UNW_REG_SP, &sp);
		/* The stack grows down: a frame whose SP goes back is garbage. */
		if (n > 0 && sp < prev_sp)
			break;
		prev_sp = sp;
		ips[n++] = ip;
	} while (n < max && unw_step(&cur) > 0);
out:
	unwind_cur = NULL;
	unwind_copy = NULL;
	return n;
}
