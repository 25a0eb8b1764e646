/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * symbols_elf: one ELF image indexed for address lookups.  It reads the
 * file with pread into copies, with <elf.h> only (no libelf): the PT_LOAD segments
 * for load bias, sized function symbols from .symtab (else a separate
 * debug file found by build-id or .gnu_debuglink, else .dynsym with the
 * .symtab of MiniDebugInfo, .gnu_debugdata, when built with liblzma), and the
 * function ranges [pc_begin, pc_begin + range) of every .eh_frame FDE so
 * that stripped code still groups by function.
 *
 * The files are the target's (it can put anything at a mapped path, and
 * truncate or replace a file at any time), so nothing is mapped: only
 * regular files are opened, without blocking; every offset and size is
 * checked against the file in 64-bit arithmetic; what is kept (names)
 * lives in copies, so a file changed later cannot fault ctop.
 *
 * It is not a DWARF reader: no line numbers, no inlined frames.  Only
 * 64-bit little-endian images (x86-64) are understood.
 */
#include "config.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef HAVE_LZMA
#include <lzma.h>
#endif

#include "symbols.h"
#include "symbols_priv.h"
#include "util.h"

struct sym_fn {
	uint64_t start;
	uint64_t size;
	const char *name;
	int rank; /* binding preference among aliases: lower wins */
};

struct sym_image {
	int fd;       /* the file, or -1 for an image in memory */
	uint8_t *mem; /* the image in memory (owned), or NULL */
	uint64_t size;
	Elf64_Ehdr eh;
	int valid;      /* eh is a 64-bit little-endian ELF header */
	Elf64_Shdr *sh; /* section headers (a copy), NULL when absent or bad */
	int nsh;
	char *shstr; /* section names (a copy, NUL-terminated), or NULL */
	uint64_t shstr_size;
};

struct sym_elf {
	Elf64_Phdr *loads;
	int nloads;
	struct sym_fn *fns;
	int nfns;
	struct sym_range *ranges;
	int nranges;
	struct sym_fn *objs; /* sized data objects (STT_OBJECT), for data lookups */
	int nobjs;
	char **strs; /* the string tables names point into (copies) */
	int nstrs;
};

/* The most of one section read into memory: bigger ones are not used. */
#define SYM_MAX_SECTION (512ull << 20)
#define SYM_MAX_NOTES 4096u
#define SYM_MAX_SHSTR (1u << 20)

/*
 * Bytes [off, off + len) of the image into dst: 0, or -1 when they lie
 * outside it or the file no longer holds them (truncated since).  Files
 * are read with pread, never mapped: a file the target controls can be
 * truncated under a mapping, and the next read of it would be a SIGBUS.
 */
static int sym_image_read(const struct sym_image *img, uint64_t off, uint64_t len, void *dst)
{
	uint8_t *d = dst;

	if (off > img->size || len > img->size - off)
		return -1;
	if (img->fd < 0) {
		memcpy(dst, img->mem + off, len);
		return 0;
	}
	while (len > 0) {
		ssize_t r = pread(img->fd, d, len > (1u << 30) ? (1u << 30) : len, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		d += r;
		off += (uint64_t)r;
		len -= (uint64_t)r;
	}
	return 0;
}

/* A malloc'd copy of [off, off + len) with a NUL after it, or NULL. */
static void *sym_image_copy(const struct sym_image *img, uint64_t off, uint64_t len)
{
	uint8_t *p;

	if (len > SYM_MAX_SECTION || off > img->size || len > img->size - off)
		return NULL;
	p = xmalloc(len + 1);
	if (sym_image_read(img, off, len, p) < 0) {
		free(p);
		return NULL;
	}
	p[len] = '\0';
	return p;
}

/* Reads the ELF header, section headers and section names. */
static void sym_image_headers(struct sym_image *img)
{
	const Elf64_Ehdr *eh = &img->eh;
	const Elf64_Shdr *names;

	if (sym_image_read(img, 0, sizeof img->eh, &img->eh) < 0 ||
	    memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return;
	img->valid = 1;
	if (eh->e_shoff == 0 || eh->e_shnum == 0 || eh->e_shentsize != sizeof(Elf64_Shdr))
		return;
	img->sh = sym_image_copy(img, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr));
	if (img->sh == NULL)
		return;
	img->nsh = eh->e_shnum;
	if (eh->e_shstrndx >= img->nsh)
		return;
	names = &img->sh[eh->e_shstrndx];
	if (names->sh_type == SHT_NOBITS || names->sh_size > SYM_MAX_SHSTR)
		return;
	img->shstr = sym_image_copy(img, names->sh_offset, names->sh_size);
	img->shstr_size = img->shstr != NULL ? names->sh_size : 0;
}

/*
 * Opens a file for reading without ever blocking: only a regular file is
 * opened (checked before the open, so that no FIFO or device is opened at
 * all, and again on the descriptor, in case the path changed), with
 * O_NONBLOCK so that a FIFO put there in between cannot hold the open.
 */
static int sym_image_open(const char *path, struct sym_image *img)
{
	struct stat sb;
	int fd;

	memset(img, 0, sizeof *img);
	img->fd = -1;
	if (stat(path, &sb) < 0)
		return -1;
	if (!S_ISREG(sb.st_mode)) {
		errno = EINVAL;
		return -1;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size < sizeof(Elf64_Ehdr)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	img->fd = fd;
	img->size = (uint64_t)sb.st_size;
	sym_image_headers(img);
	return 0;
}

static void sym_image_release(struct sym_image *img)
{
	if (img->fd >= 0)
		close(img->fd);
	free(img->mem);
	free(img->sh);
	free(img->shstr);
	memset(img, 0, sizeof *img);
	img->fd = -1;
}

/* Whether a section's bytes lie in the image (NOBITS sections do not). */
static int sym_section_ok(const struct sym_image *img, const Elf64_Shdr *sh)
{
	return sh->sh_type != SHT_NOBITS && sh->sh_offset <= img->size &&
	       sh->sh_size <= img->size - sh->sh_offset;
}

static const Elf64_Shdr *sym_section_named(const struct sym_image *img, const char *want)
{
	if (img->shstr == NULL)
		return NULL;
	/* The copy ends in a NUL, so every name is terminated. */
	for (int i = 0; i < img->nsh; i++)
		if (img->sh[i].sh_name < img->shstr_size &&
		    strcmp(img->shstr + img->sh[i].sh_name, want) == 0)
			return &img->sh[i];
	return NULL;
}

static int sym_fn_cmp(const void *a, const void *b)
{
	const struct sym_fn *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->rank - y->rank;
}

/* Adds the sized functions of the first section of type; returns how many.
 * Names point into a copy of the string table that e keeps. */
static int sym_elf_add_symbols(struct sym_elf *e, const struct sym_image *img, uint32_t type)
{
	const Elf64_Shdr *sh = img->sh;
	int n = img->nsh, added = 0;

	for (int i = 0; sh != NULL && i < n; i++) {
		const Elf64_Shdr *strs;
		Elf64_Sym *syms;
		char *names;
		size_t nsyms;

		if (sh[i].sh_type != type || sh[i].sh_link >= (uint32_t)n ||
		    !sym_section_ok(img, &sh[i]) || !sym_section_ok(img, &sh[sh[i].sh_link]))
			continue;
		strs = &sh[sh[i].sh_link];
		nsyms = sh[i].sh_size / sizeof *syms;
		syms = sym_image_copy(img, sh[i].sh_offset, nsyms * sizeof *syms);
		/* The copy ends in a NUL: every name read from it ends. */
		names = sym_image_copy(img, strs->sh_offset, strs->sh_size);
		if (syms == NULL || names == NULL) {
			free(syms);
			free(names);
			break;
		}
		e->strs = xrealloc(e->strs, (e->nstrs + 1u) * sizeof *e->strs);
		e->strs[e->nstrs++] = names;
		e->fns = xrealloc(e->fns, (e->nfns + nsyms) * sizeof *e->fns);
		e->objs = xrealloc(e->objs, (e->nobjs + nsyms) * sizeof *e->objs);
		for (size_t k = 0; k < nsyms; k++) {
			const Elf64_Sym *s = &syms[k];
			int t = ELF64_ST_TYPE(s->st_info), b = ELF64_ST_BIND(s->st_info);
			struct sym_fn *f;

			if (s->st_size == 0 || s->st_shndx == SHN_UNDEF || s->st_name == 0 ||
			    s->st_name >= strs->sh_size)
				continue;
			if (t == STT_OBJECT) {
				f = &e->objs[e->nobjs++];
				f->start = s->st_value;
				f->size = s->st_size;
				f->name = names + s->st_name;
				f->rank = b == STB_GLOBAL ? 0 : b == STB_WEAK ? 1 : 2;
				continue;
			}
			if (t != STT_FUNC && t != STT_GNU_IFUNC)
				continue;
			f = &e->fns[e->nfns++];
			f->start = s->st_value;
			f->size = s->st_size;
			f->name = names + s->st_name;
			f->rank = b == STB_GLOBAL ? 0 : b == STB_WEAK ? 1 : 2;
			added++;
		}
		free(syms);
		break;
	}
	return added;
}

/*
 * The GNU build-id in notes (len bytes at p) as lowercase hex into hex
 * (size bytes), or "" when there is none or it does not fit.  All sizes
 * are worked out in 64 bits: a 32-bit descsz near 2^31 must not wrap.
 */
void sym_build_id_hex(const uint8_t *p, size_t len, char *hex, size_t size)
{
	const uint8_t *end = p + len;

	if (size > 0)
		hex[0] = '\0';
	while ((size_t)(end - p) >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		uint64_t namesz, descsz;
		const uint8_t *desc;

		memcpy(&nh, p, sizeof nh);
		namesz = ((uint64_t)nh.n_namesz + 3) & ~(uint64_t)3;
		descsz = ((uint64_t)nh.n_descsz + 3) & ~(uint64_t)3;
		if ((uint64_t)(end - p) < sizeof nh + namesz + descsz)
			return;
		desc = p + sizeof nh + namesz;
		if (nh.n_type == NT_GNU_BUILD_ID && (uint64_t)nh.n_descsz * 2 + 1 <= size) {
			for (uint32_t i = 0; i < nh.n_descsz; i++) {
				static const char digits[] = "0123456789abcdef";

				hex[2 * i] = digits[desc[i] >> 4];
				hex[2 * i + 1] = digits[desc[i] & 15];
			}
			hex[2 * (size_t)nh.n_descsz] = '\0';
			return;
		}
		p = desc + descsz;
	}
}

static void sym_elf_build_id(const struct sym_image *img, char *hex, size_t size)
{
	const Elf64_Shdr *sh = sym_section_named(img, ".note.gnu.build-id");
	uint8_t *notes;
	uint64_t len;

	hex[0] = '\0';
	if (sh == NULL || !sym_section_ok(img, sh))
		return;
	/* A build-id note is a few dozen bytes; more is not one. */
	len = sh->sh_size < SYM_MAX_NOTES ? sh->sh_size : SYM_MAX_NOTES;
	notes = sym_image_copy(img, sh->sh_offset, len);
	if (notes != NULL)
		sym_build_id_hex(notes, len, hex, size);
	free(notes);
}

/* Opens try as the debug file if it is a readable ELF file. */
static int sym_try_debug(struct sym_image *dbg, char *try)
{
	if (sym_image_open(try, dbg) == 0 && !dbg->valid)
		sym_image_release(dbg);
	free(try);
	return dbg->fd >= 0;
}

/*
 * Looks for the separate debug file of the file the target knows as path,
 * seen from here under root ("" or "/proc/PID/root"): by build-id in
 * ROOT/usr/lib/debug/.build-id/xx/rest.debug, then the .gnu_debuglink name
 * beside the file, in its .debug/, and under ROOT/usr/lib/debug/DIR; the
 * container's own debug files first, then the host's.
 */
static void sym_elf_open_debug(const struct sym_image *img, struct sym_image *dbg, const char *root,
                               const char *path)
{
	const char *roots[2] = {root, ""};
	int nroots = root[0] != '\0' ? 2 : 1;
	const Elf64_Shdr *link;
	char id[128], *dir, *slash, *name;

	sym_elf_build_id(img, id, sizeof id);
	for (int r = 0; r < nroots && strlen(id) > 2; r++)
		if (sym_try_debug(dbg, xasprintf("%s/usr/lib/debug/.build-id/%.2s/%s.debug",
		                                 roots[r], id, id + 2)))
			return;
	link = sym_section_named(img, ".gnu_debuglink");
	if (link == NULL || !sym_section_ok(img, link) || link->sh_size < 2 || link->sh_size > 4096)
		return;
	name = sym_image_copy(img, link->sh_offset, link->sh_size);
	/* A name with a slash could climb out of the directories below. */
	if (name == NULL || name[0] == '\0' || strchr(name, '/') != NULL) {
		free(name);
		return;
	}
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	/* A debuglink naming the file itself would find no symbols. */
	if ((slash == NULL || strcmp(slash + 1, name) != 0) &&
	    sym_try_debug(dbg, xasprintf("%s%s/%s", root, dir, name)))
		goto out;
	if (sym_try_debug(dbg, xasprintf("%s%s/.debug/%s", root, dir, name)))
		goto out;
	for (int r = 0; r < nroots; r++)
		if (sym_try_debug(dbg, xasprintf("%s/usr/lib/debug%s/%s", roots[r], dir, name)))
			goto out;
out:
	free(dir);
	free(name);
}

#ifdef HAVE_LZMA
/* The most a .gnu_debugdata image may decompress to, and the decoder's
 * memory: the target's file could be a compression bomb. */
#define SYM_MAX_DEBUGDATA (64ull << 20)
#define SYM_LZMA_MEMLIMIT (128ull << 20)

/*
 * MiniDebugInfo: .gnu_debugdata holds an xz-compressed ELF image whose
 * .symtab has the functions .dynsym lacks (static ones).  Decompressed
 * into memory, bounded; 0 with mini filled, or -1.
 */
static int sym_open_debugdata(const struct sym_image *img, struct sym_image *mini)
{
	const Elf64_Shdr *sh = sym_section_named(img, ".gnu_debugdata");
	uint64_t memlimit;
	size_t in_pos, out_pos, cap = 1u << 20;
	uint8_t *in, *out = NULL;
	lzma_ret r;

	if (sh == NULL || !sym_section_ok(img, sh) || sh->sh_size == 0 ||
	    sh->sh_size > SYM_MAX_DEBUGDATA)
		return -1;
	in = sym_image_copy(img, sh->sh_offset, sh->sh_size);
	if (in == NULL)
		return -1;
	/* Grow the output until it fits or reaches the bound. */
	for (;;) {
		out = xrealloc(out, cap);
		in_pos = out_pos = 0;
		memlimit = SYM_LZMA_MEMLIMIT;
		r = lzma_stream_buffer_decode(&memlimit, 0, NULL, in, &in_pos, sh->sh_size, out,
		                              &out_pos, cap);
		if (r != LZMA_BUF_ERROR || cap >= SYM_MAX_DEBUGDATA)
			break;
		cap *= 4;
	}
	free(in);
	if (r != LZMA_OK || out_pos < sizeof(Elf64_Ehdr)) {
		free(out);
		return -1;
	}
	memset(mini, 0, sizeof *mini);
	mini->fd = -1;
	mini->mem = out;
	mini->size = out_pos;
	sym_image_headers(mini);
	return mini->valid ? 0 : -1;
}
#endif

/* Sorts by start and keeps the best-ranked name of aliases sharing one. */
static int sym_fn_sort_unique(struct sym_fn *v, int n)
{
	int w = 0;

	if (n > 0)
		qsort(v, (size_t)n, sizeof *v, sym_fn_cmp);
	for (int i = 0; i < n; i++)
		if (w == 0 || v[w - 1].start != v[i].start)
			v[w++] = v[i];
	return w;
}

static void sym_elf_index_symbols(struct sym_elf *e, const struct sym_image *img, const char *root,
                                  const char *path)
{
	struct sym_image dbg = {.fd = -1};

	if (sym_elf_add_symbols(e, img, SHT_SYMTAB) == 0) {
		/* A table with no functions may still have had objects:
		 * the next table is read whole instead. */
		e->nobjs = 0;
		if (path != NULL)
			sym_elf_open_debug(img, &dbg, root, path);
		if (dbg.fd < 0 || sym_elf_add_symbols(e, &dbg, SHT_SYMTAB) == 0) {
			e->nobjs = 0;
			sym_elf_add_symbols(e, img, SHT_DYNSYM);
#ifdef HAVE_LZMA
			{
				struct sym_image mini = {.fd = -1};

				/* MiniDebugInfo has what .dynsym lacks: both. */
				if (sym_open_debugdata(img, &mini) == 0)
					sym_elf_add_symbols(e, &mini, SHT_SYMTAB);
				sym_image_release(&mini);
			}
#endif
		}
		sym_image_release(&dbg);
	}
	e->nfns = sym_fn_sort_unique(e->fns, e->nfns);
	e->nobjs = sym_fn_sort_unique(e->objs, e->nobjs);
}

int sym_elf_bias(const struct sym_elf *e, uint64_t map_start, uint64_t map_off, uint64_t *bias)
{
	/* Executable segments first: the page holding the end of one
	 * segment and the start of the next is mapped for both, and we only
	 * look up code. */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < e->nloads; i++) {
			const Elf64_Phdr *ph = &e->loads[i];
			uint64_t base = ph->p_offset & ~(uint64_t)0xfff;

			if (pass == 0 && !(ph->p_flags & PF_X))
				continue;
			/* Mappings start on page boundaries, segments need not. */
			if (map_off >= base && map_off < ph->p_offset + ph->p_filesz) {
				*bias = map_start - (ph->p_vaddr + map_off - ph->p_offset);
				return 0;
			}
		}
	}
	return -1;
}

static int sym_elf_index_loads(struct sym_elf *e, const struct sym_image *img)
{
	const Elf64_Ehdr *eh = &img->eh;
	Elf64_Phdr *ph;

	if (eh->e_phentsize != sizeof *ph)
		return -1;
	ph = sym_image_copy(img, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof *ph);
	if (ph == NULL)
		return -1;
	e->loads = xcalloc(eh->e_phnum + 1u, sizeof *e->loads);
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD)
			e->loads[e->nloads++] = ph[i];
	free(ph);
	return 0;
}

/* Indexes img and releases it: nothing of it is kept but copies. */
static struct sym_elf *sym_elf_index(struct sym_image *img, const char *root, const char *path,
                                     char **cause)
{
	struct sym_elf *e = xcalloc(1, sizeof *e);
	const Elf64_Shdr *eh_frame;

	if (!img->valid) {
		set_cause(cause, "%s: not a 64-bit little-endian ELF file", path ? path : "image");
		goto fail;
	}
	if (sym_elf_index_loads(e, img) < 0) {
		set_cause(cause, "%s: bad program headers", path ? path : "image");
		goto fail;
	}
	sym_elf_index_symbols(e, img, root, path);
	eh_frame = sym_section_named(img, ".eh_frame");
	if (eh_frame != NULL && sym_section_ok(img, eh_frame)) {
		uint8_t *p = sym_image_copy(img, eh_frame->sh_offset, eh_frame->sh_size);

		if (p != NULL)
			e->ranges = sym_ehframe_ranges(p, eh_frame->sh_size, eh_frame->sh_addr,
			                               &e->nranges);
		free(p);
	}
	sym_image_release(img);
	return e;
fail:
	sym_image_release(img);
	sym_elf_free(e);
	return NULL;
}

struct sym_elf *sym_elf_open(const char *path, char **cause)
{
	return sym_elf_open_as(path, "", path, cause);
}

struct sym_elf *sym_elf_open_as(const char *open_path, const char *root, const char *path,
                                char **cause)
{
	struct sym_image img;

	if (sym_image_open(open_path, &img) < 0) {
		set_cause(cause, "%s: %s", path,
		          errno == EINVAL ? "not a regular file" : strerror(errno));
		return NULL;
	}
	return sym_elf_index(&img, root, path, cause);
}

struct sym_elf *sym_elf_from_mem(void *data, size_t size, char **cause)
{
	struct sym_image img;

	memset(&img, 0, sizeof img);
	img.fd = -1;
	img.mem = data;
	img.size = size;
	sym_image_headers(&img);
	return sym_elf_index(&img, "", NULL, cause);
}

void sym_elf_free(struct sym_elf *e)
{
	if (e == NULL)
		return;
	for (int i = 0; i < e->nstrs; i++)
		free(e->strs[i]);
	free(e->strs);
	free(e->loads);
	free(e->fns);
	free(e->objs);
	free(e->ranges);
	free(e);
}

enum sym_kind sym_elf_lookup(const struct sym_elf *e, uint64_t vaddr, const char **name,
                             uint64_t *start, uint64_t *size)
{
	int lo = 0, hi = e->nfns - 1, best = -1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (e->fns[mid].start <= vaddr) {
			best = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	/* A few steps back cover a small function nested in a larger one's
	 * span (rare); never take a name whose size does not reach vaddr. */
	for (int i = best; i >= 0 && i > best - 4; i--) {
		if (vaddr - e->fns[i].start < e->fns[i].size) {
			*name = e->fns[i].name;
			*start = e->fns[i].start;
			*size = e->fns[i].size;
			return SYM_NAMED;
		}
	}
	lo = 0;
	hi = e->nranges - 1;
	best = -1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (e->ranges[mid].start <= vaddr) {
			best = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	if (best >= 0 && vaddr < e->ranges[best].end) {
		*name = NULL;
		*start = e->ranges[best].start;
		*size = e->ranges[best].end - e->ranges[best].start;
		return SYM_RANGE;
	}
	*name = NULL;
	*start = vaddr;
	*size = 0;
	return SYM_NONE;
}

int sym_elf_address(const struct sym_elf *e, const char *name, uint64_t *start)
{
	for (int i = 0; i < e->nfns; i++) {
		if (strcmp(e->fns[i].name, name) == 0) {
			*start = e->fns[i].start;
			return 0;
		}
	}
	return -1;
}

int sym_elf_nsyms(const struct sym_elf *e)
{
	return e->nfns;
}

int sym_elf_nranges(const struct sym_elf *e)
{
	return e->nranges;
}

int sym_elf_loaded(const struct sym_elf *e, uint64_t vaddr)
{
	for (int i = 0; i < e->nloads; i++)
		if (vaddr >= e->loads[i].p_vaddr &&
		    vaddr - e->loads[i].p_vaddr < e->loads[i].p_memsz)
			return 1;
	return 0;
}

int sym_elf_lookup_data(const struct sym_elf *e, uint64_t vaddr, const char **name, uint64_t *start,
                        uint64_t *size)
{
	int lo = 0, hi = e->nobjs - 1, best = -1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (e->objs[mid].start <= vaddr) {
			best = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	/* Objects do not nest, but a few steps back cover a small object
	 * inside a larger one's span (a member given its own symbol). */
	for (int i = best; i >= 0 && i > best - 4; i--) {
		if (vaddr - e->objs[i].start < e->objs[i].size) {
			*name = e->objs[i].name;
			*start = e->objs[i].start;
			*size = e->objs[i].size;
			return 0;
		}
	}
	return -1;
}

int sym_elf_nobjs(const struct sym_elf *e)
{
	return e->nobjs;
}
