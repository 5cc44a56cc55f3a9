# SPDX-License-Identifier: GPL-2.0
#
# The monitor: every .c and .S under uvmm/ (one folder per subsystem, see
# uvmm/README.md) but the stub's, linked into build/uvmm. Libraries it uses
# add themselves to UVMM_LIBS (archives and -l flags).
#
# Headers: uvmm's own by their path under uvmm/ ("gate/gate.h"); the gate
# ABI, the only guest header uvmm sees, as "asm/uvmm_gate.h". The guest's
# uapi directory is searched for quoted includes only (-iquote), so every
# <asm/...> is the host's own.

GATE_ABI_INCLUDE := -iquote guest-arch/include/uapi

# The jail (uvmm/jail/) builds its seccomp filters with libseccomp.
DEBIAN_PACKAGES += libseccomp-dev
UVMM_LIBS += -lseccomp

UVMM_BIN    := $(BUILD)/uvmm
UVMM_OBJDIR := $(BUILD)/obj/uvmm
UVMM_SRCS   := $(filter-out uvmm/guest_proc/stub/% uvmm/tests/% uvmm/slirp/%,$(shell find uvmm -name '*.[cS]'))
UVMM_OBJS   := $(patsubst uvmm/%,$(UVMM_OBJDIR)/%.o,$(UVMM_SRCS))
UVMM_CFLAGS := $(HOST_CFLAGS) -Iuvmm -Iacpi-tables -Ivpci -Iudrivers $(GATE_ABI_INCLUDE) -pthread -MMD -MP

$(UVMM_OBJDIR)/%.c.o: uvmm/%.c
	@mkdir -p $(@D)
	$(HOST_CC) $(UVMM_CFLAGS) -c $< -o $@

# __ASSEMBLY__, as in the kernel: the gate ABI header's assembly side.
$(UVMM_OBJDIR)/%.S.o: uvmm/%.S
	@mkdir -p $(@D)
	$(HOST_CC) $(UVMM_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(UVMM_BIN): $(UVMM_OBJS) $(filter %.a,$(UVMM_LIBS))
	$(HOST_CC) -pthread -o $@ $(UVMM_OBJS) $(UVMM_LIBS)

-include $(UVMM_OBJS:.o=.d)

ALL_TARGETS += $(UVMM_BIN)
CLEAN_FILES += $(UVMM_BIN) $(UVMM_OBJDIR)

# The guest-process stub (uvmm/guest_proc/stub/): a freestanding static program linked
# just above UVMM_USER_TOP, embedded into uvmm by guest_proc/stub_image.S.
# No SSE (-mgeneral-regs-only): its batches run between guest instructions
# and must leave the guest's FPU state alone.
DEBIAN_PACKAGES += gcc binutils
STUB_DIR    := $(BUILD)/stub
STUB_ELF    := $(STUB_DIR)/stub.elf
STUB_SRCS   := uvmm/guest_proc/stub/stub_entry.S uvmm/guest_proc/stub/stub.c \
               uvmm/guest_proc/stub/fast.c uvmm/guest_proc/stub/mapper.S \
               uvmm/guest_proc/stub/traced.c uvmm/guest_proc/stub/gate.S
STUB_CFLAGS := -std=gnu11 -O2 $(HOST_WARN) -ffreestanding -fpie -no-pie \
               -fno-stack-protector -fno-asynchronous-unwind-tables -mgeneral-regs-only \
               -fcf-protection=none -nostdlib -static -Wl,-T,uvmm/guest_proc/stub/stub.lds \
               -Wl,--build-id=none -Wl,-z,noexecstack -Wl,-z,norelro

$(STUB_ELF): $(STUB_SRCS) uvmm/guest_proc/stub/stub_abi.h uvmm/guest_proc/stub/stub.h \
             uvmm/guest_proc/stub/stub.lds
	@mkdir -p $(@D)
	$(CC) $(STUB_CFLAGS) -o $@ $(STUB_SRCS)
	strip $@

$(UVMM_OBJDIR)/guest_proc/stub_image.S.o: $(STUB_ELF)
$(UVMM_OBJDIR)/guest_proc/stub_image.S.o: UVMM_CFLAGS += -Wa,-I$(STUB_DIR)

CLEAN_FILES += $(STUB_DIR)

# --net user's network stack (uvmm/slirp/): a program of its own around
# libslirp, next to uvmm, so uvmm's jail keeps it from host sockets.
DEBIAN_PACKAGES += libslirp-dev
SLIRP_HELPER := $(BUILD)/uvmm-slirp

$(SLIRP_HELPER): uvmm/slirp/slirp_helper.c uvmm/virtio/net_stream.c uvmm/virtio/net_stream.h
	$(HOST_CC) $(HOST_CFLAGS) -Iuvmm -o $@ uvmm/slirp/slirp_helper.c uvmm/virtio/net_stream.c -lslirp

ALL_TARGETS += $(SLIRP_HELPER)
CLEAN_FILES += $(SLIRP_HELPER)
