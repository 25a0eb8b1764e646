/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unwind: the one offline unwinder.  Both sampler back ends hand it a copy
 * of a thread's registers and of the top of its stack, taken while the
 * thread was held (ptrace) or by the kernel at the sample (perf).  The
 * unwinding itself happens afterwards, with the thread running again.
 *
 * It is a libunwind remote address space: registers come from the copy,
 * memory from the copy when the address falls inside it and from the
 * target with process_vm_readv otherwise (code, .eh_frame, the stack
 * beyond the copy), and the unwind-table lookups are delegated to
 * libunwind-ptrace's _UPT_* functions, which read the ELF files named in
 * /proc/PID/maps and never stop the target.  It does not symbolize: it
 * returns addresses (symbols.c turns them into names).
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

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include <libunwind-ptrace.h>
#include <libunwind.h>

#include "unwind.h"
#include "util.h"

struct unwinder {
	pid_t pid;
	uint64_t vm_reads;
	unw_addr_space_t as;
	void *upt; /* _UPT_create(pid): ELF unwind tables */
};

/* The unwind in progress (see the note at the top). */
static const struct stack_copy *unwind_copy;
static struct unwinder *unwind_cur;

/* libunwind's x86-64 register numbers → perf's PERF_REG_X86_* order. */
static int unwind_perf_index(unw_regnum_t reg)
{
	switch (reg) {
	case UNW_X86_64_RAX:
		return 0;
	case UNW_X86_64_RBX:
		return 1;
	case UNW_X86_64_RCX:
		return 2;
	case UNW_X86_64_RDX:
		return 3;
	case UNW_X86_64_RSI:
		return 4;
	case UNW_X86_64_RDI:
		return 5;
	case UNW_X86_64_RBP:
		return 6;
	case UNW_X86_64_RSP:
		return 7;
	case UNW_X86_64_RIP:
		return 8;
	default:
		if (reg >= UNW_X86_64_R8 && reg <= UNW_X86_64_R15)
			return 16 + (reg - UNW_X86_64_R8);
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

/* Table lookups: the _UPT functions want their own context as argument. */
static int unwind_find_proc_info(unw_addr_space_t as, unw_word_t ip, unw_proc_info_t *pi, int need,
                                 void *arg)
{
	(void)arg;
	return _UPT_find_proc_info(as, ip, pi, need, unwind_cur->upt);
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
	/* The per-IP register-state cache is what makes this ~20 µs/sample. */
	unw_set_caching_policy(u->as, UNW_CACHE_GLOBAL);
	u->upt = _UPT_create(pid);
	if (u->upt == NULL) {
		set_cause(cause, "libunwind-ptrace: cannot create a context for %d", (int)pid);
		goto fail;
	}
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
	if (unw_init_remote(&cur, u->as, u) < 0) {
		/* No unwinding possible, but the PC alone is still a sample. */
		if (c->regs[8] != 0)
			ips[n++] = c->regs[8];
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
