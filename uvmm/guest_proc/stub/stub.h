/* SPDX-License-Identifier: GPL-2.0 */
/* What the stub's files share (the stub only; uvmm sees stub_abi.h). */
#ifndef UVMM_STUB_H
#define UVMM_STUB_H

#include <stdint.h>

/* prctl(PR_SET_TSC): the guest thread's choice, made in the host task. */
#define PR_SET_TSC		26
#define PR_TSC_ENABLE		1
#define PR_TSC_SIGSEGV		2

/* rt_sigaction's and sigaltstack's arguments, as the x86_64 kernel takes them. */
struct k_sigaction {
	uint64_t handler, flags, restorer, mask;
};

struct k_stack {
	uint64_t sp;
	int32_t flags, pad;
	uint64_t size;
};

/* One raw syscall (the stub has no libc). */
long sys6(long nr, long a, long b, long c, long d, long e, long f);
/* exit_group(status), for good. */
void stub_exit(int status) __attribute__((noreturn));

/* fast.c: the fast gate's set-up, run by stub_init() on the stub's stack. */
void stub_fast_setup(void);
/* fast.c: its last step, on the alternate stack once the data is hidden. */
void stub_fast_arm(void);
/* fast.c: the signal handler, and the restorer it returns through. */
extern char stub_restorer[], stub_sigreturn_insn[];
/* traced.c: the tracer-with-options set-up, run by stub_init(). */
void stub_traced_setup(void);
/* mapper.S: clone the mapper task; its tid, or -errno. */
long stub_clone_mapper(void);

#endif
