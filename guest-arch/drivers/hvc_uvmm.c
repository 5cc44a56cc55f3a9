// SPDX-License-Identifier: GPL-2.0
/*
 * hvc0: the guest's console tty on uvmm's stdin/stdout. Output goes
 * through the gate's console_write; input is read with console_read when
 * uvmm raises UVMM_IRQ_CONSOLE (stdin became readable).
 */
#include <linux/init.h>
#include <linux/err.h>
#include <asm/gate.h>
#include "hvc_console.h"
#include <asm/entry.h>

static ssize_t uvmm_hvc_put_chars(u32 vtermno, const u8 *buf, size_t count)
{
	return gate_console_write((const char *)buf, count);
}

static ssize_t uvmm_hvc_get_chars(u32 vtermno, u8 *buf, size_t count)
{
	return gate_console_read((char *)buf, count);
}

/*
 * Input that arrived before the tty was opened raised its interrupt with
 * no handler yet: poll once now, which also re-arms uvmm's watch on stdin.
 */
static int uvmm_hvc_notifier_add(struct hvc_struct *hp, int irq)
{
	int ret = notifier_add_irq(hp, irq);

	hvc_kick();
	return ret;
}

static const struct hv_ops uvmm_hvc_ops = {
	.get_chars	= uvmm_hvc_get_chars,
	.put_chars	= uvmm_hvc_put_chars,
	.notifier_add	= uvmm_hvc_notifier_add,
	.notifier_del	= notifier_del_irq,
	.notifier_hangup = notifier_hangup_irq,
};

static int __init uvmm_hvc_console_init(void)
{
	hvc_instantiate(0, 0, &uvmm_hvc_ops);
	return 0;
}
console_initcall(uvmm_hvc_console_init);

static int __init uvmm_hvc_init(void)
{
	struct hvc_struct *hp;

	hp = hvc_alloc(0, uvmm_irq_of_line(UVMM_IRQ_CONSOLE), &uvmm_hvc_ops, 256);
	return PTR_ERR_OR_ZERO(hp);
}
device_initcall(uvmm_hvc_init);
