// SPDX-License-Identifier: GPL-2.0
/*
 * The stub every guest process starts from: a freestanding static program
 * (no libc, no SSE: -mgeneral-regs-only, so a batch never touches the FPU
 * state of the guest thread loaded in the process). It unmaps everything
 * that is not its own, maps its request page, says it is ready with int3,
 * and from then on only runs batches of map/unmap/protect when uvmm points
 * it at stub_batch_entry.
 */
#include <stddef.h>
#include <stdint.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "stub_abi.h"
#include "stub.h"

#define NR_MMAP		9
#define NR_MPROTECT	10
#define NR_MUNMAP	11
#define NR_CLOSE	3
#define NR_RT_SIGPROCMASK 14
#define SIG_SETMASK	2
#define NR_FUTEX	202
#define FUTEX_WAIT	0
#define NR_EXIT_GROUP	231
#define NR_PRCTL	157
#define NR_SECCOMP	317
#define PR_SET_NO_NEW_PRIVS	38

/* The host's legacy vsyscall page, which the stub cannot unmap. */
#define VSYSCALL_PAGE	0xffffffffff600000UL

#define PROT_NONE	0
#define PROT_READ	1
#define PROT_WRITE	2
#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20

/* The x86_64 user range ends here (4-level paging; exec never goes above). */
#define USER_END	0x7ffffffff000UL

extern char stub_batch_entry[], stub_traced_report[], stub_traced_tail[];
extern char stub_base[], stub_end[];

/* Own stack; the request page is mapped over req_page (page aligned bss).
 * stub_entry.S makes all of it PROT_NONE between batches. */
char stub_stack[16384] __attribute__((aligned(16)));
extern char stub_stack_top[];
__asm__(".globl stub_stack_top\n.set stub_stack_top, stub_stack + 16384");
/* Entered from stub_entry.S only. */
int stub_init(void);
void stub_batch(void);

static char req_page[STUB_PAGE_SIZE] __attribute__((aligned(STUB_PAGE_SIZE)));

long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

void stub_exit(int status)
{
	for (;;)
		sys6(NR_EXIT_GROUP, status, 0, 0, 0, 0, 0);
}

static __attribute__((noreturn)) void die(void)
{
	stub_exit(127);
}

/*
 * Under PTRACE_SYSEMU every syscall of guest code stops before seccomp
 * and is the guest kernel's. One way around that remains: a call into the
 * host's vsyscall page, which the host kernel emulates itself (time,
 * gettimeofday, getcpu) checking seccomp but never ptrace. So this filter
 * traps whatever comes from that page (a SIGSYS that uvmm sees and turns
 * into the fault vsyscall=none would give) and lets everything else,
 * that is the stub's own batch syscalls, through.
 */
static void deny_vsyscall(void)
{
	const uint32_t ip_lo = offsetof(struct seccomp_data, instruction_pointer);
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ip_lo + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(VSYSCALL_PAGE >> 32), 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ip_lo),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)VSYSCALL_PAGE, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	if (sys6(NR_PRCTL, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0) < 0 ||
	    sys6(NR_SECCOMP, SECCOMP_SET_MODE_FILTER, 0, (long)&prog, 0, 0, 0) < 0)
		die();
}

/*
 * Returns to stub_start, which hides the data and says it is ready: 0 for
 * the tracer, 1 for the fast gate (fast.c has set the process up for it).
 */
int __attribute__((used)) stub_init(void)
{
	unsigned long end = (unsigned long)stub_end;
	uint64_t no_signals = 0;
	struct stub_page *pg;
	int fast;

	/* Everything below the stub (the guest's range) and above it (the
	 * exec stack, vdso, vvar, if the kernel put them there). */
	if (sys6(NR_MUNMAP, 0, (long)stub_base, 0, 0, 0, 0) < 0)
		die();
	if (sys6(NR_MUNMAP, end, USER_END - end, 0, 0, 0, 0) < 0)
		die();
	/* The fast gate's request file has a second page (the constants). */
	pg = (struct stub_page *)STUB_FAST_REQ_ADDR;
	if (sys6(NR_MMAP, (long)pg, STUB_PAGE_SIZE, PROT_READ,
		 MAP_SHARED | MAP_FIXED, STUB_REQ_FD, 0) != (long)pg)
		die();
	/*
	 * uvmm seizes us after our exec (spawn.c) and says so here; until
	 * then only PDEATHSIG ties us to it. It started us with every signal
	 * blocked.
	 */
	while (!__atomic_load_n(&pg->go, __ATOMIC_ACQUIRE))
		sys6(NR_FUTEX, (long)&pg->go, FUTEX_WAIT, 0, 0, 0, 0);
	if (sys6(NR_RT_SIGPROCMASK, SIG_SETMASK, (long)&no_signals, 0, 8, 0, 0) < 0)
		die();
	fast = pg->mode == STUB_MODE_FAST;
	if (!fast) {
		sys6(NR_MUNMAP, (long)pg, STUB_PAGE_SIZE, 0, 0, 0, 0);
		pg = (struct stub_page *)req_page;
	}
	if (sys6(NR_MMAP, (long)pg, fast ? STUB_FAST_REQ_SIZE : STUB_PAGE_SIZE,
		 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, STUB_REQ_FD, 0) != (long)pg)
		die();
	pg->batch_entry = (uint64_t)stub_batch_entry;
	pg->traced_report = (uint64_t)stub_traced_report;
	pg->traced_tail = (uint64_t)stub_traced_tail;
	pg->stack_top = (uint64_t)stub_stack_top;
	pg->page_addr = (uint64_t)pg;
	pg->magic = STUB_MAGIC;
	if (fast) {
		/* Read-only from now on: only uvmm and the mapper's pwrite()
		 * change it. */
		if (sys6(NR_MPROTECT, (long)pg, STUB_FAST_REQ_SIZE, PROT_READ, 0, 0, 0) < 0)
			die();
		stub_fast_setup();
		return 1;
	}
	sys6(NR_CLOSE, STUB_REQ_FD, 0, 0, 0, 0, 0);
	if (pg->mode == STUB_MODE_TRACED)
		stub_traced_setup();
	deny_vsyscall();
	return 0;
}

static long do_op(const struct stub_op *o)
{
	long r;

	switch (o->op) {
	case STUB_OP_MAP:
		r = sys6(NR_MMAP, o->addr, o->len, o->prot, MAP_SHARED | MAP_FIXED,
			 o->fd, o->off);
		return r < 0 ? r : 0;
	case STUB_OP_ZERO:
		r = sys6(NR_MMAP, o->addr, o->len, o->prot & ~PROT_WRITE,
			 MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0);
		return r < 0 ? r : 0;
	case STUB_OP_UNMAP:
		return sys6(NR_MUNMAP, o->addr, o->len, 0, 0, 0, 0);
	case STUB_OP_PROTECT:
		return sys6(NR_MPROTECT, o->addr, o->len, o->prot, 0, 0, 0);
	case STUB_OP_TSC:	/* this task's rdtsc: the guest thread's PR_SET_TSC */
		return sys6(NR_PRCTL, PR_SET_TSC, o->prot, 0, 0, 0, 0);
	}
	return -22;	/* EINVAL */
}

void __attribute__((used)) stub_batch(void)
{
	struct stub_page *pg = (struct stub_page *)req_page;
	uint32_t n, i;
	long r = 0;

	n = pg->count;
	if (n > STUB_MAX_OPS)
		n = STUB_MAX_OPS;
	for (i = 0; i < n; i++) {
		r = do_op(&pg->ops[i]);
		if (r < 0)
			break;
	}
	pg->done = i;
	pg->error = r < 0 ? r : 0;
	pg->batches++;
}
