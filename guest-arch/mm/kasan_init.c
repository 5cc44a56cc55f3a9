// SPDX-License-Identifier: GPL-2.0
/*
 * KASAN's arch part. The shadow is uvmm's (asm/kasan.h), mapped and zero
 * before the kernel ran its first instruction, so all there is to do is to
 * let reports through, which init_task's kasan_depth holds back until now.
 */
#include <linux/mm.h>
#include <linux/build_bug.h>
#include <linux/init.h>
#include <linux/kasan.h>
#include <linux/printk.h>
#include <linux/sched/task.h>
#include <asm/uvmm_gate.h>

static_assert(KASAN_SHADOW_OFFSET == UVMM_KASAN_SHADOW_OFFSET,
	      "CONFIG_KASAN_SHADOW_OFFSET must be the gate ABI's");

void __init kasan_init(void)
{
	init_task.kasan_depth = 0;
	pr_info("KernelAddressSanitizer initialized (generic, shadow at %#lx from uvmm)\n",
		KASAN_SHADOW_START);
}
