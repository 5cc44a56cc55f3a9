/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest processes: one host process per guest address space. Each starts
 * from uvmm's stub (a tiny static program embedded in uvmm), which leaves
 * nothing of its own below UVMM_USER_TOP; guest RAM (the memory file) is
 * mapped into it only where the guest kernel asks. The vCPU thread that
 * creates a process runs guest user code in it, under PTRACE_SYSEMU (the
 * tracer) or through the fast gate (seccomp, a signal handler, a mailbox):
 * syscalls, faults and interrupts come back as events, the same either way.
 *
 * Map, unmap and protect requests are queued and carried out by the stub,
 * in order, in one batch, just before the process next runs guest code.
 *
 * Nothing outlives uvmm: the tracer's processes are traced with
 * PTRACE_O_EXITKILL and the fast gate's have PR_SET_PDEATHSIG: they die
 * with the vCPU thread that made them.
 */
#ifndef UVMM_GUEST_PROC_H
#define UVMM_GUEST_PROC_H

#include <stddef.h>
#include <stdint.h>

#include "asm/uvmm_gate.h"

struct guest_proc;

/*
 * Once per uvmm, before any process is created: mem_fd is the memory
 * file whose offsets guest_proc_map() takes. -1 with a one-line message.
 */
int guest_proc_setup(int mem_fd, char *err, size_t errlen);

/* The descriptor a new process execs the stub from (uvmm's jail allows
 * that exec and no other). */
int guest_proc_stub_exec_fd(void);

/*
 * Where a thread's XSAVE buffer may lie: uvmm says "in guest RAM", checked
 * whenever the buffer is read or written, which can be long after the
 * guest passed the thread (a thread freed without user_forget leaves a
 * stale one). A buffer that fails loses its state, as a bad one does.
 * NULL, the default: anywhere (the unit tests' heap buffers).
 */
void guest_proc_set_buffer_check(int (*ok)(const void *buf, __u64 len));

/*
 * Which way processes created from now on reach uvmm: the tracer (on = 0)
 * or the fast gate (docs/fast-gate.md). Taking the fast gate, a process is
 * made and ended first to see that this host allows it: 0, or -1 with the
 * reason in why (and the tracer stays).
 */
int guest_proc_use_fast(int on, char *why, size_t whylen);
/*
 * The ptrace tracer's use of the host kernel's PTRACE_O_NOSIGSTOP and
 * PTRACE_O_ONESHOT (host-patches/): probed; 0 if new processes use them,
 * else -1 and the reason in why (on = 0: not used).
 */
int guest_proc_use_ptrace_options(int on, char *why, size_t whylen);
int guest_proc_fast_gate_on(void);	/* new processes take the fast gate */
/*
 * Syscall-site rewriting on the fast gate (rewrite.c): whether new
 * processes have it (the reason if not: guest_proc_use_fast decides),
 * and one site rewritten, for the gate call mm_rewrite_syscall: orig is
 * uvmm's view of the page, orig_off its offset in the memory file.
 */
int guest_proc_rewrite_on(void);
const char *guest_proc_rewrite_why(void);
long guest_proc_rewrite(struct guest_proc *p, uint64_t virt, const void *orig,
			uint64_t orig_off, uint32_t nr, uint32_t prot);

/* Bytes of the XSAVE buffer of a user thread (struct uvmm_user_thread). */
uint32_t guest_proc_xstate_size(void);

/* A new process with nothing mapped below UVMM_USER_TOP. 0 or -errno. */
long guest_proc_create(struct guest_proc **out);
/* End it: kept, emptied, for a later create (spare.c), or killed (reaped
 * later, or by guest_proc_settle); forget every thread state it held. */
void guest_proc_destroy(struct guest_proc *p);
/* Drop this thread's spare and kept processes and wait until every process
 * it ended is gone: before the thread ends. */
void guest_proc_settle(void);
/*
 * How many times a guest process ran out of host mappings (the host's
 * vm.max_map_count) and dropped them all to go on (batch.c).
 */
uint64_t guest_proc_mappings_dropped(void);

/*
 * Queue: [virt, virt+len) shows the memory file at file_off, prot UVMM_PROT_*.
 * 0, -EINVAL for bad arguments (unaligned, empty, not below UVMM_USER_TOP,
 * unknown prot bits), or the error that broke the address space (below).
 */
long guest_proc_map(struct guest_proc *p, uint64_t virt, uint64_t file_off,
		    uint64_t len, uint32_t prot);
/*
 * Passed-through devices whose memory guest user space may map: each
 * process created from now on holds these fds (VFIO device fds) as
 * device 0, 1, ... -1 if there are more than it can hold.
 */
int guest_proc_set_devices(const int *fds, unsigned int n);
/* Queue: [virt, virt+len) shows device dev's fd at dev_off (the same
 * checks and errors as guest_proc_map). */
long guest_proc_map_device(struct guest_proc *p, uint64_t virt, unsigned int dev,
			   uint64_t dev_off, uint64_t len, uint32_t prot);
/* Queue: [virt, virt+len) reads as zeros (anonymous memory), never
 * writable: -EINVAL for PROT_WRITE, else guest_proc_map's checks. */
long guest_proc_map_zero(struct guest_proc *p, uint64_t virt, uint64_t len, uint32_t prot);
/* Queue: drop [virt, virt+len), rounded out to pages and cut to the
 * guest's range; refused for no arguments (0, or the sticky error). */
long guest_proc_unmap(struct guest_proc *p, uint64_t virt, uint64_t len);
long guest_proc_protect(struct guest_proc *p, uint64_t virt, uint64_t len,
			uint32_t prot);

/*
 * Run guest user code with regs and t (FPU state per t->xstate_in_buf)
 * until it makes a syscall, faults, or *irq_pending becomes non-zero.
 * Returns UVMM_USER_* with regs, t->fs_base/gs_base (and t->fault) updated,
 * or -ESRCH if the process died (killed from outside), or the -errno of a
 * queued map/unmap/protect that failed: the address space is then broken
 * for good (every later call says so) and should be destroyed.
 */
long guest_proc_run(struct guest_proc *p, struct uvmm_regs *regs,
		    struct uvmm_user_thread *t, const volatile uint64_t *irq_pending);

/* Copy t's live FPU state out to t->xstate (sets xstate_in_buf). */
void guest_proc_save_fpu(struct guest_proc *p, struct uvmm_user_thread *t);
/* t is going away: drop any reference to it. */
void guest_proc_forget(struct guest_proc *p, struct uvmm_user_thread *t);

/*
 * Async-signal-safe, for the vCPU's interrupt signal handler on the
 * tracer thread: if that thread is inside guest_proc_run(), make the run
 * stop and return UVMM_USER_INTERRUPT.
 */
void guest_proc_interrupt(void);

#endif
