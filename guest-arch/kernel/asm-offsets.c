// SPDX-License-Identifier: GPL-2.0
/* Offsets the port's assembly needs, generated at build time. */
#define COMPILE_OFFSETS
#include <linux/kbuild.h>
#include <linux/sched.h>
#include <asm/ptrace.h>
#include <asm/uvmm_gate.h>

int main(void)
{
	DEFINE(TASK_THREAD_SP, offsetof(struct task_struct, thread.sp));
	DEFINE(PT_REGS_SIZE, sizeof(struct pt_regs));
	DEFINE(PT_IP, offsetof(struct pt_regs, ip));
	DEFINE(PT_SP, offsetof(struct pt_regs, sp));
	DEFINE(PT_FLAGS, offsetof(struct pt_regs, flags));
	DEFINE(PT_ORIG_AX, offsetof(struct pt_regs, orig_ax));
	BLANK();
	BUILD_BUG_ON(sizeof(struct pt_regs) != sizeof(struct uvmm_regs));
	BUILD_BUG_ON(offsetof(struct pt_regs, ip) != offsetof(struct uvmm_regs, ip));
	BUILD_BUG_ON(offsetof(struct pt_regs, ss) != offsetof(struct uvmm_regs, ss));
	return 0;
}
