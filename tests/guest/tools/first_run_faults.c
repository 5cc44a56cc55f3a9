// SPDX-License-Identifier: GPL-2.0
/*
 * first_run_faults: execs a program of 3 instructions (it pushes a word
 * and exits: its code page and its stack page are all it touches, a
 * minimal static ELF written to /tmp) and prints "faults N": the page
 * faults it took (perf's PAGE_FAULTS on the child, counting from its
 * exec). tests/guest/fault-ahead.t expects none: a new address space's
 * first run has those two pages mapped already (uvmm_user_prefault).
 */
#include <elf.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define BASE 0x400000UL

/* push %rax; mov $60, %eax; xor %edi, %edi; syscall */
static const unsigned char code[] = {
	0x50, 0xb8, 0x3c, 0x00, 0x00, 0x00, 0x31, 0xff, 0x0f, 0x05,
};

static int write_program(const char *path)
{
	struct image { Elf64_Ehdr e; Elf64_Phdr p; unsigned char code[sizeof(code)]; } f;
	int fd, ok;

	memset(&f, 0, sizeof(f));
	memcpy(f.e.e_ident, ELFMAG, SELFMAG);
	f.e.e_ident[EI_CLASS] = ELFCLASS64;
	f.e.e_ident[EI_DATA] = ELFDATA2LSB;
	f.e.e_ident[EI_VERSION] = EV_CURRENT;
	f.e.e_type = ET_EXEC;
	f.e.e_machine = EM_X86_64;
	f.e.e_version = EV_CURRENT;
	f.e.e_entry = BASE + offsetof(struct image, code);
	f.e.e_phoff = offsetof(struct image, p);
	f.e.e_ehsize = sizeof(f.e);
	f.e.e_phentsize = sizeof(f.p);
	f.e.e_phnum = 1;
	f.p.p_type = PT_LOAD;
	f.p.p_flags = PF_R | PF_X;
	f.p.p_vaddr = f.p.p_paddr = BASE;
	f.p.p_filesz = f.p.p_memsz = sizeof(f);
	f.p.p_align = 4096;
	memcpy(f.code, code, sizeof(code));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0)
		return -1;
	ok = write(fd, &f, sizeof(f)) == sizeof(f);
	return close(fd) == 0 && ok ? 0 : -1;
}

int main(void)
{
	static const char path[] = "/tmp/first-run-faults-prog";
	struct perf_event_attr a = {
		.type = PERF_TYPE_SOFTWARE, .size = sizeof(a),
		.config = PERF_COUNT_SW_PAGE_FAULTS, .disabled = 1, .enable_on_exec = 1,
	};
	int go[2], status, fd;
	long long n = -1;
	pid_t pid;
	char c;

	if (write_program(path) || pipe(go)) {
		perror("FAIL: program");
		return 1;
	}
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		if (read(go[0], &c, 1) != 0)
			_exit(126);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	fd = syscall(SYS_perf_event_open, &a, pid, -1, -1, 0);
	close(go[1]);	/* the child execs now */
	if (fd < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) || read(fd, &n, sizeof(n)) != sizeof(n)) {
		printf("FAIL: perf fd %d, status %#x\n", fd, status);
		return 1;
	}
	unlink(path);
	printf("faults %lld\n", n);
	return 0;
}
