// SPDX-License-Identifier: GPL-2.0
/*
 * The stub's side of the tracer with the host's ptrace options
 * (host-patches/, docs/host-patches.md). A guest page fault (SIGSEGV)
 * goes to the handler below without a ptrace stop (PTRACE_O_NOSIGSTOP);
 * the handler's first instruction, int3, is the one stop in which uvmm
 * reads the fault and the guest's registers from the signal frame, which
 * lies in the mailbox that uvmm shares. uvmm answers by writing the
 * registers to return to into the frame and opening a shot
 * (PTRACE_O_ONESHOT): the handler carries out the queued batch with real
 * syscalls and returns through rt_sigreturn, which ends the shot, so guest
 * code is under PTRACE_SYSEMU again from its first instruction.
 *
 * After the report the handler uses nothing of what it had before the
 * stop: guest code can jump onto the int3 with registers of its choosing,
 * so the stack pointer, the frame and whether to run a batch are read
 * from the mailbox, where uvmm put them after checking the frame.
 */
#include <stdint.h>

#include "stub_abi.h"
#include "stub.h"

#define NR_MMAP			9
#define NR_RT_SIGACTION		13
#define NR_SIGALTSTACK		131
#define NR_CLOSE		3
#define PROT_READ		1
#define PROT_WRITE		2
#define MAP_SHARED		0x01
#define MAP_FIXED		0x10
#define SA_SIGINFO		0x00000004
#define SA_RESTORER		0x04000000
#define SA_ONSTACK		0x08000000
#define SIGSEGV			11

_Static_assert(__builtin_offsetof(struct stub_mbox, ret_sp) == STUB_MBOX_RET_SP_OFF, "ret_sp");
_Static_assert(__builtin_offsetof(struct stub_mbox, batch) == STUB_MBOX_BATCH_OFF, "batch");
_Static_assert(__builtin_offsetof(struct stub_mbox, again) == STUB_MBOX_AGAIN_OFF, "again");

/* stub_entry.S: the handler; its int3 is the report uvmm waits for. */
extern char stub_traced_handler[];

/* Run by stub_init() for STUB_MODE_TRACED; the stub dies if it fails. */
void stub_traced_setup(void)
{
	struct k_stack st = { .sp = STUB_MBOX_ADDR + STUB_ALT_OFF, .size = STUB_ALT_SIZE };
	struct k_sigaction sa = {
		.handler = (uint64_t)stub_traced_handler,
		.flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER,
		.restorer = (uint64_t)stub_restorer,
		.mask = ~0UL,
	};

	if (sys6(NR_MMAP, STUB_MBOX_ADDR, STUB_MBOX_SIZE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, STUB_MBOX_FD, 0) != (long)STUB_MBOX_ADDR)
		stub_exit(STUB_EXIT_MAP);
	sys6(NR_CLOSE, STUB_MBOX_FD, 0, 0, 0, 0, 0);
	if (sys6(NR_SIGALTSTACK, (long)&st, 0, 0, 0, 0, 0) < 0 ||
	    sys6(NR_RT_SIGACTION, SIGSEGV, (long)&sa, 0, 8, 0, 0) < 0)
		stub_exit(STUB_EXIT_SIGNALS);
}
