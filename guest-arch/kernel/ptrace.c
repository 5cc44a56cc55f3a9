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

/* x86_64 user_regs_struct: pt_regs (21 words), then these 6. */
struct uvmm_user_regs_tail {
	unsigned long fs_base, gs_base, ds, es, fs, gs;
};

static int gpr_get(struct task_struct *target, const struct user_regset *regset,
		   struct membuf to)
{
	struct uvmm_user_regs_tail tail = {
		.fs_base = target->thread.user.fs_base,
		.gs_base = target->thread.user.gs_base,
	};

	membuf_write(&to, task_pt_regs(target), sizeof(struct pt_regs));
	return membuf_write(&to, &tail, sizeof(tail));
}

static int gpr_set(struct task_struct *target, const struct user_regset *regset,
		   unsigned int pos, unsigned int count,
		   const void *kbuf, const void __user *ubuf)
{
	struct pt_regs regs = *task_pt_regs(target);
	struct uvmm_user_regs_tail tail = {
		.fs_base = target->thread.user.fs_base,
		.gs_base = target->thread.user.gs_base,
	};
	int ret;

	ret = user_regset_copyin(&pos, &count, &kbuf, &ubuf, &regs, 0, sizeof(regs));
	if (!ret)
		ret = user_regset_copyin(&pos, &count, &kbuf, &ubuf, &tail,
					 sizeof(regs), sizeof(regs) + sizeof(tail));
	if (ret)
		return ret;
	/* Mode and stack segment are not the tracer's to change. */
	regs.cs = task_pt_regs(target)->cs;
	regs.ss = task_pt_regs(target)->ss;
	*task_pt_regs(target) = regs;
	target->thread.user.fs_base = tail.fs_base;
	target->thread.user.gs_base = tail.gs_base;
	return 0;
}

static const struct user_regset uvmm_regsets[] = {
	{
		.core_note_type	= NT_PRSTATUS,
		.n		= ELF_NGREG,
		.size		= sizeof(long),
		.align		= sizeof(long),
		.regset_get	= gpr_get,
		.set		= gpr_set,
	},
};

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

void user_disable_single_step(struct task_struct *child)
{
}

long arch_ptrace(struct task_struct *child, long request,
		 unsigned long addr, unsigned long data)
{
	return ptrace_request(child, request, addr, data);
}
