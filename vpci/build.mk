# SPDX-License-Identifier: GPL-2.0
#
# vpci: the virtual PCI bus library, build/vpci/libvpci.a, linked into uvmm.
# Its unit tests (vpci/tests/*_test.c, run by tests/vpci/*.t) link a copy
# built under ASan/UBSan, libvpci-san.a, into build/tests/vpci/.

DEBIAN_PACKAGES += gcc libc6-dev make perl

VPCI_SRCS      := $(wildcard vpci/*.c)
VPCI_OBJDIR    := $(BUILD)/obj/vpci
VPCI_OBJS      := $(patsubst vpci/%.c,$(VPCI_OBJDIR)/%.o,$(VPCI_SRCS))
VPCI_SAN_OBJS  := $(patsubst vpci/%.c,$(VPCI_OBJDIR)/san/%.o,$(VPCI_SRCS))
VPCI_LIB       := $(BUILD)/vpci/libvpci.a
VPCI_SAN_LIB   := $(BUILD)/vpci/libvpci-san.a
VPCI_TEST_DIR  := $(BUILD)/tests/vpci
VPCI_TEST_SRCS := $(wildcard vpci/tests/*_test.c)
VPCI_TEST_BINS := $(patsubst vpci/tests/%.c,$(VPCI_TEST_DIR)/%,$(VPCI_TEST_SRCS))

$(VPCI_OBJDIR)/%.o: vpci/%.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -pthread -MMD -MP -c $< -o $@

$(VPCI_OBJDIR)/san/%.o: vpci/%.c
	@mkdir -p $(@D)
	$(HOST_CC) $(SAN_CFLAGS) -pthread -MMD -MP -c $< -o $@

$(VPCI_LIB): $(VPCI_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(VPCI_SAN_LIB): $(VPCI_SAN_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(VPCI_TEST_DIR)/%: vpci/tests/%.c vpci/tests/fixture.h tests/lib/tap.h $(VPCI_SAN_LIB)
	@mkdir -p $(@D)
	$(HOST_CC) $(SAN_CFLAGS) -Ivpci -Itests/lib -pthread -o $@ $< $(VPCI_SAN_LIB)

-include $(VPCI_OBJS:.o=.d) $(VPCI_SAN_OBJS:.o=.d)

UVMM_LIBS     += $(VPCI_LIB)
ALL_TARGETS   += $(VPCI_LIB)
CHECK_TARGETS += $(VPCI_TEST_BINS)
CLEAN_FILES   += $(VPCI_OBJDIR) $(BUILD)/vpci $(VPCI_TEST_DIR)

# `make vpci-bench`: what an MMIO access costs inside vpci (informational).
VPCI_BENCH := $(BUILD)/vpci/vpci-bench
$(VPCI_BENCH): vpci/bench/mmio_bench.c $(VPCI_LIB)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -Ivpci -pthread -o $@ $< $(VPCI_LIB)

.PHONY: vpci-bench
vpci-bench: $(VPCI_BENCH)
	$(VPCI_BENCH)

BENCH_TARGETS += $(VPCI_BENCH)
CLEAN_FILES   += $(VPCI_BENCH)
