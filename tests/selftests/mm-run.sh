#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run in the guest: mm selftests without hugetlbfs. Upstream's
# run_vmtests.sh exits 1 at once when the kernel has no hugetlbfs (the uvmm
# guest kernel has neither HUGETLBFS nor TRANSPARENT_HUGEPAGE), so run a
# copy with that exit removed, every test under `timeout ${MM_TIMEOUT:-120}`,
# and only the categories that do not need huge pages.
#   mm-run.sh [CATEGORY...]    (default: all categories but hugetlb and thp)
set -u
cd "$(dirname "$0")/mm" || exit 1
cats=${*:-"mmap gup_test userfaultfd compaction mlock mremap hugevm vmalloc hmm madv_populate memfd_secret process_mrelease ksm ksm_numa pkey soft_dirty pagemap cow migration mkdirty mdwe"}
sed -e '/no hugetlbfs support in kernel/{n;s/exit 1/:/}' \
    -e "s/(\"\$@\" 2>&1) | tap_prefix/(timeout ${MM_TIMEOUT:-120} \"\$@\" 2>\&1) | tap_prefix/" \
    run_vmtests.sh > run_vmtests_nohugetlb.sh
chmod +x run_vmtests_nohugetlb.sh
exec ./run_vmtests_nohugetlb.sh -t "$cats"
