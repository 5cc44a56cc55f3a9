# SPDX-License-Identifier: GPL-2.0
#
# The monitor: every uvmm/*.c and uvmm/*.S linked into build/uvmm.
# Libraries it uses add themselves to UVMM_LIBS (archives and -l flags).

UVMM_BIN    := $(BUILD)/uvmm
UVMM_OBJDIR := $(BUILD)/obj/uvmm
UVMM_SRCS   := $(wildcard uvmm/*.c uvmm/*.S)
UVMM_OBJS   := $(patsubst uvmm/%,$(UVMM_OBJDIR)/%.o,$(UVMM_SRCS))
UVMM_CFLAGS := $(HOST_CFLAGS) -Iuvmm -Iacpi-tables -Ivpci -Iudrivers -Iguest-arch/include/uapi -pthread -MMD -MP

$(UVMM_OBJDIR)/%.c.o: uvmm/%.c
	@mkdir -p $(@D)
	$(HOST_CC) $(UVMM_CFLAGS) -c $< -o $@

$(UVMM_OBJDIR)/%.S.o: uvmm/%.S
	@mkdir -p $(@D)
	$(HOST_CC) $(UVMM_CFLAGS) -c $< -o $@

$(UVMM_BIN): $(UVMM_OBJS) $(filter %.a,$(UVMM_LIBS))
	$(HOST_CC) -pthread -o $@ $(UVMM_OBJS) $(UVMM_LIBS)

-include $(UVMM_OBJS:.o=.d)

ALL_TARGETS += $(UVMM_BIN)
CLEAN_FILES += $(UVMM_BIN) $(UVMM_OBJDIR)

# The guest-process stub (uvmm/stub/): a freestanding static program linked
# just above UVMM_USER_TOP, embedded into uvmm by guest_proc_stub_image.S.
# No SSE (-mgeneral-regs-only): its batches run between guest instructions
# and must leave the guest's FPU state alone.
DEBIAN_PACKAGES += gcc binutils
STUB_DIR    := $(BUILD)/stub
STUB_ELF    := $(STUB_DIR)/stub.elf
STUB_SRCS   := uvmm/stub/stub_entry.S uvmm/stub/stub.c
STUB_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -fpie -no-pie \
               -fno-stack-protector -fno-asynchronous-unwind-tables -mgeneral-regs-only \
               -fcf-protection=none -nostdlib -static -Wl,-T,uvmm/stub/stub.lds \
               -Wl,--build-id=none -Wl,-z,noexecstack -Wl,-z,norelro

$(STUB_ELF): $(STUB_SRCS) uvmm/stub/stub_abi.h uvmm/stub/stub.lds
	@mkdir -p $(@D)
	$(CC) $(STUB_CFLAGS) -o $@ $(STUB_SRCS)
	strip $@

$(UVMM_OBJDIR)/guest_proc_stub_image.S.o: $(STUB_ELF)
$(UVMM_OBJDIR)/guest_proc_stub_image.S.o: UVMM_CFLAGS += -Wa,-I$(STUB_DIR)

CLEAN_FILES += $(STUB_DIR)
