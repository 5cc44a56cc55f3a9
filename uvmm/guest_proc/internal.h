/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest_proc_*.c files share (not for the rest of uvmm; the unit
 * tests and the bench look inside through it).
 */
#ifndef UVMM_GUEST_PROC_INTERNAL_H
#define UVMM_GUEST_PROC_INTERNAL_H

#include <stdbool.h>
#include <sys/types.h>

#include "guest_proc/guest_proc.h"
#include "guest_proc/stub/stub_abi.h"

#define GUEST_PROC_MAPPED 64		/* pages remembered as mapped, per process */
#define GUEST_PROC_SHADOWS 64		/* rewritten pages (copies), per process */
#define GUEST_PROC_REFUSED 16		/* pages read since: never rewritten again */

struct guest_proc {
	pid_t pid;			/* 0 once reaped */
	long broken;			/* sticky -errno: a batch failed */
	struct stub_page *page;		/* the request page, shared with the stub */
	uint64_t batch_entry;		/* the stub's batch rip and rsp, as it said */
	uint64_t batch_stack;		/* when ready (never read back later) */
	int cpu;			/* CPU the process is pinned to, -1: none */
	void *spawn_stack;		/* the child's until its exec (spawn.c) */
	int exit_status;		/* waitpid status once it ended */
	struct uvmm_user_thread *fpu_owner; /* whose FPU state is live here */
	struct guest_proc *next;	/* this tracer thread's processes */
	/* The fast gate (fast.c); the tracer when fast is 0. */
	int fast;
	struct stub_mbox *mbox;		/* the mailbox, STUB_MBOX_SIZE bytes */
	pid_t mapper_tid;		/* the mapper task, as the stub said when ready */
	uint64_t frame_off;		/* the live frame's XSAVE area in the mailbox */
	unsigned preempt_blocked;	/* timeouts seen with the preemption signal blocked */
	unsigned long long preempt_cpu;	/* its CPU time at the first of them */
	int preempt_asleep;		/* asleep after uvmm answered, at each of them */
	int no_tsc;			/* tracer: rdtsc faults in the process now */
	int batch_running;		/* fast gate: started, not waited for yet */
	/* The tracer with the host's ptrace options (traced.c); needs mbox. */
	int traced;
	uint64_t traced_report;		/* the handler's report ip, as the stub said */
	uint64_t traced_tail;		/* its last four instructions */
	int shot_interrupted;		/* an interrupt asked it to report again */
	int in_handler;			/* stopped at the report: the frame is live */
	int in_shot;			/* resumed from it, not back in guest code yet */
	int batch_in_handler;		/* the queued batch runs in the shot */
	uint64_t batches_before;	/* the stub's count before that batch */
	uint64_t uc_off;		/* the live frame's ucontext in the mailbox */
	uint64_t at_report_base[2];	/* fs/gs base and selectors at the report */
	uint16_t at_report_sel[4];	/* (ds, es, fs, gs) */
	/* Pages the process was given lately, while nothing undid it (proc.c). */
	uint32_t map_gen;		/* an entry counts if it has this tag */
	struct guest_proc_mapped {
		uint64_t virt, off;
		uint32_t prot, tag;
	} mapped[GUEST_PROC_MAPPED];
	/* Rewritten syscall sites (rewrite.c), on the fast gate. */
	int gate_ok;			/* the stub's gate can be used */
	uint8_t gate_sw[48];		/* the signal frames' XSAVE software bytes */
	uint64_t gate_features;		/* their features */
	struct stub_site *sites;	/* the records, uvmm's writable mapping */
	uint32_t next_site;		/* records used */
	int table_mapped;		/* the site table is mapped in the process */
	uint64_t sites_rewritten;	/* since the process started (tests) */
	unsigned nr_shadows, nr_refused;
	struct guest_proc_shadow {
		uint64_t virt, orig_off;	/* the page, and its frame's offset */
		uint32_t prot, pool_page;	/* the original's; the copy's page */
	} shadows[GUEST_PROC_SHADOWS];
	uint64_t refused[GUEST_PROC_REFUSED];
};

/* spawn.c: fork the stub and seize it (launch), wait until it is ready
 * (finish); spawn is both. 0 or -errno (-ENOEXEC: the stub did not start). */
long guest_proc_launch(struct guest_proc *p);
long guest_proc_finish(struct guest_proc *p);
long guest_proc_spawn(struct guest_proc *p);
/* Before p's memory goes: a child that may not have exec'd yet is reaped. */
void guest_proc_spawn_release(struct guest_proc *p);
/* spare.c: a kept process or this thread's spare, ready (NULL if there is
 * none or it failed); launch the next spare if none is kept; keep p for
 * another address space (1) or not (0: free it); kill p->pid and reap it
 * later. */
struct guest_proc *guest_proc_take_spare(void);
void guest_proc_launch_spare(void);
int guest_proc_keep(struct guest_proc *p);
extern int guest_proc_reuse;		/* 0: never keep (UVMM_NO_REUSE=1) */
void guest_proc_end(struct guest_proc *p);
void guest_proc_drop_spare(void);	/* and the kept: another memory file */
void guest_proc_reap_ended(void);	/* whatever has exited by now */
/* proc.c: a zeroed process, not started; and its memory freed. */
struct guest_proc *guest_proc_alloc(void);
void guest_proc_free(struct guest_proc *p);
/* proc.c: how the last process that failed to start ended (a waitpid
 * status, -1 unknown), for the reason the fast gate cannot be had. */
int guest_proc_last_start_failure(void);
/* Kill and reap p->pid (if any); p->pid becomes 0. */
void guest_proc_reap(struct guest_proc *p);
/* Wait for the next stop of p; the raw waitpid status, or -ESRCH (reaped). */
long guest_proc_wait(struct guest_proc *p, int *status);

/* The stub lives in [UVMM_USER_TOP, STUB_END): above the guest's range. */
#define STUB_END	0x7ffffffff000UL

#ifndef SYS_SECCOMP
#define SYS_SECCOMP	1	/* si_code of a seccomp SIGSYS */
#endif

/* The highest user address + 1 a segment base may have (TASK_SIZE_MAX). */
#define TASK_SIZE_MAX	0x7ffffffff000UL

/* The ptrace options every guest process is seized with (spawn.c). */
#define GUEST_PROC_PTRACE_OPTIONS	(PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD)

/* x86_64's user code and stack segments, as every run and batch loads them. */
#define USER_CS 0x33
#define USER_SS 0x2b
#define USER32_CS 0x23

/*
 * A data segment selector as uvmm loads it for guest code: the null
 * selector, or a segment of the host's GDT that user code may load (the
 * 32-bit and 64-bit code and the data segment). Anything else (the LDT,
 * which guest processes have not, a GDT slot no one filled) would fault
 * as it loads, and x86_64 Linux leaves the null selector after a failed
 * load. rpl_null keeps the null selectors of RPL 1 and 2, which user code
 * can load but PTRACE_SETREGS refuses.
 */
static inline uint16_t guest_proc_user_selector(uint16_t sel, int rpl_null)
{
	if (sel == 3 || sel == USER32_CS || sel == USER_SS || sel == USER_CS)
		return sel;
	return sel < 3 && rpl_null ? sel : 0;
}

/* proc.c: the pages remembered as mapped are not (any more). */
void guest_proc_forget_mapped(struct guest_proc *p);

/* proc.c, tracer only: queue the host's rdtsc setting for the thread to run. */
long guest_proc_queue_tsc(struct guest_proc *p, int no_tsc);

/* proc.c: queue an operation as it is (no rewritten page looked after). */
long guest_proc_queue_raw(struct guest_proc *p, uint16_t op, uint16_t fd, uint64_t virt,
			  uint64_t len, uint64_t off, uint32_t prot);

/*
 * rewrite.c: syscall-site rewriting. setup: whether it can be had, with
 * the memory file (0, or -1 and guest_proc_rewrite_why() says why); off:
 * not, for this reason. start: a new process's first
 * event, with its frame's XSAVE area; reset_mbox: what uvmm puts in the
 * mailbox for the gate. before: an operation is about to be queued
 * (mem_fd_map: a map of the memory file at off); what it changes of a
 * copy is done first; keeps: the first page of [virt, virt + len) whose
 * copy a map of the same frames must leave alone (virt + len: none).
 * forget_all: the process has no mapping left (its copies go back to the
 * pool); reset: and it is empty for another address space; fault: a read
 * of a copy (1: the original is back, run again).
 */
int guest_proc_rewrite_setup(int mem_fd);
void guest_proc_rewrite_off(const char *why);
void guest_proc_rewrite_start(struct guest_proc *p, const uint8_t *frame);
void guest_proc_rewrite_reset_mbox(struct guest_proc *p);
long guest_proc_rewrite_before(struct guest_proc *p, uint16_t op, int mem_fd_map,
			       uint64_t virt, uint64_t len, uint64_t off, uint32_t prot);
uint64_t guest_proc_rewrite_keeps(struct guest_proc *p, uint64_t virt, uint64_t len);
void guest_proc_rewrite_forget_all(struct guest_proc *p);
void guest_proc_rewrite_reset(struct guest_proc *p);
int guest_proc_rewrite_fault(struct guest_proc *p, const struct uvmm_user_thread *t);

/* batch.c: has the host protection keys (CR4.PKE, seen as CPUID's OSPKE)? */
bool guest_proc_host_has_pkeys(void);

/* batch.c: carry out the queued operations now. 0 or -errno. */
long guest_proc_flush(struct guest_proc *p);
/* batch.c: the same without waiting (on the fast gate; a flush elsewhere),
 * and the wait for it: a kept process's emptying (spare.c). */
long guest_proc_flush_start(struct guest_proc *p);
long guest_proc_flush_finish(struct guest_proc *p);

/* run.c: what is running on this thread now (NULL: nothing), for
 * guest_proc_interrupt(); what a signal of the guest task means. */
void guest_proc_running(const struct guest_proc *p);
int guest_proc_vsyscall_fault(int signo, int code, uint64_t call_addr,
			      struct uvmm_user_thread *t);
long guest_proc_signal_event(int signo, int code, uint64_t addr,
			     struct uvmm_user_thread *t);

/* tracer.c: load the registers; run until the next stop. */
long guest_proc_tracer_load(struct guest_proc *p, const struct uvmm_regs *regs,
			    const struct uvmm_user_thread *t);
long guest_proc_tracer_resume(struct guest_proc *p, struct uvmm_regs *regs,
			      struct uvmm_user_thread *t,
			      const volatile uint64_t *irq_pending);

/* fast.c: the same on the fast gate, its batches and its FPU frames. */
extern int guest_proc_fast_gate;	/* new processes take the fast gate */
extern uint64_t guest_proc_fast_spin_ns; /* 0: one CPU, no spinning */
/* pin.c: how many CPUs uvmm may use (as it started) */
int guest_proc_cpus(void);
long guest_proc_fast_prepare(struct guest_proc *p, int req_fd, int *mbox_fd);
long guest_proc_fast_start(struct guest_proc *p);
long guest_proc_fast_load(struct guest_proc *p, const struct uvmm_regs *regs,
			  const struct uvmm_user_thread *t);
void guest_proc_fast_release(struct guest_proc *p);
/* The mailbox words uvmm sets for a process, as a new one has them. */
void guest_proc_fast_reset_mbox(struct guest_proc *p);
long guest_proc_fast_resume(struct guest_proc *p, struct uvmm_regs *regs,
			    struct uvmm_user_thread *t,
			    const volatile uint64_t *irq_pending);
long guest_proc_fast_batch(struct guest_proc *p);
/* The same in two halves: hand the batch to the mapper; wait for it. */
void guest_proc_fast_batch_start(struct guest_proc *p);
long guest_proc_fast_batch_wait(struct guest_proc *p);
/* Copy the live frame's FPU state out to buf (get) or in from it (set).
 * 0, -EINVAL (set: a buffer XRSTOR would refuse), -ESRCH. */
long guest_proc_fast_xstate_get(struct guest_proc *p, void *buf);
long guest_proc_fast_xstate_set(struct guest_proc *p, const void *buf);
/* fast.c: a signal frame in the mailbox, for both ways of using one: the
 * registers of its struct sigcontext to and from the guest's, and where
 * its XSAVE area is (an offset in the mailbox; 0: not a plausible one). */
void guest_proc_frame_put_regs(uint64_t *g, const struct uvmm_regs *regs);
long guest_proc_mbox_create(struct guest_proc *p, int *mbox_fd);
void guest_proc_frame_get_regs(const uint64_t *g, struct uvmm_regs *regs);
uint64_t guest_proc_frame_offset(uint64_t fpstate);

/* traced.c: the tracer with the host's ptrace options (host-patches/). */
#define GUEST_PROC_O_NOSIGSTOP	(1 << 22)
#define GUEST_PROC_O_ONESHOT	(1 << 23)
extern int guest_proc_traced_opts;	/* new tracer processes use them */
long guest_proc_traced_prepare(struct guest_proc *p, int *mbox_fd);
/* A stop of a run: the handler's report (its event, the frame now live)
 * or -ENOENT (a stop of the plain tracer's), -ESRCH. */
long guest_proc_traced_event(struct guest_proc *p, int status, struct uvmm_regs *regs,
			     struct uvmm_user_thread *t);
/* A report during a tracer batch from a guest fault still pending at its
 * start: 1 if so (the handler is told to return to the batch), else 0. */
int guest_proc_traced_stale_fault(struct guest_proc *p);
long guest_proc_traced_load(struct guest_proc *p, const struct uvmm_regs *regs,
			    const struct uvmm_user_thread *t);
/* Open the shot that returns to guest code (or runs a batch). */
long guest_proc_traced_arm(struct guest_proc *p);
/* A stop inside the handler's shot that the run just goes on from: 1. */
int guest_proc_traced_in_stub(struct guest_proc *p, int status,
			      const volatile uint64_t *irq_pending);
/* A batch run by the handler at once, which then reports again. */
long guest_proc_traced_batch(struct guest_proc *p, const volatile uint64_t *no_irq);
/* batch.c: the queued batch goes with the shot of the next run (defer);
 * after that run's stop, what became of it (done). */
void guest_proc_defer_batch(struct guest_proc *p);
long guest_proc_deferred_batch_done(struct guest_proc *p);

/* fpu.c */
long guest_proc_fpu_load(struct guest_proc *p, struct uvmm_user_thread *t);
/* The initial FPU state, made once by guest_proc_setup(): 0, or -1 (no memory). */
int guest_proc_fpu_setup(void);
/* PKRU's offset in the XSAVE area (from that setup), 0 if the host has none. */
uint32_t guest_proc_pkru_offset(void);
/* The thread-local list of processes this tracer thread created. */
struct guest_proc **guest_proc_list(void);

/* The memory file and the stub image (proc.c). */
extern int guest_proc_mem_fd;
/* guest_proc_set_devices(): the stub's STUB_DEV_FD0 + n. */
extern int guest_proc_dev_fds[STUB_MAX_DEVS];
extern unsigned int guest_proc_nr_dev_fds;
extern int guest_proc_stub_fd;

/*
 * Where a process runs relative to its tracer (bench and tests):
 * GUEST_PROC_PIN_TRACER_CPU (default) keeps it on the CPU the tracer
 * thread last ran on, GUEST_PROC_PIN_NONE leaves it to the scheduler,
 * GUEST_PROC_PIN_OTHER_CPU puts it on another CPU (to measure).
 */
enum guest_proc_pinning {
	GUEST_PROC_PIN_TRACER_CPU,
	GUEST_PROC_PIN_NONE,
	GUEST_PROC_PIN_OTHER_CPU,
};
void guest_proc_set_pinning(enum guest_proc_pinning how);
void guest_proc_pin(struct guest_proc *p);

#endif
