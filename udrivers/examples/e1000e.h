/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal user-level driver for the Intel 82574L (e1000e) on udrivers:
 * reset, one TX and one RX ring of legacy descriptors in DMA-mapped memory,
 * MSI-X interrupts (RX queue 0 on vector 0) or polling. Written from the
 * 82574 datasheet; just enough to move frames and time them.
 */
#ifndef UDRIVERS_EXAMPLE_E1000E_H
#define UDRIVERS_EXAMPLE_E1000E_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "udrivers.h"

#define E1K_RING	256		/* descriptors per ring */
#define E1K_BUF		2048		/* bytes per buffer (RCTL.BSIZE = 2048) */

struct e1k {
	struct udrv_vfio_dev *dev;
	volatile uint8_t *regs;		/* BAR0, mmapped */
	size_t regs_len;
	uint8_t *mem;			/* rings + buffers, DMA-mapped at iova */
	size_t mem_len;
	uint64_t iova;
	volatile struct e1k_txd *txd;
	volatile struct e1k_rxd *rxd;
	unsigned int tx_tail, tx_clean, rx_next;
	int msix_fd[5];
	bool msix;
	uint8_t mac[6];
	/* e1k_wait_rx in MSI-X mode: how often the ring was empty so the
	 * driver slept on the eventfd, and how often an interrupt woke it. */
	unsigned long irq_sleeps, irq_wakeups;
	bool rx_work;		/* an interrupt came and the ring is not drained yet */
};

/* Open @bdf (bound to vfio-pci), reset it, set up both rings; DMA at @iova. */
int e1k_open(struct e1k *n, const char *bdf, enum udrv_vfio_mode mode, uint64_t iova,
	     struct udrv_err *e);
/* Interrupts: MSI-X with RX queue 0 on vector 0 (true), or none (polling). */
int e1k_use_msix(struct e1k *n, bool on, struct udrv_err *e);
/* Queue one frame; false if the TX ring is full. */
bool e1k_send(struct e1k *n, const void *frame, size_t len);
/* Take one received frame into @buf; returns its length, 0 if none yet
 * (in MSI-X mode that ends the work of the last interrupt). */
size_t e1k_recv(struct e1k *n, void *buf, size_t cap);
/* Until there is RX work: with MSI-X, sleep on the eventfd unless the last
 * interrupt's frames are not all taken yet (the ring is only looked at
 * after an interrupt); with polling, spin on the next descriptor. */
bool e1k_wait_rx(struct e1k *n, int timeout_ms);
uint32_t e1k_rd(struct e1k *n, uint32_t reg);
void e1k_wr(struct e1k *n, uint32_t reg, uint32_t val);
/* Registers that tell where a ring is stuck, as one line. */
void e1k_dump(struct e1k *n, char *buf, size_t len);
/* Quiesce (interrupts masked, 30 ms for QEMU 7.2's MSI-X timer), close. */
void e1k_close(struct e1k *n);

/* Register offsets (82574 datasheet, section 10) */
#define E1K_CTRL	0x0000
#define E1K_STATUS	0x0008
#define E1K_CTRL_EXT	0x0018
#define E1K_MDIC	0x0020
#define E1K_ICR		0x00c0
#define E1K_ITR		0x00c4
#define E1K_ICS		0x00c8
#define E1K_IMS		0x00d0
#define E1K_IMC		0x00d8
#define E1K_EIAC	0x00dc
#define E1K_IVAR	0x00e4
#define E1K_EITR(i)	(0x00e8 + 4 * (i))
#define E1K_RCTL	0x0100
#define E1K_TCTL	0x0400
#define E1K_TIPG	0x0410
#define E1K_RDBAL	0x2800
#define E1K_RDBAH	0x2804
#define E1K_RDLEN	0x2808
#define E1K_RDH		0x2810
#define E1K_RDT		0x2818
#define E1K_RDTR	0x2820
#define E1K_RADV	0x282c
#define E1K_TDBAL	0x3800
#define E1K_TDBAH	0x3804
#define E1K_TDLEN	0x3808
#define E1K_TDH		0x3810
#define E1K_TDT		0x3818
#define E1K_TARC0	0x3840
#define E1K_RXCSUM	0x5000
#define E1K_RFCTL	0x5008
#define E1K_MRQC	0x5818
#define E1K_RAL0	0x5400
#define E1K_RAH0	0x5404

#define E1K_CTRL_SLU	(1u << 6)
#define E1K_CTRL_RST	(1u << 26)
#define E1K_STATUS_LU	(1u << 1)
#define E1K_ICR_LSC	(1u << 2)
#define E1K_ICR_RXT0	(1u << 7)
#define E1K_ICR_RXQ0	(1u << 20)
#define E1K_ICR_TXQ0	(1u << 22)
#define E1K_ICR_OTHER	(1u << 24)

#endif
