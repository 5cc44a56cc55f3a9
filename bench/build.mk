# SPDX-License-Identifier: GPL-2.0
#
# Benchmarks (issue 6): static probes, the guest /init, UML built from the
# same tree, and the harness that runs them all into build/bench/.
#   make bench           everything: UML build, host/UML/uvmm runs, table
#   make bench-run       the same without building `all` first
#   make bench-probes    just the probes and /init (make check needs them)
#   make bench-doc       put the last run's table into docs/performance.md
# BENCH_ARGS passes options to the harness (bench/harness/bench.py --help),
# e.g. make bench BENCH_ARGS="--runs 3 --targets host,uml".

DEBIAN_PACKAGES += gcc make libc6-dev python3 flex bison bc

BENCH_OUT     := $(BUILD)/bench
BENCH_PROBES  := $(BENCH_OUT)/probes
BENCH_LIB     := bench/probes/probe.c bench/probes/pingpong.c bench/probes/scratch-file.c
BENCH_HDRS    := $(wildcard bench/probes/*.h)
BENCH_MAINS   := $(filter-out $(BENCH_LIB),$(wildcard bench/probes/*.c))
BENCH_BINS    := $(patsubst bench/probes/%.c,$(BENCH_PROBES)/%,$(BENCH_MAINS))
BENCH_INIT    := $(BENCH_OUT)/init
BENCH_INIT_SRCS := $(wildcard bench/init/*.c)
# Static, so the same binary runs on the host and in any guest with no libs.
BENCH_CFLAGS  := $(HOST_CFLAGS) -static
UML_OUT       := $(BUILD)/uml
# Lets UML 6.12 run on hosts with a large XSAVE area (see its comment).
UML_SHIM      := $(BENCH_OUT)/uml-xstate-shim

$(BENCH_PROBES)/%: bench/probes/%.c $(BENCH_LIB) $(BENCH_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(BENCH_CFLAGS) -o $@ $< $(BENCH_LIB)

$(BENCH_INIT): $(BENCH_INIT_SRCS) $(wildcard bench/init/*.h)
	@mkdir -p $(@D)
	$(HOST_CC) $(BENCH_CFLAGS) -o $@ $(BENCH_INIT_SRCS)

$(UML_SHIM): bench/uml-shim/uml-xstate-shim.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $<

# Unit test of /init's command-line parser, under ASan/UBSan like all
# host-side unit tests; run by tests/bench/init-cmdline.t.
BENCH_CMDLINE_TEST := $(BUILD)/tests/bench/init-cmdline-test
$(BENCH_CMDLINE_TEST): bench/tests/init-cmdline-test.c bench/init/init-cmdline.c bench/init/init-cmdline.h tests/lib/tap.h
	@mkdir -p $(@D)
	$(HOST_CC) $(SAN_CFLAGS) -Ibench/init -Itests/lib -o $@ $< bench/init/init-cmdline.c

# The network benchmark (bench/net/): its static round-trip client, and the
# run itself (root: it makes network namespaces and taps).
DEBIAN_PACKAGES += iperf3
BENCH_RTT := $(BENCH_OUT)/net/rtt-client
$(BENCH_RTT): bench/net/rtt-client.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -static -o $@ $<

.PHONY: bench-net
bench-net: all $(BENCH_RTT) bench-uml bench-probes
	python3 bench/net/net_bench.py --build $(BUILD) $(BENCH_NET_ARGS)

# The disk benchmark (bench/disk/): fio on one raw image on the host, on
# uvmm's virtio-blk and on UML's ubd.
DEBIAN_PACKAGES += fio
.PHONY: bench-disk
bench-disk: all bench-uml bench-probes
	python3 bench/disk/disk_bench.py --build $(BUILD) $(BENCH_DISK_ARGS)

# Edit to result for KUnit (bench/kunit/, issue 16): a one-line change,
# then the string suite, through make kunit and through kunit.py on UML.
.PHONY: bench-kunit
bench-kunit: $(BUILD)/uvmm kernel-kunit
	bench/kunit/edit_to_result.sh $(BENCH_KUNIT_ROUNDS)

.PHONY: bench-probes bench-uml bench-run bench-doc
bench-probes: $(BENCH_BINS) $(BENCH_INIT) $(UML_SHIM)

# Always handed to the kernel's make, which knows what is up to date.
bench-uml: kernel-tree
	bench/build-uml.sh $(KSRC) $(UML_OUT) $(TOP)/bench/uml.config "$(CCACHE) gcc"

bench-run: bench-probes bench-uml
	python3 bench/harness/bench.py --top $(TOP) --build $(BUILD) $(BENCH_ARGS)

# After a run worth keeping: copy its table into docs/performance.md.
bench-doc:
	python3 bench/harness/update_doc.py $(BENCH_OUT)/results.md docs/performance.md

CHECK_TARGETS += bench-probes $(BENCH_CMDLINE_TEST)
BENCH_TARGETS += bench-run bench-net bench-disk bench-kunit
CLEAN_FILES   += $(BENCH_OUT) $(UML_OUT) $(BUILD)/tests/bench

# The working-set curve (bench/memcurve/, issue 17): `make bench-mem`
# (part of make bench) runs it on the host and in uvmm on both paths;
# tests/guest/memory-curve.t runs it as a test of what memory holds.
MEMCURVE := $(BENCH_OUT)/memcurve/memcurve
$(MEMCURVE): bench/memcurve/memcurve.c
	@mkdir -p $(@D)
	$(HOST_CC) $(BENCH_CFLAGS) -o $@ $<

.PHONY: bench-mem
bench-mem: all $(MEMCURVE)
	python3 bench/memcurve/run.py --build $(BUILD) $(BENCH_MEM_ARGS)

CHECK_TARGETS += $(MEMCURVE)
BENCH_TARGETS += bench-mem

# The fast gate's feasibility prototype (bench/fastgate/, docs/fast-gate.md):
# a SIGSYS + mailbox + mapper-task guest process and the reference round
# trips, measured the same way. `make fastgate-proto` builds and runs both
# (a few minutes, as nobody; results in build/bench/fastgate/results-*.txt).
# Static, non-PIE: the prototype's 32-bit probes need code below 4 GiB.
FASTGATE_OUT  := $(BENCH_OUT)/fastgate
FASTGATE_BINS := $(FASTGATE_OUT)/fastgate $(FASTGATE_OUT)/baseline
$(FASTGATE_OUT)/%: bench/fastgate/%.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -static -fno-stack-protector -o $@ $<

.PHONY: fastgate-proto
fastgate-proto: $(FASTGATE_BINS)
	bench/fastgate/runall.sh $(FASTGATE_OUT)

BENCH_TARGETS += $(FASTGATE_BINS)

# NIC passthrough against the test bed's own kernel on the same NIC
# (bench/passthrough/, docs/performance.md): `make bench-passthrough`.
PT_BAR_READ := $(BUILD)/bench/passthrough/bar-read
PT_TCP_GET  := $(BUILD)/bench/passthrough/tcp-get
# Static: they run in the test bed and in its uvmm guest.
$(PT_BAR_READ): bench/passthrough/bar_read.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -static -o $@ $<
$(PT_TCP_GET): bench/passthrough/tcp_get.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -static -o $@ $<

.PHONY: bench-passthrough
bench-passthrough: all $(PT_BAR_READ) $(PT_TCP_GET) $(BUILD)/tests/uvmm/passthrough/initramfs.cpio.gz
	bench/passthrough/run.sh $(TOP) $(BUILD)

ALL_TARGETS   += $(PT_BAR_READ) $(PT_TCP_GET)
BENCH_TARGETS += bench-passthrough

# What the host-patches ptrace options buy the tracer, in the QEMU test bed
# booted on the patched and on the stock kernel (bench/host-patches/):
# `make bench-host-patches`.
.PHONY: bench-host-patches
bench-host-patches: all bench-probes hostvm-kernel
	bench/host-patches/run.sh $(TOP) $(BUILD)

BENCH_TARGETS += bench-host-patches
