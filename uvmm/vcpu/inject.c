// SPDX-License-Identifier: GPL-2.0
/*
 * Host signals on a vCPU thread become guest interrupts and faults.
 *
 * The handler runs on the vCPU's alternate signal stack. If the thread was
 * executing guest kernel code, it writes the interrupted registers as a
 * struct uvmm_regs on the guest's own kernel stack (below the interrupted
 * %rsp, keeping the 8 bytes just below it free for the guest's return
 * sequence) and edits the signal context so that the return from the
 * handler lands in the guest's registered entry point: the host kernel
 * does the register switch for us, as a CPU would on an interrupt.
 * docs/gate-abi.md describes the frame.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "gate/direct_protect.h"
#include "host/console_tty.h"
#include "guest_proc/guest_proc.h"
#include "vcpu/inject.h"
#include "vcpu/vcpu.h"
#include "vm.h"

#define GUEST_KERNEL_CS	0x10
#define GUEST_KERNEL_SS	0x18
#define EFLAGS_IF	(1UL << 9)

/* Guest kernel code: its image's text, or a module's (the module area). */
static int in_guest_text(const struct vcpu *v, uint64_t ip)
{
	return (ip >= v->entries.text_start && ip < v->entries.text_end) ||
	       (ip >= UVMM_MODULES_START && ip < UVMM_MODULES_END);
}

/* The guest stack must be guest RAM we can write: its direct map. */
static int guest_stack_ok(const struct vcpu *v, uint64_t lo, uint64_t hi)
{
	const struct guest_mem *m = &v->vm->setup.mem;

	return lo > UVMM_PAGE_OFFSET &&
	       guest_phys_ptr(m, lo - UVMM_PAGE_OFFSET, hi - lo) != NULL;
}

static void fatal(const char *msg, uint64_t ip, uint64_t sp)
{
	char buf[160];
	int n = snprintf(buf, sizeof(buf), "uvmm: %s (guest ip %#lx sp %#lx)\n",
			 msg, (unsigned long)ip, (unsigned long)sp);

	console_tty_restore();
	if (write(STDERR_FILENO, buf, n) < 0)
		_exit(UVMM_EXIT_PANIC_STATUS);
	_exit(UVMM_EXIT_PANIC_STATUS);
}

/* Redirect the interrupted guest context to entry; info may be NULL. */
static void inject(struct vcpu *v, ucontext_t *uc, uint64_t entry,
		   const struct uvmm_fault_info *info)
{
	greg_t *g = uc->uc_mcontext.gregs;
	uint64_t sp = g[REG_RSP];
	size_t need = sizeof(struct uvmm_regs) + (info ? sizeof(*info) : 0);
	uint64_t frame = (sp - 8 - need) & ~15UL;
	struct uvmm_regs *r = (struct uvmm_regs *)frame;

	if (!entry || !guest_stack_ok(v, frame, sp))
		fatal("cannot deliver to the guest: no entry point or bad kernel stack",
		      g[REG_RIP], sp);

	r->r15 = g[REG_R15]; r->r14 = g[REG_R14]; r->r13 = g[REG_R13];
	r->r12 = g[REG_R12]; r->bp = g[REG_RBP];  r->bx = g[REG_RBX];
	r->r11 = g[REG_R11]; r->r10 = g[REG_R10]; r->r9 = g[REG_R9];
	r->r8 = g[REG_R8];   r->ax = g[REG_RAX];  r->cx = g[REG_RCX];
	r->dx = g[REG_RDX];  r->si = g[REG_RSI];  r->di = g[REG_RDI];
	r->orig_ax = -1UL;
	r->ip = g[REG_RIP];
	r->cs = GUEST_KERNEL_CS;
	r->flags = (g[REG_EFL] & ~EFLAGS_IF) |
		   (__atomic_load_n(&v->state->irq_enabled, __ATOMIC_RELAXED) ? EFLAGS_IF : 0);
	r->sp = sp;
	r->ss = GUEST_KERNEL_SS;
	if (info) {
		memcpy(r + 1, info, sizeof(*info));
		g[REG_RSI] = (greg_t)(r + 1);
	}

	__atomic_store_n(&v->state->irq_enabled, 0, __ATOMIC_RELAXED);
	__atomic_add_fetch(&v->state->irq_count, 1, __ATOMIC_RELAXED);
	g[REG_RDI] = frame;
	g[REG_RSP] = frame;
	g[REG_RIP] = entry;
}

/* Kick and timer: take pending interrupts now if the guest can. */
static void irq_signal(int sig, siginfo_t *si, void *ctx)
{
	struct vcpu *v = vcpu_self();
	ucontext_t *uc = ctx;

	(void)si;
	if (!v)
		return;
	if (sig == VCPU_SIG_TIMER)
		__atomic_or_fetch(&v->state->irq_pending, 1UL << UVMM_IRQ_TIMER,
				  __ATOMIC_SEQ_CST);
	/* Running guest user code: stop it, the guest takes the IRQ then. */
	guest_proc_interrupt();
	if (in_guest_text(v, uc->uc_mcontext.gregs[REG_RIP]) &&
	    __atomic_load_n(&v->state->irq_enabled, __ATOMIC_SEQ_CST) &&
	    __atomic_load_n(&v->state->irq_pending, __ATOMIC_SEQ_CST))
		inject(v, uc, v->entries.irq, NULL);
}

/*
 * A fault signal that someone sent (kill, tgkill, sigqueue: si_code <= 0)
 * is no CPU exception: neither a guest fault nor a uvmm bug. It is
 * ignored, with one line, wherever it lands.
 */
static void sent_signal(int sig, const siginfo_t *si)
{
	char buf[96];
	int n = snprintf(buf, sizeof(buf),
			 "uvmm: ignoring signal %d sent by pid %d (not a CPU fault)\n",
			 sig, (int)si->si_pid);

	if (write(STDERR_FILENO, buf, n) < 0)
		n = 0;
}

/* SIGSEGV and friends: a guest fault, or a bug in uvmm itself. */
static void fault_signal(int sig, siginfo_t *si, void *ctx)
{
	struct vcpu *v = vcpu_self();
	ucontext_t *uc = ctx;
	greg_t *g = uc->uc_mcontext.gregs;
	bool guest;

	if (si->si_code <= 0) {
		sent_signal(sig, si);
		return;
	}
	guest = v && in_guest_text(v, g[REG_RIP]);
	/* uvmm's own code on a page the guest protected: given back. */
	if (!guest && sig == SIGSEGV && direct_protect_give_back((uint64_t)si->si_addr))
		return;
	if (guest) {
		struct uvmm_fault_info info = {
			.addr = (uint64_t)si->si_addr,
			.signo = sig,
			.code = si->si_code,
			.trapno = g[REG_TRAPNO],
			.error_code = g[REG_ERR],
		};

		inject(v, uc, v->entries.fault, &info);
		return;
	}
	/* Not the guest: report and die with the host's default action. */
	{
		char buf[160];
		int n = snprintf(buf, sizeof(buf),
				 "uvmm: internal error: signal %d at %#lx, address %p\n",
				 sig, (unsigned long)g[REG_RIP], si->si_addr);

		if (write(STDERR_FILENO, buf, n) < 0)
			n = 0;
	}
	console_tty_restore();
	signal(sig, SIG_DFL);
}

int inject_signals_init(void)
{
	static const int faults[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };
	struct sigaction sa;
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
	sigfillset(&sa.sa_mask);

	sa.sa_sigaction = irq_signal;
	if (sigaction(VCPU_SIG_KICK, &sa, NULL) || sigaction(VCPU_SIG_TIMER, &sa, NULL))
		return -1;
	sa.sa_sigaction = fault_signal;
	sa.sa_flags |= SA_NODEFER;
	for (i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		if (sigaction(faults[i], &sa, NULL))
			return -1;
	return 0;
}
