/* SPDX-License-Identifier: GPL-2.0 */
/* The --help texts of uvmm and `uvmm run`. */
#ifndef UVMM_USAGE_H
#define UVMM_USAGE_H

#include <stdio.h>

void usage_top(FILE *f);
void usage_run(FILE *f);

#endif
