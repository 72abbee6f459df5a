/* SPDX-License-Identifier: GPL-3.0-or-later */
/* USBTMC / USB488 framing and parsing over byte buffers (see usbtmc_proto.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "usbtmc_proto.h"
#include "wbg/error.h"

/*
 * Devices known to need a quirk. Only entries whose behaviour is documented
 * by a peer project are listed; anything else can be set at run time with
 * WBG_USBTMC_QUIRKS=vid:pid:flags (hex), e.g. "1ab1:04ce:3".
 * - Rigol DS1000Z / DS2000: python-usbtmc's "rigol_quirk" (one header for a
 *   whole large response; bTag of a previous transfer seen after a timeout).
 */
const struct wbgi_usbtmc_quirk_entry wbgi_usbtmc_quirk_table[] = {
	{0x1ab1, 0x04ce, WBGI_QUIRK_HEADER_FIRST_ONLY | WBGI_QUIRK_BTAG_ANY, "Rigol DS1000Z"},
	{0x1ab1, 0x04b0, WBGI_QUIRK_HEADER_FIRST_ONLY | WBGI_QUIRK_BTAG_ANY, "Rigol DS2000"},
	{0, 0, 0, NULL},
};

unsigned wbgi_usbtmc_quirks_lookup(uint16_t vid, uint16_t pid)
{
	size_t i;

	for (i = 0; wbgi_usbtmc_quirk_table[i].vid; i++)
		if (wbgi_usbtmc_quirk_table[i].vid == vid && wbgi_usbtmc_quirk_table[i].pid == pid)
			return wbgi_usbtmc_quirk_table[i].quirks;
	return 0;
}

unsigned wbgi_usbtmc_quirks_from_env(const char *spec, uint16_t vid, uint16_t pid)
{
	const char *p = spec;

	while (p && *p) {
		char *end;
		unsigned long v, d, f;
		v = strtoul(p, &end, 16);
		if (*end != ':')
			goto next;
		p = end + 1;
		d = strtoul(p, &end, 16);
		if (*end != ':')
			goto next;
		p = end + 1;
		f = strtoul(p, &end, 16);
		if (*end != ',' && *end != '\0')
			goto next;
		if (v == vid && d == pid)
			return (unsigned)f & 0xffu;
	next:
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return 0;
}

int wbgi_usbtmc_caps_parse(struct wbgi_usbtmc_caps *out, const uint8_t *buf, size_t len,
                           wbg_ctx *ctx)
{
	struct wbgi_usbtmc_caps c;

	if (len < 24)
		return wbg_ctx_error(ctx, WBG_ERR_PROTOCOL,
		                     "GET_CAPABILITIES returned %zu bytes, 24 expected", len);
	if (buf[0] != WBGI_USBTMC_STATUS_SUCCESS)
		return wbg_ctx_error(ctx, WBG_ERR_PROTOCOL, "GET_CAPABILITIES status 0x%02X", buf[0]);
	memset(&c, 0, sizeof(c));
	c.bcd_usbtmc = (uint16_t)(buf[2] | buf[3] << 8);
	c.indicator_pulse = buf[4] & 0x04;
	c.talk_only = buf[4] & 0x02;
	c.listen_only = buf[4] & 0x01;
	c.term_char = buf[5] & 0x01;
	c.bcd_usb488 = (uint16_t)(buf[12] | buf[13] << 8);
	c.is_usb488 = buf[14] & 0x04;
	c.ren_control = buf[14] & 0x02;
	c.trigger = buf[14] & 0x01;
	c.scpi = buf[15] & 0x08;
	c.sr1 = buf[15] & 0x04;
	c.rl1 = buf[15] & 0x02;
	c.dt1 = buf[15] & 0x01;
	*out = c;
	return WBG_OK;
}

uint8_t wbgi_usbtmc_next_btag(uint8_t tag)
{
	return tag == 255 ? 1 : (uint8_t)(tag + 1);
}

size_t wbgi_usbtmc_padded_len(size_t n)
{
	return WBGI_USBTMC_HEADER_LEN + ((n + 3) & ~(size_t)3);
}

static void put_header(uint8_t *h, uint8_t msgid, uint8_t btag, uint32_t size)
{
	h[0] = msgid;
	h[1] = btag;
	h[2] = (uint8_t)~btag;
	h[3] = 0;
	h[4] = (uint8_t)size;
	h[5] = (uint8_t)(size >> 8);
	h[6] = (uint8_t)(size >> 16);
	h[7] = (uint8_t)(size >> 24);
	h[8] = h[9] = h[10] = h[11] = 0;
}

void wbgi_usbtmc_out_header(uint8_t hdr[WBGI_USBTMC_HEADER_LEN], uint8_t btag,
                            uint32_t transfer_size, bool eom)
{
	put_header(hdr, WBGI_USBTMC_DEV_DEP_MSG_OUT, btag, transfer_size);
	hdr[8] = eom ? 1 : 0;
}

void wbgi_usbtmc_request_in_header(uint8_t hdr[WBGI_USBTMC_HEADER_LEN], uint8_t btag, uint32_t max,
                                   bool use_term_char, uint8_t term_char)
{
	put_header(hdr, WBGI_USBTMC_REQUEST_DEV_DEP_MSG_IN, btag, max);
	if (use_term_char) {
		hdr[8] = 0x02;
		hdr[9] = term_char;
	}
}

int wbgi_usbtmc_in_header_parse(struct wbgi_usbtmc_in_header *out, const uint8_t *buf, size_t len,
                                uint8_t expected_btag, uint32_t max_size, unsigned quirks,
                                wbg_ctx *ctx)
{
	struct wbgi_usbtmc_in_header h;

	if (len < WBGI_USBTMC_HEADER_LEN)
		return WBG_ERR_INSUFFICIENT_DATA;
	if (buf[0] != WBGI_USBTMC_DEV_DEP_MSG_IN)
		return wbg_ctx_error(ctx, WBG_ERR_PROTOCOL,
		                     "USBTMC: bulk-IN header has MsgID %u, expected DEV_DEP_MSG_IN (2)",
		                     buf[0]);
	if (!(quirks & WBGI_QUIRK_BTAG_ANY)) {
		if (buf[1] != expected_btag || (buf[2] ^ buf[1]) != 0xff)
			return wbg_ctx_error(ctx, WBG_ERR_PROTOCOL,
			                     "USBTMC: bulk-IN header has bTag %u/0x%02X, expected %u (a stale "
			                     "reply; if the device always does this, set the bTag quirk)",
			                     buf[1], buf[2], expected_btag);
	}
	h.btag = buf[1];
	h.transfer_size = (uint32_t)buf[4] | (uint32_t)buf[5] << 8 | (uint32_t)buf[6] << 16 |
	                  (uint32_t)buf[7] << 24;
	h.eom = buf[8] & 0x01;
	h.term_char = buf[8] & 0x02;
	if (h.transfer_size > max_size && !(quirks & WBGI_QUIRK_HEADER_FIRST_ONLY))
		return wbg_ctx_error(ctx, WBG_ERR_PROTOCOL,
		                     "USBTMC: device announced %u bytes, more than the %u requested",
		                     h.transfer_size, max_size);
	if (h.transfer_size == 0 && !(quirks & WBGI_QUIRK_TRANSFER_SIZE_ZERO) && !h.eom)
		return wbg_ctx_error(ctx, WBG_ERR_PROTOCOL,
		                     "USBTMC: DEV_DEP_MSG_IN with TransferSize 0 and no EOM");
	*out = h;
	return WBG_OK;
}

int wbgi_usbtmc_status_parse(const uint8_t *buf, size_t len)
{
	if (len < 1)
		return WBG_ERR_PROTOCOL;
	return buf[0];
}

int wbgi_usbtmc_check_abort_parse(uint8_t *out_status, bool *out_more, uint32_t *out_nbytes,
                                  const uint8_t *buf, size_t len)
{
	if (len < 8)
		return WBG_ERR_PROTOCOL;
	*out_status = buf[0];
	*out_more = buf[1] & 0x01;
	*out_nbytes = (uint32_t)buf[4] | (uint32_t)buf[5] << 8 | (uint32_t)buf[6] << 16 |
	              (uint32_t)buf[7] << 24;
	return WBG_OK;
}

int wbgi_usb488_interrupt_parse(uint8_t *out_stb, const uint8_t *buf, size_t len, uint8_t btag)
{
	if (len < 2 || !(buf[0] & 0x80) || (buf[0] & 0x7f) != (btag & 0x7f))
		return WBG_ERR_PROTOCOL;
	*out_stb = buf[1];
	return WBG_OK;
}
