/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The request page shared by uvmm and one guest process's stub: uvmm
 * queues map/unmap/protect operations here while the process is stopped,
 * the stub carries them out in one batch and reports how far it got.
 * The stub fills in the header's addresses once, when it is ready, and uvmm
 * reads them then and never again (later the page is only as private as the
 * stub's mprotect that hides it between batches).
 * Included by the freestanding stub and by uvmm: fixed-size types only.
 */
#ifndef UVMM_STUB_ABI_H
#define UVMM_STUB_ABI_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#define STUB_UL(x)		x##UL
#else
#define STUB_UL(x)		x	/* the mapper's and the entry's assembly */
#endif

#define STUB_PAGE_SIZE		4096
#define STUB_MAGIC		0x6275747320766d75ULL	/* "uvm stub" */

/* The fds the stub starts with: the memory file, its request page and,
 * on the fast gate, the mailbox; then one VFIO device fd per passed-through
 * device (its BARs are what a guest user mapping of device memory shows;
 * fd 6 is the stub's own image while it is executed). */
#define STUB_MEM_FD		3
#define STUB_REQ_FD		4
#define STUB_MBOX_FD		5

/* The fast gate's mapper task: CLONE_VM | CLONE_FS | CLONE_SIGHAND |
 * CLONE_THREAD | CLONE_SYSVSEM | CLONE_CHILD_CLEARTID, and not CLONE_FILES:
 * its own copy of the fds. (uvmm's jail allows the vCPU, whose filter the
 * stub inherits, this clone and no other thread.) */
#define STUB_MAPPER_CLONE_FLAGS	0x00250b00
#define STUB_DEV_FD0		7
#define STUB_MAX_DEVS		8

/* How the process reaches uvmm (struct stub_page.mode, set before exec). */
#define STUB_MODE_PTRACE	0	/* the tracer: ptrace stops */
#define STUB_MODE_FAST		1	/* the fast gate: signals and a mailbox */
#define STUB_MODE_TRACED	2	/* the tracer with the host's ptrace options:
					 * page faults through a handler (traced.c) */

#ifndef __ASSEMBLER__
#define STUB_OP_MAP		1
#define STUB_OP_UNMAP		2
#define STUB_OP_PROTECT		3
#define STUB_OP_TSC		4	/* tracer only: prctl(PR_SET_TSC, prot) */
#define STUB_OP_ZERO		5	/* anonymous, private, never PROT_WRITE */

struct stub_op {
	uint16_t op;		/* STUB_OP_* */
	uint16_t fd;		/* map: STUB_MEM_FD or a STUB_DEV_FD0 + n */
	uint32_t prot;		/* PROT_* (host values) */
	uint64_t addr;
	uint64_t len;
	uint64_t off;		/* map: offset in that file */
};

struct stub_page {
	/* written by the stub when it is ready */
	uint64_t magic;
	uint64_t batch_entry;	/* rip for a batch; ends in int3 */
	uint64_t stack_top;	/* rsp for a batch */
	uint64_t page_addr;	/* where this page is in the process */
	/* written by uvmm before a batch */
	uint32_t count;
	/* written by the stub during a batch */
	uint32_t done;		/* operations that succeeded, in order */
	int64_t error;		/* 0, or -errno of operation number done */
	uint64_t batches;	/* how many batches the stub ran (tests) */
	uint32_t mode;		/* STUB_MODE_*, written by uvmm before exec */
	/* fast gate: the mapper task's futex words */
	uint32_t seq;		/* uvmm bumps it to start a batch */
	uint32_t done_seq;	/* the mapper copies seq here when done */
	uint32_t go;		/* uvmm has seized the stub: it may go on */
	uint64_t traced_report;	/* the traced handler's report (its int3 + 1) */
	uint64_t traced_tail;	/* and its last steps: again?, rt_sigreturn */
	struct stub_op ops[];
};

#define STUB_MAX_OPS \
	((STUB_PAGE_SIZE - sizeof(struct stub_page)) / sizeof(struct stub_op))
#endif

/* Offsets the mapper's assembly uses (checked against the struct in fast.c). */
#define STUB_PAGE_COUNT_OFF	32
#define STUB_PAGE_DONE_OFF	36
#define STUB_PAGE_ERROR_OFF	40
#define STUB_PAGE_SEQ_OFF	60
#define STUB_PAGE_DONE_SEQ_OFF	64
#define STUB_PAGE_OPS_OFF	88
#define STUB_MAPPER_MAX_OPS	125	/* == STUB_MAX_OPS */
#define STUB_MAPPER_FILTER_LEN	32	/* instructions of its seccomp filter */

/*
 * The fast gate (docs/fast-gate.md). The process has two tasks in one mm:
 * the guest task (guest code and the stub's signal handler, no fds) and
 * the mapper (the memory file, register-only code). Fixed addresses above
 * the stub's image, all inside [UVMM_USER_TOP, the end of the user range):
 *
 * - the request file, two pages, read-only: the page above, then
 *   STUB_NR_CONSTS 64-bit constants 0, 1, 2, ... that the mapper, which
 *   never writes memory, reports from with pwrite();
 * - the mailbox file: a header page (struct stub_mbox) and the alternate
 *   signal stack, where the kernel puts the signal frame that uvmm reads
 *   and writes (the FPU state).
 */
#define STUB_FAST_REQ_ADDR	STUB_UL(0x7fffff900000)
#define STUB_CONSTS_ADDR	(STUB_FAST_REQ_ADDR + STUB_PAGE_SIZE)
#define STUB_NR_CONSTS		512
/* then the rewritten syscall sites' records (struct stub_site, below) */
#define STUB_SITES_ADDR		(STUB_FAST_REQ_ADDR + 2 * STUB_PAGE_SIZE)
#define STUB_SITES_OFF		(2 * STUB_PAGE_SIZE)	/* in the request file */
#define STUB_FAST_REQ_SIZE	(STUB_SITES_OFF + STUB_MAX_SITES * 16)
#define STUB_MBOX_ADDR		STUB_UL(0x7fffff800000)
#define STUB_MBOX_SIZE		STUB_UL(0x20000)
#define STUB_ALT_OFF		STUB_PAGE_SIZE
#define STUB_ALT_SIZE		(STUB_MBOX_SIZE - STUB_ALT_OFF)

/*
 * Syscall-site rewriting (docs/fast-gate.md, "Syscall-site rewriting"):
 * uvmm replaces `mov $nr, %eax; syscall` (b8 imm32 0f 05) in an
 * execute-only copy of the page with `jmp *SLOT` (ff 24 25 disp32), SLOT
 * being slot k of the site table, a read-only page run mapped at a fixed
 * low address. Slot k holds the address of gate entry k in the stub's
 * code, which loads k and goes to the gate; record k (the request file,
 * read-only in the process) says the site's number and where it returns.
 * The table's address makes the last two bytes of every slot's disp32
 * 0f 05: code that jumps to the `syscall` of the original (site + 5)
 * finds a syscall there in the copy too.
 */
#define STUB_SITE_TABLE_ADDR	STUB_UL(0x050f0000)
#define STUB_MAX_SITES		2048
#define STUB_SITE_TABLE_SIZE	(STUB_MAX_SITES * 8)
#define STUB_GATE_ENTRY_SIZE	16
#define STUB_SITE_LEN		7	/* the rewritten instructions' bytes */
/*
 * In the mailbox: the gate's XSAVE area (its FPU state while uvmm holds
 * the process, as a signal frame's is) and, above it, the gate's stack;
 * the signal frames of events from guest code go at the top, above both.
 */
#define STUB_GATE_XSAVE_OFF	STUB_PAGE_SIZE
#define STUB_GATE_XSAVE_MAX	0x3000
#define STUB_GATE_STACK_OFF	0x10000

#ifndef __ASSEMBLER__
struct stub_site {
	uint64_t ret;		/* the address after the site's syscall */
	uint32_t nr;		/* its `mov $nr, %eax` */
	uint32_t live;		/* 1 while a copy with this site is mapped */
};
#endif

/* The signal that stops guest code for uvmm (any other one does too). */
#define STUB_SIG_PREEMPT	12	/* SIGUSR2 */

/* The mailbox state word (a futex): who holds the guest task now. */
#define STUB_ST_DEAD		0	/* written by the kernel: a task exited */
#define STUB_ST_RUN		1	/* before the first event */
#define STUB_ST_EVENT		2	/* the handler posted an event, waits */
#define STUB_ST_REPLY		3	/* uvmm answered: run guest code */

#ifndef __ASSEMBLER__
/* The registers of a signal frame, in struct sigcontext order. */
enum stub_greg {
	STUB_R8, STUB_R9, STUB_R10, STUB_R11, STUB_R12, STUB_R13, STUB_R14,
	STUB_R15, STUB_RDI, STUB_RSI, STUB_RBP, STUB_RBX, STUB_RDX, STUB_RAX,
	STUB_RCX, STUB_RSP, STUB_RIP, STUB_EFLAGS, STUB_CSGSFS, STUB_ERR,
	STUB_TRAPNO, STUB_OLDMASK, STUB_CR2, STUB_NR_GREGS
};

struct stub_mbox {
	uint32_t state;		/* STUB_ST_*, the futex both sides wait on */
	uint32_t uvmm_waits;	/* uvmm sleeps on state: wake it */
	uint32_t mapper_tid;	/* written once, before the process is ready */
	uint32_t stub_waits;	/* the handler sleeps on state: wake it */
	uint64_t spin_cycles;	/* how long the handler spins before it sleeps */
	uint32_t others_run;	/* uvmm runs another process: yield at each turn */
	uint32_t no_tsc;	/* uvmm: return to guest code with rdtsc faulting */
	uint32_t tsc_off;	/* the handler: rdtsc faults in this task now */
	uint32_t pad;
	uint16_t ds, es, fs, gs;	/* both ways: the selectors */
	/* the event (handler -> uvmm) */
	uint64_t signo, code, addr, nr, arch;
	uint64_t fpstate;	/* where the frame's XSAVE area is */
	/* both ways */
	uint64_t fs_base, gs_base;
	uint64_t regs[STUB_NR_GREGS];
	/* The tracer with the host's options (STUB_MODE_TRACED), both written
	 * by uvmm while the handler is stopped at its report: */
	uint64_t ret_sp;	/* the frame to return through (its ucontext) */
	uint32_t batch;		/* carry out the request page's batch first */
	uint32_t again;		/* then report again instead of returning */
	/* The gate (rewritten sites), set by uvmm before guest code runs: */
	uint64_t gate_features;	/* XSAVE's feature mask: the signal frames' */
	uint32_t gate_pkru_off;	/* PKRU in the XSAVE area, 0: no PKRU */
	/* written by the gate: */
	uint32_t gate_slot;	/* the entry it came through */
	uint32_t gate_phase;	/* STUB_GATE_* */
	uint32_t gate_pad;
	uint64_t gate_events;	/* events through the gate (tests) */
	uint64_t gate_entries;	/* where entry 0 is: written once, when ready */
};


/* The x86_64 signal frame as a handler sees it (and uvmm, in the mailbox). */
struct stub_siginfo {
	int32_t signo, errnum, code, pad;
	uint64_t addr;		/* si_addr; SIGSYS: si_call_addr */
	int32_t syscall;	/* SIGSYS */
	uint32_t arch;		/* SIGSYS */
};

struct stub_ucontext {
	uint64_t flags, link;
	uint64_t ss_sp;
	int32_t ss_flags, ss_pad;
	uint64_t ss_size;
	uint64_t gregs[STUB_NR_GREGS];	/* struct sigcontext */
	uint64_t fpstate;
	uint64_t reserved[8];
	uint64_t sigmask;
};

#endif

/* Offsets the traced handler's assembly uses (checked in traced.c). */
#define STUB_MBOX_RET_SP_OFF	296
#define STUB_MBOX_BATCH_OFF	304
#define STUB_MBOX_AGAIN_OFF	308
/* mailbox gate_phase: where a signal that comes meanwhile finds the gate */
#define STUB_GATE_POSTING	0	/* before uvmm's answer: it will see the event */
#define STUB_GATE_ANSWERED	1	/* returning to guest code with the answer */
/* Offsets the gate's assembly uses (checked in fast.c). */
#define STUB_MBOX_REGS_OFF	112
#define STUB_MBOX_FEATURES_OFF	312
#define STUB_MBOX_SLOT_OFF	324
#define STUB_MBOX_PHASE_OFF	328

/* Exit statuses of a stub that could not set up the fast gate. */
#define STUB_EXIT_MAP		120	/* mapping the request or mailbox file */
#define STUB_EXIT_SIGNALS	121	/* sigaltstack, rt_sigaction */
#define STUB_EXIT_CLONE		122	/* creating the mapper task */
#define STUB_EXIT_SECCOMP	123	/* installing the guest task's filter */

#endif
