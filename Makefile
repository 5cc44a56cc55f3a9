# SPDX-License-Identifier: GPL-2.0
#
# uvmm: the one entry point.
#   make            install missing Debian packages, build uvmm, the guest
#                   kernel (ARCH=uvmm) and the default initramfs
#   make run        boot the default guest
#   make check      run the TAP test suite with prove
#   make bench      run the benchmarks (bench/)
#   make deps       only install the Debian packages (root) or check them
#
# Each directory contributes a fragment (<dir>/build.mk) that appends to the
# variables below; this file only holds what they share.

SHELL        := /bin/bash

# Every goal runs in two makes of its own: `deps` first, then the goals.
# The build must not race the package install (make -j), and fragments look
# at files the packages provide as they are parsed ($(wildcard), $(shell)),
# so the make that builds is started after the install. deps and clean
# alone need no packages.
ifndef UVMM_DEPS_DONE
GOALS   := $(or $(MAKECMDGOALS),all)
SUBMAKE := $(MAKE) --no-print-directory UVMM_DEPS_DONE=1
.PHONY: $(GOALS) deps-then-goals
$(GOALS): deps-then-goals ; @:
deps-then-goals:
	+@$(if $(filter-out deps clean,$(GOALS)),$(SUBMAKE) deps)
	+@$(SUBMAKE) $(MAKECMDGOALS)
else
# The make that builds.
TOP          := $(abspath .)
BUILD        := $(TOP)/build
CC           ?= gcc
CCACHE       := $(shell command -v ccache 2>/dev/null)
HOST_CC      := $(CCACHE) $(CC)
# Every host function is static or declared in a header: a definition
# whose header disagrees (or that has none) does not build.
HOST_WARN    := -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes
HOST_CFLAGS  := -std=gnu11 -O2 -g $(HOST_WARN) -D_GNU_SOURCE
# Unit tests of host-side code run under AddressSanitizer and UBSan.
SAN_CFLAGS   := -std=gnu11 -O1 -g $(HOST_WARN) -D_GNU_SOURCE \
                -fsanitize=address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer

# Filled in by the fragments.
DEBIAN_PACKAGES :=
ALL_TARGETS     :=
CHECK_TARGETS   :=
BENCH_TARGETS   :=
CLEAN_FILES     :=
PROVE_FLAGS     ?= -j2 -v --timer

.PHONY: all deps run check bench clean
all:

# Libraries first: uvmm/build.mk links what they add to UVMM_LIBS.
UVMM_LIBS :=
include $(wildcard acpi-tables/build.mk vpci/build.mk udrivers/build.mk)
include uvmm/build.mk
include guest-arch/build.mk
include $(wildcard host-patches/build.mk bench/build.mk)
include tests/build.mk

all: $(ALL_TARGETS)

# Install whatever Debian packages are missing (root), or name them (not root).
deps:
	@missing=$$(for p in $(sort $(DEBIAN_PACKAGES)); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:" $$missing; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "missing Debian packages (install them as root): $$missing" >&2; exit 1; \
	  fi; \
	fi

# The default guest: a shell on the console; `poweroff` ends it.
run: all
	@$(UVMM_BIN) run $(RUN_ARGS); s=$$?; \
	 if [ $$s -ne 0 ]; then echo "uvmm exited with status $$s (README: exit statuses)"; exit $$s; fi

check: all $(CHECK_TARGETS)
	prove $(PROVE_FLAGS) -r tests

bench: all $(BENCH_TARGETS)

clean:
	rm -rf $(CLEAN_FILES)

endif # UVMM_DEPS_DONE
