// SPDX-License-Identifier: GPL-2.0
/*
 * The locking rule: a "vCPU" thread doing MMIO and an "event" thread raising
 * interrupts on the same functions at once. Interrupt outputs run under the
 * bus lock, so the fixture's counters need no lock of their own; afterwards
 * the bookkeeping must add up.
 */
#include <pthread.h>

#include "fixture.h"

#define N 20000

static struct vpci_device *msix_dev, *intx_dev;
static uint64_t table, regs2;
static unsigned accepted, refused, id_wrong;

static void *event_thread(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < N; i++) {
		if (vpci_msix_notify(msix_dev, i % 4))
			accepted++;
		else
			refused++;
		vpci_intx_set(intx_dev, i & 1);
	}
	return NULL;
}

static void *vcpu_thread(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < N; i++) {
		unsigned v = i % 4;

		mm_wr(table + 16 * v + 12, 4, (i / 4) & 1);     /* mask, unmask */
		if (cfg_rd(1, 0, 0, 4) != 0x10f11234)
			id_wrong++;
		mm_wr(regs2 + TESTDEV_REG_DOORBELL, 4, 0);
		mm_wr(regs2 + TESTDEV_REG_IRQ_ACK, 4, 1);
		if (i % 1000 == 0)
			cfg_wr(2, 0, 0x04, 2, CMD_MEM | (i % 2000 ? CMD_INTX_DISABLE : 0));
	}
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	fx_start();
	msix_dev = fx_testdev(1);
	intx_dev = fx_testdev(2);
	table = vpci_device_bar_fw_addr(msix_dev, TESTDEV_MSIX_BAR);
	regs2 = vpci_device_bar_fw_addr(intx_dev, TESTDEV_REGS_BAR);
	cfg_wr(1, 0, 0x04, 2, CMD_MEM | CMD_MASTER);
	cfg_wr(2, 0, 0x04, 2, CMD_MEM);
	for (unsigned v = 0; v < 4; v++) {
		mm_wr(table + 16 * v, 8, 0xfee00000);
		mm_wr(table + 16 * v + 8, 4, 100 + v);
	}
	cfg_wr(1, 0, vpci_cap_find(msix_dev, 0x11) + 2, 2, 0x8000);

	pthread_create(&a, NULL, event_thread, NULL);
	pthread_create(&b, NULL, vcpu_thread, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);

	is(accepted + refused, N, "every notify answered");
	is(id_wrong, 0, "config reads from the vCPU thread always saw the right IDs");
	is(refused, 0, "MSI-X enabled with Bus Master on: no notify refused");
	for (unsigned v = 0; v < 4; v++)
		mm_wr(table + 16 * v + 12, 4, 0);
	ok(fx.nmsi <= accepted && fx.nmsi > 0, "%u messages for %u accepted notifies (masked ones coalesce)",
	   fx.nmsi, accepted);
	is(mm_rd(table + TESTDEV_PBA_OFFSET, 8), 0, "everything pending went out once unmasked");
	bool data_ok = true;
	for (unsigned i = 0; i < fx.nmsi && i < MAX_EVENTS; i++)
		data_ok &= fx.msi_addr[i] == 0xfee00000 && fx.msi_data[i] >= 100 && fx.msi_data[i] < 104;
	ok(data_ok, "every message carried one of the programmed (address, data) pairs");
	cfg_wr(2, 0, 0x04, 2, CMD_MEM);
	vpci_intx_set(intx_dev, false);
	mm_wr(regs2 + TESTDEV_REG_IRQ_ACK, 4, 1);
	ok(!fx.gsi[18], "INTx low once both sides lowered it");
	vpci_intx_set(intx_dev, true);
	ok(fx.gsi[18], "and raised again on demand (GSI 18)");
	fx_stop();
	return done_testing();
}
