/* SPDX-License-Identifier: GPL-3.0-or-later */
/* VISA resource strings. Expected values follow the grammar in the VISA
 * specification (IVI-4.1, "Resource Names" table): USB[board]::manufacturer
 * ID::model code::serial number[::USB interface number][::INSTR] and
 * TCPIP[board]::host address::port::SOCKET. */
#include "config.h"

#include <string.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

static void test_usb(void **state)
{
	wbg_resource r;
	char buf[256];

	(void)state;
	assert_int_equal(wbg_resource_parse(&r, "USB0::0x05E6::0x2450::04412345::INSTR", NULL), WBG_OK);
	assert_int_equal(r.kind, WBG_RESOURCE_USB);
	assert_int_equal(r.board, 0);
	assert_int_equal(r.vid, 0x05e6);
	assert_int_equal(r.pid, 0x2450);
	assert_string_equal(r.serial, "04412345");
	assert_int_equal(r.interface_number, -1);
	assert_int_equal(wbg_resource_format(buf, sizeof(buf), &r), WBG_OK);
	assert_string_equal(buf, "USB0::0x05E6::0x2450::04412345::INSTR");

	/* Decimal ids (1510 = 0x05E6, 9296 = 0x2450), board 2, interface, no ::INSTR, lower case. */
	assert_int_equal(wbg_resource_parse(&r, "usb2::1510::9296::SN-7::1", NULL), WBG_OK);
	assert_int_equal(r.board, 2);
	assert_int_equal(r.vid, 0x05e6);
	assert_int_equal(r.pid, 0x2450);
	assert_int_equal(r.interface_number, 1);
	assert_int_equal(wbg_resource_format(buf, sizeof(buf), &r), WBG_OK);
	assert_string_equal(buf, "USB2::0x05E6::0x2450::SN-7::1::INSTR");
}

static void expect_bad(const char *text, const char *field)
{
	wbg_ctx *ctx;
	wbg_resource r;

	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_resource_parse(&r, text, ctx), WBG_ERR_PARSE);
	if (!strstr(wbg_ctx_errmsg(ctx), field)) {
		print_error("'%s': message '%s' lacks '%s'\n", text, wbg_ctx_errmsg(ctx), field);
		fail();
	}
	wbg_ctx_free(ctx);
}

static void test_bad_fields(void **state)
{
	(void)state;
	expect_bad("USB0::0x5E6Z::0x2450::1::INSTR", "vendor id");
	expect_bad("USB0::0x05E6::70000::1::INSTR", "product id");
	expect_bad("USB0::0x05E6::0x2450::::INSTR", "serial");
	expect_bad("USB0::0x05E6::0x2450::1::x::INSTR", "interface number");
	expect_bad("USB0::0x05E6::0x2450", "expected USB");
	expect_bad("GPIB0::12::INSTR", "interface type");
	expect_bad("TCPIP0::192.0.2.7::0::SOCKET", "port");
	expect_bad("TCPIP0::192.0.2.7::65536::SOCKET", "port");
	expect_bad("TCPIP0::192.0.2.7::inst0::INSTR", "not supported");
	expect_bad("TCPIP0::::5025::SOCKET", "host");
	expect_bad("SIM::", "model");
	expect_bad("SIM::2450::a b", "dut");
	expect_bad("SIM::a::b::c", "SIM::<model>");
}

static void test_tcpip_sim(void **state)
{
	wbg_resource r;
	char buf[300];

	(void)state;
	assert_int_equal(wbg_resource_parse(&r, "TCPIP0::192.0.2.7::5025::SOCKET", NULL), WBG_OK);
	assert_int_equal(r.kind, WBG_RESOURCE_TCPIP);
	assert_string_equal(r.host, "192.0.2.7");
	assert_int_equal(r.port, 5025);
	assert_int_equal(wbg_resource_parse(&r, "TCPIP::[::1]::5025::SOCKET", NULL), WBG_OK);
	assert_string_equal(r.host, "::1");
	assert_int_equal(wbg_resource_format(buf, sizeof(buf), &r), WBG_OK);
	assert_string_equal(buf, "TCPIP0::[::1]::5025::SOCKET");
	assert_int_equal(wbg_resource_parse(&r, "SIM::2450::sic-mosfet", NULL), WBG_OK);
	assert_int_equal(r.kind, WBG_RESOURCE_SIM);
	assert_string_equal(r.model, "2450");
	assert_string_equal(r.dut, "sic-mosfet");
	assert_int_equal(wbg_resource_format(buf, sizeof(buf), &r), WBG_OK);
	assert_string_equal(buf, "SIM::2450::sic-mosfet");
	assert_int_equal(wbg_resource_parse(&r, "SIM::E4980A", NULL), WBG_OK);
	assert_string_equal(r.dut, "");
	/* Too small a buffer is an overflow, not a truncated string. */
	assert_int_equal(wbg_resource_format(buf, 8, &r), WBG_ERR_OVERFLOW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usb),
		cmocka_unit_test(test_bad_fields),
		cmocka_unit_test(test_tcpip_sim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
