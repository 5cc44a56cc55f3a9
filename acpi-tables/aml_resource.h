/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resource descriptors (ACPI 6.5, 6.4) for ResourceTemplate buffers: _CRS of
 * the host bridge (bus range and MMIO windows it produces) and of the
 * PNP0C02 device (the ECAM range it consumes). Append descriptors to a
 * struct aml used as a plain byte buffer, finish with aml_rd_end(), then wrap
 * the bytes in a Buffer object with aml_buffer().
 */
#ifndef ACPI_TABLES_AML_RESOURCE_H
#define ACPI_TABLES_AML_RESOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include "aml.h"

/* Who owns the range: a bridge produces windows, a device consumes. */
enum aml_rd_owner { AML_RD_PRODUCER, AML_RD_CONSUMER };

/* WordBusNumber(producer, MinFixed, MaxFixed, PosDecode, 0, min, max, 0, n). */
void aml_rd_word_bus(struct aml *rt, uint16_t min, uint16_t max);
/* DWordMemory/QWordMemory: fixed, positive decode, read-write, non-cacheable. */
void aml_rd_dword_mem(struct aml *rt, enum aml_rd_owner owner,
		      uint32_t min, uint32_t len);
void aml_rd_qword_mem(struct aml *rt, enum aml_rd_owner owner,
		      uint64_t min, uint64_t len);
/* Memory32Fixed(ReadWrite, base, len). */
void aml_rd_mem32_fixed(struct aml *rt, uint32_t base, uint32_t len);
/* EndTag with a zero checksum ("treat as checksummed", 6.4.2.9). */
void aml_rd_end(struct aml *rt);

#endif
