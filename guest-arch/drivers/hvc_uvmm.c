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
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/tty.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <asm/gate.h>
#include "hvc_console.h"
#include <asm/entry.h>

static ssize_t uvmm_hvc_put_chars(u32 vtermno, const u8 *buf, size_t count)
{
	return gate_console_write((const char *)buf, count,
				  vtermno ? UVMM_CONSOLE_ERR : UVMM_CONSOLE_OUT);
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
MODULE_PARM_DESC(raw_console, "start hvc0 and hvc1 in raw mode; stdin through /dev/uvmm-stdin");

/*
 * /dev/uvmm-stdin: with uvmm.raw_console=1, uvmm's stdin is read through
 * this device instead of hvc0, so that its end reaches the reader as end
 * of file (a raw tty has none); /init gives it to `uvmm run -- CMD` as
 * stdin. The console interrupt still goes to hvc0, whose poll wakes us.
 */
static DECLARE_WAIT_QUEUE_HEAD(stdin_wait);
static atomic_t stdin_events = ATOMIC_INIT(0);
static DEFINE_MUTEX(stdin_lock);
static bool stdin_ended;

static long console_read_irqsafe(char *buf, size_t len)
{
	unsigned long flags;
	long n;

	local_irq_save(flags);	/* gate calls are made with interrupts off */
	n = gate_console_read(buf, len);
	local_irq_restore(flags);
	return n;
}

static ssize_t uvmm_stdin_read(struct file *file, char __user *ubuf, size_t len,
			       loff_t *ppos)
{
	char buf[512];
	ssize_t ret = 0;

	if (!len)
		return 0;
	if (mutex_lock_interruptible(&stdin_lock))
		return -ERESTARTSYS;
	while (!stdin_ended) {
		int seen = atomic_read(&stdin_events);
		long n = console_read_irqsafe(buf, min(len, sizeof(buf)));

		if (n > 0) {
			ret = copy_to_user(ubuf, buf, n) ? -EFAULT : n;
			break;
		}
		if (n < 0) {		/* -EPIPE: uvmm's stdin has ended */
			stdin_ended = true;
			break;
		}
		if (file->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		if (wait_event_interruptible(stdin_wait, atomic_read(&stdin_events) != seen)) {
			ret = -ERESTARTSYS;
			break;
		}
	}
	mutex_unlock(&stdin_lock);
	return ret;
}

static const struct file_operations uvmm_stdin_fops = {
	.owner	= THIS_MODULE,
	.read	= uvmm_stdin_read,
	.llseek	= noop_llseek,
};

static struct miscdevice uvmm_stdin_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "uvmm-stdin",
	.fops	= &uvmm_stdin_fops,
};

static ssize_t uvmm_hvc_get_chars(u32 vtermno, u8 *buf, size_t count)
{
	long n;

	if (vtermno)
		return 0;	/* hvc1 has no input */
	if (raw_console) {
		/* Input is /dev/uvmm-stdin's: tell its readers something came. */
		atomic_inc(&stdin_events);
		wake_up_interruptible(&stdin_wait);
		return 0;
	}
	n = gate_console_read((char *)buf, count);
	return n > 0 ? n : 0;	/* at its end, uvmm's stdin just stays quiet */
}

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
	if (IS_ERR(hp))
		return PTR_ERR(hp);
	return raw_console ? misc_register(&uvmm_stdin_dev) : 0;
}
device_initcall(uvmm_hvc_init);
