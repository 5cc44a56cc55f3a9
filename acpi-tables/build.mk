# SPDX-License-Identifier: GPL-2.0
#
# acpi-tables: libacpi-tables.a (linked into uvmm), the acpi-dump tool, and
# the unit tests, which compile the same sources again under ASan/UBSan.

DEBIAN_PACKAGES += acpica-tools

ACPI_DIR      := acpi-tables
ACPI_OBJDIR   := $(BUILD)/obj/acpi-tables
ACPI_LIB      := $(BUILD)/acpi-tables/libacpi-tables.a
ACPI_DUMP     := $(BUILD)/acpi-tables/acpi-dump
ACPI_LIB_SRCS := $(filter-out $(ACPI_DIR)/acpi_dump.c,$(wildcard $(ACPI_DIR)/*.c))
ACPI_LIB_OBJS := $(patsubst $(ACPI_DIR)/%.c,$(ACPI_OBJDIR)/%.o,$(ACPI_LIB_SRCS))
ACPI_CFLAGS   := $(HOST_CFLAGS) -I$(ACPI_DIR) -MMD -MP

$(ACPI_OBJDIR)/%.o: $(ACPI_DIR)/%.c
	@mkdir -p $(@D)
	$(HOST_CC) $(ACPI_CFLAGS) -c $< -o $@

$(ACPI_LIB): $(ACPI_LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(ACPI_DUMP): $(ACPI_OBJDIR)/acpi_dump.o $(ACPI_LIB)
	$(HOST_CC) -o $@ $^

# Unit tests: acpi-tables/tests/*_test.c (run by tests/acpi/unit-*.t), each
# linked with the library sources rebuilt under the sanitizers.
ACPI_TEST_DIR    := $(BUILD)/tests/acpi
ACPI_TEST_SRCS   := $(wildcard $(ACPI_DIR)/tests/*_test.c)
ACPI_TESTS       := $(patsubst $(ACPI_DIR)/tests/%.c,$(ACPI_TEST_DIR)/%,$(ACPI_TEST_SRCS))
ACPI_SAN_OBJDIR  := $(BUILD)/obj/acpi-tables-san
ACPI_SAN_OBJS    := $(patsubst $(ACPI_DIR)/%.c,$(ACPI_SAN_OBJDIR)/%.o,$(ACPI_LIB_SRCS))
ACPI_SAN_CFLAGS  := $(SAN_CFLAGS) -I$(ACPI_DIR) -MMD -MP

$(ACPI_SAN_OBJDIR)/%.o: $(ACPI_DIR)/%.c
	@mkdir -p $(@D)
	$(HOST_CC) $(ACPI_SAN_CFLAGS) -c $< -o $@

$(ACPI_TEST_DIR)/%: $(ACPI_DIR)/tests/%.c $(ACPI_SAN_OBJS)
	@mkdir -p $(@D)
	$(HOST_CC) $(ACPI_SAN_CFLAGS) -Itests/lib -o $@ $< $(ACPI_SAN_OBJS)

-include $(ACPI_LIB_OBJS:.o=.d) $(ACPI_OBJDIR)/acpi_dump.d $(ACPI_SAN_OBJS:.o=.d) $(ACPI_TESTS:=.d)

.PHONY: acpi-tables
acpi-tables: $(ACPI_LIB) $(ACPI_DUMP) $(ACPI_TESTS)

UVMM_LIBS     += $(ACPI_LIB)
ALL_TARGETS   += $(ACPI_LIB) $(ACPI_DUMP)
CHECK_TARGETS += $(ACPI_DUMP) $(ACPI_TESTS)
CLEAN_FILES   += $(BUILD)/acpi-tables $(ACPI_OBJDIR) $(ACPI_SAN_OBJDIR) $(ACPI_TEST_DIR)
