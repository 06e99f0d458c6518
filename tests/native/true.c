// SPDX-License-Identifier: BSD-2-Clause
/* Does nothing and succeeds: what the program-start benchmark starts. */
int main(void)
{
	return 0;
}
