// SPDX-License-Identifier: BSD-2-Clause
/*
 * Prints the environment variables named by its arguments as NAME=VALUE
 * (NAME unset when getenv finds none), then how many entries environ has:
 * for ned scripts that give a program variables (ld:start's posix_env).
 */
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv)
{
	int n = 0;

	for (int i = 1; i < argc; i++) {
		const char *v = getenv(argv[i]);
		if (v)
			printf("env_print: %s=%s\n", argv[i], v);
		else
			printf("env_print: %s unset\n", argv[i]);
	}
	for (char **e = environ; e && *e; e++)
		n++;
	printf("env_print: %d entries in environ\n", n);
	return 0;
}
