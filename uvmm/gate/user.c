// SPDX-License-Identifier: GPL-2.0
/*
 * The gate's guest user-space entries: guest address spaces by id, mapped
 * onto guest processes (guest_proc/). An id is a slot number and that
 * slot's generation, so that an id the guest kernel keeps after destroying
 * its address space (a dying thread's, say) never names a newer one.
 */
#include <errno.h>
#include <stdlib.h>

#include "guest_proc/guest_proc.h"
#include "gate/gate.h"
#include "gate/user.h"
#include "vm.h"

#define SLOT_BITS	20
#define SLOT_MASK	((1ULL << SLOT_BITS) - 1)
#define MAX_SLOTS	(1U << SLOT_BITS)

struct mm_slot {
	struct guest_proc *proc;
	uint64_t gen;
};

static struct mm_slot *slots;
static unsigned int nr_slots;
/* Address spaces alive, and how many may be: each is a host process. */
static unsigned int nr_live, max_live = MAX_SLOTS - 1;

void user_set_max_procs(unsigned int n)
{
	max_live = n < MAX_SLOTS - 1 ? n : MAX_SLOTS - 1;
}

static struct guest_proc *proc_of(uint64_t id)
{
	uint64_t slot = id & SLOT_MASK;

	if (slot >= nr_slots || !slots[slot].proc || slots[slot].gen != id >> SLOT_BITS)
		return NULL;
	return slots[slot].proc;
}

static long free_slot(void)
{
	unsigned int i, n;
	struct mm_slot *s;

	for (i = 1; i < nr_slots; i++)	/* slot 0 unused: id 0 means "none" */
		if (!slots[i].proc)
			return i;
	if (nr_slots >= MAX_SLOTS)
		return -EAGAIN;
	n = nr_slots ? nr_slots * 2 : 64;
	s = realloc(slots, n * sizeof(*s));
	if (!s)
		return -ENOMEM;
	for (i = nr_slots; i < n; i++)
		s[i] = (struct mm_slot){ NULL, 1 };
	slots = s;
	i = nr_slots ? nr_slots : 1;
	nr_slots = n;
	return i;
}

long gate_mm_create(void)
{
	struct guest_proc *p;
	long slot, err;

	/* What the guest kernel makes of it: fork and exec fail with ENOMEM. */
	if (nr_live >= max_live)
		return -EAGAIN;
	slot = free_slot();
	if (slot < 0)
		return slot;
	err = guest_proc_create(&p);
	if (err)
		return err;
	nr_live++;
	slots[slot].proc = p;
	return (long)((slots[slot].gen << SLOT_BITS) | slot);
}

void gate_mm_destroy(__u64 id)
{
	struct guest_proc *p = proc_of(id);

	if (!p)
		return;
	guest_proc_destroy(p);
	nr_live--;
	slots[id & SLOT_MASK].proc = NULL;
	slots[id & SLOT_MASK].gen++;
}

long gate_mm_map(__u64 id, __u64 virt, __u64 phys, __u64 len, __u32 prot)
{
	struct guest_proc *p = proc_of(id);
	uint64_t off;
	unsigned dev;

	if (!p)
		return -ESRCH;
	if (prot & UVMM_PROT_ZERO)	/* the zero page: no frame to map */
		return guest_proc_map_zero(p, virt, len, prot & ~UVMM_PROT_ZERO);
	if (!guest_phys_to_file(&the_vm->setup.mem, phys, len, &off))
		return guest_proc_map(p, virt, off, len, prot);
	/* Not RAM: a passthrough BAR that guest user space mapped (sysfs). */
	if (pci_user_map(&the_vm->pci, phys, len, &dev, &off))
		return -EINVAL;
	return guest_proc_map_device(p, virt, dev, off, len, prot);
}

long gate_mm_rewrite_syscall(__u64 id, __u64 virt, __u64 phys, __u32 nr, __u32 prot)
{
	struct guest_proc *p = proc_of(id);
	const void *orig;
	uint64_t off;

	if (!p)
		return -ESRCH;
	if (phys % 4096 || guest_phys_to_file(&the_vm->setup.mem, phys, 4096, &off))
		return -EINVAL;
	orig = guest_phys_ptr(&the_vm->setup.mem, phys, 4096);
	return orig ? guest_proc_rewrite(p, virt, orig, off, nr, prot) : -EINVAL;
}

long gate_mm_unmap(__u64 id, __u64 virt, __u64 len)
{
	struct guest_proc *p = proc_of(id);

	return p ? guest_proc_unmap(p, virt, len) : -ESRCH;
}

long gate_mm_protect(__u64 id, __u64 virt, __u64 len, __u32 prot)
{
	struct guest_proc *p = proc_of(id);

	return p ? guest_proc_protect(p, virt, len, prot) : -ESRCH;
}

/*
 * A user thread's state as the guest kernel passes it: the struct and, when
 * it has one, its XSAVE buffer must be guest RAM (guest_proc also checks
 * the buffer of a thread whose state it saves later, gate_guest_ptr_ok).
 */
static int thread_ok(const struct uvmm_user_thread *t)
{
	return gate_guest_ptr_ok(t, sizeof(*t)) &&
	       (!t->xstate || gate_guest_ptr_ok((const void *)(uintptr_t)t->xstate,
						 guest_proc_xstate_size()));
}

long gate_user_run(__u64 id, struct uvmm_regs *regs, struct uvmm_user_thread *t)
{
	struct guest_proc *p = proc_of(id);

	if (!gate_guest_ptr_ok(regs, sizeof(*regs)) || !thread_ok(t))
		return -EFAULT;
	if (!p)
		return -ESRCH;
	return guest_proc_run(p, regs, t,
			      (const volatile uint64_t *)&vcpu_self()->state->irq_pending);
}

void gate_user_save_fpu(__u64 id, struct uvmm_user_thread *t)
{
	struct guest_proc *p = proc_of(id);

	if (p && thread_ok(t))
		guest_proc_save_fpu(p, t);
}

void gate_user_forget(__u64 id, struct uvmm_user_thread *t)
{
	struct guest_proc *p = proc_of(id);

	if (p)
		guest_proc_forget(p, t);
}

void user_destroy_all(void)
{
	unsigned int i;

	for (i = 0; i < nr_slots; i++)
		if (slots[i].proc)
			guest_proc_destroy(slots[i].proc);
	guest_proc_settle();
	free(slots);
	slots = NULL;
	nr_slots = 0;
	nr_live = 0;
}
