// SPDX-License-Identifier: GPL-2.0
/* The example e1000e driver: see e1000e.h. */
#include <errno.h>
#include <linux/pci_regs.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "e1000e.h"

/* Legacy descriptors (82574 datasheet 7.1.4 / 7.2.10.1) */
struct e1k_txd {
	uint64_t addr;
	uint16_t len;
	uint8_t cso, cmd, status, css;
	uint16_t special;
};

struct e1k_rxd {
	uint64_t addr;
	uint16_t len, csum;
	uint8_t status, errors;
	uint16_t special;
};

#define TXD_CMD_EOP	0x01
#define TXD_CMD_IFCS	0x02
#define TXD_CMD_RS	0x08
#define DESC_DD		0x01
#define RXD_EOP		0x02

/* Layout of the DMA area: rings first, then buffers. */
#define TXR_OFF		0
#define RXR_OFF		(E1K_RING * 16)
#define TXB_OFF		(2 * E1K_RING * 16)
#define RXB_OFF		(TXB_OFF + E1K_RING * E1K_BUF)
#define MEM_LEN		(RXB_OFF + E1K_RING * E1K_BUF)

uint32_t e1k_rd(struct e1k *n, uint32_t reg)
{
	return *(volatile uint32_t *)(n->regs + reg);
}

void e1k_wr(struct e1k *n, uint32_t reg, uint32_t val)
{
	*(volatile uint32_t *)(n->regs + reg) = val;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int wait_link(struct e1k *n)
{
	for (int i = 0; i < 300; i++) {
		if (e1k_rd(n, E1K_STATUS) & E1K_STATUS_LU)
			return 0;
		if (i == 50) {
			/* Restart autonegotiation through the PHY (MDIC write,
			 * PHY 1, register 0: autoneg enable + restart). */
			e1k_wr(n, E1K_MDIC, 0x1340 | (0u << 16) | (1u << 21) | (1u << 26));
		}
		sleep_ms(10);
	}
	return -ETIMEDOUT;
}

static void setup_rings(struct e1k *n)
{
	memset(n->mem, 0, TXB_OFF);
	n->txd = (volatile struct e1k_txd *)(n->mem + TXR_OFF);
	n->rxd = (volatile struct e1k_rxd *)(n->mem + RXR_OFF);
	for (unsigned int i = 0; i < E1K_RING; i++)
		n->rxd[i].addr = n->iova + RXB_OFF + (uint64_t)i * E1K_BUF;
	n->tx_tail = n->tx_clean = n->rx_next = 0;

	e1k_wr(n, E1K_TDBAL, (uint32_t)(n->iova + TXR_OFF));
	e1k_wr(n, E1K_TDBAH, (uint32_t)((n->iova + TXR_OFF) >> 32));
	e1k_wr(n, E1K_TDLEN, E1K_RING * 16);
	e1k_wr(n, E1K_TDH, 0);
	e1k_wr(n, E1K_TDT, 0);
	e1k_wr(n, E1K_TIPG, 8 | (8 << 10) | (6 << 20));
	/* TARC0 bit 10 enables TX queue 0. */
	e1k_wr(n, E1K_TARC0, e1k_rd(n, E1K_TARC0) | (1u << 10));
	/* TCTL: EN, PSP (pad short), CT=15, COLD=63 */
	e1k_wr(n, E1K_TCTL, (1u << 1) | (1u << 3) | (15u << 4) | (63u << 12));

	/* Legacy RX descriptors, no checksum offload, no RSS: a host driver
	 * that had the NIC before (e1000e uses extended descriptors) may
	 * have left these set, and a MAC reset does not clear them all. */
	e1k_wr(n, E1K_RFCTL, 0);
	e1k_wr(n, E1K_RXCSUM, 0);
	e1k_wr(n, E1K_MRQC, 0);
	e1k_wr(n, E1K_RDBAL, (uint32_t)(n->iova + RXR_OFF));
	e1k_wr(n, E1K_RDBAH, (uint32_t)((n->iova + RXR_OFF) >> 32));
	e1k_wr(n, E1K_RDLEN, E1K_RING * 16);
	e1k_wr(n, E1K_RDTR, 0);		/* no RX delay: interrupt per frame */
	e1k_wr(n, E1K_RADV, 0);
	e1k_wr(n, E1K_RDH, 0);
	e1k_wr(n, E1K_RDT, E1K_RING - 1);
	/* RCTL: EN, UPE+MPE (accept all), BAM, BSIZE=2048, SECRC (strip CRC) */
	e1k_wr(n, E1K_RCTL, (1u << 1) | (1u << 3) | (1u << 4) | (1u << 15) | (1u << 26));
}

int e1k_open(struct e1k *n, const char *bdf, enum udrv_vfio_mode mode, uint64_t iova,
	     struct udrv_err *e)
{
	uint16_t cmd;
	void *bar;
	int ret;

	memset(n, 0, sizeof(*n));
	for (int i = 0; i < 5; i++)
		n->msix_fd[i] = -1;
	ret = udrv_vfio_open(bdf, mode, &n->dev, e);
	if (ret)
		return ret;
	ret = udrv_vfio_map_bar(n->dev, 0, &bar, &n->regs_len, e);
	if (ret)
		goto fail;
	n->regs = bar;
	/* Memory decoding and bus mastering (DMA) on. */
	ret = udrv_vfio_cfg_read(n->dev, PCI_COMMAND, &cmd, 2, e);
	if (ret)
		goto fail;
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	ret = udrv_vfio_cfg_write(n->dev, PCI_COMMAND, &cmd, 2, e);
	if (ret)
		goto fail;
	n->mem_len = MEM_LEN;
	n->mem = mmap(NULL, n->mem_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (n->mem == MAP_FAILED) {
		n->mem = NULL;
		ret = udrv_fail(e, errno, "cannot allocate DMA memory: %s", strerror(errno));
		goto fail;
	}
	n->iova = iova;
	ret = udrv_vfio_dma_map(n->dev, n->mem, iova, n->mem_len, e);
	if (ret)
		goto fail;

	/* Device reset; RST self-clears. Interrupts off meanwhile. */
	e1k_wr(n, E1K_IMC, ~0u);
	e1k_wr(n, E1K_CTRL, e1k_rd(n, E1K_CTRL) | E1K_CTRL_RST);
	sleep_ms(20);
	e1k_wr(n, E1K_IMC, ~0u);
	(void)e1k_rd(n, E1K_ICR);
	e1k_wr(n, E1K_CTRL, e1k_rd(n, E1K_CTRL) | E1K_CTRL_SLU);
	if (wait_link(n)) {
		ret = udrv_fail(e, ETIMEDOUT, "%s: link did not come up within 3 s", bdf);
		goto fail;
	}
	uint32_t ral = e1k_rd(n, E1K_RAL0), rah = e1k_rd(n, E1K_RAH0);

	for (int i = 0; i < 4; i++)
		n->mac[i] = ral >> (8 * i);
	n->mac[4] = rah;
	n->mac[5] = rah >> 8;
	setup_rings(n);
	return 0;
fail:
	e1k_close(n);
	return ret;
}

int e1k_use_msix(struct e1k *n, bool on, struct udrv_err *e)
{
	int ret;

	e1k_wr(n, E1K_IMC, ~0u);
	if (!on) {
		if (n->msix) {
			/* QEMU 7.2 asserts if MSI-X goes off while its
			 * throttling timer is armed: let it expire first. */
			sleep_ms(30);
			ret = udrv_vfio_irq_disable(n->dev, e);
			if (ret)
				return ret;
		}
		n->msix = false;
		return 0;
	}
	ret = udrv_vfio_irq_enable(n->dev, UDRV_IRQ_MSIX, 5, n->msix_fd, e);
	if (ret)
		return ret;
	n->msix = true;
	n->irq_sleeps = n->irq_wakeups = 0;
	n->rx_work = false;
	/* IVAR: RXQ0 -> vector 0, TXQ0 -> vector 1, other -> vector 2, all valid. */
	e1k_wr(n, E1K_IVAR, (0u | 8u) | ((1u | 8u) << 8) | ((2u | 8u) << 16));
	e1k_wr(n, E1K_EIAC, 0);		/* causes stay in ICR until we clear them */
	for (int i = 0; i < 5; i++)
		e1k_wr(n, E1K_EITR(i), 0);	/* as little throttling as the model allows */
	(void)e1k_rd(n, E1K_ICR);
	e1k_wr(n, E1K_ICR, ~0u);
	e1k_wr(n, E1K_IMS, E1K_ICR_RXQ0);
	return 0;
}

bool e1k_send(struct e1k *n, const void *frame, size_t len)
{
	unsigned int next = (n->tx_tail + 1) % E1K_RING;
	volatile struct e1k_txd *d;

	/* Reclaim descriptors the device is done with. */
	while (n->tx_clean != n->tx_tail && (n->txd[n->tx_clean].status & DESC_DD))
		n->tx_clean = (n->tx_clean + 1) % E1K_RING;
	if (next == n->tx_clean || len > E1K_BUF)
		return false;
	memcpy(n->mem + TXB_OFF + (size_t)n->tx_tail * E1K_BUF, frame, len);
	d = &n->txd[n->tx_tail];
	d->addr = n->iova + TXB_OFF + (uint64_t)n->tx_tail * E1K_BUF;
	d->len = len;
	d->cso = d->css = 0;
	d->special = 0;
	d->status = 0;
	d->cmd = TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS;
	n->tx_tail = next;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	e1k_wr(n, E1K_TDT, n->tx_tail);
	return true;
}

size_t e1k_recv(struct e1k *n, void *buf, size_t cap)
{
	volatile struct e1k_rxd *d = &n->rxd[n->rx_next];
	size_t len;

	if (!(d->status & DESC_DD)) {
		n->rx_work = false;
		return 0;
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	len = d->len;
	if (len > cap)
		len = cap;
	memcpy(buf, n->mem + RXB_OFF + (size_t)n->rx_next * E1K_BUF, len);
	d->status = 0;
	/* Hand the descriptor back: the tail trails the one we just used. */
	e1k_wr(n, E1K_RDT, n->rx_next);
	n->rx_next = (n->rx_next + 1) % E1K_RING;
	/* Drained: the next frame is the next interrupt's work. */
	if (!(n->rxd[n->rx_next].status & DESC_DD))
		n->rx_work = false;
	return len;
}

bool e1k_wait_rx(struct e1k *n, int timeout_ms)
{
	struct timespec t0, t;

	if (n->msix) {
		if (n->rx_work)
			return true;
		n->irq_sleeps++;
		if (udrv_eventfd_wait(n->msix_fd[0], timeout_ms) <= 0)
			return false;
		n->irq_wakeups++;
		/* Clear the cause before draining, so that a frame arriving
		 * during the drain interrupts again. */
		e1k_wr(n, E1K_ICR, E1K_ICR_RXQ0 | E1K_ICR_RXT0);
		n->rx_work = true;
		return true;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (n->rxd[n->rx_next].status & DESC_DD)
			return true;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 > timeout_ms)
			return false;
	}
}

void e1k_close(struct e1k *n)
{
	if (n->regs) {
		e1k_wr(n, E1K_IMC, ~0u);
		e1k_wr(n, E1K_RCTL, 0);
		e1k_wr(n, E1K_TCTL, 0);
		if (n->msix)
			sleep_ms(30);	/* see e1k_use_msix */
	}
	/* udrv_vfio_close disables interrupts, unmaps BAR and DMA. */
	udrv_vfio_close(n->dev);
	n->dev = NULL;
	if (n->mem)
		munmap(n->mem, n->mem_len);
	n->mem = NULL;
	n->regs = NULL;
	n->msix = false;
}

void e1k_dump(struct e1k *n, char *buf, size_t len)
{
	snprintf(buf, len, "STATUS %#x TCTL %#x TDH %u TDT %u RCTL %#x RDH %u RDT %u ICR %#x IMS %#x GPRC %u GPTC %u",
		 e1k_rd(n, E1K_STATUS), e1k_rd(n, E1K_TCTL), e1k_rd(n, E1K_TDH), e1k_rd(n, E1K_TDT),
		 e1k_rd(n, E1K_RCTL), e1k_rd(n, E1K_RDH), e1k_rd(n, E1K_RDT), e1k_rd(n, E1K_ICS),
		 e1k_rd(n, E1K_IMS), e1k_rd(n, 0x4074), e1k_rd(n, 0x4080));
}
