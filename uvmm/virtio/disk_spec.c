// SPDX-License-Identifier: GPL-2.0
/* --disk FILE[,ro][,snapshot] (devices.h). */
#include <stdio.h>
#include <string.h>

#include "virtio/devices.h"

int disk_spec_parse(char *s, struct disk_spec *spec, char *err, size_t errlen)
{
	char *opts = strchr(s, ','), *opt;

	memset(spec, 0, sizeof(*spec));
	if (opts)
		*opts++ = '\0';
	spec->path = s;
	if (!*spec->path) {
		snprintf(err, errlen, "--disk wants FILE[,ro][,snapshot]");
		return -1;
	}
	while ((opt = strsep(&opts, ","))) {
		if (!strcmp(opt, "ro")) {
			spec->ro = true;
		} else if (!strcmp(opt, "snapshot")) {
			spec->snapshot = true;
		} else {
			snprintf(err, errlen, "--disk %s: unknown option '%s' (ro, snapshot)",
				 spec->path, opt);
			return -1;
		}
	}
	return 0;
}
