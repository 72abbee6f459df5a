/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Error names and messages, generated from WBG_ERROR_LIST. */
#include "config.h"

#include "wbg/error.h"

int wbg_error_count(void)
{
	int n = 0;
#define WBG_X_COUNT(name, value, msg) n++;
	WBG_ERROR_LIST(WBG_X_COUNT)
#undef WBG_X_COUNT
	return n;
}

const char *wbg_error_name(int code)
{
	/* A switch over the enum without default: -Wswitch-enum flags a code
	 * added to the enum by hand instead of through the list. */
	switch ((wbg_error)code) {
#define WBG_X_NAME(name, value, msg)                                                               \
	case WBG_##name:                                                                               \
		return "WBG_" #name;
		WBG_ERROR_LIST(WBG_X_NAME)
#undef WBG_X_NAME
	}
	return "WBG_ERR_UNKNOWN";
}

const char *wbg_strerror(int code)
{
	switch ((wbg_error)code) {
#define WBG_X_MSG(name, value, msg)                                                                \
	case WBG_##name:                                                                               \
		return msg;
		WBG_ERROR_LIST(WBG_X_MSG)
#undef WBG_X_MSG
	}
	return "unknown error code";
}
