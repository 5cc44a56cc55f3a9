/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The 64 MiB file the re-read probes read: created in the scratch directory,
 * unlinked at once (so no run, even a killed one, leaves it behind), filled
 * and read once so it sits in the page cache. Returns the open fd.
 */
#ifndef BENCH_SCRATCH_FILE_H
#define BENCH_SCRATCH_FILE_H

#define SCRATCH_FILE_SIZE (64ul << 20)

int scratch_file_open(const char *workload, const char *dir);

#endif
