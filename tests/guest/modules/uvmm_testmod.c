// SPDX-License-Identifier: GPL-2.0
/*
 * A test module for tests/guest/modules.t. Loading it exercises each
 * relocation a module of the port carries: a table of pointers (64-bit
 * absolute), string addresses passed in registers and a table indexed by
 * a parameter (32-bit absolute), calls into the kernel and RIP-relative
 * data (PC-relative). Writing its "action" parameter makes it WARN, BUG or
 * dereference a bad pointer, so that the test sees such reports name the
 * module's own functions.
 */
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

static const char *const words[] = { "relocations", "are", "applied" };
static int lengths[] = { 11, 3, 7 };
static int counter = 40;

static int pick = 2;
module_param(pick, int, 0444);
MODULE_PARM_DESC(pick, "which word the load message shows (0-2)");

static noinline int uvmm_testmod_check(void)
{
	int i, bad = 0;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		bad += strlen(words[i]) != lengths[i];
	return bad;
}

static noinline void uvmm_testmod_oops(int *volatile p)
{
	*p = 1;
}

static int action_set(const char *val, const struct kernel_param *kp)
{
	if (sysfs_streq(val, "warn"))
		WARN(1, "uvmm_testmod: warning on request\n");
	else if (sysfs_streq(val, "bug"))
		BUG();
	else if (sysfs_streq(val, "oops"))
		uvmm_testmod_oops((int *)16);
	else
		return -EINVAL;
	return 0;
}

static const struct kernel_param_ops action_ops = { .set = action_set };
module_param_cb(action, &action_ops, NULL, 0200);
MODULE_PARM_DESC(action, "warn, bug or oops");

static int __init uvmm_testmod_init(void)
{
	if (pick < 0 || pick >= ARRAY_SIZE(words))
		return -EINVAL;
	counter += 2;
	pr_info("uvmm_testmod: loaded, %d bad lengths, word %s, counter %d, init %ps\n",
		uvmm_testmod_check(), words[pick], counter, uvmm_testmod_init);
	return 0;
}

static void __exit uvmm_testmod_exit(void)
{
	pr_info("uvmm_testmod: unloaded\n");
}

module_init(uvmm_testmod_init);
module_exit(uvmm_testmod_exit);
MODULE_DESCRIPTION("uvmm's module loader test");
MODULE_LICENSE("GPL");
