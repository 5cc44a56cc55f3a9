// SPDX-License-Identifier: GPL-2.0
/*
 * User address spaces, mirrored into host processes.
 *
 * Each mm is a host process that uvmm created for us (init_new_context).
 * The page tables are the truth; the host process maps guest RAM only
 * where we asked it to, lazily: a guest access to something it does not
 * have mapped faults in the host, comes back to us as a user fault, and
 * we map what the page table says (resolving the fault through the mm
 * first if the page table does not allow the access yet). Whenever the
 * kernel takes something away it flushes the TLB, and a flush drops the
 * mirrored range (tlbflush.h). uvmm queues both kinds of change and makes
 * them, in order, before the process next runs.
 *
 * The host does not tell us whether a fault was a read or a write. A
 * fault on a page the host had mapped needed more than we gave it: a
 * write (we map clean pages read-only, so that the first write marks the
 * page dirty here). A fault on a page the host did not have mapped is
 * resolved as a write if the mapping is writable: one round trip instead
 * of two, at the price of an early copy-on-write; where the mapping
 * refuses a write it is resolved again as a read.
 */
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/pagemap.h>
#include <linux/pgtable.h>
#include <linux/sizes.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/mm.h>
#include <linux/swap.h>
#include <linux/perf_event.h>
#include <linux/userfaultfd_k.h>
#include <asm/gate.h>
#include <asm/io.h>
#include <asm/mmu_context.h>
#include <asm/tlbflush.h>
#include <asm/uvmm_fault.h>
#include <asm/uvmm_walk.h>

/* Pages mapped around a faulting one, in one batch (one host round trip). */
#define FAULT_AROUND_BYTES	(16 * PAGE_SIZE)
/*
 * File pages mapped ahead of a reader of text or of a file read in order
 * (file_fault_ahead); a divisor of PMD_SIZE, so one page table holds it.
 */
#define FILE_AHEAD_BYTES	SZ_1M
/* At most this many requests to uvmm for a window wider than the usual. */
#define MIRROR_AHEAD_RUNS	4

int init_new_context(struct task_struct *tsk, struct mm_struct *mm)
{
	long id = gate_mm_create();

	if (id < 0)
		return id;
	mm->context.id = id;
	mm->context.fresh = true;
	mm->context.fork_copy = false;
	/* A fork's copy starts with the parent's: its process has none. */
	mm->context.no_rewrite = false;
	memset(mm->context.sites, 0, sizeof(mm->context.sites));
	return 0;
}

void destroy_context(struct mm_struct *mm)
{
	if (mm->context.id)
		gate_mm_destroy(mm->context.id);
	mm->context.id = 0;
}

void uvmm_user_flush(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	long err;

	end = min(end, TASK_SIZE);
	if (!mm || !mm->context.id || start >= end)
		return;
	/*
	 * uvmm never fails to queue an unmap: it runs the queue when full.
	 * -ESRCH: it killed the process (a hostile one, docs/guest-processes.md),
	 * so nothing of it is mapped any more.
	 */
	err = gate_mm_unmap(mm->context.id, start, end - start);
	WARN_ON_ONCE(err && err != -ESRCH);
}

/* Past this many mappings to drop one by one, dropping all is cheaper. */
#define FORK_FLUSH_MAX_VMAS	32
/*
 * A mapping fork write-protected is mirrored again, read-only, if it is
 * at most this big and its pages this many runs of frames (one request
 * each).
 */
#define FORK_REMIRROR_MAX_BYTES	PMD_SIZE
#define FORK_REMIRROR_MAX_RUNS	16

static bool user_visible(pte_t pte)
{
	return (pte_val(pte) & (_PAGE_PRESENT | _PAGE_USER)) ==
	       (_PAGE_PRESENT | _PAGE_USER);
}

/* Writable only once dirty, so that we see the first write. */
static u32 host_prot(pte_t pte)
{
	u32 prot = UVMM_PROT_READ;

	if (pte_write(pte) && pte_dirty(pte))
		prot |= UVMM_PROT_WRITE;
	if (pte_exec(pte))
		prot |= UVMM_PROT_EXEC;
	return prot;
}

static pte_t *user_pte_map_lock(struct mm_struct *mm, unsigned long addr,
				spinlock_t **ptl)
{
	pmd_t *pmd = uvmm_walk_to_pmd(pgd_offset(mm, addr), addr);

	return pmd ? pte_offset_map_lock(mm, pmd, addr, ptl) : NULL;
}

struct map_run {
	unsigned long virt, phys, len;
	u32 prot;	/* UVMM_PROT_*, ZERO for the zero page (phys unused) */
	bool device;	/* not RAM: a BAR that user space mapped (sysfs, say) */
};

/* Does this page extend the run? The zero page repeats, frames follow. */
static bool run_extends(const struct map_run *r, unsigned long va, unsigned long phys,
			u32 prot, bool device)
{
	if (!r->len || r->virt + r->len != va || r->prot != prot || r->device != device)
		return false;
	return (prot & UVMM_PROT_ZERO) || r->phys + r->len == phys;
}

/*
 * Have uvmm map the run. RAM it always maps; device memory only where it
 * is a passthrough BAR it can hand to the process (not the pages vpci
 * emulates: MSI-X, an emulated device's registers). Refused, a device run
 * is tried page by page; *page_mapped is cleared if page was one refused.
 */
static void map_run_flush(struct mm_struct *mm, struct map_run *r, unsigned long page,
			  bool *page_mapped)
{
	u64 id = mm->context.id;
	unsigned long off;

	if (!r->len)
		return;
	if (!r->device)
		WARN_ON_ONCE(gate_mm_map(id, r->virt, r->phys, r->len, r->prot));
	else if (gate_mm_map(id, r->virt, r->phys, r->len, r->prot))
		for (off = 0; off < r->len; off += PAGE_SIZE)
			if (gate_mm_map(id, r->virt + off, r->phys + off, PAGE_SIZE, r->prot) &&
			    r->virt + off == page)
				*page_mapped = false;
	r->len = 0;
}

/* A page user code may see, as uvmm is to map it (prot, and where). */
static bool mirror_pte(pte_t pte, u32 *prot, unsigned long *phys, bool *device)
{
	if (!user_visible(pte))
		return false;
	*phys = pte_pfn(pte) << PAGE_SHIFT;
	*prot = host_prot(pte);
	/*
	 * Read faults of anonymous memory all map the zero page: as one frame
	 * at many addresses it would cost the host one mapping per page; uvmm
	 * maps zero runs as anonymous memory.
	 */
	if (is_zero_pfn(pte_pfn(pte)))
		*prot = (*prot & ~UVMM_PROT_WRITE) | UVMM_PROT_ZERO;
	*device = !uvmm_pfn_is_ram(pte_pfn(pte));
	return true;
}

/*
 * How many requests mirroring [start, end) would take: one per run of
 * pages whose frames follow each other (ptep maps start; the range is
 * inside one page table).
 */
static unsigned int mirror_runs(pte_t *ptep, unsigned long start, unsigned long end)
{
	struct map_run run = { };
	unsigned int n = 0;
	unsigned long va, phys;
	bool device;
	u32 prot;

	for (va = start; va < end; va += PAGE_SIZE, ptep++) {
		if (!mirror_pte(ptep_get(ptep), &prot, &phys, &device)) {
			run.len = 0;
			continue;
		}
		if (run_extends(&run, va, phys, prot, device)) {
			run.len += PAGE_SIZE;
			continue;
		}
		run = (struct map_run){ va, phys, PAGE_SIZE, prot, device };
		n++;
	}
	return n;
}

/*
 * Mirror the pages of [start, end) (inside one page table, around addr)
 * that the page table lets user code see, marking them accessed; the
 * wider window of a fault-ahead only where it costs uvmm few requests
 * (frames that follow each other), else the usual one around addr.
 * Contiguous runs go to uvmm as one request. Returns false only if
 * addr's own page is device memory uvmm refused: a page that is not (or
 * no longer: reclaim may take it between the fault and here) in the
 * page table is left to fault again.
 */
static bool mirror_window(struct mm_struct *mm, unsigned long start, unsigned long end,
			  unsigned long addr)
{
	unsigned long page = addr & PAGE_MASK;
	struct map_run run = { };
	bool mapped = true;
	unsigned long va;
	spinlock_t *ptl;
	pte_t *ptep;

	ptep = user_pte_map_lock(mm, start, &ptl);
	if (!ptep)
		return true;	/* the table went: fault again */
	if (end - start > FAULT_AROUND_BYTES &&
	    mirror_runs(ptep, start, end) > MIRROR_AHEAD_RUNS) {
		/* The usual piece, in the same page table (start may be past
		 * its beginning: a window cut to a mapping). */
		unsigned long s = ALIGN_DOWN(addr, FAULT_AROUND_BYTES);

		ptep += ((long)s - (long)start) / (long)PAGE_SIZE;
		start = s;
		end = min(s + FAULT_AROUND_BYTES, TASK_SIZE);
	}
	for (va = start; va < end; va += PAGE_SIZE, ptep++) {
		pte_t pte = ptep_get(ptep);
		unsigned long phys;
		bool device;
		u32 prot;

		if (!mirror_pte(pte, &prot, &phys, &device)) {
			map_run_flush(mm, &run, page, &mapped);
			continue;
		}
		if (!pte_young(pte))
			set_pte(ptep, pte_mkyoung(pte));
		if (run_extends(&run, va, phys, prot, device)) {
			run.len += PAGE_SIZE;
		} else {
			map_run_flush(mm, &run, page, &mapped);
			run = (struct map_run){ va, phys, PAGE_SIZE, prot, device };
		}
	}
	map_run_flush(mm, &run, page, &mapped);
	pte_unmap_unlock(ptep - 1, ptl);
	return mapped;
}

/*
 * The flush at the end of a fork (arch_dup_mmap marked mm; dup_mmap holds
 * its mmap lock for writing, so nothing else changes it meanwhile). Fork
 * changed mm's page tables in one way only: it write-protected the
 * present writable entries of the private mappings it copied entry by
 * entry (copy_page_range: those with anonymous pages, PFN maps,
 * userfaultfd write-protection), and only of those that may be written
 * (a mapping without VM_WRITE, a program's data after RELRO made it
 * read-only, has no writable entry). Only those are dropped from the host
 * process; its code and everything else stay mapped, so that the parent
 * does not fault them all in again after every fork. The small ones (a
 * program's stack, data and heap, mostly) are mirrored again at once as
 * fork left them, read-only: the parent goes on reading them without a
 * fault and takes one per page it writes, as on real hardware.
 */
static bool fork_wrprotected(struct vm_area_struct *vma)
{
	/* Without VM_WRITE no entry is writable: fork changed none of them. */
	return is_cow_mapping(vma->vm_flags) && (vma->vm_flags & VM_WRITE) &&
	       (vma->anon_vma || (vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)) ||
		userfaultfd_wp(vma));
}

static void remirror_forked(struct mm_struct *mm, struct vm_area_struct *vma)
{
	unsigned long start = vma->vm_start, end = vma->vm_end, va, next;
	unsigned int runs = 0;
	spinlock_t *ptl;
	pte_t *ptep;

	if (end - start > FORK_REMIRROR_MAX_BYTES || (vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)) ||
	    userfaultfd_armed(vma))
		return;
	/* Page table by page table: the mapping may cross into a second. */
	for (va = start; va < end; va = next) {
		next = min(ALIGN_DOWN(va, PMD_SIZE) + PMD_SIZE, end);
		ptep = user_pte_map_lock(mm, va, &ptl);
		if (ptep) {
			runs += mirror_runs(ptep, va, next);
			pte_unmap_unlock(ptep, ptl);
		}
	}
	if (runs > FORK_REMIRROR_MAX_RUNS)
		return;
	/* Window by window: a window's pages all, whatever their runs. */
	for (va = start; va < end; va = next) {
		next = min(ALIGN_DOWN(va, FAULT_AROUND_BYTES) + FAULT_AROUND_BYTES, end);
		mirror_window(mm, va, next, va);
	}
}

void uvmm_user_flush_forked(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned int n = 0;
	VMA_ITERATOR(vmi, mm, 0);

	mm->context.forked = false;
	for_each_vma(vmi, vma)
		if (fork_wrprotected(vma) && ++n > FORK_FLUSH_MAX_VMAS) {
			uvmm_user_flush(mm, 0, TASK_SIZE);
			return;
		}
	vma_iter_set(&vmi, 0);
	for_each_vma(vmi, vma)
		if (fork_wrprotected(vma)) {
			/* Dropped first: what is mirrored again is all there is. */
			uvmm_user_flush(mm, vma->vm_start, vma->vm_end);
			remirror_forked(mm, vma);
		}
}

/*
 * Pages nobody asked for yet must not cost anyone else theirs: taken only
 * from plenty of free memory (no reclaim, no OOM kill for them) and not
 * in a memory cgroup with a limit (its reclaim and OOM are what the
 * developer is testing there).
 */
static bool spare_memory_for_ahead(void)
{
	bool ok = global_zone_page_state(NR_FREE_PAGES) >
		  2 * totalreserve_pages + 4 * (FAULT_AROUND_BYTES >> PAGE_SHIFT);
#ifdef CONFIG_MEMCG
	struct mem_cgroup *memcg;

	rcu_read_lock();
	for (memcg = mem_cgroup_from_task(current); ok && memcg && !mem_cgroup_is_root(memcg);
	     memcg = parent_mem_cgroup(memcg))
		ok = READ_ONCE(memcg->memory.max) == PAGE_COUNTER_MAX;
	rcu_read_unlock();
#endif
	return ok;
}

/*
 * The pages of a window faulted ahead, allocated together: a block of
 * frames that follow each other, handed out by address, so that the
 * window is one run for uvmm to map (one host mmap, and one of the
 * vm.max_map_count mappings a host process may hold) instead of one a
 * page. Pages allocated one at a time come in whatever order the
 * allocator's lists hold them: after a large free, last in first out,
 * which is descending, and after much coming and going, scattered; a
 * block comes from the buddy lists in one piece, and blocks split from a
 * larger one come in ascending order, so that neighbouring windows follow
 * each other too.
 */
#define AHEAD_ORDER	ilog2(FAULT_AROUND_BYTES >> PAGE_SHIFT)

struct uvmm_page_block {
	struct mm_struct *mm;
	unsigned long start;	/* the address of pages[0] */
	struct page *pages[1 << AHEAD_ORDER];	/* NULL once taken */
};

/* The generic one, but a window faulted ahead takes its block's page. */
struct folio *vma_alloc_zeroed_movable_folio(struct vm_area_struct *vma,
					     unsigned long vaddr)
{
	struct uvmm_page_block *b = current_thread_info()->page_block;
	struct folio *folio = NULL;

	if (b && b->mm == vma->vm_mm && vaddr >= b->start &&
	    vaddr - b->start < FAULT_AROUND_BYTES) {
		struct page **page = &b->pages[(vaddr - b->start) >> PAGE_SHIFT];

		if (*page) {
			folio = page_folio(*page);
			*page = NULL;
		}
	}
	if (!folio)
		folio = vma_alloc_folio(GFP_HIGHUSER_MOVABLE, 0, vma, vaddr, false);
	if (folio)
		clear_user_highpage(&folio->page, vaddr);
	return folio;
}

/*
 * A block for the window at start, or false: only from free memory as it
 * is (no reclaim, no compaction: a window can do without).
 */
static bool page_block_get(struct uvmm_page_block *b, struct mm_struct *mm,
			   unsigned long start)
{
	gfp_t gfp = (GFP_HIGHUSER_MOVABLE & ~__GFP_DIRECT_RECLAIM) | __GFP_NOWARN;
	struct page *page = alloc_pages(gfp, AHEAD_ORDER);
	unsigned int i;

	if (!page)
		return false;
	split_page(page, AHEAD_ORDER);
	b->mm = mm;
	b->start = start;
	for (i = 0; i < ARRAY_SIZE(b->pages); i++)
		b->pages[i] = page + i;
	current_thread_info()->page_block = b;
	return true;
}

/* The window is done: give back what it did not take. */
static void page_block_put(struct uvmm_page_block *b)
{
	unsigned int i;

	current_thread_info()->page_block = NULL;
	for (i = 0; i < ARRAY_SIZE(b->pages); i++)
		if (b->pages[i])
			__free_page(b->pages[i]);
}

/* The page table entry at va, none if there is no table. (mmap lock held) */
static pte_t user_pte_get(struct mm_struct *mm, unsigned long va)
{
	spinlock_t *ptl;
	pte_t *ptep = user_pte_map_lock(mm, va, &ptl);
	pte_t pte = __pte(0);

	if (ptep) {
		pte = ptep_get(ptep);
		pte_unmap_unlock(ptep, ptl);
	}
	return pte;
}

/*
 * A small private writable mapping (one window at most: a program's data
 * and bss, a library's): a new program writes most of it in its first
 * microseconds, in no order (its C library's start-up), and so does a
 * fork child (its C library's fork handlers), a round trip to uvmm each;
 * written as a whole at its first write, it costs at most a window of
 * copies (or zeroed pages) it might not have needed.
 */
static bool small_private(struct vm_area_struct *vma)
{
	/* Not device memory: a read of it must not become a copy. */
	return (vma->vm_flags & (VM_WRITE | VM_SHARED | VM_PFNMAP | VM_MIXEDMAP | VM_IO)) ==
	       VM_WRITE && vma->vm_end - vma->vm_start <= FAULT_AROUND_BYTES;
}

/* Does the page table already allow this access? (mmap lock held) */
static bool pte_allows(struct mm_struct *mm, unsigned long addr, bool write)
{
	spinlock_t *ptl;
	pte_t *ptep = user_pte_map_lock(mm, addr, &ptl);
	bool ok = false;

	if (ptep) {
		pte_t pte = ptep_get(ptep);

		ok = user_visible(pte) && (!write || (pte_write(pte) && pte_dirty(pte)));
		pte_unmap_unlock(ptep, ptl);
	}
	return ok;
}

/* Private, writable, and the process did not say no to faults ahead. */
static bool write_ahead_ok(struct vm_area_struct *vma)
{
	return (vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE &&
	       !(vma->vm_flags & VM_RAND_READ) && !userfaultfd_armed(vma);
}

/*
 * The pages of [start, end) in vma as writes would leave them: the empty
 * ones, and with shared too those there but not yet writable (shared
 * copy-on-write, say).
 */
static void write_range(struct vm_area_struct *vma, unsigned long start, unsigned long end,
			bool shared)
{
	unsigned long va;

	for (va = start; va < end; va += PAGE_SIZE)
		if ((shared ? !pte_allows(vma->vm_mm, va, true) :
			      pte_none(user_pte_get(vma->vm_mm, va))) &&
		    (handle_mm_fault(vma, va, FAULT_FLAG_USER | FAULT_FLAG_WRITE, NULL) &
		     VM_FAULT_ERROR))
			break;
}

/*
 * Private memory written in order (anonymous memory whose page before or
 * after addr is there already), or a small private mapping written: fault
 * the whole fault-around window, addr's page included, before addr's own
 * fault is handled (in a small mapping also its pages shared
 * copy-on-write, and the window's other small private mappings: a
 * program's data and bss are neighbours), the window's new anonymous
 * pages from one block (struct uvmm_page_block), so that the window costs one round trip to
 * uvmm instead of one a page and one host mapping. The file fault path
 * has the core's fault-around; anonymous memory has none without large
 * folios, which this port does not have, and written private file pages
 * have none at all. The pages are faulted as the process's own writes
 * would be (no retry, the mmap lock stays held; no regs: they count in
 * vmstat and the task's minor faults, as MADV_POPULATE_WRITE's do, not as
 * perf page faults). Not where userfaultfd watches or the process said
 * its access is random, nor when memory is short.
 */
static void write_fault_ahead(struct vm_area_struct *vma, unsigned long addr)
{
	unsigned long start = max(ALIGN_DOWN(addr, FAULT_AROUND_BYTES), vma->vm_start);
	unsigned long end = min(ALIGN_DOWN(addr, FAULT_AROUND_BYTES) + FAULT_AROUND_BYTES,
				vma->vm_end);
	unsigned long page = addr & PAGE_MASK, va, empty = 0;
	struct mm_struct *mm = vma->vm_mm;
	bool small = small_private(vma), wanted = small, blocked = false;
	struct uvmm_page_block block;

	if (!write_ahead_ok(vma))
		return;
	if (!small && vma_is_anonymous(vma))
		for (va = page - PAGE_SIZE; va <= page + PAGE_SIZE; va += 2 * PAGE_SIZE)
			if (va >= vma->vm_start && va < vma->vm_end)
				wanted |= pte_present(user_pte_get(mm, va));
	if (!wanted || !spare_memory_for_ahead())
		return;
	/* A block for a window mostly to fill (not a fork child's, say). */
	for (va = start; va < end; va += PAGE_SIZE)
		empty += pte_none(user_pte_get(mm, va));
	if (vma_is_anonymous(vma) && 2 * empty > (end - start) >> PAGE_SHIFT)
		blocked = page_block_get(&block, mm, start);
	write_range(vma, start, end, small);
	if (blocked)
		page_block_put(&block);
	if (small) {
		/* Its small private neighbours in the window: data and bss. */
		unsigned long ws = ALIGN_DOWN(addr, FAULT_AROUND_BYTES);
		struct vm_area_struct *v;
		VMA_ITERATOR(vmi, mm, ws);

		for_each_vma_range(vmi, v, ws + FAULT_AROUND_BYTES)
			if (v != vma && small_private(v) && write_ahead_ok(v))
				write_range(v, max(ws, v->vm_start),
					    min(ws + FAULT_AROUND_BYTES, v->vm_end), true);
	}
}

/* uvmm.file_ahead=0 on the command line turns it off (to compare). */
static bool file_ahead_on = true;
#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "uvmm."
module_param_named(file_ahead, file_ahead_on, bool, 0644);

/*
 * Map the resident, up-to-date pages of file memory [ws, we) (inside one
 * page table, whose table must exist) by the mapping's own map_pages, as
 * the core's fault-around does: no I/O, nothing allocated. False if it
 * could not (not such a mapping, or no page table there).
 */
static bool map_resident(struct vm_area_struct *vma, unsigned long ws, unsigned long we)
{
	pmd_t *pmd;

	if (!file_ahead_on || vma_is_anonymous(vma) || !vma->vm_file || !vma->vm_ops ||
	    !vma->vm_ops->map_pages || (vma->vm_flags & VM_RAND_READ) ||
	    userfaultfd_armed(vma))
		return false;
	pmd = uvmm_walk_to_pmd(pgd_offset(vma->vm_mm, ws), ws);
	if (!pmd || pmd_none(pmdp_get(pmd)))
		return false;
	{
		struct vm_fault vmf = {
			.vma = vma,
			.address = ws,
			.real_address = ws,
			.pgoff = linear_page_index(vma, ws),
			.flags = FAULT_FLAG_USER,
			.pmd = pmd,
		};

		rcu_read_lock();
		vma->vm_ops->map_pages(&vmf, vmf.pgoff, linear_page_index(vma, we - 1));
		rcu_read_unlock();
	}
	return true;
}

/*
 * A read fault of file memory that the process will go on reading:
 * program text (a new program runs through its binary's code, and its
 * libraries') and a file read in order (the page before addr is mapped).
 * The core's fault-around mapped the resident pages of the
 * FAULT_AROUND_BYTES piece around addr; here the whole FILE_AHEAD_BYTES
 * window gets the same, by the same means (the mapping's map_pages, as
 * do_fault_around calls it): resident, up-to-date pages only, no I/O,
 * nothing allocated. Returns the window for mirror_window(), or addr's
 * piece if nothing was done.
 */
static void file_fault_ahead(struct vm_area_struct *vma, unsigned long addr,
			     unsigned long *start, unsigned long *end)
{
	unsigned long ws = max(ALIGN_DOWN(addr, FILE_AHEAD_BYTES), vma->vm_start);
	unsigned long we = min(ALIGN_DOWN(addr, FILE_AHEAD_BYTES) + FILE_AHEAD_BYTES,
			       vma->vm_end);

	if (!(vma->vm_flags & VM_EXEC) &&
	    ((addr & PAGE_MASK) == vma->vm_start ||
	     pte_none(user_pte_get(vma->vm_mm, (addr & PAGE_MASK) - PAGE_SIZE))))
		return;
	if (map_resident(vma, ws, we)) {
		*start = ws;
		*end = we;
	}
}

/* Fault in and mirror addr's page, as a fault of the task would. */
static void prefault_one(struct mm_struct *mm, unsigned long addr, bool write)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	unsigned int flags = FAULT_FLAG_USER;
	unsigned long start, end;

	if (!vma || userfaultfd_armed(vma) || !(vma->vm_flags & (VM_READ | VM_EXEC)))
		return;
	if (write && (vma->vm_flags & VM_WRITE))
		flags |= FAULT_FLAG_WRITE;
	if (!pte_allows(mm, addr, flags & FAULT_FLAG_WRITE) &&
	    (handle_mm_fault(vma, addr, flags, NULL) & VM_FAULT_ERROR))
		return;
	start = ALIGN_DOWN(addr, FAULT_AROUND_BYTES);
	end = min(start + FAULT_AROUND_BYTES, TASK_SIZE);
	if (!write)
		file_fault_ahead(vma, addr, &start, &end);
	mirror_window(mm, start, end, addr);
}

bool uvmm_user_present(struct mm_struct *mm, unsigned long addr)
{
	return user_visible(user_pte_get(mm, addr));
}

void uvmm_user_remirror(struct mm_struct *mm, unsigned long addr)
{
	unsigned long page = addr & PAGE_MASK;

	mirror_window(mm, page, page + PAGE_SIZE, addr);
}

/*
 * A new program's first run: the read-only parts of its code's file
 * beside the code (an ELF's headers and read-only data, which its start-up
 * reads at once, a fault each otherwise) are mapped with it, their
 * resident pages in the FILE_AHEAD_BYTES window around ip. Not for a fork
 * child, which mostly goes on to a new program of its own.
 */
static void prefault_code_file(struct mm_struct *mm, unsigned long ip)
{
	struct vm_area_struct *code = vma_lookup(mm, ip), *vma;
	unsigned long ws = ALIGN_DOWN(ip, FILE_AHEAD_BYTES);
	unsigned long we = min(ws + FILE_AHEAD_BYTES, TASK_SIZE);
	VMA_ITERATOR(vmi, mm, ws);

	if (!code || !code->vm_file || mm->context.fork_copy)
		return;
	for_each_vma_range(vmi, vma, we) {
		unsigned long s = max(ws, vma->vm_start), e = min(we, vma->vm_end);

		if (vma != code && vma->vm_file == code->vm_file &&
		    (vma->vm_flags & (VM_READ | VM_WRITE)) == VM_READ &&
		    map_resident(vma, s, e))
			mirror_window(mm, s, e, s);
	}
}

/*
 * An address space runs for the first time (the child of a fork, a new
 * program): its host process has nothing mapped, and the task will at
 * once run the code at ip and write below sp. Both pages (and the windows
 * around them: for the code, the resident text FILE_AHEAD_BYTES around
 * it, which a new program runs through at once) are faulted in and
 * mirrored in the same round trip as the run itself, which saves a fault
 * each in a fresh process, the costliest kind (the host builds its page
 * tables too). The stack page is taken for a write: a fork child's is
 * shared copy-on-write with its parent.
 */
void uvmm_user_prefault(struct pt_regs *regs)
{
	struct mm_struct *mm = current->mm;

	if (!mm || !mm->context.fresh)
		return;
	mm->context.fresh = false;
	if (mmap_read_lock_killable(mm))
		return;
	prefault_one(mm, regs->ip, false);
	prefault_code_file(mm, regs->ip);
	prefault_one(mm, regs->sp - 8, true);
	mmap_read_unlock(mm);
}

/*
 * Guest user code faulted at addr in its host process; host_mapped says
 * the host had the page mapped (SEGV_ACCERR) rather than not (SEGV_MAPERR).
 * Resolve it, or send the signal real hardware would have caused.
 */
void uvmm_user_page_fault(struct pt_regs *regs, unsigned long addr, bool host_mapped)
{
	struct mm_struct *mm = current->mm;
	unsigned int flags = FAULT_FLAG_DEFAULT | FAULT_FLAG_USER;
	struct vm_area_struct *vma;
	unsigned long start, end;	/* what to mirror */
	vm_fault_t fault;
	bool write;

	if (addr >= TASK_SIZE) {
		force_sig_fault(SIGSEGV, SEGV_MAPERR, (void __user *)addr);
		return;
	}
	start = ALIGN_DOWN(addr, FAULT_AROUND_BYTES);
	end = min(start + FAULT_AROUND_BYTES, TASK_SIZE);
	perf_sw_event(PERF_COUNT_SW_PAGE_FAULTS, 1, regs, addr);
retry:
	vma = lock_mm_and_find_vma(mm, addr, regs);
	if (!vma) {
		force_sig_fault(SIGSEGV, SEGV_MAPERR, (void __user *)addr);
		return;
	}
	/*
	 * A mapped page that faults at the instruction pointer was fetched
	 * from: the host maps exactly what the page table allows, so that
	 * is a real no-execute fault.
	 */
	if (host_mapped && addr == regs->ip)
		goto bad_access;
	/*
	 * Guessing a write is only a cost elsewhere; where userfaultfd
	 * watches, its handler would see a write that never was.
	 */
	write = host_mapped || ((vma->vm_flags & VM_WRITE) && !userfaultfd_armed(vma));
	if (!(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) ||
	    (host_mapped && !(vma->vm_flags & VM_WRITE)))
		goto bad_access;

	/*
	 * Already there (a fresh process, or after a flush): just mirror it;
	 * but a small private mapping's page shared copy-on-write is taken
	 * for a write like one not there (write_fault_ahead).
	 */
	if (!(flags & FAULT_FLAG_TRIED) && pte_allows(mm, addr, host_mapped) &&
	    !(write && small_private(vma) && !pte_allows(mm, addr, true)))
		goto mirror;

	if (write) {
		flags |= FAULT_FLAG_WRITE;
		/*
		 * addr's window first: it may take addr's page too, and then
		 * addr's fault is done, counted as handle_mm_fault with regs
		 * would (the window's other pages are not perf's faults).
		 */
		if (!(flags & FAULT_FLAG_TRIED)) {
			write_fault_ahead(vma, addr);
			if (pte_allows(mm, addr, true)) {
				perf_sw_event(PERF_COUNT_SW_PAGE_FAULTS_MIN, 1, regs, addr);
				goto mirror;
			}
		}
	}
	fault = handle_mm_fault(vma, addr, flags, regs);
	/*
	 * Taken for a write only by our guess (the host did not have the
	 * page), refused: it may have been a read, which some mappings allow
	 * where a write is an error (a perf ring buffer's data pages). Ask
	 * again for a read; a store then faults on the read-only page, and
	 * that is a write for sure.
	 */
	if ((fault & (VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)) && !host_mapped &&
	    (flags & FAULT_FLAG_WRITE)) {
		flags &= ~FAULT_FLAG_WRITE;
		fault = handle_mm_fault(vma, addr, flags, regs);
	}
	if (fault_signal_pending(fault, regs))
		return;
	if (fault & VM_FAULT_COMPLETED)
		return;		/* the lock is gone; a retry mirrors it */
	if (fault & VM_FAULT_RETRY) {
		flags |= FAULT_FLAG_TRIED;
		goto retry;
	}
	if (fault & VM_FAULT_ERROR) {
		mmap_read_unlock(mm);
		if (fault & VM_FAULT_OOM)
			pagefault_out_of_memory();
		else if (fault & (VM_FAULT_SIGBUS | VM_FAULT_HWPOISON | VM_FAULT_HWPOISON_LARGE))
			force_sig_fault(SIGBUS, BUS_ADRERR, (void __user *)addr);
		else
			force_sig_fault(SIGSEGV, SEGV_MAPERR, (void __user *)addr);
		return;
	}
	if (!write)
		file_fault_ahead(vma, addr, &start, &end);
mirror:
	if (!mirror_window(mm, start, end, addr)) {
		/*
		 * A user mapping of device memory uvmm cannot hand to the
		 * process (an emulated device, the MSI-X table): its loads and
		 * stores cannot reach the device, so say so rather than fault
		 * forever.
		 */
		mmap_read_unlock(mm);
		force_sig_fault(SIGBUS, BUS_ADRERR, (void __user *)addr);
		return;
	}
	mmap_read_unlock(mm);
	return;

bad_access:
	mmap_read_unlock(mm);
	force_sig_fault(SIGSEGV, SEGV_ACCERR, (void __user *)addr);
}
