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
