#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kunit-config-check.sh FRAGMENT CONFIG: did kconfig take every option the
# KUnit kernel's fragment asked for (guest-arch/build.mk, kernel-kunit)?
# Options below the line "# asked for" are the developer's and
# kunit.config's: one that is missing (a dependency not enabled, a typo)
# is an error, as in kunit.py. The default guest's suites above it are
# taken where they build; the others are named once.
awk '
	NR == FNR {
		if (/^# asked for/) asked = 1
		if (/^CONFIG_[A-Za-z0-9_]+=/) { want[$0] = asked ? "asked" : "default"; order[++n] = $0 }
		next
	}
	{ have[$0] = 1 }
	END {
		for (i = 1; i <= n; i++) {
			w = order[i]
			if (w in have) continue
			if (want[w] == "asked") {
				printf "kunit: %s is not in the configuration (its dependencies are not, or no such option)\n", w > "/dev/stderr"
				bad = 1
			} else {
				left = left " " substr(w, 1, index(w, "=") - 1)
			}
		}
		if (left != "")
			printf "kunit: not in the small kernel (dependencies it lacks; KCONFIG_ADD them):%s\n", left > "/dev/stderr"
		exit bad
	}' "$1" "$2"
