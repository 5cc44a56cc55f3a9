# SPDX-License-Identifier: GPL-2.0
#
# udrivers: the library (build/udrivers/libudrivers.a, linked into uvmm with
# -lpci), its example e1000e driver, and its test programs: a host unit test
# (ASan/UBSan, fake sysfs) and the in-VM test program run by tests/hostvm/.
# VFIO and iommufd uapi headers come from our 6.12 tree (Debian 12's
# linux-libc-dev predates the iommufd cdev API), copied as they are.

DEBIAN_PACKAGES += libpci-dev pciutils pci.ids qemu-system-x86 busybox-static cpio kmod procps \
                   xz-utils bc linux-source-6.12 ccache flex bison libelf-dev libssl-dev

UDRV_OUT    := $(BUILD)/udrivers
UDRV_LIB    := $(UDRV_OUT)/libudrivers.a
UDRV_UAPI   := $(UDRV_OUT)/uapi
UDRV_HDRS   := $(UDRV_UAPI)/linux/vfio.h $(UDRV_UAPI)/linux/iommufd.h
UDRV_SRCS   := $(wildcard udrivers/*.c)
UDRV_OBJS   := $(patsubst udrivers/%.c,$(UDRV_OUT)/obj/%.o,$(UDRV_SRCS))
# sysfs names are short and bounded; snprintf truncation is the intended
# guard, so gcc's speculative truncation warnings are off.
UDRV_WFLAGS := -Wno-format-truncation
UDRV_CFLAGS := $(HOST_CFLAGS) $(UDRV_WFLAGS) -isystem $(UDRV_UAPI) -Iudrivers -MMD -MP

# The uapi headers of our tree, as they are, minus the kernel-only __user
# annotation (what headers_install does to them). Order-only on
# kernel-tree (phony) so they are made once, not on every make.
$(UDRV_UAPI)/linux/%.h: | kernel-tree
	@mkdir -p $(@D)
	sed -E 's/([[:space:](])__user[[:space:]]/\1/g' $(KSRC)/include/uapi/linux/$*.h > $@.tmp && mv $@.tmp $@

$(UDRV_OUT)/obj/%.o: udrivers/%.c | $(UDRV_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(UDRV_CFLAGS) -c $< -o $@

$(UDRV_LIB): $(UDRV_OBJS)
	rm -f $@
	ar rcs $@ $^

# The example driver and the in-VM test program run inside the test bed,
# dynamically linked (Debian has no static libpci); tests/hostvm/run.sh
# copies their shared libraries into the VM.
UDRV_EXAMPLE_SRCS := udrivers/examples/e1000e.c udrivers/examples/e1000e_traffic.c \
                     udrivers/examples/e1000e.h udrivers/examples/e1000e_traffic.h
UDRV_E1000E := $(UDRV_OUT)/e1000e-loop
UDRV_VMTEST := $(BUILD)/tests/udrivers/udrivers-vmtest
UDRV_UNIT   := $(BUILD)/tests/udrivers/udrivers-unit

$(UDRV_E1000E): udrivers/examples/e1000e_loop.c $(UDRV_EXAMPLE_SRCS) $(UDRV_LIB)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(UDRV_WFLAGS) -Iudrivers -o $@ udrivers/examples/e1000e_loop.c $(filter %.c,$(UDRV_EXAMPLE_SRCS)) $(UDRV_LIB) -lpci

$(UDRV_VMTEST): udrivers/tests/vmtest.c tests/lib/tap.h $(UDRV_EXAMPLE_SRCS) $(UDRV_LIB) | $(UDRV_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(UDRV_WFLAGS) -isystem $(UDRV_UAPI) -Iudrivers -Iudrivers/examples -Itests/lib -o $@ udrivers/tests/vmtest.c $(filter %.c,$(UDRV_EXAMPLE_SRCS)) $(UDRV_LIB) -lpci

# The host unit test builds the library sources again under the sanitizers.
$(UDRV_UNIT): udrivers/tests/unit.c tests/lib/tap.h $(UDRV_SRCS) | $(UDRV_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(SAN_CFLAGS) $(UDRV_WFLAGS) -isystem $(UDRV_UAPI) -Iudrivers -Itests/lib -o $@ udrivers/tests/unit.c $(UDRV_SRCS) -lpci

-include $(UDRV_OBJS:.o=.d)

UVMM_LIBS     += $(UDRV_LIB) -lpci
ALL_TARGETS   += $(UDRV_LIB) $(UDRV_E1000E)
CHECK_TARGETS += $(UDRV_UNIT) $(UDRV_VMTEST)
CLEAN_FILES   += $(UDRV_OUT) $(BUILD)/tests/udrivers
