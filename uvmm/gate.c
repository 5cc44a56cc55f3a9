// SPDX-License-Identifier: GPL-2.0
/*
 * The gate's entry points (the C side of gate_entry.S's trampolines) and
 * the table that the guest finds at UVMM_GATE_ADDR. They run on the vCPU
 * thread, on its host stack, called directly by guest kernel code.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>
#include <sys/mman.h>

#include "exit_status.h"
#include "gate.h"
#include "kernel_map.h"
#include "vm.h"

#define GATE_SIZE		4096UL
#define VCPU_STATE_SIZE		4096UL

void gate_set_entries(const struct uvmm_guest_entries *e)
{
	vcpu_self()->entries = *e;
}

long gate_console_write(const char *buf, uint64_t len, uint32_t stream)
{
	int fd = stream == UVMM_CONSOLE_ERR ? STDERR_FILENO : STDOUT_FILENO;
	uint64_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* stdout gone: drop output like an unplugged line */
		done += n;
	}
	return len;
}

long gate_console_read(char *buf, uint64_t len)
{
	struct event_loop *ev = &the_vm->events;
	struct pollfd p = { .fd = ev->console_fd, .events = POLLIN };
	ssize_t n;

	if (ev->console_fd < 0)
		return -EPIPE;	/* stdin has ended: nothing more will come */
	if (len == 0)
		return 0;
	if (ev->console_armed && poll(&p, 1, 0) <= 0) {
		event_loop_rearm_console(ev);
		return 0;
	}
	n = read(ev->console_fd, buf, len);
	if (n > 0)
		return n;
	if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
		/* End of input: stop watching, and say so from now on. */
		ev->console_fd = -1;
		return -EPIPE;
	}
	event_loop_rearm_console(ev);
	return 0;
}

void gate_halt(uint32_t reason, uint32_t detail)
{
	static const int status[] = {
		[UVMM_HALT_POWER_OFF] = UVMM_EXIT_POWEROFF,
		[UVMM_HALT_REBOOT] = UVMM_EXIT_REBOOT,
		[UVMM_HALT_PANIC] = UVMM_EXIT_PANIC,
	};

	/* A power-off carries the exit status the guest chose (uvmm run -- CMD). */
	if (reason == UVMM_HALT_POWER_OFF)
		vcpu_exit(vcpu_self(), detail & 0xff);
	vcpu_exit(vcpu_self(), reason < sizeof(status) / sizeof(status[0]) ?
			       status[reason] : UVMM_EXIT_PANIC);
}

void gate_idle(void)
{
	struct vcpu *v = vcpu_self();
	sigset_t block, old;

	sigemptyset(&block);
	sigaddset(&block, VCPU_SIG_KICK);
	sigaddset(&block, VCPU_SIG_TIMER);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	while (!__atomic_load_n(&v->state->irq_pending, __ATOMIC_SEQ_CST))
		sigsuspend(&old);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

uint64_t gate_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

void gate_timer_set(uint64_t delta_ns)
{
	struct vcpu *v = vcpu_self();
	struct itimerspec its = {
		.it_value.tv_sec = delta_ns / 1000000000ULL,
		.it_value.tv_nsec = delta_ns % 1000000000ULL,
	};

	timer_settime(v->timer, 0, &its, NULL);
}

long gate_map(uint64_t virt, uint64_t phys, uint64_t len, uint32_t prot)
{
	return kernel_map(&the_vm->setup.mem, virt, phys, len, prot);
}

long gate_unmap(uint64_t virt, uint64_t len)
{
	return kernel_unmap(virt, len);
}

#define ENTRY(name) do {						\
	extern char gate_entry_##name[];				\
	g->name = (uint64_t)gate_entry_##name;				\
} while (0)

int gate_install(struct vm *vm, char *err, size_t errlen)
{
	struct uvmm_gate *g;
	void *state;

	g = mmap((void *)UVMM_GATE_ADDR, GATE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (g != (void *)UVMM_GATE_ADDR) {
		snprintf(err, errlen, "cannot map the gate at %#lx: %s",
			 UVMM_GATE_ADDR, strerror(errno));
		return -1;
	}
	state = mmap((void *)UVMM_VCPU_STATE_ADDR, VCPU_STATE_SIZE * UVMM_MAX_VCPUS,
		     PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (state != (void *)UVMM_VCPU_STATE_ADDR) {
		snprintf(err, errlen, "cannot map the vCPU state at %#lx: %s",
			 UVMM_VCPU_STATE_ADDR, strerror(errno));
		munmap(g, GATE_SIZE);
		return -1;
	}

	g->magic = UVMM_GATE_MAGIC;
	g->abi_version = UVMM_GATE_ABI_VERSION;
	g->size = sizeof(*g);
	ENTRY(set_entries);
	ENTRY(console_write);
	ENTRY(console_read);
	ENTRY(halt);
	ENTRY(idle);
	ENTRY(clock_ns);
	ENTRY(timer_set);
	ENTRY(map);
	ENTRY(unmap);
	ENTRY(mm_create);
	ENTRY(mm_destroy);
	ENTRY(mm_map);
	ENTRY(mm_unmap);
	ENTRY(mm_protect);
	ENTRY(user_run);
	ENTRY(user_save_fpu);
	ENTRY(user_forget);
	ENTRY(mmio_read);
	ENTRY(mmio_write);
	ENTRY(irq_eoi);
	mprotect(g, GATE_SIZE, PROT_READ);

	vm->gate = g;
	vm->vcpu.state = state;
	return 0;
}

void gate_remove(struct vm *vm)
{
	if (!vm->gate)
		return;
	munmap((void *)UVMM_GATE_ADDR, GATE_SIZE);
	munmap((void *)UVMM_VCPU_STATE_ADDR, VCPU_STATE_SIZE * UVMM_MAX_VCPUS);
	vm->gate = NULL;
}
