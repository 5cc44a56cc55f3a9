// SPDX-License-Identifier: GPL-2.0
/*
 * One page fault, one round trip: like page-fault, but the region is
 * MADV_RANDOM, so a guest kernel that maps pages ahead of a fault (uvmm's
 * fault-around, 16 pages) maps only the one touched and every page costs
 * a full trip through the monitor. On a host it is page-fault again.
 */
#include "fresh-pages.h"

int main(int argc, char **argv)
{
	return touch_fresh_pages(argc, argv, "fault-roundtrip", 4ul << 20, MADV_RANDOM);
}
