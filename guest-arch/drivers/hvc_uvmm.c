// SPDX-License-Identifier: GPL-2.0
/*
 * hvc0: the guest's console tty on uvmm's stdin/stdout. Output goes
 * through the gate's console_write; input is read with console_read when
 * uvmm raises UVMM_IRQ_CONSOLE (stdin became readable).
 * hvc1: output only, on uvmm's stderr (`uvmm run -- CMD` sends CMD's
 * stderr there).
 */
#include <linux/init.h>
#include <linux/err.h>
#include <linux/moduleparam.h>
#include <linux/tty.h>
#include <asm/gate.h>
#include "hvc_console.h"
#include <asm/entry.h>

static ssize_t uvmm_hvc_put_chars(u32 vtermno, const u8 *buf, size_t count)
{
	return gate_console_write_stream(vtermno ? UVMM_CONSOLE_ERR : UVMM_CONSOLE_OUT,
					 (const char *)buf, count);
}

static ssize_t uvmm_hvc_get_chars(u32 vtermno, u8 *buf, size_t count)
{
	return vtermno ? 0 : gate_console_read((char *)buf, count);
}

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "uvmm."

/*
 * uvmm.raw_console=1: uvmm's stdin and stdout are not a terminal (`uvmm
 * run -- CMD` in a pipe), so our ttys start raw: bytes pass both ways
 * unchanged, none echoed, even those that arrive before anyone could run
 * stty. The tty layer keeps the setting across closes.
 */
static bool raw_console;
module_param(raw_console, bool, 0444);
MODULE_PARM_DESC(raw_console, "start hvc0 and hvc1 in raw mode");

static void make_raw(struct hvc_struct *hp)
{
	struct tty_struct *tty = tty_port_tty_get(&hp->port);
	struct ktermios t;

	if (!tty)
		return;
	t = tty->termios;
	t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t.c_oflag &= ~OPOST;
	t.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cflag = (t.c_cflag & ~(CSIZE | PARENB)) | CS8;
	tty_set_termios(tty, &t);
	tty_kref_put(tty);
}

/*
 * Input that arrived before the tty was opened raised its interrupt with
 * no handler yet: poll once now, which also re-arms uvmm's watch on stdin.
 */
static int uvmm_hvc_notifier_add(struct hvc_struct *hp, int irq)
{
	int ret;

	if (raw_console)
		make_raw(hp);
	ret = notifier_add_irq(hp, irq);

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
	if (IS_ERR(hp))
		return PTR_ERR(hp);
	/* No input, so no interrupt: hvc polls it, rarely, while it is open. */
	hp = hvc_alloc(1, 0, &uvmm_hvc_ops, 256);
	return PTR_ERR_OR_ZERO(hp);
}
device_initcall(uvmm_hvc_init);
