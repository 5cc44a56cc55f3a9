// SPDX-License-Identifier: GPL-2.0
/*
 * ptrace in the guest. The general registers are exported in x86_64's
 * struct user_regs_struct layout (NT_PRSTATUS): pt_regs is its prefix and
 * fs_base, gs_base and the segment selectors follow.
 */
#include <linux/elf.h>
#include <linux/ptrace.h>
#include <linux/regset.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/uaccess.h>
#include <asm/fpu.h>
#include <asm/prctl.h>
#include <asm/sigcontext.h>

/* x86_64 user_regs_struct: pt_regs (21 words), then these 6. */
struct uvmm_user_regs_tail {
	unsigned long fs_base, gs_base, ds, es, fs, gs;
};

static struct uvmm_user_regs_tail regs_tail(const struct uvmm_user_thread *t)
{
	return (struct uvmm_user_regs_tail){
		.fs_base = t->fs_base, .gs_base = t->gs_base,
		.ds = t->ds, .es = t->es, .fs = t->fs, .gs = t->gs,
	};
}

/* What x86 refuses to store: a selector that is not null and not RPL 3. */
static bool invalid_selector(unsigned long sel)
{
	return sel && (sel & 3) != 3;
}

static int gpr_get(struct task_struct *target, const struct user_regset *regset,
		   struct membuf to)
{
	struct uvmm_user_regs_tail tail = regs_tail(&target->thread.user);

	membuf_write(&to, task_pt_regs(target), sizeof(struct pt_regs));
	return membuf_write(&to, &tail, sizeof(tail));
}

static int gpr_set(struct task_struct *target, const struct user_regset *regset,
		   unsigned int pos, unsigned int count,
		   const void *kbuf, const void __user *ubuf)
{
	struct pt_regs regs = *task_pt_regs(target);
	struct uvmm_user_thread *t = &target->thread.user;
	struct uvmm_user_regs_tail tail = regs_tail(t);
	int ret;

	ret = user_regset_copyin(&pos, &count, &kbuf, &ubuf, &regs, 0, sizeof(regs));
	if (!ret)
		ret = user_regset_copyin(&pos, &count, &kbuf, &ubuf, &tail,
					 sizeof(regs), sizeof(regs) + sizeof(tail));
	if (ret)
		return ret;
	if (invalid_selector(tail.ds) || invalid_selector(tail.es) ||
	    invalid_selector(tail.fs) || invalid_selector(tail.gs))
		return -EIO;
	/* Mode and stack segment are not the tracer's to change. */
	regs.cs = task_pt_regs(target)->cs;
	regs.ss = task_pt_regs(target)->ss;
	*task_pt_regs(target) = regs;
	t->fs_base = tail.fs_base;
	t->gs_base = tail.gs_base;
	t->ds = tail.ds;
	t->es = tail.es;
	t->fs = tail.fs;
	t->gs = tail.gs;
	return 0;
}

/*
 * FPU state: NT_PRFPREG is the legacy FXSAVE part, NT_X86_XSTATE the XSAVE
 * image with the feature mask in its software-reserved bytes, as x86_64
 * gives them to debuggers.
 */
static int fpu_get(struct task_struct *target, const struct user_regset *regset,
		   struct membuf to)
{
	void *buf = uvmm_fpu_buffer(target);

	if (!buf)
		return -ENOMEM;
	uvmm_fpu_sync(target);
	if (regset->core_note_type == NT_X86_XSTATE) {
		/* ptrace's software-reserved bytes start with XCR0 (gdb reads it). */
		u64 xcr0 = uvmm_sigframe_xfeatures;

		membuf_write(&to, buf, XSAVE_SW_RESERVED);
		membuf_write(&to, &xcr0, sizeof(xcr0));
		membuf_zero(&to, XSAVE_LEGACY_SIZE - XSAVE_SW_RESERVED - sizeof(xcr0));
		return membuf_write(&to, buf + XSAVE_LEGACY_SIZE,
				    uvmm_sigframe_xstate_size - XSAVE_LEGACY_SIZE);
	}
	return membuf_write(&to, buf, XSAVE_LEGACY_SIZE);
}

static int fpu_set(struct task_struct *target, const struct user_regset *regset,
		   unsigned int pos, unsigned int count,
		   const void *kbuf, const void __user *ubuf)
{
	unsigned int size = regset->core_note_type == NT_X86_XSTATE ?
			    uvmm_sigframe_xstate_size : XSAVE_LEGACY_SIZE;
	void *buf = uvmm_fpu_buffer(target);
	int ret;

	if (!buf)
		return -ENOMEM;
	uvmm_fpu_sync(target);
	ret = user_regset_copyin(&pos, &count, &kbuf, &ubuf, buf, 0, size);
	/* What goes to the host must be a valid image, whatever was written. */
	memset(buf + XSAVE_SW_RESERVED, 0, XSAVE_LEGACY_SIZE - XSAVE_SW_RESERVED);
	*(u32 *)(buf + XSAVE_MXCSR) &= 0xffff;
	if (size > XSAVE_LEGACY_SIZE) {
		*(u64 *)(buf + XSAVE_HDR) &= uvmm_sigframe_xfeatures;
		memset(buf + XSAVE_HDR + 8, 0, XSAVE_HDR_SIZE - 8);
	}
	uvmm_fpu_changed(target);
	return ret;
}

enum { REGSET_GENERAL, REGSET_FP, REGSET_XSTATE };

static struct user_regset uvmm_regsets[] __ro_after_init = {
	[REGSET_GENERAL] = {
		.core_note_type	= NT_PRSTATUS,
		.n		= ELF_NGREG,
		.size		= sizeof(long),
		.align		= sizeof(long),
		.regset_get	= gpr_get,
		.set		= gpr_set,
	},
	[REGSET_FP] = {
		.core_note_type	= NT_PRFPREG,
		.n		= XSAVE_LEGACY_SIZE / sizeof(u64),
		.size		= sizeof(u64),
		.align		= sizeof(u64),
		.regset_get	= fpu_get,
		.set		= fpu_set,
	},
	[REGSET_XSTATE] = {
		.core_note_type	= NT_X86_XSTATE,
		.size		= sizeof(u64),
		.align		= sizeof(u64),
		.regset_get	= fpu_get,
		.set		= fpu_set,
	},
};

/* The XSAVE size is the host CPU's: known once the FPU code has it. */
static int __init uvmm_xstate_regset_init(void)
{
	uvmm_regsets[REGSET_XSTATE].n = uvmm_sigframe_xstate_size / sizeof(u64);
	return 0;
}
core_initcall(uvmm_xstate_regset_init);

static const struct user_regset_view uvmm_regset_view = {
	.name		= "x86_64",
	.e_machine	= EM_X86_64,
	.regsets	= uvmm_regsets,
	.n		= ARRAY_SIZE(uvmm_regsets),
};

const struct user_regset_view *task_user_regset_view(struct task_struct *task)
{
	return &uvmm_regset_view;
}

void ptrace_disable(struct task_struct *child)
{
}

/*
 * The guest process runs with the flags in pt_regs, so the trap flag
 * there makes the host CPU stop after one instruction; the host's SIGTRAP
 * (TRAP_TRACE) comes back as a user fault and is delivered as on x86_64.
 */
/*
 * A step over a syscall instruction stops right after it, as on x86_64:
 * the syscall's exit reports the step (SYSCALL_EXIT_TRAP), since the
 * trap flag would only stop the task after the next instruction.
 */
void user_enable_single_step(struct task_struct *child)
{
	set_tsk_thread_flag(child, TIF_SINGLESTEP);
	set_task_syscall_work(child, SYSCALL_EXIT_TRAP);
	task_pt_regs(child)->flags |= X86_EFLAGS_TF;
}

void user_disable_single_step(struct task_struct *child)
{
	clear_tsk_thread_flag(child, TIF_SINGLESTEP);
	clear_task_syscall_work(child, SYSCALL_EXIT_TRAP);
	task_pt_regs(child)->flags &= ~X86_EFLAGS_TF;
}

/*
 * x86_64's struct user: the registers, then (among things ptrace neither
 * reads nor writes) u_debugreg[8] at this offset; with error_code and
 * fault_address after them, 928 bytes in all.
 */
#define USER_DEBUGREG_OFF	848
#define USER_STRUCT_SIZE	928
#define DR6_RESERVED		0xffff0ff0UL
#define DR7_RESERVED		0xfc00UL
#define DR7_ENABLE_BITS		0xffUL	/* L0, G0 ... L3, G3 */
#define DR7_RW_IO		2	/* an I/O breakpoint: never for user space */

/*
 * The debug registers as ptrace shows them: stored and checked as x86
 * checks them, but never armed: uvmm does not load a guest thread's debug
 * registers into its host process, so enabling a breakpoint in DR7 fails
 * as it does on x86 when every debug register is taken (-ENOSPC), and
 * gdb's hardware watchpoints and breakpoints fail cleanly (software
 * watchpoints work).
 */
static unsigned long peek_debugreg(struct task_struct *child, unsigned int n)
{
	const struct uvmm_debugregs *d = &child->thread.debugregs;

	if (n < 4)
		return d->addr[n];
	if (n == 6)
		return d->dr6_xor ^ DR6_RESERVED;
	return n == 7 ? d->dr7 : 0;
}

static int poke_debugreg(struct task_struct *child, unsigned int n, unsigned long val)
{
	struct uvmm_debugregs *d = &child->thread.debugregs;
	unsigned int i;

	switch (n) {
	case 0: case 1: case 2: case 3:
		if (val >= TASK_SIZE_MAX)
			return -EINVAL;	/* a breakpoint in the kernel */
		d->addr[n] = val;
		return 0;
	case 6:
		d->dr6_xor = val ^ DR6_RESERVED;
		return 0;
	case 7:
		for (i = 0; i < 4; i++)
			if (((val >> (16 + 4 * i)) & 3) == DR7_RW_IO)
				return -EINVAL;
		if (val & DR7_ENABLE_BITS)
			return -ENOSPC;
		d->dr7 = val & ~DR7_RESERVED;
		return 0;
	}
	return -EIO;	/* DR4 and DR5 */
}

/* One word of x86_64's struct user: the registers, the debug registers;
 * the rest reads as 0 and cannot be written. */
static int peek_user(struct task_struct *child, unsigned long addr,
		     unsigned long __user *data)
{
	unsigned long words[ELF_NGREG] = { }, val = 0;
	struct membuf to = { .p = words, .left = sizeof(words) };

	if (addr & (sizeof(long) - 1) || addr >= USER_STRUCT_SIZE)
		return -EIO;
	if (addr < sizeof(words)) {
		gpr_get(child, &uvmm_regsets[REGSET_GENERAL], to);
		val = words[addr / sizeof(long)];
	} else if (addr >= USER_DEBUGREG_OFF) {
		val = peek_debugreg(child, (addr - USER_DEBUGREG_OFF) / sizeof(long));
	}
	return put_user(val, data);
}

static int poke_user(struct task_struct *child, unsigned long addr, unsigned long val)
{
	if (addr & (sizeof(long) - 1) || addr >= USER_STRUCT_SIZE)
		return -EIO;
	if (addr >= USER_DEBUGREG_OFF)
		return poke_debugreg(child, (addr - USER_DEBUGREG_OFF) / sizeof(long), val);
	if (addr >= ELF_NGREG * sizeof(long))
		return -EIO;
	return gpr_set(child, &uvmm_regsets[REGSET_GENERAL], addr, sizeof(long), &val, NULL);
}

long arch_ptrace(struct task_struct *child, long request,
		 unsigned long addr, unsigned long data)
{
	const struct user_regset_view *view = task_user_regset_view(child);
	void __user *datap = (void __user *)data;

	switch (request) {
	case PTRACE_PEEKUSR:
		return peek_user(child, addr, datap);
	case PTRACE_POKEUSR:
		return poke_user(child, addr, data);
	case PTRACE_GETREGS:
		return copy_regset_to_user(child, view, REGSET_GENERAL, 0,
					   ELF_NGREG * sizeof(long), datap);
	case PTRACE_SETREGS:
		return copy_regset_from_user(child, view, REGSET_GENERAL, 0,
					     ELF_NGREG * sizeof(long), datap);
	case PTRACE_GETFPREGS:
		return copy_regset_to_user(child, view, REGSET_FP, 0,
					   XSAVE_LEGACY_SIZE, datap);
	case PTRACE_SETFPREGS:
		return copy_regset_from_user(child, view, REGSET_FP, 0,
					     XSAVE_LEGACY_SIZE, datap);
	case PTRACE_ARCH_PRCTL:
		switch (addr) {
		case ARCH_GET_FS:
			return put_user(child->thread.user.fs_base, (unsigned long __user *)datap);
		case ARCH_GET_GS:
			return put_user(child->thread.user.gs_base, (unsigned long __user *)datap);
		case ARCH_SET_FS:
		case ARCH_SET_GS:
			return uvmm_set_tls_base(child, addr, data);
		}
		return -EINVAL;
	default:
		return ptrace_request(child, request, addr, data);
	}
}
