// SPDX-License-Identifier: GPL-2.0
/*
 * The vDSO, as x86_64 Linux gives it: AT_SYSINFO_EHDR names an ELF
 * shared object mapped as [vdso] with [vvar] below it, exporting
 * clock_gettime, gettimeofday, time, clock_getres and getcpu (version
 * LINUX_2.6);
 * their answers agree with the syscalls'; once the kernel keeps its time
 * by the TSC (clocksource uvmm-tsc) they make no syscall at all (a
 * seccomp filter that kills on one does not fire); the data page cannot
 * be written, and a program that rewrites its own copy of the code
 * changes nobody else's.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tap.h"

typedef int (*gettime_fn)(clockid_t, struct timespec *);
typedef int (*gettimeofday_fn)(struct timeval *, void *);
typedef time_t (*time_fn)(time_t *);
typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);

static uintptr_t base;
static const Elf64_Sym *symtab;
static const char *strtab;
static const Elf64_Half *versym;
static const Elf64_Verdef *verdef;
static uint32_t nsyms;

/* The vDSO's dynamic tables, found through its program headers. */
static int parse_vdso(void)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	const Elf64_Dyn *dyn = NULL;
	int i;

	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const Elf64_Dyn *)(base + ph[i].p_offset);
	if (!dyn)
		return -1;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		uintptr_t p = base + dyn->d_un.d_ptr;

		switch (dyn->d_tag) {
		case DT_SYMTAB: symtab = (const Elf64_Sym *)p; break;
		case DT_STRTAB: strtab = (const char *)p; break;
		case DT_HASH: nsyms = ((const uint32_t *)p)[1]; break;
		case DT_VERSYM: versym = (const Elf64_Half *)p; break;
		case DT_VERDEF: verdef = (const Elf64_Verdef *)p; break;
		}
	}
	return symtab && strtab && nsyms && versym && verdef ? 0 : -1;
}

/* The name of version index idx in the version definitions. */
static const char *version_name(unsigned idx)
{
	const Elf64_Verdef *d = verdef;

	for (;;) {
		if ((d->vd_ndx & 0x7fff) == idx) {
			const Elf64_Verdaux *a = (const void *)((const char *)d + d->vd_aux);

			return strtab + a->vda_name;
		}
		if (!d->vd_next)
			return "";
		d = (const void *)((const char *)d + d->vd_next);
	}
}

/* A defined function of the vDSO by name, with its version's name. */
static void *vdso_sym(const char *name, const char **version)
{
	uint32_t i;

	for (i = 0; i < nsyms; i++) {
		const Elf64_Sym *s = &symtab[i];

		if (ELF64_ST_TYPE(s->st_info) == STT_FUNC && s->st_shndx != SHN_UNDEF &&
		    strcmp(strtab + s->st_name, name) == 0) {
			*version = version_name(versym[i] & 0x7fff);
			return (void *)(base + s->st_value);
		}
	}
	return NULL;
}

/* The line of /proc/self/maps whose mapping starts at addr, or "". */
static const char *maps_line(uintptr_t addr)
{
	static char line[256];
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return "";
	while (fgets(line, sizeof(line), f))
		if (strtoull(line, NULL, 16) == addr) {
			fclose(f);
			return line;
		}
	fclose(f);
	return "";
}

/* The permissions of the mapping at addr, as /proc/self/maps shows them. */
static const char *perms(uintptr_t addr)
{
	static char p[2][8];
	static int i;
	char *out = p[i++ & 1];

	if (sscanf(maps_line(addr), "%*x-%*x %7s", out) != 1)
		strcpy(out, "?");
	return out;
}

static int64_t ns_of(const struct timespec *t)
{
	return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

static gettime_fn vgettime;
static gettimeofday_fn vgettimeofday;
static time_fn vtime;
static gettime_fn vgetres;
static getcpu_fn vgetcpu;

/* Each clock through the vDSO, between two syscall readings of it. */
static void test_agreement(void)
{
	static const clockid_t clocks[] = {
		CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME,
		CLOCK_TAI, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE,
	};
	unsigned i;

	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		struct timespec a, v, b, rs, rv;
		int r;

		syscall(SYS_clock_gettime, clocks[i], &a);
		r = vgettime(clocks[i], &v);
		syscall(SYS_clock_gettime, clocks[i], &b);
		ok(r == 0 && ns_of(&a) <= ns_of(&v) && ns_of(&v) <= ns_of(&b),
		   "clock %d: the vDSO's %lld.%09ld lies between the syscall's %lld.%09ld and %lld.%09ld",
		   clocks[i], (long long)v.tv_sec, v.tv_nsec, (long long)a.tv_sec, a.tv_nsec,
		   (long long)b.tv_sec, b.tv_nsec);
		syscall(SYS_clock_getres, clocks[i], &rs);
		r = vgetres(clocks[i], &rv);
		ok(r == 0 && rs.tv_sec == rv.tv_sec && rs.tv_nsec == rv.tv_nsec,
		   "clock %d: clock_getres %ld ns, as the syscall's %ld ns", clocks[i], rv.tv_nsec,
		   rs.tv_nsec);
	}
	{
		unsigned vc = 99, vn = 99, sc = 98, sn = 98;
		long r = vgetcpu(&vc, &vn, NULL);

		syscall(SYS_getcpu, &sc, &sn, NULL);
		ok(r == 0 && vc == sc && vn == sn && vgetcpu(NULL, NULL, NULL) == 0,
		   "getcpu: CPU %u node %u, as the syscall's %u %u", vc, vn, sc, sn);
	}
	{
		struct timespec bad;

		errno = 0;
		ok(vgettime(12345, &bad) == -EINVAL, "an unknown clock: -EINVAL, as the syscall");
	}
	{
		struct timeval a, v, b;
		time_t t0, t1, t2;

		syscall(SYS_gettimeofday, &a, NULL);
		vgettimeofday(&v, NULL);
		syscall(SYS_gettimeofday, &b, NULL);
		ok(timercmp(&a, &v, <=) && timercmp(&v, &b, <=),
		   "gettimeofday between the syscall's readings");
		t0 = syscall(SYS_time, NULL);
		t1 = vtime(&t2);
		ok(t1 == t2 && t1 >= t0 && t1 <= t0 + 1, "time(): %lld (syscall %lld)",
		   (long long)t1, (long long)t0);
	}
}

/* A million monotonic readings never go back. */
static void test_monotonic(void)
{
	struct timespec prev, now;
	long back = 0, i;

	vgettime(CLOCK_MONOTONIC, &prev);
	for (i = 0; i < 1000000; i++) {
		vgettime(CLOCK_MONOTONIC, &now);
		if (ns_of(&now) < ns_of(&prev))
			back++;
		prev = now;
	}
	is(back, 0, "a million CLOCK_MONOTONIC readings: none before the one before it");
}

/* Setting the wall clock moves the vDSO's CLOCK_REALTIME with it. */
static void test_settime(void)
{
	struct timespec now, v;
	int r;

	clock_gettime(CLOCK_REALTIME, &now);
	now.tv_sec += 100000;
	r = clock_settime(CLOCK_REALTIME, &now);
	vgettime(CLOCK_REALTIME, &v);
	ok(r == 0 && v.tv_sec >= now.tv_sec && v.tv_sec <= now.tv_sec + 2,
	   "after clock_settime(+100000 s) the vDSO reads %lld (set %lld)",
	   (long long)v.tv_sec, (long long)now.tv_sec);
	now.tv_sec -= 100000;
	clock_settime(CLOCK_REALTIME, &now);
}

/* The clocksource the kernel keeps its time by now. */
static void clocksource(char *name, size_t len)
{
	FILE *f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");

	name[0] = '\0';
	if (f) {
		if (!fgets(name, (int)len, f))
			name[0] = '\0';
		fclose(f);
	}
	name[strcspn(name, "\n")] = '\0';
}

/*
 * With the TSC as the clocksource: a child that may make none of the
 * time syscalls nor getcpu (seccomp kills it on one) reads every clock
 * the vDSO serves and its CPU 10000 times each and exits 0.
 */
static void test_no_syscall(void)
{
	char name[64];
	int i, st;
	pid_t pid;

	/* The guest changes to the TSC a tenth of a second after boot. */
	for (i = 0; i < 300; i++) {
		clocksource(name, sizeof(name));
		if (strcmp(name, "uvmm") != 0)
			break;
		usleep(10000);
	}
	if (strcmp(name, "uvmm-tsc") != 0) {
		/* uvmm tells the guest whether the host's TSC is fit: tests/guest/clock.t
		 * holds the guest to the host's; the only other clock is the gate's. */
		ok(strcmp(name, "uvmm") == 0,
		   "clocksource %s: the gate's clock, the vDSO passes the calls to the kernel",
		   name);
		return;
	}
	pid = fork();
	if (pid == 0) {
		struct sock_filter f[] = {
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clock_gettime, 4, 0),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_gettimeofday, 3, 0),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_time, 2, 0),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getcpu, 1, 0),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		};
		struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };
		static const clockid_t clocks[] = {
			CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME,
			CLOCK_TAI, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE,
		};
		struct timespec ts;
		struct timeval tv;
		unsigned c, cpu;

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
			_exit(2);
		for (i = 0; i < 10000; i++) {
			for (c = 0; c < sizeof(clocks) / sizeof(clocks[0]); c++)
				if (vgettime(clocks[c], &ts))
					_exit(3);
			if (vgettimeofday(&tv, NULL) || vtime(NULL) <= 0 ||
			    vgetcpu(&cpu, NULL, NULL))
				_exit(3);
		}
		_exit(0);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "clocksource uvmm-tsc: 100000 vDSO calls made no time or getcpu syscall (status %#x)", st);
}

/* The vvar page stays read-only; a program's writes to its vDSO stay its own. */
static void test_hostile(void)
{
	uintptr_t vvar = base - 4096;
	struct timespec ts;
	int st;
	pid_t pid;

	errno = 0;
	ok(mprotect((void *)vvar, 4096, PROT_READ | PROT_WRITE) == -1 && errno == EACCES,
	   "mprotect of [vvar] writable: EACCES (errno %d)", errno);
	pid = fork();
	if (pid == 0) {
		*(volatile uint64_t *)vvar = 0;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "a write to [vvar]: SIGSEGV (status %#x)",
	   st);
	pid = fork();
	if (pid == 0) {
		uintptr_t page = (uintptr_t)vgettime & ~4095UL;

		if (mprotect((void *)page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC))
			_exit(2);
		memset((void *)page, 0xcc, 4096);	/* int3 all over */
		_exit(*(volatile uint8_t *)vgettime == 0xcc ? 0 : 3);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "a child may make its vDSO writable and overwrite it (status %#x)", st);
	ok(vgettime(CLOCK_MONOTONIC, &ts) == 0 && ts.tv_sec >= 0,
	   "the parent's vDSO still works after the child's writes");
	pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "abi_vdso", "--exec-check", (char *)NULL);
		_exit(4);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "a new program's vDSO is the original (status %#x)", st);
}

static int find_functions(void)
{
	const char *v1 = "", *v2 = "", *v3 = "", *v4 = "", *v5 = "";

	vgettime = (gettime_fn)vdso_sym("__vdso_clock_gettime", &v1);
	vgettimeofday = (gettimeofday_fn)vdso_sym("__vdso_gettimeofday", &v2);
	vtime = (time_fn)vdso_sym("__vdso_time", &v3);
	vgetres = (gettime_fn)vdso_sym("__vdso_clock_getres", &v4);
	vgetcpu = (getcpu_fn)vdso_sym("__vdso_getcpu", &v5);
	return vgettime && vgettimeofday && vtime && vgetres && vgetcpu &&
	       !strcmp(v1, "LINUX_2.6") && !strcmp(v2, "LINUX_2.6") && !strcmp(v3, "LINUX_2.6") &&
	       !strcmp(v4, "LINUX_2.6") && !strcmp(v5, "LINUX_2.6");
}

int main(int argc, char **argv)
{
	const Elf64_Ehdr *eh;

	base = getauxval(AT_SYSINFO_EHDR);
	if (argc > 1 && strcmp(argv[1], "--exec-check") == 0) {
		/* A fresh program: its vDSO found and working, not the child's 0xcc. */
		struct timespec ts;

		return base && parse_vdso() == 0 && find_functions() &&
		       *(const uint8_t *)vgettime != 0xcc && vgettime(CLOCK_MONOTONIC, &ts) == 0 ?
		       0 : 1;
	}
	ok(base != 0 && base % 4096 == 0, "AT_SYSINFO_EHDR: %#lx", (unsigned long)base);
	if (!base)
		bail_out("no vDSO");
	eh = (const Elf64_Ehdr *)base;
	ok(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_ident[EI_CLASS] == ELFCLASS64 &&
	   eh->e_type == ET_DYN && eh->e_machine == EM_X86_64,
	   "it is an x86_64 ELF shared object");
	has_str(maps_line(base), "[vdso]", "/proc/self/maps names it [vdso]");
	has_str(maps_line(base - 4096), "[vvar]", "and the page below it [vvar]");
	ok(!strcmp(perms(base), "r-xp") && !strcmp(perms(base - 4096), "r--p"),
	   "[vdso] is r-xp (%s), [vvar] r--p (%s)", perms(base), perms(base - 4096));
	if (parse_vdso())
		bail_out("the vDSO has no dynamic symbol table");
	ok(find_functions(),
	   "__vdso_clock_gettime, __vdso_gettimeofday, __vdso_time, __vdso_clock_getres, "
	   "__vdso_getcpu at version LINUX_2.6");
	if (!vgettime || !vgettimeofday || !vtime || !vgetres || !vgetcpu)
		bail_out("vDSO functions missing");
	test_agreement();
	test_monotonic();
	test_no_syscall();
	test_agreement();	/* again, now on the TSC where the host allows */
	test_settime();
	test_hostile();
	return done_testing();
}
