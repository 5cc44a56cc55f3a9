/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uvmm's virtio devices on the vpci bus (the transport is vpci/virtio.h):
 * each has a worker thread that serves its queues from host resources.
 */
#ifndef UVMM_VIRTIO_DEVICES_H
#define UVMM_VIRTIO_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vpci_bus;
struct vpci_dma;
struct virtio_dev;

/* A --disk: FILE[,ro][,snapshot], parsed by disk_spec_parse. */
struct disk_spec {
	const char *path;
	bool ro;		/* the guest sees a read-only disk */
	bool snapshot;		/* writes go to a private layer; the file stays as it was */
};

/* "FILE[,ro][,snapshot]" (spec keeps pointers into s, which it modifies). 0, or -1 + err. */
int disk_spec_parse(char *s, struct disk_spec *spec, char *err, size_t errlen);

/* A --share: HOSTDIR[:TAG][,ro], parsed by share_spec_parse. */
#define SHARE_TAG_MAX	36		/* virtio-fs tags are at most 36 bytes */
struct share_spec {
	const char *dir;
	char tag[SHARE_TAG_MAX + 1];	/* what the guest mounts: mount -t virtiofs TAG DIR */
	bool ro;
};

/*
 * "HOSTDIR[:TAG][,ro]" (modifies s); without TAG, the directory's last
 * name ("root" for /). 0, or -1 + err.
 */
int share_spec_parse(char *s, struct share_spec *spec, char *err, size_t errlen);

/* A --net: user[,OPTS] or tap:IFNAME[,OPTS], parsed by net_spec_parse. */
#define NET_MAX_FWD		8
#define NET_IFNAME_MAX		15	/* IFNAMSIZ - 1 */
#define NET_USER_MTU		65520	/* libslirp's largest (IF_MTU_MAX) */
enum net_type {
	NET_USER,			/* rootless: libslirp in a helper (docs/network.md) */
	NET_TAP,			/* an existing tap device, or one made when root */
};
/* hostfwd=tcp|udp:[ADDR]:HPORT-:GPORT: host ADDR:HPORT reaches the guest's GPORT. */
struct net_fwd {
	bool udp;
	char addr[16];			/* IPv4; "" for every address, as QEMU */
	uint16_t host_port, guest_port;
};
struct net_spec {
	enum net_type type;
	char ifname[NET_IFNAME_MAX + 1];	/* tap */
	uint8_t mac[6];			/* the guest's */
	bool mac_given;			/* mac= (else 52:54:00:12:34:56) */
	unsigned mtu;			/* user: the link's MTU (the device and DHCP say it) */
	struct net_fwd fwd[NET_MAX_FWD];
	unsigned nr_fwd;
};

/*
 * "[user|tap:IFNAME][,hostfwd=...][,mtu=N][,mac=XX:XX:XX:XX:XX:XX]" (modifies
 * s); an empty type is user. 0, or -1 + err.
 */
int net_spec_parse(char *s, struct net_spec *spec, char *err, size_t errlen);

/* uvmm's own devices for one guest (pci_platform_add_virtio). */
struct virtio_plan {
	const struct disk_spec *disks;
	unsigned nr_disks;
	const struct share_spec *shares;
	unsigned nr_shares;
	const struct net_spec *nets;
	unsigned nr_nets;
	bool rng;
};

/* Plug a device; NULL with a one-line reason in err. */
struct virtio_dev *virtio_rng_add(struct vpci_bus *bus, const struct vpci_dma *dma,
				  char *err, size_t errlen);
struct virtio_dev *virtio_blk_add(struct vpci_bus *bus, const struct vpci_dma *dma,
				  const struct disk_spec *spec, char *err, size_t errlen);

struct virtio_dev *virtio_net_add(struct vpci_bus *bus, const struct vpci_dma *dma,
				  const struct net_spec *spec, char *err, size_t errlen);
struct virtio_dev *virtio_fs_add(struct vpci_bus *bus, const struct vpci_dma *dma,
				 const struct share_spec *spec, char *err, size_t errlen);

/*
 * Stop the device's thread (before the bus is freed: the bus then frees
 * the device itself). Idempotent.
 */
void virtio_dev_stop(struct virtio_dev *d);

#endif
