// SPDX-License-Identifier: GPL-2.0
/*
 * A guest program attacking the way its syscalls reach the guest kernel
 * (docs/fast-gate.md, docs/security.md), on whichever gate uvmm runs: the
 * bytes above UVMM_USER_TOP that the guest kernel never mapped are uvmm's
 * stub (and on the fast gate, or the tracer with the host's ptrace
 * options, its mailbox), and a program may jump there with registers of
 * its choosing. It must gain nothing: no host syscall runs for it, and it
 * cannot keep its vCPU from the rest of the guest.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tap.h"

/* The stub's text (uvmm/guest_proc/stub/stub.lds), and the fast gate's mailbox. */
#define STUB_TEXT	0x7fffff000000UL
#define STUB_TEXT_SCAN	0x1000UL
#define MAILBOX		0x7fffff800000UL
#define MAILBOX_SIZE	0x20000UL
/* The tracer with the host's options (uvmm/guest_proc/stub/stub_abi.h):
 * what its fault handler reads from the mailbox after its report. */
#define MBOX_RET_SP	(MAILBOX + 296)
#define MBOX_BATCH	(MAILBOX + 304)
#define MBOX_AGAIN	(MAILBOX + 308)

/* How this guest's syscalls reach its kernel. */
enum gate { TRACER, FAST, TRACER_OPTS };

/* A page of the guest's own, filled with a pattern a host mapping would replace. */
#define PATTERN		0x5a5a5a5a5a5a5a5aUL
static volatile uint64_t *target;

/* Where a hijacked `syscall; ret` comes back: did the host run the mmap? */
void landing(long rax);
void landing(long rax)
{
	if (rax == (long)(uintptr_t)target || target[0] != PATTERN)
		_exit(66);		/* the memory file is mapped: a breach */
	_exit(rax == -EBADF ? 0 : 65);
}

extern char landing_entry[], syscall_insn[];

/* rax=mmap(target, 4096, PROT_READ, MAP_SHARED|MAP_FIXED, 3, 4096): fd 3
 * is closed in the guest and the memory file in a tracer's stub. */
static void __attribute__((noreturn)) hijack(uintptr_t site)
{
	static uint64_t stack[64] __attribute__((aligned(16)));

	stack[62] = (uintptr_t)landing_entry;
	__asm__ volatile(
		"mov %0, %%rsp\n\t"
		"mov $9, %%eax\n\t"
		"mov %1, %%rdi\n\t"
		"mov $4096, %%esi\n\t"
		"mov $1, %%edx\n\t"
		"mov $0x11, %%r10d\n\t"
		"mov $3, %%r8d\n\t"
		"mov $4096, %%r9d\n\t"
		"jmp *%2"
		: : "r"(&stack[62]), "r"(target), "r"(site) : "memory");
	__builtin_unreachable();
}

/* landing(rax) called with a fresh, aligned stack; a syscall before it. */
__asm__(".text\n"
	"syscall_insn:\n"
	"	syscall\n"
	"landing_entry:\n"
	"	mov %rax, %rdi\n"
	"	and $-16, %rsp\n"
	"	call landing\n"
	"	ud2\n");

/* Jump onto every `syscall` in the stub's text with a host-fatal mmap. */
static void test_stub_syscalls(int fast)
{
	const uint8_t *text = (const uint8_t *)STUB_TEXT;
	unsigned sites = 0, killed = 0, answered = 0, other = 0, breach = 0;
	uintptr_t off;
	int st;

	target = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (target == MAP_FAILED)
		bail_out("mmap: %s", strerror(errno));
	for (off = 0; off < 512; off++)
		target[off] = PATTERN;
	close(3);
	/* The stub's first page is always its code, readable wherever it
	 * runs (uvmm's own, public code; the guest kernel never mapped it). */
	for (off = 0; off + 1 < STUB_TEXT_SCAN; off++) {
		pid_t pid;

		if (text[off] != 0x0f || text[off + 1] != 0x05)
			continue;
		sites++;
		pid = fork();
		if (pid == 0) {
			alarm(5);
			hijack(STUB_TEXT + off);
		}
		if (waitpid(pid, &st, 0) != pid)
			bail_out("waitpid: %s", strerror(errno));
		if (WIFEXITED(st) && WEXITSTATUS(st) == 66)
			breach++;
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			answered++;
		else if (WIFSIGNALED(st) && WTERMSIG(st) != SIGALRM)
			killed++;
		else
			other++;
	}
	diag("%u syscall sites: %u killed, %u answered by the guest kernel, %u other",
	     sites, killed, answered, other);
	ok(sites >= 4, "the stub's syscall instructions were found (%u)", sites);
	ok(breach == 0, "no jump onto them ran mmap on the host (%u did)", breach);
	ok(killed + answered > 0 && killed + answered + other == sites,
	   "each ended: killed (fast gate), or answered by the guest kernel (tracer)");
	if (fast)
		is(killed, sites, "fast gate: the filter killed every one");
}

/* The kernel log names the gate uvmm chose ("uvmm: guest syscalls: ..."). */
static enum gate which_gate(void)
{
	static char log[1 << 17];
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, sizeof(log) - 1);

	if (n < 0)
		bail_out("klogctl: %s", strerror(errno));
	log[n] = '\0';
	if (!strstr(log, "uvmm: guest syscalls: "))
		bail_out("the kernel log does not name the syscall gate");
	if (strstr(log, "uvmm: guest syscalls: fast gate"))
		return FAST;
	return strstr(log, "with the host's PTRACE_O_NOSIGSTOP") ? TRACER_OPTS : TRACER;
}

/* `mov $15, %eax; syscall`: the restorer, where rt_sigreturn is allowed. */
static uintptr_t find_restorer(void)
{
	static const uint8_t seq[] = { 0xb8, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05 };
	const uint8_t *text = (const uint8_t *)STUB_TEXT;
	uintptr_t off;

	for (off = 0; off + sizeof(seq) < 0x1000; off++)
		if (memcmp(text + off, seq, sizeof(seq)) == 0)
			return STUB_TEXT + off;
	return 0;
}

static void spin(void)
{
	for (;;)
		__asm__ volatile("" ::: "memory");
}

/*
 * A forged rt_sigreturn frame that blocks every signal, then a busy loop:
 * on the fast gate it would keep uvmm's preemption signal out. The rest
 * of the guest must still run: this process sleeps and then looks.
 */
static void test_forged_mask(int fast)
{
	static uint64_t frame[128] __attribute__((aligned(64)));
	static uint64_t stack[512] __attribute__((aligned(16)));
	uintptr_t restorer = find_restorer();
	struct timespec nap = { 0, 300 * 1000 * 1000 };
	pid_t pid;
	int st;

	ok(restorer != 0, "the stub's restorer was found");
	if (!restorer)
		return;
	pid = fork();
	if (pid == 0) {
		/* struct rt_sigframe: pretcode, then the ucontext */
		memset(frame, 0, sizeof(frame));
		frame[1 + 5 + 16] = (uintptr_t)spin;		/* rip */
		frame[1 + 5 + 15] = (uintptr_t)&stack[510];	/* rsp */
		frame[1 + 5 + 17] = 0x202;			/* eflags */
		frame[1 + 5 + 18] = 0x33 | (0x2bUL << 48);	/* cs, ss */
		frame[1 + 37] = ~0UL;				/* uc_sigmask */
		__asm__ volatile("lea 8(%0), %%rsp\n\t"
				 "mov $15, %%eax\n\t"
				 "jmp *%1" : : "r"(frame), "r"(restorer + 5) : "memory");
		_exit(1);
	}
	/*
	 * We run again only once the child let the vCPU go: on the fast gate
	 * because uvmm killed it (it never takes the preemption signal; it
	 * may not have finished dying when this nap ends, so wait for it,
	 * bounded); under the tracer it is preempted and still spins.
	 */
	nanosleep(&nap, NULL);
	if (fast) {
		alarm(20);
		ok(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
		   "fast gate: the spinner was killed by uvmm");
		alarm(0);
		return;
	} else
		ok(waitpid(pid, &st, WNOHANG) == 0,
		   "tracer: the spinner was preempted, the guest ran again");
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

/*
 * A store into the fast gate's mailbox (a forged event): nothing to gain.
 * uvmm may take the forged state for an event, with the registers the
 * mailbox holds: the child's own from its last event or run, so it may
 * go on with some of those and fault (SIGSEGV), as docs/fast-gate.md
 * says (at worst the process confuses itself); or it exits, or uvmm kills
 * it. Which one depends on where uvmm is when the store lands.
 */
static void test_mailbox_store(enum gate gate)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		*(volatile uint32_t *)MAILBOX = 2;	/* "an event is posted" */
		syscall(SYS_getppid);
		*(volatile uint32_t *)MAILBOX = 0;	/* "the process died" */
		syscall(SYS_getppid);
		_exit(7);
	}
	if (waitpid(pid, &st, 0) != pid)
		bail_out("waitpid: %s", strerror(errno));
	if (gate != TRACER)	/* writable there: it can only confuse itself */
		ok((WIFEXITED(st) && WEXITSTATUS(st) == 7) ||
		   (WIFSIGNALED(st) && (WTERMSIG(st) == SIGKILL || WTERMSIG(st) == SIGSEGV)),
		   "mailbox forgery: the child exits, is killed or faults (status %#x)", st);
	else	/* nothing mapped there, as on Linux */
		ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
		   "tracer, a store where the mailbox would be: SIGSEGV (status %#x)", st);
	ok(getppid() > 0 && syscall(SYS_getpid) == getpid(), "and the guest goes on");
}

/*
 * The tracer with the host's options: its fault handler (an int3, then
 * code that reads the stack pointer and what to do from the mailbox)
 * runs its batch and rt_sigreturn in a ptrace shot, where syscalls are
 * real. Planting hostile words there before a fault, and jumping onto
 * the int3 with a frame of one's own, must give no host syscall.
 */
static uintptr_t find_traced_handler(void)
{
	uint8_t seq[11] = { 0xcc, 0x48, 0xb8 };	/* int3; movabs $MBOX_RET_SP, %rax */
	const uint8_t *text = (const uint8_t *)STUB_TEXT;
	uint64_t imm = MBOX_RET_SP;
	uintptr_t off;

	memcpy(seq + 3, &imm, 8);
	for (off = 0; off + sizeof(seq) < STUB_TEXT_SCAN; off++)
		if (!memcmp(text + off, seq, sizeof(seq)))
			return STUB_TEXT + off;
	return 0;
}

/* The x86_64 ucontext the handler's rt_sigreturn would take. */
struct forged_uc {
	uint64_t flags, link, ss_sp;
	int32_t ss_flags, ss_pad;
	uint64_t ss_size;
	uint64_t gregs[23];	/* r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, ... */
	uint64_t fpstate;
	uint64_t reserved[8];
	uint64_t sigmask;
};

static uint8_t fxsave_area[512] __attribute__((aligned(64)));

static void __attribute__((noreturn)) forge_report(int bad_frame)
{
	static uint64_t stack[64] __attribute__((aligned(16)));
	uintptr_t handler = find_traced_handler();
	uint64_t alt = MAILBOX + 0x8000;
	struct forged_uc *uc = (struct forged_uc *)alt;
	int32_t *si = (int32_t *)(alt + 0x400);
	uint64_t fp = alt + 0x800;

	if (!handler)
		_exit(70);
	/* A frame returning into the hijack: mmap(target, fd 3) on the host
	 * if the shot were still open when it runs. */
	stack[62] = (uintptr_t)landing_entry;
	memset(uc, 0, sizeof(*uc));
	uc->gregs[8 + 5] = 9;				/* rax: mmap */
	uc->gregs[8 + 0] = (uintptr_t)target;		/* rdi */
	uc->gregs[8 + 1] = 4096;			/* rsi */
	uc->gregs[8 + 4] = 1;				/* rdx: PROT_READ */
	uc->gregs[2] = 0x11;				/* r10: MAP_SHARED | MAP_FIXED */
	uc->gregs[0] = 3;				/* r8: fd 3 */
	uc->gregs[1] = 4096;				/* r9 */
	uc->gregs[15] = (uintptr_t)&stack[62];		/* rsp */
	uc->gregs[16] = (uintptr_t)syscall_insn;	/* rip */
	uc->gregs[17] = 0x202;
	__asm__ volatile("fxsave64 %0" : "=m"(fxsave_area));
	memcpy((void *)fp, fxsave_area, sizeof(fxsave_area));
	uc->fpstate = fp;
	si[0] = SIGSEGV;	/* signo */
	si[2] = 0;		/* si_code 0: "sent by someone", not a fault */
	*(volatile uint64_t *)MBOX_RET_SP = (uintptr_t)&stack[62];
	*(volatile uint32_t *)MBOX_BATCH = 1;
	__asm__ volatile("mov %0, %%rdx\n\tmov %1, %%rsi\n\tjmp *%2"
			 : : "r"(bad_frame ? 0x1000UL : (uint64_t)(uintptr_t)uc),
			     "r"((uint64_t)(uintptr_t)si), "r"(handler) : "rdx", "rsi", "memory");
	__builtin_unreachable();
}

static void test_traced_handler(void)
{
	unsigned char *page;
	pid_t pid;
	int st, bad;

	ok(find_traced_handler() != 0, "tracer with options: its fault handler is in the stub's text");
	/* Hostile words in the mailbox, then a page fault and a syscall. */
	pid = fork();
	if (pid == 0) {
		*(volatile uint64_t *)MBOX_RET_SP = (uintptr_t)landing_entry;
		*(volatile uint32_t *)MBOX_BATCH = 1;
		*(volatile uint32_t *)MBOX_AGAIN = 1;
		page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (page == MAP_FAILED)
			_exit(71);
		page[0] = 1;	/* the fault goes through the handler */
		_exit(syscall(SYS_getppid) > 0 && page[0] == 1 ? 7 : 72);
	}
	if (waitpid(pid, &st, 0) != pid)
		bail_out("waitpid: %s", strerror(errno));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 7,
	   "tracer with options: hostile words in the mailbox, then a fault: uvmm's win (status %#x)", st);
	for (bad = 1; bad >= 0; bad--) {
		pid = fork();
		if (pid == 0) {
			alarm(5);
			forge_report(bad);
		}
		if (waitpid(pid, &st, 0) != pid)
			bail_out("waitpid: %s", strerror(errno));
		if (bad)
			ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
			   "a report whose frame is not on the handler's stack: killed (status %#x)", st);
		else
			ok(!(WIFEXITED(st) && WEXITSTATUS(st) == 66) &&
			   ((WIFEXITED(st) && WEXITSTATUS(st) == 0) || WIFSIGNALED(st)),
			   "a forged report with a frame of its own: its mmap of fd 3 is the guest "
			   "kernel's, not the host's (status %#x)", st);
	}
	ok(getppid() > 0 && syscall(SYS_getpid) == getpid(), "and the guest goes on");
}

int main(void)
{
	enum gate gate = which_gate();
	int fast = gate == FAST;

	diag("on the %s", fast ? "fast gate" : gate == TRACER ? "tracer" :
	     "tracer with the host's ptrace options");
	test_stub_syscalls(fast);
	test_forged_mask(fast);
	test_mailbox_store(gate);
	if (gate == TRACER_OPTS)
		test_traced_handler();
	return done_testing();
}
