// SPDX-License-Identifier: GPL-2.0
/*
 * The DSDT: what the ASL below would compile to, emitted with our encoder.
 *
 *   Scope (\_SB) {
 *     Device (PCI0) {                      // the host bridge
 *       _HID PNP0A08, _CID PNP0A03, _SEG, _BBN, _UID, _CCA
 *       _CRS: WordBusNumber(bus range), DWordMemory(32-bit window),
 *             QWordMemory(64-bit window, if any); no I/O window
 *       _PRT: slot d pin p -> GSI gsi_base + (d + p) % 4
 *       _OSC: grants every control the OS requests
 *     }
 *     Device (ECAM) {                      // motherboard resources
 *       _HID PNP0C02, _UID, _CRS: the ECAM range of our buses
 *     }
 *   }
 */
#include <errno.h>
#include <string.h>

#include "aml_resource.h"
#include "tables.h"

#define DSDT_REVISION	2	/* 64-bit integers */

/* PCI Firmware Specification 3.3, 4.5.1: the PCI host bridge _OSC UUID. */
#define PCI_HOST_BRIDGE_OSC_UUID "33db4d5b-1ff7-401c-9657-7441c03dd766"
#define OSC_INVALID_UUID	0x04	/* _OSC status bits in DWORD 1 */
#define OSC_INVALID_REVISION	0x08
#define OSC_REVISION		1

#define ECAM_BYTES_PER_BUS	(1ull << 20)

static void host_bridge_crs(struct aml *a, const struct acpi_platform *p)
{
	struct aml rt;
	aml_init(&rt);
	aml_rd_word_bus(&rt, p->bus_start, p->bus_end);
	aml_rd_dword_mem(&rt, AML_RD_PRODUCER, (uint32_t)p->mmio32_base,
			 (uint32_t)p->mmio32_size);
	if (p->mmio64_size)
		aml_rd_qword_mem(&rt, AML_RD_PRODUCER, p->mmio64_base,
				 p->mmio64_size);
	aml_rd_end(&rt);
	aml_name_decl(a, "_CRS");
	if (rt.err && !a->err)
		a->err = rt.err;
	else
		aml_buffer(a, rt.data, rt.len);
	aml_free(&rt);
}

static void host_bridge_prt(struct aml *a, const struct acpi_platform *p)
{
	aml_name_decl(a, "_PRT");
	size_t prt = aml_package_begin(a, ACPI_PCI_SLOTS * ACPI_PCI_PINS);
	for (unsigned d = 0; d < ACPI_PCI_SLOTS; d++)
		for (unsigned pin = 0; pin < ACPI_PCI_PINS; pin++) {
			size_t e = aml_package_begin(a, 4);
			aml_int(a, (uint64_t)d << 16 | 0xFFFF); /* any function */
			aml_int(a, pin);
			aml_int(a, 0);		/* Source: a GSI, no link device */
			aml_int(a, p->gsi_base + (d + pin) % ACPI_PCI_PINS);
			aml_end(a, e);
		}
	aml_end(a, prt);
}

/*
 * Method (_OSC, 4) {
 *   CreateDWordField (Arg3, 0, CDW1)
 *   If (Arg0 == ToUUID (PCI host bridge)) {
 *     If (Arg1 != 1) { CDW1 |= 0x08 }
 *     // CDW3 (control) is returned as the OS wrote it: all granted
 *   } Else { CDW1 |= 0x04 }
 *   Return (Arg3)
 * }
 */
static void host_bridge_osc(struct aml *a)
{
	size_t m = aml_method_begin(a, "_OSC", 4, false);
	aml_create_dword_field_arg(a, 3, 0, "CDW1");

	size_t i1 = aml_if_begin(a);
	aml_lequal(a);
	aml_arg(a, 0);
	aml_uuid(a, PCI_HOST_BRIDGE_OSC_UUID);

	size_t i2 = aml_if_begin(a);
	aml_lnot(a);
	aml_lequal(a);
	aml_arg(a, 1);
	aml_int(a, OSC_REVISION);
	aml_or(a);
	aml_name(a, "CDW1");
	aml_int(a, OSC_INVALID_REVISION);
	aml_name(a, "CDW1");
	aml_end(a, i2);
	aml_end(a, i1);

	size_t e = aml_else_begin(a);
	aml_or(a);
	aml_name(a, "CDW1");
	aml_int(a, OSC_INVALID_UUID);
	aml_name(a, "CDW1");
	aml_end(a, e);

	aml_return(a);
	aml_arg(a, 3);
	aml_end(a, m);
}

static void host_bridge(struct aml *a, const struct acpi_platform *p)
{
	size_t dev = aml_device_begin(a, "PCI0");
	aml_name_decl(a, "_HID");
	aml_eisaid(a, "PNP0A08");		/* PCI Express root bridge */
	aml_name_decl(a, "_CID");
	aml_eisaid(a, "PNP0A03");		/* PCI root bridge */
	aml_name_decl(a, "_SEG");
	aml_int(a, p->segment);
	aml_name_decl(a, "_BBN");
	aml_int(a, p->bus_start);
	aml_name_decl(a, "_UID");
	aml_int(a, p->segment);
	aml_name_decl(a, "_CCA");		/* DMA is cache coherent */
	aml_int(a, 1);
	host_bridge_crs(a, p);
	host_bridge_prt(a, p);
	host_bridge_osc(a);
	aml_end(a, dev);
}

/* PNP0C02 consuming the ECAM range, so the OS keeps it out of allocations. */
static void ecam_reservation(struct aml *a, const struct acpi_platform *p)
{
	uint64_t base = p->ecam_base + p->bus_start * ECAM_BYTES_PER_BUS;
	uint64_t len = (p->bus_end - p->bus_start + 1ull) * ECAM_BYTES_PER_BUS;
	struct aml rt;

	aml_init(&rt);
	if (base + len - 1 <= UINT32_MAX)
		aml_rd_mem32_fixed(&rt, (uint32_t)base, (uint32_t)len);
	else
		aml_rd_qword_mem(&rt, AML_RD_CONSUMER, base, len);
	aml_rd_end(&rt);

	size_t dev = aml_device_begin(a, "ECAM");
	aml_name_decl(a, "_HID");
	aml_eisaid(a, "PNP0C02");
	aml_name_decl(a, "_UID");
	aml_int(a, p->segment);
	aml_name_decl(a, "_CRS");
	if (rt.err && !a->err)
		a->err = rt.err;
	else
		aml_buffer(a, rt.data, rt.len);
	aml_free(&rt);
	aml_end(a, dev);
}

int dsdt_build(const struct acpi_platform *p, struct aml *out)
{
	static const uint8_t zero_header[SDT_HEADER_SIZE];

	aml_init(out);
	aml_bytes(out, zero_header, sizeof(zero_header));
	size_t sb = aml_scope_begin(out, "_SB");	/* \_SB: the DSDT starts at the root */
	host_bridge(out, p);
	ecam_reservation(out, p);
	aml_end(out, sb);

	if (aml_error(out)) {
		int err = aml_error(out);
		aml_free(out);
		return err;
	}
	if (out->len > UINT32_MAX) {
		aml_free(out);
		return -E2BIG;
	}
	sdt_header(out->data, "DSDT", (uint32_t)out->len, DSDT_REVISION);
	sdt_finish(out->data);
	return 0;
}
