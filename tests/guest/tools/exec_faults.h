/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal static ELF programs written to a file, and the page faults one
 * takes from its exec to its exit (perf's PAGE_FAULTS on the child,
 * enabled at its exec). For the tools that tests/guest/fault-ahead.t runs.
 */
#ifndef UVMM_TOOLS_EXEC_FAULTS_H
#define UVMM_TOOLS_EXEC_FAULTS_H

#include <elf.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* An x86_64 executable's header: entry, program headers right after it. */
static inline void elf_header(Elf64_Ehdr *e, uint64_t entry, unsigned int phnum)
{
	memset(e, 0, sizeof(*e));
	memcpy(e->e_ident, ELFMAG, SELFMAG);
	e->e_ident[EI_CLASS] = ELFCLASS64;
	e->e_ident[EI_DATA] = ELFDATA2LSB;
	e->e_ident[EI_VERSION] = EV_CURRENT;
	e->e_type = ET_EXEC;
	e->e_machine = EM_X86_64;
	e->e_version = EV_CURRENT;
	e->e_entry = entry;
	e->e_phoff = sizeof(*e);
	e->e_ehsize = sizeof(*e);
	e->e_phentsize = sizeof(Elf64_Phdr);
	e->e_phnum = phnum;
}

/* Write an executable's image to path: 0, or -1. */
static inline int write_executable(const char *path, const void *image, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, image, size) == (ssize_t)size;
	return close(fd) == 0 && ok ? 0 : -1;
}

/* Run path (no arguments); its page faults from exec to exit, or -1. */
static inline long long exec_faults(const char *path)
{
	struct perf_event_attr a = {
		.type = PERF_TYPE_SOFTWARE, .size = sizeof(a),
		.config = PERF_COUNT_SW_PAGE_FAULTS, .disabled = 1, .enable_on_exec = 1,
	};
	int go[2], status = -1, fd;
	long long n = -1;
	pid_t pid;
	char c;

	if (pipe(go))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		if (read(go[0], &c, 1) != 0)
			_exit(126);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	close(go[0]);
	fd = syscall(SYS_perf_event_open, &a, pid, -1, -1, 0);
	close(go[1]);	/* the child execs now */
	if (fd < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) || read(fd, &n, sizeof(n)) != sizeof(n)) {
		printf("FAIL: perf fd %d, status %#x\n", fd, status);
		n = -1;
	}
	if (fd >= 0)
		close(fd);
	return n;
}

#endif
