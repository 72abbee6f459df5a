/* SPDX-License-Identifier: GPL-3.0-or-later */
/* USBTMC framing, byte by byte against the USBTMC 1.0 specification
 * (Tables 1-3 bulk headers, Table 37 GET_CAPABILITIES) and USB488 1.0
 * (Table 8 capabilities, 3.4.2 interrupt notification). */
#include "config.h"

#include <string.h>

#include "../instruments/usbtmc_proto.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

static void test_out_header(void **state)
{
	uint8_t h[12];
	static const uint8_t want[12] = {1, 7, 0xf8, 0, 5, 0, 0, 0, 1, 0, 0, 0};
	static const uint8_t want2[12] = {1, 255, 0, 0, 0x00, 0x00, 0x40, 0x00, 0, 0, 0, 0};

	(void)state;
	wbgi_usbtmc_out_header(h, 7, 5, true);
	assert_memory_equal(h, want, 12);
	wbgi_usbtmc_out_header(h, 255, 4u << 20, false);
	assert_memory_equal(h, want2, 12);
	/* TransferSize excludes padding: 5 data bytes go as 12 + 8 on the wire. */
	assert_int_equal(wbgi_usbtmc_padded_len(5), 20);
	assert_int_equal(wbgi_usbtmc_padded_len(8), 20);
	assert_int_equal(wbgi_usbtmc_padded_len(0), 12);
	assert_int_equal(wbgi_usbtmc_next_btag(255), 1);
	assert_int_equal(wbgi_usbtmc_next_btag(1), 2);
}

static void test_request_in(void **state)
{
	uint8_t h[12];
	static const uint8_t want[12] = {2, 3, 0xfc, 0, 0x00, 0x10, 0, 0, 2, '\n', 0, 0};

	(void)state;
	wbgi_usbtmc_request_in_header(h, 3, 4096, true, '\n');
	assert_memory_equal(h, want, 12);
}

static void test_in_header(void **state)
{
	struct wbgi_usbtmc_in_header h;
	uint8_t b[12] = {2, 9, 0xf6, 0, 3, 0, 0, 0, 1, 0, 0, 0};

	(void)state;
	assert_int_equal(wbgi_usbtmc_in_header_parse(&h, b, 12, 9, 100, 0, NULL), WBG_OK);
	assert_int_equal(h.transfer_size, 3);
	assert_true(h.eom);
	assert_int_equal(wbgi_usbtmc_in_header_parse(&h, b, 11, 9, 100, 0, NULL), WBG_ERR_INSUFFICIENT_DATA);
	/* Stale bTag: refused, unless the quirk says the device does this. */
	assert_int_equal(wbgi_usbtmc_in_header_parse(&h, b, 12, 8, 100, 0, NULL), WBG_ERR_PROTOCOL);
	assert_int_equal(wbgi_usbtmc_in_header_parse(&h, b, 12, 8, 100, WBGI_QUIRK_BTAG_ANY, NULL), WBG_OK);
	/* More than requested. */
	assert_int_equal(wbgi_usbtmc_in_header_parse(&h, b, 12, 9, 2, 0, NULL), WBG_ERR_PROTOCOL);
	/* Wrong MsgID. */
	b[0] = 1;
	assert_int_equal(wbgi_usbtmc_in_header_parse(&h, b, 12, 9, 100, 0, NULL), WBG_ERR_PROTOCOL);
	/* TransferSize 0 without EOM: only with the quirk. */
	b[0] = 2;
	b[4] = 0;
	b[8] = 0;
	assert_int_equal(wbgi_usbtmc_in_header_parse(&h, b, 12, 9, 100, 0, NULL), WBG_ERR_PROTOCOL);
	assert_int_equal(wbgi_usbtmc_in_header_parse(&h, b, 12, 9, 100, WBGI_QUIRK_TRANSFER_SIZE_ZERO, NULL), WBG_OK);
}

static void test_caps(void **state)
{
	/* A USB488 device with REN, trigger, SCPI, SR1, RL1, DT1, TermChar. */
	uint8_t c[24] = {1, 0, 0x00, 0x01, 0x04, 0x01, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0x07, 0x0f};
	struct wbgi_usbtmc_caps caps;

	(void)state;
	assert_int_equal(wbgi_usbtmc_caps_parse(&caps, c, 24, NULL), WBG_OK);
	assert_int_equal(caps.bcd_usbtmc, 0x0100);
	assert_true(caps.indicator_pulse);
	assert_true(caps.term_char);
	assert_true(caps.is_usb488);
	assert_true(caps.ren_control);
	assert_true(caps.trigger);
	assert_true(caps.scpi);
	assert_int_equal(wbgi_usbtmc_caps_parse(&caps, c, 23, NULL), WBG_ERR_PROTOCOL);
	c[0] = 0x80;
	assert_int_equal(wbgi_usbtmc_caps_parse(&caps, c, 24, NULL), WBG_ERR_PROTOCOL);
}

static void test_status_and_interrupt(void **state)
{
	uint8_t chk[8] = {2, 1, 0, 0, 0x10, 0x27, 0, 0};
	uint8_t note[2] = {0x80 | 5, 0x50};
	uint8_t status, stb;
	bool more;
	uint32_t nbytes;

	(void)state;
	assert_int_equal(wbgi_usbtmc_check_abort_parse(&status, &more, &nbytes, chk, 8), WBG_OK);
	assert_int_equal(status, WBGI_USBTMC_STATUS_PENDING);
	assert_true(more);
	assert_int_equal(nbytes, 10000);
	assert_int_equal(wbgi_usbtmc_check_abort_parse(&status, &more, &nbytes, chk, 7), WBG_ERR_PROTOCOL);
	assert_int_equal(wbgi_usb488_interrupt_parse(&stb, note, 2, 5), WBG_OK);
	assert_int_equal(stb, 0x50);
	assert_int_equal(wbgi_usb488_interrupt_parse(&stb, note, 2, 6), WBG_ERR_PROTOCOL);
}

static void test_quirks(void **state)
{
	(void)state;
	assert_int_equal(wbgi_usbtmc_quirks_lookup(0x1ab1, 0x04ce),
	                 WBGI_QUIRK_HEADER_FIRST_ONLY | WBGI_QUIRK_BTAG_ANY);
	assert_int_equal(wbgi_usbtmc_quirks_lookup(0x05e6, 0x2450), 0);
	assert_int_equal(wbgi_usbtmc_quirks_from_env("1234:5678:0c,5e6:2450:20", 0x5e6, 0x2450), 0x20);
	assert_int_equal(wbgi_usbtmc_quirks_from_env("1234:5678:0c,5e6:2450:20", 0x1234, 0x5678), 0x0c);
	assert_int_equal(wbgi_usbtmc_quirks_from_env("junk,5e6:2450:20", 0x5e6, 0x2450), 0x20);
	assert_int_equal(wbgi_usbtmc_quirks_from_env(NULL, 0x5e6, 0x2450), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_header), cmocka_unit_test(test_request_in),
		cmocka_unit_test(test_in_header),  cmocka_unit_test(test_caps),
		cmocka_unit_test(test_status_and_interrupt), cmocka_unit_test(test_quirks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
