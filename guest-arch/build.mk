# SPDX-License-Identifier: GPL-2.0
#
# The guest kernel: Debian's linux-source-6.12 extracted under build/,
# guest-arch/ linked in as arch/uvmm, built out of tree in build/kernel.
# KSRC=/path/to/tree builds another tree (it must be Linux 6.12).

DEBIAN_PACKAGES += linux-source-6.12 ccache flex bison libelf-dev bc cpio \
                   xz-utils kmod python3 busybox-static gdb

KSRC_TARBALL := /usr/src/linux-source-6.12.tar.xz
KSRC         ?= $(BUILD)/linux-source-6.12
KOBJ         := $(BUILD)/kernel
KERNEL       := $(KOBJ)/vmlinux
# ccache hashes paths relative to the checkout, so that clones (CI's) share
# hits; only here, since it would also rewrite -MMD targets of host objects.
KMAKE         = $(call kmake_in,$(KOBJ))
kmake_in      = CCACHE_BASEDIR=$(TOP) CCACHE_NOHASHDIR=1 $(MAKE) -C $(KSRC) O=$(1) ARCH=uvmm CC="$(CCACHE) gcc" \
                KBUILD_BUILD_TIMESTAMP=uvmm KBUILD_BUILD_USER=uvmm \
                KBUILD_BUILD_HOST=uvmm

# Extract the tree once; a stamp file marks a complete extraction.
$(BUILD)/linux-source-6.12/.uvmm-extracted: $(KSRC_TARBALL)
	@mkdir -p $(BUILD)
	rm -rf $(BUILD)/linux-source-6.12
	tar -C $(BUILD) -xf $(KSRC_TARBALL)
	touch $@

# The tree, extracted (if it is ours), checked to be 6.12, with arch/uvmm
# pointing at guest-arch/. Other fragments (bench/) depend on this too.
.PHONY: kernel-tree
kernel-tree: $(if $(filter $(BUILD)/linux-source-6.12,$(KSRC)),$(BUILD)/linux-source-6.12/.uvmm-extracted)
	@v=$$(sed -n 's/^VERSION = //p' $(KSRC)/Makefile 2>/dev/null).$$(sed -n 's/^PATCHLEVEL = //p' $(KSRC)/Makefile 2>/dev/null); \
	 if [ "$$v" != "6.12" ]; then \
	   echo "error: $(KSRC) is not a Linux 6.12 tree (found version '$$v'); uvmm's port is for 6.12 only" >&2; exit 1; fi
	@ln -sfn $(TOP)/guest-arch $(KSRC)/arch/uvmm

ALL_TARGETS += kernel-tree

# Configure from the defconfig whenever it changes, then let kbuild decide
# what to rebuild (incremental, through ccache).
$(KOBJ)/.config: guest-arch/configs/uvmm_defconfig | kernel-tree
	@mkdir -p $(KOBJ)
	+$(KMAKE) uvmm_defconfig

# "modules" too, though the defconfig builds everything in: it writes
# Module.symvers, which out-of-tree modules are built against
# (make -C build/kernel ARCH=uvmm M=DIR, docs/kernel-modules.md).
.PHONY: kernel
kernel: kernel-tree $(KOBJ)/.config
	+$(KMAKE) vmlinux modules

ALL_TARGETS += kernel
CLEAN_FILES += $(KOBJ)

# The same kernel with the debugging features kernel developers test with
# (guest-arch/configs/debug.config merged over the defconfig,
# docs/debugging-kernel.md), in its own build directory; the tests that
# prove each feature boot it, so make check builds it.
KOBJ_DEBUG   := $(BUILD)/kernel-debug
KERNEL_DEBUG := $(KOBJ_DEBUG)/vmlinux
$(KOBJ_DEBUG)/.config: guest-arch/configs/uvmm_defconfig guest-arch/configs/debug.config | kernel-tree
	@mkdir -p $(KOBJ_DEBUG)
	+$(call kmake_in,$(KOBJ_DEBUG)) uvmm_defconfig debug.config

.PHONY: kernel-debug
kernel-debug: kernel-tree $(KOBJ_DEBUG)/.config
	+$(call kmake_in,$(KOBJ_DEBUG)) vmlinux modules

CHECK_TARGETS += kernel-debug
CLEAN_FILES += $(KOBJ_DEBUG)

# A small kernel for KUnit (docs/kunit.md), in its own build directory:
# allnoconfig with guest-arch/configs/kunit.config, the default guest's
# suites (those whose dependencies it has) and the developer's options,
# KUNIT_CONFIG=FILE (a .kunitconfig) and KCONFIG_ADD='CONFIG_X=y ...', in
# the spirit of kunit.py's --kunitconfig and --kconfig_add. It is
# configured again only when that list changes; an option asked for that
# did not make it into .config (a dependency missing) is an error.
KOBJ_KUNIT   := $(BUILD)/kernel-kunit
KUNIT_FRAG   := $(KOBJ_KUNIT)/kunit.fragment
.PHONY: kernel-kunit
kernel-kunit: kernel-tree
	@mkdir -p $(KOBJ_KUNIT)
	@{ cat guest-arch/configs/kunit.config $(KUNIT_CONFIG) && \
	   for o in $(KCONFIG_ADD); do echo "$$o"; done; } > $(KUNIT_FRAG).asked
	@sed -n 's/^\(# \)\{0,1\}\(CONFIG_[A-Za-z0-9_]*\)[= ].*/^\2=/p' $(KUNIT_FRAG).asked \
	   > $(KUNIT_FRAG).names
	@{ echo '# the default guest'"'"'s suites, where they build, unless asked otherwise'; \
	   grep -E '^CONFIG_[A-Z0-9_]*(TEST|KUNIT)[A-Z0-9_]*=y' guest-arch/configs/uvmm_defconfig | \
	     grep -v -f $(KUNIT_FRAG).names; \
	   echo '# asked for (later lines win)'; cat $(KUNIT_FRAG).asked; } > $(KUNIT_FRAG).new
	+@if ! cmp -s $(KUNIT_FRAG).new $(KUNIT_FRAG) || [ ! -f $(KOBJ_KUNIT)/.config ]; then \
	   rm -f $(KUNIT_FRAG) && \
	   $(call kmake_in,$(KOBJ_KUNIT)) -s KCONFIG_ALLCONFIG=$(KUNIT_FRAG).new allnoconfig && \
	   guest-arch/tools/kunit-config-check.sh $(KUNIT_FRAG).new $(KOBJ_KUNIT)/.config && \
	   mv $(KUNIT_FRAG).new $(KUNIT_FRAG); fi
	+@$(call kmake_in,$(KOBJ_KUNIT)) -s vmlinux

CHECK_TARGETS += kernel-kunit
CLEAN_FILES += $(KOBJ_KUNIT)

# KUnit in one command: build what changed, then one boot per glob
# (guest-arch/tools/kunit.sh, docs/kunit.md): make kunit KUNIT='list* string*'
# on the small kernel above; KUNIT_KERNEL=default (or debug) runs them on
# the default guest's kernel (or the debugging one) instead.
.PHONY: kunit
KUNIT_TARGET := $(if $(filter default,$(KUNIT_KERNEL)),kernel,$(if $(filter debug,$(KUNIT_KERNEL)),kernel-debug,kernel-kunit))
KUNIT_VMLINUX := $(if $(filter default,$(KUNIT_KERNEL)),$(KERNEL),$(if $(filter debug,$(KUNIT_KERNEL)),$(KERNEL_DEBUG),$(KOBJ_KUNIT)/vmlinux))
kunit: $(BUILD)/uvmm $(KUNIT_TARGET)
	@set -f; guest-arch/tools/kunit.sh --kernel $(KUNIT_VMLINUX) $(KUNIT)

# The default initramfs: Debian's static busybox and our /init.
INITRAMFS := $(BUILD)/initramfs.cpio.gz
$(INITRAMFS): guest-arch/initramfs/init guest-arch/initramfs/initramfs.list.in | kernel
	sed -e 's|@BUSYBOX@|/bin/busybox|' -e 's|@INIT@|$(TOP)/guest-arch/initramfs/init|' \
	    guest-arch/initramfs/initramfs.list.in > $(BUILD)/initramfs.list
	$(KOBJ)/usr/gen_init_cpio $(BUILD)/initramfs.list | gzip -9n > $@.tmp
	mv $@.tmp $@

ALL_TARGETS += $(INITRAMFS)
CLEAN_FILES += $(INITRAMFS) $(BUILD)/initramfs.list
