// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall-site rewriting must be invisible (docs/fast-gate.md): a hot
 * `mov $nr, %eax; syscall` keeps giving the right answers, the program's
 * own text reads as compiled (a checksum, /proc/self/mem, a debugger's
 * PEEKTEXT), a debugger's single steps stop where a CPU's would, and
 * code the program writes, runs, rewrites and runs again does what it
 * says now. Where uvmm rewrites (the kernel log says so), the hot site
 * must also have gone through the gate: the mailbox's count of gate
 * events, which a program can read above UVMM_USER_TOP, grew.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"

/* uvmm/guest_proc/stub/stub_abi.h: the mailbox's count of gate events,
 * the site table, the records (read-only here). */
#define MBOX_GATE_EVENTS	(0x7fffff800000UL + 336)
#define SITE_TABLE		0x050f0000UL
#define SITE_RECORDS		0x7fffff902000UL
#define MAX_SITES		2048
struct site_record {
	uint64_t ret;
	uint32_t nr, live;
};
#define NR_GETPPID		110
#define NR_GETPID		39
#define ROUNDS			1000

/* The hot site, as compilers emit a raw syscall. */
long hot_getppid(void);
extern const unsigned char hot_site[], hot_end[];
__asm__(".text\n"
	".globl hot_getppid, hot_site, hot_end\n"
	"hot_getppid:\n"
	"hot_site:\n"
	"	mov $110, %eax\n"
	"	syscall\n"
	"	ret\n"
	"hot_end:\n");

/* The same on a page of its own that nothing reads: it stays rewritten. */
long cold_getppid(void);
extern const unsigned char cold_site[];
__asm__(".section .text.cold_site, \"ax\"\n"
	".balign 4096\n"
	".globl cold_getppid, cold_site\n"
	"cold_getppid:\n"
	"cold_site:\n"
	"	mov $110, %eax\n"
	"	syscall\n"
	"	ret\n"
	".balign 4096\n"
	".text\n");

static const unsigned char site_bytes[] = { 0xb8, 110, 0, 0, 0, 0x0f, 0x05 };

static int rewriting(void)
{
	static char log[1 << 17];
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, sizeof(log) - 1);

	if (n < 0)
		bail_out("klogctl: %s", strerror(errno));
	log[n] = '\0';
	return strstr(log, "syscall sites rewritten") != NULL;
}

static uint64_t gate_events(void)
{
	return *(volatile uint64_t *)MBOX_GATE_EVENTS;
}

static uint32_t checksum(const unsigned char *p, size_t n)
{
	uint32_t s = 0;

	while (n--)
		s = s * 31 + *p++;
	return s;
}

static void test_hot_site(int rw)
{
	uint32_t before = checksum(hot_site, (size_t)(hot_end - hot_site));
	uint64_t events = rw ? gate_events() : 0;
	unsigned char mem[sizeof(site_bytes)];
	long want = getppid(), bad = 0;
	int i, fd;

	for (i = 0; i < ROUNDS; i++)
		bad += hot_getppid() != want;
	is(bad, 0, "%d raw getppid calls from one site all answer right", ROUNDS);
	if (rw)
		ok(gate_events() - events >= ROUNDS - 2,
		   "they went through the gate (%llu of %d)",
		   (unsigned long long)(gate_events() - events), ROUNDS);
	ok(memcmp(hot_site, site_bytes, sizeof(site_bytes)) == 0,
	   "the site reads as compiled");
	is(checksum(hot_site, (size_t)(hot_end - hot_site)), before,
	   "a checksum of the code is what it was");
	fd = open("/proc/self/mem", O_RDONLY);
	ok(fd >= 0 && pread(fd, mem, sizeof(mem), (off_t)(uintptr_t)hot_site) ==
		       (ssize_t)sizeof(mem) && memcmp(mem, site_bytes, sizeof(mem)) == 0,
	   "/proc/self/mem shows the original bytes");
	if (fd >= 0)
		close(fd);
	bad = 0;
	for (i = 0; i < ROUNDS; i++)
		bad += hot_getppid() != want;
	is(bad, 0, "after being read, the site still answers right");
}

/* A debugger's view of a child running the hot site. */
static void test_debugger(void)
{
	struct user_regs_struct r;
	uintptr_t site = (uintptr_t)hot_site;
	long word, want;
	int st, i;
	pid_t pid = fork();

	if (pid == 0) {
		for (i = 0; i < 10; i++)
			hot_getppid();		/* rewritten by now, if ever */
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		hot_getppid();
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st))
		bail_out("the child did not stop");
	want = 0;
	memcpy(&want, site_bytes, sizeof(site_bytes));	/* 7 bytes of site, then ret */
	want |= 0xc3L << 56;
	errno = 0;
	word = ptrace(PTRACE_PEEKTEXT, pid, (void *)site, 0);
	ok(errno == 0 && word == want, "PTRACE_PEEKTEXT sees the original bytes");
	/* Step until the site, then over it: mov, then syscall. */
	for (i = 0; i < 10000; i++) {
		if (ptrace(PTRACE_GETREGS, pid, 0, &r) < 0)
			bail_out("PTRACE_GETREGS: %s", strerror(errno));
		if (r.rip == site)
			break;
		ptrace(PTRACE_SINGLESTEP, pid, 0, 0);
		waitpid(pid, &st, 0);
	}
	is(r.rip, site, "single steps reach the site");
	ptrace(PTRACE_SINGLESTEP, pid, 0, 0);
	waitpid(pid, &st, 0);
	ptrace(PTRACE_GETREGS, pid, 0, &r);
	ok(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP, "a step stops with SIGTRAP");
	is(r.rip, site + 5, "after mov, before syscall");
	is(r.rax, NR_GETPPID, "with eax loaded");
	ptrace(PTRACE_SINGLESTEP, pid, 0, 0);
	waitpid(pid, &st, 0);
	ptrace(PTRACE_GETREGS, pid, 0, &r);
	is(r.rip, site + 7, "the next step is past the syscall");
	is((long)r.rax, (long)getpid(), "which returned the parent's pid");
	ptrace(PTRACE_CONT, pid, 0, 0);
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "the child ends well");
}

/* Code the program writes and changes: it must do what it says now. */
static void test_own_code(void)
{
	unsigned char *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long (*fn)(void) = (long (*)(void))(void *)code;
	long bad = 0;
	int i;

	if (code == MAP_FAILED)
		bail_out("mmap: %s", strerror(errno));
	memcpy(code, site_bytes, sizeof(site_bytes));
	code[sizeof(site_bytes)] = 0xc3;
	ok(mprotect(code, 4096, PROT_READ | PROT_EXEC) == 0, "own code made executable");
	for (i = 0; i < 100; i++)
		bad += fn() != getppid();
	is(bad, 0, "it answers getppid");
	ok(mprotect(code, 4096, PROT_READ | PROT_WRITE) == 0, "writable again");
	code[1] = NR_GETPID;
	ok(mprotect(code, 4096, PROT_READ | PROT_EXEC) == 0, "and executable");
	for (i = 0; i < 100; i++)
		bad += fn() != getpid();
	is(bad, 0, "now it answers getpid");
	is(code[1], NR_GETPID, "and reads as written");
	munmap(code, 4096);
}

/*
 * What a program can do with the gate: its site's record and slot are
 * there to read; calling the entry they name with registers of its own
 * is the very syscall the site makes; an entry no live record names
 * ends the process (uvmm kills it), as does a write to the table.
 */
static void test_hostile(void)
{
	const struct site_record *rec = (const struct site_record *)SITE_RECORDS;
	const uint64_t *slot = (const uint64_t *)SITE_TABLE;
	long (*entry)(void) = NULL;
	int k, st, dead = -1;
	pid_t pid;

	for (k = 0; k < 3; k++)
		cold_getppid();		/* rewritten, and its page never read */
	for (k = 0; k < MAX_SITES; k++) {
		if (rec[k].live && rec[k].ret == (uintptr_t)cold_site + sizeof(site_bytes))
			entry = (long (*)(void))(uintptr_t)slot[k];
		if (!rec[k].live && dead < 0)
			dead = k;
	}
	ok(entry != NULL, "a rewritten site's record and slot are found");
	if (entry)
		is(entry(), (long)getppid(), "calling its entry is getppid, nothing more");
	ok(dead >= 0, "a slot without a live record exists");
	if (dead < 0)
		return;
	entry = (long (*)(void))(uintptr_t)slot[dead];	/* the same in every process */
	pid = fork();
	if (pid == 0) {
		entry();
		_exit(0);
	}
	ok(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	   "an entry no live record names: the process is killed");
	pid = fork();
	if (pid == 0) {
		cold_getppid();		/* the child's own process rewrites it too */
		cold_getppid();
		cold_getppid();
		*(volatile uint64_t *)SITE_TABLE = 0;
		_exit(0);
	}
	ok(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	   "a write to the site table: SIGSEGV");
}

int main(void)
{
	int rw = rewriting();

	diag("syscall sites are %srewritten here", rw ? "" : "not ");
	test_hot_site(rw);
	test_debugger();
	test_own_code();
	if (rw)
		test_hostile();
	return done_testing();
}
