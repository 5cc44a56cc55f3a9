# SPDX-License-Identifier: GPL-2.0
# The test suite's own builds (tests/README.md): uvmm's unit tests, the guest
# ABI programs and the Debian guest image. vpci, acpi-tables, udrivers and
# bench build their unit tests in their own build.mk. Every test binary goes
# to build/tests/<component>/, where tests/lib/tap.sh's run_unit and need
# find it.
#
# uvmm's unit tests: each uvmm/tests/<name>_test.c is linked with the uvmm
# sources it exercises, all compiled with ASan+UBSan (SAN_CFLAGS) into
# build/tests/uvmm/, and run by tests/uvmm/unit-<name>.t.

DEBIAN_PACKAGES += perl gcc binutils libc6-dev coreutils util-linux procps gdb e2fsprogs iproute2

TAP_H       := tests/lib/tap.h
UNIT_DIR    := $(BUILD)/tests/uvmm
UNIT_OBJDIR := $(BUILD)/tests/obj
UNIT_CFLAGS := $(SAN_CFLAGS) -Iuvmm -Iacpi-tables -Ivpci -Iudrivers $(GATE_ABI_INCLUDE) -Itests/lib -MMD -MP

# test binary -> the uvmm/ objects it links besides uvmm/tests/<binary>
UNIT_parse_size_test := uvmm/cli/parse_size
UNIT_options_test    := uvmm/cli/options uvmm/cli/usage uvmm/cli/parse_size uvmm/virtio/disk_spec uvmm/virtio/net_spec uvmm/setup/guest_mem uvmm/setup/mem_file_reaper
UNIT_guest_mem_test  := uvmm/setup/guest_mem uvmm/setup/mem_file_reaper
UNIT_elf_load_test   := uvmm/setup/elf_load uvmm/setup/guest_mem uvmm/setup/mem_file_reaper uvmm/tests/elf_craft
UNIT_boot_info_test  := uvmm/setup/boot_info uvmm/setup/initrd uvmm/setup/guest_mem uvmm/setup/mem_file_reaper
UNIT_mkelf           := uvmm/tests/elf_craft
UNIT_guest_command_test := uvmm/setup/guest_command
UNIT_vm_setup_probe  := uvmm/setup/vm_setup uvmm/setup/guest_command uvmm/cli/options uvmm/cli/usage uvmm/cli/parse_size uvmm/virtio/disk_spec uvmm/virtio/net_spec \
                        uvmm/setup/guest_mem uvmm/setup/mem_file_reaper uvmm/setup/elf_load uvmm/setup/initrd uvmm/setup/boot_info

JAIL_OBJS := uvmm/jail/jail uvmm/jail/landlock uvmm/jail/roles

# The guest process tests link all of uvmm/guest_proc/ (but its stub).
GUEST_PROC_OBJS := $(basename $(wildcard uvmm/guest_proc/*.c uvmm/guest_proc/*.S)) \
                   uvmm/tests/guest_proc_snippets
UNIT_guest_proc_events_test := $(GUEST_PROC_OBJS)
UNIT_guest_proc_fpu_test    := $(GUEST_PROC_OBJS)
UNIT_guest_proc_life_test   := $(GUEST_PROC_OBJS)
UNIT_guest_proc_rewrite_test := $(GUEST_PROC_OBJS)
UNIT_pci_platform_test := uvmm/pci/pci_platform uvmm/pci/vfio_passthrough uvmm/pci/device_reaper \
	uvmm/virtio/blk uvmm/virtio/disk uvmm/virtio/dev uvmm/virtio/rng uvmm/virtio/worker \
	uvmm/virtio/fs/fs_dev uvmm/virtio/fs/fuse_ops uvmm/virtio/fs/inode_table uvmm/setup/guest_mem uvmm/setup/mem_file_reaper \
	uvmm/virtio/net uvmm/virtio/net_frame uvmm/virtio/net_stream uvmm/virtio/net_user uvmm/virtio/net_tap \
	$(JAIL_OBJS)
UNIT_virtio_fs_test := uvmm/virtio/fs/fs_dev uvmm/virtio/fs/fuse_ops uvmm/virtio/fs/inode_table \
	uvmm/virtio/dev uvmm/virtio/disk uvmm/virtio/worker $(JAIL_OBJS)
UNIT_virtio_net_test := uvmm/virtio/net uvmm/virtio/net_frame uvmm/virtio/net_stream \
	uvmm/virtio/net_spec uvmm/virtio/net_user uvmm/virtio/net_tap uvmm/virtio/dev \
	uvmm/virtio/worker $(JAIL_OBJS)
UNIT_jail_test := $(JAIL_OBJS)
UNIT_deny_thread_clone :=

UNIT_TESTS := parse_size_test options_test guest_mem_test elf_load_test guest_command_test \
              boot_info_test mkelf vm_setup_probe guest_proc_events_test \
              guest_proc_fpu_test guest_proc_life_test guest_proc_rewrite_test pci_platform_test deny_thread_clone virtio_fs_test \
              jail_test virtio_net_test
UNIT_BINS  := $(addprefix $(UNIT_DIR)/,$(UNIT_TESTS))
UNIT_OBJS  := $(patsubst %,$(UNIT_OBJDIR)/%.o,$(sort $(foreach t,$(UNIT_TESTS),uvmm/tests/$(t) $(UNIT_$(t)))))

$(UNIT_OBJDIR)/uvmm/%.o: uvmm/%.c
	@mkdir -p $(@D)
	$(HOST_CC) $(UNIT_CFLAGS) -c $< -o $@

$(UNIT_OBJDIR)/uvmm/%.o: uvmm/%.S
	@mkdir -p $(@D)
	$(HOST_CC) $(UNIT_CFLAGS) -c $< -o $@

# The stub image is embedded with .incbin.
$(UNIT_OBJDIR)/uvmm/guest_proc/stub_image.o: uvmm/guest_proc/stub_image.S $(STUB_ELF)
	@mkdir -p $(@D)
	$(HOST_CC) $(UNIT_CFLAGS) -Wa,-I$(STUB_DIR) -c $< -o $@

define UNIT_LINK_RULE
$(UNIT_DIR)/$(1): $(UNIT_OBJDIR)/uvmm/tests/$(1).o $(patsubst %,$(UNIT_OBJDIR)/%.o,$(UNIT_$(1)))
	@mkdir -p $$(@D)
	$$(HOST_CC) $$(SAN_CFLAGS) -o $$@ $$^ $$(UNIT_LDLIBS_$(1))
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call UNIT_LINK_RULE,$(t))))
# vm_setup builds the ACPI tables.
$(UNIT_DIR)/vm_setup_probe: $(BUILD)/acpi-tables/libacpi-tables.a
# pci_platform runs a vpci bus laid out from the ACPI platform.
$(UNIT_DIR)/pci_platform_test: $(BUILD)/vpci/libvpci-san.a $(BUILD)/acpi-tables/libacpi-tables.a \
                               $(UDRV_LIB)
UNIT_LDLIBS_pci_platform_test := -lpci -lseccomp
UNIT_LDLIBS_jail_test := -lseccomp
# virtio-fs runs on the vpci transport's request helpers.
$(UNIT_DIR)/virtio_fs_test: $(BUILD)/vpci/libvpci-san.a
UNIT_LDLIBS_virtio_fs_test := $(BUILD)/vpci/libvpci-san.a -lseccomp
$(UNIT_DIR)/virtio_net_test: $(BUILD)/vpci/libvpci-san.a
UNIT_LDLIBS_virtio_net_test := $(BUILD)/vpci/libvpci-san.a -lseccomp

-include $(UNIT_OBJS:.o=.d)

CHECK_TARGETS += $(UNIT_BINS)
CLEAN_FILES   += $(UNIT_DIR) $(UNIT_OBJDIR)

# A stub that faults at once, which the life test execs instead of the real
# one (uvmm must give up on it, not resume it forever).
FAULTING_STUB := $(UNIT_DIR)/faulting-stub
$(FAULTING_STUB): uvmm/tests/faulting_stub.S
	@mkdir -p $(@D)
	$(CC) -nostdlib -static -o $@ $<
$(UNIT_DIR)/guest_proc_life_test: | $(FAULTING_STUB)
CHECK_TARGETS += $(FAULTING_STUB)

# The vmalloc mirror's test reserves the guest's vmalloc area at its fixed
# address (128 GiB), inside AddressSanitizer's shadow memory: UBSan only.
KERNEL_MAP_TEST := $(UNIT_DIR)/kernel_map_test
KERNEL_MAP_SRCS := uvmm/tests/kernel_map_test.c uvmm/gate/kernel_map.c \
                   uvmm/setup/guest_mem.c uvmm/setup/mem_file_reaper.c
$(KERNEL_MAP_TEST): $(KERNEL_MAP_SRCS) $(wildcard uvmm/gate/*.h uvmm/setup/*.h) $(TAP_H)
	@mkdir -p $(@D)
	$(HOST_CC) $(filter-out -fsanitize=address%,$(SAN_CFLAGS)) -fsanitize=undefined \
		-Iuvmm $(GATE_ABI_INCLUDE) -Itests/lib -o $@ $(KERNEL_MAP_SRCS)
CHECK_TARGETS += $(KERNEL_MAP_TEST)

# Coverage-guided fuzzers (libFuzzer, clang) for what a hostile file or
# command line feeds uvmm: uvmm/tests/fuzz_<name>.c, each linked with the
# sources it exercises, under ASan and UBSan, into build/fuzz/<name>. Their
# seed corpora (small, committed; a crash reproducer joins them for good)
# are tests/fuzz/corpus/<name>/. make check runs each for a few seconds
# (tests/fuzz/*.t); `make fuzz FUZZ_SECONDS=N` runs each for N seconds on a
# corpus of its own in build/fuzz/corpus/<name>.
DEBIAN_PACKAGES += clang libclang-rt-14-dev
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_CFLAGS  := -std=gnu11 -O1 -g $(HOST_WARN) -D_GNU_SOURCE \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                -Iuvmm $(GATE_ABI_INCLUDE)
FUZZ_elf_load := uvmm/setup/elf_load.c uvmm/setup/guest_mem.c uvmm/setup/mem_file_reaper.c
FUZZ_options  := uvmm/cli/options.c uvmm/cli/usage.c uvmm/cli/parse_size.c \
                 uvmm/virtio/disk_spec.c uvmm/virtio/net_spec.c uvmm/setup/guest_mem.c \
                 uvmm/setup/mem_file_reaper.c
# vpci's whole library under a hostile guest: config space, BARs, MSI-X,
# virtqueues (vpci/tests/fuzz_vpci.c).
FUZZ_vpci     := $(wildcard vpci/*.c)
FUZZ_MAIN_vpci := vpci/tests/fuzz_vpci.c
# The virtio-fs server on a share in a temporary directory.
FUZZ_virtio_fs := $(wildcard uvmm/virtio/fs/*.c) uvmm/virtio/dev.c uvmm/virtio/disk.c \
                  uvmm/virtio/worker.c $(wildcard uvmm/jail/*.c) $(wildcard vpci/*.c)
FUZZ_LDLIBS_virtio_fs := -lseccomp
# The ACPI builder with any platform, base and buffer size.
FUZZ_acpi     := $(filter-out acpi-tables/acpi_dump.c,$(wildcard acpi-tables/*.c))
FUZZ_MAIN_acpi := acpi-tables/tests/fuzz_acpi.c
# virtio-blk requests on read-write, read-only and snapshot images.
FUZZ_virtio_blk := uvmm/virtio/blk.c uvmm/virtio/dev.c uvmm/virtio/disk.c \
                   uvmm/virtio/worker.c $(wildcard uvmm/jail/*.c) $(wildcard vpci/*.c)
FUZZ_LDLIBS_virtio_blk := -lseccomp
# The guest command's script and cpio archive, and the initrd's loading.
FUZZ_initrd   := uvmm/setup/initrd.c uvmm/setup/guest_command.c uvmm/setup/guest_mem.c \
                 uvmm/setup/mem_file_reaper.c
# virtio-net's transmit checks, receive buffers and the helper's stream.
FUZZ_virtio_net := uvmm/virtio/net_frame.c uvmm/virtio/net_stream.c $(wildcard vpci/*.c)
FUZZERS      := elf_load options vpci virtio_fs acpi virtio_blk initrd virtio_net
FUZZ_BINS    := $(addprefix $(FUZZ_DIR)/,$(FUZZERS))
FUZZ_SECONDS ?= 60

# The target's main file: uvmm/tests/fuzz_NAME.c unless FUZZ_MAIN_NAME says.
fuzz_main = $(or $(FUZZ_MAIN_$(1)),uvmm/tests/fuzz_$(1).c)
define FUZZ_RULE
$(FUZZ_DIR)/$(1): $(call fuzz_main,$(1)) $(FUZZ_$(1)) $(wildcard uvmm/setup/*.h uvmm/cli/*.h uvmm/virtio/*.h uvmm/virtio/fs/*.h vpci/*.h acpi-tables/*.h)
	@mkdir -p $$(@D)
	clang $(FUZZ_CFLAGS) -Ivpci -Iacpi-tables -o $$@ $(call fuzz_main,$(1)) $(FUZZ_$(1)) $(FUZZ_LDLIBS_$(1))
endef
$(foreach f,$(FUZZERS),$(eval $(call FUZZ_RULE,$(f))))

.PHONY: fuzz
fuzz: $(FUZZ_BINS)
	@for f in $(FUZZERS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$f && \
	  $(FUZZ_DIR)/$$f -max_total_time=$(FUZZ_SECONDS) -timeout=60 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/crash-$$f- \
	    $(FUZZ_DIR)/corpus/$$f tests/fuzz/corpus/$$f > $(FUZZ_DIR)/$$f.log 2>&1 || \
	    { echo "fuzz $$f: a crash, see $(FUZZ_DIR)/$$f.log"; exit 1; }; \
	  echo "fuzz $$f: $$(grep -h stat::number_of_executed_units $(FUZZ_DIR)/$$f.log | awk '{print $$2}') runs," \
	       "$$(ls $(FUZZ_DIR)/corpus/$$f | wc -l) corpus files, no crash"; \
	done

CHECK_TARGETS += $(FUZZ_BINS)
CLEAN_FILES   += $(FUZZ_DIR)

# The guest process bench (numbers only; never run by make check), with
# uvmm's release objects.
GUEST_PROC_BENCH := $(UNIT_DIR)/guest_proc_bench
$(GUEST_PROC_BENCH): uvmm/tests/guest_proc_bench.c uvmm/tests/guest_proc_snippets.S \
		     uvmm/tests/guest_proc_fixture.h $(TAP_H) uvmm/guest_proc/internal.h uvmm/guest_proc/stub/stub_abi.h \
		     $(patsubst uvmm/%,$(UVMM_OBJDIR)/%.c.o,$(filter-out %/stub_image %/guest_proc_snippets,$(GUEST_PROC_OBJS))) \
		     $(UVMM_OBJDIR)/guest_proc/stub_image.S.o
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -Iuvmm $(GATE_ABI_INCLUDE) -Itests/lib -o $@ $(filter-out %.h,$^)
BENCH_TARGETS += $(GUEST_PROC_BENCH)

# The guest ABI suite: static x86_64 programs (tests/guest/abi/abi_*.c) that
# run inside the guest and print TAP, packed with the default initramfs
# into build/tests/guest/abi.cpio.gz for tests/guest/abi.t.
ABI_DIR    := $(BUILD)/tests/guest/abi
ABI_SRCS   := $(wildcard tests/guest/abi/abi_*.c)
ABI_BINS   := $(patsubst tests/guest/abi/%.c,$(ABI_DIR)/%,$(ABI_SRCS))
ABI_CPIO   := $(BUILD)/tests/guest/abi.cpio.gz
# Helpers that host-side tests run in the guest (tests/guest/tools/), at /tools.
TOOL_DIR   := $(BUILD)/tests/guest/tools
TOOL_BINS  := $(patsubst tests/guest/tools/%.c,$(TOOL_DIR)/%,$(wildcard tests/guest/tools/*.c))

$(ABI_DIR)/%: tests/guest/abi/%.c $(TAP_H)
	@mkdir -p $(@D)
	$(HOST_CC) -std=gnu11 -O2 -Wall -Wextra -Werror -static -pthread -Itests/lib -o $@ $<

$(TOOL_DIR)/%: tests/guest/tools/%.c $(wildcard tests/guest/tools/*.h) $(TAP_H)
	@mkdir -p $(@D)
	$(HOST_CC) -std=gnu11 -O2 -Wall -Wextra -Werror -static -Itests/lib -o $@ $<

$(ABI_CPIO): $(ABI_BINS) $(TOOL_BINS) $(INITRAMFS)
	{ cat $(BUILD)/initramfs.list; echo "dir /abi 0755 0 0"; echo "dir /tools 0755 0 0"; \
	  for b in $(ABI_BINS); do echo "file /abi/$$(basename $$b) $$b 0755 0 0"; done; \
	  for b in $(TOOL_BINS); do echo "file /tools/$$(basename $$b) $$b 0755 0 0"; done; } > $(ABI_DIR)/list
	$(KOBJ)/usr/gen_init_cpio $(ABI_DIR)/list | gzip -1n > $@.tmp
	mv $@.tmp $@

CHECK_TARGETS += $(ABI_CPIO)
CLEAN_FILES   += $(BUILD)/tests/guest

# The NIC passthrough tests' guest (tests/uvmm/nic-passthrough.t): the
# default initramfs plus bar-mmap (tests/uvmm/passthrough/bar_mmap.c) and
# bench's bar-read, which map the NIC's BARs from guest user space, and
# bench's tcp-get (make bench-passthrough).
PT_DIR  := $(BUILD)/tests/uvmm/passthrough
PT_CPIO := $(PT_DIR)/initramfs.cpio.gz
$(PT_DIR)/bar-mmap: tests/uvmm/passthrough/bar_mmap.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -static -o $@ $<
$(PT_CPIO): $(PT_DIR)/bar-mmap $(PT_BAR_READ) $(PT_TCP_GET) $(INITRAMFS)
	{ cat $(BUILD)/initramfs.list; \
	  echo "file /bin/bar-mmap $(PT_DIR)/bar-mmap 0755 0 0"; \
	  echo "file /bin/bar-read $(PT_BAR_READ) 0755 0 0"; \
	  echo "file /bin/tcp-get $(PT_TCP_GET) 0755 0 0"; } > $(PT_DIR)/list
	$(KOBJ)/usr/gen_init_cpio $(PT_DIR)/list | gzip -1n > $@.tmp
	mv $@.tmp $@
CHECK_TARGETS += $(PT_CPIO)

# The Debian 12 guest image for tests/guest/debian.t: a debootstrap minbase
# root filesystem (cached in build/debian/rootfs, rebuilt only when the
# package list in the script changes) plus tests/debian/init, as one
# uncompressed cpio (docs/debian-guest.md). debootstrap needs root: as
# another user the image is not a check target and the test skips.
DEBIAN_PACKAGES += debootstrap debian-archive-keyring cpio python3 procps
DEBIAN_IMAGE := $(BUILD)/debian/initramfs.cpio
$(DEBIAN_IMAGE): tests/debian/build-rootfs.sh tests/debian/init
	tests/debian/build-rootfs.sh $(BUILD)/debian
debian-image: $(DEBIAN_IMAGE)
.PHONY: debian-image
ifeq ($(shell id -u),0)
CHECK_TARGETS += $(DEBIAN_IMAGE)
endif
CLEAN_FILES += $(BUILD)/debian

# The kernel's own selftests (tools/testing/selftests of $(KSRC)) for the
# Debian guest (docs/conformance.md): tests/selftests/build.sh builds them
# into build/selftests and packs them as a cpio appended to the Debian
# image. make check runs the quick collections (tests/guest/selftests.t);
# `make selftests` runs them all, in uvmm and under UML from the same tree.
DEBIAN_PACKAGES  += libcap-dev libnuma-dev libpopt-dev liburing-dev rsync
SELFTESTS_OUT    := $(BUILD)/selftests
SELFTESTS_CPIO   := $(SELFTESTS_OUT)/kselftest.cpio
SELFTESTS_IMAGE  := $(SELFTESTS_OUT)/image.cpio
$(SELFTESTS_CPIO): tests/selftests/build.sh tests/selftests/mm-run.sh | kernel-tree
	tests/selftests/build.sh $(KSRC) $(SELFTESTS_OUT)
$(SELFTESTS_IMAGE): $(DEBIAN_IMAGE) $(SELFTESTS_CPIO)
	cat $^ > $@.tmp
	mv $@.tmp $@
ifeq ($(shell id -u),0)
CHECK_TARGETS += $(SELFTESTS_IMAGE)
endif
.PHONY: selftests
selftests: all $(SELFTESTS_IMAGE) bench-uml bench-probes
	tests/selftests/compare.sh $(BUILD) $(SELFTESTS_IMAGE) $(SELFTESTS_OUT)/results
CLEAN_FILES += $(SELFTESTS_OUT)

# The test bed's own kernel: our 6.12 tree with the host-patches/ series
# and VFIO's iommufd interface built in (tests/hostvm/build-hostvm-kernel.sh);
# the iommufd and host-patches tests boot it.
HOSTVM_KERNEL := $(BUILD)/hostvm-kernel/out/arch/x86/boot/bzImage
.PHONY: hostvm-kernel
hostvm-kernel: | kernel-tree
	JOBS=2 tests/hostvm/build-hostvm-kernel.sh $(KSRC) $(BUILD)/hostvm-kernel
CHECK_TARGETS += hostvm-kernel
CLEAN_FILES   += $(BUILD)/hostvm $(BUILD)/hostvm-kernel

# The host-patches series' own kernel selftest (host-patches/0003:
# tools/testing/selftests/ptrace/nosigstop_oneshot.c), built static from the
# patched tree hostvm-kernel makes, for tests/host-patches/selftest.t, which
# runs it here and in the test bed on Debian's kernel and on ours. The
# source has an empty rule on hostvm-kernel: make looks at it again once
# hostvm-kernel has run, so the program is rebuilt when the series changes.
HOSTPATCH_SELFTESTS := $(BUILD)/hostvm-kernel/src/tools/testing/selftests
HOSTPATCH_SELFTEST  := $(BUILD)/tests/host-patches/nosigstop_oneshot
$(HOSTPATCH_SELFTESTS)/ptrace/nosigstop_oneshot.c: hostvm-kernel ;
$(HOSTPATCH_SELFTEST): $(HOSTPATCH_SELFTESTS)/ptrace/nosigstop_oneshot.c
	@mkdir -p $(@D)
	$(HOST_CC) -std=gnu11 -O2 -Wall -Wextra -Werror -static -I$(HOSTPATCH_SELFTESTS) -o $@ $<
CHECK_TARGETS += $(HOSTPATCH_SELFTEST)
CLEAN_FILES   += $(BUILD)/tests/host-patches
