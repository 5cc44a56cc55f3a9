// SPDX-License-Identifier: GPL-2.0
/*
 * Page fault on fresh anonymous memory: map 16 MiB, write one byte per 4 KiB
 * page, unmap, repeat (fresh-pages.h).
 */
#include "fresh-pages.h"

int main(int argc, char **argv)
{
	return touch_fresh_pages(argc, argv, "page-fault", 16ul << 20, MADV_NORMAL);
}
