/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The device side of USBTMC/USB488, answering usbdevfs ioctls under umockdev. */
#include "config.h"

#include <errno.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <umockdev.h>
#include <unistd.h>

#include "usbtmc_emu.h"

#define DEVNODE "/dev/bus/usb/001/002"
#define SYSPATH "/sys/devices/pci0000:00/usb1/1-1"
#define MPS 512
#define MAX_RESPONSE (64u * 1024u * 1024u)

struct xfer {
	uint8_t *data;
	size_t len, off;
	bool terminated; /* ends with a short or zero-length packet */
	struct xfer *next;
};

struct urb_rec {
	UMockdevIoctlData *urb;
	unsigned char type, endpoint;
	int length;
	uint8_t *stage;
	size_t stage_len;
	int status;
	bool done, discarded;
	unsigned gen; /* the plug-in generation of the client that submitted it */
	struct urb_rec *next;
};

struct emu {
	UMockdevTestbed *tb;
	UMockdevIoctlBase *handler;
	pthread_mutex_t lock;
	struct emu_config cfg;
	struct emu_instrument *instr;
	struct emu_stats st;
	struct urb_rec *urbs; /* flying, in submission order */
	struct xfer *inq, *inq_tail;
	bool req_pending;
	size_t out_left, out_payload; /* bytes of the current bulk-OUT transfer still to come */
	bool out_eom;
	uint8_t req_btag, prev_btag;
	uint32_t req_max;
	bool deaf, gone, hold_out, driver_attached;
	size_t gone_budget;
	bool gone_armed;
	uint8_t notify[2];
	bool notify_ready;
	uint8_t *inject;
	size_t inject_len;
	/* Plug-in generation: bumped by emu_replug(). A client (an open of the
	 * device node) of an earlier generation is a file descriptor of the
	 * device that went away: everything it does fails with ENODEV, as the
	 * kernel does after a disconnect, even once the device is back. */
	unsigned gen;
	char serial[128];
	bool plugged; /* the sysfs record exists */
};

#define GEN_KEY "emu-gen"

static unsigned client_gen(UMockdevIoctlClient *client)
{
	return GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(client), GEN_KEY));
}

void emu_ensure_wrapper(int argc, char **argv)
{
	const char *pre = getenv("LD_PRELOAD");
	char **nargv;
	int i;

	if (pre && strstr(pre, "libumockdev-preload"))
		return;
	nargv = calloc((size_t)argc + 2, sizeof(*nargv));
	if (!nargv)
		exit(99);
	nargv[0] = (char *)"umockdev-wrapper";
	for (i = 0; i < argc; i++)
		nargv[i + 1] = argv[i];
	execvp("umockdev-wrapper", nargv);
	fprintf(stderr, "cannot run umockdev-wrapper (install the Debian package umockdev): %s\n",
	        strerror(errno));
	exit(99);
}

static void xfer_push(struct emu *e, const uint8_t *data, size_t len, bool terminated)
{
	struct xfer *x = calloc(1, sizeof(*x));

	x->data = malloc(len ? len : 1);
	memcpy(x->data, data, len);
	x->len = len;
	x->terminated = terminated;
	if (e->inq_tail)
		e->inq_tail->next = x;
	else
		e->inq = x;
	e->inq_tail = x;
}

static void drop_in(struct emu *e)
{
	while (e->inq) {
		struct xfer *x = e->inq;
		e->inq = x->next;
		free(x->data);
		free(x);
	}
	e->inq_tail = NULL;
	e->req_pending = false;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Answer a pending REQUEST_DEV_DEP_MSG_IN when the instrument has data. */
static void serve_request(struct emu *e)
{
	uint32_t max;
	uint8_t *buf;
	size_t n, wire;
	bool end = false;
	uint8_t tag;

	if (!e->req_pending || e->deaf || e->inq)
		return;
	if (e->inject) {
		xfer_push(e, e->inject, e->inject_len, e->inject_len % MPS != 0);
		free(e->inject);
		e->inject = NULL;
		e->req_pending = false;
		return;
	}
	max = (e->cfg.quirks & EMU_HEADER_FIRST_ONLY) ? MAX_RESPONSE : e->req_max;
	if (max > MAX_RESPONSE)
		max = MAX_RESPONSE;
	/* Collect up to max bytes in 1 MiB steps (the response is usually small). */
	{
		size_t cap = 0, step;
		buf = NULL;
		n = 0;
		do {
			size_t got;
			step = max - n < (1u << 20) ? max - n : (1u << 20);
			if (12 + n + step + 4 > cap) {
				cap = 12 + n + step + 4;
				buf = realloc(buf, cap);
			}
			got = e->instr->read(e->instr->self, buf + 12 + n, step, &end);
			n += got;
			if (got == 0)
				break;
		} while (!end && n < max);
	}
	if (n == 0 && !end) {
		free(buf);
		return;
	}
	tag = (e->cfg.quirks & EMU_BTAG_STALE) ? e->prev_btag : e->req_btag;
	buf[0] = 2;
	buf[1] = tag;
	buf[2] = (uint8_t)~tag;
	buf[3] = 0;
	put32(buf + 4, (e->cfg.quirks & EMU_TRANSFER_SIZE_ZERO) ? 0 : (uint32_t)n);
	buf[8] = (end || (e->cfg.quirks & EMU_EOM_ALWAYS)) ? 1 : 0;
	buf[9] = buf[10] = buf[11] = 0;
	wire = 12 + n;
	while (wire % 4)
		buf[wire++] = 0;
	xfer_push(e, buf, wire, !(wire % MPS == 0 && (e->cfg.quirks & EMU_NO_SHORT_PACKET)));
	e->st.in_bytes += n;
	e->req_pending = false;
	free(buf);
}

/* A bulk-OUT URB from the host. libusb splits long transfers into several
 * URBs (USBDEVFS_CAP_BULK_CONTINUATION), so, like a real device, parse a
 * stream: a header, then TransferSize bytes plus padding. */
static int bulk_out(struct emu *e, const uint8_t *d, size_t len)
{
	while (len > 0) {
		uint32_t size;
		if (e->out_left > 0) {
			size_t n = len < e->out_left ? len : e->out_left;
			size_t pay = n < e->out_payload ? n : e->out_payload;
			if (pay > 0) {
				e->out_payload -= pay;
				if (!e->deaf)
					e->instr->write(e->instr->self, d, pay, e->out_eom && e->out_payload == 0);
			}
			e->out_left -= n;
			d += n;
			len -= n;
			if (e->out_left == 0)
				serve_request(e);
			continue;
		}
		if (len < 12 || (uint8_t)(d[1] ^ d[2]) != 0xff || d[1] == 0) {
			e->st.bad_headers++;
			return -EPIPE;
		}
		size = (uint32_t)d[4] | (uint32_t)d[5] << 8 | (uint32_t)d[6] << 16 | (uint32_t)d[7] << 24;
		if (d[0] == 1) {
			e->st.out_msgs++;
			e->st.out_eoms += d[8] & 1;
			e->st.out_bytes += size;
			e->out_payload = size;
			e->out_left = ((size_t)size + 3) & ~(size_t)3;
			e->out_eom = d[8] & 1;
			if (size == 0 && e->out_eom && !e->deaf)
				e->instr->write(e->instr->self, d, 0, true);
		} else if (d[0] == 2) {
			e->st.in_requests++;
			e->prev_btag = e->req_btag ? e->req_btag : (uint8_t)(d[1] - 1);
			e->req_btag = d[1];
			e->req_max = size;
			e->req_pending = true;
			serve_request(e);
		} else {
			e->st.bad_headers++;
			return -EPIPE;
		}
		d += 12;
		len -= 12;
	}
	return 0;
}

/* A control request; fills resp, returns its length or -EPIPE (stall). */
static int control(struct emu *e, const uint8_t *s, uint8_t *resp)
{
	uint8_t type = s[0], req = s[1];
	uint16_t value = (uint16_t)(s[2] | s[3] << 8);

	if (type == 0x80 && req == 6 && (value >> 8) == 3) {
		const char *str = NULL;
		int n, i;
		if ((value & 0xff) == 0) {
			resp[0] = 4, resp[1] = 3, resp[2] = 0x09, resp[3] = 0x04;
			return 4;
		}
		switch (value & 0xff) {
		case 1: str = "wbgkit tests"; break;
		case 2: str = "Emulated USBTMC instrument"; break;
		case 3: str = e->cfg.serial; break;
		default: return -EPIPE;
		}
		n = (int)strlen(str);
		resp[0] = (uint8_t)(2 + 2 * n);
		resp[1] = 3;
		for (i = 0; i < n; i++) {
			resp[2 + 2 * i] = (uint8_t)str[i];
			resp[3 + 2 * i] = 0;
		}
		return 2 + 2 * n;
	}
	if (type == 0xa1) {
		switch (req) {
		case 7: /* GET_CAPABILITIES: USBTMC 1.00, indicator pulse; USB488 1.00 with REN, SCPI, SR1, RL1, DT1 */
			e->st.get_caps++;
			memset(resp, 0, 24);
			resp[0] = 1, resp[2] = 0x00, resp[3] = 0x01, resp[4] = 0x04;
			resp[12] = 0x00, resp[13] = 0x01, resp[14] = 0x06, resp[15] = 0x0f;
			return 24;
		case 5: /* INITIATE_CLEAR */
			e->st.initiate_clear++;
			e->instr->clear(e->instr->self);
			drop_in(e);
			e->out_left = e->out_payload = 0;
			if (e->cfg.quirks & EMU_CLEAR_ON_OPEN)
				e->deaf = false;
			resp[0] = 1;
			return 1;
		case 6: /* CHECK_CLEAR_STATUS */
			e->st.check_clear++;
			resp[0] = 1, resp[1] = 0;
			return 2;
		case 128: /* READ_STATUS_BYTE: the STB goes out on interrupt-IN */
			e->st.read_stb++;
			resp[0] = 1, resp[1] = (uint8_t)value, resp[2] = 0;
			if (e->cfg.no_interrupt) {
				resp[2] = e->instr->stb(e->instr->self);
				return 3;
			}
			e->notify[0] = (uint8_t)(0x80 | (value & 0x7f));
			e->notify[1] = e->instr->stb(e->instr->self);
			e->notify_ready = true;
			return 3;
		case 160: /* REN_CONTROL */
			e->st.ren++;
			if (e->cfg.quirks & EMU_NO_REN)
				return -EPIPE;
			resp[0] = 1;
			return 1;
		case 161: /* GO_TO_LOCAL */
			e->st.go_to_local++;
			resp[0] = 1;
			return 1;
		default:
			return -EPIPE;
		}
	}
	if (type == 0xa2) {
		bool busy;
		switch (req) {
		case 3: /* INITIATE_ABORT_BULK_IN */
			e->st.initiate_abort_in++;
			busy = e->req_pending || e->inq;
			drop_in(e);
			resp[0] = busy ? 1 : 0x81;
			resp[1] = (uint8_t)value;
			return 2;
		case 4: /* CHECK_ABORT_BULK_IN_STATUS */
			e->st.check_abort_in++;
			memset(resp, 0, 8);
			resp[0] = 1;
			return 8;
		case 1: /* INITIATE_ABORT_BULK_OUT */
			e->st.initiate_abort_out++;
			e->out_left = e->out_payload = 0;
			resp[0] = 1;
			resp[1] = (uint8_t)value;
			return 2;
		case 2: /* CHECK_ABORT_BULK_OUT_STATUS */
			e->st.check_abort_out++;
			memset(resp, 0, 8);
			resp[0] = 1;
			return 8;
		default:
			return -EPIPE;
		}
	}
	return -EPIPE;
}

/* Try to complete a bulk-IN URB from the device's queue. */
static void fill_in(struct emu *e, struct urb_rec *r)
{
	while (!r->done && e->inq) {
		struct xfer *x = e->inq;
		size_t n = x->len - x->off, room = (size_t)r->length - r->stage_len;
		if (n > room)
			n = room;
		r->stage = realloc(r->stage, r->stage_len + n + 1);
		if (e->gone_armed) {
			if (n > e->gone_budget)
				n = e->gone_budget;
			e->gone_budget -= n;
		}
		memcpy(r->stage + r->stage_len, x->data + x->off, n);
		r->stage_len += n;
		x->off += n;
		if (e->gone_armed && e->gone_budget == 0) {
			e->gone = true;
			return;
		}
		if (x->off == x->len) {
			e->inq = x->next;
			if (!e->inq)
				e->inq_tail = NULL;
			if (x->terminated)
				r->done = true;
			free(x->data);
			free(x);
		}
		if (r->stage_len == (size_t)r->length)
			r->done = true;
	}
	if (!e->inq)
		serve_request(e);
}

static void submit(struct emu *e, UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
	UMockdevIoctlData *ud = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
	struct usbdevfs_urb *u = (struct usbdevfs_urb *)ud->data;
	struct urb_rec *r = calloc(1, sizeof(*r)), **tail;

	r->gen = client_gen(client);
	r->urb = ud;
	r->type = u->type;
	r->endpoint = u->endpoint;
	r->length = u->buffer_length;
	if (u->type == USBDEVFS_URB_TYPE_CONTROL) {
		/* Resolve the whole buffer now: the reply goes into the same copy at reap. */
		UMockdevIoctlData *b = umockdev_ioctl_data_resolve(ud, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer),
		                                                   (gsize)r->length, NULL);
		uint8_t resp[512];
		int n = control(e, b->data, resp);
		umockdev_ioctl_data_unref(b);
		if (n < 0) {
			r->status = n;
		} else {
			int want = r->length - 8;
			if (n > want)
				n = want;
			r->stage = malloc((size_t)n + 8);
			memcpy(r->stage + 8, resp, (size_t)n);
			r->stage_len = (size_t)n;
		}
		r->done = true;
	} else if (u->type == USBDEVFS_URB_TYPE_BULK && !(u->endpoint & 0x80)) {
		if (e->hold_out) {
			r->done = false;
		} else {
			UMockdevIoctlData *b = umockdev_ioctl_data_resolve(
				ud, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer), (gsize)r->length, NULL);
			r->status = bulk_out(e, b->data, (size_t)r->length);
			umockdev_ioctl_data_unref(b);
			r->stage_len = 0;
			r->done = true;
			r->length = r->status == 0 ? r->length : 0;
		}
	}
	for (tail = &e->urbs; *tail; tail = &(*tail)->next)
		;
	*tail = r;
	umockdev_ioctl_client_complete(client, 0, 0);
}

static void reap(struct emu *e, UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
	struct urb_rec **pp, *r = NULL;
	UMockdevIoctlData *ptr;
	struct usbdevfs_urb *u;

	unsigned gen = client_gen(client);
	bool dead;

	for (pp = &e->urbs; *pp; pp = &(*pp)->next) {
		struct urb_rec *c = *pp;
		if (c->gen != gen)
			continue; /* another open of the device node */
		if (gen == e->gen && !c->done && !c->discarded && c->type == USBDEVFS_URB_TYPE_BULK &&
		    (c->endpoint & 0x80))
			fill_in(e, c);
		dead = e->gone || gen != e->gen;
		if (!dead && !c->done && !c->discarded && c->type == USBDEVFS_URB_TYPE_INTERRUPT &&
		    e->notify_ready) {
			c->stage = malloc(2);
			memcpy(c->stage, e->notify, 2);
			c->stage_len = 2;
			e->notify_ready = false;
			c->done = true;
		}
		if (dead && !c->done && !c->discarded) {
			/* Like the kernel after a disconnect (USBDEVFS_CAP_REAP_AFTER_DISCONNECT):
			 * URBs in flight come back with -ESHUTDOWN. */
			c->status = -ESHUTDOWN;
			c->done = true;
		}
		if (c->done || c->discarded) {
			r = c;
			*pp = c->next;
			break;
		}
	}
	if (!r) {
		dead = e->gone || gen != e->gen;
		umockdev_ioctl_client_complete(client, -1, dead ? ENODEV : EAGAIN);
		return;
	}
	u = (struct usbdevfs_urb *)r->urb->data;
	if (r->stage_len > 0) {
		size_t off = r->type == USBDEVFS_URB_TYPE_CONTROL ? 8 : 0;
		UMockdevIoctlData *b = umockdev_ioctl_data_resolve(
			r->urb, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer), off + r->stage_len, NULL);
		memcpy(b->data + off, r->stage + off, r->stage_len);
		umockdev_ioctl_data_unref(b);
	}
	if (r->type == USBDEVFS_URB_TYPE_BULK && !(r->endpoint & 0x80))
		u->actual_length = r->status == 0 && !r->discarded ? r->length : 0;
	else
		u->actual_length = (int)r->stage_len;
	u->status = r->discarded ? -ENOENT : r->status;
	ptr = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), NULL);
	umockdev_ioctl_data_set_ptr(ptr, 0, r->urb);
	umockdev_ioctl_data_unref(ptr);
	umockdev_ioctl_client_complete(client, 0, 0);
	umockdev_ioctl_data_unref(r->urb);
	free(r->stage);
	free(r);
}

static void discard(struct emu *e, UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
	struct urb_rec *r;
	gulong addr = (gulong)(uintptr_t)(*(void **)arg->data);

	for (r = e->urbs; r; r = r->next)
		if (r->urb->client_addr == addr && r->gen == client_gen(client) && !r->done) {
			r->discarded = true;
			umockdev_ioctl_client_complete(client, 0, 0);
			return;
		}
	umockdev_ioctl_client_complete(client, -1, EINVAL);
}

static gboolean on_ioctl(UMockdevIoctlBase *h, UMockdevIoctlClient *client, gpointer user)
{
	struct emu *e = user;
	gulong req = umockdev_ioctl_client_get_request(client);
	UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);

	(void)h;
	pthread_mutex_lock(&e->lock);
	if ((e->gone || client_gen(client) != e->gen) && req != USBDEVFS_REAPURB &&
	    req != USBDEVFS_REAPURBNDELAY) {
		umockdev_ioctl_client_complete(client, -1, ENODEV);
		goto out;
	}
	switch (req) {
	case USBDEVFS_GET_CAPABILITIES: {
		UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), NULL);
		*(guint32 *)d->data = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
		                      USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
		umockdev_ioctl_data_unref(d);
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	}
	case USBDEVFS_CLAIMINTERFACE:
		e->st.claims++;
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	case USBDEVFS_RELEASEINTERFACE:
	case USBDEVFS_RESETEP:
	case USBDEVFS_SETINTERFACE:
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	case USBDEVFS_CLEAR_HALT:
		e->st.clear_halt++;
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	case USBDEVFS_RESET:
		e->st.resets++;
		if (e->cfg.quirks & EMU_RESET_ON_OPEN)
			e->deaf = false;
		drop_in(e);
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	case USBDEVFS_GETDRIVER: {
		UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_getdriver), NULL);
		struct usbdevfs_getdriver *g = (struct usbdevfs_getdriver *)d->data;
		if (e->driver_attached) {
			snprintf(g->driver, sizeof(g->driver), "usbtmc");
			umockdev_ioctl_client_complete(client, 0, 0);
		} else {
			umockdev_ioctl_client_complete(client, -1, ENODATA);
		}
		umockdev_ioctl_data_unref(d);
		break;
	}
	case USBDEVFS_IOCTL: {
		UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_ioctl), NULL);
		struct usbdevfs_ioctl *io = (struct usbdevfs_ioctl *)d->data;
		if (io->ioctl_code == (int)USBDEVFS_DISCONNECT && e->driver_attached) {
			e->st.detach++;
			e->driver_attached = false;
			umockdev_ioctl_client_complete(client, 0, 0);
		} else if (io->ioctl_code == (int)USBDEVFS_CONNECT) {
			e->st.attach++;
			e->driver_attached = true;
			umockdev_ioctl_client_complete(client, 0, 0);
		} else {
			umockdev_ioctl_client_complete(client, -1, ENODATA);
		}
		umockdev_ioctl_data_unref(d);
		break;
	}
	case USBDEVFS_SUBMITURB:
		submit(e, client, arg);
		break;
	case USBDEVFS_REAPURB:
	case USBDEVFS_REAPURBNDELAY:
		reap(e, client, arg);
		break;
	case USBDEVFS_DISCARDURB:
		discard(e, client, arg);
		break;
	default:
		umockdev_ioctl_client_complete(client, -1, ENOTTY);
		break;
	}
out:
	pthread_mutex_unlock(&e->lock);
	return TRUE;
}

/* An open of the device node belongs to the device plugged in at that time. */
static void on_client(UMockdevIoctlBase *h, UMockdevIoctlClient *client, gpointer user)
{
	struct emu *e = user;

	(void)h;
	pthread_mutex_lock(&e->lock);
	g_object_set_data(G_OBJECT(client), GEN_KEY, GUINT_TO_POINTER(e->gen));
	pthread_mutex_unlock(&e->lock);
}

/* Put the device's sysfs record (and so its /dev node) into the testbed. */
static void plug(struct emu *e)
{
	const struct emu_config *cfg = &e->cfg;
	char rec[4096];
	GError *err = NULL;

	/* USBTMC/USB488 interface: bulk-out 0x02, bulk-in 0x81 (512), interrupt-in 0x83. */
	snprintf(rec, sizeof(rec),
	         "P: /devices/pci0000:00/usb1/1-1\n"
	         "N: bus/usb/001/002\n"
	         "E: SUBSYSTEM=usb\n"
	         "E: DEVTYPE=usb_device\n"
	         "E: DEVNAME=/dev/bus/usb/001/002\n"
	         "E: BUSNUM=001\n"
	         "E: DEVNUM=002\n"
	         "E: MAJOR=189\n"
	         "E: MINOR=1\n"
	         "E: PRODUCT=%x/%x/100\n"
	         "A: busnum=1\\n\n"
	         "A: devnum=2\\n\n"
	         "A: speed=480\\n\n"
	         "A: bConfigurationValue=1\\n\n"
	         "A: bNumConfigurations=1\\n\n"
	         "A: bMaxPacketSize0=64\\n\n"
	         "A: idVendor=%04x\\n\n"
	         "A: idProduct=%04x\\n\n"
	         "A: bcdDevice=0100\\n\n"
	         "A: serial=%s\\n\n"
	         "H: descriptors=12010002000000%02x%02x%02x%02x%02x000101020301"
	         "0902%02x00010100C032"
	         "09040000%02xFE030100"
	         "0705020200020007058102000200%s\n",
	         cfg->vid, cfg->pid, cfg->vid, cfg->pid, cfg->serial, 0x40, cfg->vid & 0xff, cfg->vid >> 8,
	         cfg->pid & 0xff, cfg->pid >> 8, cfg->no_interrupt ? 0x20 : 0x27,
	         cfg->no_interrupt ? 2 : 3, cfg->no_interrupt ? "" : "07058303020008");
	if (!umockdev_testbed_add_from_string(e->tb, rec, &err)) {
		fprintf(stderr, "add_from_string: %s\n", err ? err->message : "?");
		abort();
	}
	e->plugged = true;
}

struct emu *emu_new(const struct emu_config *cfg, struct emu_instrument *instr)
{
	struct emu *e = calloc(1, sizeof(*e));
	GError *err = NULL;

	pthread_mutex_init(&e->lock, NULL);
	e->cfg = *cfg;
	snprintf(e->serial, sizeof(e->serial), "%s", cfg->serial);
	e->cfg.serial = e->serial;
	e->gen = 1;
	e->instr = instr;
	e->deaf = (cfg->quirks & (EMU_CLEAR_ON_OPEN | EMU_RESET_ON_OPEN)) != 0;
	e->driver_attached = cfg->kernel_driver;
	e->tb = umockdev_testbed_new();
	e->handler = umockdev_ioctl_base_new();
	g_signal_connect(e->handler, "handle-ioctl", G_CALLBACK(on_ioctl), e);
	g_signal_connect(e->handler, "client-connected", G_CALLBACK(on_client), e);
	if (!umockdev_testbed_attach_ioctl(e->tb, DEVNODE, e->handler, &err)) {
		fprintf(stderr, "attach_ioctl: %s\n", err ? err->message : "?");
		abort();
	}
	plug(e);
	return e;
}

/* The device node in the testbed and where an unplugged one is parked. */
static void node_paths(struct emu *e, char *node, char *parked, size_t cap)
{
	gchar *root = umockdev_testbed_get_root_dir(e->tb);

	snprintf(node, cap, "%s" DEVNODE, root);
	snprintf(parked, cap, "%s" DEVNODE ".unplugged", root);
	g_free(root);
}

/* Unplugged: the device node disappears, so opening it fails as after a
 * real disconnect, and every open handle is dead. The sysfs record stays:
 * removing it and adding it back would send an "add" uevent, which
 * umockdev aborts on when a libusb context closes its event socket at the
 * same moment (wbg_instr_reopen polls with libusb_init/libusb_exit). */
void emu_unplug(struct emu *e)
{
	char node[1024], parked[1024];

	pthread_mutex_lock(&e->lock);
	e->gone = true;
	pthread_mutex_unlock(&e->lock);
	if (e->plugged) {
		node_paths(e, node, parked, sizeof(node));
		if (rename(node, parked) != 0) {
			perror("emu_unplug: rename");
			abort();
		}
	}
	e->plugged = false;
}

void emu_replug(struct emu *e, const char *serial, struct emu_instrument *instr)
{
	pthread_mutex_lock(&e->lock);
	e->gen++;
	e->gone = e->gone_armed = false;
	e->gone_budget = 0;
	drop_in(e);
	e->out_left = e->out_payload = 0;
	e->notify_ready = false;
	free(e->inject);
	e->inject = NULL;
	e->deaf = (e->cfg.quirks & (EMU_CLEAR_ON_OPEN | EMU_RESET_ON_OPEN)) != 0;
	e->driver_attached = e->cfg.kernel_driver;
	if (serial)
		snprintf(e->serial, sizeof(e->serial), "%s", serial);
	if (instr)
		e->instr = instr;
	/* A re-enumerated USBTMC function starts with empty message buffers;
	 * the instrument behind it (its output) keeps its state. */
	e->instr->clear(e->instr->self);
	pthread_mutex_unlock(&e->lock);
	if (!e->plugged) {
		char node[1024], parked[1024];
		node_paths(e, node, parked, sizeof(node));
		umockdev_testbed_set_attribute(e->tb, SYSPATH, "serial", e->serial);
		if (rename(parked, node) != 0) {
			perror("emu_replug: rename");
			abort();
		}
		e->plugged = true;
	}
}

void emu_free(struct emu *e)
{
	if (!e)
		return;
	g_object_unref(e->tb);
	g_object_unref(e->handler);
	pthread_mutex_lock(&e->lock);
	drop_in(e);
	while (e->urbs) {
		struct urb_rec *r = e->urbs;
		e->urbs = r->next;
		umockdev_ioctl_data_unref(r->urb);
		free(r->stage);
		free(r);
	}
	free(e->inject);
	pthread_mutex_unlock(&e->lock);
	pthread_mutex_destroy(&e->lock);
	free(e);
}

void emu_disconnect_after(struct emu *e, size_t after_bytes)
{
	pthread_mutex_lock(&e->lock);
	if (after_bytes == 0)
		e->gone = true;
	e->gone_armed = true;
	e->gone_budget = after_bytes;
	pthread_mutex_unlock(&e->lock);
}

void emu_hold_out(struct emu *e, bool hold)
{
	pthread_mutex_lock(&e->lock);
	e->hold_out = hold;
	pthread_mutex_unlock(&e->lock);
}

void emu_inject_in(struct emu *e, const uint8_t *data, size_t len)
{
	pthread_mutex_lock(&e->lock);
	free(e->inject);
	e->inject = malloc(len);
	memcpy(e->inject, data, len);
	e->inject_len = len;
	pthread_mutex_unlock(&e->lock);
}

struct emu_stats emu_get_stats(struct emu *e)
{
	struct emu_stats s;

	pthread_mutex_lock(&e->lock);
	s = e->st;
	pthread_mutex_unlock(&e->lock);
	return s;
}
