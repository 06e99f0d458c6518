// SPDX-License-Identifier: BSD-2-Clause
/* C start-up: thread-local storage for picolibc, then main, then exit. */
#include <stdlib.h>

int main(int argc, char **argv);
void __tern_start(int argc, char **argv);
/* picolibc (picotls.h declares them only when built with TLS support flags). */
void _init_tls(void *tls);
void _set_tls(void *tls);

/* TLS of the initial thread; tern-user.ld checks that the program's TLS fits. */
static char initial_tls[256] __attribute__((aligned(64)));

extern char **environ;

void __tern_start(int argc, char **argv)
{
	_init_tls(initial_tls);
	_set_tls(initial_tls);
	environ = argv + argc + 1; /* envp follows argv's NULL (docs/abi.md) */
	exit(main(argc, argv));
}
