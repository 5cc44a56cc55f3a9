# SPDX-License-Identifier: GPL-2.0
# Test programs that need building; the *.t scripts find them under build/tests.
#
# uvmm's front-end unit tests: each tests/unit/<name>_test.c is linked with
# the uvmm sources it exercises, all compiled with ASan+UBSan (SAN_CFLAGS)
# into build/tests/unit/, and run by a tests/uvmm-unit-*.t script.

DEBIAN_PACKAGES += perl gcc binutils libc6-dev coreutils

UNIT_DIR    := $(BUILD)/tests/unit
UNIT_OBJDIR := $(BUILD)/tests/obj
UNIT_CFLAGS := $(SAN_CFLAGS) -Iuvmm -Iacpi-tables -Ivpci -Iguest-arch/include/uapi -Itests/unit -MMD -MP

# test binary -> the uvmm/ and tests/unit/ objects it links
UNIT_parse_size_test := uvmm/parse_size
UNIT_options_test    := uvmm/options uvmm/usage uvmm/parse_size uvmm/guest_mem uvmm/mem_file_reaper
UNIT_guest_mem_test  := uvmm/guest_mem uvmm/mem_file_reaper
UNIT_elf_load_test   := uvmm/elf_load uvmm/guest_mem uvmm/mem_file_reaper unit/elf_craft
UNIT_boot_info_test  := uvmm/boot_info uvmm/initrd uvmm/guest_mem uvmm/mem_file_reaper
UNIT_mkelf           := unit/elf_craft
UNIT_vm_setup_probe  := uvmm/vm_setup uvmm/options uvmm/usage uvmm/parse_size \
                        uvmm/guest_mem uvmm/mem_file_reaper uvmm/elf_load uvmm/initrd uvmm/boot_info

UNIT_pci_platform_test := uvmm/pci_platform

UNIT_TESTS := parse_size_test options_test guest_mem_test elf_load_test \
              boot_info_test mkelf vm_setup_probe pci_platform_test
UNIT_BINS  := $(addprefix $(UNIT_DIR)/,$(UNIT_TESTS))

$(UNIT_OBJDIR)/uvmm/%.o: uvmm/%.c
	@mkdir -p $(@D)
	$(HOST_CC) $(UNIT_CFLAGS) -c $< -o $@

$(UNIT_OBJDIR)/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(HOST_CC) $(UNIT_CFLAGS) -c $< -o $@

define UNIT_LINK_RULE
$(UNIT_DIR)/$(1): $(UNIT_OBJDIR)/unit/$(1).o $(patsubst %,$(UNIT_OBJDIR)/%.o,$(UNIT_$(1)))
	@mkdir -p $$(@D)
	$$(HOST_CC) $$(SAN_CFLAGS) -o $$@ $$^
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call UNIT_LINK_RULE,$(t))))
# vm_setup builds the ACPI tables.
$(UNIT_DIR)/vm_setup_probe: $(BUILD)/acpi-tables/libacpi-tables.a
# pci_platform runs a vpci bus laid out from the ACPI platform.
$(UNIT_DIR)/pci_platform_test: $(BUILD)/vpci/libvpci-san.a $(BUILD)/acpi-tables/libacpi-tables.a

-include $(wildcard $(UNIT_OBJDIR)/*/*.d)

CHECK_TARGETS += $(UNIT_BINS)
CLEAN_FILES   += $(BUILD)/tests/unit $(UNIT_OBJDIR)
