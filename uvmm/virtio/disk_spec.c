// SPDX-License-Identifier: GPL-2.0
/* --disk FILE[,ro][,snapshot] and --share HOSTDIR[:TAG][,ro] (devices.h). */
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

int share_spec_parse(char *s, struct share_spec *spec, char *err, size_t errlen)
{
	char *opts = strchr(s, ','), *colon, *opt;
	const char *base;
	size_t len;

	memset(spec, 0, sizeof(*spec));
	if (opts)
		*opts++ = '\0';
	colon = strchr(s, ':');
	if (colon)
		*colon++ = '\0';
	spec->dir = s;
	if (!*spec->dir) {
		snprintf(err, errlen, "--share wants HOSTDIR[:TAG][,ro]");
		return -1;
	}
	if (colon) {
		base = colon;
	} else {
		/* The last name of the directory, trailing slashes aside. */
		len = strlen(s);
		while (len > 1 && s[len - 1] == '/')
			len--;
		base = s + len;
		while (base > s && base[-1] != '/')
			base--;
		if (!strcmp(s, "/") || *base == '/')
			base = "root";
	}
	len = strcspn(base, "/");
	if (!*base || len > SHARE_TAG_MAX || (colon && base[len])) {
		snprintf(err, errlen, "--share %s: tag '%s' must be 1 to %d bytes, no '/'",
			 spec->dir, base, SHARE_TAG_MAX);
		return -1;
	}
	memcpy(spec->tag, base, len);
	while ((opt = strsep(&opts, ","))) {
		if (!strcmp(opt, "ro")) {
			spec->ro = true;
		} else {
			snprintf(err, errlen, "--share %s: unknown option '%s' (ro)", spec->dir, opt);
			return -1;
		}
	}
	return 0;
}
