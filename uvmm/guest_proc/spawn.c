// SPDX-License-Identifier: GPL-2.0
/*
 * Starting and ending a guest process: clone, exec the embedded stub from
 * its memfd with only the memory file and the request page (and on the
 * fast gate the mailbox) as fds, seize it (PTRACE_O_EXITKILL: it dies with
 * its tracer thread) and wait until the stub has emptied its address space
 * and says it is ready with int3. The fast gate then lets it go (fast.c);
 * PR_SET_PDEATHSIG still ties it to the thread that made it. Launching and
 * waiting for ready are two steps, so that a spare can get ready while the
 * guest goes on (spare.c).
 *
 * The child shares uvmm's memory until its exec (CLONE_VM, as posix_spawn
 * does): a fork would copy uvmm's page tables only for the exec to tear
 * them down again, some 0.2 ms a process here. So it runs on a stack of
 * its own, which goes when the stub says it is ready or the child has been
 * reaped, with every signal blocked (a uvmm handler must never run in it;
 * the stub unblocks them), and it makes only plain system calls. uvmm
 * seizes the child as it goes; the stub waits for that (the go word of its
 * request page) before it does anything a tracer should see. CLONE_UNTRACED
 * keeps a debugger of uvmm away from the child: gdb, told of a fork, would
 * take its breakpoints out of the child's memory, which is uvmm's.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_proc/internal.h"


/* First fd above the ones the stub expects, for shuffling. */
#define SHUFFLE_FD_MIN (STUB_DEV_FD0 + STUB_MAX_DEVS)
/* The stub's image is executed from the fd right after the mailbox's. */
_Static_assert(STUB_DEV_FD0 == STUB_MBOX_FD + 2, "the device fds follow the stub's image");

int guest_proc_stub_exec_fd(void)
{
	return STUB_MBOX_FD + 1;
}

struct spawn_args {
	int mem_fd, req_fd, mbox_fd;
	pid_t parent;
};

#define SPAWN_STACK_SIZE (16 * 1024)

/*
 * Not instrumented by AddressSanitizer (the tests' builds): its poisoning
 * of this frame would stay in uvmm's shadow memory after the exec and
 * make a false error of whatever is mapped there next.
 */
static int __attribute__((no_sanitize("address"))) child(void *arg)
{
	static char *const argv[] = { "uvmm-stub", NULL };
	static char *const envp[] = { NULL };
	const struct spawn_args *a = arg;
	int mem_fd = a->mem_fd, req_fd = a->req_fd, mbox_fd = a->mbox_fd;
	int m, r, b = -1, s, dev[STUB_MAX_DEVS];
	unsigned int i;

	/* Until the tracer has seized the stub, only PDEATHSIG ties it to us. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != a->parent)
		_exit(125);
	/* Best effort: keeps the exec stack away from the stub's address. */
	personality(personality(0xffffffff) | ADDR_NO_RANDOMIZE);

	m = fcntl(mem_fd, F_DUPFD_CLOEXEC, SHUFFLE_FD_MIN);
	r = fcntl(req_fd, F_DUPFD_CLOEXEC, SHUFFLE_FD_MIN);
	if (mbox_fd >= 0)
		b = fcntl(mbox_fd, F_DUPFD_CLOEXEC, SHUFFLE_FD_MIN);
	s = fcntl(guest_proc_stub_fd, F_DUPFD_CLOEXEC, SHUFFLE_FD_MIN);
	for (i = 0; i < guest_proc_nr_dev_fds; i++)	/* all moved out first */
		if ((dev[i] = fcntl(guest_proc_dev_fds[i], F_DUPFD_CLOEXEC, SHUFFLE_FD_MIN)) < 0)
			_exit(125);
	if (m < 0 || r < 0 || s < 0 || (mbox_fd >= 0 && b < 0) ||
	    dup2(m, STUB_MEM_FD) < 0 || dup2(r, STUB_REQ_FD) < 0 ||
	    (b >= 0 && dup2(b, STUB_MBOX_FD) < 0) ||
	    dup3(s, STUB_MBOX_FD + 1, O_CLOEXEC) < 0)
		_exit(125);
	for (i = 0; i < guest_proc_nr_dev_fds; i++)
		if (dup2(dev[i], STUB_DEV_FD0 + i) < 0)
			_exit(125);
	/* Nothing else: a fast gate's mailbox is fd 5, the tracer has none. */
	if (syscall(SYS_close_range, 0, 2, 0) < 0 ||
	    (b < 0 && syscall(SYS_close_range, STUB_MBOX_FD, STUB_MBOX_FD, 0) < 0) ||
	    syscall(SYS_close_range, STUB_DEV_FD0 + guest_proc_nr_dev_fds, ~0U, 0) < 0)
		_exit(125);
	syscall(SYS_execveat, STUB_MBOX_FD + 1, "", argv, envp, AT_EMPTY_PATH);
	_exit(126);
}

long guest_proc_wait(struct guest_proc *p, int *status)
{
	pid_t r;

	if (!p->pid)
		return -ESRCH;
	do
		r = waitpid(p->pid, status, __WALL);
	while (r < 0 && errno == EINTR);
	if (r < 0 || WIFEXITED(*status) || WIFSIGNALED(*status)) {
		p->exit_status = r < 0 ? -1 : *status;
		p->pid = 0;
		return -ESRCH;
	}
	return 0;
}

void guest_proc_reap(struct guest_proc *p)
{
	int status;

	if (!p->pid)
		return;
	kill(p->pid, SIGKILL);
	while (guest_proc_wait(p, &status) == 0)
		;	/* a stop reported before the kill took effect */
}

/* Resume p from a stop with PTRACE_CONT, the signal suppressed. */
static long cont(struct guest_proc *p)
{
	return ptrace(PTRACE_CONT, p->pid, 0, 0) < 0 ? -errno : 0;
}

/* Until the stub's ready int3: suppress anything else that stops it. */
static long wait_ready(struct guest_proc *p)
{
	siginfo_t si;
	int status;
	long err;

	for (;;) {
		err = guest_proc_wait(p, &status);
		if (err)
			return -ENOEXEC;	/* the child never became the stub */
		if (WSTOPSIG(status) == SIGTRAP && (status >> 16) == 0 &&
		    ptrace(PTRACE_GETSIGINFO, p->pid, 0, &si) == 0 &&
		    si.si_code == SI_KERNEL)
			break;
		/*
		 * The stub faulted (a CPU fault, not a signal someone sent):
		 * resuming would run the same instruction again, forever.
		 */
		if ((status >> 16) == 0 && WSTOPSIG(status) != SIGTRAP &&
		    ptrace(PTRACE_GETSIGINFO, p->pid, 0, &si) == 0 && si.si_code > 0 &&
		    (si.si_signo == SIGSEGV || si.si_signo == SIGBUS ||
		     si.si_signo == SIGILL || si.si_signo == SIGFPE)) {
			guest_proc_reap(p);
			return -ENOEXEC;
		}
		err = cont(p);
		if (err)
			return err;
	}
	/*
	 * Taken once, now that the stub has only run its own code: later
	 * the page is only as safe as the stub's mprotect that hides it.
	 */
	p->batch_entry = p->page->batch_entry;
	p->traced_report = p->page->traced_report;
	p->traced_tail = p->page->traced_tail;
	p->batch_stack = p->page->stack_top;
	if (p->page->magic != STUB_MAGIC ||
	    p->batch_entry < UVMM_USER_TOP || p->batch_entry >= STUB_END ||
	    p->traced_report < UVMM_USER_TOP || p->traced_report >= STUB_END ||
	    p->traced_tail < UVMM_USER_TOP || p->traced_tail >= STUB_END ||
	    p->batch_stack <= UVMM_USER_TOP || p->batch_stack > STUB_END)
		return -ENOEXEC;
	return 0;
}

/* The child's stack is free: it has exec'd, or it is gone. */
static void drop_stack(struct guest_proc *p)
{
	if (p->spawn_stack)
		munmap(p->spawn_stack, SPAWN_STACK_SIZE);
	p->spawn_stack = NULL;
}

void guest_proc_spawn_release(struct guest_proc *p)
{
	if (!p->spawn_stack)
		return;
	guest_proc_reap(p);	/* it may not have exec'd yet */
	drop_stack(p);
}

/* The child, on a stack of p's own (its arguments at the bottom). */
static pid_t clone_child(struct guest_proc *p, const struct spawn_args *args)
{
	sigset_t all, old;
	pid_t pid;
	int e;

	p->spawn_stack = mmap(NULL, SPAWN_STACK_SIZE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (p->spawn_stack == MAP_FAILED) {
		p->spawn_stack = NULL;
		return -1;
	}
	memcpy(p->spawn_stack, args, sizeof(*args));
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pid = clone(child, (char *)p->spawn_stack + SPAWN_STACK_SIZE,
		    CLONE_VM | CLONE_UNTRACED | SIGCHLD, p->spawn_stack);
	e = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (pid < 0)
		drop_stack(p);
	errno = e;
	return pid;
}

/*
 * Seize the stub and let it go on. If that fails, the child is killed;
 * one that had ended by itself never became the stub (-ENOEXEC).
 */
static long seize(struct guest_proc *p)
{
	if (ptrace(PTRACE_SEIZE, p->pid, 0, GUEST_PROC_PTRACE_OPTIONS |
		   (p->traced ? GUEST_PROC_O_NOSIGSTOP : 0)) < 0) {
		long err = -errno;

		guest_proc_reap(p);
		if (!WIFSIGNALED(p->exit_status) || WTERMSIG(p->exit_status) != SIGKILL)
			err = -ENOEXEC;
		return err;
	}
	__atomic_store_n(&p->page->go, 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, &p->page->go, FUTEX_WAKE, 1, NULL, NULL, 0);
	return 0;
}

long guest_proc_launch(struct guest_proc *p)
{
	struct spawn_args args = { .mem_fd = guest_proc_mem_fd, .mbox_fd = -1,
				   .parent = getpid() };
	int req_fd, mbox_fd = -1;
	void *page;
	long err;

	req_fd = memfd_create("uvmm-stub-requests", MFD_CLOEXEC);
	if (req_fd < 0)
		return -errno;
	if (ftruncate(req_fd, STUB_PAGE_SIZE) < 0) {
		err = -errno;
		close(req_fd);
		return err;
	}
	page = mmap(NULL, STUB_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		    req_fd, 0);
	if (page == MAP_FAILED) {
		err = -errno;
		goto out_fds;
	}
	p->page = page;
	if (guest_proc_fast_gate)
		err = guest_proc_fast_prepare(p, req_fd, &mbox_fd);
	else if (guest_proc_traced_opts)
		err = guest_proc_traced_prepare(p, &mbox_fd);
	else
		err = 0;
	if (err)
		goto out_fds;
	args.req_fd = req_fd;
	args.mbox_fd = mbox_fd;
	p->pid = clone_child(p, &args);
	if (p->pid < 0) {
		err = -errno;
		p->pid = 0;
		goto out_fds;
	}
	err = seize(p);
out_fds:
	close(req_fd);
	if (mbox_fd >= 0)
		close(mbox_fd);
	return err;
}

long guest_proc_finish(struct guest_proc *p)
{
	long err = p->pid ? wait_ready(p) : -ESRCH;

	if (!err || !p->pid)	/* the stub runs, or the child is gone */
		drop_stack(p);

	if (!err && p->fast)
		err = guest_proc_fast_start(p);
	return err;
}

long guest_proc_spawn(struct guest_proc *p)
{
	long err = guest_proc_launch(p);

	return err ? err : guest_proc_finish(p);
}
