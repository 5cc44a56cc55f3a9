// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the `uvmm run` command line. The input is split at NUL
 * bytes into words (at most 64), as argv would be. Whatever the words: no
 * crash, and a refusal is exactly one line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"

#define MAX_WORDS	64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *argv[MAX_WORDS + 2];
	struct uvmm_options o;
	char err[512];
	int argc = 1, r;
	size_t i = 0;

	if (!copy)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = "run";
	while (i < size && argc <= MAX_WORDS) {
		argv[argc++] = copy + i;
		i += strlen(copy + i) + 1;
	}
	argv[argc] = NULL;
	err[0] = '\0';
	r = options_parse(argc, argv, &o, err, sizeof(err));
	if (r < 0 && (!err[0] || strchr(err, '\n')))
		abort();
	free(copy);
	return 0;
}
