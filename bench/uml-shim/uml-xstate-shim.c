// SPDX-License-Identifier: GPL-2.0
/*
 * uml-xstate-shim: start UML 6.12 on a host whose XSAVE area is larger than
 * UML expects.
 *
 *     uml-xstate-shim [--query] UML_BINARY [UML_ARGS...]
 *
 * Why: UML 6.12 saves and restores its user processes' FP state with
 * PTRACE_{GET,SET}REGSET(NT_X86_XSTATE) and a fixed 2696-byte buffer. The
 * host kernel accepts a short buffer for GETREGSET but demands the full size
 * for SETREGSET, so on a host with a larger XSAVE area (AMX tiles: ~11 KiB)
 * every return to a UML user process fails with EFAULT and /init dies with
 * "ptrace set fp regs failed, errno = 14". UML decides at boot whether to use
 * XSTATE by trying one GETREGSET; when that fails it falls back to the
 * FXSAVE-format PTRACE_{GET,SET}FPREGS, which works everywhere.
 *
 * What: when CPUID says the XSAVE area is larger than UML's buffer, install
 * a seccomp filter that fails exactly ptrace(PTRACE_GETREGSET, *,
 * NT_X86_XSTATE, *) with EIO, then exec UML. Every other syscall passes
 * (the filter costs UML's own host syscalls a few BPF instructions; guest
 * syscalls under PTRACE_SYSEMU never reach seccomp). On other hosts it
 * just execs UML. --query prints what it would do and exits.
 */
#include <cpuid.h>
#include <elf.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The buffer UML 6.12 uses (arch/x86/um/user-offsets.c). */
#define UML_XSTATE_BYTES 2696

/* Bytes of the XSAVE area for every feature the host enabled, 0 if none. */
static unsigned int host_xsave_bytes(void)
{
	unsigned int eax, ebx, ecx, edx;

	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_XSAVE))
		return 0;
	__cpuid_count(0xd, 0, eax, ebx, ecx, edx);
	return ecx;
}

static int hide_xstate_regset(void)
{
	struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 7),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ptrace, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PTRACE_GETREGSET, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NT_X86_XSTATE, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EIO),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog fprog = {
		.len = sizeof(prog) / sizeof(prog[0]),
		.filter = prog,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog);
}

int main(int argc, char **argv)
{
	unsigned int bytes = host_xsave_bytes();
	int needed = bytes > UML_XSTATE_BYTES;
	int query = argc > 1 && strcmp(argv[1], "--query") == 0;

	if (query) {
		printf("host XSAVE area %u bytes, UML's %d: %s\n", bytes,
		       UML_XSTATE_BYTES,
		       needed ? "hiding NT_X86_XSTATE from UML" : "nothing to do");
		return 0;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: uml-xstate-shim [--query] UML_BINARY [ARGS...]\n");
		return 2;
	}
	if (needed && hide_xstate_regset()) {
		fprintf(stderr, "error: uml-xstate-shim: seccomp filter: %s\n",
			strerror(errno));
		return 1;
	}
	execv(argv[1], argv + 1);
	fprintf(stderr, "error: uml-xstate-shim: exec %s: %s\n", argv[1],
		strerror(errno));
	return 127;
}
