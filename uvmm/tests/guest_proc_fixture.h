/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the guest process tests: a memory file holding the snippets
 * (guest_proc_snippets.S) at offset 0 and free pages after it, regs to run
 * a snippet, and /proc helpers.
 */
#ifndef UVMM_TESTS_GUEST_PROC_FIXTURE_H
#define UVMM_TESTS_GUEST_PROC_FIXTURE_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guest_proc/internal.h"
#include "tap.h"

#define GUEST_CODE	0x400000UL	/* where the snippet page is mapped */
#define GUEST_DATA	0x600000UL	/* a data page, mapped by the tests */
#define MEM_SIZE	(1UL << 20)
#define CODE_OFF	0		/* snippet page in the memory file */
#define DATA_OFF	0x10000UL	/* data pages in the memory file */
#define PAGE		4096UL

#define SNIP_DECL(n) extern const char snip_##n[], snip_##n##_end[]
SNIP_DECL(syscall); SNIP_DECL(load); SNIP_DECL(store); SNIP_DECL(ud2);
SNIP_DECL(divzero); SNIP_DECL(int3); SNIP_DECL(tls); SNIP_DECL(spin);
SNIP_DECL(fpu); SNIP_DECL(sysloop); SNIP_DECL(vsyscall); SNIP_DECL(site);
extern const char snip_site_at[], snip_site_after[], snip_pkru[], snip_site_read[];
extern const char snip_syscall_after[], snip_int3_after[];

/* All snippets are copied as one block, so each keeps its offset. */
#define SNIP_FIRST snip_syscall
#define SNIP_LAST  snip_fpu_end
#define GUEST_ADDR(sym) (GUEST_CODE + (uint64_t)((sym) - SNIP_FIRST))

static uint64_t no_irq;

static inline int fixture_mem(void)
{
	char err[256];
	int fd = memfd_create("guest-proc-test-mem", MFD_CLOEXEC);

	if (fd < 0 || ftruncate(fd, MEM_SIZE) < 0 ||
	    pwrite(fd, SNIP_FIRST, SNIP_LAST - SNIP_FIRST, CODE_OFF) !=
		    SNIP_LAST - SNIP_FIRST) {
		bail_out("memory file: %s", strerror(errno));
	}
	if (guest_proc_setup(fd, err, sizeof(err)) < 0)
		bail_out("%s", err);
	/* The tests run on each gate: UVMM_TEST_GATE=fast picks the fast one. */
	if (getenv("UVMM_TEST_GATE") && strcmp(getenv("UVMM_TEST_GATE"), "fast") == 0 &&
	    guest_proc_use_fast(1, err, sizeof(err)) < 0)
		bail_out("no fast gate: %s", err);
	return fd;
}

/* A process with the snippet page mapped at GUEST_CODE; bails out if not. */
static inline struct guest_proc *fixture_proc(void)
{
	struct guest_proc *p;
	long err = guest_proc_create(&p);

	if (!err)
		err = guest_proc_map(p, GUEST_CODE, CODE_OFF, PAGE,
				     UVMM_PROT_READ | UVMM_PROT_EXEC);
	if (err)
		bail_out("guest_proc_create/map: %s", strerror(-err));
	return p;
}

/* Registers that start the snippet at sym; a stack pointer that is unused. */
static inline void regs_at(struct uvmm_regs *r, const char *sym)
{
	memset(r, 0, sizeof(*r));
	r->ip = GUEST_ADDR(sym);
	r->sp = GUEST_DATA + PAGE - 64;
	r->flags = 0x202;
	r->orig_ax = -1;
}

/* A user thread with its own XSAVE buffer (64-byte aligned, like XSAVE's). */
static inline void thread_init(struct uvmm_user_thread *t)
{
	void *buf = NULL;

	memset(t, 0, sizeof(*t));
	if (posix_memalign(&buf, 64, guest_proc_xstate_size()) || !buf)
		bail_out("no memory");
	memset(buf, 0, guest_proc_xstate_size());
	t->xstate = (uint64_t)(uintptr_t)buf;
}

static inline void thread_free(struct guest_proc *p, struct uvmm_user_thread *t)
{
	guest_proc_forget(p, t);
	free((void *)(uintptr_t)t->xstate);
}

static inline long run(struct guest_proc *p, struct uvmm_regs *r,
		       struct uvmm_user_thread *t)
{
	return guest_proc_run(p, r, t, &no_irq);
}

/* Entries in /proc/<pid>/fd (or self), not counting . and .. */
static inline int count_fds(const char *pid)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%s/fd", pid);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n - (strcmp(pid, "self") == 0);	/* the DIR's own fd */
}

static inline int count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	int n = 0, c;

	if (!f)
		return -1;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/* The process is gone: no such pid, not even a zombie of ours. */
static inline bool pid_gone(pid_t pid)
{
	return kill(pid, 0) < 0 && errno == ESRCH;
}

#endif
