/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Version of wbgkit and of the libraries it runs with (for provenance). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_version.h>
#include <libusb.h>
#include <libxml/parser.h>
#include <libxml/xmlversion.h>

#include "wbg/common.h"
#include "wbg/error.h"

const char *wbg_version(void)
{
	return PACKAGE_VERSION;
}

int wbg_version_details(char *buf, size_t len)
{
	const struct libusb_version *usb = libusb_get_version();
	int xml = atoi(xmlParserVersion); /* e.g. "20914" for 2.9.14 */
	int n;

	if (!buf || len == 0)
		return WBG_ERR_INVALID_ARG;
	/* Run-time versions where the library offers them, so that a record
	 * names what actually ran, not what we compiled against. */
	n = snprintf(buf, len, "wbgkit %s (libusb %u.%u.%u, GSL %s, libxml2 %d.%d.%d)",
	             PACKAGE_VERSION, usb->major, usb->minor, usb->micro, gsl_version, xml / 10000,
	             xml / 100 % 100, xml % 100);
	if (n < 0 || (size_t)n >= len)
		return WBG_ERR_OVERFLOW;
	return WBG_OK;
}
