// SPDX-License-Identifier: GPL-2.0
/*
 * A measurement hook for the passthrough benchmark (bench/passthrough/):
 * writing the guest-physical address of a device register to
 * /sys/module/uvmm/parameters/mmio_read_probe times PROBE_READS 32-bit reads
 * of it through ioremap() and readl(), as a driver's register read runs;
 * reading the parameter gives "ADDR NS_PER_READ". Root only; device memory
 * only (an address of RAM is refused).
 *
 * And a register poke for the hostile-driver tests (tests/uvmm/passthrough/):
 * writing "ADDR VALUE" to mmio_write_probe does one writel() there, as a
 * buggy or malicious driver could, e.g. a DMA ring address outside guest RAM.
 */
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/ktime.h>
#include <linux/memblock.h>
#include <linux/moduleparam.h>
#include <linux/sysfs.h>

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "uvmm."

#define PROBE_READS 20000

static u64 probe_addr, probe_ps;	/* picoseconds per read */
static u32 probe_sink;			/* keeps the reads */

static int probe_set(const char *val, const struct kernel_param *kp)
{
	void __iomem *reg;
	u32 sink = 0;
	ktime_t t0;
	u64 addr;
	int i;

	if (kstrtou64(val, 0, &addr) || addr & 3 || memblock_is_memory(addr))
		return -EINVAL;
	reg = ioremap(addr, 4);
	if (!reg)
		return -ENOMEM;
	t0 = ktime_get();
	for (i = 0; i < PROBE_READS; i++)
		sink += readl(reg);
	probe_ps = div_u64(ktime_to_ns(ktime_sub(ktime_get(), t0)) * 1000, PROBE_READS);
	iounmap(reg);
	probe_addr = addr;
	WRITE_ONCE(probe_sink, sink);
	return 0;
}

static int probe_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%#llx %llu.%03llu\n", probe_addr, div_u64(probe_ps, 1000),
			  probe_ps % 1000);
}

static int poke_set(const char *val, const struct kernel_param *kp)
{
	void __iomem *reg;
	u64 addr;
	u32 v;

	if (sscanf(val, "%llx %x", &addr, &v) != 2 || addr & 3 || memblock_is_memory(addr))
		return -EINVAL;
	reg = ioremap(addr, 4);
	if (!reg)
		return -ENOMEM;
	writel(v, reg);
	iounmap(reg);
	return 0;
}

static const struct kernel_param_ops poke_ops = { .set = poke_set };
module_param_cb(mmio_write_probe, &poke_ops, NULL, 0200);

static const struct kernel_param_ops probe_ops = { .set = probe_set, .get = probe_get };
module_param_cb(mmio_read_probe, &probe_ops, NULL, 0600);
