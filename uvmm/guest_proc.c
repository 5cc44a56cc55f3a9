// SPDX-License-Identifier: GPL-2.0
/*
 * Guest processes (guest_proc.h): the life of one, its queue of mapping
 * changes, and running guest user code in it under PTRACE_SYSEMU. The
 * pieces: guest_proc_spawn.c (start, end), guest_proc_batch.c (the queue
 * carried out by the stub), guest_proc_fpu.c (lazy FPU state),
 * guest_proc_pin.c (CPU placement). docs/guest-processes.md tells the whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_proc_internal.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

extern const char guest_proc_stub_image[], guest_proc_stub_image_end[];

int guest_proc_mem_fd = -1;
int guest_proc_stub_fd = -1;

/* The processes this thread traces; the pid its guest_proc_run() runs. */
static __thread struct guest_proc *procs;
static __thread pid_t running_pid;

struct guest_proc **guest_proc_list(void)
{
	return &procs;
}

/* The stub's image in a sealed memfd, exec'd from there by every child. */
static int stub_memfd(char *err, size_t errlen)
{
	size_t len = guest_proc_stub_image_end - guest_proc_stub_image;
	ssize_t n;
	int fd;

	fd = memfd_create("uvmm-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
	if (fd < 0 && errno == EINVAL)	/* kernels before 6.3 know no MFD_EXEC */
		fd = memfd_create("uvmm-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0) {
		snprintf(err, errlen, "guest processes: memfd for the stub: %s",
			 strerror(errno));
		return -1;
	}
	n = write(fd, guest_proc_stub_image, len);
	if (n != (ssize_t)len ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW |
				   F_SEAL_WRITE) < 0) {
		snprintf(err, errlen, "guest processes: writing the stub: %s",
			 n < 0 || n == (ssize_t)len ? strerror(errno) : "short write");
		close(fd);
		return -1;
	}
	return fd;
}

int guest_proc_setup(int mem_fd, char *err, size_t errlen)
{
	if (mem_fd < 0 || fcntl(mem_fd, F_GETFD) < 0) {
		snprintf(err, errlen, "guest processes: bad memory file fd %d", mem_fd);
		return -1;
	}
	if (guest_proc_stub_fd < 0) {
		guest_proc_stub_fd = stub_memfd(err, errlen);
		if (guest_proc_stub_fd < 0)
			return -1;
	}
	if (guest_proc_fpu_setup() < 0) {
		snprintf(err, errlen, "guest processes: out of memory");
		return -1;
	}
	guest_proc_mem_fd = mem_fd;
	return 0;
}

static void unlink_proc(struct guest_proc *p)
{
	struct guest_proc **pp;

	for (pp = &procs; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			return;
		}
}

static void free_proc(struct guest_proc *p)
{
	guest_proc_reap(p);
	if (p->page)
		munmap(p->page, STUB_PAGE_SIZE);
	free(p);
}

long guest_proc_create(struct guest_proc **out)
{
	struct guest_proc *p;
	long err;
	int tries;

	if (guest_proc_stub_fd < 0 || guest_proc_mem_fd < 0)
		return -EINVAL;	/* guest_proc_setup() first */
	/*
	 * Where exec's stack is randomized (no ADDR_NO_RANDOMIZE allowed), it
	 * can, rarely, cover the stub's fixed address: exec fails, try again.
	 */
	for (tries = 0; tries < 3; tries++) {
		p = calloc(1, sizeof(*p));
		if (!p)
			return -ENOMEM;
		p->cpu = -1;
		err = guest_proc_spawn(p);
		if (!err)
			break;
		free_proc(p);
		if (err != -ENOEXEC)
			return err;
	}
	if (err)
		return err;
	p->next = procs;
	procs = p;
	*out = p;
	return 0;
}

void guest_proc_destroy(struct guest_proc *p)
{
	if (!p)
		return;
	unlink_proc(p);
	free_proc(p);
}

static long queue(struct guest_proc *p, uint32_t op, uint64_t virt,
		  uint64_t len, uint64_t off, uint32_t prot)
{
	struct stub_page *pg = p->page;
	long err;

	if ((virt | len | off) & (STUB_PAGE_SIZE - 1) || !len ||
	    virt >= UVMM_USER_TOP || len > UVMM_USER_TOP - virt ||
	    (prot & ~(uint32_t)(UVMM_PROT_READ | UVMM_PROT_WRITE | UVMM_PROT_EXEC)))
		return -EINVAL;
	if (p->broken)
		return p->broken;
	if (!p->pid)
		return -ESRCH;
	/* Keep one slot: a batch short of host mappings puts an unmap-all first. */
	if (pg->count >= STUB_MAX_OPS - 1) {
		err = guest_proc_flush(p);
		if (err)
			return err;
	}
	/* UVMM_PROT_* have the host's PROT_* values. */
	pg->ops[pg->count] = (struct stub_op){
		.op = op, .prot = prot, .addr = virt, .len = len, .off = off,
	};
	pg->count++;
	return 0;
}

long guest_proc_map(struct guest_proc *p, uint64_t virt, uint64_t file_off,
		    uint64_t len, uint32_t prot)
{
	return queue(p, STUB_OP_MAP, virt, len, file_off, prot);
}

long guest_proc_unmap(struct guest_proc *p, uint64_t virt, uint64_t len)
{
	return queue(p, STUB_OP_UNMAP, virt, len, 0, 0);
}

long guest_proc_protect(struct guest_proc *p, uint64_t virt, uint64_t len,
			uint32_t prot)
{
	return queue(p, STUB_OP_PROTECT, virt, len, 0, prot);
}

void guest_proc_interrupt(void)
{
	pid_t pid = __atomic_load_n(&running_pid, __ATOMIC_RELAXED);
	int saved = errno;

	if (pid > 0)
		syscall(SYS_ptrace, PTRACE_INTERRUPT, pid, 0, 0);
	errno = saved;
}

/* guest regs + t -> the host's view; segments are always user ones. */
static long load_regs(struct guest_proc *p, const struct uvmm_regs *regs,
		      const struct uvmm_user_thread *t)
{
	struct user_regs_struct r;

	_Static_assert(sizeof(*regs) == offsetof(struct user_regs_struct, fs_base),
		       "struct uvmm_regs is user_regs_struct up to ss");
	memset(&r, 0, sizeof(r));
	memcpy(&r, regs, sizeof(*regs));
	r.cs = USER_CS;
	r.ss = USER_SS;
	/*
	 * Never a syscall number: the host must not apply its own syscall
	 * restart (-ERESTART* in ax) to what the guest kernel returns.
	 */
	r.orig_rax = -1;
	r.fs_base = t->fs_base;
	r.gs_base = t->gs_base;
	if (ptrace(PTRACE_SETREGS, p->pid, 0, &r) < 0)
		return errno == EIO ? -EINVAL : -ESRCH;	/* EIO: a base >= TASK_SIZE */
	return 0;
}

static long store_regs(struct guest_proc *p, struct uvmm_regs *regs,
		       struct uvmm_user_thread *t)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, p->pid, 0, &r) < 0)
		return -ESRCH;
	memcpy(regs, &r, sizeof(*regs));
	t->fs_base = r.fs_base;
	t->gs_base = r.gs_base;
	return 0;
}

static int is_fault_signal(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
	       sig == SIGFPE || sig == SIGTRAP;
}

/* What the stop in status means for the guest. */
static long classify(struct guest_proc *p, int status,
		     struct uvmm_user_thread *t)
{
	int sig = WSTOPSIG(status);
	siginfo_t si;

	if (sig == (SIGTRAP | 0x80))
		return UVMM_USER_SYSCALL;
	if ((status >> 16) != 0)
		return UVMM_USER_INTERRUPT;	/* PTRACE_INTERRUPT, a group stop */
	if (ptrace(PTRACE_GETSIGINFO, p->pid, 0, &si) < 0)
		return -ESRCH;
	/* si_code <= 0: sent by someone (kill, tgkill), not a CPU exception. */
	if (!is_fault_signal(sig) || si.si_code <= 0)
		return UVMM_USER_INTERRUPT;	/* dropped: never delivered */
	t->fault.addr = (uint64_t)(uintptr_t)si.si_addr;
	t->fault.signo = sig;
	t->fault.code = si.si_code;
	t->fault.trapno = UVMM_TRAP_UNKNOWN;
	t->fault.error_code = UVMM_TRAP_UNKNOWN;
	return UVMM_USER_FAULT;
}

/* The state the guest kernel passed could not be loaded: like XRSTOR's #GP. */
static long bad_state_fault(struct uvmm_user_thread *t)
{
	memset(&t->fault, 0, sizeof(t->fault));
	t->fault.signo = SIGSEGV;
	t->fault.code = SI_KERNEL;
	t->fault.trapno = UVMM_TRAP_UNKNOWN;
	t->fault.error_code = UVMM_TRAP_UNKNOWN;
	return UVMM_USER_FAULT;
}

long guest_proc_run(struct guest_proc *p, struct uvmm_regs *regs,
		    struct uvmm_user_thread *t, const volatile uint64_t *irq_pending)
{
	long err, ev;
	int status;

	if (!p->pid)
		return -ESRCH;
	if (p->broken)
		return p->broken;
	if (*irq_pending)
		return UVMM_USER_INTERRUPT;
	err = guest_proc_flush(p);
	if (err)
		return err;
	err = guest_proc_fpu_load(p, t);
	if (!err)
		err = load_regs(p, regs, t);
	if (err == -EINVAL)
		return bad_state_fault(t);
	if (err == -ENOMEM)
		return err;
	if (err)
		goto gone;
	guest_proc_pin(p);

	/*
	 * Published before *irq_pending is read: an interrupt signal that
	 * comes after the check finds the pid and stops the run; one that
	 * came before it set *irq_pending, which we see.
	 */
	__atomic_store_n(&running_pid, p->pid, __ATOMIC_SEQ_CST);
	if (*irq_pending) {
		__atomic_store_n(&running_pid, 0, __ATOMIC_SEQ_CST);
		return UVMM_USER_INTERRUPT;
	}
	if (ptrace(PTRACE_SYSEMU, p->pid, 0, 0) < 0) {
		__atomic_store_n(&running_pid, 0, __ATOMIC_SEQ_CST);
		goto gone;
	}
	err = guest_proc_wait(p, &status);
	__atomic_store_n(&running_pid, 0, __ATOMIC_SEQ_CST);
	if (err)
		return err;
	ev = classify(p, status, t);
	if (ev < 0)
		goto gone;
	if (store_regs(p, regs, t) < 0)
		goto gone;
	return ev;
gone:
	guest_proc_reap(p);
	return -ESRCH;
}

void guest_proc_forget(struct guest_proc *p, struct uvmm_user_thread *t)
{
	struct guest_proc *q;

	(void)p;	/* any process of this tracer may hold t's state */
	for (q = procs; q; q = q->next)
		if (q->fpu_owner == t)
			q->fpu_owner = NULL;
}
