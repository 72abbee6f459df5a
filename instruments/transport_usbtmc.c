/* SPDX-License-Identifier: GPL-3.0-or-later */
/* USBTMC / USB488 over libusb: discovery, open, bulk messages, recovery.
 * Framing and parsing live in usbtmc_proto.c. */
#include "config.h"

#include <libusb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "transport.h"
#include "usbtmc_proto.h"
#include "wbg/error.h"
#include "wbg/resource.h"
#include "wbg/usbtmc.h"

#define MOD "usbtmc"
/* Largest single REQUEST_DEV_DEP_MSG_IN / DEV_DEP_MSG_OUT transfer. */
#define XFER_MAX (16u * 1024u * 1024u)
/* Longer commands go out in parts of this size, EOM on the last. */
#define OUT_CHUNK (1u * 1024u * 1024u)
#define CTRL_TIMEOUT_MS 1000
#define ABORT_POLLS 50
#define DRAIN_MAX (1u << 20)
#define UDEV_HINT                                                                                  \
	"install the udev rules (sudo install -m 644 scripts/60-wbgkit-usbtmc.rules "                  \
	"/etc/udev/rules.d/ && sudo udevadm control --reload && sudo udevadm trigger), add "           \
	"yourself to group plugdev, then unplug and replug the instrument"

struct usbtmc {
	wbgi_transport base;
	libusb_context *usb;
	libusb_device_handle *h;
	int ifnum;
	bool claimed, kernel_detached;
	uint8_t ep_out, ep_in, ep_int;
	uint16_t in_mps;
	uint8_t btag;     /* last bulk bTag used */
	uint8_t stb_tag;  /* last READ_STATUS_BYTE tag, 2..127 */
	unsigned quirks;
	struct wbgi_usbtmc_caps caps;
	char name[200];
	/* Bulk-IN state: staged data of the current transfer. */
	uint8_t *rx;
	size_t rx_cap, rx_off, rx_len;
	uint32_t raw_remaining; /* data bytes of the current transfer still on the bus */
	bool cur_eom;
	bool in_transfer;       /* rx/raw_remaining belong to a live transfer */
	uint8_t *tx;
	size_t tx_cap;
};

static int ms_of(double s)
{
	if (s <= 0.001)
		return 1;
	if (s > 1e6)
		return 1000000000;
	return (int)(s * 1000.0 + 0.5);
}

static int err_of(int lrc)
{
	switch ((enum libusb_error)lrc) {
	case LIBUSB_SUCCESS:
		return WBG_OK;
	case LIBUSB_ERROR_TIMEOUT:
		return WBG_ERR_TIMEOUT;
	case LIBUSB_ERROR_NO_DEVICE:
		return WBG_ERR_NO_DEVICE;
	case LIBUSB_ERROR_ACCESS:
		return WBG_ERR_ACCESS;
	case LIBUSB_ERROR_BUSY:
		return WBG_ERR_BUSY;
	case LIBUSB_ERROR_NOT_FOUND:
		return WBG_ERR_NOT_FOUND;
	case LIBUSB_ERROR_NO_MEM:
		return WBG_ERR_NOMEM;
	case LIBUSB_ERROR_NOT_SUPPORTED:
		return WBG_ERR_NOT_SUPPORTED;
	case LIBUSB_ERROR_OVERFLOW:
	case LIBUSB_ERROR_PIPE:
		return WBG_ERR_PROTOCOL;
	case LIBUSB_ERROR_INTERRUPTED:
		return WBG_ERR_INTERRUPTED;
	case LIBUSB_ERROR_IO:
	case LIBUSB_ERROR_INVALID_PARAM:
	case LIBUSB_ERROR_OTHER:
		return WBG_ERR_IO;
	}
	return WBG_ERR_IO;
}

static int usb_fail(struct usbtmc *u, int lrc, const char *what)
{
	int rc = err_of(lrc);

	if (rc == WBG_ERR_NO_DEVICE)
		return wbg_ctx_error(u->base.ctx, rc,
		                     "%s: %s: the instrument was disconnected; reconnect it and open it "
		                     "again",
		                     u->name, what);
	return wbg_ctx_error(u->base.ctx, rc, "%s: %s: %s", u->name, what, libusb_strerror(lrc));
}

/* Class request to the interface (or, with @p endpoint, to an endpoint). */
static int ctrl_in(struct usbtmc *u, bool endpoint, uint8_t req, uint16_t value, uint16_t index,
                   uint8_t *buf, uint16_t len)
{
	uint8_t type = LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_CLASS |
	               (endpoint ? LIBUSB_RECIPIENT_ENDPOINT : LIBUSB_RECIPIENT_INTERFACE);

	return libusb_control_transfer(u->h, type, req, value, index, buf, len, CTRL_TIMEOUT_MS);
}

static int ensure_rx(struct usbtmc *u, size_t n)
{
	uint8_t *nb;

	if (n <= u->rx_cap)
		return WBG_OK;
	nb = realloc(u->rx, n);
	if (!nb)
		return wbg_ctx_error(u->base.ctx, WBG_ERR_NOMEM, "%s: receive buffer of %zu bytes", u->name, n);
	u->rx = nb;
	u->rx_cap = n;
	return WBG_OK;
}

static size_t round_up(size_t n, size_t m)
{
	return (n + m - 1) / m * m;
}

static void reset_rx(struct usbtmc *u)
{
	u->rx_off = u->rx_len = 0;
	u->raw_remaining = 0;
	u->in_transfer = false;
	u->cur_eom = false;
}

/* Read and drop bulk-IN data until a short packet, within a bound. */
static void drain_in(struct usbtmc *u)
{
	size_t total = 0;
	int got, lrc;

	if (ensure_rx(u, u->in_mps * 8u) != WBG_OK)
		return;
	while (total < DRAIN_MAX) {
		got = 0;
		lrc = libusb_bulk_transfer(u->h, u->ep_in, u->rx, u->in_mps * 8, &got, 50);
		total += (size_t)got;
		if (lrc != 0 || got % u->in_mps != 0 || got == 0)
			break;
	}
}

/* INITIATE_ABORT_BULK_IN, drain, CHECK_ABORT_BULK_IN_STATUS (USBTMC 4.2.1.4-5). */
static int abort_bulk_in(struct usbtmc *u)
{
	uint8_t st[8];
	int lrc, i;

	lrc = ctrl_in(u, true, WBGI_USBTMC_INITIATE_ABORT_BULK_IN, u->btag, u->ep_in, st, 2);
	reset_rx(u);
	if (lrc < 0)
		return usb_fail(u, lrc, "INITIATE_ABORT_BULK_IN");
	if (lrc < 2 || st[0] != WBGI_USBTMC_STATUS_SUCCESS) {
		/* FAILED: nothing in progress (the device had not answered yet). */
		wbg_log(u->base.ctx, WBG_LOG_DEBUG, MOD, "%s: abort bulk-in status 0x%02X", u->name,
		        lrc >= 1 ? st[0] : 0);
		return WBG_OK;
	}
	drain_in(u);
	for (i = 0; i < ABORT_POLLS; i++) {
		uint8_t status;
		bool more;
		uint32_t nbytes;
		lrc = ctrl_in(u, true, WBGI_USBTMC_CHECK_ABORT_BULK_IN_STATUS, 0, u->ep_in, st, 8);
		if (lrc < 0)
			return usb_fail(u, lrc, "CHECK_ABORT_BULK_IN_STATUS");
		if (wbgi_usbtmc_check_abort_parse(&status, &more, &nbytes, st, (size_t)lrc) != WBG_OK)
			return wbg_ctx_error(u->base.ctx, WBG_ERR_PROTOCOL,
			                     "%s: CHECK_ABORT_BULK_IN_STATUS reply of %d bytes", u->name, lrc);
		if (status != WBGI_USBTMC_STATUS_PENDING)
			return WBG_OK;
		if (more)
			drain_in(u);
		else
			nanosleep(&(struct timespec){0, 2000000}, NULL);
	}
	return wbg_ctx_error(u->base.ctx, WBG_ERR_TIMEOUT, "%s: bulk-IN abort still pending; power-cycle "
	                     "the instrument if it does not answer", u->name);
}

/* INITIATE_ABORT_BULK_OUT, CHECK_ABORT_BULK_OUT_STATUS, clear halt. */
static int abort_bulk_out(struct usbtmc *u)
{
	uint8_t st[8];
	int lrc, i;

	lrc = ctrl_in(u, true, WBGI_USBTMC_INITIATE_ABORT_BULK_OUT, u->btag, u->ep_out, st, 2);
	if (lrc < 0)
		return usb_fail(u, lrc, "INITIATE_ABORT_BULK_OUT");
	if (lrc >= 2 && st[0] == WBGI_USBTMC_STATUS_SUCCESS) {
		for (i = 0; i < ABORT_POLLS; i++) {
			lrc = ctrl_in(u, true, WBGI_USBTMC_CHECK_ABORT_BULK_OUT_STATUS, 0, u->ep_out, st, 8);
			if (lrc < 0)
				return usb_fail(u, lrc, "CHECK_ABORT_BULK_OUT_STATUS");
			if (lrc < 1 || st[0] != WBGI_USBTMC_STATUS_PENDING)
				break;
			nanosleep(&(struct timespec){0, 2000000}, NULL);
		}
	}
	lrc = libusb_clear_halt(u->h, u->ep_out);
	return lrc < 0 ? usb_fail(u, lrc, "clear halt bulk-OUT") : WBG_OK;
}

static int usbtmc_clear(wbgi_transport *t)
{
	struct usbtmc *u = (struct usbtmc *)t;
	uint8_t st[2];
	int lrc, i;

	reset_rx(u);
	lrc = ctrl_in(u, false, WBGI_USBTMC_INITIATE_CLEAR, 0, (uint16_t)u->ifnum, st, 1);
	if (lrc < 0)
		return usb_fail(u, lrc, "INITIATE_CLEAR");
	if (lrc < 1 || st[0] != WBGI_USBTMC_STATUS_SUCCESS)
		return wbg_ctx_error(t->ctx, WBG_ERR_PROTOCOL, "%s: INITIATE_CLEAR status 0x%02X", u->name,
		                     lrc >= 1 ? st[0] : 0);
	for (i = 0;; i++) {
		if (i >= ABORT_POLLS)
			return wbg_ctx_error(t->ctx, WBG_ERR_TIMEOUT, "%s: device clear still pending", u->name);
		lrc = ctrl_in(u, false, WBGI_USBTMC_CHECK_CLEAR_STATUS, 0, (uint16_t)u->ifnum, st, 2);
		if (lrc < 0)
			return usb_fail(u, lrc, "CHECK_CLEAR_STATUS");
		if (lrc < 1 || st[0] != WBGI_USBTMC_STATUS_PENDING)
			break;
		if (lrc >= 2 && (st[1] & 1))
			drain_in(u);
		else
			nanosleep(&(struct timespec){0, 2000000}, NULL);
	}
	lrc = libusb_clear_halt(u->h, u->ep_out);
	if (lrc < 0)
		return usb_fail(u, lrc, "clear halt bulk-OUT after device clear");
	wbg_log(t->ctx, WBG_LOG_DEBUG, MOD, "%s: device clear done", u->name);
	return WBG_OK;
}

static int usbtmc_write(wbgi_transport *t, const uint8_t *data, size_t len, double timeout_s)
{
	struct usbtmc *u = (struct usbtmc *)t;
	size_t done = 0;

	if (u->in_transfer) {
		/* A reply was left unread: drop it so that it cannot answer this command. */
		wbg_log(t->ctx, WBG_LOG_DEBUG, MOD, "%s: discarding an unread reply", u->name);
		(void)abort_bulk_in(u);
	}
	do {
		size_t n = len - done, wire;
		int got = 0, lrc;
		bool eom;
		if (n > OUT_CHUNK)
			n = OUT_CHUNK;
		eom = done + n == len;
		wire = wbgi_usbtmc_padded_len(n);
		if (wire > u->tx_cap) {
			uint8_t *nb = realloc(u->tx, wire);
			if (!nb)
				return wbg_ctx_error(t->ctx, WBG_ERR_NOMEM, "%s: send buffer", u->name);
			u->tx = nb;
			u->tx_cap = wire;
		}
		u->btag = wbgi_usbtmc_next_btag(u->btag);
		wbgi_usbtmc_out_header(u->tx, u->btag, (uint32_t)n, eom);
		memcpy(u->tx + WBGI_USBTMC_HEADER_LEN, data + done, n);
		memset(u->tx + WBGI_USBTMC_HEADER_LEN + n, 0, wire - WBGI_USBTMC_HEADER_LEN - n);
		lrc = libusb_bulk_transfer(u->h, u->ep_out, u->tx, (int)wire, &got, ms_of(timeout_s));
		if (lrc == LIBUSB_ERROR_TIMEOUT) {
			(void)abort_bulk_out(u);
			return wbg_ctx_error(t->ctx, WBG_ERR_TIMEOUT,
			                     "%s: write timed out (%d of %zu bytes sent); the transfer was "
			                     "aborted",
			                     u->name, got, wire);
		}
		if (lrc == LIBUSB_ERROR_PIPE) {
			(void)libusb_clear_halt(u->h, u->ep_out);
			return wbg_ctx_error(t->ctx, WBG_ERR_PROTOCOL,
			                     "%s: the instrument stalled the command; halt cleared", u->name);
		}
		if (lrc < 0)
			return usb_fail(u, lrc, "bulk-OUT");
		done += n;
	} while (done < len);
	return WBG_OK;
}

/* Start a transfer: REQUEST_DEV_DEP_MSG_IN, then the first bulk-IN with the header. */
static int start_transfer(struct usbtmc *u, size_t cap, double timeout_s)
{
	uint8_t req[WBGI_USBTMC_HEADER_LEN];
	struct wbgi_usbtmc_in_header h;
	uint32_t max = cap > XFER_MAX ? XFER_MAX : (uint32_t)cap;
	size_t want, data;
	int got = 0, lrc, rc;

	if (u->quirks & WBGI_QUIRK_HEADER_FIRST_ONLY)
		max = XFER_MAX;
	u->btag = wbgi_usbtmc_next_btag(u->btag);
	/* No TermChar: SCPI replies end with EOM, and a binary block may hold "\n".
	 * A device that ends a transfer on TermChar anyway is followed with a new request. */
	wbgi_usbtmc_request_in_header(req, u->btag, max, false, '\n');
	lrc = libusb_bulk_transfer(u->h, u->ep_out, req, sizeof(req), &got, ms_of(timeout_s));
	if (lrc == LIBUSB_ERROR_TIMEOUT) {
		(void)abort_bulk_out(u);
		return WBG_ERR_TIMEOUT;
	}
	if (lrc < 0)
		return usb_fail(u, lrc, "REQUEST_DEV_DEP_MSG_IN");
	/* Read at most what the caller can take; with the one-header quirk the
	 * rest of an over-long transfer follows as raw data (continue_transfer). */
	if (u->quirks & WBGI_QUIRK_NO_SHORT_PACKET)
		want = u->in_mps;
	else
		want = round_up(WBGI_USBTMC_HEADER_LEN + (cap < max ? cap : (size_t)max), u->in_mps);
	rc = ensure_rx(u, want);
	if (rc != WBG_OK)
		return rc;
	got = 0;
	lrc = libusb_bulk_transfer(u->h, u->ep_in, u->rx, (int)want, &got, ms_of(timeout_s));
	if (lrc < 0 && !(lrc == LIBUSB_ERROR_TIMEOUT && got >= WBGI_USBTMC_HEADER_LEN)) {
		if (lrc == LIBUSB_ERROR_TIMEOUT) {
			(void)abort_bulk_in(u);
			return WBG_ERR_TIMEOUT;
		}
		if (lrc == LIBUSB_ERROR_PIPE)
			(void)libusb_clear_halt(u->h, u->ep_in);
		return usb_fail(u, lrc, "bulk-IN");
	}
	rc = wbgi_usbtmc_in_header_parse(&h, u->rx, (size_t)got, u->btag, max, u->quirks, u->base.ctx);
	if (rc == WBG_ERR_INSUFFICIENT_DATA)
		rc = wbg_ctx_error(u->base.ctx, WBG_ERR_PROTOCOL,
		                   "%s: bulk-IN transfer of %d bytes is shorter than a USBTMC header",
		                   u->name, got);
	if (rc != WBG_OK) {
		(void)abort_bulk_in(u);
		return rc;
	}
	data = (size_t)got - WBGI_USBTMC_HEADER_LEN;
	if (h.transfer_size == 0 && (u->quirks & WBGI_QUIRK_TRANSFER_SIZE_ZERO))
		h.transfer_size = (uint32_t)data;
	if (data > h.transfer_size)
		data = h.transfer_size; /* alignment bytes */
	u->rx_off = WBGI_USBTMC_HEADER_LEN;
	u->rx_len = WBGI_USBTMC_HEADER_LEN + data;
	u->raw_remaining = h.transfer_size - (uint32_t)data;
	u->cur_eom = h.eom;
	u->in_transfer = true;
	if (u->raw_remaining > 0 && lrc == 0 && (size_t)got < want && got % u->in_mps != 0) {
		wbg_log(u->base.ctx, WBG_LOG_WARN, MOD,
		        "%s: transfer ended after %zu of %u bytes (short packet)", u->name, data,
		        h.transfer_size);
		u->raw_remaining = 0;
	}
	if (lrc == LIBUSB_ERROR_TIMEOUT && u->raw_remaining > 0) {
		/* Partial data is kept: hand it out, then report the timeout. */
		return WBG_ERR_TIMEOUT;
	}
	return WBG_OK;
}

/* Continue a transfer whose data did not fit in the first bulk-IN. When
 * the caller's buffer holds all of it, read straight into it (*out_direct
 * gets the byte count); otherwise stage it in rx. */
static int continue_transfer(struct usbtmc *u, uint8_t *dst, size_t cap, size_t *out_direct,
                             double timeout_s)
{
	size_t want = u->raw_remaining, data;
	uint8_t *into;
	int got = 0, lrc, rc;

	*out_direct = 0;
	if (u->quirks & WBGI_QUIRK_NO_SHORT_PACKET)
		want = round_up(want, 4);
	else
		want = round_up(want, u->in_mps);
	if (want > XFER_MAX)
		want = XFER_MAX;
	if (cap >= want) {
		into = dst;
	} else {
		rc = ensure_rx(u, want);
		if (rc != WBG_OK)
			return rc;
		into = u->rx;
	}
	lrc = libusb_bulk_transfer(u->h, u->ep_in, into, (int)want, &got, ms_of(timeout_s));
	data = (size_t)got < u->raw_remaining ? (size_t)got : u->raw_remaining;
	u->rx_off = 0;
	u->rx_len = into == dst ? 0 : data;
	if (into == dst)
		*out_direct = data;
	u->raw_remaining -= (uint32_t)data;
	if (lrc == LIBUSB_ERROR_TIMEOUT)
		return WBG_ERR_TIMEOUT;
	if (lrc < 0)
		return usb_fail(u, lrc, "bulk-IN");
	if (u->raw_remaining > 0 && (size_t)got < want && got % u->in_mps != 0) {
		wbg_log(u->base.ctx, WBG_LOG_WARN, MOD, "%s: transfer ended %u bytes early (short packet)",
		        u->name, u->raw_remaining);
		u->raw_remaining = 0;
	}
	return WBG_OK;
}

static int usbtmc_read(wbgi_transport *t, uint8_t *buf, size_t cap, size_t *out_len, bool *out_end,
                       double timeout_s)
{
	struct usbtmc *u = (struct usbtmc *)t;
	size_t n, direct = 0;
	int rc = WBG_OK;

	*out_len = 0;
	*out_end = false;
	if (cap == 0)
		return WBG_OK;
	if (!u->in_transfer)
		rc = start_transfer(u, cap, timeout_s);
	else if (u->rx_off >= u->rx_len && u->raw_remaining > 0)
		rc = continue_transfer(u, buf, cap, &direct, timeout_s);
	if (rc != WBG_OK && rc != WBG_ERR_TIMEOUT)
		return rc;
	if (direct > 0) {
		n = direct;
	} else {
		n = u->rx_len - u->rx_off;
		if (n > cap)
			n = cap;
		memcpy(buf, u->rx + u->rx_off, n);
		u->rx_off += n;
	}
	*out_len = n;
	if (rc == WBG_ERR_TIMEOUT) {
		if (u->in_transfer)
			(void)abort_bulk_in(u);
		return WBG_ERR_TIMEOUT;
	}
	if (u->rx_off >= u->rx_len && u->raw_remaining == 0) {
		u->in_transfer = false;
		if (u->quirks & WBGI_QUIRK_EOM_ALWAYS)
			*out_end = n > 0 && buf[n - 1] == '\n';
		else
			*out_end = u->cur_eom;
	}
	return WBG_OK;
}

static int usbtmc_read_stb(wbgi_transport *t, uint8_t *out_stb)
{
	struct usbtmc *u = (struct usbtmc *)t;
	uint8_t st[3], note[2];
	int lrc, got = 0, i;

	if (!u->caps.is_usb488)
		return WBG_ERR_NOT_SUPPORTED;
	u->stb_tag = u->stb_tag >= 127 || u->stb_tag < 2 ? 2 : (uint8_t)(u->stb_tag + 1);
	lrc = ctrl_in(u, false, WBGI_USB488_READ_STATUS_BYTE, u->stb_tag, (uint16_t)u->ifnum, st, 3);
	if (lrc < 0)
		return usb_fail(u, lrc, "READ_STATUS_BYTE");
	if (lrc < 3 || st[0] != WBGI_USBTMC_STATUS_SUCCESS)
		return wbg_ctx_error(t->ctx, WBG_ERR_PROTOCOL, "%s: READ_STATUS_BYTE status 0x%02X",
		                     u->name, lrc >= 1 ? st[0] : 0);
	if (!u->ep_int) {
		*out_stb = st[2];
		return WBG_OK;
	}
	/* A notification left over from an earlier request (say, one that timed
	 * out) may come first: skip a few that do not carry our tag. */
	for (i = 0; i < 4; i++) {
		lrc = libusb_interrupt_transfer(u->h, u->ep_int, note, sizeof(note), &got, CTRL_TIMEOUT_MS);
		if (lrc < 0)
			return usb_fail(u, lrc, "interrupt-IN status byte");
		if (wbgi_usb488_interrupt_parse(out_stb, note, (size_t)got, u->stb_tag) == WBG_OK)
			return WBG_OK;
	}
	return wbg_ctx_error(t->ctx, WBG_ERR_PROTOCOL,
	                     "%s: no interrupt-IN notification matches READ_STATUS_BYTE tag %u",
	                     u->name, u->stb_tag);
}

static int usbtmc_set_remote(wbgi_transport *t, bool remote)
{
	struct usbtmc *u = (struct usbtmc *)t;
	uint8_t st[1];
	int lrc;

	if (!u->caps.ren_control || (u->quirks & WBGI_QUIRK_NO_REN))
		return wbg_ctx_error(t->ctx, WBG_ERR_NOT_SUPPORTED,
		                     "%s: the instrument does not support remote/local control over USB",
		                     u->name);
	if (remote)
		lrc = ctrl_in(u, false, WBGI_USB488_REN_CONTROL, 1, (uint16_t)u->ifnum, st, 1);
	else
		lrc = ctrl_in(u, false, WBGI_USB488_GO_TO_LOCAL, 0, (uint16_t)u->ifnum, st, 1);
	if (lrc < 0)
		return usb_fail(u, lrc, remote ? "REN_CONTROL" : "GO_TO_LOCAL");
	if (lrc < 1 || st[0] != WBGI_USBTMC_STATUS_SUCCESS)
		return wbg_ctx_error(t->ctx, WBG_ERR_PROTOCOL, "%s: %s status 0x%02X", u->name,
		                     remote ? "REN_CONTROL" : "GO_TO_LOCAL", lrc >= 1 ? st[0] : 0);
	return WBG_OK;
}

static void usbtmc_close(wbgi_transport *t)
{
	struct usbtmc *u = (struct usbtmc *)t;

	if (u->h) {
		if (u->claimed)
			(void)libusb_release_interface(u->h, u->ifnum);
		if (u->kernel_detached)
			(void)libusb_attach_kernel_driver(u->h, u->ifnum);
		libusb_close(u->h);
	}
	if (u->usb)
		libusb_exit(u->usb);
	free(u->rx);
	free(u->tx);
	free(u);
}

static const struct wbgi_transport_ops usbtmc_ops = {
	.name = "usbtmc",
	.message_framed = true,
	.write = usbtmc_write,
	.read = usbtmc_read,
	.clear = usbtmc_clear,
	.read_stb = usbtmc_read_stb,
	.set_remote = usbtmc_set_remote,
	.close = usbtmc_close,
};

/* The first USBTMC interface of @p cfg (or number @p want when >= 0). */
static const struct libusb_interface_descriptor *find_tmc_if(const struct libusb_config_descriptor *cfg,
                                                             int want)
{
	int i, a;

	for (i = 0; i < cfg->bNumInterfaces; i++)
		for (a = 0; a < cfg->interface[i].num_altsetting; a++) {
			const struct libusb_interface_descriptor *d = &cfg->interface[i].altsetting[a];
			if (d->bInterfaceClass == 0xfe && d->bInterfaceSubClass == 3 &&
			    d->bInterfaceProtocol <= 1 && (want < 0 || d->bInterfaceNumber == want))
				return d;
		}
	return NULL;
}

static int read_serial(libusb_device_handle *h, const struct libusb_device_descriptor *dd, char *buf,
                       size_t len)
{
	int n;

	if (!dd->iSerialNumber)
		return snprintf(buf, len, "0") < 0 ? -1 : 0;
	n = libusb_get_string_descriptor_ascii(h, dd->iSerialNumber, (unsigned char *)buf, (int)len);
	if (n < 0)
		return n;
	buf[n < (int)len ? n : (int)len - 1] = '\0';
	return 0;
}

static int setup(struct usbtmc *u, const struct libusb_interface_descriptor *d)
{
	uint8_t caps[24];
	int lrc, e;

	u->ifnum = d->bInterfaceNumber;
	for (e = 0; e < d->bNumEndpoints; e++) {
		const struct libusb_endpoint_descriptor *ep = &d->endpoint[e];
		int type = ep->bmAttributes & 3;
		if (type == LIBUSB_TRANSFER_TYPE_BULK && (ep->bEndpointAddress & 0x80) && !u->ep_in) {
			u->ep_in = ep->bEndpointAddress;
			u->in_mps = ep->wMaxPacketSize;
		} else if (type == LIBUSB_TRANSFER_TYPE_BULK && !(ep->bEndpointAddress & 0x80) &&
		           !u->ep_out) {
			u->ep_out = ep->bEndpointAddress;
		} else if (type == LIBUSB_TRANSFER_TYPE_INTERRUPT && (ep->bEndpointAddress & 0x80)) {
			u->ep_int = ep->bEndpointAddress;
		}
	}
	if (!u->ep_in || !u->ep_out || u->in_mps == 0)
		return wbg_ctx_error(u->base.ctx, WBG_ERR_PROTOCOL,
		                     "%s: the USBTMC interface lacks its bulk endpoints", u->name);
	if (u->quirks & WBGI_QUIRK_RESET_ON_OPEN) {
		lrc = libusb_reset_device(u->h);
		if (lrc < 0)
			return usb_fail(u, lrc, "USB reset (quirk)");
	}
	lrc = libusb_kernel_driver_active(u->h, u->ifnum);
	if (lrc == 1) {
		lrc = libusb_detach_kernel_driver(u->h, u->ifnum);
		if (lrc < 0)
			return usb_fail(u, lrc, "detaching the kernel usbtmc driver");
		u->kernel_detached = true;
		wbg_log(u->base.ctx, WBG_LOG_DEBUG, MOD, "%s: kernel driver detached", u->name);
	}
	lrc = libusb_claim_interface(u->h, u->ifnum);
	if (lrc == LIBUSB_ERROR_BUSY)
		return wbg_ctx_error(u->base.ctx, WBG_ERR_BUSY,
		                     "%s: interface %d is held by another program; close it and retry",
		                     u->name, u->ifnum);
	if (lrc < 0)
		return usb_fail(u, lrc, "claiming the interface");
	u->claimed = true;
	lrc = ctrl_in(u, false, WBGI_USBTMC_GET_CAPABILITIES, 0, (uint16_t)u->ifnum, caps, sizeof(caps));
	if (lrc < 0)
		return usb_fail(u, lrc, "GET_CAPABILITIES");
	if (wbgi_usbtmc_caps_parse(&u->caps, caps, (size_t)lrc, u->base.ctx) != WBG_OK)
		return WBG_ERR_PROTOCOL;
	wbg_log(u->base.ctx, WBG_LOG_DEBUG, MOD,
	        "%s: USBTMC %x.%02x%s%s%s, quirks 0x%02x", u->name, u->caps.bcd_usbtmc >> 8,
	        u->caps.bcd_usbtmc & 0xff, u->caps.is_usb488 ? ", USB488" : "",
	        u->caps.ren_control ? ", REN" : "", u->caps.term_char ? ", TermChar" : "", u->quirks);
	if (u->quirks & WBGI_QUIRK_CLEAR_ON_OPEN) {
		int rc = usbtmc_clear(&u->base);
		if (rc != WBG_OK)
			return rc;
	}
	if (u->caps.ren_control && !(u->quirks & WBGI_QUIRK_NO_REN)) {
		if (usbtmc_set_remote(&u->base, true) != WBG_OK)
			wbg_log(u->base.ctx, WBG_LOG_WARN, MOD, "%s: REN_CONTROL failed: %s", u->name,
			        wbg_ctx_errmsg(u->base.ctx));
	}
	return WBG_OK;
}

int wbgi_usbtmc_open(wbgi_transport **out, const wbg_resource *res, double timeout_s, wbg_ctx *ctx)
{
	struct usbtmc *u;
	libusb_device **list = NULL;
	ssize_t n, i;
	int lrc, rc = WBG_OK, access_denied = 0;

	(void)timeout_s;
	if (!out || !res || res->kind != WBG_RESOURCE_USB)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbgi_usbtmc_open: not a USB resource");
	u = calloc(1, sizeof(*u));
	if (!u)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "opening a USB instrument");
	u->base.ops = &usbtmc_ops;
	u->base.ctx = ctx;
	u->stb_tag = 1;
	if (wbg_resource_format(u->name, sizeof(u->name), res) != WBG_OK)
		snprintf(u->name, sizeof(u->name), "USB instrument");
	u->quirks = wbgi_usbtmc_quirks_lookup(res->vid, res->pid) |
	            wbgi_usbtmc_quirks_from_env(getenv("WBG_USBTMC_QUIRKS"), res->vid, res->pid);
	lrc = libusb_init(&u->usb);
	if (lrc < 0) {
		rc = wbg_ctx_error(ctx, WBG_ERR_IO, "%s: libusb_init: %s", u->name, libusb_strerror(lrc));
		goto fail;
	}
	n = libusb_get_device_list(u->usb, &list);
	if (n < 0) {
		rc = wbg_ctx_error(ctx, err_of((int)n), "%s: listing USB devices: %s", u->name,
		                   libusb_strerror((int)n));
		goto fail;
	}
	for (i = 0; i < n; i++) {
		struct libusb_device_descriptor dd;
		struct libusb_config_descriptor *cfg = NULL;
		const struct libusb_interface_descriptor *d;
		char serial[128];
		if (libusb_get_device_descriptor(list[i], &dd) < 0 || dd.idVendor != res->vid ||
		    dd.idProduct != res->pid)
			continue;
		if (libusb_get_active_config_descriptor(list[i], &cfg) < 0)
			continue;
		d = find_tmc_if(cfg, res->interface_number);
		if (!d) {
			libusb_free_config_descriptor(cfg);
			continue;
		}
		lrc = libusb_open(list[i], &u->h);
		if (lrc < 0) {
			libusb_free_config_descriptor(cfg);
			if (lrc == LIBUSB_ERROR_ACCESS)
				access_denied = 1;
			u->h = NULL;
			continue;
		}
		if (read_serial(u->h, &dd, serial, sizeof(serial)) < 0 ||
		    strcasecmp(serial, res->serial) != 0) {
			libusb_close(u->h);
			u->h = NULL;
			libusb_free_config_descriptor(cfg);
			continue;
		}
		rc = setup(u, d);
		libusb_free_config_descriptor(cfg);
		break;
	}
	libusb_free_device_list(list, 1);
	if (!u->h) {
		if (access_denied)
			rc = wbg_ctx_error(ctx, WBG_ERR_ACCESS, "%s: permission denied; " UDEV_HINT, u->name);
		else
			rc = wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND,
			                   "%s: no such USBTMC instrument; check the cable and power, and "
			                   "list what is connected with 'wbg instruments'",
			                   u->name);
		goto fail;
	}
	if (rc != WBG_OK)
		goto fail;
	*out = &u->base;
	return WBG_OK;
fail:
	usbtmc_close(&u->base);
	return rc;
}

int wbg_usbtmc_list(wbg_resource **out, size_t *out_n, wbg_ctx *ctx)
{
	libusb_context *usb = NULL;
	libusb_device **list = NULL;
	wbg_resource *res = NULL;
	size_t count = 0;
	ssize_t n, i;
	int lrc, rc = WBG_OK;

	if (!out || !out_n)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_usbtmc_list: NULL argument");
	lrc = libusb_init(&usb);
	if (lrc < 0)
		return wbg_ctx_error(ctx, WBG_ERR_IO, "libusb_init: %s", libusb_strerror(lrc));
	n = libusb_get_device_list(usb, &list);
	if (n < 0) {
		rc = wbg_ctx_error(ctx, err_of((int)n), "listing USB devices: %s", libusb_strerror((int)n));
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct libusb_device_descriptor dd;
		struct libusb_config_descriptor *cfg = NULL;
		const struct libusb_interface_descriptor *d;
		libusb_device_handle *h = NULL;
		wbg_resource *nr, r;
		if (libusb_get_device_descriptor(list[i], &dd) < 0)
			continue;
		if (libusb_get_active_config_descriptor(list[i], &cfg) < 0)
			continue;
		d = find_tmc_if(cfg, -1);
		if (!d) {
			libusb_free_config_descriptor(cfg);
			continue;
		}
		memset(&r, 0, sizeof(r));
		r.kind = WBG_RESOURCE_USB;
		r.vid = dd.idVendor;
		r.pid = dd.idProduct;
		r.interface_number = -1;
		libusb_free_config_descriptor(cfg);
		lrc = libusb_open(list[i], &h);
		if (lrc < 0 || read_serial(h, &dd, r.serial, sizeof(r.serial)) < 0) {
			wbg_log(ctx, WBG_LOG_WARN, MOD, "USB %04x:%04x: cannot read its serial number (%s); %s",
			        dd.idVendor, dd.idProduct, libusb_strerror(lrc < 0 ? lrc : LIBUSB_ERROR_IO),
			        UDEV_HINT);
			strcpy(r.serial, "?");
		}
		if (h)
			libusb_close(h);
		if (count >= 256)
			break;
		nr = realloc(res, (count + 1) * sizeof(*res));
		if (!nr) {
			rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "listing USB instruments");
			goto out;
		}
		res = nr;
		res[count++] = r;
	}
	*out = res;
	*out_n = count;
	res = NULL;
out:
	free(res);
	if (list)
		libusb_free_device_list(list, 1);
	libusb_exit(usb);
	return rc;
}
