/* SPDX-License-Identifier: GPL-2.0 */
/* udrivers: user-level PCI drivers over VFIO and UIO. One include for all. */
#ifndef UDRIVERS_H
#define UDRIVERS_H

#include "err.h"
#include "pci_info.h"
#include "bind.h"
#include "vfio.h"
#include "uio.h"

#endif
