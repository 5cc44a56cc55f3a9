/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pages of the direct map of guest RAM that the guest kernel took out of
 * its own reach (the direct_protect gate call; KFENCE's guard pages and
 * freed objects). uvmm reaches guest RAM through that same mapping (its
 * devices, the gate calls' buffers), so a fault of uvmm's own code on such
 * a page gives the page back rather than end uvmm: a guest can lose its
 * own guard that way, never stop uvmm.
 */
#ifndef UVMM_GATE_DIRECT_PROTECT_H
#define UVMM_GATE_DIRECT_PROTECT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * For the fault handler (async-signal-safe): is addr in a page the guest
 * protected? Then it is accessible again, and the access may be retried.
 */
bool direct_protect_give_back(uint64_t addr);

#endif
