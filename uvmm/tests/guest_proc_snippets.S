/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest "user code" for the guest process tests: position-independent
 * snippets that the tests copy into the memory file and map at GUEST_CODE.
 * Each is named snip_<name> .. snip_<name>_end; marks inside are labels too.
 */
#define SNIP(name) .globl snip_##name; snip_##name:
#define MARK(name) .globl name; name:

	.section .rodata, "a"

/* syscall with six arguments, then exit(result in %rbx) */
SNIP(syscall)
	mov	$39, %eax
	mov	$1, %edi
	mov	$2, %esi
	mov	$3, %edx
	mov	$4, %r10d
	mov	$5, %r8d
	mov	$6, %r9d
	syscall
MARK(snip_syscall_after)
	mov	%rax, %rbx
	mov	$60, %eax
	syscall
SNIP(syscall_end)

/* %rdx = *(u64 *)%rdi, then syscall (which leaves %rdx alone; %rax and
 * %rcx are not, the syscall stop reports -ENOSYS and the return address) */
SNIP(load)
	mov	(%rdi), %rdx
	syscall
SNIP(load_end)

/* *(u64 *)%rdi = %rsi, then syscall */
SNIP(store)
	mov	%rsi, (%rdi)
	syscall
SNIP(store_end)

/* jump into the host's vsyscall page at %rsi (return address at (%rsp)) */
SNIP(vsyscall)
	jmp	*%rsi
SNIP(vsyscall_end)

SNIP(ud2)
	ud2
SNIP(ud2_end)

SNIP(divzero)
	xor	%ecx, %ecx
	xor	%edx, %edx
	mov	$1, %eax
	div	%ecx
SNIP(divzero_end)

SNIP(int3)
	int3
MARK(snip_int3_after)
	syscall
SNIP(int3_end)

/* %rdx = %fs:0, %rbx = %gs:8, then syscall */
SNIP(tls)
	mov	%fs:0, %rdx
	mov	%gs:8, %rbx
	syscall
SNIP(tls_end)

/* syscalls for ever (the bench's round trip) */
SNIP(sysloop)
	syscall
	jmp	snip_sysloop
SNIP(sysloop_end)

SNIP(spin)
	jmp	snip_spin
SNIP(spin_end)

/*
 * A syscall site as compilers emit it, for rewriting (guest_proc_rewrite_test):
 * %xmm0 = %rdi, then getppid again and again, %rdx = %xmm0 after each.
 * snip_pkru enters it with PKRU = %rbx (key 0 denied), snip_site_read
 * reads the site's own bytes into %rdx first.
 */
SNIP(site)
	movq	%rdi, %xmm0
MARK(snip_site_at)
	mov	$110, %eax
	syscall
MARK(snip_site_after)
	movq	%xmm0, %rdx
	jmp	snip_site_at
MARK(snip_pkru)
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	movl	%ebx, %eax
	wrpkru
	jmp	snip_site_at
MARK(snip_site_read)
	mov	snip_site_at(%rip), %rdx
	jmp	snip_site_at
SNIP(site_end)
/* %xmm0 = %rdi; syscall; %rdx = %xmm0; syscall */
SNIP(fpu)
	movq	%rdi, %xmm0
	syscall
MARK(snip_fpu_second)
	movq	%xmm0, %rdx
	syscall
SNIP(fpu_end)

	.section .note.GNU-stack, "", @progbits
