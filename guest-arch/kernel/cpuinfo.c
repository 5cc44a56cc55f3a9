// SPDX-License-Identifier: GPL-2.0
/* /proc/cpuinfo: one entry per vCPU. */
#include <linux/cpumask.h>
#include <linux/seq_file.h>

static int show_cpuinfo(struct seq_file *m, void *v)
{
	unsigned long cpu = (unsigned long)v - 1;

	seq_printf(m, "processor\t: %lu\n", cpu);
	seq_puts(m, "vendor_id\t: uvmm\n");
	seq_puts(m, "model name\t: uvmm virtual CPU (x86_64, user mode)\n\n");
	return 0;
}

static void *c_start(struct seq_file *m, loff_t *pos)
{
	*pos = cpumask_next(*pos - 1, cpu_online_mask);
	return *pos < nr_cpu_ids ? (void *)(unsigned long)(*pos + 1) : NULL;
}

static void *c_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return c_start(m, pos);
}

static void c_stop(struct seq_file *m, void *v)
{
}

const struct seq_operations cpuinfo_op = {
	.start	= c_start,
	.next	= c_next,
	.stop	= c_stop,
	.show	= show_cpuinfo,
};
