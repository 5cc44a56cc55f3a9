// SPDX-License-Identifier: GPL-2.0
/* How late a 100 us sleep wakes up (median): sleep-late.h. */
#include "sleep-late.h"

int main(int argc, char **argv)
{
	return sleep_late_main(argc, argv, "sleep-100us", 100000L);
}
