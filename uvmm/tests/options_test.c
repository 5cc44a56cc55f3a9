// SPDX-License-Identifier: GPL-2.0
/* options_parse(): defaults, both value spellings, "--", and refusals. */
#include "cli/options.h"
#include "tap.h"

#define MiB (1ULL << 20)

/* The parsed options point into argv: it must outlive each check. */
static char *args[16];

static int parse(struct uvmm_options *o, char *err, int argc, char **argv)
{
	err[0] = '\0';
	return options_parse(argc, argv, o, err, 512);
}

#define PARSE(o, err, ...) ({						\
	char *argv_[] = { "run", __VA_ARGS__, NULL };			\
	int n_ = (int)(sizeof(argv_) / sizeof(argv_[0]));		\
	memcpy(args, argv_, sizeof(argv_));				\
	parse((o), (err), n_ - 1, args); })

static void refused(int r, const char *err, const char *frag, const char *what)
{
	ok(r == -1, "%s: refused", what);
	has_str(err, frag, "%s: message", what);
	ok(one_line(err), "%s: one line", what);
}

int main(void)
{
	struct uvmm_options o;
	char err[512];
	char *only_run[] = { "run", NULL };
	int r;

	r = parse(&o, err, 1, only_run);
	ok(r == 0, "no options");
	has_str(o.kernel, "/" UVMM_DEFAULT_KERNEL, "default kernel next to the binary");
	has_str(o.initrd, "/" UVMM_DEFAULT_INITRD, "default initrd next to the binary");
	ok(o.kernel[0] == '/', "default kernel path is absolute (%s)", o.kernel);
	ok(o.mem_size == 256 * MiB && o.mem_file == NULL, "256 MiB in a memfd by default");
	ok(strcmp(o.cmdline, "console=hvc0") == 0, "default command line");
	ok(o.guest_argv == NULL && o.guest_argc == 0, "no guest command");

	r = PARSE(&o, err, "--kernel", "/k", "--initrd", "/i", "--mem", "1G",
		  "--mem-file", "/m", "--cmdline", "a b");
	ok(r == 0 && strcmp(o.kernel, "/k") == 0 && strcmp(o.initrd, "/i") == 0 &&
	   o.mem_size == 1024 * MiB && strcmp(o.mem_file, "/m") == 0 &&
	   strcmp(o.cmdline, "a b") == 0, "every option, separate values");

	r = PARSE(&o, err, "--kernel=/k2", "--initrd=none", "--mem=64m", "--cmdline=");
	ok(r == 0 && strcmp(o.kernel, "/k2") == 0 && o.initrd == NULL &&
	   o.mem_size == 64 * MiB && o.cmdline[0] == '\0', "--opt=value, --initrd none, empty cmdline");

	r = PARSE(&o, err, "--device", "testdev", "--vfio-pci", "00:01.0", "--device=vfio:00:02.0");
	ok(r == 0 && o.nr_devices == 3 && strcmp(o.devices[0], "testdev") == 0 &&
	   strcmp(o.devices[1], "vfio:00:01.0") == 0 && strcmp(o.devices[2], "vfio:00:02.0") == 0,
	   "--vfio-pci BDF is --device vfio:BDF, in command-line order");

	r = PARSE(&o, err, "--mem", "64M", "--mem", "128M");
	ok(r == 0 && o.mem_size == 128 * MiB, "the last --mem wins");

	r = PARSE(&o, err, "--mem", "64M", "--", "/bin/sh", "-c", "--mem");
	ok(r == 0 && o.guest_argc == 3 && strcmp(o.guest_argv[0], "/bin/sh") == 0 &&
	   strcmp(o.guest_argv[2], "--mem") == 0 && o.guest_argv[3] == NULL,
	   "words after -- go to the guest, options included");
	r = PARSE(&o, err, "--");
	ok(r == -1 && strstr(err, "'--' must be followed by the command") != NULL,
	   "a bare -- is refused: it names no command");
	r = PARSE(&o, err, "--cmdline", "--");
	ok(r == 0 && strcmp(o.cmdline, "--") == 0 && o.guest_argv == NULL,
	   "-- as an option's value is a value");

	r = PARSE(&o, err, "--mem", "64M");
	ok(r == 0 && options_max_procs(&o) == 256, "64 MiB of RAM: 256 guest processes");
	r = PARSE(&o, err, "--mem", "1G");
	ok(r == 0 && options_max_procs(&o) == 4096, "1 GiB of RAM: 4096 guest processes");
	r = PARSE(&o, err, "--mem", "32M");
	ok(r == 0 && options_max_procs(&o) == 128, "32 MiB of RAM, the least: 128 guest processes");
	r = PARSE(&o, err, "--max-procs", "7", "--mem", "1G");
	ok(r == 0 && options_max_procs(&o) == 7, "--max-procs 7 is 7, whatever the RAM");
	refused(PARSE(&o, err, "--max-procs", "0"), err, "a number from 1 to", "--max-procs 0");
	refused(PARSE(&o, err, "--max-procs=-3"), err, "a number from 1 to", "--max-procs -3");
	refused(PARSE(&o, err, "--max-procs", "12x"), err, "a number from 1 to", "--max-procs 12x");
	refused(PARSE(&o, err, "--max-procs", "1048576"), err, "a number from 1 to",
		"--max-procs past the gate's ids");

	r = PARSE(&o, err, "--user", "nobody");
	ok(r == 0 && strcmp(o.user, "nobody") == 0, "--user NAME (resolved when uvmm starts)");
	refused(PARSE(&o, err, "--user="), err, "needs a non-empty value", "--user with no name");

	r = PARSE(&o, err, "--syscall-gate=ptrace");
	ok(r == 0 && o.syscall_gate == SYSCALL_GATE_PTRACE, "--syscall-gate=ptrace");
	r = PARSE(&o, err, "--syscall-gate", "auto");
	ok(r == 0 && o.syscall_gate == SYSCALL_GATE_AUTO, "--syscall-gate auto");
	r = PARSE(&o, err, "--syscall-gate=fast");
	ok(r == 0 && o.syscall_gate == SYSCALL_GATE_FAST, "--syscall-gate=fast");
	r = PARSE(&o, err, "--mem", "64M");
	ok(r == 0 && o.syscall_gate == SYSCALL_GATE_AUTO && !o.verbose,
	   "by default: auto, not verbose");
	r = PARSE(&o, err, "--verbose", "--mem", "64M");
	ok(r == 0 && o.verbose && o.mem_size == 64ULL << 20,
	   "--verbose takes no value: the next word is an option again");
	r = PARSE(&o, err, "--verbose=yes");
	ok(r == -1 && strstr(err, "--verbose takes no value") != NULL,
	   "--verbose=VALUE refused");
	r = PARSE(&o, err, "--syscall-gate=sysemu");
	ok(r == -1 && strstr(err, "'sysemu': ptrace, fast or auto") != NULL,
	   "--syscall-gate with an unknown path refused");

	r = PARSE(&o, err, "--frobnicate");
	refused(r, err, "unknown option '--frobnicate'", "unknown option");
	r = PARSE(&o, err, "--kernelx=/k");
	refused(r, err, "unknown option '--kernelx=/k'", "option with a known prefix");
	r = PARSE(&o, err, "-k");
	refused(r, err, "unknown option '-k'", "unknown short option");
	/* Found by the options fuzzer: a newline in a word broke the one line. */
	r = PARSE(&o, err, "--m\n\033[2J");
	refused(r, err, "unknown option '--m??[2J'", "control characters shown as '?'");
	r = PARSE(&o, err, "--mem", "1\nG");
	ok(r == -1 && !strchr(err, '\n'), "a bad value with a newline: still one line");
	r = PARSE(&o, err, "vmlinux");
	refused(r, err, "unexpected argument 'vmlinux'", "stray argument");
	r = PARSE(&o, err, "--kernel");
	refused(r, err, "--kernel needs a value", "missing value");
	r = PARSE(&o, err, "--kernel", "");
	refused(r, err, "--kernel needs a non-empty value", "empty kernel");
	r = PARSE(&o, err, "--mem-file=");
	refused(r, err, "--mem-file needs a non-empty value", "empty --mem-file");
	r = PARSE(&o, err, "--help=yes");
	refused(r, err, "--help takes no value", "--help=yes");
	r = PARSE(&o, err, "--mem", "lots");
	refused(r, err, "--mem 'lots' is not a size", "--mem lots");
	r = PARSE(&o, err, "--mem", "-1");
	refused(r, err, "is not a size", "--mem -1");
	r = PARSE(&o, err, "--mem", "0");
	refused(r, err, "is not a size", "--mem 0");
	r = PARSE(&o, err, "--mem", "99999999999999999999T");
	refused(r, err, "is not a size", "--mem overflowing");
	r = PARSE(&o, err, "--mem", "16M");
	refused(r, err, "--mem 16M: guest memory of 16777216 bytes is too small: at least 32 MiB",
		"--mem 16M");
	r = PARSE(&o, err, "--mem", "64G");
	refused(r, err, "too large", "--mem 64G");
	r = PARSE(&o, err, "--mem", "33554433");
	refused(r, err, "not a multiple of 4 KiB", "--mem not page aligned");
	return done_testing();
}
