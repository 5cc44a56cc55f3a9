// SPDX-License-Identifier: GPL-2.0
/*
 * One guest: set it up (setup/vm_setup.c), put the gate and the vCPU state at
 * their fixed addresses, reserve the vmalloc area, start the event thread
 * and the vCPU, and wait for the guest to halt.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/console_tty.h"
#include "exit_status.h"
#include "gate/gate.h"
#include "guest_proc/guest_proc.h"
#include "gate/kernel_map.h"
#include "gate/user.h"
#include "jail/jail.h"
#include "jail/user_drop.h"
#include "cli/options.h"
#include "setup/mem_file_reaper.h"
#include "vm.h"

struct vm *the_vm;

/*
 * SIGINT, SIGTERM, SIGHUP: nothing may outlive uvmm, so a named memory
 * file goes before uvmm does (the memfd goes away with the process): its
 * reaper removes it (the jailed main thread may not) and is waited for.
 * Only the main thread takes these signals.
 */
static void terminate_signal(int sig)
{
	console_tty_restore();
	if (the_vm)
		mem_file_reaper_stop(&the_vm->setup.mem.reaper);
	_exit(128 + sig);
}

static const int terminate_sigs[] = { SIGINT, SIGTERM, SIGHUP };

/*
 * The handler reads the memory file's reaper, which setup starts and
 * teardown stops: both run with those signals blocked (on the main thread,
 * the only one then), so a signal waits for the reaper to be whole or gone.
 * The threads uvmm starts keep them blocked for good.
 */
static void block_terminate(int how)
{
	sigset_t set;
	unsigned int i;

	sigemptyset(&set);
	for (i = 0; i < sizeof(terminate_sigs) / sizeof(terminate_sigs[0]); i++)
		sigaddset(&set, terminate_sigs[i]);
	pthread_sigmask(how, &set, NULL);
}

static int setup_blocked(const struct uvmm_options *o, struct vm_setup *s,
			 char *err, size_t errlen)
{
	int r;

	block_terminate(SIG_BLOCK);
	r = vm_setup(o, s, err, errlen);
	block_terminate(SIG_UNBLOCK);
	return r;
}

static void teardown_blocked(struct vm_setup *s)
{
	block_terminate(SIG_BLOCK);
	vm_teardown(s);
	block_terminate(SIG_UNBLOCK);
}

static void install_terminate_handlers(void)
{
	struct sigaction sa;
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = terminate_signal;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof(terminate_sigs) / sizeof(terminate_sigs[0]); i++)
		sigaction(terminate_sigs[i], &sa, NULL);
	/* A closed stdout only drops console output (gate_console_write). */
	signal(SIGPIPE, SIG_IGN);
}

/*
 * stdin, stdout and stderr are the console and uvmm's messages: if one is
 * closed, hold it with /dev/null so that no other file (the memfd, say)
 * gets that number and is taken for the console.
 */
static void hold_std_fds(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0 && fd <= 2)
		fcntl(fd, F_SETFD, 0);
	if (fd > 2)
		close(fd);
}

/*
 * On the tracer: whether it uses the host kernel's ptrace options
 * (host-patches/), and why not; appended to the note.
 */
static void note_ptrace_options(char *note, size_t notelen)
{
	char why[120];
	size_t n = strlen(note);

	if (guest_proc_use_ptrace_options(!getenv("UVMM_NO_PTRACE_OPTIONS"), why,
					  sizeof(why)) == 0)
		snprintf(note + n, notelen - n, "; with the host's PTRACE_O_NOSIGSTOP "
			 "and PTRACE_O_ONESHOT");
	else
		snprintf(note + n, notelen - n, "; host ptrace options: %s", why);
}

/*
 * How guest syscalls will reach the guest kernel (--syscall-gate): the
 * choice and its reason go to the kernel log (note) and, with --verbose,
 * to stderr. -1 with err when the fast gate was demanded and cannot be.
 */
static int choose_gate(const struct uvmm_options *o, char *note, size_t notelen,
		       char *err, size_t errlen)
{
	char why[100];

	if (o->syscall_gate == SYSCALL_GATE_PTRACE) {
		guest_proc_use_fast(0, why, sizeof(why));
		snprintf(note, notelen, "ptrace tracer (--syscall-gate ptrace)");
	} else if (guest_proc_use_fast(1, why, sizeof(why)) == 0) {
		snprintf(note, notelen, "fast gate (seccomp and signals)%s; %s%s",
			 o->syscall_gate == SYSCALL_GATE_AUTO ? ", chosen by auto" : "",
			 guest_proc_rewrite_on() ? "syscall sites rewritten" :
			 "no syscall-site rewriting: ", guest_proc_rewrite_why());
	} else if (o->syscall_gate == SYSCALL_GATE_FAST) {
		snprintf(err, errlen, "--syscall-gate fast: not on this host: %s", why);
		return -1;
	} else {
		snprintf(note, notelen, "ptrace tracer, chosen by auto: no fast gate here: %s",
			 why);
	}
	if (!guest_proc_fast_gate_on())
		note_ptrace_options(note, notelen);
	if (o->verbose)
		fprintf(stderr, "uvmm: guest syscalls: %s\n", note);
	return 0;
}

/* Device interrupts (vpci, any thread) become virtual lines on the vCPU. */
static void raise_line(void *opaque, unsigned line)
{
	vcpu_raise_irq(opaque, line);
}

/* A device's interrupt source joins the event thread's watch list. */
static int watch_device(void *ctx, struct event_watch *w)
{
	struct vm *vm = ctx;
	char err[256];

	if (event_loop_watch(&vm->events, w, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm: %s\n", err);
		return -1;
	}
	return 0;
}

/* Every role's filter, from the options; 0, or -1 with err. */
static int prepare_jail(const struct uvmm_options *o, char *err, size_t errlen)
{
	struct jail_share shares[UVMM_MAX_SHARES];
	struct jail_config c = {
		.off = o->no_jail,
		.log = getenv("UVMM_JAIL_LOG") != NULL,
		.stub_exec_fd = guest_proc_stub_exec_fd(),
		.shares = shares,
		.nr_shares = o->nr_shares,
	};

	for (unsigned int i = 0; i < o->nr_shares; i++)
		shares[i] = (struct jail_share) { o->shares[i].dir, o->shares[i].ro };
	return jail_prepare(&c, err, errlen);
}

/* Guest processes hold the passthrough devices' fds: user space may map
 * their BARs (sysfs resource files). */
static int give_devices_to_processes(struct pci_platform *pci, char *err, size_t errlen)
{
	int fds[PCI_PLATFORM_MAX_DEVICES];

	if (guest_proc_set_devices(fds, pci_device_fds(pci, fds, PCI_PLATFORM_MAX_DEVICES)) < 0) {
		snprintf(err, errlen, "guest processes cannot hold %u passthrough devices",
			 pci->nr_vfio);
		return -1;
	}
	return 0;
}

int vm_run(const struct uvmm_options *o)
{
	static struct vm vm;
	struct uvmm_boot_info *boot_info;
	char err[512];
	int status = UVMM_EXIT_ERROR;
	struct user_ids user;
	const struct virtio_plan plan = {
		.disks = o->disks, .nr_disks = o->nr_disks,
		.shares = o->shares, .nr_shares = o->nr_shares,
		.nets = o->nets, .nr_nets = o->nr_nets,
		.rng = true,
	};

	hold_std_fds();
	memset(&vm, 0, sizeof(vm));
	vm.events.epfd = vm.events.stopfd = -1;
	the_vm = &vm;
	install_terminate_handlers();

	if (o->user && user_drop_resolve(o->user, &user, err, sizeof(err)) < 0)
		goto fail;
	if (setup_blocked(o, &vm.setup, err, sizeof(err)) < 0)
		goto fail;
	/* Guest user threads keep FPU state in buffers of the host's size. */
	if (guest_proc_setup(vm.setup.mem.fd, err, sizeof(err)) < 0)
		goto fail_setup;
	guest_proc_set_buffer_check(gate_guest_ptr_ok);
	user_set_max_procs(options_max_procs(o));
	boot_info = vm.setup.boot_info;
	boot_info->xstate_size = guest_proc_xstate_size();
	if (choose_gate(o, boot_info->syscall_gate, sizeof(boot_info->syscall_gate),
			err, sizeof(err)) < 0)
		goto fail_setup;
	if (prepare_jail(o, err, sizeof(err)) < 0)
		goto fail_setup;
	if (pci_platform_init(&vm.pci, VM_SETUP_NR_VCPUS, &vm.setup.mem,
			      (const char *const *)o->devices, o->nr_devices,
			      raise_line, &vm.vcpu, err, sizeof(err)) < 0)
		goto fail_setup;
	/* Root was for the passthrough devices; the user's files are the user's. */
	if (o->user && user_drop(&user, err, sizeof(err)) < 0)
		goto fail_pci;
	if (pci_platform_add_virtio(&vm.pci, &vm.setup.mem, &plan, err, sizeof(err)) < 0)
		goto fail_pci;
	vm.pci.verbose = o->verbose;
	pci_platform_report(&vm.pci);
	if (give_devices_to_processes(&vm.pci, err, sizeof(err)) < 0)
		goto fail_pci;
	if (gate_install(&vm, err, sizeof(err)) < 0)
		goto fail_pci;
	if (kernel_map_reserve(err, sizeof(err)) < 0)
		goto fail_gate;
	if (vm.setup.kernel.kasan_shadow && kernel_map_kasan_shadow(err, sizeof(err)) < 0)
		goto fail_map;
	if (vcpu_signals_init(err, sizeof(err)) < 0)
		goto fail_map;

	vm.vcpu.vm = &vm;
	vm.vcpu.index = 0;
	vm.vcpu.entry = vm.setup.kernel.entry;
	vm.vcpu.boot_arg = vm.setup.boot_info_virt;
	block_terminate(SIG_BLOCK);	/* inherited by the event and vCPU threads */
	if (event_loop_start(&vm.events, &vm.vcpu, err, sizeof(err)) < 0 ||
	    pci_platform_watch(&vm.pci, watch_device, &vm) < 0)
		goto fail_events;
	console_tty_raw();	/* the guest's tty edits lines and takes ^C */
	if (vcpu_start(&vm.vcpu, err, sizeof(err)) < 0)
		goto fail_events;
	block_terminate(SIG_UNBLOCK);
	jail_enter(JAIL_MAIN);

	status = vcpu_join(&vm.vcpu);
	console_tty_restore();
	if (o->verbose && guest_proc_mappings_dropped())
		fprintf(stderr, "uvmm: guest processes ran out of host mappings "
			"(vm.max_map_count) %llu times, dropped them and refaulted\n",
			(unsigned long long)guest_proc_mappings_dropped());
	event_loop_stop(&vm.events);
	kernel_map_release();
	gate_remove(&vm);
	pci_platform_free(&vm.pci);
	teardown_blocked(&vm.setup);
	jail_release();
	the_vm = NULL;
	return status;

fail_events:
	block_terminate(SIG_UNBLOCK);
	event_loop_stop(&vm.events);
fail_map:
	kernel_map_release();
fail_gate:
	gate_remove(&vm);
fail_pci:
	pci_platform_free(&vm.pci);
fail_setup:
	teardown_blocked(&vm.setup);
	jail_release();
fail:
	fprintf(stderr, "uvmm: %s\n", err);
	the_vm = NULL;
	return UVMM_EXIT_ERROR;
}
