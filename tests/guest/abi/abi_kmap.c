// SPDX-License-Identifier: GPL-2.0
/*
 * Guest ABI: pages the kernel allocates and user space maps. io_uring's
 * rings, a perf ring buffer, an AF_PACKET receive ring, an mmapable BPF
 * array and AF_XDP's rings are kernel memory that a process maps with
 * mmap() on a special fd; they must reach the process like any other page
 * and stay coherent with the kernel's side both ways.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <linux/if_packet.h>
#include <linux/if_xdp.h>
#include <linux/io_uring.h>
#include <linux/perf_event.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "tap.h"

#define PAGE 4096UL

/* Submit one NOP and one write to a pipe; reap both completions. */
static void test_io_uring(void)
{
	struct io_uring_params p = { 0 };
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
	unsigned *sq_tail, *sq_array, *cq_head, *cq_tail, seen = 0;
	char *sq, *cq, buf[8] = "";
	int fd, pfd[2], i;

	fd = syscall(__NR_io_uring_setup, 4, &p);
	if (!ok(fd >= 0, "io_uring: setup (%s)", fd < 0 ? strerror(errno) : "ok"))
		return;
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
	if (!ok(sq != MAP_FAILED, "io_uring: the SQ ring maps (%s)", strerror(errno)))
		return;
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_CQ_RING);
	if (!ok(cq != MAP_FAILED, "io_uring: the CQ ring maps (%s)", strerror(errno)))
		return;
	sqes = mmap(NULL, p.sq_entries * sizeof(*sqes), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
	if (!ok(sqes != MAP_FAILED, "io_uring: the SQEs map (%s)", strerror(errno)))
		return;
	is(*(unsigned *)(sq + p.sq_off.ring_entries), p.sq_entries,
	   "io_uring: the SQ ring says its size as setup did");
	if (pipe(pfd) < 0)
		bail_out("pipe: %s", strerror(errno));
	sq_tail = (unsigned *)(sq + p.sq_off.tail);
	sq_array = (unsigned *)(sq + p.sq_off.array);
	memset(sqes, 0, 2 * sizeof(*sqes));
	sqes[0].opcode = IORING_OP_NOP;
	sqes[0].user_data = 42;
	sqes[1].opcode = IORING_OP_WRITE;
	sqes[1].fd = pfd[1];
	sqes[1].addr = (uintptr_t)"uring!";
	sqes[1].len = 6;
	sqes[1].user_data = 43;
	sq_array[0] = 0;
	sq_array[1] = 1;
	__atomic_store_n(sq_tail, *sq_tail + 2, __ATOMIC_RELEASE);
	is(syscall(__NR_io_uring_enter, fd, 2, 2, IORING_ENTER_GETEVENTS, NULL, 0), 2,
	   "io_uring: enter submits both");
	cq_head = (unsigned *)(cq + p.cq_off.head);
	cq_tail = (unsigned *)(cq + p.cq_off.tail);
	cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	for (i = *cq_head; i != (int)__atomic_load_n(cq_tail, __ATOMIC_ACQUIRE); i++) {
		struct io_uring_cqe *c = &cqes[i & *(unsigned *)(cq + p.cq_off.ring_mask)];

		if (c->user_data == 42 && c->res == 0)
			seen |= 1;
		if (c->user_data == 43 && c->res == 6)
			seen |= 2;
	}
	__atomic_store_n(cq_head, i, __ATOMIC_RELEASE);
	is(seen, 3, "io_uring: the completions are in the mapped CQ ring");
	ok(read(pfd[0], buf, sizeof(buf)) == 6 && !memcmp(buf, "uring!", 6),
	   "io_uring: the write reached the pipe");
	close(pfd[0]);
	close(pfd[1]);
	close(fd);
}

/* Page-fault samples of this process, read from the mapped ring buffer. */
static void test_perf(void)
{
	struct perf_event_attr a = {
		.type = PERF_TYPE_SOFTWARE, .size = sizeof(a),
		.config = PERF_COUNT_SW_PAGE_FAULTS, .sample_period = 1,
		.sample_type = PERF_SAMPLE_TID, .disabled = 1,
		.exclude_kernel = 1,
	};
	struct perf_event_mmap_page *meta;
	struct perf_event_header *h;
	struct { uint32_t pid, tid; } *s;
	uint64_t count = 0;
	char *touch;
	int fd, i;

	fd = syscall(__NR_perf_event_open, &a, 0, -1, -1, 0);
	if (!ok(fd >= 0, "perf: a software event opens (%s)", fd < 0 ? strerror(errno) : "ok"))
		return;
	meta = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!ok(meta != MAP_FAILED, "perf: its ring buffer maps (%s)", strerror(errno)))
		return;
	touch = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* Each page its own fault, here as on any x86_64 Linux: uvmm's guest
	 * faults anonymous memory written in order ahead otherwise. */
	madvise(touch, 16 * PAGE, MADV_RANDOM);
	ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
	for (i = 0; i < 16; i++)
		touch[i * PAGE] = 1;
	ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
	ok(read(fd, &count, sizeof(count)) == sizeof(count) && count >= 16,
	   "perf: it counted the 16 page faults (%" PRIu64 ")", count);
	ok(__atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE) > 0,
	   "perf: the kernel's records show in the mapped buffer (data_head %llu)",
	   (unsigned long long)meta->data_head);
	h = (struct perf_event_header *)((char *)meta + meta->data_offset);
	while ((char *)h < (char *)meta + 3 * PAGE - sizeof(*h) && h->type != PERF_RECORD_SAMPLE &&
	       h->size)
		h = (struct perf_event_header *)((char *)h + h->size);
	s = (void *)(h + 1);
	ok(h->type == PERF_RECORD_SAMPLE && s->pid == (uint32_t)getpid(),
	   "perf: a sample of this process (type %u, pid %u)", h->type, s->pid);
	close(fd);
}

/* A TPACKET_V2 receive ring on lo: a UDP datagram to 127.0.0.1 lands in it. */
static void test_packet_ring(void)
{
	struct tpacket_req req = { .tp_block_size = PAGE, .tp_block_nr = 4,
				   .tp_frame_size = 2048, .tp_frame_nr = 8 };
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_ll ll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP) };
	int v = TPACKET_V2, fd, u, i, found = 0;
	struct pollfd pfd;
	char *ring;

	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IP));
	if (!ok(fd >= 0, "packet: an AF_PACKET socket (%s)", fd < 0 ? strerror(errno) : "ok"))
		return;
	ll.sll_ifindex = if_nametoindex("lo");
	ok(setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) == 0 &&
	   setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof(req)) == 0 &&
	   bind(fd, (struct sockaddr *)&ll, sizeof(ll)) == 0,
	   "packet: a TPACKET_V2 receive ring on lo (%s)", strerror(errno));
	ring = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!ok(ring != MAP_FAILED, "packet: the ring maps (%s)", strerror(errno)))
		return;
	u = socket(AF_INET, SOCK_DGRAM, 0);
	sendto(u, "packet-ring", 11, 0, (struct sockaddr *)&to, sizeof(to));
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	poll(&pfd, 1, 2000);
	for (i = 0; i < 8; i++) {
		struct tpacket2_hdr *t = (void *)(ring + i * 2048);

		if ((__atomic_load_n(&t->tp_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER) &&
		    memmem((char *)t + t->tp_mac, t->tp_snaplen, "packet-ring", 11))
			found = 1;
	}
	ok(found, "packet: the datagram is in a frame of the mapped ring");
	close(u);
	close(fd);
}

static long bpf(int cmd, union bpf_attr *a)
{
	return syscall(__NR_bpf, cmd, a, sizeof(*a));
}

/* An array map with BPF_F_MMAPABLE: stores through the mapping are what a
 * lookup returns, and an update shows in the mapping. */
static void test_bpf_array(void)
{
	union bpf_attr a = { 0 };
	uint64_t *vals, got = 0, put = 0x77;
	uint32_t key = 3;
	int fd;

	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 16;
	a.map_flags = BPF_F_MMAPABLE;
	fd = bpf(BPF_MAP_CREATE, &a);
	if (!ok(fd >= 0, "bpf: an mmapable array map (%s)", fd < 0 ? strerror(errno) : "ok"))
		return;
	vals = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!ok(vals != MAP_FAILED, "bpf: it maps (%s)", strerror(errno)))
		return;
	vals[3] = 0x1234567890abcdefULL;
	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)&got;
	ok(bpf(BPF_MAP_LOOKUP_ELEM, &a) == 0 && got == 0x1234567890abcdefULL,
	   "bpf: a store through the mapping is what lookup returns (%#" PRIx64 ")", got);
	key = 5;
	a.value = (uintptr_t)&put;
	ok(bpf(BPF_MAP_UPDATE_ELEM, &a) == 0 && vals[5] == 0x77,
	   "bpf: an update shows in the mapping (%#" PRIx64 ")", vals[5]);
	close(fd);
}

/* AF_XDP: a UMEM and its fill ring, mapped; the producer index moves. */
static void test_xdp_rings(void)
{
	struct xdp_umem_reg reg = { .len = 16 * PAGE, .chunk_size = 2048 };
	struct xdp_mmap_offsets off;
	socklen_t len = sizeof(off);
	int fd, n = 16;
	uint64_t *addrs;
	uint32_t *prod;
	char *fill;

	fd = socket(AF_XDP, SOCK_RAW, 0);
	if (!ok(fd >= 0, "xdp: an AF_XDP socket (%s)", fd < 0 ? strerror(errno) : "ok"))
		return;
	reg.addr = (uintptr_t)mmap(NULL, reg.len, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok(setsockopt(fd, SOL_XDP, XDP_UMEM_REG, &reg, sizeof(reg)) == 0 &&
	   setsockopt(fd, SOL_XDP, XDP_UMEM_FILL_RING, &n, sizeof(n)) == 0 &&
	   getsockopt(fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &len) == 0,
	   "xdp: a UMEM and a fill ring (%s)", strerror(errno));
	fill = mmap(NULL, off.fr.desc + n * sizeof(uint64_t), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_POPULATE, fd, XDP_UMEM_PGOFF_FILL_RING);
	if (!ok(fill != MAP_FAILED, "xdp: the fill ring maps (%s)", strerror(errno)))
		return;
	prod = (uint32_t *)(fill + off.fr.producer);
	addrs = (uint64_t *)(fill + off.fr.desc);
	ok(*prod == 0, "xdp: its producer index starts at 0");
	addrs[0] = 0;
	__atomic_store_n(prod, 1, __ATOMIC_RELEASE);
	ok(munmap(fill, off.fr.desc + n * sizeof(uint64_t)) == 0 &&
	   (fill = mmap(NULL, off.fr.desc + n * sizeof(uint64_t), PROT_READ,
			MAP_SHARED, fd, XDP_UMEM_PGOFF_FILL_RING)) != MAP_FAILED &&
	   *(uint32_t *)(fill + off.fr.producer) == 1,
	   "xdp: what was written is in the kernel's ring (mapped again)");
	close(fd);
}

int main(void)
{
	test_io_uring();
	test_perf();
	test_packet_ring();
	test_bpf_array();
	test_xdp_rings();
	return done_testing();
}
