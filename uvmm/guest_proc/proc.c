// SPDX-License-Identifier: GPL-2.0
/*
 * Guest processes (guest_proc.h): the life of one and its queue of mapping
 * changes. The other pieces: spawn.c (start, end), batch.c (the queue
 * carried out by the stub), tracer.c (running guest user code under
 * PTRACE_SYSEMU), fast.c (the fast gate), run.c (what both share), fpu.c
 * (lazy FPU state), pin.c (CPU placement).
 * docs/guest-processes.md tells the whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_proc/internal.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

extern const char guest_proc_stub_image[], guest_proc_stub_image_end[];

int guest_proc_mem_fd = -1;
int guest_proc_stub_fd = -1;
int guest_proc_dev_fds[STUB_MAX_DEVS];
unsigned int guest_proc_nr_dev_fds;

/* The processes this thread traces. */
static __thread struct guest_proc *procs;
/* How the last process that failed to start ended (waitpid status). */
static __thread int last_start_failure;

int guest_proc_last_start_failure(void)
{
	return last_start_failure;
}

struct guest_proc **guest_proc_list(void)
{
	return &procs;
}

/* The stub's image in a sealed memfd, exec'd from there by every child. */
static int stub_memfd(char *err, size_t errlen)
{
	size_t len = guest_proc_stub_image_end - guest_proc_stub_image;
	ssize_t n;
	int fd;

	fd = memfd_create("uvmm-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
	if (fd < 0 && errno == EINVAL)	/* kernels before 6.3 know no MFD_EXEC */
		fd = memfd_create("uvmm-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0) {
		snprintf(err, errlen, "guest processes: memfd for the stub: %s",
			 strerror(errno));
		return -1;
	}
	n = write(fd, guest_proc_stub_image, len);
	if (n != (ssize_t)len ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW |
				   F_SEAL_WRITE) < 0) {
		snprintf(err, errlen, "guest processes: writing the stub: %s",
			 n < 0 || n == (ssize_t)len ? strerror(errno) : "short write");
		close(fd);
		return -1;
	}
	return fd;
}

int guest_proc_setup(int mem_fd, char *err, size_t errlen)
{
	if (mem_fd < 0 || fcntl(mem_fd, F_GETFD) < 0) {
		snprintf(err, errlen, "guest processes: bad memory file fd %d", mem_fd);
		return -1;
	}
	if (guest_proc_stub_fd < 0) {
		guest_proc_stub_fd = stub_memfd(err, errlen);
		if (guest_proc_stub_fd < 0)
			return -1;
	}
	guest_proc_reuse = !getenv("UVMM_NO_REUSE");
	if (guest_proc_fpu_setup() < 0) {
		snprintf(err, errlen, "guest processes: out of memory");
		return -1;
	}
	if (mem_fd != guest_proc_mem_fd)
		guest_proc_drop_spare();
	guest_proc_mem_fd = mem_fd;
	return 0;
}

static void unlink_proc(struct guest_proc *p)
{
	struct guest_proc **pp;

	for (pp = &procs; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			return;
		}
}

struct guest_proc *guest_proc_alloc(void)
{
	struct guest_proc *p = calloc(1, sizeof(*p));

	if (p) {
		p->cpu = -1;
		p->map_gen = 1;	/* the zeroed entries do not count */
	}
	return p;
}

/* Ended without waiting (spare.c reaps it); the memory now. */
void guest_proc_free(struct guest_proc *p)
{
	guest_proc_spawn_release(p);
	guest_proc_end(p);
	guest_proc_fast_release(p);
	guest_proc_rewrite_forget_all(p);	/* its copies back to the pool */
	if (p->sites)
		munmap(p->sites, STUB_MAX_SITES * sizeof(p->sites[0]));
	if (p->page)
		munmap(p->page, STUB_PAGE_SIZE);
	if (p->mbox)
		munmap(p->mbox, STUB_MBOX_SIZE);
	free(p);
}

long guest_proc_create(struct guest_proc **out)
{
	struct guest_proc *p;
	long err;
	int tries;

	if (guest_proc_stub_fd < 0 || guest_proc_mem_fd < 0)
		return -EINVAL;	/* guest_proc_setup() first */
	p = guest_proc_take_spare();
	if (p) {
		err = 0;
		goto made;
	}
	/*
	 * Where exec's stack is randomized (no ADDR_NO_RANDOMIZE allowed), it
	 * can, rarely, cover the stub's fixed address: exec fails, try again.
	 */
	for (tries = 0; tries < 3; tries++) {
		p = guest_proc_alloc();
		if (!p)
			return -ENOMEM;
		err = guest_proc_spawn(p);
		if (!err)
			break;
		guest_proc_reap(p);
		last_start_failure = p->exit_status;
		guest_proc_free(p);
		if (err != -ENOEXEC)
			return err;
	}
	if (err)
		return err;
made:
	guest_proc_launch_spare();
	p->next = procs;
	procs = p;
	*out = p;
	return 0;
}

void guest_proc_destroy(struct guest_proc *p)
{
	if (!p)
		return;
	unlink_proc(p);
	if (!guest_proc_keep(p))
		guest_proc_free(p);
}

/*
 * Pages queued for mapping lately, remembered (a small cache by address)
 * while no unmap or protect of them came after (nor the unmap-all of a
 * batch short of host mappings, batch.c): the process has them, with that
 * file offset and protection. The guest's fault-around maps every page around
 * a fault again at each fault in the window; only what the process lacks
 * needs a host mmap (about 4 us each here), and replacing an identical
 * mapping would also cost a zap, a TLB flush and a refault.
 */
void guest_proc_forget_mapped(struct guest_proc *p)
{
	/* A tag that comes round again must not revive an old entry. */
	if (++p->map_gen == 0) {
		memset(p->mapped, 0, sizeof(p->mapped));
		p->map_gen = 1;
	}
}

/* What was noted about pages in [virt, virt + len) is no longer so. */
static void forget(struct guest_proc *p, uint64_t virt, uint64_t len)
{
	int i;

	for (i = 0; i < GUEST_PROC_MAPPED; i++)
		if (p->mapped[i].virt - virt < len)
			p->mapped[i].tag = 0;
}

static struct guest_proc_mapped *slot(struct guest_proc *p, uint64_t virt)
{
	return &p->mapped[(virt / STUB_PAGE_SIZE) % GUEST_PROC_MAPPED];
}

static int has(struct guest_proc *p, uint64_t virt, uint64_t off, uint32_t prot)
{
	const struct guest_proc_mapped *m = slot(p, virt);

	return m->tag == p->map_gen && m->virt == virt && m->off == off && m->prot == prot;
}

static void remember(struct guest_proc *p, uint64_t virt, uint64_t off,
		     uint64_t len, uint32_t prot)
{
	uint64_t i, n = len / STUB_PAGE_SIZE;

	if (n > GUEST_PROC_MAPPED) {	/* too big to note */
		forget(p, virt, len);
		return;
	}
	for (i = 0; i < n; i++)
		*slot(p, virt + i * STUB_PAGE_SIZE) = (struct guest_proc_mapped){
			.virt = virt + i * STUB_PAGE_SIZE, .off = off + i * STUB_PAGE_SIZE,
			.prot = prot, .tag = p->map_gen,
		};
}

/* Put op on the request page, after a batch that makes room if it is full. */
static long append(struct guest_proc *p, struct stub_op op)
{
	struct stub_page *pg = p->page;
	long err;

	if (p->broken)
		return p->broken;
	if (!p->pid)
		return -ESRCH;
	/*
	 * An unmap next to the one just before it is the same as both: one
	 * host call (a window copied on write drops its pages one by one).
	 * A map of just what the last operation unmapped replaces it: the
	 * host's MAP_FIXED drops what was there (a page copied on write,
	 * mapped again at once).
	 */
	if (pg->count) {
		struct stub_op *last = &pg->ops[pg->count - 1];

		if (op.op == STUB_OP_UNMAP && last->op == STUB_OP_UNMAP &&
		    (last->addr + last->len == op.addr || op.addr + op.len == last->addr)) {
			last->addr = op.addr < last->addr ? op.addr : last->addr;
			last->len += op.len;
			return 0;
		}
		if ((op.op == STUB_OP_MAP || op.op == STUB_OP_ZERO) && last->op == STUB_OP_UNMAP &&
		    last->addr == op.addr && last->len == op.len) {
			*last = op;
			return 0;
		}
	}
	/* Keep one slot: a batch short of host mappings puts an unmap-all first. */
	if (pg->count >= STUB_MAX_OPS - 1) {
		err = guest_proc_flush(p);
		if (err)
			return err;
	}
	pg->ops[pg->count++] = op;
	return 0;
}

/* Whole pages of user space, a known protection: what an operation takes. */
static bool op_ok(uint64_t virt, uint64_t len, uint64_t off, uint32_t prot)
{
	return !((virt | len | off) & (STUB_PAGE_SIZE - 1)) && len &&
	       virt < UVMM_USER_TOP && len <= UVMM_USER_TOP - virt &&
	       !(prot & ~(uint32_t)(UVMM_PROT_READ | UVMM_PROT_WRITE | UVMM_PROT_EXEC));
}

long guest_proc_queue_raw(struct guest_proc *p, uint16_t op, uint16_t fd, uint64_t virt,
			  uint64_t len, uint64_t off, uint32_t prot)
{
	if (!op_ok(virt, len, off, prot))
		return -EINVAL;
	if (op != STUB_OP_MAP || fd != STUB_MEM_FD)
		forget(p, virt, len);
	/* UVMM_PROT_* have the host's PROT_* values. */
	return append(p, (struct stub_op){
		.op = op, .fd = fd, .prot = prot, .addr = virt, .len = len, .off = off,
	});
}

/* An operation of the guest kernel's: a rewritten page it touches first. */
static long queue(struct guest_proc *p, uint16_t op, uint16_t fd, uint64_t virt,
		  uint64_t len, uint64_t off, uint32_t prot)
{
	long err;

	if (p->nr_shadows || p->table_mapped) {
		if (!op_ok(virt, len, off, prot))
			return -EINVAL;	/* before any copy is dropped for it */
		err = guest_proc_rewrite_before(p, op, op == STUB_OP_MAP && fd == STUB_MEM_FD,
						virt, len, off, prot);
		if (err)
			return err;
	}
	return guest_proc_queue_raw(p, op, fd, virt, len, off, prot);
}

/* A map of the memory file, around the rewritten pages it leaves alone. */
static long queue_map(struct guest_proc *p, uint64_t virt, uint64_t len, uint64_t off,
		      uint32_t prot)
{
	uint64_t kept;
	long err;

	if (!p->nr_shadows)
		return queue(p, STUB_OP_MAP, STUB_MEM_FD, virt, len, off, prot);
	if (!op_ok(virt, len, off, prot))
		return -EINVAL;		/* before any piece is queued */
	err = guest_proc_rewrite_before(p, STUB_OP_MAP, 1, virt, len, off, prot);
	while (!err && len) {
		kept = guest_proc_rewrite_keeps(p, virt, len);
		if (kept > virt)
			err = guest_proc_queue_raw(p, STUB_OP_MAP, STUB_MEM_FD, virt, kept - virt,
						   off, prot);
		if (kept == virt + len)
			break;
		kept += STUB_PAGE_SIZE;
		off += kept - virt;
		len -= kept - virt;
		virt = kept;
	}
	return err;
}

long guest_proc_queue_tsc(struct guest_proc *p, int no_tsc)
{
	long err = append(p, (struct stub_op){
		.op = STUB_OP_TSC, .prot = no_tsc ? PR_TSC_SIGSEGV : PR_TSC_ENABLE,
	});

	if (!err)
		p->no_tsc = no_tsc;
	return err;
}

long guest_proc_map(struct guest_proc *p, uint64_t virt, uint64_t file_off,
		    uint64_t len, uint32_t prot)
{
	uint64_t first = 0, last = len / STUB_PAGE_SIZE;
	long err;

	/* The part from the first page it lacks to the last (checked by queue()). */
	if (len / STUB_PAGE_SIZE <= GUEST_PROC_MAPPED &&
	    !((virt | len | file_off) & (STUB_PAGE_SIZE - 1)) &&
	    virt < UVMM_USER_TOP && len <= UVMM_USER_TOP - virt) {
		while (first < last && has(p, virt + first * STUB_PAGE_SIZE,
					   file_off + first * STUB_PAGE_SIZE, prot))
			first++;
		while (last > first && has(p, virt + (last - 1) * STUB_PAGE_SIZE,
					   file_off + (last - 1) * STUB_PAGE_SIZE, prot))
			last--;
		if (first == last && len)
			return p->broken ? p->broken : p->pid ? 0 : -ESRCH;
		virt += first * STUB_PAGE_SIZE;
		file_off += first * STUB_PAGE_SIZE;
		len = (last - first) * STUB_PAGE_SIZE;
	}
	err = queue_map(p, virt, len, file_off, prot);
	if (err)
		guest_proc_forget_mapped(p);
	else
		remember(p, virt, file_off, len, prot);
	return err;
}

/*
 * Zeros that are never written (the guest's zero page): anonymous memory,
 * read-only, so that neighbouring runs merge into one host mapping; a
 * write faults like one to any read-only page, and the guest's copy on
 * write replaces the run's page with a frame of its own.
 */
long guest_proc_map_zero(struct guest_proc *p, uint64_t virt, uint64_t len, uint32_t prot)
{
	if (prot & UVMM_PROT_WRITE)
		return -EINVAL;
	return queue(p, STUB_OP_ZERO, 0, virt, len, 0, prot);
}

int guest_proc_set_devices(const int *fds, unsigned int n)
{
	if (n > STUB_MAX_DEVS)
		return -1;
	if (n)
		memcpy(guest_proc_dev_fds, fds, n * sizeof(*fds));
	guest_proc_nr_dev_fds = n;
	guest_proc_drop_spare();	/* started without them */
	return 0;
}

long guest_proc_map_device(struct guest_proc *p, uint64_t virt, unsigned int dev,
			   uint64_t dev_off, uint64_t len, uint32_t prot)
{
	if (dev >= guest_proc_nr_dev_fds)
		return -EINVAL;
	return queue(p, STUB_OP_MAP, STUB_DEV_FD0 + dev, virt, len, dev_off, prot);
}

/*
 * Never fails for its arguments, and never leaves a stale mapping: rounded
 * out to whole pages and cut to the guest's range, [0, UVMM_USER_TOP).
 */
long guest_proc_unmap(struct guest_proc *p, uint64_t virt, uint64_t len)
{
	uint64_t end = len > UVMM_USER_TOP || virt >= UVMM_USER_TOP - len ?
		       UVMM_USER_TOP : virt + len;

	if (!len || virt >= UVMM_USER_TOP)
		return p->broken ? p->broken : 0;
	end = (end + STUB_PAGE_SIZE - 1) & ~(uint64_t)(STUB_PAGE_SIZE - 1);
	virt &= ~(uint64_t)(STUB_PAGE_SIZE - 1);
	return queue(p, STUB_OP_UNMAP, 0, virt, end - virt, 0, 0);
}

long guest_proc_protect(struct guest_proc *p, uint64_t virt, uint64_t len,
			uint32_t prot)
{
	return queue(p, STUB_OP_PROTECT, 0, virt, len, 0, prot);
}

void guest_proc_forget(struct guest_proc *p, struct uvmm_user_thread *t)
{
	struct guest_proc *q;

	(void)p;	/* any process of this tracer may hold t's state */
	for (q = procs; q; q = q->next)
		if (q->fpu_owner == t)
			q->fpu_owner = NULL;
}
