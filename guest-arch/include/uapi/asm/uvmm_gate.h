/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The gate: the one ABI between uvmm (the monitor) and the guest kernel
 * built for ARCH=uvmm. Both sides include this header and nothing else of
 * each other's; it uses only <linux/types.h>, which both the kernel tree and
 * the host's uapi headers provide.
 *
 * The guest kernel runs inside the uvmm process, on uvmm's vCPU threads, so
 * "guest kernel virtual address" and "uvmm process address" are the same
 * thing. Everything below is placed at fixed addresses of that one address
 * space; docs/gate-abi.md and docs/memory-layout.md explain the why.
 */
#ifndef _UAPI_ASM_UVMM_GATE_H
#define _UAPI_ASM_UVMM_GATE_H

#ifndef __ASSEMBLY__
#include <linux/types.h>
#endif

#define UVMM_GATE_ABI_VERSION	8
#define UVMM_GATE_MAGIC		0x4554414747564d55ULL	/* "UMVGGATE" */
#define UVMM_BOOT_MAGIC		0x544f4f4247564d55ULL	/* "UMVGBOOT" */

/*
 * Fixed layout of the uvmm process as the guest kernel sees it. The kernel
 * image is linked inside the low 2 GiB so that it can use the small code
 * model, and so are modules (the module area, just below the gate table);
 * the direct map of guest RAM starts at 1 GiB.
 */
#define UVMM_MODULES_START	0x30000000UL	/* loadable modules: code and data */
#define UVMM_MODULES_END	0x3fe00000UL	/* (mirrored as the vmalloc area is) */
#define UVMM_GATE_ADDR		0x3fe00000UL	/* struct uvmm_gate, read-only */
#define UVMM_VCPU_STATE_ADDR	0x3fe10000UL	/* struct uvmm_vcpu_state, one page per vCPU */
#define UVMM_MAX_VCPUS		64
#define UVMM_PAGE_OFFSET	0x40000000UL	/* guest-physical 0 is mapped here */
#define UVMM_MAX_RAM		(64UL << 30)	/* direct map ends at 65 GiB */
#define UVMM_VMALLOC_START	0x2000000000UL	/* 128 GiB: vmalloc and ioremap */
#define UVMM_VMALLOC_END	0x3000000000UL	/* 192 GiB */
/*
 * A kernel built with KASAN (its "uvmm" ELF note of type 2) gets shadow
 * memory for every address it can touch, [0, UVMM_VMALLOC_END): one byte
 * per 8, at shadow(addr) = UVMM_KASAN_SHADOW_OFFSET + addr / 8, mapped by
 * uvmm before the kernel's first instruction (anonymous, zero, reserved
 * lazily). CONFIG_KASAN_SHADOW_OFFSET must be this value.
 */
#define UVMM_KASAN_SHADOW_OFFSET 0x100000000000UL	/* 16 TiB */
#define UVMM_KASAN_SHADOW_SIZE	(UVMM_VMALLOC_END >> 3)
#define UVMM_BOOT_INFO_PHYS	0x1000UL	/* struct uvmm_boot_info */
#define UVMM_ACPI_PHYS		0x2000UL	/* ACPI tables, one page, reserved */
#define UVMM_ACPI_SIZE		0x1000UL

/*
 * Guest user space: each guest address space is a host process. Guest user
 * addresses lie below UVMM_USER_TOP; above it, up to the end of the x86_64
 * user range, each such process keeps uvmm's stub (code, its stack, the
 * request page), which guest code never sees mapped.
 */
#define UVMM_USER_TOP		0x7fffff000000UL
/*
 * Where the process of a guest address space with rewritten syscall
 * sites (mm_rewrite_syscall) has uvmm's site table: read-only pages the
 * guest kernel leaves unused while it asks for rewrites.
 */
#define UVMM_SITE_TABLE		0x050f0000UL
#define UVMM_SITE_TABLE_SIZE	0x4000UL

/*
 * boot_info.flags: UVMM_BOOT_TSC_STABLE when the host keeps its own time
 * by the TSC (its clocksource is "tsc": one rate, in step on every CPU),
 * so that the guest may too, and its user space read the time through the
 * vDSO without a syscall (docs/gate-abi.md, "Time").
 */
#define UVMM_BOOT_TSC_STABLE	(1U << 0)

/* Memory-map entry types in the boot info. */
#define UVMM_MEM_RAM		1
#define UVMM_MEM_RESERVED	2	/* boot info, ACPI tables: keep, don't allocate */

#define UVMM_MAX_MEM_REGIONS	16
#define UVMM_CMDLINE_MAX	2048
#define UVMM_GATE_NOTE_MAX	160

#ifndef __ASSEMBLY__
struct uvmm_mem_region {
	__u64 start;		/* guest-physical */
	__u64 size;
	__u32 type;		/* UVMM_MEM_* */
	__u32 pad;
};

/*
 * Handed to the kernel's entry point in %rdi (as a direct-map pointer). The
 * kernel copies what it keeps before it reuses the page.
 */
struct uvmm_boot_info {
	__u64 magic;			/* UVMM_BOOT_MAGIC */
	__u32 abi_version;		/* UVMM_GATE_ABI_VERSION */
	__u32 nr_vcpus;
	__u64 ram_size;			/* bytes of RAM (sum of the RAM regions of mem[]) */
	__u64 initrd_start;		/* guest-physical; size 0: no initrd */
	__u64 initrd_size;
	__u64 acpi_rsdp;		/* guest-physical RSDP (rev 2); 0: no ACPI */
	__u32 nr_mem_regions;
	__u32 xstate_size;		/* bytes of a user thread's XSAVE buffer */
	struct uvmm_mem_region mem[UVMM_MAX_MEM_REGIONS];
	char cmdline[UVMM_CMDLINE_MAX];	/* NUL-terminated */
	/* How guest syscalls reach the kernel, and why: for the kernel log. */
	char syscall_gate[UVMM_GATE_NOTE_MAX];	/* NUL-terminated */
	/*
	 * The wall clock, as a PC's RTC gives it: the host's CLOCK_REALTIME
	 * in ns, read together with the gate's clock (clock_ns) at realtime_at.
	 */
	__u64 realtime_ns;
	__u64 realtime_at;
	__u32 flags;			/* UVMM_BOOT_* */
	__u32 reserved;			/* 0 */
};
#endif /* __ASSEMBLY__ */

/* Virtual IRQ lines, bit numbers in uvmm_vcpu_state.irq_pending. */
#define UVMM_IRQ_TIMER		0
#define UVMM_IRQ_CONSOLE	1
#define UVMM_NR_IRQS		64
/*
 * Lines 2..31 are wired: line n is ACPI GSI n (the PCI INTx lines are
 * GSIs 16..19, level-triggered). Lines 32..63 are message-signalled:
 * a device's MSI/MSI-X write of data n to UVMM_MSI_ADDR raises line n.
 */
#define UVMM_IRQ_FIRST_MSI	32
#define UVMM_MSI_ADDR		0xfee00000UL

#ifndef __ASSEMBLY__
/*
 * Per-vCPU state shared by uvmm and the guest: plain memory, no calls.
 * The guest disables interrupts by storing 0 to irq_enabled. uvmm sets bits
 * in irq_pending (atomic OR) and, if irq_enabled, interrupts the vCPU; the
 * guest clears the bits it takes (atomic AND), and after every store of 1 to
 * irq_enabled it issues a full barrier and checks irq_pending itself.
 */
struct uvmm_vcpu_state {
	__u32 irq_enabled;
	__u32 cpu;			/* vCPU number, set by uvmm */
	__u64 irq_pending;
	__u64 irq_count;		/* interrupts injected by uvmm, for statistics */
};

/*
 * Registers of an interrupted guest context, as uvmm writes them on the
 * guest kernel stack when it injects an interrupt or a fault. The order is
 * x86_64's struct user_regs_struct up to ss, so that the guest's pt_regs
 * can be exactly this.
 */
struct uvmm_regs {
	__u64 r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	__u64 ax, cx, dx, si, di, orig_ax;
	__u64 ip, cs, flags, sp, ss;
};

/*
 * What a host fault in guest code was: passed with the regs for guest
 * kernel code, in uvmm_user_thread.fault for guest user code. For user
 * code the host does not tell the trap number and error code: both are
 * UVMM_TRAP_UNKNOWN there.
 */
struct uvmm_fault_info {
	__u64 addr;			/* faulting data address (si_addr) */
	__u32 signo;			/* host signal: SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
	__s32 code;			/* its si_code */
	__u64 trapno;			/* CPU trap number from the host */
	__u64 error_code;		/* CPU error code (bit 1: write) */
};
#define UVMM_TRAP_UNKNOWN	(~0ULL)

/*
 * The part of a guest user thread's CPU state that struct uvmm_regs does not
 * hold, kept by the guest kernel (one per thread) and passed to user_run.
 *
 * FPU/SSE/AVX state is lazy: it stays in the host process that ran the
 * thread last. xstate points at a buffer of boot_info.xstate_size bytes
 * (64-byte aligned, x86 XSAVE standard format, as ptrace's NT_X86_XSTATE
 * and the signal frame use). xstate_in_buf says the buffer is the truth:
 * the guest sets it after writing the buffer (exec, sigreturn, ptrace,
 * a new thread), uvmm loads the buffer before it next runs the thread and
 * clears it; user_save_fpu copies the live state out and sets it.
 */
struct uvmm_user_thread {
	__u64 fs_base;
	__u64 gs_base;
	__u64 xstate;
	__u32 xstate_in_buf;
	__u32 flags;			/* UVMM_USER_THREAD_* */
	/*
	 * Data segment selectors, as user code loaded them (x86_64 keeps
	 * them per thread too). uvmm loads one only if the host's GDT
	 * offers it to user code (a null selector, the user code and data
	 * segments), else the null selector: what a CPU's failed load
	 * leaves on x86_64 Linux.
	 */
	__u16 ds, es, fs, gs;
	struct uvmm_fault_info fault;	/* filled when user_run returns UVMM_USER_FAULT */
};

/* uvmm_user_thread.flags */
#define UVMM_USER_THREAD_NO_TSC	1	/* rdtsc/rdtscp fault: SIGSEGV (PR_SET_TSC) */

/*
 * Guest entry points that uvmm jumps to, registered once with set_entries.
 * Both are entered with interrupts disabled (irq_enabled == 0), on the
 * interrupted guest stack, with %rsp pointing at a 16-byte aligned frame
 * and %rdi (and %rsi for faults) pointing into it:
 *   irq(struct uvmm_regs *regs)
 *   fault(struct uvmm_regs *regs, struct uvmm_fault_info *info)
 * The 8 bytes just below the interrupted %rsp are left free so that the
 * guest can return with "pop %rsp; ret" style sequences.
 */
struct uvmm_guest_entries {
	__u64 irq;
	__u64 fault;
	__u64 text_start;		/* guest code lives in [text_start, text_end) */
	__u64 text_end;
};
#endif /* __ASSEMBLY__ */

/* halt() reasons; uvmm exits with the status that docs/gate-abi.md gives. */
#define UVMM_HALT_POWER_OFF	0
#define UVMM_HALT_REBOOT	1
#define UVMM_HALT_PANIC		2

/* prot bits for map(). */
#define UVMM_PROT_READ		1
#define UVMM_PROT_WRITE		2
#define UVMM_PROT_EXEC		4
/*
 * mm_map() only: the pages read as zeros and are never written (the
 * kernel's shared zero page; phys is ignored, WRITE refused). The host
 * maps such runs as anonymous memory, so neighbours merge into one host
 * mapping: a zero page costs the host no mapping of its own (version 4).
 */
#define UVMM_PROT_ZERO		8
/* What the direct map of guest RAM allows: everything. */
#define UVMM_PROT_DIRECT	(UVMM_PROT_READ | UVMM_PROT_WRITE | UVMM_PROT_EXEC)

/* console_write() streams. */
#define UVMM_CONSOLE_OUT	0	/* hvc0: the console, on uvmm's stdout */
#define UVMM_CONSOLE_ERR	1	/* hvc1: output only, on uvmm's stderr */

/* What user_run() returns when guest user code stops. */
#define UVMM_USER_SYSCALL	1	/* a syscall: orig_ax its number, ip after the instruction */
#define UVMM_USER_FAULT		2	/* a CPU exception: uvmm_user_thread.fault says which */
#define UVMM_USER_INTERRUPT	3	/* a virtual IRQ is pending (or a stray stop): just run again */

/*
 * The gate calls, once, in table order: every other form of them (the
 * table below, the guest's typed calls, uvmm's handler prototypes, its
 * table and its trampolines) is generated from this list, so that a new
 * call is one line and the two sides cannot disagree on a signature.
 *
 *   X(name, return type, (parameters), (arguments), kind)
 *
 * Each is a function with the System V x86_64 calling convention that the
 * guest calls directly (no trap); uvmm's handler for X(name, ...) is
 * gate_<name>, and so is the guest's typed call. uvmm switches to its own
 * per-vCPU stack inside the call, so the guest's small kernel stacks are
 * enough. The kind says how the guest makes the call:
 *   plain     with interrupts disabled;
 *   irqs_on   possibly with interrupts enabled: an interrupt that arrives
 *             meanwhile stays pending, and the guest takes it on return,
 *             where a CPU would have (docs/gate-abi.md);
 *   noreturn  with interrupts disabled, and it does not return.
 * The list is plain preprocessor text, so assembly can use it too.
 */
#define UVMM_GATE_CALLS(X)						\
	/* The guest's interrupt and fault entry points. */		\
	X(set_entries, void, (const struct uvmm_guest_entries *e), (e), plain) \
	/* Bytes written; stream UVMM_CONSOLE_OUT (uvmm's stdout) or	\
	 * UVMM_CONSOLE_ERR (its stderr). */				\
	X(console_write, long, (const char *buf, __u64 len, __u32 stream), \
	  (buf, len, stream), irqs_on)					\
	/* Bytes read, 0 if none now, -EPIPE once uvmm's stdin has ended. */ \
	X(console_read, long, (char *buf, __u64 len), (buf, len), plain) \
	/* reason UVMM_HALT_*; for a power-off, detail is uvmm's exit	\
	 * status (0-255). */						\
	X(halt, void, (__u32 reason, __u32 detail), (reason, detail), noreturn) \
	/* Returns when an interrupt is pending. */			\
	X(idle, void, (void), (), plain)				\
	/* Host CLOCK_MONOTONIC in nanoseconds. */			\
	X(clock_ns, __u64, (void), (), irqs_on)				\
	/* One-shot UVMM_IRQ_TIMER after delta_ns; 0 stops it. */	\
	X(timer_set, void, (__u64 delta_ns), (delta_ns), plain)		\
	/* Mirror a kernel mapping of guest RAM (or of a passthrough BAR: \
	 * -ENODEV where uvmm cannot) at virt (page aligned,		\
	 * inside the vmalloc area); prot UVMM_PROT_*; 0 or -errno. */	\
	X(map, long, (__u64 virt, __u64 phys, __u64 len, __u32 prot),	\
	  (virt, phys, len, prot), plain)				\
	/* Drop mirrored kernel mappings; 0 or -errno. */		\
	X(unmap, long, (__u64 virt, __u64 len), (virt, len), plain)	\
	/*								\
	 * Guest address spaces. An id names one host process. Changes	\
	 * are queued and carried out, in order, before the process next \
	 * runs; prot is UVMM_PROT_*; virt and len are page aligned and	\
	 * below UVMM_USER_TOP, phys is a guest-physical RAM address.	\
	 */								\
	/* A new, empty address space: id > 0, or -errno. */		\
	X(mm_create, long, (void), (), plain)				\
	/* Its process is killed and reaped. */				\
	X(mm_destroy, void, (__u64 mm), (mm), plain)			\
	X(mm_map, long, (__u64 mm, __u64 virt, __u64 phys, __u64 len, __u32 prot), \
	  (mm, virt, phys, len, prot), plain)				\
	X(mm_unmap, long, (__u64 mm, __u64 virt, __u64 len), (mm, virt, len), plain) \
	X(mm_protect, long, (__u64 mm, __u64 virt, __u64 len, __u32 prot), \
	  (mm, virt, len, prot), plain)					\
	/* Run user code with these registers until it stops; regs and t \
	 * are updated; UVMM_USER_*, or -errno if the process is gone. */ \
	X(user_run, long, (__u64 mm, struct uvmm_regs *regs,		\
			   struct uvmm_user_thread *t), (mm, regs, t), plain) \
	/* Copy t's live FPU state into its XSAVE buffer. */		\
	X(user_save_fpu, void, (__u64 mm, struct uvmm_user_thread *t), (mm, t), plain) \
	/* t is freed: forget its FPU state. */				\
	X(user_forget, void, (__u64 mm, struct uvmm_user_thread *t), (mm, t), plain) \
	/* A device register read of 1, 2, 4 or 8 bytes; all ones where \
	 * no device answers. */					\
	X(mmio_read, __u64, (__u64 phys, __u32 size), (phys, size), irqs_on) \
	X(mmio_write, void, (__u64 phys, __u64 value, __u32 size),	\
	  (phys, value, size), irqs_on)					\
	/* The guest has handled (or unmasked) a level-triggered line;	\
	 * uvmm raises it again while it is asserted. */		\
	X(irq_eoi, void, (__u32 line), (line), plain)			\
	/* Take whole pages of the direct map out of the guest kernel's	\
	 * reach (prot 0: an access faults, as KFENCE wants of its guard \
	 * pages and freed objects) or give them back (prot		\
	 * UVMM_PROT_DIRECT); 0 or -errno. */				\
	X(direct_protect, long, (__u64 virt, __u64 len, __u32 prot),	\
	  (virt, len, prot), plain)					\
	/* Rewrite a syscall site of mm's process (version 7): at virt,	\
	 * `mov $nr, %eax; syscall` (b8 imm32 0f 05, on one page), in the \
	 * RAM page at phys that mm maps there with prot (READ|EXEC, not \
	 * writable). The process runs a copy of the page that jumps to	\
	 * uvmm's gate from there, and reads see the original		\
	 * (docs/fast-gate.md). 0, or -EOPNOTSUPP (never here: stop	\
	 * asking), -ENOSPC (no more for this mm), -EPERM (not this page), \
	 * -EINVAL (not such a site), -EAGAIN (not now). Asked only while \
	 * mm maps nothing in [UVMM_SITE_TABLE, + UVMM_SITE_TABLE_SIZE). */ \
	X(mm_rewrite_syscall, long, (__u64 mm, __u64 virt, __u64 phys, __u32 nr, __u32 prot), \
	  (mm, virt, phys, nr, prot), plain)

/* How many calls the list has. */
#define UVMM_GATE_COUNT_ONE(...)	+ 1
#define UVMM_GATE_NR_CALLS	(0 UVMM_GATE_CALLS(UVMM_GATE_COUNT_ONE))

#ifndef __ASSEMBLY__
/*
 * The gate table at UVMM_GATE_ADDR, read-only: a header, then one function
 * pointer (8 bytes) per call, in the order of UVMM_GATE_CALLS.
 */
#define UVMM_GATE_FIELD(name, ret, params, args, kind)	ret (*name) params;
struct uvmm_gate {
	__u64 magic;			/* UVMM_GATE_MAGIC */
	__u32 abi_version;		/* UVMM_GATE_ABI_VERSION */
	__u32 size;			/* sizeof(struct uvmm_gate) */
	UVMM_GATE_CALLS(UVMM_GATE_FIELD)
};
#undef UVMM_GATE_FIELD
#endif /* __ASSEMBLY__ */

#endif /* _UAPI_ASM_UVMM_GATE_H */
