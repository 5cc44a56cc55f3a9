// SPDX-License-Identifier: GPL-2.0
/*
 * fastgate.c - prototype of uvmm's "fast gate" (see README.md).
 *
 * One guest process = one mm shared by two host tasks:
 *   guest task : runs guest code and the stub's signal handler; EMPTY fd
 *                table; seccomp: non-x86_64 arch or syscall outside the
 *                stub text -> TRAP (SIGSYS); inside the stub only futex on
 *                the mailbox word (WAIT/WAKE), rt_sigreturn,
 *                arch_prctl(SET_FS/SET_GS), sched_yield (bench) -> else KILL.
 *   mapper task: clone(CLONE_VM, no CLONE_FILES); fd table = {memfd, req};
 *                register-only asm loop (rsp = 16, never writes memory):
 *                futex-wait on req->seq, run the ops from the READ-ONLY
 *                request page, report through pwrite() into the request
 *                memfd (not through the mm), futex-wake the monitor.
 * The monitor (this process's main thread, standing for uvmm's vCPU
 * thread) talks to the guest task through a MAP_SHARED mailbox page.
 *
 * Build: gcc -O2 -static -fno-stack-protector -o fastgate fastgate.c
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <asm/prctl.h>

/* ------------------------------------------------------------------ */
/* layout of the guest mm (fixed addresses, as the real stub would use) */
#define MBOX_ADDR	0x7e0000000000UL	/* mailbox, rw, MAP_SHARED memfd */
#define REQ_ADDR	0x7e0000010000UL	/* request pages (2), READ-ONLY */
#define ALT_ADDR	0x7e0000100000UL	/* sigaltstack */
#define ALT_SIZE	0x10000UL
#define GSTK_ADDR	0x7e0000200000UL	/* guest stack */
#define GSTK_SIZE	0x100000UL
#define GUEST_AREA	0x600000000000UL	/* "guest user memory", mapped by the mapper */
#define MEM_SIZE	(1UL << 30)
#define SIG_PREEMPT	SIGUSR2
#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

enum { ST_DEAD = 0, ST_RUN = 1, ST_REQ = 2, ST_REPLY = 3 };
enum { W_FUTEX = 0, W_SPIN = 1, W_YIELD = 2 };

struct mbox {
	uint32_t state;		/* futex word; 0 = written by the kernel at exit (CLEARTID) */
	uint32_t mon_sleep;	/* monitor is (about to be) in FUTEX_WAIT */
	uint32_t guest_sleep;	/* guest handler is (about to be) in FUTEX_WAIT */
	uint32_t wait_mode;
	uint64_t spin_cycles;
	uint64_t signo, code, addr, arch, nr;
	uint64_t set_fs, fs_base;
	uint64_t regs[NGREG];	/* ucontext gregs, in and out */
};

#define OP_MAP 1
#define OP_UNMAP 2
#define OP_PROT 3
struct op { uint32_t op, prot; uint64_t addr, len, off; };
struct req {
	uint32_t seq;		/* uvmm -> mapper (mapper's futex word) */
	uint32_t count;
	uint32_t done_seq;	/* mapper -> uvmm, written with pwrite() */
	uint32_t fail_seq;
	uint64_t fail_index, fail_err;
	uint64_t pad[4];
	struct op ops[126];
	uint64_t consts[512];	/* page 2: consts[i] = i, the mapper's pwrite sources */
};
_Static_assert(offsetof(struct req, ops) == 64, "ops");
_Static_assert(offsetof(struct req, consts) == 4096, "consts");

struct shared {			/* MAP_SHARED anon, created before any fork: results */
	volatile uint64_t counter;
	volatile uint64_t errs[4];
	volatile uint64_t tsc[300000];
};

#define MB ((struct mbox *)MBOX_ADDR)

/* ------------------------------------------------------------------ */
/* globals (the child gets copies through fork) */
static struct shared *SH;
static int g_scenario;
static long g_n;
static int g_thread = 1;		/* CLONE_THREAD for the mapper */
static int g_guest_cpu = 0, g_mon_cpu = 0;
static int g_reqfd, g_memfd;
static pid_t g_monitor_pid;
static long g_mapper_tid;
static double g_tsc_ghz;
static volatile int g_sigurg;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* ------------------------------------------------------------------ */
/* The stub: everything in section "stubtext". All its syscalls go through
 * the single site stub_syscall_insn (+ the restorer's rt_sigreturn). */
extern char __start_stubtext[], __stop_stubtext[];
extern char stub_syscall_insn[], stub_restorer[], stub_sigreturn_insn[];
long stub_sys6(long nr, long a, long b, long c, long d, long e, long f);

asm(".pushsection stubtext,\"ax\",@progbits\n"
    ".globl stub_sys6\n.type stub_sys6,@function\n"
    "stub_sys6:\n"
    "	mov %rdi,%rax\n	mov %rsi,%rdi\n	mov %rdx,%rsi\n	mov %rcx,%rdx\n"
    "	mov %r8,%r10\n	mov %r9,%r8\n	mov 8(%rsp),%r9\n"
    ".globl stub_syscall_insn\nstub_syscall_insn:\n"
    "	syscall\n	ret\n"
    ".globl stub_restorer\n.type stub_restorer,@function\nstub_restorer:\n"
    "	mov $15,%eax\n"
    ".globl stub_sigreturn_insn\nstub_sigreturn_insn:\n"
    "	syscall\n	ud2\n"
    ".popsection\n");

void stub_handler(int sig, siginfo_t *si, void *ucv);
__attribute__((section("stubtext"), noinline, used))
void stub_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	struct mbox *mb = MB;

	mb->signo = sig;
	mb->code = si->si_code;
	if (sig == SIGSYS) {
		mb->addr = (uint64_t)si->si_call_addr;
		mb->nr = (uint32_t)si->si_syscall;
		mb->arch = si->si_arch;
	} else {
		mb->addr = (uint64_t)si->si_addr;
		mb->nr = 0;
		mb->arch = 0;
	}
	memcpy(mb->regs, uc->uc_mcontext.gregs, sizeof mb->regs);
	__atomic_store_n(&mb->state, ST_REQ, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&mb->mon_sleep, __ATOMIC_SEQ_CST))
		stub_sys6(SYS_futex, MBOX_ADDR, FUTEX_WAKE, 1, 0, 0, 0);

	uint32_t mode = mb->wait_mode;
	uint64_t spin = mb->spin_cycles, t0 = rdtsc();
	for (;;) {
		uint32_t s = __atomic_load_n(&mb->state, __ATOMIC_ACQUIRE);
		if (s == ST_REPLY)
			break;
		if (mode == W_YIELD) {
			stub_sys6(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
			continue;
		}
		if (mode == W_SPIN && rdtsc() - t0 < spin) {
			__builtin_ia32_pause();
			continue;
		}
		__atomic_store_n(&mb->guest_sleep, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&mb->state, __ATOMIC_SEQ_CST) == s)
			stub_sys6(SYS_futex, MBOX_ADDR, FUTEX_WAIT, s, 0, 0, 0);
		__atomic_store_n(&mb->guest_sleep, 0, __ATOMIC_RELAXED);
	}
	memcpy(uc->uc_mcontext.gregs, mb->regs, sizeof mb->regs);
	if (mb->set_fs) {
		mb->set_fs = 0;
		stub_sys6(SYS_arch_prctl, ARCH_SET_FS, mb->fs_base, 0, 0, 0, 0);
	}
}

/* ------------------------------------------------------------------ */
/* The mapper: register-only, no stack (rsp = 16), no memory writes.
 * r12 = request page (read-only), r13 = last seq, r14 = req fd,
 * r15 = memfd, rbx = op index, rbp = count / error. */
long mapper_clone(unsigned long flags, uint32_t *ctid, long reqfd, long memfd,
		  struct sock_fprog *prog, unsigned long reqaddr);
extern char mapper_mmap_insn[], __start_mappertext[], __stop_mappertext[];

asm(".pushsection mappertext,\"ax\",@progbits\n"
    ".globl mapper_clone\n.type mapper_clone,@function\n"
    "mapper_clone:\n"
    "	push %rbx\n	push %rbp\n	push %r12\n	push %r13\n	push %r14\n	push %r15\n"
    "	mov %r9,%r12\n	mov %rdx,%r14\n	mov %rcx,%r15\n	mov %r8,%rbx\n"
    "	mov %rsi,%r10\n	mov $16,%esi\n	xor %edx,%edx\n	xor %r8d,%r8d\n"
    "	mov $56,%eax\n	syscall\n"			/* clone */
    "	test %rax,%rax\n	jz mapper_child\n"
    "	pop %r15\n	pop %r14\n	pop %r13\n	pop %r12\n	pop %rbp\n	pop %rbx\n"
    "	ret\n"
    "mapper_child:\n"
    "	mov $157,%eax\n	mov $1,%edi\n	mov $9,%esi\n	syscall\n"	/* PR_SET_PDEATHSIG, SIGKILL */
    "	mov $317,%eax\n	mov $1,%edi\n	xor %esi,%esi\n	mov %rbx,%rdx\n	syscall\n" /* seccomp */
    "	test %rax,%rax\n	jnz mapper_die\n"
    "	mov (%r12),%r13d\n"
    "mapper_wait:\n"
    "	mov (%r12),%eax\n	cmp %r13d,%eax\n	jne mapper_batch\n"
    "	mov $202,%eax\n	mov %r12,%rdi\n	xor %esi,%esi\n	mov %r13d,%edx\n	xor %r10d,%r10d\n"
    "	syscall\n"					/* futex(&seq, WAIT, last) */
    "	jmp mapper_wait\n"
    "mapper_batch:\n"
    "	mov %eax,%r13d\n	mov 4(%r12),%ebp\n	cmp $126,%ebp\n	jbe 1f\n	mov $126,%ebp\n"
    "1:	xor %ebx,%ebx\n"
    "mapper_op:\n"
    "	cmp %ebp,%ebx\n	jae mapper_ok\n"
    "	mov %ebx,%ecx\n	shl $5,%ecx\n	lea 64(%r12,%rcx),%rcx\n"
    "	mov (%rcx),%eax\n"
    "	cmp $1,%eax\n	je mapper_map\n"
    "	cmp $2,%eax\n	je mapper_unmap\n"
    "	cmp $3,%eax\n	je mapper_prot\n"
    "	mov $-22,%rax\n	jmp mapper_fail\n"
    "mapper_map:\n"
    "	mov 8(%rcx),%rdi\n	mov 16(%rcx),%rsi\n	mov 4(%rcx),%edx\n	mov $0x11,%r10d\n"
    "	mov %r15,%r8\n	mov 24(%rcx),%r9\n	mov $9,%eax\n"
    ".globl mapper_mmap_insn\nmapper_mmap_insn:\n"
    "	syscall\n"
    "	mov %ebx,%ecx\n	shl $5,%ecx\n	cmp 72(%r12,%rcx),%rax\n	je mapper_next\n"
    "	cmp $-4096,%rax\n	ja mapper_fail\n	mov $-14,%rax\n	jmp mapper_fail\n"
    "mapper_unmap:\n"
    "	mov 8(%rcx),%rdi\n	mov 16(%rcx),%rsi\n	mov $11,%eax\n	syscall\n"
    "	test %rax,%rax\n	jnz mapper_fail\n	jmp mapper_next\n"
    "mapper_prot:\n"
    "	mov 8(%rcx),%rdi\n	mov 16(%rcx),%rsi\n	mov 4(%rcx),%edx\n	mov $10,%eax\n	syscall\n"
    "	test %rax,%rax\n	jnz mapper_fail\n"
    "mapper_next:\n"
    "	inc %ebx\n	jmp mapper_op\n"
    "mapper_fail:\n"
    "	neg %rax\n	cmp $511,%rax\n	jbe 2f\n	mov $511,%eax\n"
    "2:	mov %rax,%rbp\n"
    "	mov $18,%eax\n	mov %r14,%rdi\n	lea 4096(%r12,%rbx,8),%rsi\n	mov $8,%edx\n	mov $16,%r10d\n	syscall\n"
    "	mov $18,%eax\n	mov %r14,%rdi\n	lea 4096(%r12,%rbp,8),%rsi\n	mov $8,%edx\n	mov $24,%r10d\n	syscall\n"
    "	mov $18,%eax\n	mov %r14,%rdi\n	mov %r12,%rsi\n	mov $4,%edx\n	mov $12,%r10d\n	syscall\n"
    "mapper_ok:\n"
    "	mov $18,%eax\n	mov %r14,%rdi\n	mov %r12,%rsi\n	mov $4,%edx\n	mov $8,%r10d\n	syscall\n"
    "	mov $202,%eax\n	lea 8(%r12),%rdi\n	mov $1,%esi\n	mov $0x7fffffff,%edx\n	syscall\n"
    "	jmp mapper_wait\n"
    "mapper_die:\n"
    "	ud2\n"
    ".popsection\n");

/* ------------------------------------------------------------------ */
/* seccomp filters */
#define LDW(off) (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(k, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGE(k, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))
#define JGT(k, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, (k), (t), (f))
#define RET(k) (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, (k))
#define O_NR 0
#define O_ARCH 4
#define O_IPLO 8
#define O_IPHI 12
#define O_ALO(i) (16 + 8 * (i))
#define O_AHI(i) (20 + 8 * (i))
#define KILL SECCOMP_RET_KILL_PROCESS
#define TRAP SECCOMP_RET_TRAP
#define ALLOW SECCOMP_RET_ALLOW

static struct sock_filter gfilt[64], mfilt[64];
static struct sock_fprog gprog, mprog;

static void build_filters(void)
{
	uint64_t lo = (uint64_t)__start_stubtext, hi = (uint64_t)__stop_stubtext;
	struct sock_filter *f = gfilt;
	int n = 0;

	f[n++] = LDW(O_ARCH);
	f[n++] = JEQ(AUDIT_ARCH_X86_64, 1, 0);
	f[n++] = RET(TRAP);			/* int $0x80, compat mode: the guest's */
	f[n++] = LDW(O_IPHI);
	f[n++] = JEQ(lo >> 32, 1, 0);
	f[n++] = RET(TRAP);
	f[n++] = LDW(O_IPLO);
	f[n++] = JGE((uint32_t)lo, 1, 0);
	f[n++] = RET(TRAP);
	f[n++] = JGT((uint32_t)hi, 0, 1);
	f[n++] = RET(TRAP);			/* outside the stub: a guest syscall */
	f[n++] = LDW(O_NR);			/* inside the stub: */
	f[n++] = JEQ(SYS_rt_sigreturn, 0, 1);
	f[n++] = RET(ALLOW);
	f[n++] = JEQ(SYS_sched_yield, 0, 1);
	f[n++] = RET(ALLOW);
	f[n++] = JEQ(SYS_arch_prctl, 0, 5);
	f[n++] = LDW(O_ALO(0));
	f[n++] = JEQ(ARCH_SET_FS, 2, 0);
	f[n++] = JEQ(ARCH_SET_GS, 1, 0);
	f[n++] = RET(KILL);
	f[n++] = RET(ALLOW);
	f[n++] = JEQ(SYS_futex, 0, 10);
	f[n++] = LDW(O_ALO(0));
	f[n++] = JEQ((uint32_t)MBOX_ADDR, 1, 0);
	f[n++] = RET(KILL);
	f[n++] = LDW(O_AHI(0));
	f[n++] = JEQ(MBOX_ADDR >> 32, 1, 0);
	f[n++] = RET(KILL);
	f[n++] = LDW(O_ALO(1));
	f[n++] = JGT(FUTEX_WAKE, 0, 1);		/* op must be FUTEX_WAIT (0) or FUTEX_WAKE (1) */
	f[n++] = RET(KILL);
	f[n++] = RET(ALLOW);
	f[n++] = RET(KILL);
	gprog.len = n;
	gprog.filter = gfilt;

	f = mfilt;
	n = 0;
	f[n++] = LDW(O_ARCH);
	f[n++] = JEQ(AUDIT_ARCH_X86_64, 1, 0);
	f[n++] = RET(KILL);
	f[n++] = LDW(O_NR);
	f[n++] = JEQ(SYS_futex, 0, 1);
	f[n++] = RET(ALLOW);
	f[n++] = JEQ(SYS_munmap, 0, 1);
	f[n++] = RET(ALLOW);
	f[n++] = JEQ(SYS_mprotect, 0, 1);
	f[n++] = RET(ALLOW);
	f[n++] = JEQ(SYS_mmap, 0, 7);
	f[n++] = LDW(O_ALO(4));
	f[n++] = JEQ(g_memfd, 1, 0);
	f[n++] = RET(KILL);
	f[n++] = LDW(O_ALO(3));
	f[n++] = JEQ(MAP_SHARED | MAP_FIXED, 1, 0);
	f[n++] = RET(KILL);
	f[n++] = RET(ALLOW);
	f[n++] = JEQ(SYS_pwrite64, 0, 4);
	f[n++] = LDW(O_ALO(0));
	f[n++] = JEQ(g_reqfd, 1, 0);
	f[n++] = RET(KILL);
	f[n++] = RET(ALLOW);
	f[n++] = RET(KILL);
	mprog.len = n;
	mprog.filter = mfilt;
}

/* ------------------------------------------------------------------ */
/* guest code (ordinary C/asm outside the stub; no libc syscalls) */
static inline long gsys(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 asm("r10") = d, r8 asm("r8") = e, r9 asm("r9") = f;
	long ret;
	asm volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
		     : "rcx", "r11", "memory");
	return ret;
}
#define GS0(nr) gsys(nr, 0, 0, 0, 0, 0, 0)
#define NR_HELLO 500
#define NR_REPORT 510
#define NR_FORGE 502

struct probe {
	uint64_t in[16];	/* rax rbx rcx rdx rsi rdi rbp r8 r9 r10 r11 r12 r13 r14 r15 */
	uint64_t out[16];
	uint64_t xin[4];	/* xmm0, xmm15 */
	uint64_t xout[4];
	uint64_t canary_bad;
};
void guest_probe(struct probe *p);
/* loads every GPR and xmm0/xmm15, puts 16 canaries in the red zone below
 * rsp, does `syscall`, stores everything back and counts bad canaries */
asm(".text\n.globl guest_probe\n.type guest_probe,@function\nguest_probe:\n"
    "	push %rbx\n	push %rbp\n	push %r12\n	push %r13\n	push %r14\n	push %r15\n"
    "	sub $136,%rsp\n	mov %rdi,120(%rsp)\n"
    "	movabs $0xC0DE0000C0DE0000,%rax\n	mov $-128,%rcx\n"
    "1:	mov %rax,(%rsp,%rcx)\n	add $1,%rax\n	add $8,%rcx\n	jnz 1b\n"
    "	movdqu 256(%rdi),%xmm0\n	movdqu 272(%rdi),%xmm15\n"
    "	mov 0(%rdi),%rax\n	mov 8(%rdi),%rbx\n	mov 16(%rdi),%rcx\n	mov 24(%rdi),%rdx\n"
    "	mov 32(%rdi),%rsi\n	mov 48(%rdi),%rbp\n	mov 56(%rdi),%r8\n	mov 64(%rdi),%r9\n"
    "	mov 72(%rdi),%r10\n	mov 80(%rdi),%r11\n	mov 88(%rdi),%r12\n	mov 96(%rdi),%r13\n"
    "	mov 104(%rdi),%r14\n	mov 112(%rdi),%r15\n	mov 40(%rdi),%rdi\n"
    "	syscall\n"
    "	mov %rax,0(%rsp)\n	mov %rbx,8(%rsp)\n	mov %rcx,16(%rsp)\n	mov %rdx,24(%rsp)\n"
    "	mov %rsi,32(%rsp)\n	mov %rdi,40(%rsp)\n	mov %rbp,48(%rsp)\n	mov %r8,56(%rsp)\n"
    "	mov %r9,64(%rsp)\n	mov %r10,72(%rsp)\n	mov %r11,80(%rsp)\n	mov %r12,88(%rsp)\n"
    "	mov %r13,96(%rsp)\n	mov %r14,104(%rsp)\n	mov %r15,112(%rsp)\n"
    "	mov 120(%rsp),%rdi\n	movdqu %xmm0,288(%rdi)\n	movdqu %xmm15,304(%rdi)\n"
    "	xor %ecx,%ecx\n"
    "2:	mov (%rsp,%rcx,8),%rax\n	mov %rax,128(%rdi,%rcx,8)\n	inc %ecx\n	cmp $15,%ecx\n	jne 2b\n"
    "	xor %edx,%edx\n	movabs $0xC0DE0000C0DE0000,%rax\n	mov $-128,%rcx\n"
    "3:	cmp %rax,(%rsp,%rcx)\n	je 4f\n	inc %rdx\n"
    "4:	add $1,%rax\n	add $8,%rcx\n	jnz 3b\n"
    "	mov %rdx,320(%rdi)\n"
    "	add $136,%rsp\n"
    "	pop %r15\n	pop %r14\n	pop %r13\n	pop %r12\n	pop %rbp\n	pop %rbx\n	ret\n");

/* 32-bit code, reached through a forged rt_sigreturn frame with cs = 0x23 */
extern char code32_start[];
asm(".text\n.code32\ncode32_start:\n"
    "	mov $20,%eax\n	int $0x80\n"		/* compat getpid via int 0x80 */
    "	mov $20,%eax\n	syscall\n"		/* SYSCALL in compat mode */
    "	mov $20,%eax\n	mov %esp,%ebp\n	sysenter\n"
    "	ud2\n"
    ".code64\n");

static struct {
	uint64_t pretcode;
	ucontext_t uc;
	char pad[1024];
} __attribute__((aligned(64))) forge_fr;

/* build a fake rt_sigframe and jump onto the stub's rt_sigreturn */
static void __attribute__((noreturn, noinline))
forge(uint64_t mask, uint64_t rip, uint64_t rsp, uint64_t cs, void *ss_sp, size_t ss_size,
      int ss_flags, uint64_t efl, void *fpregs)
{
	ucontext_t *uc = &forge_fr.uc;
	memset(&forge_fr, 0, sizeof forge_fr);
	uc->uc_stack.ss_sp = ss_sp;
	uc->uc_stack.ss_size = ss_size;
	uc->uc_stack.ss_flags = ss_flags;
	uc->uc_mcontext.gregs[REG_RIP] = rip;
	uc->uc_mcontext.gregs[REG_RSP] = rsp;
	uc->uc_mcontext.gregs[REG_EFL] = efl;
	uc->uc_mcontext.gregs[REG_CSGSFS] = cs | (0x2bUL << 48);	/* ss = __USER_DS */
	uc->uc_mcontext.fpregs = fpregs;
	memcpy(&uc->uc_sigmask, &mask, 8);
	asm volatile("mov %0,%%rsp\n\tjmp stub_restorer" :: "r"(uc) : "memory");
	__builtin_unreachable();
}
static char stack32[4096] __attribute__((aligned(16)));	/* below 4 GiB (non-PIE) */
#define SIGBIT(s) (1UL << ((s) - 1))
#define FORGE_RSP (GSTK_ADDR + GSTK_SIZE / 2 - 8)

/* Where forged signal frames resume (the probes). */
void after_forge_spin(void);
void after_forge_syscall(void);
void after_forge_segv(void);
void after_forge_spin(void) { for (;;) SH->counter++; }
void after_forge_syscall(void) { long r = GS0(SYS_getppid); gsys(NR_REPORT, r, 0, 0, 0, 0, 0); GS0(SYS_exit_group); for (;;); }
void after_forge_segv(void) { *(volatile int *)(GUEST_AREA + 0x10000000) = 1; for (;;); }

enum {
	S_BENCH_SYSCALL = 1, S_BENCH_FAULT_MAP, S_BENCH_FAULT_REMAP, S_SPIN, S_FORGE_BLOCK_PREEMPT,
	P_FIRST = 100,
	P_STUB_MMAP = P_FIRST, P_STUB_MPROTECT, P_STUB_OPEN, P_STUB_PTRACE, P_STUB_KILL, P_STUB_PVR,
	P_STUB_FUTEX_REQ, P_STUB_FUTEX_OP, P_STUB_FUTEX_PRIV, P_STUB_X32, P_STUB_MAPVDSO, P_STUB_SETFS,
	P_GUEST_MMAP_FD3, P_GUEST_X32, P_WRITE_REQ, P_READ_REQ, P_INT80, P_FORGE_CS23, P_VSYSCALL,
	P_JUMP_MAPPER, P_FORGE_BLOCK_PREEMPT, P_FORGE_BLOCK_SYS, P_FORGE_BLOCK_SEGV, P_FORGE_ALT_RO,
	P_FORGE_ALT_OFF, P_FORGE_BADFP, P_FORGE_TF, P_RSP0, P_CALL_HANDLER, P_WRFSBASE,
	P_FUTEX_WAIT_STUB, P_STUB_SIGRETURN_ONLY, P_LAST
};
static const char *pname[] = {
	"stub site: mmap(RWX anon)", "stub site: mprotect(req page, RW)", "stub site: openat(/etc/passwd)",
	"stub site: ptrace(ATTACH, mapper)", "stub site: kill(monitor, SIGURG)",
	"stub site: process_vm_readv(monitor)", "stub site: futex WAKE on mapper's word",
	"stub site: futex WAKE_OP on mailbox", "stub site: futex WAIT|PRIVATE on mailbox",
	"stub site: x32 getppid (0x40000000|110)", "stub site: arch_prctl(ARCH_MAP_VDSO_64)",
	"stub site: arch_prctl(ARCH_SET_FS, own fs)",
	"guest code: mmap(fd 3, MAP_SHARED)", "guest code: x32 getppid", "write request page",
	"read request page", "int $0x80 from 64-bit code", "forged frame cs=0x23: int80/syscall/sysenter",
	"vsyscall gettimeofday (0xffffffffff600000)", "jump into mapper code (its mmap syscall)",
	"forged frame blocks SIG_PREEMPT, then spins", "forged frame blocks SIGSYS, then syscall",
	"forged frame blocks SIGSEGV, then faults", "forged frame: sigaltstack = read-only req page",
	"forged frame: sigaltstack disabled, then syscall", "forged frame: bad fpstate pointer",
	"forged frame: EFLAGS.TF set", "syscall with rsp = 0", "call the stub handler with fake args",
	"wrfsbase/rdfsbase in guest code", "stub site: futex WAIT on mailbox (hide in the kernel)",
	"stub site: rt_sigreturn with garbage stack",
};

void guest_main(void) __attribute__((used, noreturn));
void guest_main(void)
{
	long r = 0, i;
	gsys(NR_HELLO, g_mapper_tid, 0, 0, 0, 0, 0);
	switch (g_scenario) {
	case S_BENCH_SYSCALL: {
		struct probe p;
		memset(&p, 0, sizeof p);
		for (i = 0; i < 15; i++)
			p.in[i] = 0x1111111111111111UL * (i + 1);
		p.in[0] = SYS_getppid;
		p.xin[0] = 0x0123456789abcdefUL; p.xin[1] = 0xfedcba9876543210UL;
		p.xin[2] = 0x5555aaaa5555aaaaUL; p.xin[3] = 0x3333cccc3333ccccUL;
		for (i = 0; i < g_n; i++) {
			uint64_t t0 = rdtsc();
			guest_probe(&p);
			uint64_t t1 = rdtsc();
			SH->tsc[i] = t1 - t0;
			if (p.out[0] != 4242)
				SH->errs[0]++;
			for (int j = 1; j < 15; j++)
				if (j != 2 && j != 10 && p.out[j] != p.in[j])
					SH->errs[1]++;
			if (memcmp(p.xin, p.xout, sizeof p.xin))
				SH->errs[2]++;
			if (p.canary_bad)
				SH->errs[3]++;
		}
		break;
	}
	case S_BENCH_FAULT_MAP:
	case S_BENCH_FAULT_REMAP:
		for (i = 0; i < g_n; i++) {
			uint64_t a = GUEST_AREA + (g_scenario == S_BENCH_FAULT_MAP ? i : (i & 1)) * 4096;
			uint64_t t0 = rdtsc();
			*(volatile uint64_t *)a = i;
			uint64_t t1 = rdtsc();
			SH->tsc[i] = t1 - t0;
			if (*(volatile uint64_t *)a != (uint64_t)i)
				SH->errs[0]++;
		}
		break;
	case S_SPIN:
		for (;;)
			SH->counter++;
	case S_FORGE_BLOCK_PREEMPT:
	case P_FORGE_BLOCK_PREEMPT:
		GS0(NR_FORGE);
		forge(SIGBIT(SIG_PREEMPT), (uint64_t)after_forge_spin, FORGE_RSP, 0x33,
		      (void *)ALT_ADDR, ALT_SIZE, 0, 0x202, NULL);
	case P_STUB_MMAP:
		r = stub_sys6(SYS_mmap, 0x500000000000, 4096, 7, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		break;
	case P_STUB_MPROTECT:
		r = stub_sys6(SYS_mprotect, REQ_ADDR, 4096, PROT_READ | PROT_WRITE, 0, 0, 0);
		break;
	case P_STUB_OPEN:
		r = stub_sys6(SYS_openat, AT_FDCWD, (long)"/etc/passwd", O_RDONLY, 0, 0, 0);
		break;
	case P_STUB_PTRACE:
		r = stub_sys6(SYS_ptrace, PTRACE_ATTACH, g_mapper_tid, 0, 0, 0, 0);
		break;
	case P_STUB_KILL:
		r = stub_sys6(SYS_kill, g_monitor_pid, SIGURG, 0, 0, 0, 0);
		break;
	case P_STUB_PVR: {
		static char buf[64];
		struct iovec l = { buf, 64 }, rv = { (void *)&g_n, 8 };
		r = stub_sys6(SYS_process_vm_readv, g_monitor_pid, (long)&l, 1, (long)&rv, 1, 0);
		break;
	}
	case P_STUB_FUTEX_REQ:
		r = stub_sys6(SYS_futex, REQ_ADDR, FUTEX_WAKE, 1, 0, 0, 0);
		break;
	case P_STUB_FUTEX_OP:
		r = stub_sys6(SYS_futex, MBOX_ADDR, FUTEX_WAKE_OP, 1, 1, MBOX_ADDR + 8,
			      FUTEX_OP(FUTEX_OP_SET, 7, FUTEX_OP_CMP_EQ, 0));
		break;
	case P_STUB_FUTEX_PRIV:
		r = stub_sys6(SYS_futex, MBOX_ADDR, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 12345, 0, 0, 0);
		break;
	case P_STUB_X32:
		r = stub_sys6(0x40000000 | SYS_getppid, 0, 0, 0, 0, 0, 0);
		break;
	case P_STUB_MAPVDSO:
		r = stub_sys6(SYS_arch_prctl, 0x2003 /* ARCH_MAP_VDSO_64 */, 0x500000000000, 0, 0, 0, 0);
		break;
	case P_STUB_SETFS: {
		uint64_t fs;
		asm volatile("rdfsbase %0" : "=r"(fs));
		r = stub_sys6(SYS_arch_prctl, ARCH_SET_FS, fs, 0, 0, 0, 0);
		break;
	}
	case P_GUEST_MMAP_FD3:
		r = gsys(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, 3, 0);
		break;
	case P_GUEST_X32:
		r = GS0(0x40000000 | SYS_getppid);
		break;
	case P_WRITE_REQ:
		*(volatile uint32_t *)REQ_ADDR = 0x55;
		break;
	case P_READ_REQ:
		r = ((volatile struct req *)REQ_ADDR)->consts[7];
		break;
	case P_INT80:
		asm volatile("int $0x80" : "=a"(r) : "a"(20) : "memory");
		break;
	case P_FORGE_CS23:
		forge(0, (uint64_t)code32_start, (uint64_t)stack32 + sizeof stack32 - 64, 0x23, (void *)ALT_ADDR, ALT_SIZE, 0, 0x202, NULL);
	case P_VSYSCALL: {
		struct timeval tv = { 0, 0 };
		long (*vgtod)(struct timeval *, void *) = (void *)0xffffffffff600000UL;
		r = vgtod(&tv, NULL);
		gsys(NR_REPORT, r, tv.tv_sec, 0, 0, 0, 0);
		r = ((long (*)(long *))0xffffffffff600400UL)(NULL);	/* vsyscall time() */
		break;
	}
	case P_JUMP_MAPPER: {
		register long r12 asm("r12") = REQ_ADDR;
		asm volatile("mov $9,%%eax\n mov $4096,%%esi\n mov $7,%%edx\n"
			     " mov $0x11,%%r10d\n mov $3,%%r8d\n xor %%r9d,%%r9d\n"
			     " xor %%ebx,%%ebx\n jmp mapper_mmap_insn"
			     :: "D"(GUEST_AREA), "r"(r12) : "memory");
		break;
	}
	case P_FORGE_BLOCK_SYS:
		forge(SIGBIT(SIGSYS), (uint64_t)after_forge_syscall, FORGE_RSP, 0x33,
		      (void *)ALT_ADDR, ALT_SIZE, 0, 0x202, NULL);
	case P_FORGE_BLOCK_SEGV:
		forge(SIGBIT(SIGSEGV), (uint64_t)after_forge_segv, FORGE_RSP, 0x33,
		      (void *)ALT_ADDR, ALT_SIZE, 0, 0x202, NULL);
	case P_FORGE_ALT_RO:
		forge(0, (uint64_t)after_forge_syscall, FORGE_RSP, 0x33,
		      (void *)REQ_ADDR, 8192, 0, 0x202, NULL);
	case P_FORGE_ALT_OFF:
		forge(0, (uint64_t)after_forge_syscall, FORGE_RSP, 0x33, NULL, 0, SS_DISABLE, 0x202, NULL);
	case P_FORGE_BADFP:
		forge(0, (uint64_t)after_forge_syscall, FORGE_RSP, 0x33,
		      (void *)ALT_ADDR, ALT_SIZE, 0, 0x202, (void *)0x1000);
	case P_FORGE_TF:
		forge(0, (uint64_t)after_forge_syscall, FORGE_RSP, 0x33,
		      (void *)ALT_ADDR, ALT_SIZE, 0, 0x302, NULL);
	case P_RSP0:
		asm volatile("mov %%rsp,%%rbx\n xor %%esp,%%esp\n syscall\n mov %%rbx,%%rsp"
			     : "=a"(r) : "a"(SYS_getppid) : "rbx", "rcx", "r11", "memory");
		break;
	case P_CALL_HANDLER: {
		siginfo_t si;
		ucontext_t uc;
		memset(&si, 0, sizeof si);
		memset(&uc, 0, sizeof uc);
		si.si_signo = SIGSYS;
		si.si_syscall = 777;
		stub_handler(SIGSYS, &si, &uc);
		r = uc.uc_mcontext.gregs[REG_RAX];
		break;
	}
	case P_WRFSBASE: {
		uint64_t old, v;
		asm volatile("rdfsbase %0" : "=r"(old));
		asm volatile("wrfsbase %0" :: "r"(0x12345000UL));
		asm volatile("rdfsbase %0" : "=r"(v));
		asm volatile("wrfsbase %0" :: "r"(old));
		r = v;
		break;
	}
	case P_FUTEX_WAIT_STUB:
		r = stub_sys6(SYS_futex, MBOX_ADDR, FUTEX_WAIT, ST_REPLY, 0, 0, 0);
		break;
	case P_STUB_SIGRETURN_ONLY:
		asm volatile("mov $0x7e0000010000,%%rsp\n jmp stub_restorer" ::: "memory");
		break;
	}
	gsys(NR_REPORT, r, 0, 0, 0, 0, 0);
	GS0(SYS_exit_group);
	for (;;);
}

/* ------------------------------------------------------------------ */
/* guest task setup (in the forked child, before the filter) */
struct ksigaction { void *handler; unsigned long flags; void *restorer; uint64_t mask; };

static void __attribute__((noreturn)) child_fail(int code) { _exit(code); }

static void __attribute__((noreturn)) child_main(void)
{
	cpu_set_t cs;
	struct rlimit rl = { 0, 0 };
	uint64_t all = ~0UL, none = 0;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	setrlimit(RLIMIT_CORE, &rl);
	CPU_ZERO(&cs);
	CPU_SET(g_guest_cpu, &cs);
	sched_setaffinity(0, sizeof cs, &cs);
	if (mmap((void *)REQ_ADDR, 8192, PROT_READ, MAP_SHARED | MAP_FIXED_NOREPLACE, g_reqfd, 0) != (void *)REQ_ADDR)
		child_fail(10);
	if (mmap((void *)ALT_ADDR, ALT_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *)ALT_ADDR)
		child_fail(11);
	if (mmap((void *)GSTK_ADDR, GSTK_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *)GSTK_ADDR)
		child_fail(12);
	/* fds: only the memfd (3) and the request file (4), for the mapper */
	if (dup2(g_memfd, 100) < 0 || dup2(g_reqfd, 101) < 0 || dup2(100, 3) != 3 || dup2(101, 4) != 4)
		child_fail(13);
	g_memfd = 3;
	g_reqfd = 4;
	syscall(SYS_close_range, 0, 2, 0);
	syscall(SYS_close_range, 5, ~0U, 0);
	syscall(SYS_set_tid_address, &MB->state);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, 8);	/* mapper inherits: all blocked */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		child_fail(14);
	build_filters();
	unsigned long fl = CLONE_VM | CLONE_CHILD_CLEARTID | (g_thread ? CLONE_THREAD | CLONE_SIGHAND : 0);
	g_mapper_tid = mapper_clone(fl, &MB->state, g_reqfd, g_memfd, &mprog, REQ_ADDR);
	if (g_mapper_tid < 0)
		child_fail(15);
	/* the guest task: no fds at all */
	syscall(SYS_close_range, 0, ~0U, 0);
	stack_t ss = { (void *)ALT_ADDR, 0, ALT_SIZE };
	if (sigaltstack(&ss, NULL))
		child_fail(16);
	struct ksigaction ka = { (void *)stub_handler, SA_SIGINFO | SA_ONSTACK | SA_RESTORER,
				 (void *)stub_restorer, 0 };
	static const int sigs[] = { SIGSYS, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIG_PREEMPT };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		ka.mask |= SIGBIT(sigs[i]);
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (syscall(SYS_rt_sigaction, sigs[i], &ka, NULL, 8))
			child_fail(17);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &gprog))
		_exit(18);
	asm volatile("mov %0,%%rsp\n\tcall guest_main\n\tud2" :: "r"(GSTK_ADDR + GSTK_SIZE - 64) : "memory");
	__builtin_unreachable();
}

/* ------------------------------------------------------------------ */
/* monitor */
struct gp {
	pid_t pid;
	long mapper;
	struct mbox *mb;
	struct req *req;
	char *mem;
	int memfd;
	int dead, status;
	int mode;		/* monitor's wait mode */
	uint64_t spin;
	int seized;
};

static long futex(void *a, int op, uint32_t v, const struct timespec *ts)
{
	return syscall(SYS_futex, a, op, v, ts, NULL, 0);
}

static void pin_self(int cpu)
{
	cpu_set_t cs;
	CPU_ZERO(&cs);
	CPU_SET(cpu, &cs);
	sched_setaffinity(0, sizeof cs, &cs);
}

static uint64_t ns2tsc(int64_t ns) { return (uint64_t)(ns * g_tsc_ghz); }

/* wait for ST_REQ on word w (mailbox) or for done on the mapper. 1 = event,
 * 0 = dead (kernel CLEARTID wrote 0), -1 = timeout */
static int mon_wait_word(struct gp *g, uint32_t *w, uint32_t want, int64_t timeout_ns, int deadcheck)
{
	uint64_t t0 = rdtsc(), lim = timeout_ns < 0 ? ~0UL : ns2tsc(timeout_ns);
	for (;;) {
		uint32_t s = __atomic_load_n(w, __ATOMIC_ACQUIRE);
		if (s == want)
			return 1;
		if (deadcheck && s != ST_RUN && s != ST_REPLY)
			return 0;	/* 0 (dead) or garbage written by the guest */
		uint64_t el = rdtsc() - t0;
		if (el > lim)
			return -1;
		if (g->mode == W_YIELD) {
			sched_yield();
			continue;
		}
		if (g->mode == W_SPIN && el < g->spin) {
			__builtin_ia32_pause();
			continue;
		}
		__atomic_store_n(&g->mb->mon_sleep, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(w, __ATOMIC_SEQ_CST) != s) {
			g->mb->mon_sleep = 0;
			continue;
		}
		struct timespec ts, *tp = NULL;
		if (timeout_ns >= 0) {
			int64_t rem = (int64_t)((lim - el) / g_tsc_ghz);
			ts.tv_sec = rem / 1000000000;
			ts.tv_nsec = rem % 1000000000;
			tp = &ts;
		}
		futex(w, FUTEX_WAIT, s, tp);
		g->mb->mon_sleep = 0;
	}
}

static void reap(struct gp *g, int block)
{
	if (g->dead)
		return;
	for (int i = 0; i < (block ? 1 : 300); i++) {
		int r = waitpid(g->pid, &g->status, __WALL | (block ? 0 : WNOHANG));
		if (r == g->pid && (WIFEXITED(g->status) || WIFSIGNALED(g->status))) {
			g->dead = 1;
			return;
		}
		if (r == g->pid && WIFSTOPPED(g->status) && g->seized) {	/* tracee: let it go */
			ptrace(PTRACE_CONT, g->pid, 0, WSTOPSIG(g->status));
			continue;
		}
		if (!block)
			usleep(1000);
	}
}

static int mon_wait(struct gp *g, int64_t timeout_ns)
{
	int r = mon_wait_word(g, &g->mb->state, ST_REQ, timeout_ns, 1);
	if (r == 0) {
		reap(g, 0);
		if (!g->dead)
			return -2;	/* state forged by the guest */
	}
	return r;
}

static void mon_reply(struct gp *g)
{
	__atomic_store_n(&g->mb->state, ST_REPLY, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&g->mb->guest_sleep, __ATOMIC_SEQ_CST))
		futex(&g->mb->state, FUTEX_WAKE, INT32_MAX, NULL);
}

/* run a batch in the mapper; returns ops done, or -(1000*index + errno) */
static long mon_batch(struct gp *g, const struct op *ops, int n)
{
	struct req *rq = g->req;
	memcpy(rq->ops, ops, n * sizeof *ops);
	rq->count = n;
	uint32_t seq = rq->seq + 1;
	__atomic_store_n(&rq->seq, seq, __ATOMIC_SEQ_CST);
	futex(&rq->seq, FUTEX_WAKE, 1, NULL);
	if (mon_wait_word(g, &rq->done_seq, seq, 2000000000L, 0) != 1)
		return -999999;
	long ret = n;
	if (rq->fail_seq == seq)
		ret = -(long)(1000 * rq->fail_index + rq->fail_err);
	memset(rq->ops, 0, n * sizeof *ops);	/* hide the offsets again */
	return ret;
}

static void gp_kill(struct gp *g)
{
	if (!g->dead) {
		kill(g->pid, SIGKILL);
		reap(g, 1);
	}
	if (!g_thread && g->mapper > 0)
		kill(g->mapper, SIGKILL);
	for (int i = 0; i < 50; i++) {
		while (waitpid(-1, NULL, __WALL | WNOHANG) > 0)
			;
		if (g_thread || g->mapper <= 0 || kill(g->mapper, 0))
			break;
		usleep(1000);
	}
	munmap(g->req, 8192);
	munmap(g->mem, MEM_SIZE);
	close(g->memfd);
}

static const char *death(struct gp *g, char *buf)
{
	if (!g->dead)
		sprintf(buf, "alive");
	else if (WIFSIGNALED(g->status))
		sprintf(buf, "died: signal %d (%s)%s", WTERMSIG(g->status), strsignal(WTERMSIG(g->status)),
			WCOREDUMP(g->status) ? " core" : "");
	else
		sprintf(buf, "exited %d", WEXITSTATUS(g->status));
	return buf;
}

static int spawn(struct gp *g, int scenario, long n, int mode, uint64_t spin)
{
	memset(g, 0, sizeof *g);
	int mbfd = memfd_create("mbox", MFD_CLOEXEC);
	int reqfd = memfd_create("req", MFD_CLOEXEC);
	int memfd = memfd_create("guestmem", MFD_CLOEXEC);
	if (ftruncate(mbfd, 4096) || ftruncate(reqfd, 8192) || ftruncate(memfd, MEM_SIZE))
		return -1;
	uint64_t consts[512];
	for (int i = 0; i < 512; i++)
		consts[i] = i;
	if (pwrite(reqfd, consts, sizeof consts, 4096) != sizeof consts)
		return -1;
	munmap((void *)MBOX_ADDR, 4096);
	g->mb = mmap((void *)MBOX_ADDR, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, mbfd, 0);
	close(mbfd);
	g->mb->state = ST_RUN;
	g->mb->wait_mode = mode;
	g->mb->spin_cycles = spin;
	g->mode = mode;
	g->spin = spin;
	g_scenario = scenario;
	g_n = n;
	g_reqfd = reqfd;
	g_memfd = memfd;
	fflush(stdout);
	g->pid = fork();
	if (g->pid == 0)
		child_main();
	g->memfd = memfd;
	g->req = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, reqfd, 0);
	close(reqfd);
	g->mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, memfd, 0);
	int r = mon_wait(g, 3000000000L);
	if (r != 1 || g->mb->nr != NR_HELLO) {
		char b[80];
		reap(g, 0);
		printf("spawn failed: r=%d nr=%lu %s\n", r, g->mb->nr, death(g, b));
		return -1;
	}
	g->mapper = g->mb->regs[REG_RDI];
	return 0;
}

static int cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

struct stats { double med, p10, p90, mean; };
static struct stats stats_of(volatile uint64_t *v, long n)
{
	uint64_t *c = malloc(n * sizeof *c);
	double sum = 0;
	for (long i = 0; i < n; i++) {
		c[i] = v[i];
		sum += c[i];
	}
	qsort(c, n, sizeof *c, cmp64);
	struct stats s = { c[n / 2] / g_tsc_ghz / 1000, c[n / 10] / g_tsc_ghz / 1000,
			   c[n * 9 / 10] / g_tsc_ghz / 1000, sum / n / g_tsc_ghz / 1000 };
	free(c);
	return s;
}

static void print_stats(const char *what, struct stats s, const char *extra)
{
	printf("%-52s median %7.2f us  p10 %7.2f  p90 %7.2f  mean %7.2f %s\n", what, s.med, s.p10, s.p90,
	       s.mean, extra ? extra : "");
	fflush(stdout);
}

static void place(int diff)
{
	g_guest_cpu = 0;
	g_mon_cpu = diff ? 1 : 0;
	pin_self(g_mon_cpu);
}

/* ---- benchmarks ---- */
static void bench_syscall(int diff, int mode, int64_t spin_ns, int seized, long n)
{
	struct gp g;
	char what[128], b[80];
	place(diff);
	memset((void *)SH->errs, 0, sizeof SH->errs);
	if (spawn(&g, S_BENCH_SYSCALL, n, mode, ns2tsc(spin_ns)))
		return;
	if (seized) {
		if (ptrace(PTRACE_SEIZE, g.pid, 0, PTRACE_O_EXITKILL))
			perror("seize");
		g.seized = 1;
	}
	mon_reply(&g);
	long events = 0;
	for (;;) {
		if (seized) {
			int st;
			if (waitpid(g.pid, &st, __WALL) != g.pid || !WIFSTOPPED(st))
				break;
			ptrace(PTRACE_CONT, g.pid, 0, WSTOPSIG(st));
		}
		if (mon_wait(&g, -1) != 1)
			break;
		events++;
		if (g.mb->nr == SYS_getppid) {
			g.mb->regs[REG_RAX] = 4242;
			mon_reply(&g);
			continue;
		}
		break;	/* exit_group */
	}
	int ok = g.mb->signo == SIGSYS && g.mb->nr == NR_REPORT;
	gp_kill(&g);
	sprintf(what, "syscall %s %s%s%s", diff ? "diff-core" : "same-core",
		mode == W_FUTEX ? "futex" : mode == W_YIELD ? "yield" : "spin",
		seized ? " +seized" : "", g_thread ? "" : " (no CLONE_THREAD)");
	if (mode == W_SPIN)
		sprintf(what + strlen(what), " %ldus", (long)(spin_ns / 1000));
	char extra[160];
	sprintf(extra, "[n=%ld events=%ld errs rax=%lu regs=%lu xmm=%lu redzone=%lu%s]", n, events,
		SH->errs[0], SH->errs[1], SH->errs[2], SH->errs[3], ok ? "" : death(&g, b));
	print_stats(what, stats_of(SH->tsc, n), extra);
}

static void bench_fault(int diff, int remap, int mode, int64_t spin_ns, long n)
{
	struct gp g;
	char what[128], extra[160];
	static uint64_t btimes[300000];
	long nb = 0;
	place(diff);
	memset((void *)SH->errs, 0, sizeof SH->errs);
	if (spawn(&g, remap ? S_BENCH_FAULT_REMAP : S_BENCH_FAULT_MAP, n, mode, ns2tsc(spin_ns)))
		return;
	/* guest RAM is populated in uvmm: the guest kernel zeroes pages before mapping */
	fallocate(g.memfd, 0, 0, remap ? 8192 : n * 4096);
	mon_reply(&g);
	uint64_t last = 0;
	long bad = 0;
	for (;;) {
		if (mon_wait(&g, -1) != 1)
			break;
		if (g.mb->signo == SIGSEGV) {
			uint64_t a = g.mb->addr & ~4095UL;
			if (a < GUEST_AREA || a >= GUEST_AREA + MEM_SIZE) {
				bad++;
				break;
			}
			struct op ops[2];
			int k = 0;
			if (remap && last)
				ops[k++] = (struct op){ OP_UNMAP, 0, last, 4096, 0 };
			ops[k++] = (struct op){ OP_MAP, PROT_READ | PROT_WRITE, a, 4096, a - GUEST_AREA };
			uint64_t t0 = rdtsc();
			long r = mon_batch(&g, ops, k);
			btimes[nb++ % 300000] = rdtsc() - t0;
			if (r != k) {
				printf("batch failed %ld\n", r);
				bad++;
				break;
			}
			last = a;
			mon_reply(&g);
			continue;
		}
		break;
	}
	gp_kill(&g);
	sprintf(what, "fault->%s %s %s", remap ? "unmap+map" : "map", diff ? "diff-core" : "same-core",
		mode == W_FUTEX ? "futex" : mode == W_YIELD ? "yield" : "spin");
	if (mode == W_SPIN)
		sprintf(what + strlen(what), " %ldus", (long)(spin_ns / 1000));
	sprintf(extra, "[n=%ld bad=%ld verify-errs=%lu]", n, bad, SH->errs[0]);
	print_stats(what, stats_of(SH->tsc, n), extra);
	sprintf(what, "  of which monitor->mapper->monitor batch");
	print_stats(what, stats_of((volatile uint64_t *)btimes, nb < 300000 ? nb : 300000), NULL);
}

static void bench_preempt(int diff, long n)
{
	struct gp g;
	char what[128];
	place(diff);
	if (spawn(&g, S_SPIN, n, W_FUTEX, 0))
		return;
	mon_reply(&g);
	usleep(1000);
	long bad = 0;
	for (long i = 0; i < n; i++) {
		uint64_t t0 = rdtsc();
		syscall(SYS_tgkill, g.pid, g.pid, SIG_PREEMPT);
		int r = mon_wait(&g, 1000000000L);
		SH->tsc[i] = rdtsc() - t0;
		if (r != 1 || g.mb->signo != SIG_PREEMPT) {
			bad++;
			break;
		}
		mon_reply(&g);
	}
	gp_kill(&g);
	sprintf(what, "preempt: tgkill -> regs in monitor %s", diff ? "diff-core" : "same-core");
	char extra[64];
	sprintf(extra, "[n=%ld bad=%ld]", n, bad);
	print_stats(what, stats_of(SH->tsc, n), extra);
}

static void read_status(pid_t pid, const char *keys[], char *out)
{
	char path[64], line[256];
	sprintf(path, "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	out[0] = 0;
	if (!f)
		return;
	while (fgets(line, sizeof line, f))
		for (int i = 0; keys[i]; i++)
			if (!strncmp(line, keys[i], strlen(keys[i]))) {
				line[strcspn(line, "\n")] = 0;
				strcat(out, line);
				strcat(out, "  ");
			}
	fclose(f);
}

/* forged frame blocks SIG_PREEMPT; fall back to PTRACE_SEIZE+INTERRUPT */
static void exp_preempt_fallback(int diff)
{
	struct gp g;
	char st[512], b[80];
	const char *keys[] = { "SigBlk", "SigPnd", "ShdPnd", NULL };
	place(diff);
	printf("\n== preemption when the guest blocked SIG_PREEMPT with a forged rt_sigreturn (%s)\n",
	       diff ? "diff-core" : "same-core");
	if (spawn(&g, S_FORGE_BLOCK_PREEMPT, 0, W_FUTEX, 0))
		return;
	mon_reply(&g);
	if (mon_wait(&g, 1000000000L) != 1 || g.mb->nr != NR_FORGE) {
		printf("no forge event\n");
		gp_kill(&g);
		return;
	}
	mon_reply(&g);
	usleep(20000);
	uint64_t c0 = SH->counter;
	syscall(SYS_tgkill, g.pid, g.pid, SIG_PREEMPT);
	int r = mon_wait(&g, 100000000L);
	read_status(g.pid, keys, st);
	printf("tgkill(SIG_PREEMPT): mon_wait -> %s; guest still running: %s; %s\n",
	       r == -1 ? "TIMEOUT (no event)" : "event", SH->counter != c0 ? "yes" : "no", st);
	uint64_t t0 = rdtsc();
	long e1 = ptrace(PTRACE_SEIZE, g.pid, 0, PTRACE_O_EXITKILL);
	long e2 = ptrace(PTRACE_INTERRUPT, g.pid, 0, 0);
	int ws;
	pid_t w = waitpid(g.pid, &ws, __WALL);
	uint64_t t1 = rdtsc();
	struct user_regs_struct regs;
	long e3 = ptrace(PTRACE_GETREGS, g.pid, 0, &regs);
	uint64_t mask = 0;
	long e4 = ptrace(PTRACE_GETSIGMASK, g.pid, 8, &mask);
	uint64_t newmask = mask & ~SIGBIT(SIG_PREEMPT);
	long e5 = ptrace(PTRACE_SETSIGMASK, g.pid, 8, &newmask);
	long e6 = ptrace(PTRACE_DETACH, g.pid, 0, 0);
	uint64_t t2 = rdtsc();
	r = mon_wait(&g, 1000000000L);
	uint64_t t3 = rdtsc();
	printf("SEIZE=%ld INTERRUPT=%ld wait=%s event=0x%x GETREGS=%ld rip=%#llx (after_forge_spin=%p) "
	       "GETSIGMASK=%ld mask=%#lx SETSIGMASK=%ld DETACH=%ld\n",
	       e1, e2, w == g.pid && WIFSTOPPED(ws) ? "stopped" : "?", ws >> 16, e3, regs.rip,
	       (void *)after_forge_spin, e4, mask, e5, e6);
	printf("seize+interrupt+stop %.1f us; +getregs/sigmask/detach %.1f us; pending SIG_PREEMPT then "
	       "delivered to the stub: %s (signo %lu) %.1f us after detach\n",
	       (t1 - t0) / g_tsc_ghz / 1000, (t2 - t0) / g_tsc_ghz / 1000,
	       r == 1 ? "yes" : "NO", g.mb->signo, (t3 - t2) / g_tsc_ghz / 1000);
	if (r == 1)
		mon_reply(&g);
	/* repeated cost of the fallback on a running (spinning) guest */
	long n = 2000;
	for (long i = 0; i < n; i++) {
		uint64_t a = rdtsc();
		ptrace(PTRACE_SEIZE, g.pid, 0, PTRACE_O_EXITKILL);
		ptrace(PTRACE_INTERRUPT, g.pid, 0, 0);
		waitpid(g.pid, &ws, __WALL);
		ptrace(PTRACE_GETREGS, g.pid, 0, &regs);
		ptrace(PTRACE_DETACH, g.pid, 0, 0);
		SH->tsc[i] = rdtsc() - a;
	}
	print_stats("  fallback seize+interrupt+getregs+detach, repeated", stats_of(SH->tsc, n), NULL);
	gp_kill(&g);
	printf("end: %s\n", death(&g, b));
}

/* ---- security probes ---- */
static void sigurg_handler(int s) { (void)s; g_sigurg++; }

static void run_probe(int p)
{
	struct gp g;
	char log[2048] = "", b[80], st[256];
	int nev = 0, preempted = 0;
	int urg0 = g_sigurg;
	place(0);
	if (spawn(&g, p, 0, W_FUTEX, 0)) {
		printf("%-50s spawn failed\n", pname[p - P_FIRST]);
		return;
	}
	if (p == P_FIRST) {	/* once: what the tasks look like */
		const char *keys[] = { "Seccomp:", "NoNewPrivs", "SigBlk", NULL };
		char path[128];
		for (int t = 0; t < 2; t++) {
			long tid = t ? g.mapper : g.pid;
			if (g_thread)
				sprintf(path, "/proc/%d/task/%ld/fd", g.pid, tid);
			else
				sprintf(path, "/proc/%ld/fd", tid);
			char cmd[256];
			sprintf(cmd, "ls %s | tr '\\n' ' '", path);
			printf("%s task %ld fds: ", t ? "mapper" : "guest ", tid);
			fflush(stdout);
			if (system(cmd)) {}
			read_status(tid, keys, st);
			printf("| %s\n", st);
		}
		char cmd[256];
		sprintf(cmd, "grep -E '7e0000|600000' /proc/%d/maps | sed 's/^/    /'", g.pid);
		if (system(cmd)) {}
	}
	mon_reply(&g);
	for (;;) {
		int r = mon_wait(&g, 200000000L);
		if (r == -1) {
			if (!preempted) {
				preempted = 1;
				strcat(log, "[timeout -> tgkill SIG_PREEMPT] ");
				syscall(SYS_tgkill, g.pid, g.pid, SIG_PREEMPT);
				continue;
			}
			const char *keys[] = { "SigBlk", NULL };
			read_status(g.pid, keys, st);
			strcat(log, "[timeout again: ");
			strcat(log, st);
			strcat(log, "-> monitor SIGKILLs] ");
			break;
		}
		if (r == -2) {
			strcat(log, "[mailbox state forged] ");
			break;
		}
		if (r == 0)
			break;
		struct mbox *mb = g.mb;
		char e[256];
		uint64_t *R = mb->regs;
		if (mb->signo == SIGSYS && mb->nr == NR_REPORT) {
			sprintf(e, "report(r=%ld/%#lx) ", (long)R[REG_RDI], (unsigned long)R[REG_RDI]);
			if (mb->regs[REG_RSI])
				sprintf(e + strlen(e) - 1, ",%ld) ", (long)R[REG_RSI]);
			strcat(log, e);
			mb->regs[REG_RAX] = 0;
			mon_reply(&g);
			continue;
		}
		if (mb->signo == SIGSYS && mb->nr == SYS_exit_group) {
			strcat(log, "exit_group ");
			break;
		}
		if (mb->signo == SIGSYS && mb->nr == NR_FORGE) {
			mon_reply(&g);
			continue;
		}
		if (mb->signo == SIGSYS)
			sprintf(e, "TRAP(nr=%#lx arch=%s call_addr=%#lx rip=%#lx) ", mb->nr,
				mb->arch == AUDIT_ARCH_X86_64 ? "x86_64" : mb->arch == AUDIT_ARCH_I386 ? "i386" : "?",
				mb->addr, (unsigned long)R[REG_RIP]);
		else
			sprintf(e, "SIG%s(code=%ld addr=%#lx rip=%#lx cs=%#lx) ", sigabbrev_np(mb->signo), (long)mb->code,
				mb->addr, (unsigned long)R[REG_RIP], (unsigned long)(R[REG_CSGSFS] & 0xffff));
		strcat(log, e);
		if (++nev >= 6) {
			strcat(log, "[6 events -> monitor SIGKILLs] ");
			break;
		}
		if (mb->signo == SIGSYS) {
			R[REG_RAX] = mb->nr == SYS_getppid ? 4242 : -ENOSYS;
			mon_reply(&g);
			continue;
		}
		if (mb->signo == SIGILL && p == P_FORGE_CS23) {
			R[REG_RIP] += 2;
			mon_reply(&g);
			continue;
		}
		if (mb->signo == SIG_PREEMPT) {
			mon_reply(&g);
			continue;
		}
		if (mb->signo == SIGTRAP && nev < 3) {
			mon_reply(&g);
			continue;
		}
		strcat(log, "[fault -> monitor SIGKILLs] ");
		break;
	}
	if (!g.dead)
		reap(&g, 0);
	long mapper = g.mapper;
	char mstate = '-';
	if (g.dead && !g_thread && mapper > 0) {	/* did PDEATHSIG take the mapper down? */
		char path[64], sbuf[256];
		usleep(20000);
		sprintf(path, "/proc/%ld/stat", mapper);
		FILE *f = fopen(path, "r");
		if (f) {
			if (fgets(sbuf, sizeof sbuf, f) && strrchr(sbuf, ')'))
				mstate = strrchr(sbuf, ')')[2];
			fclose(f);
		}
	}
	int mapper_alive_after_death = mstate != '-' && mstate != 'Z' && mstate != 'X';
	gp_kill(&g);
	printf("%-50s %s| end: %s%s%s\n", pname[p - P_FIRST], log, death(&g, b),
	       g_sigurg != urg0 ? " MONITOR GOT SIGURG!" : "",
	       mapper_alive_after_death ? " (MAPPER STILL RUNNING 20ms after the guest task died)" :
	       mstate == 'Z' ? " (mapper: zombie, PDEATHSIG killed it)" : "");
	fflush(stdout);
}

/* mapper: spurious wake-ups, failure reporting, ops actually done */
static void exp_mapper(void)
{
	struct gp g;
	char cmd[256];
	place(0);
	printf("\n== mapper checks\n");
	if (spawn(&g, S_SPIN, 0, W_FUTEX, 0))
		return;
	mon_reply(&g);
	uint32_t d0 = g.req->done_seq;
	for (int i = 0; i < 100; i++)
		futex(&g.req->seq, FUTEX_WAKE, 1, NULL);	/* spurious wake-ups */
	usleep(20000);
	printf("100 spurious FUTEX_WAKEs on the mapper's word: done_seq %u -> %u (unchanged = nothing ran)\n",
	       d0, g.req->done_seq);
	struct op ops[3] = {
		{ OP_MAP, PROT_READ, GUEST_AREA, 8192, 0 },
		{ OP_PROT, PROT_READ | PROT_WRITE, GUEST_AREA, 4096, 0 },
		{ OP_MAP, PROT_READ, GUEST_AREA + 100, 4096, 0 },	/* misaligned: EINVAL */
	};
	long r = mon_batch(&g, ops, 3);
	printf("batch [map 2 pages, protect 1, map misaligned]: result %ld (expect -(1000*2+22) = -2022)\n", r);
	sprintf(cmd, "grep -E '^600000' /proc/%d/maps | sed 's/^/    /'", g.pid);
	if (system(cmd)) {}
	gp_kill(&g);
}

static void calibrate(void)
{
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	uint64_t t0 = rdtsc();
	usleep(100000);
	clock_gettime(CLOCK_MONOTONIC, &b);
	uint64_t t1 = rdtsc();
	g_tsc_ghz = (t1 - t0) / ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec));
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "all";
	long n = argc > 2 ? atol(argv[2]) : 200000;
	if (n > 300000)
		n = 300000;
	setvbuf(stdout, NULL, _IOLBF, 0);
	g_monitor_pid = getpid();
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	signal(SIGURG, sigurg_handler);
	SH = mmap(NULL, sizeof *SH, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	calibrate();
	if (getenv("NO_CLONE_THREAD"))
		g_thread = 0;
	printf("uid %d, TSC %.3f GHz, stub text %p-%p, mapper text %p-%p, mapper clone %s\n", getuid(),
	       g_tsc_ghz, __start_stubtext, __stop_stubtext, __start_mappertext, __stop_mappertext,
	       g_thread ? "CLONE_VM|CLONE_THREAD|CLONE_SIGHAND" : "CLONE_VM only");

	if (!strcmp(what, "all") || !strcmp(what, "syscall")) {
		for (int diff = 0; diff < 2; diff++) {
			bench_syscall(diff, W_FUTEX, 0, 0, n);
			bench_syscall(diff, W_SPIN, 2000, 0, n);
			bench_syscall(diff, W_SPIN, 20000, 0, n);
			bench_syscall(diff, W_YIELD, 0, 0, n);
		}
	}
	if (!strcmp(what, "quick")) {	/* the placements that matter, for repeated runs */
		bench_syscall(0, W_FUTEX, 0, 0, n);
		bench_syscall(0, W_YIELD, 0, 0, n);
		bench_syscall(1, W_SPIN, 20000, 0, n);
		bench_fault(0, 0, W_FUTEX, 0, n / 4);
	}
	if (!strcmp(what, "all") || !strcmp(what, "seized")) {
		bench_syscall(0, W_FUTEX, 0, 1, n / 4);
		bench_syscall(1, W_FUTEX, 0, 1, n / 4);
	}
	if (!strcmp(what, "all") || !strcmp(what, "fault")) {
		for (int diff = 0; diff < 2; diff++) {
			bench_fault(diff, 0, W_FUTEX, 0, n / 4);
			bench_fault(diff, 1, W_FUTEX, 0, n);
			bench_fault(diff, 1, W_YIELD, 0, n);
			bench_fault(diff, 1, W_SPIN, 20000, n);
		}
	}
	if (!strcmp(what, "all") || !strcmp(what, "preempt")) {
		bench_preempt(0, n / 10);
		bench_preempt(1, n / 10);
		exp_preempt_fallback(0);
		exp_preempt_fallback(1);
	}
	if (!strcmp(what, "all") || !strcmp(what, "probes")) {
		exp_mapper();
		printf("\n== security probes (each in a fresh guest process)\n");
		for (int p = P_FIRST; p < P_LAST; p++)
			run_probe(p);
	}
	return 0;
}
