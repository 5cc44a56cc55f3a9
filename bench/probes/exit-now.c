// SPDX-License-Identifier: GPL-2.0
/* The static binary fork-exec runs: starts, exits 0. */
int main(void)
{
	return 0;
}
