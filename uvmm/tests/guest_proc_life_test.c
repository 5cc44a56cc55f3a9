// SPDX-License-Identifier: GPL-2.0
/*
 * Guest processes: birth and death. A fresh process has nothing below
 * UVMM_USER_TOP and only the memory file open; a full queue is flushed
 * early; interrupts from a signal handler stop a busy loop; destroy, a kill
 * from outside and the death of uvmm itself leave no process, zombie or fd;
 * an ended process is kept, emptied, for the next create;
 * create/destroy in a loop leaks nothing; a device's fd is held and mapped.
 */
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include <sys/resource.h>

#include "guest_proc_fixture.h"


static struct uvmm_user_thread t;
static volatile uint64_t irq;
static volatile pid_t kill_target;

static void on_timer(int sig)
{
	(void)sig;
	if (kill_target) {
		kill(kill_target, SIGKILL);
		return;
	}
	irq = 1;			/* first the flag, then the kick */
	guest_proc_interrupt();
}

static timer_t timer;

static void timer_setup(void)
{
	struct sigaction sa = { .sa_handler = on_timer, .sa_flags = SA_RESTART };
	struct sigevent sev = {
		.sigev_notify = SIGEV_THREAD_ID,
		.sigev_signo = SIGUSR1,
	};

	sigemptyset(&sa.sa_mask);
	sev._sigev_un._tid = gettid();
	if (sigaction(SIGUSR1, &sa, NULL) < 0 ||
	    timer_create(CLOCK_MONOTONIC, &sev, &timer) < 0) {
		bail_out("timer: %s", strerror(errno));
	}
}

static void timer_in_ms(long ms)
{
	struct itimerspec its = { .it_value = { ms / 1000, (ms % 1000) * 1000000 } };

	timer_settime(timer, 0, &its, NULL);
}

/* The lines of /proc/pid/maps below UVMM_USER_TOP (-1: unreadable). */
static int mapped_below_top(pid_t pid)
{
	char path[64], line[512];
	unsigned long start;
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += sscanf(line, "%lx-", &start) == 1 && start < UVMM_USER_TOP;
	fclose(f);
	return n;
}

static void test_fresh_maps(void)
{
	struct guest_proc *p;
	char path[64], line[512], pid[16];
	unsigned long start, end;
	int below = 0, outside = 0, special = 0, lines = 0;
	FILE *f;

	ok(guest_proc_create(&p) == 0, "fresh: created");
	snprintf(pid, sizeof(pid), "%d", p->pid);
	snprintf(path, sizeof(path), "/proc/%d/maps", p->pid);
	f = fopen(path, "r");
	ok(f != NULL, "fresh: its maps can be read");
	while (f && fgets(line, sizeof(line), f)) {
		if (strstr(line, "[vsyscall]"))
			continue;	/* the host's fixed legacy page: it cannot be
					 * unmapped, calls into it are trapped
					 * (events test, vsyscall) */
		lines++;
		if (sscanf(line, "%lx-%lx", &start, &end) != 2)
			continue;
		below += start < UVMM_USER_TOP;
		outside += start < UVMM_USER_TOP || end > STUB_END;
		special += strstr(line, "[stack]") || strstr(line, "[vdso]") ||
			   strstr(line, "[vvar") || strstr(line, "[heap]");
		if (start < UVMM_USER_TOP || strchr(line, '['))
			diag("  %s", line);
	}
	if (f)
		fclose(f);
	ok(lines > 0, "fresh: the stub's own mappings are there (%d)", lines);
	is(below, 0, "fresh: nothing mapped below UVMM_USER_TOP");
	is(outside, 0, "fresh: all of it inside the stub's range");
	is(special, 0, "fresh: no exec stack, vdso, vvar or heap left");
	if (p->fast) {
		/* The guest task holds nothing; the mapper, its own table. */
		is(count_fds(pid), 0, "fresh, fast gate: the guest task holds no fd");
		snprintf(pid, sizeof(pid), "%d", (int)p->mapper_tid);
		/* The mapper drops the mailbox first thing, but it may not have
		 * run yet when the guest task says it is ready: allow it 2 s. */
		for (int i = 0; i < 200 && count_fds(pid) != 2; i++)
			usleep(10000);
		is(count_fds(pid), 2, "fresh, fast gate: the mapper task holds two");
	} else {
		is(count_fds(pid), 1, "fresh: one fd open");
	}
	snprintf(path, sizeof(path), "/proc/%s/fd/%d", pid, STUB_MEM_FD);
	ok(readlink(path, line, sizeof(line)) > 0 && strstr(line, "guest-proc-test-mem"),
	   "fresh: and it is the memory file, at fd %d", STUB_MEM_FD);
	guest_proc_destroy(p);
}

/* More requests than the request page holds: flushed early, all done. */
static void test_full_queue(void)
{
	struct guest_proc *p;
	char path[64], line[512];
	unsigned long start;
	int i, n = 2 * STUB_MAX_OPS + 10, below = 0;
	long err = 0;
	FILE *f;

	ok(guest_proc_create(&p) == 0, "queue: created");
	for (i = 0; i < n && !err; i++)	/* every other page: no merging */
		err = guest_proc_map(p, GUEST_DATA + 2 * i * PAGE, DATA_OFF, PAGE,
				     UVMM_PROT_READ);
	ok(!err, "queue: %d maps queued", n);
	ok(p->page->batches >= 2, "queue: flushed early (%lu batches so far)",
	   (unsigned long)p->page->batches);
	ok(guest_proc_map(p, GUEST_CODE, CODE_OFF, PAGE,
			  UVMM_PROT_READ | UVMM_PROT_EXEC) == 0, "queue: and the code");
	{
		struct uvmm_regs r;

		regs_at(&r, snip_load);
		r.di = GUEST_DATA + 2 * (n - 1) * PAGE;
		is(run(p, &r, &t), UVMM_USER_SYSCALL, "queue: the last page is readable");
	}
	snprintf(path, sizeof(path), "/proc/%d/maps", p->pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx", &start) == 1 && start < UVMM_USER_TOP)
			below++;
	if (f)
		fclose(f);
	is(below, n + 1, "queue: all %d mappings are there", n + 1);
	guest_proc_destroy(p);
}

/*
 * Batches back to back while the process waits at a fault, as the guest
 * kernel makes them (a fault's mapping, then a flush), many times over: on
 * the fast gate the waiting handler and uvmm both start the mapper and
 * both wait for it, and neither may miss the end of a batch or sleep
 * through one (a lost batch hangs the process until uvmm gives up on it).
 */
static void test_batches_at_faults(void)
{
	struct guest_proc *p = fixture_proc();
	uint64_t batches = p->page->batches;
	struct uvmm_regs r;
	int i, n = 5000, bad = 0;
	long ev;

	for (i = 0; i < n && !bad; i++) {
		regs_at(&r, snip_load);
		r.di = GUEST_DATA + PAGE;
		ev = run(p, &r, &t);
		bad += ev != UVMM_USER_FAULT;
		bad += guest_proc_map(p, GUEST_DATA + PAGE, DATA_OFF, PAGE,
				      UVMM_PROT_READ) != 0;
		bad += guest_proc_flush(p) != 0;
		bad += guest_proc_protect(p, GUEST_DATA + PAGE, PAGE, UVMM_PROT_READ) != 0;
		bad += guest_proc_flush(p) != 0;
		ev = run(p, &r, &t);
		bad += ev != UVMM_USER_SYSCALL;
		bad += guest_proc_unmap(p, GUEST_DATA + PAGE, PAGE) != 0;
		if (bad)
			diag("round %d: event %ld", i, ev);
	}
	is(bad, 0, "batches at faults: %d rounds of fault, two batches, resume", n);
	ok(p->page->batches - batches >= 3 * (uint64_t)n,
	   "batches at faults: every batch ran (%lu)",
	   (unsigned long)(p->page->batches - batches));
	guest_proc_destroy(p);
}

/* How many children this process has (all threads'), alive or zombies. */
static int count_children(void)
{
	char path[64], buf[4096];
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/children", (int)gettid());
	f = fopen(path, "r");
	while (f && fscanf(f, "%4095s", buf) == 1)
		n++;
	if (f)
		fclose(f);
	return n;
}

/* The state letter of pid in /proc/pid/stat, 0 if it has none. */
static char proc_state(pid_t pid)
{
	char path[64], buf[512], *rp;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	rp = strrchr(buf, ')');
	return rp && rp[1] == ' ' ? rp[2] : 0;
}

/*
 * A create leaves a spare process getting ready for the next one, which
 * then starts from it; settle ends the spare and reaps every process
 * ended before: nothing is left, no fd, no mapping.
 */
static void test_spare(void)
{
	int fds, maps, kids;
	struct guest_proc *p, *q;
	struct uvmm_regs r;

	guest_proc_settle();
	fds = count_fds("self");
	maps = count_lines("/proc/self/maps");
	kids = count_children();
	ok(guest_proc_create(&p) == 0, "spare: a process created");
	is(count_children(), kids + 2, "spare: and a spare launched beside it");
	ok(guest_proc_create(&q) == 0, "spare: the next one, from the spare");
	is(count_children(), kids + 3, "spare: a new spare launched");
	ok(guest_proc_map(q, GUEST_CODE, CODE_OFF, PAGE,
			  UVMM_PROT_READ | UVMM_PROT_EXEC) == 0, "spare: code mapped");
	regs_at(&r, snip_syscall);
	is(run(q, &r, &t), UVMM_USER_SYSCALL, "spare: the process made from it runs");
	guest_proc_destroy(p);
	guest_proc_destroy(q);
	guest_proc_settle();
	is(count_children(), kids, "spare: settle leaves no process, not even a zombie");
	is(count_fds("self"), fds, "spare: no fd left");
	is(count_lines("/proc/self/maps"), maps, "spare: no mapping left");
}

/*
 * A map of pages the process was just given, the same way, asks the host
 * for nothing (the guest's fault-around repeats them at every fault in a
 * window); only the part it lacks is requested; an unmap or protect makes
 * the pages it covers count as lacking again, and only those.
 */
static void test_mapped_again(void)
{
	struct guest_proc *p = fixture_proc();
	struct stub_op *op = &p->page->ops[0];
	struct uvmm_regs r;

	guest_proc_flush(p);
	ok(guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, UVMM_PROT_READ) == 0 &&
	   p->page->count == 1, "mapped again: a first map is a request");
	ok(guest_proc_flush(p) == 0, "mapped again: made");
	ok(guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, UVMM_PROT_READ) == 0 &&
	   p->page->count == 0, "mapped again: the same map asks for nothing");
	ok(guest_proc_map(p, GUEST_DATA - PAGE, DATA_OFF - PAGE, 3 * PAGE, UVMM_PROT_READ) == 0 &&
	   p->page->count == 1 && op->addr == GUEST_DATA - PAGE && op->len == 3 * PAGE,
	   "mapped again: one around it asks for the span of what is new");
	ok(guest_proc_map(p, GUEST_DATA, DATA_OFF, 2 * PAGE, UVMM_PROT_READ) == 0 &&
	   p->page->count == 1, "mapped again: pages still queued count as given");
	ok(guest_proc_map(p, GUEST_DATA, DATA_OFF + PAGE, PAGE, UVMM_PROT_READ) == 0 &&
	   p->page->count == 2 && op[1].addr == GUEST_DATA && op[1].off == DATA_OFF + PAGE,
	   "mapped again: another file page there is a request");
	ok(guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, UVMM_PROT_READ) == 0 &&
	   p->page->count == 3, "mapped again: and so is the first one back");
	ok(guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, UVMM_PROT_READ | UVMM_PROT_WRITE) == 0 &&
	   p->page->count == 4, "mapped again: and another protection");
	ok(guest_proc_flush(p) == 0, "mapped again: made");
	regs_at(&r, snip_load);
	r.di = GUEST_DATA + PAGE;
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "mapped again: the pages are there");
	ok(guest_proc_unmap(p, GUEST_DATA + 8 * PAGE, PAGE) == 0 &&
	   guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, UVMM_PROT_READ | UVMM_PROT_WRITE) == 0 &&
	   p->page->count == 1, "mapped again: an unmap elsewhere changes nothing");
	ok(guest_proc_unmap(p, GUEST_DATA - PAGE, 2 * PAGE) == 0 &&
	   guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, UVMM_PROT_READ | UVMM_PROT_WRITE) == 0 &&
	   p->page->count == 3, "mapped again: after an unmap of it, a request again");
	ok(guest_proc_protect(p, GUEST_DATA, PAGE, UVMM_PROT_READ) == 0 &&
	   guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, UVMM_PROT_READ) == 0 &&
	   p->page->count == 5, "mapped again: after a protect too");
	guest_proc_unmap(p, GUEST_DATA + PAGE, PAGE);
	ok(guest_proc_flush(p) == 0, "mapped again: made");
	is(run(p, &r, &t), UVMM_USER_FAULT, "mapped again: the unmapped page is gone");
	guest_proc_destroy(p);
}

/*
 * A device's memory (a passthrough BAR that guest user space mapped): the
 * process holds the device's fd at STUB_DEV_FD0 and maps it at the given
 * offset. A memfd plays the VFIO device fd.
 */
static void test_device_map(void)
{
	const uint64_t pattern = 0x1122334455667788ULL;
	int dev = memfd_create("fake-vfio-device", 0);
	char path[64], line[512], pid[16];
	struct guest_proc *p;
	struct uvmm_regs r;

	if (dev < 0 || ftruncate(dev, 2 * PAGE) < 0 ||
	    pwrite(dev, &pattern, sizeof(pattern), PAGE) != sizeof(pattern))
		bail_out("device memfd: %s", strerror(errno));
	ok(guest_proc_set_devices(&dev, 1) == 0, "device: given to processes from now on");
	p = fixture_proc();
	snprintf(pid, sizeof(pid), "%d", p->fast ? (int)p->mapper_tid : p->pid);
	snprintf(path, sizeof(path), "/proc/%s/fd/%d", pid, STUB_DEV_FD0);
	ok(readlink(path, line, sizeof(line)) > 0 && strstr(line, "fake-vfio-device"),
	   "device: the process holds its fd at %d", STUB_DEV_FD0);
	is(guest_proc_map_device(p, GUEST_DATA, 1, 0, PAGE, UVMM_PROT_READ), (uint64_t)-EINVAL,
	   "device: a device it was not given is refused");
	ok(guest_proc_map_device(p, GUEST_DATA, 0, PAGE, PAGE, UVMM_PROT_READ) == 0,
	   "device: a page of it queued");
	regs_at(&r, snip_load);
	r.di = GUEST_DATA;
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "device: guest code loads from it");
	is(r.dx, pattern, "device: and reads the device's bytes");
	ok(guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, UVMM_PROT_READ) == 0 &&
	   p->page->count == 1, "device: RAM mapped there again is a request");
	guest_proc_destroy(p);
	ok(guest_proc_set_devices(NULL, 0) == 0 &&
	   guest_proc_set_devices(&dev, STUB_MAX_DEVS + 1) < 0,
	   "device: no more than %d devices", STUB_MAX_DEVS);
	close(dev);
}

/*
 * Zeros (the guest's zero page): anonymous, read-only memory, so that runs
 * queued one page at a time end up as one host mapping; a store faults;
 * PROT_WRITE is refused.
 */
static void test_zero_map(void)
{
	struct guest_proc *p = fixture_proc();
	char path[64];
	struct uvmm_regs r;
	int before, after, i, bad = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", p->pid);
	is(guest_proc_map_zero(p, GUEST_DATA, PAGE, UVMM_PROT_READ | UVMM_PROT_WRITE),
	   (uint64_t)-EINVAL, "zero: a writable run is refused");
	ok(guest_proc_flush(p) == 0, "zero: nothing broken by the refusal");
	before = count_lines(path);
	for (i = 0; i < 64; i++)
		bad += guest_proc_map_zero(p, GUEST_DATA + i * PAGE, PAGE, UVMM_PROT_READ) != 0;
	regs_at(&r, snip_load);
	r.di = GUEST_DATA + 63 * PAGE;
	r.dx = 1;
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "zero: 64 pages queued one by one, a load");
	is(r.dx, 0, "zero: reads zero");
	after = count_lines(path);
	ok(!bad && after == before + 1, "zero: one host mapping for the 64 pages (%d -> %d)",
	   before, after);
	regs_at(&r, snip_store);
	r.di = GUEST_DATA + 5 * PAGE;
	r.si = 42;
	is(run(p, &r, &t), UVMM_USER_FAULT, "zero: a store faults");
	guest_proc_destroy(p);
}

/* Bytes of address space the process has now (VmSize). */
/*
 * The stub's batch entry and stack are read once, when it is ready: what
 * the shared page says later (writable by the process between batches if
 * one of the stub's mprotects ever failed) is never loaded into its
 * registers.
 */
static void test_batch_entry_kept(void)
{
	struct guest_proc *p = fixture_proc();
	struct uvmm_regs r;

	p->page->batch_entry = GUEST_ADDR(snip_syscall);	/* guest code */
	p->page->stack_top = GUEST_DATA + PAGE;
	ok(guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, UVMM_PROT_READ) == 0,
	   "batch entry: a map queued after the page was overwritten");
	regs_at(&r, snip_load);
	r.di = GUEST_DATA;
	is(run(p, &r, &t), UVMM_USER_SYSCALL,
	   "batch entry: the batch ran from the stub's own entry, the page is mapped");
	ok(!p->broken, "batch entry: the address space is not broken");
	guest_proc_destroy(p);
}

static unsigned long vm_size(pid_t pid)
{
	char path[64], line[256];
	unsigned long kb = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmSize: %lu kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb << 10;
}

/*
 * The host refusing more mappings (here RLIMIT_AS; on big guests
 * vm.max_map_count) does not break the address space: uvmm drops all its
 * mappings, a cache of the guest's page tables, and goes on.
 */
static void test_out_of_mappings(void)
{
	struct rlimit lim;
	struct guest_proc *p;
	struct uvmm_regs r;
	int i, n = 40;
	long err = 0;

	ok(guest_proc_create(&p) == 0, "out of mappings: created");
	lim.rlim_cur = lim.rlim_max = vm_size(p->pid) + 30 * PAGE;
	ok(prlimit(p->pid, RLIMIT_AS, &lim, NULL) == 0,
	   "out of mappings: its address space limited to 30 more pages");
	for (i = 0; i < n && !err; i++)
		err = guest_proc_map(p, GUEST_DATA + 2 * i * PAGE, DATA_OFF, PAGE,
				     UVMM_PROT_READ);
	err = err ? err : guest_proc_map(p, GUEST_CODE, CODE_OFF, PAGE,
					 UVMM_PROT_READ | UVMM_PROT_EXEC);
	ok(!err, "out of mappings: %d maps and the code queued", n);
	regs_at(&r, snip_load);
	r.di = GUEST_DATA + 2 * (n - 1) * PAGE;
	is(run(p, &r, &t), UVMM_USER_SYSCALL,
	       "out of mappings: all dropped, the rest made, the last page readable");
	regs_at(&r, snip_load);
	r.di = GUEST_DATA;
	is(run(p, &r, &t), UVMM_USER_FAULT,
	       "out of mappings: an early page was dropped (it faults, to be mapped again)");
	/* One of the dropped pages that the last ones did not push out of
	 * what proc.c remembers as mapped. */
	r.di = GUEST_DATA + 2 * 10 * PAGE;
	is(run(p, &r, &t), UVMM_USER_FAULT, "out of mappings: so was page 10");
	ok(guest_proc_map(p, r.di, DATA_OFF, PAGE, UVMM_PROT_READ) == 0 &&
	   p->page->count == 1,
	   "out of mappings: mapping it again is a request (not taken as still there)");
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "out of mappings: and then it is readable");
	guest_proc_destroy(p);
}

static void test_interrupt(void)
{
	struct guest_proc *p = fixture_proc();
	struct uvmm_regs r;
	int i, good = 0, spurious = 0;
	long ev;

	timer_setup();
	for (i = 0; i < 20; i++) {
		irq = 0;
		regs_at(&r, snip_spin);
		timer_in_ms(5);
		do {
			/*
			 * With the flag as irq_pending, as the vCPU runs: a
			 * timer that fires before the run is under way (no
			 * process to kick yet) is seen by the run itself.
			 */
			ev = guest_proc_run(p, &r, &t, &irq);
			spurious += ev == UVMM_USER_INTERRUPT && !irq;
		} while (ev == UVMM_USER_INTERRUPT && !irq);
		good += ev == UVMM_USER_INTERRUPT && irq && r.ip == GUEST_ADDR(snip_spin);
	}
	is(good, 20, "interrupt: 20 busy loops stopped by the signal handler");
	diag("spurious interrupt stops: %d", spurious);
	/* The process is fine afterwards. */
	irq = 0;
	regs_at(&r, snip_syscall);
	do
		ev = run(p, &r, &t);
	while (ev == UVMM_USER_INTERRUPT);
	is(ev, UVMM_USER_SYSCALL, "interrupt: the process runs on normally");
	guest_proc_destroy(p);
}

/* Interrupts racing with syscall stops: every run still ends in an event. */
static void test_interrupt_storm(void)
{
	struct itimerspec every = { { 0, 200 * 1000 }, { 0, 200 * 1000 } }, off = { 0 };
	struct guest_proc *p = fixture_proc();
	int i, bad = 0, syscalls = 0, irqs = 0;
	struct uvmm_regs r;
	long ev;

	regs_at(&r, snip_sysloop);
	timer_settime(timer, 0, &every, NULL);
	for (i = 0; i < 3000; i++) {
		ev = run(p, &r, &t);
		if (ev == UVMM_USER_SYSCALL)
			syscalls++;
		else if (ev == UVMM_USER_INTERRUPT)
			irqs++;
		else
			bad++;
		irq = 0;	/* the "guest kernel" took the interrupt */
	}
	timer_settime(timer, 0, &off, NULL);
	is(bad, 0, "storm: 3000 runs under a 200 us interrupt timer, all events");
	ok(syscalls > 0 && irqs > 0, "storm: both syscalls (%d) and interrupts (%d)",
	   syscalls, irqs);
	irq = 0;
	guest_proc_destroy(p);
}

static void test_killed_outside(void)
{
	struct guest_proc *p = fixture_proc();
	struct uvmm_regs r;
	pid_t pid = p->pid;

	ok(kill(pid, SIGKILL) == 0, "killed while stopped: SIGKILL sent");
	regs_at(&r, snip_syscall);
	is(run(p, &r, &t), (uint64_t)-ESRCH, "killed while stopped: run gives -ESRCH");
	ok(pid_gone(pid), "killed while stopped: reaped, no zombie");
	is(run(p, &r, &t), (uint64_t)-ESRCH, "killed while stopped: and again -ESRCH");
	is(guest_proc_map(p, GUEST_DATA, 0, PAGE, UVMM_PROT_READ), (uint64_t)-ESRCH,
	       "killed while stopped: map gives -ESRCH");
	guest_proc_destroy(p);

	p = fixture_proc();
	pid = p->pid;
	kill_target = pid;
	regs_at(&r, snip_spin);
	timer_in_ms(5);
	is(run(p, &r, &t), (uint64_t)-ESRCH, "killed while running: run gives -ESRCH");
	kill_target = 0;
	ok(pid_gone(pid), "killed while running: reaped, no zombie");
	guest_proc_destroy(p);
}

/*
 * An ended process is kept for the next create: emptied (by a batch the
 * create waits for), the same host process handed out again with nothing of its last owner (no
 * mapping, no thread's FPU state taken as loaded) and no new spare; one
 * killed while kept is never handed out; settle ends the kept ones.
 */
static void test_kept(void)
{
	struct guest_proc *p, *q;
	struct uvmm_regs r;
	int kids;
	pid_t pid;

	guest_proc_settle();
	kids = count_children();
	ok(guest_proc_create(&p) == 0, "kept: a process created");
	pid = p->pid;
	ok(guest_proc_map(p, GUEST_CODE, CODE_OFF, PAGE, UVMM_PROT_READ | UVMM_PROT_EXEC) == 0 &&
	   guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, UVMM_PROT_READ) == 0,
	   "kept: code and data mapped");
	regs_at(&r, snip_load);
	r.di = GUEST_DATA;
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "kept: it runs and reads its data");
	ok(p->fpu_owner == &t, "kept: it holds the thread's FPU state");
	guest_proc_destroy(p);
	ok(!pid_gone(pid) && proc_state(pid) != 'Z', "kept: destroy leaves the process alive");
	ok(guest_proc_create(&q) == 0, "kept: the next create");
	is(q->pid, pid, "kept: takes it");
	is(mapped_below_top(pid), 0, "kept: with nothing of its owner mapped in it");
	ok(q->fpu_owner == NULL, "kept: with no thread's FPU state taken as loaded");
	is(count_children(), kids + 2, "kept: no spare launched for it (one from the first)");
	ok(guest_proc_map(q, GUEST_CODE, CODE_OFF, PAGE, UVMM_PROT_READ | UVMM_PROT_EXEC) == 0,
	   "kept: its new owner maps its code");
	regs_at(&r, snip_load);
	r.di = GUEST_DATA;
	is(run(q, &r, &t), UVMM_USER_FAULT, "kept: the last owner's data faults");
	guest_proc_destroy(q);
	kill(pid, SIGKILL);
	for (int i = 0; i < 1000 && proc_state(pid) != 'Z'; i++)
		usleep(1000);
	ok(guest_proc_create(&q) == 0 && q->pid != pid, "kept: killed while kept, not handed out");
	ok(pid_gone(pid), "kept: and reaped");
	regs_at(&r, snip_syscall);
	ok(guest_proc_map(q, GUEST_CODE, CODE_OFF, PAGE, UVMM_PROT_READ | UVMM_PROT_EXEC) == 0 &&
	   run(q, &r, &t) == UVMM_USER_SYSCALL, "kept: the one given instead runs");
	guest_proc_destroy(q);
	guest_proc_settle();
	is(count_children(), kids, "kept: settle ends the kept ones too");
}

static void test_destroy(void)
{
	int fds = count_fds("self");
	struct guest_proc *p = fixture_proc();
	struct uvmm_regs r;
	pid_t pid = p->pid;
	int i;

	guest_proc_reuse = 0;	/* ended, not kept (test_kept) */
	regs_at(&r, snip_syscall);
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "destroy: the process ran");
	guest_proc_destroy(p);
	for (i = 0; i < 1000 && !pid_gone(pid) && proc_state(pid) != 'Z' &&
		    proc_state(pid) != 'X'; i++)
		usleep(1000);
	ok(i < 1000, "destroy: the process ends without being waited for");
	guest_proc_reuse = 1;
	guest_proc_settle();
	ok(pid_gone(pid), "destroy, then settle: no process, no zombie");
	is(count_fds("self"), fds, "destroy: no fd left (%d)", fds);
	guest_proc_destroy(NULL);
	ok(1, "destroy: NULL is fine");
}

/* uvmm SIGKILLed: its stubs die too (we are their subreaper here). */
static void test_uvmm_killed(void)
{
	pid_t pids[3], c, w;
	int fd[2], status, i, n, known = 0, killed = 0, others = 0;
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	guest_proc_settle();	/* ours: no child left but the one below */
	ok(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0, "uvmm killed: we are a subreaper");
	ok(pipe(fd) == 0, "uvmm killed: a pipe");
	c = fork();
	if (c == 0) {
		struct guest_proc *p;

		for (i = 0; i < 3; i++) {
			if (guest_proc_create(&p))
				_exit(1);
			pids[i] = p->pid;
		}
		if (write(fd[1], pids, sizeof(pids)) != sizeof(pids))
			_exit(1);
		for (;;)
			pause();
	}
	ok(c > 0 && read(fd[0], pids, sizeof(pids)) == sizeof(pids),
	   "uvmm killed: a child made 3 processes");
	kill(c, SIGKILL);
	waitpid(c, &status, 0);
	/*
	 * Its stubs, its spare among them, come to us (the subreaper) and
	 * must all die of SIGKILL. Bounded: EXITKILL and PDEATHSIG act at
	 * once; 10 s is only against a hang.
	 */
	for (n = 0; n < 1000; n++) {
		w = waitpid(-1, &status, WNOHANG | __WALL);
		if (w < 0 && errno == ECHILD)
			break;
		if (w <= 0) {
			nanosleep(&ts, NULL);
			continue;
		}
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
			killed++;
		else
			others++;
		for (i = 0; i < 3; i++)
			known += w == pids[i];
	}
	is(known, 3, "uvmm killed: its 3 stubs ended");
	is(killed, 4, "uvmm killed: they and its spare were SIGKILLed");
	is(others, 0, "uvmm killed: nothing else ended");
	for (i = 0; i < 3; i++)
		known -= pid_gone(pids[i]);
	is(known, 0, "uvmm killed: and are gone");
	close(fd[0]);
	close(fd[1]);
}

/*
 * A stub that faults before it is ready: create gives up (after its three
 * tries) instead of resuming the fault forever, and leaves nothing.
 */
static void test_faulting_stub(void)
{
	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 32);
	int real = guest_proc_stub_fd, fd;
	struct guest_proc *p = NULL;
	long err;

	if (n <= 0)
		bail_out("readlink /proc/self/exe");
	path[n] = '\0';
	strcpy(strrchr(path, '/') + 1, "faulting-stub");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		bail_out("%s is not built: run make check", path);
	guest_proc_settle();	/* no spare of the real stub to start from */
	guest_proc_stub_fd = fd;
	alarm(20);	/* before the fix: resumed forever */
	err = guest_proc_create(&p);
	alarm(120);
	guest_proc_stub_fd = real;
	close(fd);
	is(err, (uint64_t)-ENOEXEC, "faulting stub: create gives up with -ENOEXEC");
	ok(p == NULL, "faulting stub: no process handed out");
	ok(waitpid(-1, NULL, WNOHANG | __WALL) < 0 && errno == ECHILD,
	   "faulting stub: no child left");
	{ int st; pid_t w = waitpid(-1, &st, WNOHANG | __WALL); diag("waitpid %d st %#x", w, st); }
}

static void test_leaks(void)
{
	int fds, maps;
	struct timespec a, b;
	struct guest_proc *p;
	int i, failed = 0;

	guest_proc_settle();
	fds = count_fds("self");
	maps = count_lines("/proc/self/maps");
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < 100; i++) {
		if (guest_proc_create(&p)) {
			failed++;
			continue;
		}
		guest_proc_destroy(p);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	guest_proc_settle();	/* the spare, and the ended ones not reaped yet */
	is(failed, 0, "loop: 100 creates and destroys");
	is(count_fds("self"), fds, "loop: no fd leaked");
	is(count_lines("/proc/self/maps"), maps, "loop: no mapping leaked");
	diag("create+destroy (ASan build): %.0f us each",
	     ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 / 100);
}

int main(void)
{
	fixture_mem();
	thread_init(&t);
	alarm(120);	/* a hang is a failure, not a stuck make check */
	test_fresh_maps();
	test_full_queue();
	test_batch_entry_kept();
	test_batches_at_faults();
	test_spare();
	test_kept();
	test_mapped_again();
	test_device_map();
	test_zero_map();
	test_out_of_mappings();
	test_interrupt();
	test_interrupt_storm();
	test_killed_outside();
	test_destroy();
	test_uvmm_killed();
	test_faulting_stub();
	test_leaks();
	thread_free(NULL, &t);
	return done_testing();
}
