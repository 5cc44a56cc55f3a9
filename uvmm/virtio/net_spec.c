// SPDX-License-Identifier: GPL-2.0
/*
 * --net [user|tap:IFNAME][,hostfwd=tcp|udp:[ADDR]:HPORT-:GPORT][,mtu=N][,mac=M]
 * (devices.h). hostfwd is QEMU's syntax, less the guest address: the
 * user-mode stack forwards to the guest's one address, 10.0.2.15.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virtio/devices.h"

/* 52:54:00 is the prefix QEMU's guests use; the same address each run. */
static const uint8_t default_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static int parse_port(const char *s, uint16_t *port)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v == 0 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

/* "tcp:[ADDR]:HPORT-:GPORT" (or udp); ADDR is IPv4, as the guest's network. */
static int parse_fwd(char *s, struct net_fwd *f)
{
	char *addr, *hport, *gport, *dash;
	unsigned char buf[16];

	memset(f, 0, sizeof(*f));
	if (!strncmp(s, "tcp:", 4))
		f->udp = false;
	else if (!strncmp(s, "udp:", 4))
		f->udp = true;
	else
		return -1;
	addr = s + 4;
	hport = strchr(addr, ':');
	if (!hport)
		return -1;
	*hport++ = '\0';
	dash = strchr(hport, '-');
	if (!dash || dash[1] != ':')
		return -1;	/* a guest address before GPORT: only the guest's own */
	*dash = '\0';
	gport = dash + 2;
	if (*addr && inet_pton(AF_INET, addr, buf) != 1)
		return -1;
	if (strlen(addr) >= sizeof(f->addr))
		return -1;
	strcpy(f->addr, addr);
	return parse_port(hport, &f->host_port) || parse_port(gport, &f->guest_port) ? -1 : 0;
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char tail;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
		   &tail) != 6 || strlen(s) != 17)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	/* A unicast address: the guest's driver refuses a multicast one. */
	return (mac[0] & 1) ? -1 : 0;
}

static int parse_opt(char *opt, struct net_spec *spec, char *err, size_t errlen)
{
	char *val = strchr(opt, '=');
	char copy[128];

	snprintf(copy, sizeof(copy), "%s", opt);
	if (val)
		*val++ = '\0';
	if (val && !strcmp(opt, "hostfwd") && spec->type == NET_USER) {
		if (spec->nr_fwd >= NET_MAX_FWD) {
			snprintf(err, errlen, "--net: at most %d hostfwd", NET_MAX_FWD);
			return -1;
		}
		if (parse_fwd(val, &spec->fwd[spec->nr_fwd]) < 0) {
			snprintf(err, errlen, "--net: '%s' is not hostfwd=tcp|udp:[ADDR]:HPORT-:GPORT",
				 copy);
			return -1;
		}
		spec->nr_fwd++;
	} else if (val && !strcmp(opt, "mtu") && spec->type == NET_USER) {
		char *end;
		unsigned long mtu = strtoul(val, &end, 10);

		/* IPv4's least to libslirp's most. */
		if (!*val || *end || mtu < 576 || mtu > NET_USER_MTU) {
			snprintf(err, errlen, "--net: mtu=%s: 576 to %d", val, NET_USER_MTU);
			return -1;
		}
		spec->mtu = (unsigned)mtu;
	} else if (val && !strcmp(opt, "mac")) {
		if (parse_mac(val, spec->mac) < 0) {
			snprintf(err, errlen, "--net: mac=%s: not a unicast XX:XX:XX:XX:XX:XX", val);
			return -1;
		}
		spec->mac_given = true;
	} else {
		snprintf(err, errlen, "--net: unknown option '%s' (%s)", copy,
			 spec->type == NET_USER ? "hostfwd=, mtu=, mac=" : "mac=");
		return -1;
	}
	return 0;
}

int net_spec_parse(char *s, struct net_spec *spec, char *err, size_t errlen)
{
	char *opts = strchr(s, ','), *opt;
	const char *type = s;

	memset(spec, 0, sizeof(*spec));
	memcpy(spec->mac, default_mac, sizeof(spec->mac));
	spec->mtu = NET_USER_MTU;
	if (opts)
		*opts++ = '\0';
	if (strchr(s, '=')) {	/* no type: the first item is already an option */
		if (opts)
			opts[-1] = ',';
		opts = s;
		type = "";
	}
	if (!*type || !strcmp(type, "user")) {
		spec->type = NET_USER;
	} else if (!strncmp(type, "tap:", 4)) {
		spec->type = NET_TAP;
		if (!type[4] || strlen(type + 4) > NET_IFNAME_MAX || strchr(type + 4, '/')) {
			snprintf(err, errlen, "--net tap:IFNAME: '%s' is not an interface name",
				 type + 4);
			return -1;
		}
		strcpy(spec->ifname, type + 4);
	} else {
		snprintf(err, errlen, "--net: unknown type '%s' (user, tap:IFNAME)", type);
		return -1;
	}
	while ((opt = strsep(&opts, ",")))
		if (parse_opt(opt, spec, err, errlen) < 0)
			return -1;
	return 0;
}
