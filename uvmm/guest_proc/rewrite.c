// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall-site rewriting on the fast gate (docs/fast-gate.md,
 * "Syscall-site rewriting"). The guest kernel asks for a site that keeps
 * trapping: `mov $nr, %eax; syscall` in a page user code cannot write.
 * The process is given a copy of that page (a "shadow", a page of the
 * memory file past guest RAM) with the site replaced by a jump through
 * the site table to the stub's gate (gate.S), mapped execute-only: on a
 * host with protection keys the kernel gives such a mapping a key the
 * guest's PKRU denies, so guest code runs the copy but every read of it
 * faults, and uvmm then puts the original back for good. The guest
 * kernel's own reads (/proc/PID/mem, ptrace, core dumps) go to guest RAM,
 * which is never changed.
 *
 * Everything that changes what the process maps at a shadow's page
 * passes here first (proc.c): the guest remapping the very same frame
 * (fault-around does it all the time) keeps the copy, anything else
 * drops it, a protection change after the original is back.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest_proc/internal.h"

#ifndef SEGV_PKUERR
#define SEGV_PKUERR	4	/* a protection key said no */
#endif

#define PAGE		STUB_PAGE_SIZE
#define TABLE_PAGES	(STUB_SITE_TABLE_SIZE / PAGE)
/* Copies for all processes together: 16 MiB of the memory file. */
#define POOL_PAGES	4096

static struct {
	pthread_mutex_t lock;		/* the pool: vCPU threads share it */
	int on;				/* new processes may have sites rewritten */
	int fd;				/* the memory file the region is in */
	uint64_t base;			/* the region's offset: table, then pool */
	uint8_t *map;			/* and uvmm's mapping of it */
	uint64_t entries;		/* the stub's gate entry 0, in the table */
	uint32_t free[POOL_PAGES];	/* a stack of free pool pages */
	uint32_t nr_free;
	char why[100];			/* why not, when not on */
} rw = { .lock = PTHREAD_MUTEX_INITIALIZER, .fd = -1 };

static const uint8_t site_code[] = { 0xb8, 0, 0, 0, 0, 0x0f, 0x05 };

int guest_proc_rewrite_on(void)
{
	return rw.on;
}

const char *guest_proc_rewrite_why(void)
{
	return rw.why;
}

/* The table's slots: gate entry k's address, for the stub at entries. */
static void fill_table(uint64_t entries)
{
	uint64_t *slot = (uint64_t *)rw.map;
	uint32_t k;

	for (k = 0; k < STUB_MAX_SITES; k++)
		slot[k] = entries + (uint64_t)k * STUB_GATE_ENTRY_SIZE;
	rw.entries = entries;
}

int guest_proc_rewrite_setup(int mem_fd)
{
	char *why = rw.why;
	size_t whylen = sizeof(rw.why);
	uint64_t size = (uint64_t)(TABLE_PAGES + POOL_PAGES) * PAGE;
	struct stat st;
	uint32_t i;

	rw.on = 0;
	if (getenv("UVMM_NO_REWRITE")) {
		snprintf(why, whylen, "UVMM_NO_REWRITE is set");
		return -1;
	}
	if (!guest_proc_host_has_pkeys()) {
		snprintf(why, whylen, "no protection keys on this CPU for execute-only copies");
		return -1;
	}
	if (rw.fd != mem_fd) {
		if (rw.map)
			munmap(rw.map, size);
		rw.map = NULL;
		rw.fd = -1;
		/* Past guest RAM, at a 2 MiB boundary: the guest never maps it. */
		if (fstat(mem_fd, &st) < 0)
			goto no_room;
		rw.base = ((uint64_t)st.st_size + (2 << 20) - 1) & ~(uint64_t)((2 << 20) - 1);
		if (ftruncate(mem_fd, (off_t)(rw.base + size)) < 0)
			goto no_room;
		rw.map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, mem_fd,
			      (off_t)rw.base);
		if (rw.map == MAP_FAILED) {
			rw.map = NULL;
			goto no_room;
		}
		rw.fd = mem_fd;
		rw.entries = 0;
		for (i = 0; i < POOL_PAGES; i++)
			rw.free[i] = POOL_PAGES - 1 - i;
		rw.nr_free = POOL_PAGES;
	}
	rw.on = 1;
	why[0] = '\0';
	return 0;
no_room:
	snprintf(why, whylen, "no room for the copies in the memory file: %s", strerror(errno));
	return -1;
}

void guest_proc_rewrite_off(const char *why)
{
	rw.on = 0;
	snprintf(rw.why, sizeof(rw.why), "%s", why);
}

static struct guest_proc_shadow *shadow_at(struct guest_proc *p, uint64_t page)
{
	unsigned i;

	for (i = 0; i < p->nr_shadows; i++)
		if (p->shadows[i].virt == page)
			return &p->shadows[i];
	return NULL;
}

static void pool_put(uint32_t page)
{
	pthread_mutex_lock(&rw.lock);
	rw.free[rw.nr_free++] = page;
	pthread_mutex_unlock(&rw.lock);
}

static long pool_get(uint32_t *page)
{
	long err = -ENOSPC;

	pthread_mutex_lock(&rw.lock);
	if (rw.nr_free) {
		*page = rw.free[--rw.nr_free];
		err = 0;
	}
	pthread_mutex_unlock(&rw.lock);
	return err;
}

static uint8_t *pool_ptr(uint32_t page)
{
	return rw.map + (uint64_t)(TABLE_PAGES + page) * PAGE;
}

static uint64_t pool_off(uint32_t page)
{
	return rw.base + (uint64_t)(TABLE_PAGES + page) * PAGE;
}

/*
 * Shadow s is no longer mapped (restore: map the original back first):
 * its sites' records die, its page goes back to the pool.
 */
static long drop(struct guest_proc *p, struct guest_proc_shadow *s, int restore)
{
	long err = 0;
	uint32_t k;

	if (restore)
		err = guest_proc_queue_raw(p, STUB_OP_MAP, STUB_MEM_FD, s->virt, PAGE,
					   s->orig_off, s->prot);
	for (k = 0; k < p->next_site; k++)
		if (p->sites[k].live && p->sites[k].ret - STUB_SITE_LEN - s->virt < PAGE)
			p->sites[k].live = 0;
	pool_put(s->pool_page);
	*s = p->shadows[--p->nr_shadows];
	return err;
}

/* The table went (its range was unmapped or mapped over): no copy may
 * jump through it any more. */
static long lose_table(struct guest_proc *p, uint64_t virt, uint64_t len, int unmapped)
{
	long err = 0;

	while (p->nr_shadows && !err) {
		struct guest_proc_shadow *s = &p->shadows[p->nr_shadows - 1];

		err = drop(p, s, !(unmapped && s->virt - virt < len));
	}
	p->table_mapped = 0;
	return err;
}

long guest_proc_rewrite_before(struct guest_proc *p, uint16_t op, int mem_fd_map,
			       uint64_t virt, uint64_t len, uint64_t off, uint32_t prot)
{
	long err = 0;
	unsigned i;

	if (p->table_mapped && virt < STUB_SITE_TABLE_ADDR + STUB_SITE_TABLE_SIZE &&
	    virt + len > STUB_SITE_TABLE_ADDR)
		err = lose_table(p, virt, len, op == STUB_OP_UNMAP);
	for (i = 0; i < p->nr_shadows && !err;) {
		struct guest_proc_shadow *s = &p->shadows[i];

		if (s->virt - virt >= len) {
			i++;
			continue;
		}
		/* The same frame again, as it was: the copy stays (the caller
		 * maps around it, guest_proc_rewrite_keeps). */
		if (op == STUB_OP_MAP && mem_fd_map && s->orig_off == off + (s->virt - virt) &&
		    s->prot == prot) {
			i++;
			continue;
		}
		/* The copy is execute-only: a protection change is the
		 * original's, put back first. Otherwise it is replaced. */
		err = drop(p, s, op == STUB_OP_PROTECT);
	}
	return err;
}

uint64_t guest_proc_rewrite_keeps(struct guest_proc *p, uint64_t virt, uint64_t len)
{
	uint64_t first = virt + len;
	unsigned i;

	for (i = 0; i < p->nr_shadows; i++)
		if (p->shadows[i].virt - virt < len && p->shadows[i].virt < first)
			first = p->shadows[i].virt;
	return first;
}

void guest_proc_rewrite_forget_all(struct guest_proc *p)
{
	while (p->nr_shadows)
		drop(p, &p->shadows[p->nr_shadows - 1], 0);
	p->table_mapped = 0;
}

void guest_proc_rewrite_reset(struct guest_proc *p)
{
	guest_proc_rewrite_forget_all(p);
	if (p->sites)
		memset(p->sites, 0, (size_t)p->next_site * sizeof(p->sites[0]));
	p->next_site = 0;
	p->nr_refused = 0;
}

/* XSAVE's software bytes in a signal frame. */
#define XSAVE_SW_OFF	464
#define XFEATURES_MPX	((1 << 3) | (1 << 4))
#define XFEATURE_PKRU	(1 << 9)

void guest_proc_rewrite_reset_mbox(struct guest_proc *p)
{
	struct stub_mbox *mb = p->mbox;
	uint8_t *area = (uint8_t *)mb + STUB_GATE_XSAVE_OFF;

	if (!p->gate_ok)
		return;
	memcpy(area + XSAVE_SW_OFF, p->gate_sw, sizeof(p->gate_sw));
	mb->gate_features = p->gate_features;
	/* Asked of fpu.c, not of cpuid: a VM exit each on a nested host, and
	 * this runs at every start and keep of a process. */
	mb->gate_pkru_off = p->gate_features & XFEATURE_PKRU ? guest_proc_pkru_offset() : 0;
}

void guest_proc_rewrite_start(struct guest_proc *p, const uint8_t *frame)
{
	uint32_t size;

	/* The stub's word, read before any guest code ran. */
	p->gate_ok = 0;
	if (!rw.on || (rw.entries && p->mbox->gate_entries != rw.entries))
		return;
	/* The kernel's frames: the same features and size for the gate's. */
	memcpy(p->gate_sw, frame + XSAVE_SW_OFF, sizeof(p->gate_sw));
	memcpy(&p->gate_features, frame + XSAVE_SW_OFF + 8, 8);
	/* MPX's, which Linux no longer uses: QEMU's emulation of them is
	 * unreliable in XRSTOR, and bound registers unused are nothing to
	 * keep. */
	p->gate_features &= ~XFEATURES_MPX;
	memcpy(&size, frame + XSAVE_SW_OFF + 16, 4);
	if (size > STUB_GATE_XSAVE_MAX)
		return;
	pthread_mutex_lock(&rw.lock);
	if (!rw.entries)
		fill_table(p->mbox->gate_entries);
	pthread_mutex_unlock(&rw.lock);
	p->gate_ok = 1;
	guest_proc_rewrite_reset_mbox(p);
}

static int refused(struct guest_proc *p, uint64_t page)
{
	unsigned i;

	for (i = 0; i < p->nr_refused; i++)
		if (p->refused[i] == page)
			return 1;
	return 0;
}

long guest_proc_rewrite(struct guest_proc *p, uint64_t virt, const void *orig,
			uint64_t orig_off, uint32_t nr, uint32_t prot)
{
	uint64_t page = virt & ~(uint64_t)(PAGE - 1), in = virt - page;
	uint8_t code[STUB_SITE_LEN], *copy;
	struct guest_proc_shadow *s;
	uint32_t k, disp;
	long err;

	if (!rw.on || !p->fast || !p->gate_ok || !p->sites)
		return -EOPNOTSUPP;
	if (in > PAGE - STUB_SITE_LEN || virt >= UVMM_USER_TOP || orig_off % PAGE ||
	    (prot & ~(uint32_t)(PROT_READ | PROT_EXEC)) != 0 || !(prot & PROT_EXEC))
		return -EINVAL;
	if (page - STUB_SITE_TABLE_ADDR < STUB_SITE_TABLE_SIZE)
		return -EINVAL;
	memcpy(code, site_code, sizeof(code));
	memcpy(code + 1, &nr, 4);
	if (memcmp((const uint8_t *)orig + in, code, sizeof(code)))
		return -EINVAL;
	if (refused(p, page))
		return -EPERM;
	s = shadow_at(p, page);
	if (s && (s->orig_off != orig_off || s->prot != prot))
		return -EAGAIN;	/* not what the process maps there: cannot be */
	/* Done already; or another site overlaps it (code jumped into the
	 * middle of instructions): one of them stays as it is. */
	if (s && memcmp(pool_ptr(s->pool_page) + in, code, sizeof(code)))
		return pool_ptr(s->pool_page)[in] == 0xff ? 0 : -EINVAL;
	if (p->next_site >= STUB_MAX_SITES || (!s && p->nr_shadows >= GUEST_PROC_SHADOWS))
		return -ENOSPC;
	if (!s) {
		uint32_t pp;

		err = pool_get(&pp);
		if (err)
			return err;
		memcpy(pool_ptr(pp), orig, PAGE);
		err = guest_proc_queue_raw(p, STUB_OP_MAP, STUB_MEM_FD, page, PAGE,
					   pool_off(pp), PROT_EXEC);
		if (err) {
			pool_put(pp);
			return err;
		}
		s = &p->shadows[p->nr_shadows++];
		*s = (struct guest_proc_shadow){
			.virt = page, .orig_off = orig_off, .prot = prot, .pool_page = pp,
		};
	}
	if (!p->table_mapped) {
		err = guest_proc_queue_raw(p, STUB_OP_MAP, STUB_MEM_FD, STUB_SITE_TABLE_ADDR,
					   STUB_SITE_TABLE_SIZE, rw.base, PROT_READ);
		if (err)
			return err;
		p->table_mapped = 1;
	}
	k = p->next_site++;
	p->sites[k] = (struct stub_site){ .ret = virt + STUB_SITE_LEN, .nr = nr, .live = 1 };
	/* jmp *disp32: ff 24 25, then the slot's address */
	copy = pool_ptr(s->pool_page) + in;
	disp = (uint32_t)(STUB_SITE_TABLE_ADDR + 8 * k);
	copy[1] = 0x24;
	copy[2] = 0x25;
	memcpy(copy + 3, &disp, 4);
	__atomic_store_n(copy, 0xff, __ATOMIC_RELEASE);
	p->sites_rewritten++;
	return 0;
}

int guest_proc_rewrite_fault(struct guest_proc *p, const struct uvmm_user_thread *t)
{
	uint64_t page = t->fault.addr & ~(uint64_t)(PAGE - 1);
	struct guest_proc_shadow *s;

	/* A read of a copy: the key of execute-only memory said no. */
	if (!p->nr_shadows || t->fault.signo != SIGSEGV || t->fault.code != SEGV_PKUERR)
		return 0;
	s = shadow_at(p, page);
	if (!s)
		return 0;
	if (p->nr_refused < GUEST_PROC_REFUSED)
		p->refused[p->nr_refused++] = page;
	drop(p, s, 1);
	return 1;
}
