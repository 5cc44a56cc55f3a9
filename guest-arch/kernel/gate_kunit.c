// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite uvmm_gate: uvmm checks every pointer the guest kernel hands
 * it through the gate. A pointer outside guest RAM (here: uvmm's own gate
 * table, which uvmm could read, and the vCPU's host stack would not save
 * it) gets -EFAULT; uvmm neither reads nor writes its own memory for the
 * guest, and carries on.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <asm/gate.h>

/* Memory uvmm owns: mapped in uvmm, readable, not guest RAM. */
#define UVMM_OWN	((void *)UVMM_GATE_ADDR)

static void console_write_outside_ram(struct kunit *test)
{
	unsigned long flags;
	long n;

	local_irq_save(flags);
	n = gate_console_write(UVMM_OWN, 64, UVMM_CONSOLE_ERR);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, n, -EFAULT);
}

static void console_read_outside_ram(struct kunit *test)
{
	unsigned long flags;
	long n;

	local_irq_save(flags);
	n = gate_console_read(UVMM_OWN, 64);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, n, -EFAULT);
}

/* user_run with its registers or thread state outside guest RAM. */
static void user_run_outside_ram(struct kunit *test)
{
	struct uvmm_user_thread *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct uvmm_regs *regs = kunit_kzalloc(test, sizeof(*regs), GFP_KERNEL);
	unsigned long flags;
	long mm, bad_regs, bad_thread, bad_xstate;

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, regs);
	local_irq_save(flags);
	mm = gate_mm_create();
	if (mm > 0) {
		bad_regs = gate_user_run(mm, UVMM_OWN, t);
		bad_thread = gate_user_run(mm, regs, UVMM_OWN);
		t->xstate = (u64)(unsigned long)UVMM_OWN;
		t->xstate_in_buf = 1;
		bad_xstate = gate_user_run(mm, regs, t);
		gate_user_save_fpu(mm, UVMM_OWN);	/* must just return */
		gate_mm_destroy(mm);
	}
	local_irq_restore(flags);
	KUNIT_ASSERT_GT(test, mm, 0);
	KUNIT_EXPECT_EQ(test, bad_regs, -EFAULT);
	KUNIT_EXPECT_EQ(test, bad_thread, -EFAULT);
	KUNIT_EXPECT_EQ(test, bad_xstate, -EFAULT);
}

static struct kunit_case uvmm_gate_cases[] = {
	KUNIT_CASE(console_write_outside_ram),
	KUNIT_CASE(console_read_outside_ram),
	KUNIT_CASE(user_run_outside_ram),
	{}
};

static struct kunit_suite uvmm_gate_suite = {
	.name = "uvmm_gate",
	.test_cases = uvmm_gate_cases,
};
kunit_test_suite(uvmm_gate_suite);
