// SPDX-License-Identifier: GPL-2.0
/*
 * Boot: take the boot info from uvmm, register our entry points with the
 * gate, describe guest RAM to memblock.
 */
#include <linux/acpi.h>
#include <linux/init.h>
#include <linux/initrd.h>
#include <linux/memblock.h>
#include <linux/sched/task.h>
#include <linux/start_kernel.h>
#include <linux/string.h>
#include <asm/gate.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <asm/entry.h>
#include <asm/fpu.h>
#include <asm/kasan.h>

struct task_struct *uvmm_current_task = &init_task;

static struct uvmm_boot_info boot_info __initdata;

extern char uvmm_irq_entry[], uvmm_fault_entry[];

asmlinkage __visible void __init uvmm_start_kernel(const struct uvmm_boot_info *bi)
{
	struct uvmm_guest_entries entries = {
		.irq = (unsigned long)uvmm_irq_entry,
		.fault = (unsigned long)uvmm_fault_entry,
		.text_start = (unsigned long)_text,
		.text_end = (unsigned long)_end,
	};

	if (bi->magic != UVMM_BOOT_MAGIC || bi->abi_version != UVMM_GATE_ABI_VERSION) {
		static const char msg[] = "uvmm guest: bad boot info\n";

		gate_console_write(msg, sizeof(msg) - 1, UVMM_CONSOLE_OUT);
		gate_halt(UVMM_HALT_PANIC, 0);
	}
	uvmm_boot_ns = gate_clock_ns();
	memcpy(&boot_info, bi, sizeof(boot_info));
	boot_info.cmdline[UVMM_CMDLINE_MAX - 1] = '\0';
	gate_set_entries(&entries);
	start_kernel();
}

static void __init uvmm_memblock_init(void)
{
	unsigned int i, n = min_t(u32, boot_info.nr_mem_regions, UVMM_MAX_MEM_REGIONS);

	for (i = 0; i < n; i++) {
		const struct uvmm_mem_region *r = &boot_info.mem[i];

		if (r->type == UVMM_MEM_RAM)
			memblock_add(r->start, r->size);
	}
	for (i = 0; i < n; i++) {
		const struct uvmm_mem_region *r = &boot_info.mem[i];

		if (r->type != UVMM_MEM_RAM)
			memblock_reserve(r->start, r->size);
	}
	/* Page 0 stays unused so that a null physical address is never RAM. */
	memblock_reserve(0, PAGE_SIZE);
	memblock_reserve(__pa_symbol(_text), _end - _text);

	if (IS_ENABLED(CONFIG_BLK_DEV_INITRD) && boot_info.initrd_size) {
		phys_initrd_start = boot_info.initrd_start;
		phys_initrd_size = boot_info.initrd_size;
	}
	reserve_initrd_mem();

	min_low_pfn = PFN_UP(memblock_start_of_DRAM());
	max_low_pfn = max_pfn = PFN_DOWN(memblock_end_of_DRAM());
	high_memory = __va(max_low_pfn << PAGE_SHIFT);
}

/*
 * Which frames a page gets matters more here than on hardware: each run
 * of frames that follow each other is one host mapping in the process
 * that maps them (docs/memory-layout.md). The per-CPU page lists give
 * freed pages back last in first out, and by default they may hold an
 * eighth of memory: a 64 MiB file freed and written again came back in
 * descending frames, a host mapping per page (mmap re-read 0.8 instead of
 * 3.8 GB/s, read() 8.7 instead of 14 GB/s, every other run). Short lists
 * send freed pages back to the buddy allocator, which merges them and
 * splits them again in ascending order. A command line that sets the
 * sysctl itself keeps its own value.
 */
static void __init uvmm_cmdline_defaults(void)
{
	static const char pcp[] = " sysctl.vm.percpu_pagelist_high_fraction=1000";

	if (!strstr(boot_command_line, "percpu_pagelist_high_fraction") &&
	    strlen(boot_command_line) + sizeof(pcp) <= COMMAND_LINE_SIZE)
		strcat(boot_command_line, pcp);
}

void __init setup_arch(char **cmdline_p)
{
	strscpy(boot_command_line, boot_info.cmdline, COMMAND_LINE_SIZE);
	uvmm_cmdline_defaults();
	*cmdline_p = boot_command_line;
	parse_early_param();	/* first: "quiet" applies to the early console too */
	uvmm_early_console_register();

	pr_info("uvmm: %llu MiB of RAM, gate ABI %u\n",
		boot_info.ram_size >> 20, boot_info.abi_version);
	boot_info.syscall_gate[UVMM_GATE_NOTE_MAX - 1] = '\0';
	pr_info("uvmm: guest syscalls: %s\n", boot_info.syscall_gate);
	uvmm_memblock_init();
	paging_init();
	kasan_init();
	uvmm_fpu_setup(boot_info.xstate_size);
	uvmm_clock_init(boot_info.realtime_ns, boot_info.realtime_at,
			boot_info.flags & UVMM_BOOT_TSC_STABLE);
#ifdef CONFIG_ACPI
	uvmm_acpi_rsdp = boot_info.acpi_rsdp;
#endif
	acpi_boot_table_init();
}
