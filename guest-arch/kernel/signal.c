// SPDX-License-Identifier: GPL-2.0
/*
 * Signal delivery to guest user code, in x86_64's own frame format: the
 * guest runs unmodified x86_64 programs, whose C libraries read and write
 * struct rt_sigframe, struct ucontext and the XSAVE image directly.
 *
 * From the top of the stack down (after the 128-byte red zone, or on the
 * alternate stack): the FPU state (64-byte aligned, XSAVE standard format,
 * struct _fpx_sw_bytes in its software-reserved bytes and
 * FP_XSTATE_MAGIC2 right after it), then the frame, placed so that the
 * handler starts with %rsp + 8 16-byte aligned, as after a call.
 */
#include <linux/entry-common.h>
#include <linux/errno.h>
#include <linux/resume_user_mode.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <asm/fpu.h>
#include <asm/sigcontext.h>
#include <asm/syscall.h>
#include <asm/syscalls.h>
#include <asm/ucontext.h>
#include <asm/unistd.h>

struct rt_sigframe {
	char __user *pretcode;		/* sa_restorer: the handler returns there */
	struct ucontext uc;
	struct siginfo info;
};

#define RED_ZONE		128
/* The flags a signal handler may change in the context it returns to. */
#define USER_EFLAGS	(X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | \
			 X86_EFLAGS_TF | X86_EFLAGS_SF | X86_EFLAGS_ZF | \
			 X86_EFLAGS_AF | X86_EFLAGS_PF | X86_EFLAGS_CF | X86_EFLAGS_RF)

#define XFEATURE_FP_SSE		3ULL
#define MXCSR_VALID		0xffffU

static unsigned int fpu_frame_size(void)
{
	return uvmm_sigframe_xstate_size + FP_XSTATE_MAGIC2_SIZE;
}

/* Write the thread's FPU state at fp as x86_64 does for a signal frame. */
static int save_fpu_frame(void __user *fp)
{
	void *buf = uvmm_fpu_buffer(current);
	unsigned int size = uvmm_sigframe_xstate_size;
	struct _fpx_sw_bytes sw = {
		.magic1 = FP_XSTATE_MAGIC1,
		.extended_size = size + FP_XSTATE_MAGIC2_SIZE,
		.xfeatures = uvmm_sigframe_xfeatures,
		.xstate_size = size,
	};
	u64 xstate_bv;

	if (!buf)
		return -ENOMEM;
	uvmm_fpu_sync(current);
	xstate_bv = *(u64 *)(buf + XSAVE_HDR) & uvmm_sigframe_xfeatures;
	if (copy_to_user(fp, buf, size) ||
	    copy_to_user(fp + XSAVE_SW_RESERVED, &sw, sizeof(sw)) ||
	    put_user(xstate_bv, (u64 __user *)(fp + XSAVE_HDR)) ||
	    put_user(FP_XSTATE_MAGIC2, (u32 __user *)(fp + size)))
		return -EFAULT;
	return 0;
}

/*
 * Load the FPU state from a signal frame: a full XSAVE image if its
 * magic numbers say so, else the legacy FXSAVE part alone. Whatever the
 * program wrote, what goes to the host is a valid image.
 */
static int restore_fpu_frame(const void __user *fp)
{
	void *buf = uvmm_fpu_buffer(current);
	struct _fpx_sw_bytes sw;
	unsigned int size = XSAVE_LEGACY_SIZE;
	u64 xstate_bv = XFEATURE_FP_SSE;
	u32 magic2;

	if (!buf)
		return -ENOMEM;
	if (copy_from_user(&sw, fp + XSAVE_SW_RESERVED, sizeof(sw)))
		return -EFAULT;
	if (sw.magic1 == FP_XSTATE_MAGIC1 &&
	    sw.xstate_size >= XSAVE_LEGACY_SIZE + XSAVE_HDR_SIZE &&
	    sw.xstate_size <= uvmm_sigframe_xstate_size &&
	    sw.extended_size >= sw.xstate_size + FP_XSTATE_MAGIC2_SIZE &&
	    !get_user(magic2, (u32 __user *)(fp + sw.xstate_size)) &&
	    magic2 == FP_XSTATE_MAGIC2) {
		size = sw.xstate_size;
		if (get_user(xstate_bv, (u64 __user *)(fp + XSAVE_HDR)))
			return -EFAULT;
		xstate_bv &= uvmm_sigframe_xfeatures & sw.xfeatures;
	}

	memset(buf, 0, uvmm_xstate_size);
	if (copy_from_user(buf, fp, size)) {
		uvmm_fpu_reset(current);
		return -EFAULT;
	}
	memset(buf + XSAVE_SW_RESERVED, 0, XSAVE_LEGACY_SIZE - XSAVE_SW_RESERVED);
	memset(buf + XSAVE_HDR, 0, XSAVE_HDR_SIZE);
	*(u64 *)(buf + XSAVE_HDR) = xstate_bv;
	*(u32 *)(buf + XSAVE_MXCSR) &= MXCSR_VALID;
	uvmm_fpu_changed(current);
	return 0;
}

static void __user *get_sigframe(struct ksignal *ksig, struct pt_regs *regs,
				 void __user **fp)
{
	unsigned long sp = regs->sp - RED_ZONE;
	unsigned long start = sigsp(sp, ksig);	/* SA_ONSTACK: the alternate stack */
	bool altstack = on_sig_stack(sp) || start != sp;

	sp = round_down(start - fpu_frame_size(), 64);
	*fp = (void __user *)sp;
	sp = round_down(sp - sizeof(struct rt_sigframe), 16) - 8;

	/*
	 * Overflowing the alternate stack is fatal: an address that faults.
	 * Whether the frame fits is where it lies, __on_sig_stack: with
	 * SS_AUTODISARM on_sig_stack() is always false.
	 */
	if (altstack && !__on_sig_stack(sp))
		return (void __user *)-1L;
	return (void __user *)sp;
}

static int setup_rt_frame(struct ksignal *ksig, sigset_t *set, struct pt_regs *regs)
{
	const struct uvmm_fault_info *f = &current->thread.user.fault;
	struct rt_sigframe __user *frame;
	struct sigcontext sc = {
		.r8 = regs->r8, .r9 = regs->r9, .r10 = regs->r10, .r11 = regs->r11,
		.r12 = regs->r12, .r13 = regs->r13, .r14 = regs->r14, .r15 = regs->r15,
		.di = regs->di, .si = regs->si, .bp = regs->bp, .bx = regs->bx,
		.dx = regs->dx, .ax = regs->ax, .cx = regs->cx, .sp = regs->sp,
		.ip = regs->ip, .flags = regs->flags,
		.cs = UVMM_USER_CS, .ss = UVMM_USER_SS,
		.oldmask = set->sig[0],
	};
	void __user *fp;

	if (!(ksig->ka.sa.sa_flags & SA_RESTORER))
		return -EFAULT;	/* x86_64 has no default return path */
	frame = get_sigframe(ksig, regs, &fp);
	if (!access_ok(frame, sizeof(*frame)) || save_fpu_frame(fp))
		return -EFAULT;

	/* What the CPU said of the last exception, as x86_64 reports it. */
	if (f->signo && ksig->sig == f->signo) {
		sc.cr2 = f->addr;
		sc.trapno = f->trapno == UVMM_TRAP_UNKNOWN ? 0 : f->trapno;
		sc.err = f->error_code == UVMM_TRAP_UNKNOWN ? 0 : f->error_code;
	}
	sc.fpstate = (unsigned long)fp;

	if (put_user((char __user *)ksig->ka.sa.sa_restorer, &frame->pretcode) ||
	    put_user(UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS,
		     &frame->uc.uc_flags) ||
	    put_user(NULL, &frame->uc.uc_link) ||
	    __save_altstack(&frame->uc.uc_stack, regs->sp) ||
	    copy_to_user(&frame->uc.uc_mcontext, &sc, sizeof(sc)) ||
	    copy_to_user(&frame->uc.uc_sigmask, set, sizeof(*set)))
		return -EFAULT;
	if ((ksig->ka.sa.sa_flags & SA_SIGINFO) &&
	    copy_siginfo_to_user(&frame->info, &ksig->info))
		return -EFAULT;

	regs->di = ksig->sig;
	regs->si = (unsigned long)&frame->info;
	regs->dx = (unsigned long)&frame->uc;
	regs->ax = 0;
	regs->sp = (unsigned long)frame;
	regs->ip = (unsigned long)ksig->ka.sa.sa_handler;
	regs->cs = UVMM_USER_CS;
	regs->ss = UVMM_USER_SS;
	return 0;
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	struct pt_regs *regs = current_pt_regs();
	struct rt_sigframe __user *frame = (void __user *)(regs->sp - sizeof(long));
	struct sigcontext sc;
	sigset_t set;

	/* A restart_syscall() after this would restart the wrong call. */
	current->restart_block.fn = do_no_restart_syscall;

	if (copy_from_user(&set, &frame->uc.uc_sigmask, sizeof(set)) ||
	    copy_from_user(&sc, &frame->uc.uc_mcontext, sizeof(sc)))
		goto badframe;
	set_current_blocked(&set);

	regs->r8 = sc.r8; regs->r9 = sc.r9; regs->r10 = sc.r10; regs->r11 = sc.r11;
	regs->r12 = sc.r12; regs->r13 = sc.r13; regs->r14 = sc.r14; regs->r15 = sc.r15;
	regs->di = sc.di; regs->si = sc.si; regs->bp = sc.bp; regs->bx = sc.bx;
	regs->dx = sc.dx; regs->ax = sc.ax; regs->cx = sc.cx;
	regs->sp = sc.sp;
	regs->ip = sc.ip;
	regs->flags = (regs->flags & ~USER_EFLAGS) | (sc.flags & USER_EFLAGS);
	regs->cs = UVMM_USER_CS;
	regs->ss = UVMM_USER_SS;
	regs->orig_ax = -1;		/* not a syscall to restart */

	if (sc.fpstate ? restore_fpu_frame((void __user *)sc.fpstate) : (uvmm_fpu_reset(current), 0))
		goto badframe;
	if (restore_altstack(&frame->uc.uc_stack))
		goto badframe;
	return regs->ax;

badframe:
	force_sig(SIGSEGV);
	return 0;
}

static void handle_signal(struct ksignal *ksig, struct pt_regs *regs)
{
	bool stepping = test_thread_flag(TIF_SINGLESTEP);
	int failed;

	/* Interrupted syscall: restart it or report EINTR, per SA_RESTART. */
	if (syscall_get_nr(current, regs) >= 0) {
		switch (syscall_get_error(current, regs)) {
		case -ERESTART_RESTARTBLOCK:
		case -ERESTARTNOHAND:
			regs->ax = -EINTR;
			break;
		case -ERESTARTSYS:
			if (!(ksig->ka.sa.sa_flags & SA_RESTART)) {
				regs->ax = -EINTR;
				break;
			}
			fallthrough;
		case -ERESTARTNOINTR:
			regs->ax = regs->orig_ax;
			regs->ip -= 2;	/* back onto the syscall instruction */
			break;
		}
	}

	rseq_signal_deliver(ksig, regs);	/* out of a critical section first */
	failed = setup_rt_frame(ksig, sigmask_to_save(), regs);
	if (!failed) {
		regs->flags &= ~(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF);
		uvmm_fpu_reset(current);	/* handlers start with a clean FPU */
	}
	signal_setup_done(failed, ksig, stepping);
}

void arch_do_signal_or_restart(struct pt_regs *regs)
{
	struct ksignal ksig;

	if (get_signal(&ksig)) {
		handle_signal(&ksig, regs);
		return;
	}

	/* No handler ran: a syscall that wants it is restarted. */
	if (syscall_get_nr(current, regs) >= 0) {
		switch (syscall_get_error(current, regs)) {
		case -ERESTARTNOHAND:
		case -ERESTARTSYS:
		case -ERESTARTNOINTR:
			regs->ax = regs->orig_ax;
			regs->ip -= 2;
			break;
		case -ERESTART_RESTARTBLOCK:
			regs->ax = __NR_restart_syscall;
			regs->ip -= 2;
			break;
		}
	}
	restore_saved_sigmask();
}
