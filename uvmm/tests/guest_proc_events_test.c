// SPDX-License-Identifier: GPL-2.0
/*
 * Guest processes: what running guest user code reports. Syscalls (number,
 * arguments, ip, the result seen by the next instruction), faults (signo,
 * si_code, si_addr, ip), fs/gs bases, and signals sent from outside.
 */
#include <sys/stat.h>

#include "guest_proc_fixture.h"

static struct uvmm_user_thread t;

static uint64_t file_end(void)
{
	struct stat st;

	if (fstat(guest_proc_mem_fd, &st) < 0)
		bail_out("fstat: %s", strerror(errno));
	return ((uint64_t)st.st_size + PAGE - 1) & ~(PAGE - 1);
}

static void test_syscall(struct guest_proc *p)
{
	struct uvmm_regs r;
	long ev;

	regs_at(&r, snip_syscall);
	ev = run(p, &r, &t);
	is(ev, UVMM_USER_SYSCALL, "syscall: a syscall event");
	is(r.orig_ax, 39, "syscall: orig_ax is the number");
	ok(r.di == 1 && r.si == 2 && r.dx == 3 && r.r10 == 4 && r.r8 == 5 &&
	   r.r9 == 6, "syscall: the six arguments");
	is(r.ip, GUEST_ADDR(snip_syscall_after), "syscall: ip after the instruction");
	is(r.ax, (uint64_t)-ENOSYS, "syscall: ax is -ENOSYS, as the host gives it");
	ok(r.cs == 0x33 && r.ss == 0x2b, "syscall: user cs and ss");
	r.ax = 0x1234;		/* what the guest kernel returns */
	ev = run(p, &r, &t);
	is(ev, UVMM_USER_SYSCALL, "syscall: the next one");
	is(r.orig_ax, 60, "syscall: it is exit");
	is(r.bx, 0x1234, "syscall: the code saw the result we put in ax");
}

static void fault(struct guest_proc *p, const char *sym, const char *what,
		  uint64_t di, int signo, int code, uint64_t addr, uint64_t ip)
{
	struct uvmm_regs r;
	long ev;

	regs_at(&r, sym);
	r.di = di;
	r.si = 7;
	memset(&t.fault, 0xa5, sizeof(t.fault));
	ev = run(p, &r, &t);
	is(ev, UVMM_USER_FAULT, "%s: a fault event", what);
	is(t.fault.signo, signo, "%s: signo %d", what, signo);
	is(t.fault.code, code, "%s: si_code %d", what, code);
	if (addr != ~0UL)
		is(t.fault.addr, addr, "%s: si_addr", what);
	ok(t.fault.trapno == UVMM_TRAP_UNKNOWN && t.fault.error_code == UVMM_TRAP_UNKNOWN,
	   "%s: trapno and error code unknown", what);
	is(r.ip, ip, "%s: ip", what);
}

static void test_faults(struct guest_proc *p)
{
	struct uvmm_regs r;
	uint64_t v = 0x1122334455667788;

	fault(p, snip_load, "unmapped read", GUEST_DATA + 8, SIGSEGV, SEGV_MAPERR,
	      GUEST_DATA + 8, GUEST_ADDR(snip_load));
	fault(p, snip_ud2, "ud2", 0, SIGILL, ILL_ILLOPN, GUEST_ADDR(snip_ud2),
	      GUEST_ADDR(snip_ud2));
	fault(p, snip_divzero, "divide by zero", 0, SIGFPE, FPE_INTDIV, ~0UL,
	      GUEST_ADDR(snip_divzero_end) - 2);
	fault(p, snip_int3, "int3", 0, SIGTRAP, SI_KERNEL, ~0UL,
	      GUEST_ADDR(snip_int3_after));
	fault(p, snip_load, "non-canonical read", 0x8000000000000000UL, SIGSEGV,
	      SI_KERNEL, ~0UL, GUEST_ADDR(snip_load));
	if (!p->fast) {
		fault(p, snip_load, "read of the stub's request page", p->page->page_addr,
		      SIGSEGV, SEGV_ACCERR, p->page->page_addr, GUEST_ADDR(snip_load));
	} else {
		/* The mapper task reads it, so it is readable: but read-only,
		 * and a batch leaves no memory-file offset in it. */
		fault(p, snip_store, "write to the request page", p->page->page_addr,
		      SIGSEGV, SEGV_ACCERR, p->page->page_addr, GUEST_ADDR(snip_store));
		ok(guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, UVMM_PROT_READ) == 0,
		   "fast gate: a map at a non-zero file offset queued");
		regs_at(&r, snip_load);
		r.di = p->page->page_addr + offsetof(struct stub_page, ops) +
		       offsetof(struct stub_op, off);
		r.dx = 0xdead;
		is(run(p, &r, &t), UVMM_USER_SYSCALL, "fast gate: the request page is readable");
		is(r.dx, 0, "fast gate: but the batch's offset is gone from it");
		ok(guest_proc_unmap(p, GUEST_DATA, PAGE) == 0, "fast gate: unmapped again");
	}

	/* Resolve the first fault the way the guest kernel would: map, rerun. */
	ok(pwrite(guest_proc_mem_fd, &v, sizeof(v), DATA_OFF + 8) == sizeof(v),
	   "data written into the memory file");
	ok(guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, UVMM_PROT_READ) == 0,
	   "map the faulting page (read only)");
	regs_at(&r, snip_load);
	r.di = GUEST_DATA + 8;
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "the rerun gets past the load");
	is(r.dx, v, "and read the memory file's data");

	/*
	 * The host's vsyscall page: the host kernel would run gettimeofday,
	 * time and getcpu there for the guest, behind the guest kernel's
	 * back. It must be a fault at the entry, as on x86_64 Linux with
	 * vsyscall=none, with the caller's return address still on the stack.
	 */
	{
		static const uint64_t entry[] = {
			0xffffffffff600000UL, 0xffffffffff600400UL, 0xffffffffff600800UL,
		};
		static const char *const name[] = { "gettimeofday", "time", "getcpu" };

		for (int i = 0; i < 3; i++) {
			char what[64];

			regs_at(&r, snip_vsyscall);
			r.si = entry[i];
			r.di = 0;		/* NULL: a valid call for all three */
			r.sp = GUEST_DATA + 8;	/* holds v: the "return address" */
			snprintf(what, sizeof(what), "vsyscall %s", name[i]);
			memset(&t.fault, 0xa5, sizeof(t.fault));
			is(run(p, &r, &t), UVMM_USER_FAULT, "%s: a fault event", what);
			if (!ok(t.fault.signo == SIGSEGV && t.fault.code == SEGV_MAPERR &&
				t.fault.addr == entry[i], "%s: SIGSEGV, SEGV_MAPERR at the entry", what))
				diag("  got signal %u code %d addr %#llx, ip %#llx sp %#llx ax %#llx",
				     t.fault.signo, t.fault.code, (unsigned long long)t.fault.addr,
				     (unsigned long long)r.ip, (unsigned long long)r.sp,
				     (unsigned long long)r.ax);
			ok(r.ip == entry[i] && r.sp == GUEST_DATA + 8,
			   "%s: ip at the entry, the return address still on the stack", what);
		}
	}

	fault(p, snip_store, "write to read-only", GUEST_DATA + 16, SIGSEGV,
	      SEGV_ACCERR, GUEST_DATA + 16, GUEST_ADDR(snip_store));
	ok(guest_proc_protect(p, GUEST_DATA, PAGE, UVMM_PROT_READ | UVMM_PROT_WRITE) == 0,
	   "protect: make it writable");
	regs_at(&r, snip_store);
	r.di = GUEST_DATA + 16;
	r.si = 0xfeed;
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "the store now goes through");
	ok(pread(guest_proc_mem_fd, &v, sizeof(v), DATA_OFF + 16) == sizeof(v) &&
	   v == 0xfeed, "and landed in the memory file");
	ok(guest_proc_unmap(p, GUEST_DATA, PAGE) == 0, "unmap it");
	fault(p, snip_load, "read after unmap", GUEST_DATA, SIGSEGV, SEGV_MAPERR,
	      GUEST_DATA, GUEST_ADDR(snip_load));
	ok(guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, 0) == 0, "map with no access");
	fault(p, snip_load, "read of PROT_NONE", GUEST_DATA, SIGSEGV, SEGV_ACCERR,
	      GUEST_DATA, GUEST_ADDR(snip_load));
	ok(guest_proc_unmap(p, GUEST_DATA, PAGE) == 0, "unmap it again");
	/* (uvmm's own pages past guest RAM may follow: the file's real end) */
	ok(guest_proc_map(p, GUEST_DATA, file_end(), PAGE, UVMM_PROT_READ) == 0,
	   "map past the end of the memory file");
	fault(p, snip_load, "read past the file's end", GUEST_DATA + 8, SIGBUS,
	      BUS_ADRERR, GUEST_DATA + 8, GUEST_ADDR(snip_load));
	ok(guest_proc_unmap(p, GUEST_DATA, PAGE) == 0, "and unmap that");
}

/* The guest kernel returning to a non-canonical ip: #GP, as on hardware. */
static void test_bad_ip(struct guest_proc *p)
{
	struct uvmm_regs r;

	regs_at(&r, snip_syscall);
	r.ip = 0x800000000000UL;
	is(run(p, &r, &t), UVMM_USER_FAULT, "non-canonical ip: a fault");
	ok(t.fault.signo == SIGSEGV && t.fault.code == SI_KERNEL,
	   "non-canonical ip: SIGSEGV, SI_KERNEL (#GP)");
}

/* Fetching code from a page mapped without EXEC: the fault is at ip. */
static void test_noexec(struct guest_proc *p)
{
	struct uvmm_regs r;

	ok(guest_proc_map(p, GUEST_DATA, CODE_OFF, PAGE, UVMM_PROT_READ) == 0,
	   "the snippet page again, without exec");
	regs_at(&r, snip_syscall);
	r.ip = GUEST_DATA;
	is(run(p, &r, &t), UVMM_USER_FAULT, "no exec: a fault");
	ok(t.fault.signo == SIGSEGV && t.fault.code == SEGV_ACCERR &&
	   t.fault.addr == GUEST_DATA && r.ip == GUEST_DATA,
	   "no exec: SEGV_ACCERR at the instruction");
	ok(guest_proc_unmap(p, GUEST_DATA, PAGE) == 0, "unmapped");
}

static void test_tls(struct guest_proc *p)
{
	uint64_t fs_val = 0xf5f5f5f5, gs_val = 0x9595;
	struct uvmm_regs r;

	ok(pwrite(guest_proc_mem_fd, &fs_val, 8, DATA_OFF + 0x100) == 8 &&
	   pwrite(guest_proc_mem_fd, &gs_val, 8, DATA_OFF + 0x208) == 8,
	   "tls: values in the memory file");
	ok(guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, UVMM_PROT_READ) == 0,
	   "tls: data page mapped");
	regs_at(&r, snip_tls);
	t.fs_base = GUEST_DATA + 0x100;
	t.gs_base = GUEST_DATA + 0x200;
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "tls: ran to the syscall");
	is(r.dx, fs_val, "tls: %%fs:0 read through fs_base");
	is(r.bx, gs_val, "tls: %%gs:8 read through gs_base");
	ok(t.fs_base == GUEST_DATA + 0x100 && t.gs_base == GUEST_DATA + 0x200,
	   "tls: the bases come back unchanged");
	t.fs_base = 0x800000000000UL;	/* not a user address */
	regs_at(&r, snip_tls);
	is(run(p, &r, &t), UVMM_USER_FAULT, "tls: a non-user fs_base is refused as a fault");
	t.fs_base = t.gs_base = 0;
	ok(guest_proc_unmap(p, GUEST_DATA, PAGE) == 0, "tls: unmapped");
}

/* MAP_SHARED: what one process writes, another and the file see. */
static void test_shared(void)
{
	struct guest_proc *a = fixture_proc(), *b = fixture_proc();
	struct uvmm_regs r;
	uint64_t v = 0;

	ok(guest_proc_map(a, GUEST_DATA, DATA_OFF + PAGE, PAGE,
			  UVMM_PROT_READ | UVMM_PROT_WRITE) == 0 &&
	   guest_proc_map(b, GUEST_DATA + 2 * PAGE, DATA_OFF + PAGE, PAGE,
			  UVMM_PROT_READ) == 0, "shared: one page mapped in two processes");
	regs_at(&r, snip_store);
	r.di = GUEST_DATA + 40;
	r.si = 0xabcdef;
	is(run(a, &r, &t), UVMM_USER_SYSCALL, "shared: A stored");
	guest_proc_save_fpu(a, &t);	/* t moves to B: its state goes along */
	regs_at(&r, snip_load);
	r.di = GUEST_DATA + 2 * PAGE + 40;
	is(run(b, &r, &t), UVMM_USER_SYSCALL, "shared: B loaded");
	is(r.dx, 0xabcdef, "shared: B sees A's store (at another address)");
	ok(pread(guest_proc_mem_fd, &v, 8, DATA_OFF + PAGE + 40) == 8 && v == 0xabcdef,
	   "shared: so does the memory file");
	guest_proc_destroy(a);
	guest_proc_destroy(b);
}

static void test_irq_pending(struct guest_proc *p)
{
	uint64_t pending = 1;
	struct uvmm_regs r, before;

	regs_at(&r, snip_syscall);
	before = r;
	is(guest_proc_run(p, &r, &t, &pending), UVMM_USER_INTERRUPT,
	       "irq pending on entry: an interrupt at once");
	ok(memcmp(&r, &before, sizeof(r)) == 0, "irq pending on entry: nothing ran");
}

/* Signals sent from outside never reach the process nor look like faults. */
static void test_stray(struct guest_proc *p)
{
	static const int sigs[] = { SIGUSR1, SIGSEGV, SIGSTOP, SIGCONT, SIGTERM, SIGTRAP };
	struct uvmm_regs r;
	unsigned int i;
	long ev = 0;
	int n;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		ok(kill(p->pid, sigs[i]) == 0, "stray: sent signal %d", sigs[i]);
		regs_at(&r, snip_syscall);
		for (n = 0; n < 4; n++) {
			ev = run(p, &r, &t);
			if (ev != UVMM_USER_INTERRUPT)
				break;
		}
		is(ev, UVMM_USER_SYSCALL,
		       "stray: signal %d dropped (interrupts first), then the syscall", sigs[i]);
		is(r.orig_ax, 39, "stray: and it is the right one");
	}
}

static void test_bad_args(struct guest_proc *p)
{
	ok(guest_proc_map(p, GUEST_DATA + 1, 0, PAGE, UVMM_PROT_READ) == -EINVAL,
	   "bad: unaligned address");
	ok(guest_proc_map(p, GUEST_DATA, 8, PAGE, UVMM_PROT_READ) == -EINVAL,
	   "bad: unaligned offset");
	ok(guest_proc_map(p, GUEST_DATA, 0, 0, UVMM_PROT_READ) == -EINVAL,
	   "bad: zero length");
	ok(guest_proc_map(p, UVMM_USER_TOP - PAGE, 0, 2 * PAGE, UVMM_PROT_READ) == -EINVAL,
	   "bad: reaching into the stub");
	ok(guest_proc_map(p, PAGE, 0, -PAGE, UVMM_PROT_READ) == -EINVAL,
	   "bad: wrapping length");
	ok(guest_proc_protect(p, GUEST_DATA, PAGE, 8) == -EINVAL, "bad: unknown prot bit");
}

/*
 * An unmap never fails and never leaves a stale mapping: it is rounded
 * out to whole pages and cut to the guest's range (the stub above it is
 * not the guest's to unmap).
 */
static void test_unmap_rounds_out(struct guest_proc *p)
{
	struct uvmm_regs r;

	ok(guest_proc_map(p, GUEST_DATA, DATA_OFF, 2 * PAGE, UVMM_PROT_READ) == 0,
	   "unmap: two pages mapped");
	is(guest_proc_unmap(p, GUEST_DATA + 100, 10), 0, "unmap: 10 bytes inside the first page");
	is(guest_proc_unmap(p, GUEST_DATA + 2 * PAGE - 1, 1), 0,
	   "unmap: the last byte of the second");
	fault(p, snip_load, "unmap: the first page is gone", GUEST_DATA, SIGSEGV,
	      SEGV_MAPERR, GUEST_DATA, GUEST_ADDR(snip_load));
	fault(p, snip_load, "unmap: the second too", GUEST_DATA + PAGE, SIGSEGV,
	      SEGV_MAPERR, GUEST_DATA + PAGE, GUEST_ADDR(snip_load));
	is(guest_proc_unmap(p, UVMM_USER_TOP - PAGE, 2 * PAGE), 0,
	   "unmap: reaching into the stub is cut at UVMM_USER_TOP");
	is(guest_proc_unmap(p, UVMM_USER_TOP, PAGE), 0, "unmap: the stub's range alone: nothing");
	is(guest_proc_unmap(p, GUEST_DATA, 0), 0, "unmap: zero length: nothing");
	is(guest_proc_unmap(p, PAGE, -PAGE), 0, "unmap: a wrapping length is cut too");
	ok(guest_proc_map(p, GUEST_CODE, CODE_OFF, PAGE, UVMM_PROT_READ | UVMM_PROT_EXEC) == 0,
	   "unmap: the code (unmapped by that) mapped back");
	regs_at(&r, snip_syscall);
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "unmap: the stub still carries out batches");
}

/* A failed batch breaks the address space for good. */
static void test_failed_map(void)
{
	struct guest_proc *p;
	struct uvmm_regs r;
	char err[128];
	int fd = memfd_create("sealed", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	int old = guest_proc_mem_fd;

	ok(fd >= 0 && ftruncate(fd, MEM_SIZE) == 0 &&
	   fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == 0 &&
	   guest_proc_setup(fd, err, sizeof(err)) == 0,
	   "failed map: a memory file sealed against writes");
	ok(guest_proc_create(&p) == 0, "failed map: a process on it");
	ok(guest_proc_map(p, GUEST_DATA, 0, PAGE, UVMM_PROT_READ | UVMM_PROT_WRITE) == 0,
	   "failed map: a writable map is queued");
	regs_at(&r, snip_syscall);
	is(run(p, &r, &t), (uint64_t)-EPERM, "failed map: the run reports mmap's -EPERM");
	is(run(p, &r, &t), (uint64_t)-EPERM, "failed map: and keeps reporting it");
	is(guest_proc_map(p, GUEST_DATA, 0, PAGE, UVMM_PROT_READ), (uint64_t)-EPERM,
	       "failed map: so do new requests");
	guest_proc_destroy(p);
	guest_proc_setup(old, err, sizeof(err));
	close(fd);
}

int main(void)
{
	struct guest_proc *p;

	fixture_mem();
	thread_init(&t);
	p = fixture_proc();
	test_syscall(p);
	test_faults(p);
	test_noexec(p);
	test_bad_ip(p);
	test_tls(p);
	test_irq_pending(p);
	test_stray(p);
	test_bad_args(p);
	test_unmap_rounds_out(p);
	guest_proc_destroy(p);
	test_shared();
	test_failed_map();
	thread_free(NULL, &t);
	return done_testing();
}
