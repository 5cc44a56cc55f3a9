// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite uvmm_gate: uvmm checks every pointer the guest kernel hands
 * it through the gate. A pointer outside guest RAM (here: uvmm's own gate
 * table, which uvmm could read, and the vCPU's host stack would not save
 * it) gets -EFAULT; uvmm neither reads nor writes its own memory for the
 * guest, and carries on. Pages the guest takes out of its direct map
 * (direct_protect, for KFENCE) fault when it touches them, and uvmm
 * reaching one on the guest's behalf gives it back rather than stop.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
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

static long protect(void *page, bool off)
{
	unsigned long flags;
	long r;

	local_irq_save(flags);
	r = gate_direct_protect((unsigned long)page, PAGE_SIZE, off ? 0 : UVMM_PROT_DIRECT);
	local_irq_restore(flags);
	return r;
}

static void direct_protect_refuses(struct kunit *test)
{
	unsigned long page = __get_free_page(GFP_KERNEL), flags;
	long unaligned, outside, half_prot, empty;

	KUNIT_ASSERT_NE(test, page, 0UL);
	local_irq_save(flags);
	unaligned = gate_direct_protect(page + 8, PAGE_SIZE, 0);
	outside = gate_direct_protect((unsigned long)UVMM_OWN, PAGE_SIZE, 0);
	half_prot = gate_direct_protect(page, PAGE_SIZE, UVMM_PROT_READ);
	empty = gate_direct_protect(page, 0, 0);
	local_irq_restore(flags);
	free_page(page);
	KUNIT_EXPECT_EQ(test, unaligned, -EINVAL);
	KUNIT_EXPECT_EQ(test, outside, -EINVAL);
	KUNIT_EXPECT_EQ(test, half_prot, -EINVAL);
	KUNIT_EXPECT_EQ(test, empty, -EINVAL);
}

/* A protected page faults (caught here by the nofault read), and is back after. */
static void direct_protect_faults(struct kunit *test)
{
	u8 *page = (u8 *)__get_free_page(GFP_KERNEL);
	u8 v = 0;

	KUNIT_ASSERT_NOT_NULL(test, page);
	page[100] = 0x5a;
	KUNIT_ASSERT_EQ(test, protect(page, true), 0);
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(v, page + 100), -EFAULT);
	KUNIT_ASSERT_EQ(test, protect(page, false), 0);
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(v, page + 100), 0);
	KUNIT_EXPECT_EQ(test, v, 0x5a);
	free_page((unsigned long)page);
}

/*
 * uvmm reading a page the guest protected (user_run's registers, here)
 * gives it back and carries on: a guest cannot stop uvmm this way.
 */
static void direct_protect_uvmm_reads(struct kunit *test)
{
	struct uvmm_regs *regs = (void *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
	struct uvmm_user_thread *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	unsigned long flags;
	long mm, run = -1;
	int tries;
	u8 v;

	KUNIT_ASSERT_NOT_NULL(test, regs);
	KUNIT_ASSERT_NOT_NULL(test, t);
	local_irq_save(flags);
	mm = gate_mm_create();
	local_irq_restore(flags);
	KUNIT_ASSERT_GT(test, mm, 0);
	KUNIT_ASSERT_EQ(test, protect(regs, true), 0);
	/* A pending interrupt returns before the registers are read: take
	 * it and run again. ip 0: the run ends in a fault. */
	for (tries = 0; tries < 1000; tries++) {
		local_irq_save(flags);
		run = gate_user_run(mm, regs, t);
		local_irq_restore(flags);
		if (run != UVMM_USER_INTERRUPT)
			break;
	}
	local_irq_save(flags);
	gate_mm_destroy(mm);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, run, (long)UVMM_USER_FAULT);
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(v, (u8 *)regs), 0);
	KUNIT_EXPECT_EQ(test, protect(regs, false), 0);
	free_page((unsigned long)regs);
}

/*
 * mm_rewrite_syscall refuses what is not a site of RAM the address space
 * could run: a frame outside guest RAM, a page that does not hold the
 * site, a site across a page's end, a writable protection, an unknown mm.
 * (What it accepts is tested with real processes: abi_rewrite.c.)
 */
static void rewrite_syscall_refuses(struct kunit *test)
{
	static const u8 site[] = { 0xb8, 39, 0, 0, 0, 0x0f, 0x05 };
	u8 *page = (u8 *)get_zeroed_page(GFP_KERNEL);
	const u32 rx = UVMM_PROT_READ | UVMM_PROT_EXEC;
	unsigned long flags;
	long mm, r[6];
	u64 phys;

	KUNIT_ASSERT_NOT_NULL(test, page);
	memcpy(page + 16, site, sizeof(site));
	phys = __pa(page);
	local_irq_save(flags);
	mm = gate_mm_create();
	if (mm > 0) {
		r[0] = gate_mm_rewrite_syscall(mm, 0x400010, 1UL << 50, 39, rx);
		r[1] = gate_mm_rewrite_syscall(mm, 0x400010, phys, 60, rx);
		r[2] = gate_mm_rewrite_syscall(mm, 0x400ffc, phys, 39, rx);
		r[3] = gate_mm_rewrite_syscall(mm, 0x400010, phys, 39,
					       rx | UVMM_PROT_WRITE);
		r[4] = gate_mm_rewrite_syscall(mm, 0x400010, phys + 16, 39, rx);
		gate_mm_destroy(mm);
	}
	r[5] = gate_mm_rewrite_syscall(mm > 0 ? mm : 1, 0x400010, phys, 39, rx);
	local_irq_restore(flags);
	free_page((unsigned long)page);
	KUNIT_ASSERT_GT(test, mm, 0);
	KUNIT_EXPECT_EQ(test, r[0], -EINVAL);	/* not guest RAM */
	KUNIT_EXPECT_EQ(test, r[4], -EINVAL);	/* not a page */
	KUNIT_EXPECT_EQ(test, r[5], -ESRCH);	/* destroyed */
	/* Where uvmm rewrites nothing (the tracer, no protection keys),
	 * every well-formed request is refused for that. */
	if (r[1] == -EOPNOTSUPP) {
		KUNIT_EXPECT_EQ(test, r[2], -EOPNOTSUPP);
		KUNIT_EXPECT_EQ(test, r[3], -EOPNOTSUPP);
		return;
	}
	KUNIT_EXPECT_EQ(test, r[1], -EINVAL);	/* another number */
	KUNIT_EXPECT_EQ(test, r[2], -EINVAL);	/* across the page's end */
	KUNIT_EXPECT_EQ(test, r[3], -EINVAL);	/* writable */
}

static struct kunit_case uvmm_gate_cases[] = {
	KUNIT_CASE(console_write_outside_ram),
	KUNIT_CASE(console_read_outside_ram),
	KUNIT_CASE(user_run_outside_ram),
	KUNIT_CASE(direct_protect_refuses),
	KUNIT_CASE(direct_protect_faults),
	KUNIT_CASE(direct_protect_uvmm_reads),
	KUNIT_CASE(rewrite_syscall_refuses),
	{}
};

static struct kunit_suite uvmm_gate_suite = {
	.name = "uvmm_gate",
	.test_cases = uvmm_gate_cases,
};
kunit_test_suite(uvmm_gate_suite);
